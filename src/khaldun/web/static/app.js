// The map page: incidents from the JSON API drawn with Leaflet (served by khaldun itself). No tiles are needed:
// without a tile URL the incidents are drawn on a blank background. Text goes into the DOM as text, never as HTML.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  var box = document.getElementById("map");
  if (!box || typeof L === "undefined") { return; }
  var map = L.map(box, { worldCopyJump: true, preferCanvas: false }).setView([20, 20], 2);
  var tiles = box.getAttribute("data-tiles");
  if (tiles) { L.tileLayer(tiles, { maxZoom: 18, attribution: "map tiles" }).addTo(map); }
  var params = new URLSearchParams(JSON.parse(box.getAttribute("data-api-query") || "{}"));
  params.set("limit", "1000");
  fetch("/api/map?" + params.toString(), { headers: { "Accept": "application/json" } })
    .then(function (r) { return r.json(); })
    .then(function (data) {
      var points = [];
      (data.features || []).forEach(function (f) {
        var i = f.properties;
        i.longitude = f.geometry.coordinates[0];
        i.latitude = f.geometry.coordinates[1];
        var radius = 5 + Math.min(20, Math.sqrt(i.killed || 0) * 2);
        var marker = L.circleMarker([i.latitude, i.longitude], {
          radius: radius, color: i.contested ? "#b44" : "#357", weight: 2, fillOpacity: 0.5, className: "incident-marker"
        }).addTo(map);
        var pop = document.createElement("div");
        var link = document.createElement("a");
        link.href = "/incidents/" + encodeURIComponent(f.id);
        link.textContent = (i.date || "undated") + " · " + i.type + (i.location ? " · " + i.location : "");
        pop.appendChild(link);
        var figures = document.createElement("div");
        figures.textContent = "killed " + (i.killed === undefined ? "—" : i.killed) +
          (i.killed_high !== undefined && i.killed_high !== i.killed ? "–" + i.killed_high : "") +
          (i.contested ? " (contested)" : "") + " · " + i.claims + " claim(s)";
        pop.appendChild(figures);
        if (i.actors && i.actors.length) {
          var actors = document.createElement("div");
          actors.textContent = i.actors[0] + (i.actors.length > 1 ? " → " + i.actors[1] : "");
          pop.appendChild(actors);
        }
        marker.bindPopup(pop);
        points.push([i.latitude, i.longitude]);
      });
      box.setAttribute("data-markers", String(points.length));
      if (points.length) { map.fitBounds(points, { padding: [30, 30], maxZoom: 11 }); }
    })
    .catch(function () { box.setAttribute("data-markers", "error"); });
});

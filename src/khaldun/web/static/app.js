// khaldun's pages: the map (Leaflet, Natural Earth outlines from world-atlas, marker clusters; all served by khaldun
// itself), the timeline's brush, and the reviewer's forms. Text goes into the DOM as text, never as HTML.
"use strict";

function el(tag, className, text) {
  var node = document.createElement(tag);
  if (className) { node.className = className; }
  if (text !== undefined && text !== null) { node.textContent = String(text); }
  return node;
}

function number(n) { return n === undefined || n === null ? "—" : Number(n).toLocaleString("en"); }

function slug(text) { return String(text || "").toLowerCase().replace(/[^a-z]+/g, "-"); }

// ---------------------------------------------------------------- the map
function drawBasemap(map, url) {
  if (!url || typeof topojson === "undefined") { return; }
  map.createPane("basemap");
  map.getPane("basemap").style.zIndex = 200;
  fetch(url).then(function (r) { return r.json(); }).then(function (topo) {
    var land = topojson.feature(topo, topo.objects.countries);
    var borders = topojson.mesh(topo, topo.objects.countries, function (a, b) { return a !== b; });
    var renderer = L.canvas({ pane: "basemap" });
    L.geoJSON(land, { pane: "basemap", renderer: renderer, interactive: false,
      style: { color: "#9aa5ad", weight: 0.6, fillColor: "#f3f1ea", fillOpacity: 1 } }).addTo(map);
    L.geoJSON(borders, { pane: "basemap", renderer: renderer, interactive: false,
      style: { color: "#7d8a94", weight: 0.8, fill: false } }).addTo(map);
    map.getContainer().setAttribute("data-basemap", "drawn");
  }).catch(function () { map.getContainer().setAttribute("data-basemap", "error"); });
}

function popup(id, i) {
  var box = el("div", "popup");
  var link = el("a", null, (i.type || "incident") + (i.location ? " · " + i.location : ""));
  link.href = "/incidents/" + encodeURIComponent(id);
  box.appendChild(link);
  box.appendChild(el("div", "muted", (i.date || "undated") + (i.country ? " · " + i.country : "")));
  if (i.actors && i.actors.length) {
    box.appendChild(el("div", null, i.actors[0] + (i.actors.length > 1 ? " → " + i.actors[1] : "")));
  }
  var low = i.killed_low !== undefined ? i.killed_low : i.killed;
  var range = low === undefined ? "no figure" : number(low) + (i.killed_high !== undefined && i.killed_high !== low ? "–" + number(i.killed_high) : "");
  box.appendChild(el("div", i.contested ? "flag" : null, "killed " + range + (i.contested ? " (contested)" : "")));
  if (i.claimants && i.claimants.length) {
    box.appendChild(el("div", "muted", "claims: " + i.claimants.join("; ") + (i.claims > i.claimants.length ? " …" : "")));
  }
  return box;
}

function drawMap() {
  var box = document.getElementById("map");
  if (!box || typeof L === "undefined") { return; }
  var map = L.map(box, { worldCopyJump: true, keyboard: true, minZoom: 1, maxZoom: 18 }).setView([20, 20], 2);
  var tiles = box.getAttribute("data-tiles");
  if (tiles) { L.tileLayer(tiles, { maxZoom: 18, attribution: "map tiles" }).addTo(map); }
  drawBasemap(map, box.getAttribute("data-basemap"));
  map.attributionControl.addAttribution("outlines: Natural Earth (world-atlas)");
  var group = typeof L.markerClusterGroup === "function"
    ? L.markerClusterGroup({ showCoverageOnHover: false, maxClusterRadius: 40 }) : L.layerGroup();
  var params = new URLSearchParams(JSON.parse(box.getAttribute("data-api-query") || "{}"));
  ["sort", "desc", "after"].forEach(function (k) { params.delete(k); });
  params.set("limit", "1000");
  fetch("/api/map?" + params.toString(), { headers: { "Accept": "application/json" } })
    .then(function (r) { return r.json(); })
    .then(function (data) {
      var points = [];
      (data.features || []).forEach(function (f) {
        var i = f.properties;
        var lat = f.geometry.coordinates[1], lon = f.geometry.coordinates[0];
        var size = Math.round(12 + Math.min(26, Math.sqrt(i.killed || 0) * 3));
        var label = (i.type || "incident") + ", " + (i.location || "") + ", " + (i.date || "undated") +
          (i.killed !== undefined ? ", " + number(i.killed) + " killed" : "") + (i.contested ? ", figures contested" : "");
        var icon = L.divIcon({ className: "inc-marker side-" + slug(i.side) + (i.contested ? " contested" : ""),
                               iconSize: [size, size], html: "" });
        var marker = L.marker([lat, lon], { icon: icon, keyboard: true, title: label, alt: label, riseOnHover: true });
        marker.bindPopup(popup(f.id, i));
        group.addLayer(marker);
        points.push([lat, lon]);
      });
      group.addTo(map);
      box.setAttribute("data-markers", String(points.length));
      if (points.length) { map.fitBounds(points, { padding: [30, 30], maxZoom: 11 }); }
    })
    .catch(function (err) { box.setAttribute("data-markers", "error"); if (window.console) { console.error(String(err)); } });
}

// ---------------------------------------------------------------- the timeline's brush
function brushTimeline() {
  var svg = document.getElementById("timeline");
  var form = document.getElementById("filters");
  if (!svg || !form) { return; }
  var first = new Date(svg.getAttribute("data-first") + "T00:00:00Z").getTime();
  var last = new Date(svg.getAttribute("data-last") + "T00:00:00Z").getTime();
  var width = Number(svg.getAttribute("data-width"));
  var brush = document.getElementById("brush");
  var start = null;
  function x(evt) {
    var box = svg.getBoundingClientRect();
    return Math.max(10, Math.min(width - 10, (evt.clientX - box.left) * width / box.width));
  }
  function day(px) {
    var t = first + (last - first) * (px - 10) / (width - 20);
    return new Date(t).toISOString().slice(0, 10);
  }
  svg.addEventListener("pointerdown", function (evt) {
    start = x(evt);
    brush.setAttribute("x", start); brush.setAttribute("width", 0);
    svg.setPointerCapture(evt.pointerId);
  });
  svg.addEventListener("pointermove", function (evt) {
    if (start === null) { return; }
    var now = x(evt);
    brush.setAttribute("x", Math.min(start, now)); brush.setAttribute("width", Math.abs(now - start));
  });
  svg.addEventListener("pointerup", function (evt) {
    if (start === null) { return; }
    var end = x(evt), a = Math.min(start, end), b = Math.max(start, end);
    start = null;
    if (b - a < 3) { return; }
    form.elements.since.value = day(a);
    form.elements.until.value = day(b);
    form.submit();
  });
}

// ---------------------------------------------------------------- review
function reviewer() {
  var name = document.getElementById("reviewer-name");
  var token = document.getElementById("reviewer-token");
  if (!name || !token) { return null; }
  return { name: name.value.trim(), token: token.value };
}

function say(text, bad) {
  var box = document.querySelector(".review-message");
  if (box) { box.textContent = text; box.className = "review-message" + (bad ? " flag" : ""); }
}

function post(url, body, after) {
  var who = reviewer();
  if (!who || !who.name || !who.token) { say("Give your name and the token first (Reviewer, above).", true); return; }
  sessionStorage.setItem("khaldun-reviewer", who.name);
  sessionStorage.setItem("khaldun-token", who.token);
  body.reviewer = who.name;
  fetch(url, { method: "POST", headers: { "Content-Type": "application/json", "Authorization": "Bearer " + who.token },
               body: JSON.stringify(body) })
    .then(function (r) {
      return r.json().then(function (data) { return { ok: r.ok, data: data }; });
    })
    .then(function (answer) {
      if (!answer.ok) {
        var detail = answer.data && answer.data.detail;
        say(typeof detail === "string" ? detail : (detail && detail[0] && detail[0].msg) || "refused", true);
        return;
      }
      after(answer.data);
    })
    .catch(function () { say("the server did not answer", true); });
}

function value(field, text) {
  if (field === "killed" || field === "wounded" || field === "missing") { return text === "" ? null : Number(text); }
  return text;
}

function reviewForms() {
  var name = document.getElementById("reviewer-name");
  var token = document.getElementById("reviewer-token");
  if (name && !name.value) { name.value = sessionStorage.getItem("khaldun-reviewer") || ""; }
  if (token && !token.value) { token.value = sessionStorage.getItem("khaldun-token") || ""; }
  document.querySelectorAll("form.record-review").forEach(function (form) {
    form.addEventListener("submit", function (evt) {
      evt.preventDefault();
      var body = { note: form.elements.note.value || null };
      var status = form.querySelector("input[name=status]:checked");
      if (status && status.value) { body.status = status.value; }
      var field = form.elements.field.value;
      if (field) { body.correct = {}; body.correct[field] = value(field, form.elements.value.value.trim()); }
      post(form.getAttribute("data-url"), body, function () { window.location.reload(); });
    });
  });
  document.querySelectorAll("form.merge").forEach(function (form) {
    form.addEventListener("submit", function (evt) {
      evt.preventDefault();
      post("/api/incidents/merge", { into: form.getAttribute("data-into"), other: form.elements.other.value.trim(),
                                     note: form.elements.note.value || null },
           function (merged) { window.location.href = "/incidents/" + encodeURIComponent(merged.incident_id); });
    });
  });
  document.querySelectorAll("form.split").forEach(function (form) {
    form.addEventListener("submit", function (evt) {
      evt.preventDefault();
      post("/api/incidents/" + encodeURIComponent(form.getAttribute("data-incident")) + "/split",
           { claim_id: form.getAttribute("data-claim"), note: null },
           function () { window.location.reload(); });
    });
  });
}

document.addEventListener("DOMContentLoaded", function () {
  drawMap();
  brushTimeline();
  reviewForms();
});

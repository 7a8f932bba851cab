"""Web app speed: p95 of a filtered incident list on a store of 100,000 claims, and the map page's weight.

    .venv/bin/python bench/web.py [--claims 100000] [--requests 300]

The store is filled with generated claims (articles of 5 claims, merged 2 or 3 to an incident, spread over
three years and a grid of places) written straight into the tables, then queried through the HTTP API in-process
with random filters (dates, type, area, bounding box, claimant, words), 100 incidents a page. The map page's
weight is its HTML, its stylesheet and scripts (Leaflet and its clusters included), the basemap and the map layer it
loads, as sent (gzip) and as read. The first page (list, facets, timeline) is timed too."""
from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from fastapi.testclient import TestClient  # noqa: E402
from sqlalchemy import insert  # noqa: E402

from khaldun.ledger import Ledger  # noqa: E402
from khaldun.ledger.store import articles, claims, incidents  # noqa: E402
from khaldun.web.app import WebSettings, create_app  # noqa: E402

TYPES = [("Explosions/Remote violence", "Air/drone strike"), ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
         ("Battles", "Armed clash"), ("Violence against civilians", "Attack"), ("Protests", "Peaceful protest")]
CLAIMANTS = ["Health ministry", "Army", "Civil defence", "Witnesses", None, "Local officials", "Rights group"]
AREAS = ["North", "South", "East", "West", "Centre"]


def fill(ledger: Ledger, n_claims: int, seed: int = 3) -> None:
    rnd = random.Random(seed)
    start = dt.date(2023, 1, 1)
    now = dt.datetime.now(dt.timezone.utc)
    n_articles = n_claims // 5
    with ledger.store.write() as conn:
        conn.execute(insert(articles), [dict(id=a + 1, source_id=f"gen-{a}", version_key=f"id:gen-{a}", version=1, current=True,
                                             content_hash=f"{a:064d}", url=None, outlet="Generated", title=f"Report {a}",
                                             published=start + dt.timedelta(days=a * 1100 // n_articles), origin="bench",
                                             text="x" * 400, ingested_at=now) for a in range(n_articles)])
        inc_rows, claim_rows, inc_id, claim_id = [], [], 0, 0
        for a in range(n_articles):
            day = start + dt.timedelta(days=a * 1100 // n_articles)
            for k in range(5):
                if k % 2 == 0 or claim_id == 0:
                    inc_id += 1
                    event_type, sub = rnd.choice(TYPES)
                    lat, lon = 31 + rnd.random() * 3, 34 + rnd.random() * 3
                    area = rnd.choice(AREAS)
                    killed = rnd.randint(0, 40)
                    inc_rows.append(dict(id=inc_id, anchor_date=day, family="violence", event_type=event_type, sub_event_type=sub,
                                         event_date=day, location=f"Town {rnd.randint(1, 500)}", admin1=area, country="PS",
                                         latitude=lat, longitude=lon, killed=killed, wounded=killed * 2, killed_low=killed,
                                         killed_best=killed, killed_high=killed + rnd.randint(0, 5), wounded_low=killed,
                                         wounded_best=killed, wounded_high=killed * 2, contested=rnd.random() < .2, rule="lowest",
                                         actors=json.dumps(["Army", "Armed group"]), claim_count=3, article_count=2, updated_at=now))
                claim_id += 1
                claim_rows.append(dict(id=claim_id, article_id=a + 1, seq=k, active=True, incident_id=inc_id, anchor_date=day,
                                       family="violence", evidence=f"Shelling hit the market in town {claim_id % 500}, killing {killed} people.",
                                       evidence_start=0, evidence_end=60, claimant=rnd.choice(CLAIMANTS), via="[]", verb="said",
                                       event_date=day, date_stated=True, time_precision=1, event_type=event_type,
                                       sub_event_type=sub, actor1="Army", actor2=None, location=None, admin1=area, country="PS",
                                       latitude=lat, longitude=lon, geo_precision=1, geonames_id=None, killed=killed, wounded=None,
                                       casualty_group=None, number_text=None, weapon=None, weapon_kind=None, hedged=False,
                                       terms="shelling market town"))
        for i in range(0, len(inc_rows), 5000):
            conn.execute(insert(incidents), inc_rows[i:i + 5000])
        for i in range(0, len(claim_rows), 5000):
            conn.execute(insert(claims), claim_rows[i:i + 5000])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--claims", type=int, default=100_000)
    ap.add_argument("--requests", type=int, default=300)
    a = ap.parse_args()
    db = Path(tempfile.mkdtemp(prefix="khaldun-web-")) / "web.db"
    ledger = Ledger(db)
    t0 = time.perf_counter()
    fill(ledger, a.claims)
    fill_s = time.perf_counter() - t0
    client = TestClient(create_app(WebSettings(db=str(db)), ledger=ledger))
    rnd = random.Random(11)
    timings = []
    for _ in range(a.requests):
        since = dt.date(2023, 1, 1) + dt.timedelta(days=rnd.randint(0, 1000))
        params = {"since": since.isoformat(), "until": (since + dt.timedelta(days=rnd.choice([7, 30, 90, 365]))).isoformat(),
                  "limit": 100}
        extra = rnd.choice(["type", "area", "bbox", "claimant", "q", None])
        if extra == "type":
            params["type"] = rnd.choice(TYPES)[1]
        elif extra == "area":
            params["area"] = rnd.choice(AREAS)
        elif extra == "bbox":
            params["bbox"] = "34.5,31.5,35.5,32.5"
        elif extra == "claimant":
            params["claimant"] = "ministry"
        elif extra == "q":
            params["q"] = "market"
        started = time.perf_counter()
        response = client.get("/api/incidents", params=params)
        timings.append(time.perf_counter() - started)
        assert response.status_code == 200, response.text
    timings.sort()
    pages = []
    for _ in range(6):  # the first page itself: list, facets and timeline, server time
        started = time.perf_counter()
        page = client.get("/")
        pages.append(time.perf_counter() - started)
    assets = re.findall(r'(?:href|src)="(/(?:static|vendor)/[^"]+)"', page.text)
    assets += re.findall(r'data-basemap="(/vendor/[^"]+)"', page.text)

    def wire(url: str) -> tuple[int, int]:  # bytes as sent (gzip, as browsers ask) and as read
        answer = client.get(url, headers={"Accept-Encoding": "gzip"})
        return answer.num_bytes_downloaded, len(answer.content)

    sizes = [wire("/")] + [wire(u) for u in assets]
    layer = wire("/api/map")  # the page's own request: its default of 1,000 points
    print(json.dumps({
        "claims": a.claims, "fill_s": round(fill_s, 1), "requests": len(timings),
        "p50_ms": round(statistics.median(timings) * 1000, 1), "p95_ms": round(timings[int(len(timings) * .95) - 1] * 1000, 1),
        "max_ms": round(timings[-1] * 1000, 1), "first_page_ms": round(statistics.median(pages[1:]) * 1000, 1),
        "map_page_kb_sent": round(sum(s for s, _ in sizes) / 1024, 1), "map_page_kb_read": round(sum(r for _, r in sizes) / 1024, 1),
        "map_layer_kb_sent": round(layer[0] / 1024, 1), "map_layer_kb_read": round(layer[1] / 1024, 1),
        "map_total_kb_sent": round((sum(s for s, _ in sizes) + layer[0]) / 1024, 1), "assets": assets,
    }))


if __name__ == "__main__":
    main()

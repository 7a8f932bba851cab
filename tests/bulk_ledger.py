"""A large ledger for the workbench's scale tests: N incidents (one claim each, five per article) written straight into
the store's tables, with sentences generated for these tests (no text from elsewhere)."""
from __future__ import annotations

import datetime as dt
import json
import random

from sqlalchemy import insert

from khaldun.ledger.store import Store, articles, claims, incidents
from khaldun.ledger.write import claim_key, incident_key

PLACES = (("Kharkiv", "Kharkivska", "UA", 49.99, 36.23, "Russian military", "Ukrainian military"),
          ("Khan Younis", "Gaza Strip", "PS", 31.34, 34.30, "Israeli military", "Hamas"),
          ("El Fasher", "North Darfur", "SD", 13.63, 25.35, "Rapid Support Forces", "Sudanese military"),
          ("Baidoa", "Bay", "SO", 3.11, 43.65, "al-Shabaab", "Somali military"),
          ("Myawaddy", "Kayin", "MM", 16.69, 98.51, "Myanmar military", "Karen National Union"))
TYPES = (("Explosions/Remote violence", "Air/drone strike", "explosions"),
         ("Explosions/Remote violence", "Shelling/artillery/missile attack", "explosions"),
         ("Battles", "Armed clash", "battles"),
         ("Violence against civilians", "Attack", "violence"))
CLAIMANTS = ("the health ministry", "the army", "a local official", None, "witnesses")


def fill(db: str, n: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    store = Store.open(db)
    now = dt.datetime.now(dt.timezone.utc)
    start = dt.date(2023, 1, 1)
    with store.write() as conn:
        article_rows, claim_rows, incident_rows = [], [], []
        for a in range(0, n, 5):
            day = start + dt.timedelta(days=rng.randrange(700))
            article_rows.append(dict(id=a // 5 + 1, source_id=f"bulk-{a // 5}", version_key=f"id:bulk-{a // 5}", version=1,
                                     current=True, content_hash=f"{a // 5:064x}", url=None, outlet="Bulk Wire",
                                     title=f"Bulk report {a // 5}", published=day, origin="bulk", text="x", ingested_at=now))
        for i in range(n):
            place, admin1, country, lat, lon, one, other = PLACES[i % len(PLACES)]
            event_type, sub, family = TYPES[rng.randrange(len(TYPES))]
            day = start + dt.timedelta(days=rng.randrange(700))
            killed = rng.choice((None, 0, 1, 2, 3, 5, 8, 12, 40))
            evidence = f"Report {i}: an attack near {place} killed {killed or 'no'} people."
            key = claim_key(f"id:bulk-{i // 5}", "text", evidence, 0)
            point = (lat + rng.uniform(-0.3, 0.3), lon + rng.uniform(-0.3, 0.3))
            incident_rows.append(dict(id=i + 1, anchor_date=day, family=family, event_type=event_type, sub_event_type=sub,
                                      event_date=day, location=place, admin1=admin1, country=country, latitude=point[0],
                                      longitude=point[1], killed=killed, wounded=None, killed_low=killed, killed_best=killed,
                                      killed_high=killed, wounded_low=None, wounded_best=None, wounded_high=None,
                                      contested=False, rule="lowest", actors=json.dumps([one, other]), claim_count=1,
                                      article_count=1, updated_at=now, key=incident_key([key])))
            claim_rows.append(dict(article_id=i // 5 + 1, seq=i % 5, active=True, incident_id=i + 1, anchor_date=day, family=family,
                                   evidence=evidence, evidence_start=0, evidence_end=len(evidence), evidence_in="text",
                                   rules="[]", counts="[]", claimant=CLAIMANTS[i % len(CLAIMANTS)], via="[]", verb="said",
                                   event_date=day, time_precision=1, event_type=event_type, sub_event_type=sub, actor1=one,
                                   actor2=other, date_stated=True, location=place, admin1=admin1, country=country,
                                   latitude=point[0], longitude=point[1], geo_precision=1, geonames_id=None, killed=killed,
                                   wounded=None, casualty_group=None, number_text=None, weapon=None, weapon_kind=None,
                                   hedged=False, terms="attack", key=key, review_status=None, reviewed=None, pin=None))
        conn.execute(insert(articles), article_rows)
        conn.execute(insert(incidents), incident_rows)
        conn.execute(insert(claims), claim_rows)
    store.close()

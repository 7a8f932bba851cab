"""Exports of incidents: ACLED-style CSV, GeoJSON (QGIS opens it), Parquet (DuckDB, pandas), JSON Lines."""
from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import IO, Any

from ..model import ClaimantFigures, Incident, incident_record
from ..resources.actors import ActorRegistry
from ..resources.countries import countries as _countries, country_display, country_name
from ..stages.frames import inter_code, inter_label


@lru_cache(maxsize=1)
def _registry() -> ActorRegistry:
    return ActorRegistry.load()  # the packaged registry, read on first export, not at import

FORMATS = ("acled-csv", "geojson", "parquet", "jsonl")

# ACLED's export columns, in ACLED's order (ACLED Codebook 2024), then the review status.
ACLED_COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction", "civilian_targeting",
    "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude", "longitude", "geo_precision",
    "source", "source_scale", "notes", "fatalities", "tags", "timestamp",
    "review_status",  # khaldun's own, after ACLED's: unreviewed, in review, verified, rejected, flagged
)
DISORDER = {
    "Battles": "Political violence", "Explosions/Remote violence": "Political violence",
    "Violence against civilians": "Political violence", "Riots": "Political violence; Demonstrations",
    "Protests": "Demonstrations", "Strategic developments": "Strategic developments",
}


def claim_line(claim) -> str:
    """One claim as a sentence of notes: who says what figures, through whom."""
    who = claim.claimant or (claim.outlet or "the outlet")
    via = f" (via {', '.join(claim.via)})" if claim.via else ""
    figures = []
    if claim.killed is not None:
        figures.append(f"{claim.killed} killed")
    if claim.wounded is not None:
        figures.append(f"{claim.wounded} wounded")
    return f"{who}{via}{' ' + claim.verb if claim.verb else ''}: {', '.join(figures) or 'no figure'}"


def notes(incident: Incident) -> str:
    where = f" in {incident.location}" if incident.location else ""
    when = f"On {incident.event_date.isoformat()}, " if incident.event_date else ""
    head = f"{when}{incident.sub_event_type.lower()}{where}."
    claims = "; ".join(dict.fromkeys(claim_line(c) for c in incident.claims))
    contested = " Figures disagree between sources." if incident.contested else ""
    return f"{head} Claims: {claims}.{contested}"


def sources(incident: Incident) -> str:
    names = [c.outlet or c.url or c.article_id for c in incident.claims]
    return "; ".join(dict.fromkeys(n for n in names if n))


def _categories(incident: Incident, registry: ActorRegistry) -> tuple[str, str, str]:
    """inter1, inter2 and interaction as ACLED's 2024 codebook writes them ("State forces", "State forces-Civilians",
    "Protesters only"), from the incident's actors by role (frames.inter_code); empty where an actor is unknown."""
    country = country_name(incident.country)
    codes = [inter_code(a, registry, country) for a in incident.actors[:2]] + [None, None]
    first, second = inter_label(codes[0]), inter_label(codes[1])
    if first and second:
        pair = f"{first}-{second}"
    elif first or second:
        pair = f"{first or second} only"
    else:
        pair = ""
    return first, second, pair


SIDES = ("state forces", "rebels", "militias", "civilians targeted", "other or unknown")


def actor_side(actors: Sequence[str], event_type: str | None, country: str | None) -> str:
    """What the map colours an incident by: civilians targeted (ACLED's violence against civilians), else the kind of
    its first actor (ACLED's inter code: state forces, at home or abroad; rebels; political or identity militias)."""
    if event_type == "Violence against civilians":
        return "civilians targeted"
    code = inter_code(actors[0], _registry(), country_name(country)) if actors else None
    return {1: "state forces", 8: "state forces", 2: "rebels", 3: "militias", 4: "militias"}.get(code or 0, "other or unknown")


def acled_row(incident: Incident, stamp: int, registry: ActorRegistry | None = None) -> dict[str, Any]:
    civilians = incident.event_type == "Violence against civilians"
    inter1, inter2, interaction = _categories(incident, registry or _registry())
    return {
        "event_id_cnty": f"KHN{incident.id.split('-')[-1]}",
        "event_date": incident.event_date.isoformat() if incident.event_date else "",
        "year": incident.event_date.year if incident.event_date else "",
        "time_precision": 1 if incident.event_date else 3,
        "disorder_type": DISORDER.get(incident.event_type, ""),
        "event_type": incident.event_type,
        "sub_event_type": incident.sub_event_type,
        "actor1": incident.actors[0] if incident.actors else "",
        "assoc_actor_1": "",
        "inter1": inter1,
        "actor2": incident.actors[1] if len(incident.actors) > 1 else "",
        "assoc_actor_2": "; ".join(incident.actors[2:]),
        "inter2": inter2,
        "interaction": interaction,
        "civilian_targeting": "Civilian targeting" if civilians else "",
        "iso": _countries().get((incident.country or "").upper(), {}).get("isonumeric", ""),
        "region": "",
        "country": country_display(incident.country) or "",
        "admin1": incident.admin1 or "",
        "admin2": "",
        "admin3": "",
        "location": incident.location or "",
        "latitude": incident.latitude if incident.latitude is not None else "",
        "longitude": incident.longitude if incident.longitude is not None else "",
        "geo_precision": 1 if incident.latitude is not None else "",
        "source": sources(incident),
        "source_scale": "",
        "notes": notes(incident),
        "fatalities": incident.killed or 0,
        "tags": "contested figures" if incident.contested else "",
        "timestamp": stamp,
        "review_status": incident.review_status,
    }


def write_acled_csv(incidents: Iterable[Incident], out: IO[str]) -> int:
    stamp = int(dt.datetime.now(dt.timezone.utc).timestamp())
    writer = csv.DictWriter(out, fieldnames=list(ACLED_COLUMNS))
    writer.writeheader()
    n = 0
    for incident in incidents:
        writer.writerow(acled_row(incident, stamp))
        n += 1
    return n


def geojson(incidents: Iterable[Incident]) -> dict[str, Any]:
    """A FeatureCollection; incidents without coordinates keep a null geometry (valid GeoJSON)."""
    features = []
    for i in incidents:
        geometry = ({"type": "Point", "coordinates": [i.longitude, i.latitude]}
                    if i.latitude is not None and i.longitude is not None else None)
        features.append({"type": "Feature", "id": i.id, "geometry": geometry, "properties": {
            "incident_id": i.id, "event_date": i.event_date.isoformat() if i.event_date else None,
            "event_type": i.event_type, "sub_event_type": i.sub_event_type, "location": i.location,
            "admin1": i.admin1, "country": i.country, "killed": i.killed, "wounded": i.wounded,
            "killed_low": i.killed_low, "killed_high": i.killed_high, "wounded_low": i.wounded_low,
            "wounded_high": i.wounded_high, "contested": i.contested, "figure_rule": i.rule,
            "review_status": i.review_status,
            "claims": len(i.claims), "articles": len(i.article_ids),
            # flat text, as GIS tools show properties: each claimant with its own figures
            "claimants": "; ".join(_claimant_text(g) for g in i.claimants),
            "killed_low_by": "; ".join(i.holders("killed", i.killed_low)),
            "killed_high_by": "; ".join(i.holders("killed", i.killed_high)),
            "disagreeing": "; ".join(i.disagreeing),
            "sources": sources(i), "notes": notes(i)}})
    return {"type": "FeatureCollection", "features": features}


def _claimant_text(group: ClaimantFigures) -> str:
    figures = [f"{v} {k}" for k, v in (("killed", group.killed), ("wounded", group.wounded)) if v is not None]
    return f"{group.source}: {', '.join(figures)}" if figures else group.source


def incident_frame(incidents: Sequence[Incident]):
    """One row per incident; ``claims`` as JSON text so that every reader (DuckDB, pandas, Spark) takes it."""
    import pandas as pd

    rows = []
    for i in incidents:
        rec = incident_record(i)
        rec["claims"] = json.dumps(rec["claims"], ensure_ascii=False)
        rec["claimants"] = json.dumps(rec["claimants"], ensure_ascii=False)
        rec["event_date"] = pd.Timestamp(i.event_date) if i.event_date else pd.NaT
        rows.append(rec)
    columns = list(rows[0]) if rows else ["kind", "incident_id", "article_ids", "event_date"]
    frame = pd.DataFrame(rows, columns=columns)
    for col in ("killed", "wounded", "killed_low", "killed_best", "killed_high", "wounded_low", "wounded_best", "wounded_high"):
        if col in frame:
            frame[col] = frame[col].astype("Int64")
    return frame


def export(incidents: Sequence[Incident], fmt: str, path: Path) -> int:
    """Write incidents to ``path`` in ``fmt`` (one of FORMATS); returns how many."""
    if fmt == "parquet":
        incident_frame(incidents).to_parquet(path, index=False)
    elif fmt == "geojson":
        path.write_text(json.dumps(geojson(incidents), ensure_ascii=False), encoding="utf-8")
    elif fmt == "acled-csv":
        with open(path, "w", encoding="utf-8", newline="") as out:
            write_acled_csv(incidents, out)
    elif fmt == "jsonl":
        with open(path, "w", encoding="utf-8") as out:
            for i in incidents:
                out.write(json.dumps(incident_record(i), ensure_ascii=False) + "\n")
    else:
        raise ValueError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")
    return len(incidents)

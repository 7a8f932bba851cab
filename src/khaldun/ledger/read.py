"""The ledger's read side: incidents, claims, articles, places and toll series as records, pages and data
frames."""
from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
from collections import Counter
import math
from dataclasses import asdict, dataclass, replace
from collections.abc import Collection
from typing import TYPE_CHECKING, Any

from sqlalchemy import and_, case, func, or_, select, tuple_
from sqlalchemy.engine import Connection

from . import merging
from .store import INCIDENT_PREFIX, Store, articles, claims, incidents, places, rejections, tolls
from ..resources.countries import country_code
from ..resources.event_types import matching
from ..model import (
    Incident,
    IncidentClaim,
    TollPoint,
    incident_record,
    incident_review_status,
)

if TYPE_CHECKING:
    import pandas as pd


# within a day, violence before the arrests, agreements and other developments that answer it
CHRONOLOGICAL = (incidents.c.anchor_date, case((incidents.c.event_type == "Strategic developments", 1), else_=0), incidents.c.id)


@dataclass(frozen=True)
class Near:
    """A point and a radius: ``--near "31.52,34.45,10"`` (latitude, longitude, km)."""

    latitude: float
    longitude: float
    km: float

    @classmethod
    def parse(cls, value: str) -> "Near":
        parts = [p.strip() for p in value.split(",")]
        if len(parts) != 3:
            raise ValueError(f"--near wants LAT,LON,KM, not {value!r}")
        lat, lon, km = (float(p) for p in parts)
        if not (-90 <= lat <= 90 and -180 <= lon <= 180 and km > 0):
            raise ValueError(f"--near {value!r} is out of range")
        return cls(lat, lon, km)


class BBox:
    """``--bbox W,S,E,N`` (degrees)."""

    @staticmethod
    def parse(value: str) -> tuple[float, float, float, float]:
        parts = [p.strip() for p in value.split(",")]
        if len(parts) != 4:
            raise ValueError(f"bbox wants WEST,SOUTH,EAST,NORTH, not {value!r}")
        west, south, east, north = (float(p) for p in parts)
        if not (-180 <= west <= east <= 180 and -90 <= south <= north <= 90):
            raise ValueError(f"bbox {value!r} is out of range or inverted")
        return west, south, east, north


def _incident_number(incident_id: str | int) -> int | None:
    text = str(incident_id)
    text = text[len(INCIDENT_PREFIX):] if text.startswith(INCIDENT_PREFIX) else text
    # ASCII digits only: str.isdigit() also takes '¹' and '٣', which int() then refuses or reads as another number
    return int(text) if text.isascii() and text.isdigit() and len(text) < 18 else None


def _public_id(key: str | None, row_id: int | None) -> str | None:
    """An incident's public id: its key, or "inc-" and its row for one stored before keys (0007) were filled."""
    if row_id is None:
        return None
    return key or f"{INCIDENT_PREFIX}{row_id}"


def claim_query() -> Any:
    """Claims with their article's id, URL and outlet and their incident's key (any claim: callers narrow it)."""
    return (select(claims, articles.c.source_id, articles.c.url, articles.c.outlet, incidents.c.key.label("incident_key"))
            .join(articles, articles.c.id == claims.c.article_id)
            .outerjoin(incidents, incidents.c.id == claims.c.incident_id))


def _type_clause(event_type: Any, sub_event_type: Any, wanted: str) -> Any:
    """A type filter: ACLED's event type or sub-event type as written (any case), or plain words that name sub-event
    types ("shelling", "drone strike"; ``data/event_types.tsv``)."""
    subs = matching(wanted)
    exact = or_(func.lower(event_type) == wanted.lower(), func.lower(sub_event_type) == wanted.lower())
    return or_(exact, sub_event_type.in_(subs)) if subs else exact


REVIEW_STATUSES = ("unreviewed", "in review", "verified", "rejected", "flagged")


def _review_clause(status: str) -> Any:
    """Incidents whose review status (``model.incident_review_status`` over their claims) is ``status``."""
    member = claims.alias("member")  # an alias, so that a query over claims does not correlate it away

    def some(*condition: Any) -> Any:
        return select(member.c.id).where(member.c.incident_id == incidents.c.id, member.c.active, *condition).exists()

    status_ = member.c.review_status
    flagged = some(status_ == "flagged")
    reviewed = some(status_.is_not(None))
    open_ = some(or_(status_.is_(None), status_.not_in(("verified", "corrected", "rejected"))))
    kept = some(status_.in_(("verified", "corrected")))
    not_rejected = some(or_(status_.is_(None), status_ != "rejected"))
    clauses = {"flagged": flagged, "unreviewed": ~reviewed,
               "rejected": and_(reviewed, ~not_rejected),
               "verified": and_(~flagged, ~open_, kept),
               "in review": and_(~flagged, reviewed, or_(open_, ~kept), not_rejected)}
    if status not in clauses:
        raise ValueError(f"a review status is one of {', '.join(REVIEW_STATUSES)}, not {status[:40]!r}")
    return clauses[status]


def _claim_record(r: Any) -> dict[str, Any]:
    return {
        "claim_id": r.id, "claim_key": r.key, "review_status": r.review_status or "unreviewed",
        "reviewed": json.loads(r.reviewed) if r.reviewed else {}, "article_id": r.source_id, "incident_id": _public_id(r.incident_key, r.incident_id),
        "evidence": r.evidence, "evidence_start": r.evidence_start, "evidence_end": r.evidence_end,
        "evidence_in": r.evidence_in, "claimant": r.claimant, "via": json.loads(r.via), "verb": r.verb,
        "event_date": r.event_date.isoformat() if r.event_date else None, "event_type": r.event_type,
        "sub_event_type": r.sub_event_type, "actor1": r.actor1, "actor2": r.actor2, "location": r.location,
        "admin1": r.admin1, "country": r.country, "latitude": r.latitude, "longitude": r.longitude,
        "geo_precision": r.geo_precision, "killed": r.killed, "wounded": r.wounded, "casualty_group": r.casualty_group,
        "number_text": r.number_text, "weapon": r.weapon, "url": r.url, "outlet": r.outlet,
        "rules": json.loads(r.rules),
    }


def _as_date(value: str | dt.date | None) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(value)


def _incident(row: Any, members: list[Any]) -> Incident:
    return Incident(
        id=row.key or f"{INCIDENT_PREFIX}{row.id}", event_type=row.event_type, sub_event_type=row.sub_event_type,
        event_date=row.event_date, location=row.location, admin1=row.admin1, country=row.country,
        latitude=row.latitude, longitude=row.longitude, killed=row.killed, wounded=row.wounded,
        killed_low=row.killed_low, killed_best=row.killed_best, killed_high=row.killed_high,
        wounded_low=row.wounded_low, wounded_best=row.wounded_best, wounded_high=row.wounded_high,
        contested=bool(row.contested), rule=row.rule, actors=tuple(json.loads(row.actors)),
        # the articles that tell it (one that only recalls it as background does not)
        article_ids=tuple(dict.fromkeys(m.source_id for m in members if not m.background)),
        claims=tuple(IncidentClaim(
            claim_id=m.id, article_id=m.source_id, claimant=m.claimant, verb=m.verb, via=tuple(json.loads(m.via)),
            sub_event_type=m.sub_event_type, event_date=m.event_date, location=m.location, killed=m.killed,
            wounded=m.wounded, number_text=m.number_text, evidence=m.evidence, evidence_start=m.evidence_start,
            evidence_end=m.evidence_end, url=m.url, outlet=m.outlet, evidence_in=m.evidence_in,
            rules=tuple(json.loads(m.rules or "[]")), actor1=m.actor1, actor2=m.actor2, published=m.published,
            claim_key=m.key, review_status=m.review_status, background=bool(m.background),
            counter_account=merging.counter_account(m.evidence)) for m in members),
    )


def _flag_series(claimant: str | None, scope: str, readings: list[Any]) -> list[TollPoint]:
    """Flag a reading lower than the one before (decrease) and a rise per day far above the series' usual
    pace (jump: over 3 times the median daily rise, and over a tenth of the previous total)."""
    rates = []
    for prev, cur in zip(readings, readings[1:]):
        if prev.killed is not None and cur.killed is not None and prev.as_of and cur.as_of:
            days = max(1, (cur.as_of - prev.as_of).days)
            rates.append(max(0, cur.killed - prev.killed) / days)
    usual = sorted(rates)[len(rates) // 2] if rates else 0.0
    points, prev = [], None
    for r in readings:
        decrease = jump = False
        if prev is not None and prev.killed is not None and r.killed is not None:
            decrease = r.killed < prev.killed
            days = max(1, (r.as_of - prev.as_of).days) if r.as_of and prev.as_of else 1
            rise = (r.killed - prev.killed) / days
            jump = len(rates) >= 2 and rise > 3 * max(usual, 1.0) and (r.killed - prev.killed) > 0.1 * max(prev.killed, 1)
        points.append(TollPoint(claimant=claimant, scope=scope, as_of=r.as_of, killed=r.killed, wounded=r.wounded,
                                missing=r.missing, article_id=r.source_id, evidence=r.evidence,
                                decrease=decrease, jump=jump, toll_key=r.key, review_status=r.review_status))
        if r.killed is not None:
            prev = r
    return points


# the columns a list of incidents sorts by (nulls as the lowest value, so that keyset paging compares them)
SORTS = {
    "date": incidents.c.anchor_date,
    "killed": func.coalesce(incidents.c.killed, -1),
    "killed_high": func.coalesce(incidents.c.killed_high, -1),
    "wounded": func.coalesce(incidents.c.wounded, -1),
    "type": incidents.c.sub_event_type,
    "location": func.coalesce(incidents.c.location, ""),
    "country": func.coalesce(incidents.c.country, ""),
    "admin1": func.coalesce(incidents.c.admin1, ""),
    "claims": incidents.c.claim_count,
}
FACETS = ("event_type", "sub_event_type", "country", "admin1", "actor", "claimant", "contested", "review_status")


@dataclass(frozen=True)
class IncidentPage:
    """One page of a sorted list of incidents: its incidents, how many match in all, and the cursor of the next page
    (keyset paging: the last row's sort value and id, so a page costs the same at any depth)."""

    items: tuple[Incident, ...]
    total: int
    next: str | None


@dataclass(frozen=True)
class FacetCount:
    """One value of a facet and how many incidents of the view have it."""

    value: Any
    count: int


def _cursor(value: Any, row_id: int) -> str:
    raw = json.dumps([value.isoformat() if isinstance(value, dt.date) else value, row_id])
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def _uncursor(cursor: str, sort: str) -> tuple[Any, int]:
    try:
        value, row_id = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        if sort == "date":
            value = dt.date.fromisoformat(value)
        if not isinstance(row_id, int) or isinstance(value, (list, dict)):
            raise ValueError
    except (ValueError, TypeError, binascii.Error):
        raise ValueError(f"the page cursor {cursor[:40]!r} is not one this server gave") from None
    return value, row_id


class LedgerReads:
    """Queries over ``self.store``."""

    store: Store

    def _incident_filters(self, since=None, until=None, type=None, actor=None, near=None, claimant=None, area=None,
                          bbox=None, q=None, contested=None, country=None, admin1=None,
                          review_status=None) -> tuple[list[Any], "Near | None"]:
        where: list[Any] = []
        since_d, until_d = _as_date(since), _as_date(until)
        if since_d:
            where.append(incidents.c.anchor_date >= since_d)
        if until_d:
            where.append(incidents.c.anchor_date <= until_d)
        if type:
            where.append(_type_clause(incidents.c.event_type, incidents.c.sub_event_type, type))
        if review_status:
            where.append(_review_clause(review_status))
        if country:
            where.append(func.lower(incidents.c.country) == (country_code(country) or country).lower())
        if admin1:
            where.append(func.lower(incidents.c.admin1) == admin1.lower())
        if actor:
            where.append(func.lower(incidents.c.actors).contains(actor.lower(), autoescape=True))
        if area:
            like = area.lower()
            where.append(or_(func.lower(incidents.c.admin1).contains(like, autoescape=True),
                             func.lower(incidents.c.location).contains(like, autoescape=True),
                             func.lower(incidents.c.country) == like))
        if contested is not None:
            where.append(incidents.c.contested == bool(contested))
        if claimant or q:
            # EXISTS per incident (through the claims' incident index): the other filters narrow the incidents
            # first, so a word search costs the claims of the incidents in range, not every claim stored
            # an alias: a facet that itself selects from claims would otherwise correlate this subquery away
            said = claims.alias("said")
            sub = select(said.c.id).where(said.c.incident_id == incidents.c.id, said.c.active)
            if claimant:
                sub = sub.where(func.lower(said.c.claimant).contains(claimant.lower(), autoescape=True))
            if q:
                sub = sub.where(func.lower(said.c.evidence).contains(q.lower(), autoescape=True))
            where.append(sub.exists())
        if bbox:
            west, south, east, north = BBox.parse(bbox) if isinstance(bbox, str) else bbox
            where.append(incidents.c.latitude.between(south, north))
            where.append(incidents.c.longitude.between(west, east))
        if isinstance(near, str):
            near = Near.parse(near)
        if near:
            dlat = near.km / 111.0
            dlon = near.km / max(1.0, 111.0 * math.cos(math.radians(near.latitude)))
            where.append(incidents.c.latitude.between(near.latitude - dlat, near.latitude + dlat))
            where.append(incidents.c.longitude.between(near.longitude - dlon, near.longitude + dlon))
        return where, near

    def count_incidents(self, **filters: Any) -> int:
        where, near = self._incident_filters(**filters)
        with self.store.read() as conn:
            if near:
                rows = conn.execute(select(incidents.c.latitude, incidents.c.longitude).where(*where)).all()
                return sum(merging.km_between(near.latitude, near.longitude, r.latitude, r.longitude) <= near.km for r in rows)
            return conn.execute(select(func.count()).select_from(incidents).where(*where)).scalar_one()

    def incident_list(self, since: str | dt.date | None = None, until: str | dt.date | None = None,
                      type: str | None = None, actor: str | None = None, near: "Near | str | None" = None,
                      limit: int | None = None, offset: int = 0, **more: Any) -> list[Incident]:
        """Incidents, oldest first, each with its claims side by side. Filters: since, until, type (ACLED type or
        sub-type), actor, near (LAT,LON,KM), claimant, area (admin1, location or country code), bbox (W,S,E,N),
        q (words in a claim's evidence), contested; ``limit``/``offset`` page through them."""
        where, near = self._incident_filters(since=since, until=until, type=type, actor=actor, near=near, **more)
        query = select(incidents).where(*where).order_by(*CHRONOLOGICAL)
        if limit is not None and not near:
            query = query.limit(limit).offset(offset)
        with self.store.read() as conn:
            rows = conn.execute(query).all()
            if near:
                rows = [r for r in rows if merging.km_between(near.latitude, near.longitude, r.latitude, r.longitude) <= near.km]
                rows = rows[offset:offset + limit] if limit is not None else rows
            return [_incident(r, m) for r, m in zip(rows, self._members(conn, [r.id for r in rows]))]

    def incident_page(self, sort: str = "date", descending: bool = False, after: str | None = None, limit: int = 100,
                      **filters: Any) -> IncidentPage:
        """A page of incidents sorted by ``sort`` (``SORTS``), then by row: ``after`` is the cursor the previous page
        gave (``IncidentPage.next``). The filters are ``incident_list``'s."""
        if sort not in SORTS:
            raise ValueError(f"sort by one of {', '.join(SORTS)}, not {sort[:40]!r}")
        key = SORTS[sort]
        where, near = self._incident_filters(**filters)
        if near:  # a radius is checked row by row: sort and page in Python over the rectangle's rows
            found = [i for i in self.incident_list(near=near, **filters) if i]
            return IncidentPage(tuple(found[:limit]), len(found), None)
        total = self.count_incidents(**filters)
        query = select(incidents, key.label("sort_value")).where(*where)
        if after:
            value, row_id = _uncursor(after, sort)
            query = query.where(tuple_(key, incidents.c.id) < tuple_(value, row_id) if descending
                                else tuple_(key, incidents.c.id) > tuple_(value, row_id))
        order = (key.desc(), incidents.c.id.desc()) if descending else (key, incidents.c.id)
        with self.store.read() as conn:
            rows = conn.execute(query.order_by(*order).limit(limit + 1)).all()
            more = len(rows) > limit
            rows = rows[:limit]
            items = tuple(_incident(r, m) for r, m in zip(rows, self._members(conn, [r.id for r in rows])))
        return IncidentPage(items, total, _cursor(rows[-1].sort_value, rows[-1].id) if more and rows else None)

    def facets(self, field: str, limit: int = 50, **filters: Any) -> list[FacetCount]:
        """How many of the view's incidents have each value of ``field`` (``FACETS``), the commonest first. An actor
        counts once per incident that names it; a claimant once per incident it speaks in (None: the outlets
        themselves); the review status is the incident's."""
        if field not in FACETS:
            raise ValueError(f"a facet is one of {', '.join(FACETS)}, not {field[:40]!r}")
        where, _near = self._incident_filters(**filters)  # a radius counts its rectangle
        counts: Counter = Counter()
        with self.store.read() as conn:
            if field in ("event_type", "sub_event_type", "country", "admin1", "contested"):
                column = incidents.c[field]
                for value, n in conn.execute(select(column, func.count()).where(*where).group_by(column)):
                    counts[bool(value) if field == "contested" else value] += n
            elif field == "actor":  # grouped by the whole list first: many incidents share one
                for actors, n in conn.execute(select(incidents.c.actors, func.count()).where(*where).group_by(incidents.c.actors)):
                    for name in set(json.loads(actors or "[]")):
                        counts[name] += n
            elif field == "claimant":
                query = (select(claims.c.claimant, func.count(func.distinct(claims.c.incident_id)))
                         .join(incidents, incidents.c.id == claims.c.incident_id).where(claims.c.active, *where)
                         .group_by(claims.c.claimant))
                counts.update(dict(conn.execute(query).all()))
            else:  # only the incidents with a reviewed claim are read claim by claim; the others are unreviewed
                reviewed = (select(claims.c.incident_id).join(incidents, incidents.c.id == claims.c.incident_id)
                            .where(claims.c.active, claims.c.review_status.is_not(None), *where).distinct())
                statuses: dict[int, list[str | None]] = {}
                for incident_id, status in conn.execute(select(claims.c.incident_id, claims.c.review_status).where(
                        claims.c.active, claims.c.incident_id.in_(reviewed.scalar_subquery()))):
                    statuses.setdefault(incident_id, []).append(status)
                counts.update(incident_review_status(v) for v in statuses.values())
                total = conn.execute(select(func.count()).select_from(incidents).where(*where)).scalar_one()
                if total > len(statuses):
                    counts["unreviewed"] += total - len(statuses)
        ranked = sorted(counts.items(), key=lambda kv: (-kv[1], str(kv[0])))
        return [FacetCount(value, n) for value, n in ranked[:limit]]

    def incident_points(self, limit: int = 2000, placed_only: bool = True, with_claimants: bool = False,
                        **filters: Any) -> list[dict[str, Any]]:
        """Incidents as small dicts (id, date, type, place, point, figures), for maps and timelines."""
        where, near = self._incident_filters(**filters)
        if placed_only:
            where.append(incidents.c.latitude.is_not(None))
        cols = (incidents.c.id, incidents.c.key, incidents.c.event_date, incidents.c.event_type, incidents.c.sub_event_type,
                incidents.c.location, incidents.c.country, incidents.c.latitude, incidents.c.longitude, incidents.c.killed,
                incidents.c.killed_low, incidents.c.killed_high, incidents.c.wounded, incidents.c.contested,
                incidents.c.claim_count, incidents.c.actors)
        with self.store.read() as conn:
            rows = conn.execute(select(*cols).where(*where).order_by(*CHRONOLOGICAL).limit(limit)).all()
            if near:
                rows = [r for r in rows if r.latitude is not None and merging.km_between(near.latitude, near.longitude, r.latitude, r.longitude) <= near.km]
            speakers: dict[int, list[str]] = {}
            if with_claimants:
                ids = [r.id for r in rows]
                for start in range(0, len(ids), 500):
                    for incident_id, claimant in conn.execute(
                            select(claims.c.incident_id, claims.c.claimant).where(claims.c.incident_id.in_(ids[start:start + 500]),
                                                                                   claims.c.active).order_by(claims.c.id)):
                        names = speakers.setdefault(incident_id, [])
                        if (claimant or "the outlet") not in names:
                            names.append(claimant or "the outlet")
        return [{"id": _public_id(r.key, r.id), "date": r.event_date.isoformat() if r.event_date else None,
                 "event_type": r.event_type, "type": r.sub_event_type, "location": r.location, "country": r.country,
                 "latitude": r.latitude, "longitude": r.longitude,
                 "killed": r.killed, "killed_low": r.killed_low, "killed_high": r.killed_high, "wounded": r.wounded,
                 "contested": bool(r.contested), "claims": r.claim_count, "actors": json.loads(r.actors or "[]")[:2],
                 "claimants": speakers.get(r.id, [])[:4]} for r in rows]

    def day_counts(self, **filters: Any) -> list[tuple[dt.date, int]]:
        """How many of the view's incidents each dated day has, oldest first (the timeline)."""
        where, _near = self._incident_filters(**filters)
        query = (select(incidents.c.event_date, func.count()).where(incidents.c.event_date.is_not(None), *where)
                 .group_by(incidents.c.event_date).order_by(incidents.c.event_date))
        with self.store.read() as conn:
            return [(d, n) for d, n in conn.execute(query)]

    def incident(self, incident_id: str | int) -> Incident | None:
        """One incident by its public id (its key; "inc-" and a row number for one stored before keys)."""
        number = _incident_number(incident_id)
        with self.store.read() as conn:
            row = conn.execute(select(incidents).where(incidents.c.key == str(incident_id))).first()
            if row is None and number is not None:
                row = conn.execute(select(incidents).where(incidents.c.id == number, incidents.c.key.is_(None))).first()
            return _incident(row, self._members(conn, [row.id])[0]) if row else None

    def _members(self, conn: Connection, ids: list[int]) -> list[list[Any]]:
        members: dict[int, list[Any]] = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            for c in conn.execute(select(claims, articles.c.source_id, articles.c.url, articles.c.outlet, articles.c.published)
                                  .join(articles, articles.c.id == claims.c.article_id)
                                  .where(claims.c.incident_id.in_(chunk), claims.c.active)
                                  .order_by(claims.c.article_id, claims.c.seq)):
                members.setdefault(c.incident_id, []).append(c)
        return [members.get(i, []) for i in ids]

    def claim_records(self, since=None, until=None, type=None, claimant=None, q=None, article=None, actor=None,
                      area=None, bbox=None, limit: int | None = 100, offset: int = 0) -> list[dict[str, Any]]:
        """Current event claims as FORMAT.md-like records with their article and incident."""
        query = claim_query().where(claims.c.active)
        if _as_date(since):
            query = query.where(claims.c.anchor_date >= _as_date(since))
        if _as_date(until):
            query = query.where(claims.c.anchor_date <= _as_date(until))
        if type:
            query = query.where(_type_clause(claims.c.event_type, claims.c.sub_event_type, type))
        if claimant:
            query = query.where(func.lower(claims.c.claimant).contains(claimant.lower(), autoescape=True))
        if q:
            query = query.where(func.lower(claims.c.evidence).contains(q.lower(), autoescape=True))
        if article:
            query = query.where(articles.c.source_id == article)
        if actor:
            query = query.where(or_(func.lower(claims.c.actor1).contains(actor.lower(), autoescape=True),
                                    func.lower(claims.c.actor2).contains(actor.lower(), autoescape=True)))
        if area:
            query = query.where(or_(func.lower(claims.c.admin1).contains(area.lower(), autoescape=True),
                                    func.lower(claims.c.location).contains(area.lower(), autoescape=True),
                                    func.lower(claims.c.country) == area.lower()))
        if bbox:
            west, south, east, north = BBox.parse(bbox) if isinstance(bbox, str) else bbox
            query = query.where(claims.c.latitude.between(south, north), claims.c.longitude.between(west, east))
        query = query.order_by(claims.c.anchor_date, claims.c.id)
        if limit is not None:
            query = query.limit(limit).offset(offset)
        with self.store.read() as conn:
            return [_claim_record(r) for r in conn.execute(query)]

    def article_records(self, q: str | None = None, limit: int | None = 100, offset: int = 0,
                        ids: "Collection[str] | None" = None) -> list[dict[str, Any]]:
        """Current articles (without their text), newest first; ``q`` searches titles and text; ``ids`` names them."""
        query = select(articles.c.source_id, articles.c.url, articles.c.outlet, articles.c.title, articles.c.published,
                       articles.c.version).where(articles.c.current)
        if ids is not None:
            query = query.where(articles.c.source_id.in_(sorted(ids)[:5000]))
        if q:
            query = query.where(or_(func.lower(articles.c.title).contains(q.lower(), autoescape=True),
                                    func.lower(articles.c.text).contains(q.lower(), autoescape=True)))
        query = query.order_by(articles.c.published.desc(), articles.c.id.desc())
        if limit is not None:
            query = query.limit(limit).offset(offset)
        with self.store.read() as conn:
            return [{"article_id": r.source_id, "url": r.url, "outlet": r.outlet, "title": r.title,
                     "published": r.published.isoformat() if r.published else None, "version": r.version} for r in conn.execute(query)]

    def article(self, article_id: str) -> dict[str, Any] | None:
        """One current article with its text and every stored span on it (claims, tolls, places)."""
        with self.store.read() as conn:
            row = conn.execute(select(articles).where(articles.c.source_id == article_id, articles.c.current)).first()
            if row is None:
                return None
            spans = [{"kind": "event", "start": r.evidence_start, "end": r.evidence_end, "label": r.sub_event_type,
                      "claimant": r.claimant, "incident_id": _public_id(r.incident_key, r.incident_id),
                      "in": r.evidence_in, "rules": json.loads(r.rules or "[]")}
                     for r in conn.execute(select(claims, incidents.c.key.label("incident_key"))
                                           .outerjoin(incidents, incidents.c.id == claims.c.incident_id)
                                           .where(claims.c.article_id == row.id).order_by(claims.c.seq))]
            spans += [{"kind": "toll", "start": r.evidence_start, "end": r.evidence_end, "label": "toll", "claimant": r.claimant,
                       "incident_id": None, "in": r.evidence_in, "rules": json.loads(r.rules or "[]")}
                      for r in conn.execute(select(tolls).where(tolls.c.article_id == row.id))]
            spans += [{"kind": "place", "start": r.start, "end": r.end, "label": r.name, "feature": r.feature, "claimant": None, "incident_id": None,
                       "in": "text", "rules": json.loads(r.rules or "[]")}
                      for r in conn.execute(select(places).where(places.c.article_id == row.id))]
        return {"article_id": row.source_id, "url": row.url, "outlet": row.outlet, "title": row.title,
                "published": row.published.isoformat() if row.published else None, "version": row.version,
                "text": row.text, "spans": sorted(spans, key=lambda s: (s["start"], -s["end"]))}

    def place_records(self, q: str | None = None, bbox: "str | tuple | None" = None, limit: int | None = 100,
                      offset: int = 0) -> list[dict[str, Any]]:
        query = (select(places, articles.c.source_id).join(articles, articles.c.id == places.c.article_id)
                 .where(articles.c.current))
        if q:
            query = query.where(or_(func.lower(places.c.name).contains(q.lower(), autoescape=True),
                                    func.lower(places.c.text).contains(q.lower(), autoescape=True)))
        if bbox:
            west, south, east, north = BBox.parse(bbox) if isinstance(bbox, str) else bbox
            query = query.where(places.c.latitude.between(south, north), places.c.longitude.between(west, east))
        query = query.order_by(places.c.id)
        if limit is not None:
            query = query.limit(limit).offset(offset)
        with self.store.read() as conn:
            return [{"article_id": r.source_id, "text": r.text, "start": r.start, "end": r.end, "name": r.name,
                     "feature": r.feature, "latitude": r.latitude, "longitude": r.longitude, "geonames_id": r.geonames_id,
                     "country": r.country, "admin1": r.admin1, "rules": json.loads(r.rules or "[]")} for r in conn.execute(query)]

    def incident_records(self, **filters: Any) -> list[dict[str, Any]]:
        return [incident_record(i) for i in self.incident_list(**filters)]

    def incidents(self, **filters: Any) -> "pd.DataFrame":
        """Incidents as a DataFrame, one row each (``claims`` holds the list of claim dicts)."""
        import pandas as pd

        return pd.DataFrame(self.incident_records(**filters))

    def claims(self, since: str | dt.date | None = None, until: str | dt.date | None = None) -> "pd.DataFrame":
        """Every current event claim with its article and incident."""
        import pandas as pd

        query = (select(claims, articles.c.source_id.label("article"), articles.c.url, articles.c.outlet,
                        incidents.c.key.label("incident_key"))
                 .join(articles, articles.c.id == claims.c.article_id)
                 .outerjoin(incidents, incidents.c.id == claims.c.incident_id).where(claims.c.active)
                 .order_by(claims.c.anchor_date, claims.c.id))
        if _as_date(since):
            query = query.where(claims.c.anchor_date >= _as_date(since))
        if _as_date(until):
            query = query.where(claims.c.anchor_date <= _as_date(until))
        with self.store.read() as conn:
            frame = pd.DataFrame([r._asdict() for r in conn.execute(query)])
        if not frame.empty:
            frame["incident_id"] = [_public_id(k if isinstance(k, str) else None, int(i) if i == i and i is not None else None)
                                    for k, i in zip(frame["incident_key"], frame["incident_id"])]
            frame = frame.drop(columns=["incident_key"])
            frame["via"] = frame["via"].map(json.loads)
            frame = frame.drop(columns=["article_id", "terms", "active", "anchor_date", "family"]).rename(columns={"article": "article_id", "id": "claim_id"})
        return frame

    def toll_series(self) -> list[TollPoint]:
        """Every current toll reading, per claimant and scope, ordered by as_of, with decreases and jumps flagged."""
        query = (select(tolls, articles.c.source_id).join(articles, articles.c.id == tolls.c.article_id)
                 .where(tolls.c.active).order_by(tolls.c.claimant, tolls.c.scope, tolls.c.as_of, tolls.c.id))
        with self.store.read() as conn:
            rows = conn.execute(query).all()
        series: dict[tuple[str | None, str], list[Any]] = {}
        for r in rows:
            series.setdefault((r.claimant, r.scope), []).append(r)
        points = []
        for (claimant, scope), readings in sorted(series.items(), key=lambda kv: (kv[0][0] or "", kv[0][1])):
            # a reading a reviewer rejected stays listed, unflagged, and no other reading is measured against it
            kept = _flag_series(claimant, scope, [r for r in readings if r.review_status != "rejected"])
            dropped = _flag_series(claimant, scope, [r for r in readings if r.review_status == "rejected"])
            points.extend(sorted(kept + [replace(p, decrease=False, jump=False) for p in dropped],
                                 key=lambda p: (p.as_of or dt.date.min, p.review_status == "rejected")))
        return points

    def tolls(self) -> "pd.DataFrame":
        import pandas as pd

        return pd.DataFrame([asdict(p) for p in self.toll_series()])

    def rejections(self) -> "pd.DataFrame":
        import pandas as pd

        with self.store.read() as conn:
            return pd.DataFrame([r._asdict() for r in conn.execute(select(rejections).order_by(rejections.c.id))])

    def counts(self) -> dict[str, int]:
        with self.store.read() as conn:
            return {
                "articles": conn.execute(select(func.count()).select_from(articles).where(articles.c.current)).scalar_one(),
                "claims": conn.execute(select(func.count()).select_from(claims).where(claims.c.active)).scalar_one(),
                "incidents": conn.execute(select(func.count()).select_from(incidents)).scalar_one(),
                "tolls": conn.execute(select(func.count()).select_from(tolls).where(tolls.c.active)).scalar_one(),
                "rejections": conn.execute(select(func.count()).select_from(rejections)).scalar_one(),
            }


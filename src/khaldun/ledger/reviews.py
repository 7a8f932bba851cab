"""Review: a named reviewer marks a claim verified or rejected, corrects its fields, merges two incidents or splits a
claim out of one. Every action appends a row to ``review_log`` (who, when, what, the value before and after, the
note) in the same transaction as the change, which writers take one at a time (``Store.write``), so two reviewers
never lose an action.

A correction is written into the claim's own columns (pages, API, exports and incidents read it as they read any
value) with the machine's value kept in ``claims.reviewed``; the review state is also kept by the claim's stable key
(``claim_reviews``), so a new version of the article that keeps the sentence gets it back at ingest
(``carry_over``). Where the new version lost a reviewed sentence, its closest new record is flagged for a reviewer. A merge or a split
pins the claims (same pin: one incident; different pins: never one), so re-merging keeps it.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Table, func, insert, select, true, update
from sqlalchemy.engine import Connection

from . import merging
from .store import INCIDENT_PREFIX, Store, articles, claim_reviews, claims, incidents, now, places, review_log, tolls
from ..errors import NotFound, ReviewError
from ..model import _iso

VERIFIED, REJECTED, CORRECTED, FLAGGED = "verified", "rejected", "corrected", "flagged"
STATUSES = (VERIFIED, REJECTED)  # what a reviewer sets; "corrected" follows a correction; "flagged" marks the record
# closest to a reviewed sentence a new version of the article lost
SYSTEM = "khaldun"  # the reviewer named on actions the ledger takes itself (flags)
# what a reviewer may correct, with the names the API and CLI also accept
FIELDS = ("claimant", "actor1", "actor2", "sub_event_type", "location", "latitude", "longitude", "event_date", "killed", "wounded")
ALIASES = {"type": "sub_event_type", "place": "location", "date": "event_date"}
TOLL_FIELDS = ("claimant", "scope", "as_of", "killed", "wounded", "missing")
TOLL_ALIASES = {"date": "as_of"}
DATE_COLUMNS = frozenset({"event_date", "anchor_date", "as_of"})
FIGURES = ("killed", "wounded", "missing")


@dataclass(frozen=True)
class RecordKind:
    """What a review can act on: claims (event records) and toll readings."""

    name: str
    table: Table
    prefix: str
    fields: tuple[str, ...]
    aliases: dict[str, str]


CLAIMS = RecordKind("claim", claims, "clm-", FIELDS, ALIASES)
TOLLS = RecordKind("toll", tolls, "tol-", TOLL_FIELDS, TOLL_ALIASES)
MAX_TEXT = 300


def _json(value: Any) -> str:
    return json.dumps(_iso(value), ensure_ascii=False)


def _column_value(column: str, value: Any) -> Any:
    return dt.date.fromisoformat(value) if column in DATE_COLUMNS and isinstance(value, str) else value


def _reviewer(name: str | None) -> str:
    name = " ".join((name or "").split())
    if not name or len(name) > 100:
        raise ReviewError("a review needs the reviewer's name (1 to 100 characters)", stage="review")
    return name


# ------------------------------------------------------------------ ingest and merging use these
def carry_over(conn: Connection, version_key: str, rows: list[dict[str, Any]], prefix: str) -> None:
    """Give a new version's claim or toll rows (dicts about to be inserted; ``prefix``: their keys') the reviews of
    the records with their keys; flag the reviews of this article's records of that kind whose sentence the new
    version no longer has."""
    states = {r.key: r for r in conn.execute(select(claim_reviews).where(claim_reviews.c.version_key == version_key,
                                                                         claim_reviews.c.key.startswith(prefix)))}
    if not states:
        return
    present = set()
    for row in rows:
        state = states.get(row["key"])
        if state is None:
            continue
        present.add(state.key)
        corrections = json.loads(state.corrections or "{}")
        reviewed = {}
        for column, value in corrections.items():
            reviewed[column] = _iso(row.get(column))
            row[column] = _column_value(column, value)
        row["reviewed"] = json.dumps(reviewed, ensure_ascii=False) if reviewed else None
        row["review_status"] = state.status or (CORRECTED if corrections else None)
        if "pin" in row:
            row["pin"] = state.pin
        if row.get("event_type") and "sub_event_type" in corrections:
            row["family"] = merging.family_of(row["event_type"], row["sub_event_type"])
    for key, state in states.items():
        if key in present:
            continue
        # the reviewed sentence is gone from this version (its review waits, kept, for a version that has it again):
        # the new record closest to it, unreviewed, is flagged for a reviewer
        closest = _closest(state.evidence, [r for r in rows if not r.get("review_status")])
        if closest is not None:
            closest["review_status"] = FLAGGED
        conn.execute(insert(review_log).values(
            at=now(), reviewer=SYSTEM, action="flag", target=key, field=None, before=_json(state.status),
            after=_json(closest["key"] if closest is not None else None),
            note="a new version of the article no longer has the reviewed sentence"
                 + (": its closest new record is flagged" if closest is not None else "")))


def _closest(evidence: str, rows: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The row whose evidence shares the most words with ``evidence`` (at least a third of them), if any."""
    words = set(merging.terms_of(evidence))
    best, score = None, 1 / 3
    for row in rows:
        other = set(merging.terms_of(row["evidence"]))
        overlap = len(words & other) / max(1, len(words | other))
        if overlap >= score:
            best, score = row, overlap
    return best


def pinned_incident(conn: Connection, row: Any) -> int | None:
    """The incident that holds another active claim with the claim's pin (a reviewer merged them), if any."""
    if not getattr(row, "pin", None):
        return None
    return conn.execute(select(claims.c.incident_id).where(
        claims.c.pin == row.pin, claims.c.active, claims.c.incident_id.is_not(None), claims.c.id != row.id).limit(1)).scalar()


def pins_clash(own: set[str], other: set[str]) -> bool:
    """Two groups of claims a reviewer kept apart: each pinned, with different pins."""
    return len(own | other) > 1 and bool(own) and bool(other)


class LedgerReviews:
    """The review actions and the log, over ``self.store`` (the facade, ``Ledger``, composes this)."""

    store: Store

    def _refresh_incident(self, conn: Connection, incident_id: int) -> None:
        raise NotImplementedError  # LedgerWrites'

    def _figures_row(self, rows: Sequence[Any]) -> dict[str, Any]:
        raise NotImplementedError  # LedgerWrites'

    # -------------------------------------------------------------- lookups
    def _claim_row(self, conn: Connection, claim_id: str | int) -> Any:
        return self._record_row(conn, CLAIMS, claim_id)

    def _record_row(self, conn: Connection, kind: RecordKind, record_id: str | int) -> Any:
        """The current claim (or toll reading) a public id names: its key ("clm-…", "tol-…"), or its row number."""
        text = str(record_id).strip()
        table = kind.table
        query = select(table, articles.c.version_key).join(articles, articles.c.id == table.c.article_id)
        if text.isascii() and text.isdigit() and len(text) < 18:
            row = conn.execute(query.where(table.c.id == int(text))).first()
        else:
            row = conn.execute(query.where(table.c.key == text, table.c.active).order_by(table.c.id.desc()).limit(1)).first()
        if row is None:
            where = "the incident and article pages and /api/claims" if kind is CLAIMS else "the tolls page and /api/tolls"
            raise NotFound(f"there is no {kind.name} {text[:60]!r}; {where} list their ids", origin=text[:60], stage="review")
        return row

    def _incident_row(self, conn: Connection, incident_id: str) -> Any:
        text = str(incident_id).strip()
        row = conn.execute(select(incidents).where(incidents.c.key == text)).first()
        if row is None and text.startswith(INCIDENT_PREFIX) and text[len(INCIDENT_PREFIX):].isdigit():
            row = conn.execute(select(incidents).where(incidents.c.id == int(text[len(INCIDENT_PREFIX):]), incidents.c.key.is_(None))).first()
        if row is None:
            raise NotFound(f"there is no incident {text[:60]!r}; `khaldun incidents` and the map list incidents' ids",
                           origin=text[:60], stage="review")
        return row

    def _log(self, conn: Connection, reviewer: str, action: str, target: str, field: str | None = None,
             before: Any = None, after: Any = None, note: str | None = None) -> None:
        conn.execute(insert(review_log).values(at=now(), reviewer=reviewer, action=action, target=target, field=field,
                                               before=_json(before), after=_json(after), note=(note or None) and note[:2000]))

    def _save_state(self, conn: Connection, row: Any, **values: Any) -> None:
        """Insert or update the claim's review state by its key."""
        current = conn.execute(select(claim_reviews).where(claim_reviews.c.key == row.key)).first()
        if current is None:
            conn.execute(insert(claim_reviews).values(key=row.key, version_key=row.version_key, evidence=row.evidence,
                                                      status=values.get("status"), corrections=values.get("corrections", "{}"),
                                                      pin=values.get("pin"), updated_at=now()))
        else:
            conn.execute(update(claim_reviews).where(claim_reviews.c.key == row.key).values(updated_at=now(), **values))

    # -------------------------------------------------------------- actions
    def review(self, record_id: str | int, reviewer: str, status: str | None = None,
               correct: dict[str, Any] | None = None, note: str | None = None) -> dict[str, Any]:
        """A claim's or a toll reading's review, by the prefix of its id ("tol-…": a toll; any other: a claim)."""
        if str(record_id).strip().startswith(TOLLS.prefix):
            return self.review_toll(record_id, reviewer, status=status, correct=correct, note=note)
        return self.review_claim(record_id, reviewer, status=status, correct=correct, note=note)

    def review_claim(self, claim_id: str | int, reviewer: str, status: str | None = None,
                     correct: dict[str, Any] | None = None, note: str | None = None) -> dict[str, Any]:
        """Mark a claim verified or rejected, and/or correct its fields (``FIELDS``; "type", "place" and "date" name
        sub_event_type, location and event_date). Returns the claim's record as it now stands."""
        key = self._review(CLAIMS, claim_id, reviewer, status, correct, note)
        found = self.claim_record(key)
        assert found is not None
        return found

    def review_toll(self, toll_id: str | int, reviewer: str, status: str | None = None,
                    correct: dict[str, Any] | None = None, note: str | None = None) -> dict[str, Any]:
        """Mark a toll reading verified or rejected (a rejected reading leaves its series' line), and/or correct its
        claimant, scope, date (as_of) or figures. Returns the reading's record as it now stands."""
        key = self._review(TOLLS, toll_id, reviewer, status, correct, note)
        found = self.toll_record(key)
        assert found is not None
        return found

    def _review(self, kind: RecordKind, record_id: str | int, reviewer: str, status: str | None,
                correct: dict[str, Any] | None, note: str | None) -> str:
        who = _reviewer(reviewer)
        if status is not None and status not in STATUSES:
            raise ReviewError(f"a review's status is one of {', '.join(STATUSES)}, not {str(status)[:40]!r}", stage="review")
        if status is None and not correct:
            raise ReviewError("a review gives a status (verified or rejected) or corrections", stage="review")
        with self.store.write() as conn:
            row = self._record_row(conn, kind, record_id)
            changes = self._corrections(conn, row, correct or {}, kind)
            state = conn.execute(select(claim_reviews).where(claim_reviews.c.key == row.key)).first()
            corrections = json.loads(state.corrections) if state else {}
            reviewed = json.loads(row.reviewed or "{}")
            for field, columns in changes.items():
                self._log(conn, who, "correct", row.key, field, before=getattr(row, field), after=columns[field], note=note)
                for column, value in columns.items():
                    reviewed.setdefault(column, _iso(getattr(row, column)))
                    corrections[column] = _iso(value)
            values: dict[str, Any] = {c: v for columns in changes.values() for c, v in columns.items()}
            new_status = status or (row.review_status if row.review_status in STATUSES else CORRECTED)
            if status:
                self._log(conn, who, "verify" if status == VERIFIED else "reject", row.key, None,
                          before=row.review_status, after=status, note=note)
            conn.execute(update(kind.table).where(kind.table.c.id == row.id).values(
                review_status=new_status, reviewed=json.dumps(reviewed, ensure_ascii=False) if reviewed else None, **values))
            self._save_state(conn, row, status=status or (state.status if state else None),
                             corrections=json.dumps(corrections, ensure_ascii=False))
            if kind is CLAIMS and row.incident_id is not None:
                self._refresh_incident(conn, row.incident_id)
        return row.key if row.active else str(row.id)

    def _corrections(self, conn: Connection, row: Any, correct: dict[str, Any], kind: RecordKind = CLAIMS) -> dict[str, dict[str, Any]]:
        """Each corrected field with the columns it sets (a type sets its event type and merging family; a place its
        point, country and area; a date its anchor), values checked."""
        out: dict[str, dict[str, Any]] = {}
        for name, value in correct.items():
            field = kind.aliases.get(str(name), str(name))
            if field not in kind.fields:
                raise ReviewError(f"{str(name)[:40]!r} cannot be corrected in a {kind.name}; the fields are {', '.join(kind.fields)}",
                                  stage="review")
            if field == "as_of":
                try:
                    out[field] = {"as_of": dt.date.fromisoformat(str(value))}
                except ValueError:
                    raise ReviewError(f"a date is YYYY-MM-DD, not {str(value)[:40]!r}", stage="review") from None
            elif field == "scope":
                out[field] = {"scope": " ".join(str(value or "").lower().split())[:MAX_TEXT] or "unspecified"}
            elif field in FIGURES:
                if value is not None and (isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < 10_000_000):
                    raise ReviewError(f"{field} is a whole number of people (0 or more) or null, not {str(value)[:40]!r}", stage="review")
                out[field] = {field: value}
            elif field in ("latitude", "longitude"):
                limit = 90 if field == "latitude" else 180
                if not isinstance(value, (int, float)) or isinstance(value, bool) or not -limit <= value <= limit:
                    raise ReviewError(f"{field} is a number of degrees within ±{limit}, not {str(value)[:40]!r}", stage="review")
                out[field] = {field: float(value), "geo_precision": 1}
            elif field == "event_date":
                try:
                    day = dt.date.fromisoformat(str(value))
                except ValueError:
                    raise ReviewError(f"a date is YYYY-MM-DD, not {str(value)[:40]!r}", stage="review") from None
                out[field] = {"event_date": day, "anchor_date": day, "date_stated": True, "time_precision": 1}
            elif field == "sub_event_type":
                from ..resources.event_types import resolve

                found = resolve(str(value))
                if found is None:
                    raise ReviewError(f"{str(value)[:60]!r} names no single ACLED sub-event type", stage="review")
                out[field] = {"sub_event_type": found.sub_event_type, "event_type": found.event_type,
                              "family": merging.family_of(found.event_type, found.sub_event_type)}
            elif field == "location":
                out[field] = self._place(conn, row, value)
            else:
                text = " ".join(str(value).split())[:MAX_TEXT] if value is not None else ""
                out[field] = {field: text or None}
        return out

    def _place(self, conn: Connection, row: Any, value: Any) -> dict[str, Any]:
        """A corrected place: its name, with the point the ledger already knows for that name (this article's place
        mentions first, then any article's); unplaced when none knows it (a reviewer gives latitude and longitude)."""
        name = " ".join(str(value or "").split())[:MAX_TEXT]
        if not name:
            return {"location": None, "latitude": None, "longitude": None, "country": None, "admin1": None,
                    "geonames_id": None, "geo_precision": None}
        known = None
        for where in (places.c.article_id == row.article_id, true()):  # this article's mentions, then any article's
            known = conn.execute(select(places).where(where, places.c.latitude.is_not(None),
                                                      func.lower(places.c.name) == name.lower()).limit(1)).first()
            if known:
                break
        return {"location": name, "latitude": known.latitude if known else None, "longitude": known.longitude if known else None,
                "country": known.country if known else None, "admin1": known.admin1 if known else None,
                "geonames_id": known.geonames_id if known else None, "geo_precision": 1 if known else None}

    def merge_incidents(self, into: str, other: str, reviewer: str, note: str | None = None) -> str:
        """Put every claim of ``other`` into ``into``, for good: both incidents' claims share one pin. Returns the
        merged incident's id (its key may change: the key follows its first claim)."""
        who = _reviewer(reviewer)
        with self.store.write() as conn:
            keep, gone = self._incident_row(conn, into), self._incident_row(conn, other)
            if keep.id == gone.id:
                raise ReviewError("an incident cannot be merged with itself", stage="review")
            members = conn.execute(select(claims, articles.c.version_key).join(articles, articles.c.id == claims.c.article_id)
                                   .where(claims.c.incident_id.in_((keep.id, gone.id)), claims.c.active)).all()
            pins = {r.pin for r in members if r.pin}
            pin = "pin-" + hashlib.sha256("\x1f".join(sorted(r.key for r in members)).encode()).hexdigest()[:12]
            # every claim pinned with either incident's claims, here or waiting in another version, joins the one pin
            for r in conn.execute(select(claim_reviews.c.key).where(claim_reviews.c.pin.in_(pins))) if pins else ():
                conn.execute(update(claim_reviews).where(claim_reviews.c.key == r.key).values(pin=pin, updated_at=now()))
            if pins:
                conn.execute(update(claims).where(claims.c.pin.in_(pins)).values(pin=pin))
            for r in members:
                self._save_state(conn, r, pin=pin)
            conn.execute(update(claims).where(claims.c.id.in_([r.id for r in members])).values(pin=pin, incident_id=keep.id))
            conn.execute(incidents.delete().where(incidents.c.id == gone.id))
            self._refresh_incident(conn, keep.id)
            merged = conn.execute(select(incidents.c.key).where(incidents.c.id == keep.id)).scalar_one()
            self._log(conn, who, "merge", merged, None, before=[keep.key, gone.key], after=merged, note=note)
        return merged

    def split_claim(self, incident_id: str, claim_id: str | int, reviewer: str, note: str | None = None) -> str:
        """Take a claim out of its incident into an incident of its own, for good (the claim and those it left get
        different pins). Returns the new incident's id."""
        who = _reviewer(reviewer)
        with self.store.write() as conn:
            incident = self._incident_row(conn, incident_id)
            row = self._claim_row(conn, claim_id)
            if row.incident_id != incident.id:
                raise ReviewError(f"the claim {row.key} is not in the incident {incident_id}", stage="review")
            others = conn.execute(select(claims, articles.c.version_key).join(articles, articles.c.id == claims.c.article_id)
                                  .where(claims.c.incident_id == incident.id, claims.c.active, claims.c.id != row.id)).all()
            if not others:
                raise ReviewError(f"the claim {row.key} is the only one of {incident_id}: there is nothing to split", stage="review")
            stay = next((r.pin for r in others if r.pin), None) or "pin-" + hashlib.sha256(
                "\x1f".join(sorted(r.key for r in others)).encode()).hexdigest()[:12]
            alone = "pin-" + hashlib.sha256(row.key.encode()).hexdigest()[:12]
            for r in others:
                if r.pin != stay:
                    self._save_state(conn, r, pin=stay)
            conn.execute(update(claims).where(claims.c.id.in_([r.id for r in others])).values(pin=stay))
            self._save_state(conn, row, pin=alone)
            rows = conn.execute(select(claims).where(claims.c.id == row.id)).all()
            new_id = conn.execute(insert(incidents).values(**self._figures_row(rows)).returning(incidents.c.id)).scalar_one()
            conn.execute(update(claims).where(claims.c.id == row.id).values(pin=alone, incident_id=new_id))
            self._refresh_incident(conn, incident.id)
            self._refresh_incident(conn, new_id)
            new_key = conn.execute(select(incidents.c.key).where(incidents.c.id == new_id)).scalar_one()
            left = conn.execute(select(incidents.c.key).where(incidents.c.id == incident.id)).scalar_one()
            self._log(conn, who, "split", row.key, None, before=incident.key, after=[left, new_key], note=note)
        return new_key

    # -------------------------------------------------------------- reading
    def claim_record(self, claim_id: str | int) -> dict[str, Any] | None:
        """One claim as /api/claims gives it, with its review (status, the machine's values of corrected fields)."""
        from .read import claim_query, _claim_record

        with self.store.read() as conn:
            try:
                row = self._claim_row(conn, claim_id)
            except NotFound:
                return None
            found = conn.execute(claim_query().where(claims.c.id == row.id)).first()
        return _claim_record(found) if found else None

    def toll_record(self, toll_id: str | int) -> dict[str, Any] | None:
        """One toll reading with its review (status, the machine's values of corrected fields)."""
        with self.store.read() as conn:
            try:
                row = self._record_row(conn, TOLLS, toll_id)
            except NotFound:
                return None
            source = conn.execute(select(articles.c.source_id).where(articles.c.id == row.article_id)).scalar_one()
        return {"toll_key": row.key, "review_status": row.review_status or "unreviewed",
                "reviewed": json.loads(row.reviewed) if row.reviewed else {}, "article_id": source, "claimant": row.claimant,
                "scope": row.scope, "as_of": row.as_of.isoformat() if row.as_of else None, "killed": row.killed,
                "wounded": row.wounded, "missing": row.missing, "evidence": row.evidence}

    def review_entries(self, target: str | None = None, reviewer: str | None = None, limit: int | None = None,
                       targets: Collection[str] | None = None) -> list[dict[str, Any]]:
        """The review log, oldest first: every action with who, when, what, before, after and the note; ``target``
        (or ``targets``) narrows it to claims, toll readings or incidents."""
        query = select(review_log).order_by(review_log.c.id)
        if target:
            query = query.where(review_log.c.target == target)
        if targets is not None:
            query = query.where(review_log.c.target.in_(sorted(targets)))
        if reviewer:
            query = query.where(review_log.c.reviewer == reviewer)
        if limit is not None:
            query = query.limit(limit)
        with self.store.read() as conn:
            return [{"id": r.id, "at": r.at.isoformat(timespec="seconds") if r.at else None, "reviewer": r.reviewer,
                     "action": r.action, "target": r.target, "field": r.field,
                     "before": json.loads(r.before) if r.before else None, "after": json.loads(r.after) if r.after else None,
                     "note": r.note} for r in conn.execute(query)]


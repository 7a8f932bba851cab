"""The ledger's write side: inputs in, each article stored in one transaction (article, claims, tolls,
places), its claims merged into incidents; rejections kept with their reason."""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
import os
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Sequence, Set
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import and_, insert, or_, select, update
from sqlalchemy.engine import Connection

from . import merging, reviews
from .store import INCIDENT_PREFIX, Store, articles, claims, incidents, now, places, rejections, terms, tolls
from ..model import (
    Article,
    Extraction,
    Rejection,
    counts_to_json,
    event_record,
    geo_precision,
    toll_record,
)

if TYPE_CHECKING:
    from ..api import Extractor


def content_hash(article: Article) -> str:
    """What makes an input the same input: its id, URL, date and text."""
    key = "\x1f".join((article.id, article.url or "", article.published.isoformat() if article.published else "", article.text))
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass
class IngestSummary:
    """The accounting of one ingest run: received = stored + unchanged + rejected, always."""

    received: int = 0
    stored: int = 0  # new articles, including new versions
    new_versions: int = 0  # stored articles that superseded an older text of the same URL
    unchanged: int = 0  # already in the store: nothing done
    rejected: int = 0
    claims: int = 0
    tolls: int = 0
    incidents_created: int = 0
    reasons: Counter = field(default_factory=Counter)

    def line(self) -> str:
        reasons = "; ".join(f"{n} {r}" for r, n in self.reasons.most_common())
        return (f"{self.received} input(s): {self.stored} stored ({self.new_versions} new version(s)), "
                f"{self.unchanged} unchanged, {self.rejected} rejected{': ' + reasons if reasons else ''}; "
                f"{self.claims} claim(s), {self.tolls} toll(s), {self.incidents_created} new incident(s)")


class _Keys:
    """The stable keys of one article version's claims (or tolls), record by record in their order: the order part of
    ``claim_key`` counts the records told with the same evidence so far."""

    def __init__(self, version_key: str, prefix: str) -> None:
        self.version_key, self.prefix = version_key, prefix
        self.told: Counter = Counter()

    def __call__(self, record: dict[str, Any]) -> str:
        where = (record["evidence_in"], record["evidence"])
        nth = self.told[where]
        self.told[where] += 1
        return claim_key(self.version_key, *where, nth, self.prefix)


NEAR_DEGREES = 0.5  # an undated claim looks for its incident this far around its point (about 55 km)


def incident_key(claim_keys: Iterable[str]) -> str:
    """An incident's public id from its claims' stable keys (the least of them): the same articles give the same ids
    whatever order they are ingested in, and a new version of an article that keeps its sentences keeps them."""
    return INCIDENT_PREFIX + min(claim_keys).removeprefix(CLAIM_PREFIX)


CLAIM_PREFIX = "clm-"  # claims' stable ids: "clm-" and 12 hex digits
TOLL_PREFIX = "tol-"  # toll readings', keyed the same way


def claim_key(version_key: str, evidence_in: str, evidence: str, nth: int, prefix: str = CLAIM_PREFIX) -> str:
    """A claim's stable id: its article's version key (URL or id), where and what its evidence is, and its order among
    the article's claims with that evidence. A new version of the article that keeps the sentence keeps the key, so a
    review of the claim carries over (migration 0008 keys the claims stored before it the same way)."""
    digest = hashlib.sha256("\x1f".join((version_key, evidence_in, evidence, str(nth))).encode("utf-8", "surrogatepass"))
    return prefix + digest.hexdigest()[:12]


def reason_code(reason: str) -> str:
    """The error code a rejection's reason starts with ("E-IN-002"), for summaries by reason."""
    return reason.split("]", 1)[0].lstrip("[") if reason.startswith("[") else reason[:40]


def _scope_key(scope: str | None) -> str:
    return " ".join((scope or "").lower().split()) or "unspecified"


@dataclass(frozen=True)
class _Added:
    stored: bool
    superseded: bool = False
    claims: int = 0
    tolls: int = 0
    incidents_created: int = 0
    rejection: Rejection | None = None


class LedgerWrites:
    """Ingest and merging, over ``self.store`` (the facade, ``Ledger``, holds the store and the extractor)."""

    store: Store

    @property
    def extractor(self) -> "Extractor":
        raise NotImplementedError

    # ----------------------------------------------------------------- ingest
    def ingest(self, inputs: Iterable[str | os.PathLike | Article | Rejection], published: dt.date | None = None,
               on_article: Callable[[IngestSummary], None] | None = None, fetch_policy: Any = None,
               on_rejection: Callable[[Rejection], None] | None = None, supersede: bool = False) -> IngestSummary:
        """Read, extract and store every input (paths, directories, '-', or ``Article`` records). Inputs already
        stored are skipped before extraction; rejections are stored with their reason (and passed to
        ``on_rejection``). A new text under a stored URL is a new version; a new text under a stored id without a
        URL is rejected unless ``supersede`` (two inputs that merely share an id must not replace each other)."""
        from ..io.readers import read_inputs

        summary = IngestSummary()
        # inputs on their way through extraction, oldest first (results come back in input order): a repeat of
        # one of them is skipped too; the rest are looked up in the store, so memory stays flat on any corpus
        in_flight: deque[str] = deque()

        def stored(digest: str) -> bool:
            with self.store.read() as conn:
                return conn.execute(select(articles.c.id).where(articles.c.content_hash == digest).limit(1)).first() is not None

        def items() -> Iterator[Article | Rejection]:
            for item in inputs:
                if isinstance(item, (Article, Rejection)):
                    yield item
                else:
                    yield from read_inputs([str(item)], published, fetch_policy)

        def fresh() -> Iterator[Article]:
            for item in items():
                summary.received += 1
                if isinstance(item, Rejection):
                    self.reject(item)
                    if on_rejection:
                        on_rejection(item)
                    summary.rejected += 1
                    summary.reasons[reason_code(item.reason)] += 1
                elif (digest := content_hash(item)) in in_flight or stored(digest):
                    summary.unchanged += 1
                else:
                    in_flight.append(digest)
                    yield item
                    continue
                if on_article:
                    on_article(summary)

        for result in self.extractor.run(fresh()):
            in_flight.popleft()
            if isinstance(result, Rejection):
                self.reject(result)
                if on_rejection:
                    on_rejection(result)
                summary.rejected += 1
                summary.reasons[reason_code(result.reason)] += 1
                if on_article:
                    on_article(summary)
                continue
            outcome = self.add(result, supersede=supersede)
            if outcome.rejection:
                if on_rejection:
                    on_rejection(outcome.rejection)
                summary.rejected += 1
                summary.reasons[reason_code(outcome.rejection.reason)] += 1
            elif outcome.stored:
                summary.stored += 1
                summary.new_versions += outcome.superseded
                summary.claims += outcome.claims
                summary.tolls += outcome.tolls
                summary.incidents_created += outcome.incidents_created
            else:
                summary.unchanged += 1
            if on_article:
                on_article(summary)
        return summary

    def reject(self, rejection: Rejection) -> None:
        """Keep a rejection (once: the same input rejected again for the same reason adds nothing)."""
        fingerprint = hashlib.sha256(f"{rejection.origin}\x1f{rejection.stage}\x1f{rejection.reason}".encode()).hexdigest()
        with self.store.write() as conn:
            exists = conn.execute(select(rejections.c.id).where(rejections.c.fingerprint == fingerprint)).first()
            if not exists:
                conn.execute(insert(rejections).values(
                    origin=rejection.origin, stage=rejection.stage, reason=rejection.reason,
                    source_id=rejection.article_id, fingerprint=fingerprint, rejected_at=now()))

    def add(self, result: Extraction, supersede: bool = False) -> "_Added":
        """Store one extraction whole, in one transaction, and merge its claims into incidents. A new text under a
        stored URL supersedes the old; under a stored id without a URL, only when ``supersede`` says so."""
        article = result.article
        digest = content_hash(article)
        key = article.url or f"id:{article.id}"
        try:
            with self.store.write() as conn:
                if conn.execute(select(articles.c.id).where(articles.c.content_hash == digest)).first():
                    return _Added(stored=False)
                older = conn.execute(select(articles.c.id, articles.c.version, articles.c.origin)
                                     .where(articles.c.version_key == key)).all()
                clash = (older[-1].origin or "?") if older and not article.url and not supersede else None
                if clash is None:
                    return self._add_version(conn, result, digest, key, older)
                # nothing written: the rejection is kept after this transaction ends
        except Exception as err:  # noqa: BLE001 - a bad article never stops the batch (principle 4)
            from sqlalchemy.exc import OperationalError

            if isinstance(err, OperationalError) and "locked" not in str(err) and "connection" in str(err).lower():
                raise  # the database itself went away: stopping is the honest answer
            rejection = Rejection(origin=article.origin or article.id, stage="store",
                                  reason=f"[E-STORE-001] could not store the article: {err.__class__.__name__}: {str(err)[:200]}",
                                  article_id=article.id)
            self.reject(rejection)
            return _Added(stored=False, rejection=rejection)
        rejection = Rejection(
            origin=article.origin or article.id, stage="store", article_id=article.id,
            reason=f"[E-IN-001] the id {article.id[:60]!r} is already stored with another text (from {clash[:120]}) and "
                   "neither gives a URL; give each article its own id or a URL, or ingest with --supersede to make "
                   "this text a new version")
        self.reject(rejection)
        return _Added(stored=False, rejection=rejection)

    def _add_version(self, conn: Connection, result: Extraction, digest: str, key: str, older: Sequence[Any]) -> "_Added":
        """Write the article as the next version under ``key`` (its older versions superseded), then its records."""
        article = result.article
        superseded = [r.id for r in older]
        row_id = conn.execute(insert(articles).values(
            source_id=article.id, version_key=key, version=max((r.version for r in older), default=0) + 1,
            current=True, content_hash=digest, url=article.url, outlet=article.outlet, title=article.title,
            published=article.published, origin=article.origin, text=article.text, ingested_at=now(),
        ).returning(articles.c.id)).scalar_one()
        if superseded:
            self._supersede(conn, superseded)
        claim_rows = self._store_claims(conn, row_id, result, key)
        toll_count = self._store_tolls(conn, row_id, result, key)
        self._store_places(conn, row_id, result)
        undated = result.article.published is None
        month = merging.address_month(result.article.url) if undated else None
        created = self._merge(conn, claim_rows, undated=undated, month=month)
        return _Added(stored=True, superseded=bool(superseded), claims=len(claim_rows), tolls=toll_count,
                      incidents_created=created)

    def _supersede(self, conn: Connection, article_rows: list[int]) -> None:
        """A newer text of the same URL: the old versions' claims leave their incidents."""
        conn.execute(update(articles).where(articles.c.id.in_(article_rows)).values(current=False))
        conn.execute(update(tolls).where(tolls.c.article_id.in_(article_rows)).values(active=False))
        touched = {i for (i,) in conn.execute(select(claims.c.incident_id).where(
            claims.c.article_id.in_(article_rows), claims.c.incident_id.is_not(None)))}
        conn.execute(update(claims).where(claims.c.article_id.in_(article_rows)).values(active=False, incident_id=None))
        for incident_id in touched:
            self._refresh_incident(conn, incident_id)

    def _store_claims(self, conn: Connection, row_id: int, result: Extraction, version_key: str) -> Sequence[Any]:
        article = result.article
        rows = []
        key_of = _Keys(version_key, CLAIM_PREFIX)
        for seq, event in enumerate(result.events):
            rec = event_record(event, article)
            anchor = event.event_date or article.published or dt.date.today()
            rows.append(dict(
                article_id=row_id, seq=seq, active=True, incident_id=None, anchor_date=anchor,
                family=merging.family_of(event.event_type, event.sub_event_type),
                evidence=rec["evidence"], evidence_start=rec["evidence_start"], evidence_end=rec["evidence_end"],
                evidence_in=rec["evidence_in"], claimant=rec["claimant"], via=json.dumps(rec["via"], ensure_ascii=False), verb=rec["verb"],
                event_date=event.event_date, date_stated=event.date_stated, time_precision=event.time_precision, event_type=event.event_type,
                sub_event_type=event.sub_event_type, actor1=event.actor1, actor2=event.actor2,
                location=rec["location"], admin1=rec["admin1"], country=rec["country"], latitude=rec["latitude"],
                longitude=rec["longitude"], geo_precision=geo_precision(event.location), geonames_id=rec["geonames_id"],
                killed=event.killed, wounded=event.wounded, casualty_group=event.casualty_group,
                number_text=event.number_text, weapon=event.weapon, weapon_kind=event.weapon_kind,
                hedged=event.hedged, terms=" ".join(sorted(merging.terms_of(rec["evidence"]))),
                rules=json.dumps(rec["rules"]), counts=counts_to_json(event.counts),
                key=key_of(rec), review_status=None, reviewed=None, pin=None, background=event.background,
            ))
        reviews.carry_over(conn, version_key, rows, CLAIM_PREFIX)
        if not rows:
            return []
        conn.execute(insert(claims), rows)
        return conn.execute(select(claims).where(claims.c.article_id == row_id).order_by(claims.c.seq)).all()

    def _store_tolls(self, conn: Connection, row_id: int, result: Extraction, version_key: str) -> int:
        rows = []
        key_of = _Keys(version_key, TOLL_PREFIX)
        for seq, t in enumerate(result.tolls):
            rec = toll_record(t, result.article)
            rows.append(dict(article_id=row_id, seq=seq, active=True, evidence=rec["evidence"], evidence_start=rec["evidence_start"],
                             evidence_end=rec["evidence_end"], evidence_in=rec["evidence_in"], claimant=t.claim.claimant,
                             via=json.dumps(list(t.claim.via), ensure_ascii=False), verb=t.claim.verb, killed=t.killed,
                             wounded=t.wounded, missing=t.missing, as_of=t.as_of or result.article.published, since=t.since,
                             scope=_scope_key(t.scope), number_text=t.number_text, rules=json.dumps(rec["rules"]),
                             key=key_of(rec),
                             review_status=None, reviewed=None))
        reviews.carry_over(conn, version_key, rows, TOLL_PREFIX)
        if rows:
            conn.execute(insert(tolls), rows)
        return len(rows)

    def _store_places(self, conn: Connection, row_id: int, result: Extraction) -> None:
        rows = [dict(article_id=row_id, seq=seq, text=p.text, start=p.span.start, end=p.span.end, name=p.name,
                     feature=p.feature, relation=p.relation, locative=p.locative, latitude=p.latitude,
                     longitude=p.longitude, geonames_id=p.geonames_id, country=p.country, admin1=p.admin1,
                     rules=json.dumps(list(p.rules)))
                for seq, p in enumerate(result.places)]
        if rows:
            conn.execute(insert(places), rows)

    # ---------------------------------------------------------------- merging
    def _candidates(self, conn: Connection, family: str, anchors: Sequence[dt.date], points: Sequence[tuple[float, float]],
                    undated: bool, exclude: Sequence[int] = (), assumed: bool = False,
                    month: tuple[dt.date, dt.date] | None = None, month_only: bool = False) -> list[int]:
        """Incidents a claim (or an article's new incident) may belong to: of its family, within the date window of
        its anchor; where neither the text nor the publication dates it (its anchor is only the day it was
        ingested), near its place (an undated claim with no place has none) and, where the page's address gives the
        month it came out (``month``), within that month or the days before it; else at any date. A claim dated only
        to its month (``month_only``: "in August") looks at the whole month; a day looks also at its month's 15th,
        where incidents known only to the month are anchored."""
        query = select(incidents.c.id).where(incidents.c.family == family)
        if exclude:
            query = query.where(incidents.c.id.not_in(exclude))
        if undated:
            if not points:
                return []
            near = [and_(incidents.c.latitude.between(lat - NEAR_DEGREES, lat + NEAR_DEGREES),
                         incidents.c.longitude.between(lon - NEAR_DEGREES, lon + NEAR_DEGREES)) for lat, lon in points]
            query = query.where(or_(*near))
            if month:
                query = query.where(incidents.c.anchor_date.between(month[0] - dt.timedelta(days=merging.ASSUMED_BACK_DAYS),
                                                                    month[1] + dt.timedelta(days=merging.WINDOW_DAYS)))
            return [i for (i,) in conn.execute(query)]
        window = dt.timedelta(days=merging.WINDOW_DAYS)
        # a day assumed from the publication bounds the event from above only: an article published days later
        # ("around 300 people were killed in the strike on the theatre") looks back further
        back = dt.timedelta(days=merging.ASSUMED_BACK_DAYS) if assumed else window
        if month_only:
            spans = [merging.month_span(a) for a in anchors]
            return [i for (i,) in conn.execute(query.where(incidents.c.anchor_date.between(
                min(first for first, _ in spans) - window, max(last for _, last in spans) + window)))]
        mid_months = {a.replace(day=15) for a in anchors}
        return [i for (i,) in conn.execute(query.where(or_(incidents.c.anchor_date.between(min(anchors) - back, max(anchors) + window),
                                                           incidents.c.anchor_date.in_(sorted(mid_months)))))]

    def _merge(self, conn: Connection, claim_rows: Sequence[Any], undated: bool = False,
               month: tuple[dt.date, dt.date] | None = None) -> int:
        if not claim_rows:
            return 0
        words = {t for r in claim_rows for t in r.terms.split()}
        self._count_terms(conn, words)
        created = 0
        told: list[int] = []  # incidents this article's earlier claims went to: candidates whatever their dates
        fresh: list[int] = []  # incidents this article's claims started
        for row in claim_rows:
            new = merging.ClaimFeatures.from_row(row)
            points = [(row.latitude, row.longitude)] if row.latitude is not None else []
            candidate_ids = self._candidates(conn, new.family, [new.anchor_date], points, undated and row.event_date is None,
                                             month=month, month_only=new.time_precision == merging.MONTH_ONLY and new.date_stated)
            candidate_ids += [i for i in told if i not in candidate_ids]
            members: dict[int, list[merging.ClaimFeatures]] = {}
            pins: dict[int, set[str]] = {}
            if candidate_ids:
                for r in conn.execute(select(claims).where(claims.c.incident_id.in_(candidate_ids), claims.c.active)):
                    members.setdefault(r.incident_id, []).append(merging.ClaimFeatures.from_row(r))
                    if r.pin:
                        pins.setdefault(r.incident_id, set()).add(r.pin)
            # a reviewer's merge or split holds: a pinned claim goes to its pin's incident, never to another pin's
            target = reviews.pinned_incident(conn, row)
            if target is None:
                members = {i: m for i, m in members.items() if not reviews.pins_clash({row.pin} - {None}, pins.get(i, set()))}
                idf = self._idf(conn, new.terms | {t for ms in members.values() for m in ms for t in m.terms})
                target = merging.best_incident(new, members, idf)
            if target is None and row.background:
                continue  # an earlier event the article recalls, which no account of its own has told: no incident
            if target is None:
                # keyed by _refresh_incident below, with its figures
                target = conn.execute(insert(incidents).values(**self._figures_row([row])).returning(incidents.c.id)).scalar_one()
                created += 1
                fresh.append(target)
            conn.execute(update(claims).where(claims.c.id == row.id).values(incident_id=target))
            if target not in told:
                told.append(target)
            self._refresh_incident(conn, target)
        return created - self._join_known(conn, fresh, undated, month)

    def _join_known(self, conn: Connection, fresh: list[int], undated: bool = False,
                    month: tuple[dt.date, dt.date] | None = None) -> int:
        """An incident the article started joins one already known that any of its claims tells (see
        ``merging.linked_incident``); returns how many joined."""
        joined = 0
        for incident_id in fresh:
            own_rows = conn.execute(select(claims).where(claims.c.incident_id == incident_id, claims.c.active)).all()
            own = [merging.ClaimFeatures.from_row(r) for r in own_rows]
            if not own:
                continue
            own_pins = {r.pin for r in own_rows if r.pin}
            points = [(c.latitude, c.longitude) for c in own if c.latitude is not None and c.longitude is not None]
            candidate_ids = self._candidates(conn, own[0].family, [c.anchor_date for c in own], points,
                                             undated and all(c.event_date is None for c in own), exclude=fresh, month=month,
                                             assumed=not any(c.date_stated for c in own),
                                             month_only=all(c.time_precision == merging.MONTH_ONLY and c.date_stated for c in own))
            if not candidate_ids:
                continue
            members: dict[int, list[merging.ClaimFeatures]] = {}
            pins: dict[int, set[str]] = {}
            for r in conn.execute(select(claims).where(claims.c.incident_id.in_(candidate_ids), claims.c.active)):
                members.setdefault(r.incident_id, []).append(merging.ClaimFeatures.from_row(r))
                if r.pin:
                    pins.setdefault(r.incident_id, set()).add(r.pin)
            members = {i: m for i, m in members.items() if not reviews.pins_clash(own_pins, pins.get(i, set()))}
            idf = self._idf(conn, {t for c in own for t in c.terms} | {t for ms in members.values() for m in ms for t in m.terms})
            target = merging.linked_incident(own, members, idf)
            if target is None:
                continue
            conn.execute(update(claims).where(claims.c.incident_id == incident_id).values(incident_id=target))
            conn.execute(incidents.delete().where(incidents.c.id == incident_id))
            self._refresh_incident(conn, target)
            joined += 1
        return joined

    def _count_terms(self, conn: Connection, words: set[str]) -> None:
        """Document frequencies for the rarity weights; "" counts the articles."""
        rows = [{"term": w[:64], "df": 1} for w in sorted(words | {""})]
        if self.store.dialect == "postgresql":
            from sqlalchemy.dialects.postgresql import insert as upsert
        else:
            from sqlalchemy.dialects.sqlite import insert as upsert  # type: ignore[assignment]
        stmt = upsert(terms)
        conn.execute(stmt.on_conflict_do_update(index_elements=["term"], set_={"df": terms.c.df + 1}), rows)

    def _idf(self, conn: Connection, words: Set[str]) -> dict[str, float]:
        wanted = sorted({w[:64] for w in words} | {""})
        df = {}
        for start in range(0, len(wanted), 500):
            chunk = wanted[start:start + 500]
            df.update(dict(conn.execute(select(terms.c.term, terms.c.df).where(terms.c.term.in_(chunk))).all()))
        n = df.get("", 1)
        return {w: math.log((n + 1) / (df.get(w[:64], 0) + 1)) + 1.0 for w in words}

    def _figures_row(self, rows: Sequence[Any]) -> dict[str, Any]:
        # Figures' fields are named as the incidents table's columns; claims a reviewer rejected give none of them
        # (unless every claim is rejected: the incident still needs a type, a place and a date)
        kept = [r for r in rows if getattr(r, "review_status", None) != reviews.REJECTED] or rows
        return dict(asdict(merging.summarize(kept)), family=rows[0].family, rule=merging.RULE, updated_at=now(),
                    claim_count=len(rows), article_count=len({r.article_id for r in rows}))

    def _refresh_incident(self, conn: Connection, incident_id: int) -> None:
        """The incident's figures and key over its active claims (every change of its members comes through here)."""
        rows = conn.execute(select(claims).where(claims.c.incident_id == incident_id, claims.c.active)
                            .order_by(claims.c.article_id, claims.c.seq)).all()
        own = [r for r in rows if not r.background]  # background claims feed no figure, no id
        if not own:
            conn.execute(update(claims).where(claims.c.incident_id == incident_id).values(incident_id=None))
            conn.execute(incidents.delete().where(incidents.c.id == incident_id))
            return
        key = incident_key(r.key for r in own)
        conn.execute(update(incidents).where(incidents.c.id == incident_id).values(**self._figures_row(own), key=key))

    # ---------------------------------------------------------------- queries


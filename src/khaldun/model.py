"""The spine of types every stage passes along.

Each stage takes and returns these frozen records; nothing travels between stages as a dict or as
parallel lists. Offsets are always character offsets into ``Article.text``, so that
``article.text[span.start:span.end]`` is the evidence, exactly.
"""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict, dataclass, field
from enum import Enum
from functools import cached_property
from collections.abc import Sequence
from typing import Any


@dataclass(frozen=True, order=True)
class Span:
    """A half-open character range [start, end) of an article's text."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if self.start < 0 or self.end < self.start:
            raise ValueError(f"bad span {self.start}:{self.end}")

    def of(self, text: str) -> str:
        return text[self.start : self.end]

    def __len__(self) -> int:
        return self.end - self.start

    def contains(self, other: "Span") -> bool:
        return self.start <= other.start and other.end <= self.end

    def overlaps(self, other: "Span") -> bool:
        return max(self.start, other.start) < min(self.end, other.end)


@dataclass(frozen=True)
class Article:
    """One input article as given: ``text`` is never altered after reading."""

    id: str
    text: str
    published: dt.date | None = None
    url: str | None = None
    outlet: str | None = None
    title: str | None = None
    origin: str = ""  # where it came from (path, path:line, "stdin"), for messages


class Role(str, Enum):
    """What a paragraph of captured page text is; only BODY (and HEADLINE) may yield records."""

    HEADLINE = "headline"
    BYLINE = "byline"
    DATELINE = "dateline"
    CAPTION = "caption"
    SUBHEADING = "subheading"
    BODY = "body"
    PULL_QUOTE = "pull_quote"
    TEASER = "teaser"
    PROMO = "promo"
    NOTICE = "notice"
    SIGNOFF = "signoff"
    COMMENT_MARKER = "comment_marker"
    COMMENT = "comment"


@dataclass(frozen=True)
class Paragraph:
    span: Span
    role: Role


@dataclass(frozen=True)
class Sentence:
    span: Span
    paragraph: int  # index into the article's paragraphs
    role: Role


@dataclass(frozen=True)
class Attribution:
    """One attribution relation: SOURCE (may be absent) CUE CONTENT, on any topic."""

    cue: Span
    cue_text: str
    content: Span
    source: Span | None = None
    source_text: str | None = None
    claimant: str | None = None  # canonical name of who claims it; None: the outlet speaks
    via: tuple[str, ...] = ()
    hedge: bool = False  # "reportedly", "allegedly": the outlet passes on an unnamed claim
    carried: bool = False  # carried over from an earlier sentence
    reporting: bool = True  # False: a stance ("endorsed the plan", "rejected the offer"), not a report of facts
    rules: tuple[str, ...] = ()  # how it was read (attr.*) and carried (rules/packs/attribution.toml)


@dataclass(frozen=True)
class Claim:
    """Who stands behind a stretch of text: the provenance every event and toll carries."""

    claimant: str | None
    verb: str | None
    via: tuple[str, ...] = ()


@dataclass(frozen=True)
class PlaceMention:
    """A place as written in the text; coordinates come from resolution when a gazetteer has them."""

    span: Span
    text: str
    name: str
    feature: str = "place"  # city, camp, neighbourhood, street, region, country, landmark…
    relation: str | None = None  # "east of", "near"…: the event was near, not at, the place
    locative: bool = True  # False for demonyms and countries standing for their governments: never an event's location
    latitude: float | None = None
    longitude: float | None = None
    geonames_id: int | None = None
    country: str | None = None
    admin1: str | None = None
    rules: tuple[str, ...] = ()  # how it was found (mention.*) and placed (geo.*): rules/packs/places.toml


@dataclass(frozen=True)
class Victims:
    """Whom a count denotes, as the rule that read it says (merging weighs a report's figures by it)."""

    kind: str = "count"  # "count" of people; one "person" told about; a "list" of people one by one; a "share" of a
    # count told before ("three of them"); "others" besides those counted before ("four others were hurt")
    besides: bool = False  # someone besides those told before: "another man was wounded", "a woman was also shot"
    all_hit: bool = False  # everyone hit, the dead among them: "four people were shot"
    ages: tuple[int, ...] = ()  # the ages told: "a 19-year-old man"


@dataclass(frozen=True)
class Count:
    """A casualty figure as written; ``value`` is None when the words give no exact number."""

    value: int | None
    text: str
    bound: str | None = None  # "at least", "over", "nearly"…
    rules: tuple[str, ...] = ()  # the casualty rule that read it, and any check that changed the reading
    victims: Victims = field(default_factory=Victims)


def counts_to_json(counts: tuple[Count, ...]) -> str:
    """The figures of a claim as the ledger stores them (claims.counts)."""
    return json.dumps([{"value": c.value, "text": c.text, "bound": c.bound, "rules": list(c.rules), "victims": c.victims.kind,
                        "besides": c.victims.besides, "all_hit": c.victims.all_hit, "ages": list(c.victims.ages)}
                       for c in counts], ensure_ascii=False)


def counts_from_json(stored: str | None) -> tuple[Count, ...]:
    """The figures of a stored claim ("[]" for claims stored before the ledger kept them)."""
    return tuple(Count(value=c["value"], text=c["text"], bound=c["bound"], rules=tuple(c["rules"]),
                       victims=Victims(kind=c["victims"], besides=c["besides"], all_hit=c["all_hit"], ages=tuple(c["ages"])))
                 for c in json.loads(stored or "[]"))


@dataclass(frozen=True)
class Event:
    """One claimed incident, as one source tells it (FORMAT.md kind "event")."""

    article_id: str
    evidence: Span
    claim: Claim
    event_type: str
    sub_event_type: str
    event_date: dt.date | None = None
    time_precision: int | None = None  # ACLED: 1 day, 2 week, 3 month
    date_stated: bool = False  # the date comes from the article's words, not from its publication date
    actor1: str | None = None
    actor2: str | None = None
    location: PlaceMention | None = None
    killed: int | None = None
    wounded: int | None = None
    casualty_group: str | None = None
    number_text: str | None = None
    weapon: str | None = None
    weapon_kind: str | None = None
    rules: tuple[str, ...] = ()  # the ids of the declared rules that made it and its fields, in order
    counts: tuple[Count, ...] = ()  # the figures read, in the order told (number_text joins their words)
    hedged: bool = False
    inter1: int | None = None  # ACLED's category of actor1 (1 state forces … 8 external/other), where known
    inter2: int | None = None
    assoc_actor1: str | None = None  # ACLED's associated actor: who a crowd was ("Egyptian demonstrators")
    evidence_in: str = "text"  # "title": the evidence spans Article.title (the body yielded no record)
    background: bool = False  # told as context (an earlier month or year than the story's): never an incident's figure


@dataclass(frozen=True)
class Toll:
    """A cumulative or running total, never an incident (FORMAT.md kind "toll")."""

    article_id: str
    evidence: Span
    claim: Claim
    killed: int | None = None
    wounded: int | None = None
    missing: int | None = None
    as_of: dt.date | None = None
    since: dt.date | None = None
    scope: str | None = None
    number_text: str | None = None
    evidence_in: str = "text"  # "title": the evidence spans Article.title
    rules: tuple[str, ...] = ()  # the ids of the declared rules that made it


@dataclass(frozen=True)
class Rejection:
    """An input that yields no records, and why (principle 4: nothing lost)."""

    origin: str
    stage: str
    reason: str
    article_id: str | None = None

    def message(self) -> str:
        """One line for a terminal or a log: the input, the stage, the reason, with control characters escaped."""
        from .errors import printable

        who = self.origin or self.article_id or "input"
        return printable(f"{who}: rejected at {self.stage}: {self.reason}")


@dataclass(frozen=True)
class CostBudget:
    """What one article may cost, so that no input can stall a worker or take its memory (a worker stays under
    1 GB: bench/worst_case.py measures it). Memory is bounded by construction: the parser never sees more than
    ``doc_chars`` as one Doc (longer runs of sentences, and longer sentences, are cut for parsing) nor more than
    ``batch_chars`` in one call; time by the characters an article may send to the parser, and by a wall-clock
    deadline for an article large enough to be run alone. An article over budget is rejected (E-PIPE-004)."""

    parse_chars: int = 300_000  # characters one article may send to the parser (about 20 s on one core)
    seconds: float = 45.0  # wall-clock for an article run alone; 0: no deadline
    solo_chars: int = 50_000  # an article with more text runs alone, under the deadline
    doc_chars: int = 25_000  # the longest text parsed as one Doc (ordinary paragraphs are shorter: they parse whole)
    batch_chars: int = 50_000  # the most characters given to one nlp.pipe call (its memory: about 7 MB per 1,000)


@dataclass(frozen=True)
class Extraction:
    """Everything the pipeline found in one article."""

    article: Article
    paragraphs: tuple[Paragraph, ...] = ()
    sentences: tuple[Sentence, ...] = ()
    attributions: tuple[Attribution, ...] = ()
    places: tuple[PlaceMention, ...] = ()
    events: tuple[Event, ...] = ()
    tolls: tuple[Toll, ...] = ()
    notes: tuple[str, ...] = field(default=())


@dataclass(frozen=True)
class IncidentClaim:
    """One stored event claim inside an incident: who says what, from which article, with what evidence."""

    claim_id: int
    article_id: str
    claimant: str | None
    verb: str | None
    via: tuple[str, ...]
    sub_event_type: str
    event_date: dt.date | None
    location: str | None
    killed: int | None
    wounded: int | None
    number_text: str | None
    evidence: str
    evidence_start: int
    evidence_end: int
    url: str | None = None
    outlet: str | None = None
    evidence_in: str = "text"
    rules: tuple[str, ...] = ()  # the declared rules that made the claim
    actor1: str | None = None  # who did it, as the claim tells it
    actor2: str | None = None  # to whom
    published: dt.date | None = None  # its article's publication date: a claimant's later figure updates its earlier
    claim_key: str | None = None  # the stable id a review follows across versions of the article
    review_status: str | None = None  # verified, rejected, corrected, flagged; None: unreviewed
    background: bool = False  # another article recalls this incident as context: listed apart, no figure
    counter_account: str | None = None  # the rule that reads it as denying the act or naming another cause

    @property
    def source(self) -> str:
        """Whom the claim is from: its claimant, or the outlet of its article speaking for itself."""
        return self.claimant or f"{self.outlet or self.article_id} (outlet)"


@dataclass(frozen=True)
class ClaimantFigures:
    """One claimant's figures for an incident: those of its latest article, then its earlier claims (an update such
    as "the toll rose to 116" supersedes the claimant's earlier figure; it does not rival it)."""

    source: str  # the claimant, or "OUTLET (outlet)" where the outlet speaks for itself
    killed: int | None
    wounded: int | None
    latest: tuple[IncidentClaim, ...]  # the claims of its latest article that tells a figure, figures first
    earlier: tuple[IncidentClaim, ...] = ()  # its claims in articles before, latest first

    @property
    def claims(self) -> tuple[IncidentClaim, ...]:
        return self.latest + self.earlier


def _figured(claim: IncidentClaim) -> bool:
    return claim.killed is not None or claim.wounded is not None


def claimant_figures(claims: tuple[IncidentClaim, ...]) -> tuple[ClaimantFigures, ...]:
    """The incident's claims grouped by claimant. A claimant's figure is the largest its latest article (by
    publication date) gives: a part ("among them 12 children") sits beside its total. Claimants with a figure first,
    the largest first."""
    groups: dict[str, list[IncidentClaim]] = {}
    for c in claims:
        groups.setdefault(c.source, []).append(c)
    out = []
    for source, members in groups.items():
        articles = sorted({c.article_id: c.published for c in members}.items(), key=lambda a: (a[1] or dt.date.min, a[0]), reverse=True)
        newest = next((a for a, _ in articles if any(_figured(c) for c in members if c.article_id == a)), articles[0][0])
        latest = sorted((c for c in members if c.article_id == newest), key=lambda c: (not _figured(c), c.evidence_start))
        rank = {a: i for i, (a, _) in enumerate(articles)}
        earlier = sorted((c for c in members if c.article_id != newest), key=lambda c: (rank[c.article_id], c.evidence_start))
        killed = max((c.killed for c in latest if c.killed is not None), default=None)
        wounded = max((c.wounded for c in latest if c.wounded is not None), default=None)
        out.append(ClaimantFigures(source, killed, wounded, tuple(latest), tuple(earlier)))
    return tuple(sorted(out, key=lambda g: (g.killed is None and g.wounded is None, -(g.killed or 0), -(g.wounded or 0), g.source)))


def incident_review_status(statuses: Sequence[str | None]) -> str:
    """An incident's review status from its claims': flagged when any is; unreviewed when none is reviewed; verified
    when every claim is verified, corrected or rejected (one at least kept); rejected when all are; else in review."""
    if "flagged" in statuses:
        return "flagged"
    if not any(statuses):
        return "unreviewed"
    if all(s == "rejected" for s in statuses):
        return "rejected"
    if all(s in ("verified", "corrected", "rejected") for s in statuses) and any(s in ("verified", "corrected") for s in statuses):
        return "verified"
    return "in review"


@dataclass(frozen=True)
class Incident:
    """One real-world incident merged across articles; its claims stand side by side, never averaged away.

    ``killed``/``wounded`` follow ``rule`` (default "lowest": the lowest figure among the claims that give
    one, as ACLED codes); ``*_low``/``*_best``/``*_high`` are UCDP's range over the same claims."""

    id: str
    event_type: str
    sub_event_type: str
    event_date: dt.date | None
    location: str | None
    admin1: str | None
    country: str | None
    latitude: float | None
    longitude: float | None
    killed: int | None
    wounded: int | None
    killed_low: int | None
    killed_best: int | None
    killed_high: int | None
    wounded_low: int | None
    wounded_best: int | None
    wounded_high: int | None
    contested: bool
    rule: str
    actors: tuple[str, ...]  # by role: the claims' commonest actor1, then their commonest other actor2, then the rest
    article_ids: tuple[str, ...]
    claims: tuple[IncidentClaim, ...]

    @cached_property
    def claimants(self) -> tuple[ClaimantFigures, ...]:
        return claimant_figures(tuple(c for c in self.claims if not c.background))

    @property
    def recalled(self) -> tuple[IncidentClaim, ...]:
        """Claims of other articles that recall this incident as background: listed apart, feeding no figure."""
        return tuple(c for c in self.claims if c.background)

    def holders(self, field: str, value: int | None) -> tuple[str, ...]:
        """Who claims ``value`` for ``field`` ("killed", "wounded"): the claimants whose figure it is."""
        if value is None:
            return ()
        return tuple(g.source for g in self.claimants if getattr(g, field) == value)

    @property
    def review_status(self) -> str:
        return incident_review_status([c.review_status for c in self.claims])

    @property
    def disagree_on(self) -> tuple[str, ...]:
        """The figures ("killed", "wounded") on which claimants differ; ``contested`` is the killed one's flag."""
        return tuple(figure for figure in ("killed", "wounded") if (figure == "killed" and self.contested)
                     or len({getattr(g, figure) for g in self.claimants if getattr(g, figure) is not None}) > 1)

    @property
    def disagreeing(self) -> tuple[str, ...]:
        """The claimants whose figures for the incident differ from another claimant's."""
        out: list[str] = []
        for figure in self.disagree_on:
            out += [g.source for g in self.claimants if getattr(g, figure) is not None and g.source not in out]
        return tuple(out)


@dataclass(frozen=True)
class TollPoint:
    """One reading of a cumulative toll in a claimant's series, with what changed since the reading before."""

    claimant: str | None
    scope: str
    as_of: dt.date | None
    killed: int | None
    wounded: int | None
    missing: int | None
    article_id: str
    evidence: str
    decrease: bool = False  # lower than the claimant's previous reading: a correction, or a different count
    jump: bool = False  # a rise far above the series' usual pace
    toll_key: str | None = None  # the stable id a review follows
    review_status: str | None = None  # verified, rejected, corrected, flagged; None: unreviewed


def thousands(value: Any) -> str:
    """A figure as people read it, with thousands separators ("35,233"); empty for none; other values as text."""
    if value is None or value == "":
        return ""
    return f"{value:,}" if isinstance(value, int) and not isinstance(value, bool) else str(value)


def _iso(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


AREA_FEATURES = frozenset({"continent", "country", "region", "admin1", "state", "province", "governorate", "district"})


def geo_precision(place: PlaceMention | None) -> int | None:
    """ACLED's geo_precision: 1 the place itself, 2 near or part of it, 3 a wider area stands for it."""
    if place is None or place.latitude is None:
        return None
    if place.feature in AREA_FEATURES:
        return 3
    return 2 if place.relation else 1


def evidence_source(article: Article, evidence_in: str) -> str:
    """The string a record's evidence offsets slice: the article's text, or its title for headline records."""
    return (article.title or "") if evidence_in == "title" else article.text


def _interaction(inter1: int | None, inter2: int | None) -> int | None:
    """ACLED's interaction code: the two actor categories, the lower first (17), or one and a zero (10)."""
    codes = sorted(c for c in (inter1, inter2) if c)
    return int(f"{codes[0]}{codes[1] if len(codes) > 1 else 0}") if codes else None


def event_record(event: Event, article: Article) -> dict[str, Any]:
    """The FORMAT.md record of an event; ``evidence_in`` says whether its offsets slice the text or the title."""
    place = event.location
    # a day the text does not fix is not asserted: event_date is null and the day assumed (publication) is told apart;
    # a story's own first date, told further on, is the text's (date.story)
    fixed = event.date_stated or "date.story.v1" in event.rules
    return {
        "kind": "event",
        "article_id": event.article_id,
        "evidence": event.evidence.of(evidence_source(article, event.evidence_in)),
        "evidence_start": event.evidence.start,
        "evidence_end": event.evidence.end,
        "evidence_in": event.evidence_in,
        "claimant": event.claim.claimant,
        "via": list(event.claim.via),
        "verb": event.claim.verb,
        "event_date": _iso(event.event_date) if fixed else None,
        "date_assumed": None if fixed else _iso(event.event_date),
        "time_precision": event.time_precision if fixed else None,
        "event_type": event.event_type,
        "sub_event_type": event.sub_event_type,
        "actor1": event.actor1,
        "assoc_actor_1": event.assoc_actor1,
        "actor2": event.actor2,
        "inter1": event.inter1,
        "inter2": event.inter2,
        "interaction": _interaction(event.inter1, event.inter2),
        "location": place.text if place else None,
        "admin1": place.admin1 if place else None,
        "country": place.country if place else None,
        "latitude": place.latitude if place else None,
        "longitude": place.longitude if place else None,
        "geo_precision": geo_precision(place),
        "geonames_id": place.geonames_id if place else None,
        "killed": event.killed,
        "wounded": event.wounded,
        "casualty_group": event.casualty_group,
        "number_text": event.number_text,
        "weapon": event.weapon,
        "weapon_kind": event.weapon_kind,
        "rules": list(event.rules),
        "hedged": event.hedged,
        "background": event.background,
    }


def toll_record(toll: Toll, article: Article) -> dict[str, Any]:
    return {
        "kind": "toll",
        "article_id": toll.article_id,
        "evidence": toll.evidence.of(evidence_source(article, toll.evidence_in)),
        "evidence_start": toll.evidence.start,
        "evidence_end": toll.evidence.end,
        "evidence_in": toll.evidence_in,
        "claimant": toll.claim.claimant,
        "via": list(toll.claim.via),
        "verb": toll.claim.verb,
        "killed": toll.killed,
        "wounded": toll.wounded,
        "missing": toll.missing,
        "as_of": _iso(toll.as_of),
        "since": _iso(toll.since),
        "scope": toll.scope,
        "number_text": toll.number_text,
        "rules": list(toll.rules),
    }


def place_record(place: PlaceMention, article_id: str) -> dict[str, Any]:
    return {
        "kind": "place",
        "article_id": article_id,
        "text": place.text,
        "start": place.span.start,
        "end": place.span.end,
        "name": place.name,
        "latitude": place.latitude,
        "longitude": place.longitude,
        "geonames_id": place.geonames_id,
        "country": place.country,
        "feature": place.feature,
        "rules": list(place.rules),
    }


def attribution_record(attr: Attribution, article_id: str) -> dict[str, Any]:
    return {
        "kind": "attribution",
        "article_id": article_id,
        "source": attr.source_text,
        "source_start": attr.source.start if attr.source else None,
        "source_end": attr.source.end if attr.source else None,
        "claimant": attr.claimant,
        "via": list(attr.via),
        "cue": attr.cue_text,
        "cue_start": attr.cue.start,
        "cue_end": attr.cue.end,
        "content_start": attr.content.start,
        "content_end": attr.content.end,
        "reporting": attr.reporting,
        "rules": list(attr.rules),
    }


def rejection_record(rejection: Rejection) -> dict[str, Any]:
    return {"kind": "rejection", **asdict(rejection)}


def incident_record(incident: Incident) -> dict[str, Any]:
    """The FORMAT.md ``incident`` record."""
    return {
        "kind": "incident",
        "incident_id": incident.id,
        "article_ids": list(incident.article_ids),
        "event_date": _iso(incident.event_date),
        "event_type": incident.event_type,
        "sub_event_type": incident.sub_event_type,
        "location": incident.location,
        "admin1": incident.admin1,
        "country": incident.country,
        "latitude": incident.latitude,
        "longitude": incident.longitude,
        "killed": incident.killed,
        "wounded": incident.wounded,
        "killed_low": incident.killed_low,
        "killed_best": incident.killed_best,
        "killed_high": incident.killed_high,
        "wounded_low": incident.wounded_low,
        "wounded_best": incident.wounded_best,
        "wounded_high": incident.wounded_high,
        "figure_rule": incident.rule,
        "contested": incident.contested,
        "review_status": incident.review_status,
        "disagree_on": list(incident.disagree_on),
        "disagreeing": list(incident.disagreeing),
        "killed_low_by": list(incident.holders("killed", incident.killed_low)),
        "killed_high_by": list(incident.holders("killed", incident.killed_high)),
        "wounded_low_by": list(incident.holders("wounded", incident.wounded_low)),
        "wounded_high_by": list(incident.holders("wounded", incident.wounded_high)),
        "claimants": [{"claimant": g.source, "killed": g.killed, "wounded": g.wounded,
                       "claim_ids": [c.claim_id for c in g.claims],
                       "earlier": [{"claim_id": c.claim_id, "killed": c.killed, "wounded": c.wounded} for c in g.earlier
                                   if c.killed is not None or c.wounded is not None]}
                      for g in incident.claimants],
        "actors": list(incident.actors),
        "claims": [
            {
                "claim_id": c.claim_id,
                "claim_key": c.claim_key,
                "review_status": c.review_status or "unreviewed",
                "article_id": c.article_id,
                "claimant": c.claimant,
                "verb": c.verb,
                "via": list(c.via),
                "sub_event_type": c.sub_event_type,
                "event_date": _iso(c.event_date),
                "location": c.location,
                "killed": c.killed,
                "wounded": c.wounded,
                "number_text": c.number_text,
                "evidence": c.evidence,
                "evidence_start": c.evidence_start,
                "evidence_end": c.evidence_end,
                "evidence_in": c.evidence_in,
                "url": c.url,
                "outlet": c.outlet,
                "rules": list(c.rules),
                "background": c.background,
                "counter_account": c.counter_account is not None,
            }
            for c in incident.claims
        ],
    }


def toll_point_record(point: TollPoint) -> dict[str, Any]:
    return {"kind": "toll_point", **{k: _iso(v) for k, v in asdict(point).items()}}

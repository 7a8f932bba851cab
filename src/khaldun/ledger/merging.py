"""Incidents: event claims merged across articles, incrementally, with every claim kept side by side.

A new claim is compared only with the incidents its blocking admits (same event family, anchor dates within
``WINDOW_DAYS``, not farther apart than ``MAX_KM`` when both are placed), so adding the N-th article costs its
candidates, not N. Each candidate is scored claim by claim on date, place, type, actors, figures, weapon and
the rarity-weighted overlap of the evidence's words; the best incident at or above ``MERGE_AT`` takes the claim,
otherwise the claim opens a new incident. An incident's own figure states its rule; rival figures are never
folded into one number without the claims that give them (``contested``).
"""
from __future__ import annotations

import datetime as dt
import difflib
import json
import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from ..model import Count, counts_from_json
from ..rules.engine import load_pack
from ..stages.dates import MONTH_ONLY  # a claim's time_precision when its text gives only the month ("in August")

WINDOW_DAYS = 3
ASSUMED_BACK_DAYS = 10  # how far before its publication an article whose text gives no day may tell an incident
MAX_KM = 50.0
APART_KM = 10.0  # two exact places farther apart than this are two incidents
NAMES_APART = 1.0
SAME_PLACE_KM = 0.5  # within one article, two gazetteer points this far apart are two places
MERGE_AT = 3.0
LINK_AT = 4.0  # an article's new incident joins a known one only on a stronger link than a single claim needs
# weights of the evidence that two claims tell one incident (tuned on GVA's dev split)
W_SAME_DAY, W_NEXT_DAY = 1.0, 0.3
W_PLACE = 2.0  # within 2 km (half within 15 km, or the same name unplaced)
W_TYPE = 1.0  # the same sub-event type
W_FIGURE = 1.0  # the same killed figure (half for wounded)
W_TEXT = 8.0  # times the rarity-weighted share of the evidence's words
W_SAME_ARTICLE = 2.0  # both claims from one article, in no two different places
W_ANAPHOR = 1.5  # one of them refers back to "the shooting", "the strike"
RULE = "lowest"  # ACLED's: the lowest figure among the reports that give one (each report's own largest)

# Event types whose claims may describe one incident; strategic developments merge only within their sub-type.
FAMILIES = {
    "Battles": "violence",
    "Explosions/Remote violence": "violence",
    "Violence against civilians": "violence",
    "Protests": "demonstration",
    "Riots": "demonstration",
}

STOP = frozenset(
    """the and for with that this from was were has have had are been being its their they them his her him
    she who whom which what when where while after before about into over than then there these those also
    said says say told tells according would could will can may might not but all any some one two three
    four five six seven eight nine ten more most other such only own same very just our out off per via
    monday tuesday wednesday thursday friday saturday sunday today yesterday tonight morning evening night
    afternoon week weeks day days month year years january february march april june july august
    september october november december""".split()
)
WORD = re.compile(r"[A-Za-z][A-Za-z'\-]{2,}")


RIVAL_FIGURE = '"claim.rival_figure.v1"'  # as it stands in a claim row's JSON list of rules
# "the shooting", "the strike", "Monday's attack": an act told before (a declared rule of the events pack)
ANAPHOR = load_pack("events").by_id("clause.act_told_before.v1").regex
NAMED_SITE = load_pack("events").by_id("merge.named_site.v1").regex
COUNTER_ACCOUNT = load_pack("events").by_id("merge.counter_account.v1")
# the kinds of site a name is compared within (a hospital's name against another medical site's, not a school's)
SITE_CLASSES = {"hospital": "medical", "clinic": "medical", "medical centre": "medical", "medical center": "medical",
                "school": "school", "kindergarten": "school", "university": "school", "mosque": "worship",
                "church": "worship", "synagogue": "worship", "market": "market", "theatre": "theatre",
                "theater": "theatre", "café": "cafe", "cafe": "cafe", "restaurant": "cafe", "stadium": "stadium"}
NOT_NAMES = frozenset({"the", "a", "an", "in", "at", "on", "of", "near", "its", "his", "her", "their", "this", "that",
                       "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
                       "february", "march", "april", "may", "june", "july", "august", "september", "october",
                       "november", "december", "old", "new", "private", "central", "general", "regional", "city",
                       "district", "main", "field", "maternity", "children's", "children’s"})
SAME_NAME = 0.7  # two spellings of one name ("Benadir", "Banadir") are at least this alike (difflib's ratio)


# a news address's date path ("/2024/08/" or "/2024/08/30/"): the month a page without a date of its own came out
ADDRESS_MONTH = re.compile(r"/((?:19|20)\d\d)/(0[1-9]|1[0-2])/")


def address_month(url: str | None) -> tuple[dt.date, dt.date] | None:
    """The first and last day of the month a page's address says it was published in, if it says one."""
    found = ADDRESS_MONTH.search(url or "")
    if not found:
        return None
    return month_span(dt.date(int(found.group(1)), int(found.group(2)), 1))


def counter_account(evidence: str) -> str | None:
    """The rule id when a claim denies the act or names another cause ("denied the allegations", "hit by an
    air-defence missile"): a counter-account of the incident it joins (merge.counter_account.v1)."""
    return COUNTER_ACCOUNT.id if COUNTER_ACCOUNT.regex.search(evidence) else None


def same_month(a: dt.date, b: dt.date) -> bool:
    return (a.year, a.month) == (b.year, b.month)


def month_span(day: dt.date) -> tuple[dt.date, dt.date]:
    """The first and last days of ``day``'s month."""
    following = dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return day.replace(day=1), following - dt.timedelta(days=1)


def family_of(event_type: str, sub_event_type: str) -> str:
    return FAMILIES.get(event_type, sub_event_type)


def terms_of(text: str) -> frozenset[str]:
    """The words of an evidence span that can tell one incident from another."""
    return frozenset(w for w in (m.group().lower().strip("'-") for m in WORD.finditer(text))
                     if len(w) >= 3 and w not in STOP)


def km_between(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(a)))


# an agent told only by a description ("a man", "Police", "gunmen") names no one: two claims sharing it are no sign
# of one incident, nor is Civilians, the victims' category (a named force or Protesters still are)
# heads of names of bodies that fight ("army", "militia", "police"): a claimant so named is a party
ARMED_BODIES = frozenset(load_pack("frames").by_id("frame.armed_bodies.v1").terms)
DESCRIPTION_WORDS = frozenset(load_pack("frames").by_id("frame.agent_heads.v1").terms) | {
    "a", "an", "the", "some", "two", "three", "several", "unidentified", "unknown", "armed", "local", "security",
    "suspected", "masked", "young", "old", "other", "another", "one"}


def generic_actor(name: str) -> bool:
    if name == "Civilians":
        return True  # the victims' category: most incidents' second actor, no sign of one incident
    words = re.findall(r"[a-z]+", name.lower())
    return bool(words) and all(w in DESCRIPTION_WORDS or w.rstrip("s") in DESCRIPTION_WORDS
                               or (w.endswith("men") and w[:-3] + "man" in DESCRIPTION_WORDS) for w in words)


@dataclass(frozen=True)
class ClaimFeatures:
    """What merging compares of one stored claim."""

    claim_id: int
    article: int  # the article row
    claimant: str | None
    evidence_start: int
    anchor_date: dt.date
    event_date: dt.date | None
    date_stated: bool  # False: the date was assumed from the publication date
    family: str
    sub_event_type: str
    location: str | None
    admin1: str | None
    country: str | None
    latitude: float | None
    longitude: float | None
    geo_precision: int | None
    actors: frozenset[str]
    killed: int | None
    wounded: int | None
    weapon: str | None
    terms: frozenset[str]
    anaphoric: bool = False  # "the shooting", "the strike": the evidence refers back to an incident already told
    sites: frozenset[tuple[str, str]] = frozenset()  # (kind of site, its name) the evidence names (merge.named_site.v1)
    time_precision: int = 1  # 3: only the month is known ("in August"), its date the month's 15th

    @classmethod
    def from_row(cls, row) -> "ClaimFeatures":
        return cls(
            claim_id=row.id, article=row.article_id, claimant=row.claimant, evidence_start=row.evidence_start, anchor_date=row.anchor_date,
            event_date=row.event_date, date_stated=bool(getattr(row, "date_stated", True)), family=row.family, sub_event_type=row.sub_event_type,
            location=(row.location or "").lower() or None, admin1=row.admin1, country=row.country, latitude=row.latitude, longitude=row.longitude,
            geo_precision=row.geo_precision, actors=frozenset(a for a in (row.actor1, row.actor2) if a and not generic_actor(a)),
            killed=row.killed, wounded=row.wounded, weapon=row.weapon, terms=frozenset(row.terms.split()),
            anaphoric=bool(ANAPHOR.search(row.evidence)),
            sites=named_sites(row.evidence, (row.location, row.admin1)),
            time_precision=getattr(row, "time_precision", None) or 1,
        )


@lru_cache(maxsize=8192)  # merging reads each stored claim's row again for every claim it compares it with
def named_sites(evidence: str, places: tuple[str | None, ...] = ()) -> frozenset[tuple[str, str]]:
    """The sites an evidence names, as (kind, name): "the Benadir children's hospital" → ("medical", "benadir").
    A name that is the claim's own place ("the Baidoa hospital") names no site of its own."""
    own = {p.lower() for p in places if p}
    out = set()
    for m in NAMED_SITE.finditer(evidence):
        kind = " ".join((m.group("kind") or m.group("kind2")).lower().split())
        name = ""
        for given in (m.group("pre"), m.group("post"), m.group("post2")):  # "Private medical centre Hodan": Hodan
            words = [w for w in (given or "").split() if w.lower().strip("'’") not in NOT_NAMES]
            name = " ".join(words).lower().removesuffix("'s").removesuffix("’s")
            if name:
                break
        if name and name not in own and kind in SITE_CLASSES:
            out.add((SITE_CLASSES[kind], name))
    return frozenset(out)


def _other_sites(a: ClaimFeatures, b: ClaimFeatures) -> bool:
    """Both claims name a site of one kind, and no name of the one is a spelling of a name of the other."""
    for kind in {k for k, _ in a.sites} & {k for k, _ in b.sites}:
        names_a = [n for k, n in a.sites if k == kind]
        names_b = [n for k, n in b.sites if k == kind]
        if not any(x in y or y in x or difflib.SequenceMatcher(None, x, y).ratio() >= SAME_NAME for x in names_a for y in names_b):
            return True
    return False


def text_similarity(a: frozenset[str], b: frozenset[str], idf: dict[str, float]) -> float:
    """Rarity-weighted Jaccard: sharing a victim's name counts far more than sharing "shooting"."""
    union = a | b
    if not union:
        return 0.0
    total = sum(idf.get(t, 1.0) for t in union)
    return sum(idf.get(t, 1.0) for t in a & b) / total if total else 0.0


def merge_score(new: ClaimFeatures, old: ClaimFeatures, idf: dict[str, float]) -> float | None:
    """How strongly two claims tell the same incident; None when they cannot (blocked)."""
    if new.family != old.family:
        return None
    if new.article == old.article and new.evidence_start == old.evidence_start and new.claimant == old.claimant:
        return None  # one sentence that yields two records from one source tells two incidents
    if _dates_apart(new, old):
        return None
    score = 0.0
    if new.event_date and old.event_date and MONTH_ONLY not in (new.time_precision, old.time_precision):
        days = abs((new.event_date - old.event_date).days)
        if new.date_stated and old.date_stated:
            score += W_SAME_DAY if days == 0 else W_NEXT_DAY if days == 1 else -1.0
        elif days == 0:
            score += W_SAME_DAY  # assumed dates: agreeing counts, disagreeing does not (one may be a guess)
    placed = new.latitude is not None and old.latitude is not None
    wide = (new.geo_precision or 1) >= 3 or (old.geo_precision or 1) >= 3
    if placed and not wide:
        km = km_between(new.latitude, new.longitude, old.latitude, old.longitude)  # type: ignore[arg-type]
        if km > MAX_KM:
            return None
        score += W_PLACE if km <= 2 else W_PLACE / 2 if km <= 15 else 0.0
    elif placed:  # one stands for a wider area (a county, a state): agreeing when that area holds the other
        score += W_PLACE / 2 if _same_area(new, old) else -0.5
    elif new.location and old.location:
        score += W_PLACE / 2 if new.location == old.location else -0.5
    if new.sub_event_type == old.sub_event_type:
        score += W_TYPE
    if new.actors & old.actors:
        score += 0.5
    if new.killed is not None and new.killed > 1 and new.killed == old.killed:
        score += W_FIGURE
    if new.wounded is not None and new.wounded > 1 and new.wounded == old.wounded:
        score += W_FIGURE / 2  # one person hurt is what most single-victim stories tell: no sign of one incident
    if new.weapon and new.weapon == old.weapon:
        score += 0.5
    score += W_TEXT * text_similarity(new.terms, old.terms, idf)
    if new.article == old.article and not (new.location and old.location and new.location != old.location
                                           and not (placed and wide and _same_area(new, old))):
        score += W_SAME_ARTICLE  # one story's later sentences usually go on telling its incident
    if new.article == old.article and (new.anaphoric or old.anaphoric):
        score += W_ANAPHOR  # "the shooting happened at 3 a.m.": the same story's incident, told on
    return score


def best_incident(new: ClaimFeatures, candidates: Mapping[int, Sequence[ClaimFeatures]], idf: dict[str, float]) -> int | None:
    """The incident whose closest claim scores highest, if that reaches MERGE_AT. A member on another day or
    in another town rules its whole incident out, so that chains of near matches cannot drift."""
    best, best_score = None, MERGE_AT
    for incident_id, members in candidates.items():
        if _hard_conflict(new, members):
            continue
        top = max((s for s in (merge_score(new, old, idf) for old in members) if s is not None), default=None)
        if top is not None and top >= best_score:
            best, best_score = incident_id, top
    return best


def linked_incident(own: Sequence[ClaimFeatures], candidates: Mapping[int, Sequence[ClaimFeatures]], idf: dict[str, float]) -> int | None:
    """An incident one article's new incident belongs to: its claims went together first (the same story's sentences
    score high with each other), but where any of them tells an incident already known (a street both articles name,
    a victim's name) as well as a single claim must, and none of them conflicts with it, the two are one."""
    best, best_score = None, LINK_AT
    for incident_id, members in candidates.items():
        if any(_hard_conflict(claim, members) for claim in own):
            continue
        top = max((s for s in (merge_score(c, old, idf) for c in own for old in members) if s is not None), default=None)
        if top is not None and top >= best_score:
            best, best_score = incident_id, top
    return best


def _hard_conflict(new: ClaimFeatures, members: Sequence[ClaimFeatures]) -> bool:
    for old in members:
        if new.family != old.family:
            return True
        if _dates_apart(new, old) or _apart(new, old):
            return True
    return False


def _dates_apart(a: ClaimFeatures, b: ClaimFeatures) -> bool:
    """Two dates both texts state that cannot be one incident's: more than WINDOW_DAYS apart, or, where either is
    only a month ("in August": any day of August), in different months."""
    if not (a.event_date and b.event_date and a.date_stated and b.date_stated):
        return False
    if MONTH_ONLY in (a.time_precision, b.time_precision):
        return not same_month(a.event_date, b.event_date)
    return abs((a.event_date - b.event_date).days) > WINDOW_DAYS


def _apart(a: ClaimFeatures, b: ClaimFeatures) -> bool:
    """Two places that cannot be one incident's: two differently named sites of one kind (two hospitals), both
    precise and farther apart than APART_KM (MAX_KM when either is only near a place), or, unplaced, two different
    named places in one article."""
    if _other_sites(a, b):
        return True
    if a.latitude is not None and b.latitude is not None:
        if (a.geo_precision or 1) >= 3 or (b.geo_precision or 1) >= 3:
            return not _same_area(a, b)
        limit = APART_KM if (a.geo_precision or 1) == 1 and (b.geo_precision or 1) == 1 else MAX_KM
        if a.article == b.article:
            limit = SAME_PLACE_KM  # one writer naming two places tells two incidents
        return km_between(a.latitude, a.longitude, b.latitude, b.longitude) > limit  # type: ignore[arg-type]
    if a.article == b.article and a.location and b.location and a.latitude is None and b.latitude is None and NAMES_APART:
        if STREET.search(a.location) and STREET.search(b.location):
            return False  # "on Edgewood Avenue" ... "outside the church on Auburn Avenue": one scene's streets
        return not (a.location in b.location or b.location in a.location)
    return False


# matched against the lower-cased names merging compares
STREET = re.compile(r"\b(?:Street|St|Avenue|Ave|Road|Rd|Drive|Dr|Boulevard|Blvd|Lane|Ln|Place|Court|Way|Highway|Parkway)\.?$", re.I)


def _same_area(a: ClaimFeatures, b: ClaimFeatures) -> bool:
    """Two placed claims, one of them only to a wider area: the same country and, where both name one, the same
    admin1 area ("Marion County" and Belleview, both in Florida)."""
    if a.country and b.country and a.country != b.country:
        return False
    return not (a.admin1 and b.admin1 and a.admin1 != b.admin1)


@dataclass(frozen=True)
class Figures:
    """An incident's summary over its claims; each field is a column of the ``incidents`` table."""

    event_type: str
    sub_event_type: str
    event_date: dt.date | None
    anchor_date: dt.date
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
    actors: str  # JSON list by role: the commonest actor1, the commonest other actor2, then the rest
    claim_count: int
    article_count: int


def _mode(values: Iterable, key=None):
    counts = Counter(v for v in values if v is not None)
    if not counts:
        return None
    top = max(counts.values())
    return min((v for v, n in counts.items() if n == top), key=key)


def _range(values: list[int]) -> tuple[int | None, int | None, int | None]:
    if not values:
        return None, None, None
    ordered = sorted(values)
    return ordered[0], ordered[(len(ordered) - 1) // 2], ordered[-1]


def _per_source(rows, field: str) -> list[int]:
    """Each report's figure: an article that gives several figures for one incident gives its parts ("a 20-year-old
    man was shot in the leg") and its total, so its largest is its figure; the incident's rule then weighs the
    reports. Rival claimants inside one article still stand apart in the claims and make the incident contested."""
    best: dict[int, int] = {}
    persons_only: dict[int, bool] = {}  # every figure the article gives for this field is one person told about
    for r in rows:
        value = getattr(r, field)
        if value is not None:
            best[r.article_id] = max(best.get(r.article_id, value), value)
            persons_only[r.article_id] = persons_only.get(r.article_id, True) and (_one_person(r) and value == 1 or _share(r))
    if field == "wounded":
        best = _wound_of_the_dead(rows, _shot_net_of_dead(rows, best))
    # "A 21-year-old man was shot in the leg" tells of one victim, "Three of them had gunshot wounds" of some of them,
    # not the incident's count: beside an article that gives a larger count, such a part is no rival lower figure
    parts = {article for article in best if persons_only[article]}
    whole = max((v for a, v in best.items() if a not in parts), default=None)
    figures = [v for a, v in best.items() if a not in parts or v >= whole] if parts and whole is not None else list(best.values())
    # a figure the extraction read as another claimant's of the act told before (claim.rival_figure.v1) is its own
    told_as_rival = [getattr(r, field) for r in rows if getattr(r, field) is not None
                     and RIVAL_FIGURE in (getattr(r, "rules", None) or "")]
    return figures + _rival_claimants(rows, field, best) + told_as_rival


def _rival_claimants(rows, field: str, best: dict[int, int]) -> list[int]:
    """Within one article, parties to the fighting whose figures for the same act differ ("the militia said seven
    soldiers were killed … the army confirmed that one of its soldiers was killed"): each party's figure is a rival of its own,
    if told of the same day and place. A share ("three of them"), someone besides ("two other people") or a person
    described ("a 20-year-old man") is a part, not a rival; so are the smaller figures beside an outlet's own."""
    out: list[int] = []
    for article, value in best.items():
        told_here = [r for r in rows if r.article_id == article and getattr(r, field) is not None]
        top = [r for r in told_here if getattr(r, field) == value]
        if not top or any(not getattr(r, "claimant", None) or not _party(r.claimant) for r in top):
            continue  # the outlet's own figure, or a witness's: the smaller figures others give are details of it
        own: dict[str, int] = {}
        for r in told_here:
            figure = getattr(r, field)
            told = next((c.victims for c in _counts(r) if c.value == figure), None)
            if not getattr(r, "claimant", None) or not _party(r.claimant) or (told is not None and (
                    told.kind in ("share", "others") or told.besides or (told.kind == "person" and told.ages))):
                continue
            if not any(_same_act(r, t) for t in top):
                continue  # "on Friday morning alone, shelling killed eight in the camp": another act the article tells
            own[r.claimant] = max(own.get(r.claimant, figure), figure)
        holders = {r.claimant for r in top}
        out += [v for c, v in own.items() if c not in holders and v != value]
    return out


def _party(claimant: str) -> bool:
    """A claimant that is a party to the fighting ("the army", "the Northern Front militia", "Israeli military"), whose
    own figure rivals another's; a relative, a reporter or a spokesman named in person tells details."""
    words = re.findall(r"[a-z]+", claimant.lower())
    return bool(words) and (words[-1] in ARMED_BODIES or words[-1].rstrip("s") in ARMED_BODIES)


def _same_act(a, b) -> bool:
    """Two claims of one article tell the same act: no different day stated, no different place."""
    day_a, day_b = getattr(a, "event_date", None), getattr(b, "event_date", None)
    if day_a and day_b and day_a != day_b and getattr(a, "date_stated", False) and getattr(b, "date_stated", False):
        return False
    where_a, where_b = getattr(a, "location", None), getattr(b, "location", None)
    return not (where_a and where_b and where_a != where_b)


@lru_cache(maxsize=4096)
def _stored_counts(stored: str | None) -> tuple[Count, ...]:
    return counts_from_json(stored)


def _counts(row) -> tuple[Count, ...]:
    """The figures a claim row was read from, each with whom it denotes (the casualty rules' reading, stored)."""
    return _stored_counts(getattr(row, "counts", None))


def _shot_net_of_dead(rows, best: dict[int, int]) -> dict[int, int]:
    """"A 13-year-old boy and six other people were shot" ... "The 13-year-old was dead on the scene": seven hit, six
    wounded. A count of people shot includes the dead its article tells of apart (GVA and ACLED count the wounded
    without the dead); a count of others ("three others were shot"), of someone besides ("another man was also shot")
    or one told with its dead does not."""
    out = dict(best)
    for article, value in best.items():
        own = [r for r in rows if r.article_id == article]
        source = next(r for r in own if r.wounded == value)
        told = _counts(source)
        last = told[-1].victims if told else None
        if source.killed is not None or last is None or not last.all_hit or last.kind == "others" or last.besides:
            continue
        dead = max((r.killed for r in own if r.killed is not None), default=None)
        if dead and dead <= value:  # "four were shot" and four dead: no one wounded
            out[article] = value - dead
    return out


def _wound_of_the_dead(rows, best: dict[int, int]) -> dict[int, int]:
    """"The boy was shot in the chest" ... "He died at the hospital": an article that tells of one death and, apart from
    it, of one person hit tells of one victim, whose wound is no second casualty: no one wounded. A wound told with its
    own death in one claim ("one killed, one hurt"), or of another person ("a woman was also shot"), stays a wound."""
    out = dict(best)
    for article, value in best.items():
        if value != 1:
            continue
        own = [r for r in rows if r.article_id == article]
        hurt = [r for r in own if r.wounded is not None]
        dead = [r for r in own if r.killed is not None]
        if max((r.killed for r in dead), default=None) != 1:
            continue
        if all(r.killed is None and _one_person(r) and not _besides(r) for r in hurt) and not _other_age(hurt, dead):
            out[article] = 0  # the one hit died: no one else hurt, as "four shot, four dead" is none
    return _wound_told_before_the_death(rows, out)


def _besides(row) -> bool:
    """A figure told of someone besides those told before ("another man was wounded", "four others were hurt")."""
    return any(c.victims.besides or c.victims.kind == "others" for c in _counts(row))


def _ages(rows) -> set[int]:
    return {age for r in rows for c in _counts(r) for age in c.victims.ages}


def _other_age(hurt, dead) -> bool:
    """"The 19-year-old … was pronounced dead" and "the 14-year-old was taken to the hospital": two people."""
    hurt_ages, dead_ages = _ages(hurt), _ages(dead)
    return bool(hurt_ages and dead_ages and not hurt_ages & dead_ages)


def _wound_told_before_the_death(rows, best: dict[int, int]) -> dict[int, int]:
    """"A 4-year-old girl is in critical condition after she shot herself" in one article, "A 4-year-old girl has died"
    in another: where the incident's articles tell of one death, and those that tell it give no one else hurt, an
    article that tells only of one person hit (and of no death) tells of the same victim before the death."""
    dead_rows = [r for r in rows if r.killed is not None]
    dead = {r.article_id for r in dead_rows}
    if not dead or max(r.killed for r in dead_rows) != 1:
        return best
    if any(best.get(article, 0) for article in dead):
        return best  # those telling the death name someone else hurt: "a woman was also shot"
    out = dict(best)
    for article, value in best.items():
        own = [r for r in rows if r.article_id == article and r.wounded is not None]
        if value == 1 and article not in dead and all(_one_person(r) and not _besides(r) for r in own) and not _other_age(own, dead_rows):
            out[article] = 0
    return out


def _share(row) -> bool:
    """The claim's first figure is a share of a count told before: "Three of them had gunshot wounds"."""
    told = _counts(row)
    return bool(told) and told[0].victims.kind == "share"


def _one_person(row) -> bool:
    """The claim's first figure is one person told about ("A 21-year-old man was shot", "Paris Williams was killed",
    "he died"), not a count ("one person")."""
    told = _counts(row)
    return bool(told) and told[0].victims.kind == "person"


def _disagree(rows, field: str) -> bool:
    """Two different sources (claimants, or outlets speaking themselves) give different figures."""
    by_source: dict[str, set[int]] = {}
    for r in rows:
        value = getattr(r, field)
        if value is not None:
            by_source.setdefault(r.claimant or f"outlet:{r.article_id}", set()).add(value)
    figures = [v for values in by_source.values() for v in values]
    return len(by_source) > 1 and len(set(figures)) > 1


def summarize(rows: Sequence) -> Figures:
    """The incident's figures over its claim rows (the ``claims`` table), by the rule RULE."""
    sub = _mode((r.sub_event_type for r in rows), key=lambda v: v)
    event_type = next(r.event_type for r in rows if r.sub_event_type == sub)
    # a date the articles state outweighs one assumed from a publication date
    dated = [r for r in rows if r.event_date and getattr(r, "date_stated", False)]
    # and a day outweighs a month ("on August 24" over "in August")
    stated = [r.event_date for r in ([r for r in dated if (r.time_precision or 1) < MONTH_ONLY] or dated)]
    date = _mode(stated or (r.event_date for r in rows), key=lambda v: v)
    placed = [r for r in rows if r.latitude is not None]
    if placed:
        best = min(placed, key=lambda r: (r.geo_precision or 1, r.evidence_start))
        location = _mode((r.location for r in placed if (r.geo_precision or 1) == (best.geo_precision or 1)), key=lambda v: v)
        where = next(r for r in placed if r.location == location)
    else:
        location = _mode((r.location for r in rows), key=lambda v: v)
        where = next((r for r in rows if r.location == location), rows[0])
    killed, wounded = _per_source(rows, "killed"), _per_source(rows, "wounded")
    k_low, k_best, k_high = _range(killed)
    w_low, w_best, w_high = _range(wounded)
    # by role: who did it most claims say, then to whom (another actor), then every other name the claims give
    doers = Counter(r.actor1 for r in rows if r.actor1)
    first = doers.most_common(1)[0][0] if doers else None
    targets = Counter(r.actor2 for r in rows if r.actor2 and r.actor2 != first)
    second = targets.most_common(1)[0][0] if targets else None
    others = Counter(a for r in rows for a in (r.actor1, r.actor2) if a and a not in (first, second))
    actors = [a for a in (first, second) if a] + [a for a, _ in others.most_common()]
    return Figures(
        event_type=event_type, sub_event_type=sub, event_date=date,
        anchor_date=date or min(r.anchor_date for r in rows),
        location=where.location if location else None, admin1=where.admin1 if location else None,
        country=where.country if location else None,
        latitude=where.latitude if location else None, longitude=where.longitude if location else None,
        killed=k_low, wounded=w_low, killed_low=k_low, killed_best=k_best, killed_high=k_high,
        wounded_low=w_low, wounded_best=w_best, wounded_high=w_high,
        # the fatality figure is the one in dispute (ACLED's only figure); a wounded count that differs is shown by
        # the incident's ``disagree_on``, not flagged as a contested incident
        contested=_disagree(rows, "killed"),
        actors=json.dumps(actors, ensure_ascii=False),
        claim_count=len(rows), article_count=len({r.article_id for r in rows}),
    )

"""Resolving place mentions to gazetteer entries, by the article's context.

Candidates come from the gazetteer by name. Each is scored by: the countries the article is about (its
actors' countries, the countries it names, its places that have one reading only), closeness to the
article's other places, the feature the text names ("X camp" wants a camp, "X region" an admin1 area),
population, and whether the spelling matched exactly or only loosely. Two passes: the second scores
closeness against the first pass's choices, so "Rafah" beside "Khan Younis" is Gaza's, not Egypt's, and
"Sabra" beside Gaza City is the neighbourhood, not the Libyan town.
"""
from __future__ import annotations

import bisect

import math
import re
from collections import Counter
from collections.abc import Set
from dataclasses import replace

from ..resources.actors import ActorRegistry
from ..resources.gazetteer import Gazetteer, GazetteerPlace, exact_key, km
from .places import ADMIN1_COUNTRY, WORLD_REGIONS, dateline
from ..model import PlaceMention

# what a mention's own head word asks for
WANTS = {"camp": {"camp"}, "neighbourhood": {"neighbourhood", "camp"}, "region": {"region"}, "district": {"district", "region"},
         "crossing": {"crossing"}, "corridor": {"corridor"}, "country": {"country"}}


STRICT = {"street": {"street"}, "landmark": {"landmark"}, "neighbourhood": {"neighbourhood", "camp"}}


TAKEN_TO = re.compile(r"\b(?:hospital|clinic|medical|trauma|burn)\b", re.I)


def _candidates(gazetteer: Gazetteer, mention: PlaceMention) -> tuple[GazetteerPlace, ...]:
    if mention.feature == "demonym":  # a country's code ("RU"), or an area's name: "English" is England, not English, Indiana
        if len(mention.name) == 2 and mention.name.isupper():
            country = gazetteer.country(mention.name)
            return (country,) if country else ()
        return tuple(c for c in gazetteer.lookup(mention.name) if c.exact and c.feature in ("country", "continent", "region"))
    found: tuple[GazetteerPlace, ...] = ()
    if mention.text != mention.name and mention.feature != "region":
        # "Marion County", "Midwest City": a name with its head word is often a place's whole name
        found = tuple(c for c in gazetteer.lookup(mention.text) if c.exact)
    found = found or gazetteer.lookup(mention.name)
    if not found and mention.text != mention.name:
        found = gazetteer.lookup(mention.text)
    if found and not found[0].exact:
        # a loose key forgives vowels and doubled letters ("Zaytoun", "Zeitoun"); a spelling that far from the
        # place's ("Paletwa" for Poltava) is another name
        key = exact_key(mention.name)
        found = tuple(c for c in found if c.curated or _similar(key, exact_key(c.name)) >= 0.65)
    if mention.admin1:  # "Albion, N.Y.": the text names the town's state ("N.Y.": the state itself)
        # (a place GeoNames gives no admin1 name, as Washington in D.C., is not ruled out)
        # (the hint is a US state: Uruguay's department of Florida is not it)
        found = tuple(c for c in found if c.country == ADMIN1_COUNTRY.get(mention.admin1, "US") and c.admin1 in (mention.admin1, None))
    if mention.text in WORLD_REGIONS and not mention.admin1:  # "the Atlantic": the ocean, not Atlantic, Iowa
        found = tuple(c for c in found if c.feature in ("continent", "region", "country") or c.curated)
    if mention.feature in STRICT:  # "North Street" is a street, not the hamlet of North Street; "the Austin
        # neighborhood" is part of a city, not the city of Austin
        strict = tuple(c for c in found if c.feature in STRICT[mention.feature])
        if not strict and mention.feature == "landmark" and not TAKEN_TO.search(mention.text):
            # "Amsterdam airport": a landmark named after a city of note lies at it (not "a Knoxville hospital", where the
            # wounded were taken, often far from the scene)
            strict = tuple(c for c in found if c.exact and (c.population >= 100_000 or c.curated))
        found = strict
    short_caps = mention.text.replace(".", "").isupper() and len(mention.text.replace(".", "")) <= 4
    if short_caps and mention.name == mention.text:  # "US", "UK", "DRC": codes of countries, not villages called Us
        found = tuple(c for c in found if c.feature in ("country", "region") or c.curated)  # "BC": British Columbia
    return found


def _country_code(gazetteer: Gazetteer, country: str) -> str | None:
    """The ISO code of a country named so ("Myanmar" → "MM"), or the code itself."""
    if len(country) == 2 and country.isupper():
        return country
    return next((c.country for c in gazetteer.lookup(country) if c.feature == "country" and c.exact), None)


def _similar(a: str, b: str) -> float:
    """1 − the edit distance of two keys over the longer's length."""
    if a == b:
        return 1.0
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return 1 - prev[-1] / max(len(a), len(b))


def _vote(found: tuple[GazetteerPlace, ...], names_a_country: bool) -> int:
    """How much a mention of one reading tells of the story's country: an area or a country much, a place 2, a
    village or a loose spelling little ("Katur" has one reading, in Indonesia, beside "North Darfur")."""
    if not any(c.exact for c in found) or all(c.feature == "village" for c in found):
        return 1
    return 4 if names_a_country or all(c.feature in ("region", "country") for c in found) else 2


def _namesake_penalties(mention: PlaceMention, found: tuple[GazetteerPlace, ...], scores: list[float]) -> None:
    """Lower, in place, the readings a name's news sense rules out: a world city's name ("London", "Venice") where the
    text places it nowhere is not a namesake a hundredth its size unless the story's other places are around it
    (nearness, later); a bare name that is a big US city's and a state's ("Washington", "New York") is the city."""
    key = exact_key(mention.text)
    biggest = max((c.population for c in found if c.exact and exact_key(c.name) == key), default=0)
    if biggest >= 1_000_000 and not mention.admin1:
        for i, c in enumerate(found):
            if c.population * 100 < biggest:
                scores[i] -= 2.0
    if mention.feature not in WANTS and _us_city_named(found, mention, 500_000):
        for i, c in enumerate(found):
            if c.feature == "region":
                scores[i] -= 1.0


def _neighbours(code: str | None) -> set[str]:
    """The countries bordering one (GeoNames' neighbours), by ISO code."""
    from ..resources.countries import countries

    entry = countries().get(code) if code else None
    return set((entry.get("neighbours") or "").split(",")) - {""} if entry else set()


def _score(c: GazetteerPlace, mention: PlaceMention, countries: Counter, total: int, areas: Set[str] = frozenset(),
           us_story: bool = False) -> float:
    """How well one candidate fits the mention and the article, before nearness to the other places."""
    score = math.log10(c.population + 10) / 2.5
    if us_story and c.country == "US" and c.feature == "region" and exact_key(c.name) == exact_key(mention.text):
        score += 3.5  # "shot in Georgia" in a story told from Atlanta: the state, not the country
    score += {"continent": 2.5, "country": 3.0}.get(c.feature, 0.0)
    if total:
        score += 3.0 * countries.get(c.country, 0) / total
    wants = WANTS.get(mention.feature)
    if wants and c.feature in wants:
        score += 2.0
    elif c.feature == "region":
        score -= 0.5  # a bare "Kherson" is the city; "Kherson region" asks for the area
    if c.admin1 and c.feature != "region" and not mention.admin1 and exact_key(c.admin1) in areas:
        score += 2.5  # "Hryhorivka, Donetsk": the article names the candidate's own admin1 area
    if not c.exact:
        score -= 1.5
    elif exact_key(c.name) == exact_key(mention.text):
        score += 0.5  # its own name, not another place's old or alternate one ("Knoxville" for Frazeysburg)
    return score


class Anchors:
    """The article's first picks, for nearness: sorted by latitude so that a candidate meets only those within 200 km
    of it in latitude (not every pick: an article naming a place 3,000 times would cost 9 million distances). Picks at
    one point are kept three times at most: nearness leaves out two (the candidate itself and the mention's own pick),
    so three always tell whether another remains. The answers are those of comparing with every pick."""

    def __init__(self, picks: list[GazetteerPlace]) -> None:
        per_point: dict[tuple[float, float], list[GazetteerPlace]] = {}
        for a in picks:
            kept = per_point.setdefault((a.latitude, a.longitude), [])
            if len(kept) < 3 and not any(k is a for k in kept):
                kept.append(a)
        self.places = sorted((a for kept in per_point.values() for a in kept), key=lambda a: a.latitude)
        self.latitudes = [a.latitude for a in self.places]

    def nearness(self, c: GazetteerPlace, besides: GazetteerPlace | None = None) -> float:
        """+2 within 50 km of another of the article's places, +1 within 200 km (``besides``: a pick left out)."""
        best = 0.0
        lo = bisect.bisect_left(self.latitudes, c.latitude - 1.81)  # over 200 km apart in latitude alone
        hi = bisect.bisect_right(self.latitudes, c.latitude + 1.81)
        for a in self.places[lo:hi]:
            if a is c or a is besides:
                continue
            d = km(c.latitude, c.longitude, a.latitude, a.longitude)
            if d < 50:
                return 2.0
            if d < 200:
                best = 1.0
        return best


def _in_dateline(mention: PlaceMention, text: str) -> bool:
    """Whether the mention is the town of a dateline opening its paragraph."""
    line = text.rfind("\n", 0, mention.span.start) + 1
    if mention.span.start - line > 40:
        return False
    m = dateline(text[line:line + 200])
    return m is not None and line + m.start("town") <= mention.span.start < line + m.end("town")


def _us_city_named(found: tuple[GazetteerPlace, ...], mention: PlaceMention, population: int) -> bool:
    """Whether a US city of at least ``population`` has the mention's own name ("Washington", "New York")."""
    key = exact_key(mention.text)
    # its own name or the start of it: "New York" is New York City's, "Washington" Washington, D.C.'s
    return any(c.feature == "city" and c.country == "US" and c.population >= population and c.exact and exact_key(c.name).startswith(key)
               for c in found)


def _without_small_namesakes(found: tuple[GazetteerPlace, ...], mention: PlaceMention) -> tuple[GazetteerPlace, ...]:
    """A name that is a big US city's own ("Washington"), where the text places it in no state, means that city, not
    a village of the name that happens to lie near the story's other places."""
    if mention.admin1 or not _us_city_named(found, mention, 500_000):
        return found
    return tuple(c for c in found if c.feature not in ("village", "town"))


def resolve_mentions(mentions: list[PlaceMention], gazetteer: Gazetteer, text: str, registry: ActorRegistry) -> list[PlaceMention]:
    """The mentions with coordinates, country, admin1 and GeoNames id where the gazetteer has them."""
    # "Atlanta, Texas" once places every "Atlanta" of the article in Texas
    placed_in: dict[str, str] = {}
    for m in mentions:
        if m.admin1 and m.feature != "region":
            placed_in.setdefault(exact_key(m.text), m.admin1)
    hinted = [replace(m, admin1=placed_in[exact_key(m.text)]) if not m.admin1 and exact_key(m.text) in placed_in else m for m in mentions]
    cands = [_without_small_namesakes(_candidates(gazetteer, h), h) for h in hinted]
    countries: Counter = Counter()
    for actor in (a.actor for a in registry.find(text)):
        code = _country_code(gazetteer, actor.country) if actor.country else None
        if code:  # the registry names countries ("Myanmar"); candidates carry ISO codes ("MM")
            countries[code] += 1
    for found, m in zip(cands, mentions):
        if m.feature == "in_name":  # "The Washington Post" in a story from Gaza says little of where it is
            country = next((c.country for c in found if c.feature == "country"), None)
            if country:  # "Myanmar military": a little
                countries[country] += 1
            continue
        # a loose spelling of a village is no evidence of its country ("Geel Gub" is not Gouélégui Béoué); of an area it is
        codes = {c.country for c in found if c.country and (c.exact or c.feature in ("region", "country"))}
        named = max((c for c in found if c.feature == "country"), key=lambda c: c.population, default=None)
        if len(codes) == 1 or named:
            countries[named.country if named else next(iter(codes))] += _vote(found, named is not None)
    total = sum(countries.values())
    # capitalised words and pairs of them: an admin1 area named anywhere ("Ivanivka, Poltava") counts, found as a place or not
    words = re.findall(r"[A-Z][\w'’-]+", text)
    areas = {exact_key(w) for w in words} | {exact_key(a + b) for a, b in zip(words, words[1:])} | {exact_key(m.name) for m in mentions}
    us_story = bool(total) and countries.get("US", 0) / total >= 0.25
    # a state's reading, unless a big city has the name ("Washington": what the news means by it is the city)
    state_reading = [us_story and not _us_city_named(f, m, 100_000) for m, f in zip(mentions, cands)]
    base = [[_score(c, m, countries, total, areas, states) for c in f] for m, f, states in zip(mentions, cands, state_reading)]
    for m, f, b in zip(mentions, cands, base):
        _namesake_penalties(m, f, b)
    picks: list[GazetteerPlace | None] = [f[max(range(len(f)), key=b.__getitem__)] if f else None for f, b in zip(cands, base)]
    anchors = [p for p, m in zip(picks, mentions) if p is not None and p.feature not in ("country", "continent", "region")
               and m.feature != "in_name"]
    # second pass: nearness to the other mentions' first picks (not to the mention's own)
    index = Anchors(anchors)
    picks = [f[max(range(len(f)), key=lambda i: b[i] + index.nearness(f[i], p))] if f else None
             for f, b, p in zip(cands, base, picks)]
    # where the article clearly is about some countries, a small place elsewhere is a homonym, not a finding:
    # better no coordinates than a village in another country
    main = {cc for cc, n in countries.items() if total and n / total >= 0.25}
    # likewise within the US: where the text puts its towns in one state ("KILLEEN, Texas –"), a small town of another
    # state that the text does not place there itself is a homonym ("Hill" is not Hill City, Kansas)
    stated = {m.admin1 for m in mentions if m.admin1}
    # a dateline without its state ("SAN ANTONIO - "): the state of the city it names, where that is a city
    stated = stated or {p.admin1 for p, m in zip(picks, mentions) if p is not None and p.country == "US" and p.admin1
                        and p.feature == "city" and _in_dateline(m, text)}
    state = next(iter(stated)) if len(stated) == 1 else None
    # a country the text names itself ("Manbij … in Syria") is not "elsewhere", however little the story is about it
    named_countries = {p.country for p, m in zip(picks, mentions) if p is not None and p.feature == "country" and m.feature != "in_name"}

    def homonym(p: GazetteerPlace | None, m: PlaceMention) -> bool:
        if p is not None and not p.exact and not p.curated and (not countries.get(p.country) or main and p.country not in main):
            return True  # a spelling variant is sought among the story's own countries: "Khayelitsha" is not Kielce
        if p is None or p.feature not in ("village", "town") or p.curated or p.population >= 50_000:
            return False
        if main and p.country not in main and p.country not in named_countries and not (p.exact and _neighbours(p.country) & main):
            return True  # a place named exactly just across the story's border ("Majdal Shams" in a story from Israel) is no homonym
        return state is not None and p.country == "US" and p.admin1 != state and not m.admin1

    def fallback(f: tuple[GazetteerPlace, ...], b: list[float], p: GazetteerPlace | None, m: PlaceMention) -> GazetteerPlace | None:
        # a homonym near the story's other places lost to the name's big bearer ("London" beside a US town): the
        # best-scored candidate that is no homonym, if any
        if not homonym(p, m):
            return p
        rest = [i for i in range(len(f)) if not homonym(f[i], m)]
        return f[max(rest, key=b.__getitem__)] if rest else None

    chosen = [fallback(f, b, p, m) for f, b, p, m in zip(cands, base, picks, mentions)]
    out = []
    for m, best, p in zip(mentions, picks, chosen):  # best: the top-scored candidate; p: the one kept
        if p is None:
            # a homonym dropped: better no coordinates than a village in another country
            out.append(replace(m, rules=(*m.rules, "geo.homonym_dropped.v1")) if best is not None else m)
            continue
        out.append(replace(m, name=p.name, latitude=p.latitude, longitude=p.longitude, geonames_id=p.geonames_id,
                           country=p.country, admin1=p.admin1, feature=m.feature if m.feature != "place" else p.feature,
                           rules=(*m.rules, "geo.gazetteer.v1")))
    return out

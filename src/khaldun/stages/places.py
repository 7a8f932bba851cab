"""Place mentions as written: spaCy's GPE/LOC/FAC entities complemented by patterns, because the
small model misses many Middle East and Ukrainian names ("X refugee camp", "X neighbourhood",
"X Street", "the X axis", "near the Y mosque", "in Capitalised Name"), relative positions
("east of Rafah"), and no demonyms or organisations named after places ("Israeli Army Radio",
"Gaza's Ministry of Health"). Resolution to coordinates is the gazetteer's work.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from importlib import resources

from ..resources.actors import ActorRegistry
from ..model import PlaceMention, Span

HEADS = {
    "refugee camp": "camp", "camp": "camp", "neighborhood": "neighbourhood", "neighbourhood": "neighbourhood",
    "district": "district", "street": "street", "road": "street", "avenue": "street", "area": "area",
    "village": "village", "town": "town", "city": "city", "region": "region", "province": "region",
    "governorate": "region", "state": "region", "oblast": "region", "township": "district", "county": "district",
    "axis": "corridor", "corridor": "corridor", "crossing": "crossing", "junction": "landmark", "intersection": "landmark",
    "roundabout": "landmark", "hospital": "landmark", "mosque": "landmark", "church": "landmark", "school": "landmark",
    "clinic": "landmark", "square": "landmark", "market": "landmark", "port": "landmark", "airport": "landmark",
    "base": "landmark", "air base": "landmark", "bridge": "landmark", "hills": "area", "hill": "area",
    "valley": "region", "strip": "region", "bank": "region", "ward": "district", "quarter": "neighbourhood",
    "settlement": "town", "settlements": "town", "raion": "district", "district council": "district",
}
SPECIFICITY = {"origin": 9, "street": 0, "landmark": 0, "neighbourhood": 1, "camp": 1, "area": 2, "corridor": 2, "crossing": 1,
               "village": 2, "town": 2, "city": 3, "place": 3, "district": 4, "region": 5, "country": 6}
CAP = r"(?:Al|al|El|el|Ad|ad|As|as|Ash|ash|An|an|At|at|Az|az|Ar|ar|Abu|Bani|Beit|Bait|Deir|Tal|Tell|Khan|Wadi|Ein|Bir|Jabal|Jebel|Sheikh|Mar|San|St\.?|de|del|la|le|[A-Z][\w'’.]*)"
PARTICLE = r"(?:al|el|ad|as|ash|an|at|az|ar|de|del|la|le|ibn|bin|bint)"
# a weekday ends a name: "the city of Belgorod Saturday" names Belgorod
WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
NAME = rf"(?-i:[A-Z][\w'’.]*(?:[- ](?:{PARTICLE}[- ])?(?!{WEEKDAY})(?:[A-Z][\w'’.]*|\d+\b))*)"
HEAD_RE = "|".join(sorted((re.escape(h) for h in HEADS), key=len, reverse=True))
# "Jabaliya refugee camp", "the Zeytoun neighborhood", "Sikka Street", "the Netzarim axis"
NAMED_HEAD = re.compile(rf"\b(?P<name>{NAME})\s+(?P<head>{HEAD_RE})\b", re.I)
# "the districts of Hodan and Wadajir", "the town of X", "the city of X"
HEAD_OF = re.compile(rf"\b(?:the\s+)?(?P<head>{HEAD_RE})s?\s+of\s+(?P<name>{NAME})(?:\s+and\s+(?P<name2>{NAME}))?", re.I)
# right after a named head: "of" and a name ("the Lower Shabelle town of Afgooye")
HEAD_THEN_NAME = re.compile(rf"\s+of\s+{NAME}")
# "in Gaza - Az Zaytun", "near Bohdanivka" – a capitalised name after a place preposition
PREP_NAME = re.compile(rf"\b(?P<prep>in|at|near|into|toward|towards|from|outside|around|across|on|of|between|and)\s+(?:the\s+)?(?P<name>{NAME}(?:\s+-\s+{NAME})?)")
RELATION = re.compile(r"\b(?P<rel>(?:(?:north|south|east|west|north-?east|north-?west|south-?east|south-?west)(?:ern)?|outskirts|vicinity|edge|centre|center)\s+of(?:\s+the)?|near(?:\s+the)?|close to(?:\s+the)?|in the vicinity of(?:\s+the)?|outside(?:\s+the)?|west of|east of)\s+$", re.I)
NOT_PLACE_WORDS = {
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "January", "February", "March",
    "April", "May", "June", "July", "August", "September", "October", "November", "December", "The", "A", "An",
    "He", "She", "It", "They", "We", "I", "This", "That", "These", "Those", "But", "And", "However", "Meanwhile",
    "Moreover", "According", "Al", "El", "Palestinian", "Israeli", "Russian", "Ukrainian", "Somali", "Sudanese",
    "Israelis", "Palestinians", "Russians", "Ukrainians", "International", "Court", "Justice", "Operation",
    "Brigades", "Ministry", "Army", "Radio", "Resistance", "Movement", "Hamas", "Prime", "President", "Minister",
    "Photo", "Video", "UN", "Nakba", "Day", "Flood", "Coded", "PM", "AM",
    # compass words and parts of a city: "the South", "on the East", "Metro police" (a part of some place, never a town)
    "North", "South", "East", "West", "Northeast", "Northwest", "Southeast", "Southwest", "Downtown", "Uptown", "Midtown",
    "Metro", "Avenue", "Street", "Road", "Northern", "Southern", "Eastern", "Western", "Central",
    # peoples and faiths ("a Druze village", "an Alawite town"): who lives there, never the place's own name
    "Druze", "Arab", "Kurdish", "Alawite", "Bedouin", "Christian", "Muslim", "Sunni", "Shia", "Shiite", "Jewish",
    "Yazidi", "Tuareg", "Fulani", "Rohingya", "Hausa", "Masalit", "Zaghawa", "Pashtun", "Baloch", "Tigrayan",
}
# seas and world regions: alone, never the village that bears the name ("Atlantic", Iowa), unless the text places it
WORLD_REGIONS = frozenset({"Atlantic", "Pacific", "Arctic", "Mediterranean", "Caribbean", "Gulf", "Middle East", "Near East",
                           "Far East", "West Coast", "East Coast", "Gulf Coast", "Persian Gulf"})
ORG_AFTER = re.compile(r"^['’]s\s+(?:[A-Z][\w-]*\s+)*(?:Ministry|Civil|Health|Government|Media|Office|Authority|Council|Police|Municipality|Army|Radio|Brigades)|^\s+(?:Ministry|Civil Defen[cs]e|Health|Government|Media Office|Authority|Municipality|Radio|Brigades|Police)\b")
DEMONYM = re.compile(r"^(?:Israeli|Palestinian|Russian|Ukrainian|Somali|Sudanese|Lebanese|Syrian|Yemeni|Egyptian|Iranian|American|Burmese|Myanmar|Arab|Iraqi|Jordanian|Qatari|Turkish)$")


def _areas(file: str) -> list[list[str]]:
    rows = resources.files("khaldun").joinpath(f"data/{file}").read_text(encoding="utf-8").splitlines()
    return [(row.split("\t") + [""])[:3] for row in rows if row and not row.startswith("#")]


_STATES = _areas("us_state_abbreviations.tsv")
_PROVINCES = _areas("ca_province_abbreviations.tsv")
# "Nelson, B.C.", "Moncton, N.B.": Canadian provinces written the newspapers' short way
CA_PROVINCE_ABBREVIATIONS = {abbr: name for _, name, abbrs in _PROVINCES for abbr in abbrs.split("|") if abbr}
# the country of each state or province a text can put a town in
ADMIN1_COUNTRY = {**{name: "US" for _, name, _ in _STATES}, **{name: "CA" for _, name, _ in _PROVINCES}}
US_STATE_CODES = {code: name for code, name, _ in _STATES}
US_STATE_NAMES = frozenset(US_STATE_CODES.values())
US_TERRITORIES = frozenset({"Guam", "Puerto Rico", "American Samoa", "Northern Mariana Islands", "U.S. Virgin Islands", "Virgin Islands"})
US_STATE_ABBREVIATIONS = {abbr: name for _, name, abbrs in _STATES for abbr in abbrs.split("|") if abbr}
# after a town and a comma, a state's full name too ("Tampa, Florida"), but not Georgia ("Tbilisi, Georgia")
US_STATE_AFTER_TOWN = {**US_STATE_ABBREVIATIONS, **{name: name for name in US_STATE_NAMES if name != "Georgia"},
                       **{abbr: name for abbr, name in CA_PROVINCE_ABBREVIATIONS.items() if "." in abbr}}
_ABBREVIATION = "|".join(sorted(map(re.escape, US_STATE_AFTER_TOWN), key=len, reverse=True))
# "in Albion, N.Y.", "HOBART, Okla.": a US state written the newspapers' short way, after a town and a comma
STATE_AFTER_TOWN = re.compile(rf"(?<![\w'’.-])(?P<town>(?:[A-Z][\w'’-]*\.?\s+){{0,2}}[A-Z][\w'’-]*),\s+(?P<abbr>{_ABBREVIATION})(?![\w'’])(?!\.\w)")
# "HOBART, Okla. - ", "NAVARRO COUNTY, TX (CBSDFW.COM) – ", "PITTSBURGH (KDKA) — ": a dateline opening a paragraph
DATELINE = re.compile(r"^\s*(?P<town>[A-Z][A-Z'’.]+(?:[ -][A-Z][A-Z'’.]+){0,3})(?:,\s+(?P<area>[A-Z][\w.]*(?:\s+[A-Z][\w.]*){0,2}?))?"
                      r"\s*(?:\([^)\n]{1,40}\))?\s*(?:--?|[–—])")
NOT_DATELINES = {"UPDATE", "UPDATED", "BREAKING", "BREAKING NEWS", "WATCH", "VIDEO", "PHOTOS", "EXCLUSIVE", "LIVE", "ALERT",
                 "DEVELOPING", "CORRECTION", "NOTE", "EDITOR'S NOTE", "EDITORS NOTE", "WARNING", "GRAPHIC", "AP", "UPI"}
# "the 16600 block of Edmore", "the 200 block of Monroe": US police reports' street addresses, never towns
BLOCK_OF = re.compile(rf"\b(?:\d[\d,]*|unit|hundred)\s+block\s+of\s+(?:the\s+)?(?P<name>{NAME})")


def dateline(text: str) -> re.Match | None:
    """The dateline opening a paragraph ("HOBART, Okla. - "), if any: where the story was filed from."""
    m = DATELINE.match(text)
    if m is None or m.group("town").strip(" .") in NOT_DATELINES:
        return None
    return m


def mask_dateline(text: str) -> str:
    """The text with its opening dateline blanked (same length): parsed with it, "HOBART, Okla. - Authorities say"
    makes the town the speaker."""
    m = dateline(text)
    if m is None:
        return text
    return "".join(c if c == "\n" else " " for c in text[: m.end()]) + text[m.end():]


def _us_state(area: str) -> str | None:
    area = area.strip()
    return US_STATE_ABBREVIATIONS.get(area) or US_STATE_CODES.get(area) or (area if area in US_STATE_NAMES else None)


def _feature(head: str | None) -> str:
    return HEADS.get((head or "").lower(), "place")


LEADING_ARTICLE = re.compile(r"(?:[Tt]he|An?)\s+(?=[A-Z])")
POSSESSIVE = re.compile(r"(?<=\w)['’]s$")


def _before_possessive(text: str, start: int, end: int) -> int:
    """Where ``text[start:end]`` ends once a possessive is dropped ("South Korea's", "Russia’s")."""
    return end - 2 if POSSESSIVE.search(text, start, end) else end


def _clean_name(name: str) -> str:
    name = name.strip()
    lead = LEADING_ARTICLE.match(name)
    name = name[lead.end():] if lead else name
    return name.strip(" ,.;:’'")


STRONG_PREPS = {"in", "at", "near", "into", "toward", "towards", "outside", "around", "across"}
NOT_PLACE_ENTS = {"PERSON", "DATE", "TIME", "MONEY", "PERCENT", "CARDINAL", "ORDINAL", "WORK_OF_ART", "LAW", "PRODUCT", "EVENT"}
MONTH_START = re.compile(r"^(?:January|February|March|April|May|June|July|August|September|October|November|December)\b")
SIDE_OF_TOWN = re.compile(r"^(?:North|South|East|West|Northeast|Northwest|Southeast|Southwest)[- ]?[Ss]ide$|^(?:North|South|East|West)side$")
# "Easter Sunday", "Memorial Day weekend", "Christmas Eve": days, not places
DAY_NAME = re.compile(r"^(?:Easter|Christmas|Thanksgiving|Halloween|New Year['’]?s?|Memorial Day|Labor Day|Independence Day|"
                      r"Mother['’]?s Day|Father['’]?s Day|Valentine['’]?s Day|Martin Luther King(?: Jr\.?)? Day|Veterans Day|Fourth of July)\b|"
                      r"\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|Eve|Weekend)$")


def _demonyms() -> dict[str, str]:
    rows = resources.files("khaldun").joinpath("data/demonyms.tsv").read_text(encoding="utf-8").splitlines()
    return dict(line.split("\t")[:2] for line in rows if line and not line.startswith("#"))


DEMONYMS = _demonyms()
DEMONYM_RE = re.compile(r"(?<!\w)(?:" + "|".join(sorted(map(re.escape, DEMONYMS), key=len, reverse=True)) + r")(?:s)?(?!\w)")  # "Russian-backed", "anti-Russian" too


# where one name ends inside a run the parser or a pattern took as one: "Thruxton, Hampshire", "Portland. OAKLAND",
# a line break ("Greece\nItaly")
BREAK = re.compile(r",\s+|\s*\n\s*|(?<=[a-z]{2})\.\s+(?=[A-Z])")
RUN_ON_WORDS = frozenset("The That This These Those A An As And Or But Is Was Are Were Has Have Had Will Would Got Gets "
                          "To For With From By On In At Of If When While After Before Since".split())
# a name's next word that makes it another place than its first words: "Pearl Harbor", "Thames Valley", "Windsor Castle"
OTHER_PLACE_HEADS = frozenset("Harbor Harbour Valley Delta Castle Point Bay Beach Island Islands Lake Mountain Mountains Heights Park "
                              "Falls Springs Hills Hill Creek Peninsula Coast Sea Ocean Gulf Canyon Forest Cape Mount".split())
# an organisation named after the place before it: "Marathon County Sheriff", "Nenagh Town Council"
INSTITUTION_WORDS = frozenset("Sheriff Council Department Police Board Commission Office Court Government Authority Ministry Service "
                              "Services Fire Schools District Hospital Airport Times Post Herald Tribune News".split())
LEADING_PREPOSITION = re.compile(r"(?:In|At|On|From|Near|Outside|Inside|Across|Around|Throughout|Along|Via|For|To|By|With)\s+(?=[A-Z])")


def _known_start(text: str, s0: int, s1: int, known: Callable[[str], bool],
                 notable: Callable[[str], bool] | None) -> tuple[int, str] | None:
    """The longest start of an unknown run that the gazetteer knows, where the rest is no part of its name: "Portugal
    The", "Greece Italy", "Dubai World Cup", "Marathon County Sheriff", "Canada's Federal Budget"; not "Pearl Harbor"
    (another place), nor "Cornell University" (a small town's name inside an institution's)."""
    words = [(m.start(), m.end()) for m in re.finditer(r"\S+", text[s0:s1])]
    for k in range(len(words) - 1, 0, -1):
        written = text[s0 + words[0][0]:s0 + words[k - 1][1]]
        head = POSSESSIVE.sub("", written)
        nxt = POSSESSIVE.sub("", text[s0 + words[k][0]:s0 + words[k][1]])
        if not known(head) or head in NOT_PLACE_WORDS or nxt in OTHER_PLACE_HEADS:
            continue
        # evidence that the rest is no part of the place's name, or that the start is a place of note ("Montgomery
        # County Democrats": Montgomery is)
        if (nxt in RUN_ON_WORDS or nxt in INSTITUTION_WORDS or nxt.isupper() or head != written or known(text[s0 + words[k][0]:s1])
                or notable is not None and any(notable(text[s0 + words[0][0]:s0 + words[j][1]]) for j in range(k))):
            return s0 + words[0][0] + len(head), head
    return None


def _pieces(text: str, cand: tuple[int, int, str, str, str], known: Callable[[str], bool] | None,
            notable: Callable[[str], bool] | None) -> list[tuple[int, int, str, str, str]]:
    """A candidate as the names it holds: split where a name ends, without a leading preposition ("In Klamath
    Falls"), and cut to its longest known start where the whole is unknown ("Canada That Got", "Portugal The")."""
    start, end, name, feature, rule = cand
    if feature != "place":
        return [cand]
    out = []
    bounds = [start, *(x for b in BREAK.finditer(text, start, end) for x in b.span()), end]
    for s0, s1 in zip(bounds[::2], bounds[1::2]):
        lead = LEADING_PREPOSITION.match(text, s0, s1)
        if lead:
            s0 = lead.end()
        article = LEADING_ARTICLE.match(text, s0, s1)
        if article:
            s0 = article.end()
        piece = text[s0:s1].strip()
        if not piece:
            continue
        if (s0, s1) == (start, end) and not lead:
            piece = name
        if known is not None and " " in piece and not known(piece):
            cut = _known_start(text, s0, s1, known, notable)
            if cut is not None:
                s1, piece = cut
        out.append((s0, s1, piece, feature, rule))
    return out


def find_places(text: str, base: int, ents: list[tuple[int, int, str]], registry: ActorRegistry,
                known: Callable[[str], bool] | None = None, notable: Callable[[str], bool] | None = None) -> list[PlaceMention]:
    """Place mentions in ``text`` (a sentence); ``ents`` are spaCy entities as (start, end, label) in it;
    ``known`` tells whether the gazetteer has a name (weak patterns then need it)."""
    cands: list[tuple[int, int, str, str, str]] = []  # start, end, name, feature, the rule that found it
    not_place = [(s, e) for s, e, label in ents if label in NOT_PLACE_ENTS]
    in_state: dict[int, str | None] = {}  # by start: places the text itself puts in a US state (None: a dateline's town)
    for m in STATE_AFTER_TOWN.finditer(text):
        state = US_STATE_AFTER_TOWN[m.group("abbr")]
        if m.group("town") in US_STATE_NAMES or m.group("town") in US_TERRITORIES:
            continue  # "Hawaii, Florida and Guam": a list of states, not a town in one
        cands.append((m.start("abbr"), m.end("abbr"), state, "region", "mention.state_abbreviation.v1"))
        in_state[m.start("abbr")] = state
        if m.group("town").split()[0] not in NOT_PLACE_WORDS:
            cands.append((m.start("town"), m.end("town"), m.group("town"), "place", "mention.state_abbreviation.v1"))
            in_state[m.start("town")] = state
    line = dateline(text)
    if line is not None:
        town, area = line.group("town").rstrip("."), line.group("area")
        area_state = _us_state(area) if area else None
        span = (line.start("town"), line.start("town") + len(town))
        cands.append((*span, town, "district" if re.search(r"\b(?:COUNTY|PARISH)$", town) else "place", "mention.dateline.v1"))
        in_state[span[0]] = area_state
        if area_state:
            cands.append((line.start("area"), line.end("area"), area_state, "region", "mention.dateline.v1"))
            in_state[line.start("area")] = area_state
        elif area and re.search(r"\b(?:County|Parish)$", area):
            cands.append((line.start("area"), line.end("area"), area, "district", "mention.dateline.v1"))
        elif area:  # "KOLKATA, India –", "SEOUL, South Korea (CNN) -": the town's country or region
            cands.append((line.start("area"), line.end("area"), area, "place", "mention.dateline.v1"))
    for m in BLOCK_OF.finditer(text):
        cands.append((m.start("name"), m.end("name"), _clean_name(m.group("name")), "street", "mention.block_of.v1"))
    for m in NAMED_HEAD.finditer(text):
        name = m.group("name")
        if name.split()[0] in NOT_PLACE_WORDS and len(name.split()) == 1 or name in DEMONYMS:
            continue  # "the Turkish market", "an English city": a place's people, not a place called so
        if HEAD_THEN_NAME.match(text, m.end()):
            continue  # "the Lower Shabelle town of Afgooye": the region says where the town is; the town is the place
        if m.group("head") in ("street", "road", "avenue") and re.search(r"\ban?\s+$", text[max(0, m.start() - 4):m.start()]):
            # "a Brooklyn street": a street in Brooklyn, not one named so ("on Al Nakhil street" is one)
            cands.append((m.start("name"), m.end("name"), _clean_name(name), "place", "mention.named_head.v1"))
            continue
        cands.append((m.start("name"), m.end(), _clean_name(name), _feature(m.group("head")), "mention.named_head.v1"))
    for m in HEAD_OF.finditer(text):
        feat = _feature(m.group("head"))
        if re.search(r"[A-Z][\w'’.-]*\s+$", text[max(0, m.start("head") - 40):m.start("head")]):
            feat = "place"  # "the Crown Heights neighborhood of Brooklyn": the name after "of" holds the named one
        cands.append((m.start("name"), m.end("name"), _clean_name(m.group("name")), feat, "mention.head_of.v1"))
        if m.group("name2"):
            cands.append((m.start("name2"), m.end("name2"), _clean_name(m.group("name2")), feat, "mention.head_of.v1"))
    for start, end, label in ents:
        if label in ("GPE", "LOC", "FAC"):
            cands.append((start, end, _clean_name(text[start:end]), "country" if label == "GPE" and text[start:end] in COUNTRIES else "place", "mention.entity.v1"))
    for m in PREP_NAME.finditer(text):
        name = _clean_name(m.group("name"))
        if known is not None and not known(name) and (m.group("prep").lower() not in STRONG_PREPS
                                                       or any(s < m.end("name") and m.start("name") < e for s, e in not_place)):
            continue  # "Ministry of Defence", "told Buhari": a capitalised word after "of" or a name is no place unless the gazetteer knows it
        cands.append((m.start("name"), m.end("name"), name, "place", "mention.after_preposition.v1"))
    cands = [piece for c in cands for piece in _pieces(text, c, known, notable)]
    actor_spans = [(a.start, a.end) for a in registry.find(text)]
    out: list[PlaceMention] = []
    taken: list[tuple[int, int]] = []
    # longest candidates first, so "Jabaliya refugee camp" wins over "Jabaliya"
    for start, end, name, feature, rule in sorted(cands, key=lambda c: (-(c[1] - c[0]), c[0])):
        while start < end and text[start] in " ,.;:'’\"“”(":
            start += 1
        lead = LEADING_ARTICLE.match(text, start, end)
        if lead and lead.end() < end:
            start = lead.end()  # "A Marion County teenager": the county, not "A Marion County"
        while end > start and text[end - 1] in " ,.;:'’\"“”)":
            end -= 1
        if _before_possessive(text, start, end) < end:  # "South Korea's", "Russia’s": the place without its possessive
            end -= 2
            name = POSSESSIVE.sub("", name)
        if end - start < 2 or any(s < end and start < e for s, e in taken):
            continue
        stated = start in in_state
        first = text[start:end].split()[0]
        if first in NOT_PLACE_WORDS and feature == "place" and len(text[start:end].split()) == 1 and not stated:
            continue
        if DEMONYM.match(text[start:end]) or text[start:end] in DEMONYMS or ORG_AFTER.match(text[end:end + 40]):
            continue
        locative = True
        if any(s <= start and end <= e for s, e in actor_spans):
            if not (known and known(text[start:end]) and text[start:end] in COUNTRIES):
                continue
            locative = False  # "Russia launched…": the country as an actor is a place mention, not where it happened
        if feature == "place" and not text[start].isupper():
            continue
        if MONTH_START.match(text[start:end]) or DAY_NAME.search(text[start:end]):
            continue
        if feature == "place" and any(s <= start and end <= e for s, e in not_place) and not (
            known and known(text[start:end]) and re.search(r"\b(?:in|at|near|outside|into)\s+(?:the\s+)?$", text[max(0, start - 12):start])
            or notable and notable(text[start:end])
        ):
            continue  # a name the parser calls a person or a date is a place only when the gazetteer knows it, after "in"
        if (text[start:end].replace(".", "").isupper() and len(text[start:end]) <= 5 and feature == "place" and not (known and text[start:end] in SHORT_NAMES)
                and not stated):
            continue  # acronyms are organisations far more often than places
        if SIDE_OF_TOWN.match(text[start:end]):
            feature = "neighbourhood"  # "the South Side" is part of the story's city, not the hamlet of South Side
        rel = RELATION.search(text[max(0, start - 40):start])
        if rel is None and re.search(r"\bfrom\s+(?:the\s+)?$", text[max(0, start - 12):start]):
            feature = "origin"
        taken.append((start, end))
        out.append(PlaceMention(
            span=Span(base + start, base + end), text=text[start:end], name=name if name else text[start:end],
            feature=feature, relation=rel.group("rel").lower().replace(" the", "") if rel else None, locative=locative,
            admin1=in_state.get(start), rules=(rule,),
        ))
    if notable is not None:
        out += _names_in_names(text, base, ents, actor_spans, taken, notable, known)
    # demonyms name a place's people ("Russian officials"): place records, never an event's location
    for m in DEMONYM_RE.finditer(text):
        if any(s < m.end() and m.start() < e for s, e in taken):
            continue
        word = m.group()
        target = DEMONYMS.get(word) or DEMONYMS.get(word[:-1], word)
        taken.append((m.start(), m.end()))
        out.append(PlaceMention(span=Span(base + m.start(), base + m.end()), text=word, name=target, feature="demonym", locative=False,
                                rules=("mention.demonym.v1",)))
    out.sort(key=lambda p: p.span.start)
    return out


NAMED_AFTER_PLACES = {"ORG", "PERSON", "NORP", "EVENT", "WORK_OF_ART", "FAC", "PRODUCT"}
LOCATIVE_BEFORE = re.compile(r"\b(?:in|at|near|outside|into|from|across|around|throughout|to)\s+(?:the\s+)?$", re.I)
# what the parser calls a person and looks like one: two or three capitalised words ("Austin Tyler"), not "Abuja
# Chamber of Commerce" or "New Brunswick RCMP"
PERSON_LIKE = re.compile(r"[A-Z][a-z'’-]+(?:\s+[A-Z][a-z'’.-]+){1,2}")
WORD_RUN = re.compile(r"[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*)*")


def _names_in_names(text: str, base: int, ents: list[tuple[int, int, str]], actor_spans: list[tuple[int, int]],
                    taken: list[tuple[int, int]], notable: Callable[[str], bool],
                    known: Callable[[str], bool] | None = None) -> list[PlaceMention]:
    """Notable places inside the names of organisations, people, teams and events ("The Washington Post", "Air
    Zimbabwe", "Toronto Police Services Board"): place records marked ``in_name``, never an event's location. An
    entity that is wholly a notable place the parser mislabelled ("Tamil Nadu said", "in eastern Ghouta") is a place."""
    out: list[PlaceMention] = []
    spans = [(s, e) for s, e, label in ents if label in NAMED_AFTER_PLACES] + actor_spans
    people = {(s, e) for s, e, label in ents if label == "PERSON"}
    for s, e in sorted(set(spans)):
        for run in WORD_RUN.finditer(text, s, e):
            words = [(w.start(), w.end()) for w in re.finditer(r"\S+", run.group())]
            i = 0
            while i < len(words):
                for k in range(min(len(words), i + 3), i, -1):  # longest first
                    s0, s1 = run.start() + words[i][0], run.start() + words[k - 1][1]
                    while s1 > s0 and text[s1 - 1] in ".,'’":
                        s1 -= 1
                    s1 = _before_possessive(text, s0, s1)
                    name = text[s0:s1]
                    whole = (s0, s1) == (s, e) or LEADING_ARTICLE.fullmatch(text[s:s0]) is not None and s1 == e
                    if (len(name) < 2 or any(a < s1 and s0 < b for a, b in taken) or not _could_be_place(name)
                            or name in DEMONYMS or not (notable(name) or whole and known is not None and known(name) and " " in name)):
                        continue
                    if (s, e) in people and not whole and k - i == 1 and PERSON_LIKE.fullmatch(text[s:e]):
                        continue  # "Austin Tyler", "Paris Hilton": a person's name, not the places in it ("West Surrey Racing" has one)
                    locative = whole and LOCATIVE_BEFORE.search(text[max(0, s0 - 30):s0]) is not None
                    taken.append((s0, s1))
                    out.append(PlaceMention(span=Span(base + s0, base + s1), text=name, name=name,
                                            feature="place" if whole else "in_name", locative=locative,
                                            rules=("mention.entity_relabelled.v1" if whole else "mention.in_name.v1",)))
                    i = k - 1
                    break
                i += 1
    return out


def _could_be_place(name: str) -> bool:
    """Not a word that is no place alone ("Metro", "South") nor the name of a day ("Easter Sunday")."""
    return name not in NOT_PLACE_WORDS and not DAY_NAME.search(name)


def gazetteer_phrases(tokens, base: int, taken: list[Span], notable: Callable[[str], bool]) -> list[PlaceMention]:
    """Runs of proper nouns (a spaCy sentence) the parser did not tag as places but the gazetteer knows as notable
    ("Toronto", "Tamil Nadu", "Zimbabwe"); not at a sentence's start, not inside a person's or organisation's name."""
    out: list[PlaceMention] = []
    i, n = 0, len(tokens)
    while i < n:
        tok = tokens[i]
        if tok.pos_ != "PROPN" or not tok.text[:1].isupper() or tok.ent_type_ in ("PERSON", "ORG", "NORP", "DATE", "WORK_OF_ART", "EVENT"):
            i += 1
            continue
        j = i
        while j + 1 < n and tokens[j + 1].pos_ == "PROPN" and tokens[j + 1].text[:1].isupper() and j + 1 - i < 4:
            j += 1
        for k in range(j, i - 1, -1):  # longest first
            span = tokens[i : k + 1]
            start, end = base + span.start_char - tokens.start_char, base + span.end_char - tokens.start_char
            if any(t.start < end and start < t.end for t in taken) or (i == 0 and k == i):
                continue
            if ORG_AFTER.match(tokens.doc.text[span.end_char:span.end_char + 40]):
                continue  # "Somalia’s Ministry of Internal Security": a name's part, not a place the text tells
            if _could_be_place(span.text) and notable(span.text):
                out.append(PlaceMention(span=Span(start, end), text=span.text, name=span.text, rules=("mention.gazetteer_run.v1",)))
                i = k
                break
        i += 1
    return out


# capitalised only because they open a sentence: the run after them may be a place
SENTENCE_OPENERS = frozenset("""in at on from near across outside inside throughout around along during over under into toward
    towards via the a an this that these those meanwhile elsewhere also but and then when while after before since yesterday
    today tonight officials police residents authorities troops witnesses north south east west""".split())
CAPITALISED_RUN = re.compile(r"(?<![\w'’-])[A-Z][\w'’.-]*(?:\s+(?:(?:al|el|ad|ash|an|as|at|az|ar|de|du|la|le|of)[-\s])?[A-Z][\w'’.-]*){0,3}")


def gazetteer_phrases_in_text(text: str, base: int, taken: list[Span], notable: Callable[[str], bool]) -> list[PlaceMention]:
    """``gazetteer_phrases`` without a parse, for sentences selective parsing passed over: a whole run of
    capitalised words the gazetteer knows as notable (a run's part is not taken: without the parser's entities,
    "Jordan" in "Jordan Smith" cannot be told from the country), or the run without its sentence-initial word."""
    out: list[PlaceMention] = []
    for m in CAPITALISED_RUN.finditer(text):
        start, end = m.start(), m.end()
        while end > start and text[end - 1] in ".'’-":
            end -= 1
        end = _before_possessive(text, start, end)
        options = [(start, end)]
        if start == 0 or not text[:start].strip():
            first = text[start:end].split()[0]
            # "In Toronto", "Meanwhile Gaza": a capitalised function word drops; "Jacob Rason contributed" is a person
            options = [(start + len(first) + 1, end)] if len(first) < end - start and first.lower() in SENTENCE_OPENERS else []
        for s0, s1 in options:
            if s1 - s0 < 3 or any(t.start < base + s1 and base + s0 < t.end for t in taken) or ORG_AFTER.match(text[s1:s1 + 40]):
                continue
            if _could_be_place(text[s0:s1]) and notable(text[s0:s1]):
                out.append(PlaceMention(span=Span(base + s0, base + s1), text=text[s0:s1], name=text[s0:s1], rules=("mention.gazetteer_run.v1",)))
    return out


def specificity(place: PlaceMention) -> int:
    return SPECIFICITY.get(place.feature, 3)


COUNTRIES = {
    "Israel", "Palestine", "Lebanon", "Syria", "Egypt", "Jordan", "Iran", "Iraq", "Yemen", "Ukraine", "Russia",
    "Somalia", "Sudan", "Myanmar", "Burma", "Ethiopia", "Kenya", "United States", "US", "U.S.", "Qatar", "Turkey",
    "UK", "U.K.", "USA", "UAE", "DRC", "Britain", "China", "India", "France", "Germany", "Japan", "Canada", "Mexico",
    "Pakistan", "Afghanistan", "Saudi Arabia", "North Korea", "South Korea", "Libya", "Tunisia", "Algeria", "Morocco", "Nigeria",
}
# short forms that name a place, not an organisation
SHORT_NAMES = COUNTRIES | {"EU", "E.U.", "DPRK"} | {abbr for abbr in CA_PROVINCE_ABBREVIATIONS if "." in abbr}

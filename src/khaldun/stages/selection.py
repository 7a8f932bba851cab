"""Selective parsing: a cheap pre-filter that decides which sentences go through the parser.

Event and toll records come only from sentences that name an event or a casualty (the coder's own cue
lexicon); their claimant may sit in a neighbouring sentence ("…, the ministry said." / "Police said:").
So a sentence is parsed when it holds an event or toll cue, or when it reports (said, told, according to, a
trailing colon) next to one that does; the headline always is. The entity recognizer (half the model's time)
runs only on event sentences that can hold a name: one whose only capitalised words are a sentence-initial
function word or role, weekdays and months ("Police said three of the men were hurt on Monday.") has no
entity the stages read (places, persons and organisations are capitalised). Other sentences are not parsed: their place
names are still found from their text (patterns and the gazetteer), so they keep informing place resolution,
and their actors still feed the anaphora memory. Attribution and place records of the whole text need the full
parse: ask for them (``extract --kinds attribution,place``) and every sentence is parsed.
"""
from __future__ import annotations

import re

from spacy.lang.en.stop_words import STOP_WORDS

from .coding import CUE_PATTERNS
from .cuescan import CueScan
from .dates import MONTH_NAMES, WEEKDAYS
from .events import TOLL_CUE
from .casualties import KILL, MISSING, WOUND

# the coder's own cues and the casualty counter's outcome words: what no event or toll is found without
EVENT_HINT = CueScan(CUE_PATTERNS + [TOLL_CUE.pattern, rf"\b(?:{KILL}|{WOUND}|{MISSING})\b"])
REPORTING_HINT = re.compile(
    r"\b(?:said|says|say|saying|told|tells|according|reported|reports|reporting|claimed|claims|announced|confirmed|added|"
    r"stated|statement|quoted|citing|cited|sources?|spokes(?:man|woman|person)|denied|insisted|warned)\b|[:“”\"]", re.I)

# "Mr. Smith", "U.S. forces", "Jan. 5", "St. Louis": a full stop that ends no sentence
ABBREVIATION = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|Prof|St|Mt|Ft|Gen|Col|Lt|Sgt|Capt|Cpl|Maj|Adm|Gov|Sen|Rep|Rev|Hon|Jr|Sr|No|Nos|Vol|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|Inc|Ltd|Co|Corp|vs|etc|approx|est|Ave|Blvd|Rd|Hwy|Ct|Ln|Pl)|"
    r"\b[A-Z]|\b[A-Za-z]\.[A-Za-z])\.$")
BOUNDARY = re.compile(r"[.!?][\"”’')\]]*\s+(?=[\"“‘'(\[]?[A-Z0-9])")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence offsets in ``text`` by punctuation (no model): for choosing what to parse, not for records."""
    out, start = [], 0
    for m in BOUNDARY.finditer(text):
        stop = m.start() + 1
        if ABBREVIATION.search(text[max(start, stop - 8):stop]):
            continue
        end = m.end()
        while end > stop and text[end - 1].isspace():
            end -= 1
        if text[start:end].strip():
            out.append((start, end))
        start = m.end()
    if text[start:].strip():
        end = len(text.rstrip())
        out.append((start, end))
    return out


CAPITALISED = re.compile(r"(?<![\w'’-])[A-Z][\w'’.-]*")
LEADING = re.compile(r"[\s\"“‘'(\[]*([A-Za-z]+)")
# capitalised words that name nothing the stages read from entities (the places stage drops them alone)
NAMELESS = {"I", "AM", "PM"} | {w.capitalize() for w in (*WEEKDAYS, *MONTH_NAMES)}
# sentence-initial words that are capitalised only for being first
OPENERS = STOP_WORDS | {"police", "officers", "officials", "authorities", "investigators", "detectives", "deputies",
                        "witnesses", "residents", "troops", "soldiers", "militants", "gunmen", "paramedics", "doctors"}


def may_name(text: str) -> bool:
    """The sentence has a capitalised word other than a sentence-initial function word or role ("The", "Three",
    "Police"), a weekday or a month: it may name a place, person or organisation."""
    first = LEADING.match(text)
    opener = first.start(1) if first and first.group(1).lower() in OPENERS else -1
    return any(m.start() != opener and m.group().rstrip(".") not in NAMELESS for m in CAPITALISED.finditer(text))


SKIP, PARSE, FULL = 0, 1, 2  # not parsed; parsed without the entity recognizer; the whole model


def choose(sentences: list[tuple[int, str]], always: frozenset[int] | set[int] = frozenset()) -> list[int]:
    """How to treat each sentence of an article (paragraph number, text). FULL: event or toll cues where a name
    may be (``may_name``; without one, PARSE), and ``always``. PARSE (a claimant's sentence: the parse finds its
    attribution; entities are not needed for it): reporting sentences whose claimant an event sentence can inherit, that is the sentences next to one and those
    before one in the same paragraph or the paragraph before (how far events.py carries a claim forward).
    SKIP: the rest."""
    event = [bool(EVENT_HINT.search(text)) for _, text in sentences]
    # the paragraph of the next event sentence at or after each sentence
    next_event_paragraph: list[int | None] = [None] * len(sentences)
    upcoming = None
    for i in range(len(sentences) - 1, -1, -1):
        if event[i]:
            upcoming = sentences[i][0]
        next_event_paragraph[i] = upcoming
    out = []
    for i, (paragraph, text) in enumerate(sentences):
        if i in always:
            out.append(FULL)
            continue
        if event[i]:
            out.append(FULL if may_name(text) else PARSE)
            continue
        ahead = next_event_paragraph[i]
        near = (i > 0 and event[i - 1]) or (ahead is not None and ahead - paragraph <= 1)
        out.append(PARSE if near and REPORTING_HINT.search(text) else SKIP)
    return out

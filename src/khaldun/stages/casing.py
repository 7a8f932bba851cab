"""Upper-case text made readable for the parser: wire copy in capitals (MUC-4's reports), shouted headlines.

spaCy's small model reads "GUERRILLAS ATTACKED THE FARM" as a run of proper nouns: no subject, no object, no
entities. A piece of text that is mostly capitals is given to the parser in sentence case instead, with the names
the actor registry knows (acronyms kept in capitals), the notable places the gazetteer knows and the word after a
title ("PRESIDENT CEREZO") capitalised again. Only letters change case, one for one, so the parse's offsets are the
text's: evidence still slices the article as written. The word lists are declared (rules/packs/frames.toml).
"""
from __future__ import annotations

import re
import string
from typing import Any

from ..resources.actors import ActorRegistry
from ..rules.engine import load_pack

SHOUTY_MIN_LETTERS = 20
SHOUTY_SHARE = 0.8  # of a piece's letters in capitals: below it, the text is cased as written
TITLES = set(load_pack("frames").by_id("frame.name_titles.v1").terms)
WORD = re.compile(r"[^\W\d_][^\W\d_'’.-]*(?:['’.-][^\W\d_]+)*")
SENTENCE_START = re.compile(r"(?:^|[.!?]\s+|\n\s*\n\s*|[.!?]\s*[\"“”']\s*)[\"“”'(]*$")
CALENDAR = {"january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
            "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}


DROP_LOWER = str.maketrans("", "", string.ascii_lowercase)
DROP_UPPER = str.maketrans("", "", string.ascii_uppercase)


def shouty(text: str) -> bool:
    """Whether most of the piece's (Latin) letters are capitals, and there are enough of them to tell: counted by
    deleting letters in C (this runs on every piece sent to the parser)."""
    if len(text) < SHOUTY_MIN_LETTERS or text.upper() != text and text.lower() == text:
        return False
    lower = len(text) - len(text.translate(DROP_LOWER))
    upper = len(text) - len(text.translate(DROP_UPPER))
    return lower + upper >= SHOUTY_MIN_LETTERS and upper >= SHOUTY_SHARE * (lower + upper)


def _same_length_lower(text: str) -> str:
    return "".join(low if len(low := c.lower()) == 1 else c for c in text)


def _capitalised(word: str) -> str:
    first = word[0].upper()
    return (first if len(first) == 1 else word[0]) + word[1:]


def readable_case(text: str, registry: ActorRegistry, gazetteer: Any = None) -> str:
    """The text in sentence case, known names capitalised again; the same length as ``text``."""
    out = list(_same_length_lower(text))
    words = list(WORD.finditer(text))
    keep_upper: set[int] = set()
    capital: set[int] = set()
    for m in registry.find(text):
        alias = text[m.start : m.end]
        for w in words:
            if m.start <= w.start() < m.end:
                (keep_upper if len(alias) <= 5 and " " not in alias else capital).add(w.start())
    for i, w in enumerate(words):
        if SENTENCE_START.search(text[max(0, w.start() - 12) : w.start()]) or w.start() == 0:
            capital.add(w.start())
        if (i and words[i - 1].group().lower() in TITLES) or w.group().lower() in CALENDAR:
            capital.add(w.start())
        if len(w.group()) <= 5 and text[w.start() - 1 : w.start()] == "(" and text[w.end() : w.end() + 1] == ")":
            keep_upper.add(w.start())  # "(URNG)": an acronym in brackets
    if gazetteer is not None:
        for i in range(len(words)):
            for n in (3, 2, 1):  # the longest run of words that names a notable place
                run = words[i : i + n]
                if len(run) < n:
                    continue
                name = " ".join(_capitalised(w.group().lower()) for w in run)
                if len(name) >= 4 and gazetteer.notable(name):
                    capital.update(w.start() for w in run)
                    break
    for w in words:
        if w.start() in keep_upper:
            out[w.start() : w.end()] = list(text[w.start() : w.end()])
        elif w.start() in capital:
            out[w.start()] = _capitalised(out[w.start()])
    cased = "".join(out)
    return cased if len(cased) == len(text) else text

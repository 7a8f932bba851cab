"""ACLED's event types and sub-event types with the plain words that find them (``data/event_types.tsv``), read on
first use: the type filters ("shelling" finds "Shelling/artillery/missile attack") and a reviewer's type corrections."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources


@dataclass(frozen=True)
class EventType:
    event_type: str
    sub_event_type: str
    words: frozenset[str]


@lru_cache(maxsize=1)
def event_types() -> tuple[EventType, ...]:
    lines = resources.files("khaldun").joinpath("data/event_types.tsv").read_text(encoding="utf-8").splitlines()
    out = []
    for line in lines[1:]:
        if line.strip():
            event_type, sub, words = line.split("\t")
            out.append(EventType(event_type, sub, frozenset(words.split()) | _words(sub)))
    return tuple(out)


def _words(text: str) -> frozenset[str]:
    return frozenset(re.findall(r"[a-z]+", text.lower()))


def matching(query: str) -> tuple[str, ...]:
    """The sub-event types a filter means: an exact event type or sub-event type (any case) gives its own; otherwise
    every sub-event type whose words include all of the query's words ("shelling", "drone", "abduction")."""
    wanted = query.strip().lower()
    exact = [t.sub_event_type for t in event_types() if wanted in (t.event_type.lower(), t.sub_event_type.lower())]
    if exact:
        return tuple(exact)
    words = _words(wanted)
    return tuple(t.sub_event_type for t in event_types() if words and all(
        any(w == v or (len(w) > 3 and v.startswith(w)) for v in t.words) for w in words))


def resolve(value: str) -> EventType | None:
    """One sub-event type for a reviewer's correction: the sub-event type as ACLED names it (any case), or the only
    one its words find; None when the value names none or several."""
    found = matching(value)
    subs = {t.sub_event_type: t for t in event_types()}
    if len(found) == 1:
        return subs[found[0]]
    exact = [s for s in found if s.lower() == value.strip().lower()]
    return subs[exact[0]] if exact else None

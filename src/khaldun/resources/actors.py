"""The actor alias registry: names as written → neutral canonical actors.

Loaded from the packaged ``data/actors.tsv`` plus any user files with the same columns.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path


@dataclass(frozen=True)
class Actor:
    name: str  # canonical, neutral
    type: str
    country: str | None = None


@dataclass(frozen=True)
class ActorMatch:
    start: int
    end: int
    actor: Actor


# words standing for an actor named earlier; the actor types they can refer to
ANAPHORS: dict[str, tuple[str, ...]] = {
    "the group": ("armed_group", "militia"),
    "the movement": ("armed_group",),
    "the brigades": ("armed_group",),
    "the militants": ("armed_group", "militia"),
    "the army": ("military",),
    "the military": ("military",),
    "the occupation army": ("military",),
    "the forces": ("military",),
    "the ministry": ("health_authority", "government"),
    "the agency": ("international", "government", "media"),
    "the channel": ("media",),
    "the newspaper": ("media",),
    "the outlet": ("media",),
    "the broadcaster": ("media",),
    "the organisation": ("international", "armed_group"),
    "the organization": ("international", "armed_group"),
    "it": ("armed_group", "military", "government", "health_authority", "media", "international", "militia", "civil_defence", "police"),
    "they": ("armed_group", "military", "militia"),
}


WORD_START = re.compile(r"(?<![\w-])\w+")


def _first_word(alias: str) -> str | None:
    m = re.match(r"\w+", alias)
    return m.group() if m else None


def _pattern_for(alias: str) -> str:
    body = re.escape(alias).replace(r"\ ", r"\s+").replace("'", "['’]").replace("’", "['’]")
    body = body.replace(r"\-", r"[-\s]?")
    return rf"(?<![\w-]){body}(?![\w-])"


class ActorRegistry:
    """Finds actor names in text and maps them to canonical actors."""

    def __init__(self, rows: list[tuple[str, Actor]]) -> None:
        # one normalised map built once, so a match never scans the whole alias list
        self._by_key = {self._key(alias): actor for alias, actor in rows}
        self._by_name = {actor.name: actor for _, actor in rows}
        aliases = sorted({a for a, _ in rows}, key=len, reverse=True)
        # Aliases indexed by their first word: a scan tries only the few aliases that can start at each word,
        # where one alternation of every alias would be tried at every character. Short all-capital acronyms
        # (IDF, SNA, PDF…) must match in capitals; other names in any case.
        self._other: dict[str, list[re.Pattern[str]]] = {}
        self._upper: dict[str, list[re.Pattern[str]]] = {}
        for alias in aliases:
            acronym = alias.isupper() and len(alias) <= 5
            index = self._upper if acronym else self._other
            pattern = re.compile(_pattern_for(alias), 0 if acronym else re.I)
            for first in {_first_word(alias), _first_word(alias.replace("-", ""))}:
                if first:
                    index.setdefault(first if acronym else first.lower(), []).append(pattern)

    @classmethod
    def load(cls, extra: list[Path] | None = None) -> "ActorRegistry":
        rows = _read_tsv(resources.files("khaldun").joinpath("data/actors.tsv").read_text(encoding="utf-8"))
        for path in extra or []:
            rows += _read_tsv(Path(path).read_text(encoding="utf-8"))
        return cls(rows)

    @staticmethod
    def _key(name: str) -> str:
        """Spelling-insensitive key: case, apostrophes, hyphens and spaces do not matter."""
        return re.sub(r"[\s\-'’]+", "", name).lower()

    def _lookup(self, found: str) -> Actor | None:
        return self._by_key.get(self._key(found))

    def find(self, text: str) -> list[ActorMatch]:
        """Every alias in ``text``, longest first where they overlap, in text order."""
        # stages ask about the same sentence and clause texts again and again: a bounded memo
        memo = self.__dict__.setdefault("_memo", {})
        hit = memo.get(text)
        if hit is None:
            if len(memo) > 20_000:
                memo.clear()
            hit = memo[text] = tuple(self._find(text))
        return list(hit)

    def _find(self, text: str) -> list[ActorMatch]:
        # one pass over the words: names in any case first, then acronyms, which span one word only, so trying
        # them second at the same word finds what a second pass would
        found: list[ActorMatch] = []
        taken_to = -1
        for word in WORD_START.finditer(text):
            start = word.start()
            if start < taken_to:
                continue
            w = word.group()
            for pattern in (*self._other.get(w.lower(), ()), *self._upper.get(w, ())):
                m = pattern.match(text, start)
                if m is None:
                    continue
                actor = self._lookup(m.group())
                if actor:
                    found.append(ActorMatch(m.start(), m.end(), actor))
                    taken_to = m.end()
                    break
        return found

    def state_force(self, country: str | None) -> str | None:
        """The canonical name of a country's forces (``country``: an ISO code or a name): the registry's military
        actor of that country with the most aliases, else its police; None where it has neither."""
        from .countries import country_code

        code = country_code(country)
        if code is None:
            return None
        forces = self.__dict__.get("_forces")
        if forces is None:
            counts: dict[tuple[str, str, str], int] = {}
            for actor in self._by_key.values():
                where = country_code(actor.country) if actor.country and actor.type in ("military", "police") else None
                if where:
                    counts[where, actor.type, actor.name] = counts.get((where, actor.type, actor.name), 0) + 1
            forces = {}
            for (where, kind, name), _ in sorted(counts.items(), key=lambda kv: -kv[1]):
                forces.setdefault((where, kind), name)
            self.__dict__["_forces"] = forces
        return forces.get((code, "military")) or forces.get((code, "police"))

    def named(self, name: str) -> Actor | None:
        """The actor whose canonical name this is (a claimant, an event's actor), or None."""
        return self._by_name.get(name)

    def canonical(self, text: str) -> Actor | None:
        """The actor a phrase names: the longest alias it contains."""
        matches = self.find(text)
        if not matches:
            return None
        return max(matches, key=lambda m: m.end - m.start).actor


def _read_tsv(content: str) -> list[tuple[str, Actor]]:
    rows = []
    for line in content.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) < 3:
            continue
        alias, name, kind = parts[0].strip(), parts[1].strip(), parts[2].strip()
        country = parts[3].strip() if len(parts) > 3 and parts[3].strip() else None
        rows.append((alias, Actor(name, kind, country)))
    return rows

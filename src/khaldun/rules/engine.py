"""The rule engine: rules declared as data in TOML packs (``packs/*.toml``), read with the standard library.

A pack holds shared pattern fragments (``[vars]``, used as ``${NAME}``) and rules. Each rule has:
- ``id``: ``family.name.vN``; the version is bumped when the rule's meaning changes;
- ``priority``: the order in which the engine's caller tries the pack's rules (lower first), and ``group``: which of
  its lists (the coding pack's means of explosive violence, its other cues, its checks…);
- ``pattern``: a regular expression, or a list of alternatives joined with ``|`` (``sequence``: a long expression
  written as pieces that follow one another); ``boundary`` puts the same edge on every alternative ("token": no
  letter, digit or hyphen on either side, the default; "word": ``\\b``; "none"); ``ignore_case`` (default true);
- ``lexicon``: instead of a pattern, the name of a word list (``lexicons/NAME.tsv``, one literal term a line under a
  ``term`` header), matched as written inside words, ignoring case; ``exclusive_with``: the ids of rules whose words
  must never be found by this one's, nor this one's by theirs (two lexicons that contradict each other, such as
  combatants and civilians: the lint checks it);
- ``sets``: the values the rule gives a record (an ACLED type, a weapon kind…);
- ``unless``: the ids of the named checks that veto it (the code that holds the checks says which it runs);
- ``examples`` (each ``{text, match}``: the first match must be exactly ``match``) and ``counterexamples``
  (``{text}``: no match at all, or ``{text, match}``: not that match). Every rule has at least one example;
  ``khaldun rules test`` and the test suite run them all.

A rule of ``kind = "decision"`` has no pattern: it names a choice the code makes (a figure large enough to be a
running total). Its examples say what extracting their text yields (``{text, yields = "toll"}``: a toll record whose
``rules`` name the rule; ``yields = "none"`` in a counterexample: no record names it); ``decision_failures`` runs
them through an extractor.

Every rule must fire where the pipeline runs it on the fixture corpus (``coverage.py``: with ``KHALDUN_TRACE_RULES``
set, each pattern notes its rule when it matches; ``khaldun rules coverage`` and the tests run it).

Modelled on spaCy's SpanRuler patterns (each match carries its pattern's id), medspaCy's context rules
(exceptions as data), Odin's grammars (an example on each rule, ``foundBy`` on each result) and trafilatura's
``xpaths.py`` (selectors as data, no logic): the packs hold the words, this module the engine.
"""
from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from types import MappingProxyType
from typing import Mapping, cast

ID = re.compile(r"^[a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+\.v\d+$")
VAR = re.compile(r"\$\{([A-Z][A-Z0-9_]*)\}")
BOUNDARIES = {"token": r"(?<![\w-])(?:{})(?![\w-])", "word": r"\b(?:{})\b", "none": "{}"}


# Tracing, for the coverage lint (rules/coverage.py): with KHALDUN_TRACE_RULES set when the packs are read, every
# pattern notes its rule's id in FIRED when it matches. Off by default, so extraction pays nothing for it.
TRACE_ENV = "KHALDUN_TRACE_RULES"
FIRED: set[str] = set()


class TracedPattern:
    """A compiled pattern that notes its rule's id in ``FIRED`` each time it finds a match (the rest of
    ``re.Pattern`` passes through)."""

    __slots__ = ("_rx", "_id")

    def __init__(self, rx: re.Pattern[str], rule_id: str) -> None:
        self._rx, self._id = rx, rule_id

    def _noted(self, m: re.Match[str] | None) -> re.Match[str] | None:
        if m is not None:
            FIRED.add(self._id)
        return m

    def search(self, *args, **kwargs) -> re.Match[str] | None:
        return self._noted(self._rx.search(*args, **kwargs))

    def match(self, *args, **kwargs) -> re.Match[str] | None:
        return self._noted(self._rx.match(*args, **kwargs))

    def fullmatch(self, *args, **kwargs) -> re.Match[str] | None:
        return self._noted(self._rx.fullmatch(*args, **kwargs))

    def finditer(self, *args, **kwargs) -> Iterator[re.Match[str]]:
        for m in self._rx.finditer(*args, **kwargs):
            FIRED.add(self._id)
            yield m

    def findall(self, *args, **kwargs) -> list:
        found = self._rx.findall(*args, **kwargs)
        if found:
            FIRED.add(self._id)
        return found

    def sub(self, *args, **kwargs) -> str:
        out, n = self._rx.subn(*args, **kwargs)
        if n:
            FIRED.add(self._id)
        return out

    def __getattr__(self, name: str):
        return getattr(self._rx, name)


class RuleError(ValueError):
    """A pack that cannot be read: a bad id, an unknown ${var}, a pattern that does not compile."""


@dataclass(frozen=True)
class Example:
    text: str
    match: str | None = None  # examples: the first match; counterexamples: a match that must not be found (None: none)
    yields: str | None = None  # decision rules: the kind of record ("event", "toll") that names the rule


@dataclass(frozen=True)
class Rule:
    id: str
    pack: str
    kind: str  # "regex": a pattern over text; "decision": a choice the code makes, named
    priority: int
    group: str  # which of its caller's lists the rule belongs to (coding: means, disrupt, other, prefilter, check)
    pattern: re.Pattern[str] | None
    sets: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    unless: tuple[str, ...] = ()
    lexicon: str | None = None  # the word list the pattern was made from (lexicons/NAME.tsv)
    exclusive_with: tuple[str, ...] = ()  # rules whose words must not overlap this one's
    terms: tuple[str, ...] = ()  # a lexicon rule's words
    examples: tuple[Example, ...] = ()
    counterexamples: tuple[Example, ...] = ()
    note: str = ""

    @property
    def name(self) -> str:
        """The rule's name within its family: ``type.air.v1`` → ``air``."""
        return self.id.rsplit(".", 2)[-2]

    @property
    def version(self) -> int:
        return int(self.id.rsplit(".v", 1)[1])

    @property
    def regex(self) -> re.Pattern[str]:
        """The pattern of a regex rule (a decision rule has none)."""
        if self.pattern is None:
            raise RuleError(f"{self.id} is a decision rule: it has no pattern")
        return self.pattern

    def first(self, text: str) -> re.Match[str] | None:
        return self.regex.search(text)

    def failures(self) -> list[str]:
        """What of the rule's own examples and counterexamples does not hold ([] when all do; a decision rule's are
        run by ``decision_failures``)."""
        out: list[str] = []
        if self.kind == "decision":
            return out
        for ex in self.examples:
            m = self.first(ex.text)
            got = m.group() if m else None
            if got is None or (ex.match is not None and got != ex.match):
                out.append(f"{self.id}: example {ex.text!r} gave {got!r}, wanted {ex.match!r}")
        for ex in self.counterexamples:
            m = self.first(ex.text)
            if m and (ex.match is None or m.group() == ex.match):
                out.append(f"{self.id}: counterexample {ex.text!r} matched {m.group()!r}")
        return out


@dataclass(frozen=True)
class Pack:
    id: str
    description: str
    rules: tuple[Rule, ...]
    vars: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))  # expanded, for the engine's own use

    def by_id(self, rule_id: str) -> Rule:
        return next(r for r in self.rules if r.id == rule_id)

    def group(self, group: str) -> list[Rule]:
        """The pack's rules of one group, by priority."""
        return [r for r in self.rules if r.group == group]


def _terms(name: str, where: str) -> tuple[str, ...]:
    try:
        text = resources.files("khaldun.rules").joinpath(f"lexicons/{name}.tsv").read_text(encoding="utf-8")
    except FileNotFoundError as err:
        raise RuleError(f"{where}: no lexicon {name!r} (lexicons/{name}.tsv)") from err
    rows = [line.split("\t")[0].strip() for line in text.splitlines()]
    if not rows or rows[0] != "term":
        raise RuleError(f"{where}: lexicons/{name}.tsv must start with a 'term' header")
    return tuple(t for t in rows[1:] if t)


def _compile(spec: dict, variables: Mapping[str, str], where: str, terms: tuple[str, ...] = ()) -> re.Pattern[str]:
    if terms:  # a lexicon: its words as written, longest first so that one never hides a longer one
        body = "|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True))
    elif "sequence" in spec:  # a long pattern written in pieces, one after another
        body = "".join(spec["sequence"])
    else:
        raw = spec["pattern"]
        body = "|".join(raw) if isinstance(raw, list) else raw

    def expand(m: re.Match[str]) -> str:
        if m.group(1) not in variables:
            raise RuleError(f"{where}: unknown ${{{m.group(1)}}}")
        return variables[m.group(1)]

    body = VAR.sub(expand, body)
    boundary = spec.get("boundary", "token")
    if boundary not in BOUNDARIES:
        raise RuleError(f"{where}: boundary must be one of {', '.join(BOUNDARIES)}, not {boundary!r}")
    try:
        return re.compile(BOUNDARIES[boundary].format(body), re.I if spec.get("ignore_case", True) else 0)
    except re.error as err:
        raise RuleError(f"{where}: the pattern does not compile: {err}") from err


def _traced(rx: re.Pattern[str], rule_id: str) -> re.Pattern[str]:
    return cast("re.Pattern[str]", TracedPattern(rx, rule_id)) if os.environ.get(TRACE_ENV) else rx


def _examples(items: list) -> tuple[Example, ...]:
    return tuple(Example(text=e["text"], match=e.get("match"), yields=e.get("yields")) for e in items)


def _expanded_vars(raw: Mapping[str, str], where: str) -> dict[str, str]:
    """The pack's vars with every ``${NAME}`` inside them expanded (a var may use vars declared before or after it)."""
    done: dict[str, str] = {}

    def expand(name: str, seen: tuple[str, ...]) -> str:
        if name in done:
            return done[name]
        if name not in raw:
            raise RuleError(f"{where}: unknown ${{{name}}}")
        if name in seen:
            raise RuleError(f"{where}: ${{{name}}} uses itself")
        done[name] = VAR.sub(lambda m: expand(m.group(1), (*seen, name)), raw[name])
        return done[name]

    for var in raw:
        expand(var, ())
    return done


def parse_pack(text: str, name: str) -> Pack:
    """A pack from its TOML text."""
    data = tomllib.loads(text)
    head = data.get("pack", {})
    variables = _expanded_vars(data.get("vars", {}), name)
    rules = []
    for spec in data.get("rule", []):
        rule_id = spec.get("id", "")
        if not ID.match(rule_id):
            raise RuleError(f"{name}: rule id {rule_id!r} is not family.name.vN")
        terms = _terms(spec["lexicon"], f"{name}:{rule_id}") if "lexicon" in spec else ()
        rules.append(Rule(
            id=rule_id, pack=head.get("id", name), kind=spec.get("kind", "regex"), priority=int(spec.get("priority", 0)),
            group=spec.get("group", ""),
            pattern=None if spec.get("kind") == "decision" else _traced(_compile(spec, variables, f"{name}:{rule_id}", terms), rule_id),
            sets=MappingProxyType(dict(spec.get("sets", {}))), lexicon=spec.get("lexicon"),
            exclusive_with=tuple(spec.get("exclusive_with", ())), terms=terms,
            unless=tuple(spec.get("unless", ())), examples=_examples(spec.get("examples", [])),
            counterexamples=_examples(spec.get("counterexamples", [])), note=spec.get("note", "")))
    return Pack(id=head.get("id", name), description=head.get("description", ""),
                rules=tuple(sorted(rules, key=lambda r: r.priority)), vars=MappingProxyType(variables))


PACKS = ("coding", "weapons", "tolls", "casualties", "provenance", "places", "attribution", "dates", "events", "frames")


@lru_cache(maxsize=None)
def load_pack(name: str) -> Pack:
    """A packaged pack by name (``packs/NAME.toml``), read once."""
    return parse_pack(resources.files("khaldun.rules").joinpath(f"packs/{name}.toml").read_text(encoding="utf-8"), name)


def all_rules() -> list[Rule]:
    return [r for name in PACKS for r in load_pack(name).rules]


def lint(rules: list[Rule]) -> list[str]:
    """What the packs get wrong as a whole: repeated ids, a rule without an example, a veto naming no known check, a
    word in two lexicons that exclude each other."""
    problems = []
    seen: set[str] = set()
    ids = {r.id for r in rules}
    by_id = {r.id: r for r in rules}
    for r in rules:
        for other_id in r.exclusive_with:
            other = by_id.get(other_id)
            if other is None or other.pattern is None:
                problems.append(f"{r.id}: exclusive_with names {other_id}, which no pack declares as a pattern")
                continue
            problems += [f"{r.id}: the word {t!r} is also {other_id}'s" for t in r.terms if other.regex.search(t)]
    for r in rules:
        if r.id in seen:
            problems.append(f"{r.id}: the id is used twice")
        seen.add(r.id)
        if not r.examples:
            problems.append(f"{r.id}: no example")
        problems += [f"{r.id}: unless names {u}, which no pack declares" for u in r.unless if u not in ids]
    return problems


def decision_failures(rules: list[Rule], extract) -> list[str]:
    """The decision rules' examples run through ``extract`` (text → records as FORMAT.md dicts): an example must
    yield a record of its kind whose ``rules`` name the rule; a counterexample, no record that names it."""
    out = []
    for r in (r for r in rules if r.kind == "decision"):
        for ex in r.examples:
            if not any(rec["kind"] == ex.yields and r.id in rec.get("rules", ()) for rec in extract(ex.text)):
                out.append(f"{r.id}: example {ex.text!r} yields no {ex.yields} record naming the rule")
        for ex in r.counterexamples:
            if any(r.id in rec.get("rules", ()) for rec in extract(ex.text)):
                out.append(f"{r.id}: counterexample {ex.text!r} yields a record naming the rule")
    return out


def markdown(rules: list[Rule]) -> str:
    """docs/rules.md: every rule with its pack, what it sets, its vetoes, note and examples (generated; a test checks
    that the committed file is current)."""
    out = ["# Rules", "", "Generated from `src/khaldun/rules/packs/*.toml` by `khaldun rules doc`; do not edit by hand.",
           f"{len(rules)} rules. `khaldun rules test` runs every example and counterexample below.", ""]
    pack = None
    for r in rules:
        if r.pack != pack:
            pack = r.pack
            out += [f"## Pack `{pack}`", ""]
        sets = ", ".join(f"{k}: {v}" for k, v in r.sets.items())
        out.append(f"### `{r.id}`" + (f" ({r.group})" if r.group else ""))
        out.append("")
        if sets:
            out.append(f"- sets: {sets}")
        if r.lexicon:
            out.append(f"- lexicon: `lexicons/{r.lexicon}.tsv` ({len(r.terms)} words)"
                       + (f"; shares none with {', '.join(f'`{x}`' for x in r.exclusive_with)}" if r.exclusive_with else ""))
        if r.unless:
            out.append(f"- unless: {', '.join(f'`{u}`' for u in r.unless)}")
        if r.note:
            out.append(f"- {r.note}")
        out += [f"- example: “{e.text}” → " + (f"a {e.yields} record" if e.yields else f"`{e.match}`") for e in r.examples]
        out += [f"- counterexample: “{e.text}”" + (f" (not `{e.match}`)" if e.match else " (no record)" if r.kind == "decision"
                                                   else " (no match)") for e in r.counterexamples]
        out.append("")
    return "\n".join(out)

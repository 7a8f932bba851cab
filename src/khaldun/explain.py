"""Why a text gave the records it gave: per sentence, every declared rule whose pattern matched (and the named checks
that vetoed a match), and the records that came out with their rule chains. `khaldun explain` prints it."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from .api import Extractor, records
from .stages.coding import CHECKS, CODING
from .rules.engine import Rule, all_rules
from .model import Span

# the rules explained by their matches: patterns over a sentence (the checks are reported as vetoes of these)
MATCHED_GROUPS = ("means", "disrupt", "other", "prefilter", "toll", "weapon", "figure", "none")


@dataclass(frozen=True)
class RuleMatch:
    rule_id: str
    span: Span  # in the article's text
    text: str
    vetoed_by: tuple[str, ...] = ()  # the checks under the rule's `unless` that vetoed this match


@dataclass(frozen=True)
class SentenceExplanation:
    span: Span
    text: str
    matches: tuple[RuleMatch, ...]
    records: tuple[dict[str, Any], ...]  # FORMAT.md records whose evidence starts in the sentence

    def as_dict(self) -> dict[str, Any]:
        return {"start": self.span.start, "end": self.span.end, "text": self.text,
                "matches": [{"rule": m.rule_id, "start": m.span.start, "end": m.span.end, "text": m.text,
                             "vetoed_by": list(m.vetoed_by)} for m in self.matches],
                "records": list(self.records)}


def _matches(rule: Rule, text: str, base: int) -> list[RuleMatch]:
    out = []
    for m in rule.regex.finditer(text) if rule.pattern is not None else ():
        vetoes = tuple(c for c in rule.unless if c in CHECKS and CHECKS[c](CODING.by_id(c), m, text))
        out.append(RuleMatch(rule.id, Span(base + m.start(), base + m.end()), m.group(), vetoes))
    return out


def explain(text: str, extractor: Extractor, published: dt.date | str | None = None) -> list[SentenceExplanation]:
    """Each sentence of ``text`` with the rule matches in it and the event and toll records it gave."""
    result = extractor.extract(text, published=published, article_id="explain")
    recs = [r for r in records(result, ("event", "toll")) if r.get("evidence_in", "text") == "text"]
    rules = [r for r in all_rules() if r.group in MATCHED_GROUPS]
    out = []
    for sentence in result.sentences:
        start, end = sentence.span.start, sentence.span.end
        said = text[start:end]
        matches = sorted((m for r in rules for m in _matches(r, said, start)), key=lambda m: (m.span.start, m.rule_id))
        mine = tuple(r for r in recs if start <= r["evidence_start"] < end)
        out.append(SentenceExplanation(Span(start, end), said, tuple(matches), mine))
    return out

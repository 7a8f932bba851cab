"""Which declared rules fire on a corpus, and which never do: the coverage lint's engine.

A rule fires when its pattern finds a match where the pipeline runs it (the packs are read with tracing on, see
``engine.TracedPattern``), when a record names it (a decision rule), or, for a word list the engine reads as a set
of words (the attribution lexicons) or a pattern the pre-filters join into one scan, when it matches the corpus. Tracing must be on before the packs
are read (importing khaldun reads them), so this runs in a process of its own::

    python -m khaldun.rules.coverage samples tests/fixtures/rules_corpus [--json]

``khaldun rules coverage`` starts it. Exit status 1 when some rule never fires.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import sys
from dataclasses import dataclass

from .engine import FIRED, TRACE_ENV

KINDS = ("event", "toll", "place", "attribution")
# groups whose patterns are read only as text (joined into the pre-filters' scans; or by the ledger's merging, over a
# claim's evidence), never as their rule by the pipeline: they fire where they match a text
SCANNED = ("prefilter", "merging")
DEFAULT_PUBLISHED = dt.date(2025, 6, 10)  # for articles that give no date, so relative dates resolve


@dataclass(frozen=True)
class Coverage:
    articles: int
    fired: tuple[str, ...]
    never: tuple[str, ...]  # ids of the rules that fired nowhere

    def as_dict(self) -> dict:
        return {"articles": self.articles, "fired": list(self.fired), "never": list(self.never)}


def coverage(inputs: list[str]) -> Coverage:
    """Extract every article of ``inputs`` (paths as the CLI reads them) and report which rules fired. Call it in a
    process where ``KHALDUN_TRACE_RULES`` was set before any pack was read (``main`` does)."""
    if not os.environ.get(TRACE_ENV):
        raise RuntimeError(f"set {TRACE_ENV}=1 before the packs are read (run: python -m khaldun.rules.coverage)")
    from ..api import Extractor, records
    from ..io.readers import read_inputs
    from ..model import Article, Rejection
    from .engine import all_rules

    extractor = Extractor()
    named: set[str] = set()
    texts: list[str] = []
    for item in read_inputs(inputs, default_published=DEFAULT_PUBLISHED):
        if not isinstance(item, Article):
            continue
        texts.append(item.text)
        for result in extractor.run([item]):
            if isinstance(result, Rejection):
                continue
            for rec in records(result, KINDS):
                named.update(rec.get("rules", ()))
    fired: list[str] = []
    never: list[str] = []
    for rule in all_rules():
        hit = (rule.id in FIRED or rule.id in named
               or ((rule.lexicon is not None or rule.group in SCANNED) and any(rule.regex.search(t) for t in texts)))
        (fired if hit else never).append(rule.id)
    return Coverage(len(texts), tuple(fired), tuple(never))


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    as_json = "--json" in args
    paths = [a for a in args if a != "--json"]
    if not os.environ.get(TRACE_ENV):
        # importing khaldun read the packs already: start again with tracing on from the first import
        os.execve(sys.executable, [sys.executable, "-m", "khaldun.rules.coverage", *args], {**os.environ, TRACE_ENV: "1"})
    result = coverage(paths)
    if as_json:
        print(json.dumps(result.as_dict()))
    else:
        for rule_id in result.never:
            print(rule_id)
        print(f"khaldun: {len(result.fired)} of {len(result.fired) + len(result.never)} rule(s) fired on "
              f"{result.articles} article(s); {len(result.never)} never did", file=sys.stderr)
    return 1 if result.never else 0


if __name__ == "__main__":
    sys.exit(main())

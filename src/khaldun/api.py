"""The Python API: the same functions the CLI calls."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from .resources.actors import ActorRegistry
from .stages.dates import parse_publication_date
from .resources.gazetteer import Gazetteer
from .resources.nlp import load_model
from .pipeline import Pipeline, Services
from .errors import PipelineFailure
from .io.readers import check_article
from .model import (
    CostBudget,
    Article,
    Rejection,
    Extraction,
    attribution_record,
    event_record,
    place_record,
    toll_record,
)

KINDS = ("event", "toll", "place", "attribution")


class Extractor:
    """A loaded pipeline; build one and reuse it (loading the model takes a second or two)."""

    def __init__(self, nlp: Any = None, registry: ActorRegistry | None = None, actor_files: list[Path] | None = None,
                 gazetteer: Gazetteer | None | bool = True, selective: bool = False,
                 budget: CostBudget = CostBudget()) -> None:
        """``gazetteer``: True opens the embedded one (built on first use) with the user's imports; False leaves
        places unresolved; or pass an open ``Gazetteer``. ``selective``: parse only the sentences that can carry
        event and toll records (faster; attribution and place records then come from those sentences, plus
        place names found in the others' text). ``budget``: what one article may cost (pipeline.CostBudget)."""
        if gazetteer is True:
            gazetteer = Gazetteer.open_default()
        self.services = Services(registry=registry or ActorRegistry.load(actor_files), nlp=nlp or load_model(),
                                 gazetteer=gazetteer or None, selective=selective, budget=budget)
        self.pipeline = Pipeline(self.services)

    def run(self, articles: Iterable[Article]) -> Iterator[Extraction | Rejection]:
        """Extractions in input order; an article the pipeline fails on comes back as a Rejection."""
        return self.pipeline.run(articles)

    def extract(self, text: str, published: str | dt.date | None = None, article_id: str = "text", **meta: Any) -> Extraction:
        if isinstance(published, str):
            published = parse_publication_date(published)
        article = check_article(Article(id=article_id, text=text, published=published, origin=article_id, **meta))
        result = next(iter(self.run([article])))
        if isinstance(result, Rejection):
            raise PipelineFailure(result.reason, origin=result.origin, stage=result.stage)
        return result


_default: Extractor | None = None


def extract(text: str, published: str | dt.date | None = None, **meta: Any) -> Extraction:
    """Extract events, tolls, places and attributions from one article's text.

    >>> result = khaldun.extract("Militants attacked a checkpoint in Afgooye on Monday.", published="2025-06-04")
    >>> result.events[0].sub_event_type
    'Armed clash'
    """
    global _default
    if _default is None:
        _default = Extractor()
    return _default.extract(text, published=published, **meta)


def records(result: Extraction, kinds: Iterable[str] = ("event", "toll")) -> Iterator[dict[str, Any]]:
    """FORMAT.md records of one extraction, in text order within each kind."""
    kinds = set(kinds)
    article, aid = result.article, result.article.id
    if "event" in kinds:
        for e in result.events:
            yield event_record(e, article)
    if "toll" in kinds:
        for t in result.tolls:
            yield toll_record(t, article)
    if "place" in kinds:
        for p in result.places:
            yield place_record(p, aid)
    if "attribution" in kinds:
        for a in result.attributions:
            yield attribution_record(a, aid)

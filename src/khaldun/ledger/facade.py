"""The ledger: articles in, claims stored with their provenance, incidents merged, toll series out.

``Ledger(db)`` is the library object the CLI (`ingest`, `incidents`, `export`, `tolls`, `report`) and the web
app call. Each article is stored in one transaction (article, claims, tolls, places, incident merging), so a
crash leaves whole articles or none; an input already stored (same content hash) is skipped before extraction.

The write side (`write.py`: ingest, store, merge), review (`reviews.py`: verdicts, corrections, merges and splits by
hand, the review log) and the read side (`read.py`: queries) share the facade's store.
"""
from __future__ import annotations

import os
from typing import TYPE_CHECKING

from .read import LedgerReads
from .reviews import LedgerReviews
from .store import Store
from .write import LedgerWrites

if TYPE_CHECKING:
    from ..api import Extractor


class Ledger(LedgerWrites, LedgerReviews, LedgerReads):
    """An event ledger on a SQLite file or a PostgreSQL database.

    >>> ledger = Ledger("khaldun.db")
    >>> ledger.ingest(["articles.jsonl"]).line()
    >>> ledger.incidents(since="2024-05-01")      # a pandas DataFrame
    """

    def __init__(self, db: str | os.PathLike | Store, extractor: "Extractor | None" = None) -> None:
        self.store = db if isinstance(db, Store) else Store.open(db)
        self._extractor = extractor

    @property
    def extractor(self) -> "Extractor":
        if self._extractor is None:
            from ..api import Extractor

            self._extractor = Extractor(selective=True)  # the ledger keeps events and tolls: selective parsing suffices
        return self._extractor

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> "Ledger":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


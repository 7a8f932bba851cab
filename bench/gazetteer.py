#!/usr/bin/env python3
"""Gazetteer speed and size: index build time, resolutions per second once loaded, peak memory.

    .venv/bin/python bench/gazetteer.py [--mentions 20000]

Build: a fresh index in a temporary folder. Resolutions: place mentions drawn from our own sample articles'
kind of names (a fixed list below, many spellings), resolved in article-sized groups of 8 with the full
context scoring, first cold (cache empty) then warm. Memory: this process's peak RSS (no spaCy loaded)."""
import argparse
import json
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

from khaldun.resources.actors import ActorRegistry
from khaldun.resources.gazetteer import Gazetteer, build_index
from khaldun.stages.geocode import resolve_mentions
from khaldun.model import PlaceMention, Span

NAMES = ["Rafah", "Khan Younis", "Khan Yunis", "Jabalia", "Jabaliya", "Gaza", "Gaza City", "Deir el-Balah", "Beit Lahia", "Nuseirat",
         "Shejaiya", "Zeitoun", "Sabra", "Kharkiv", "Kherson", "Donetsk", "Bakhmut", "Avdiivka", "Pokrovsk", "Zaporizhzhia", "Kyiv",
         "Odesa", "Mogadishu", "Baidoa", "Kismayo", "Afgooye", "Beledweyne", "Khartoum", "Omdurman", "El Fasher", "Nyala",
         "Sagaing", "Mandalay", "Yangon", "Myitkyina", "Aleppo", "Idlib", "Homs", "Sanaa", "Aden", "Hodeidah", "Beirut", "Tyre",
         "Nabatieh", "Sderot", "Ashkelon", "London", "Washington", "Moscow", "Russia", "Ukraine", "Israel", "Somalia", "Sudan",
         "Myanmar", "Lebanon", "Syria", "Yemen", "Toronto", "Paris", "Springfield", "Alexandria", "Tripoli", "Jerusalem"]


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--mentions", type=int, default=20000)
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "index.sqlite"
        t0 = time.perf_counter()
        build_index(path)
        build_s = time.perf_counter() - t0
        size_mb = path.stat().st_size / 1e6
        rss_after_build = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        gz = Gazetteer(path)
        registry = ActorRegistry.load()
        rng = random.Random(7)
        groups = [[rng.choice(NAMES) for _ in range(8)] for _ in range(a.mentions // 8)]
        text = "A story about " + ", ".join(NAMES[:10]) + "."
        timings = []
        for _ in range(2):  # cold, then warm
            t0 = time.perf_counter()
            n = 0
            for names in groups:
                mentions = [PlaceMention(span=Span(0, len(x)), text=x, name=x) for x in names]
                n += sum(p.latitude is not None for p in resolve_mentions(mentions, gz, text, registry))
            timings.append(time.perf_counter() - t0)
        total = len(groups) * 8
    print(json.dumps({
        "build_s": round(build_s, 1), "index_mb": round(size_mb, 1), "peak_rss_mb_during_build": round(rss_after_build),
        "mentions": total, "resolved": n, "cold_resolutions_per_s": round(total / timings[0]),
        "warm_resolutions_per_s": round(total / timings[1]),
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main())

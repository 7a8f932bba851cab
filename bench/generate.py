"""Articles generated from templates, for scale benchmarks (text written here, no text from elsewhere).

    .venv/bin/python bench/generate.py N [--sentences 1-3] [-o out.jsonl.zst]

Random towns, days, figures, weapons and claimants; dates random over 2018-2025 (the ledger sees many incidents
close together), or, with per_day, advancing with the articles as a news stream does."""
from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys

TOWNS = ["Kharkiv", "Baidoa", "Mogadishu", "Kismayo", "Sittwe", "Myitkyina", "El Fasher", "Nyala", "Kherson",
         "Zaporizhzhia", "Bakhmut", "Beledweyne", "Lashio", "Hajjah", "Taiz", "Idlib", "Aleppo", "Tyre", "Sidon"]
TEMPLATES = [
    "{what} hit {town} on {day}, killing {k} people and wounding {w}, {who} said.",
    "{who} said {k} civilians were killed when {what_l} struck a market in {town} on {day}.",
    "At least {k} fighters died in clashes near {town} on {day}, according to {who}.",
    "{who} reported that {w} people were injured after {what_l} hit a school in {town} on {day}.",
]
WHAT = ["Artillery shells", "A drone strike", "An air strike", "Mortar fire", "A car bomb"]
WHO = ["local officials", "the health ministry", "the regional governor", "witnesses", "the army", "a rights group"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def generated(n: int, seed: int = 7, sentences: tuple[int, int] = (3, 6), start: int = 0, per_day: int = 0):
    rnd = random.Random(seed)
    for i in range(start, start + n):
        parts = []
        for _ in range(rnd.randint(*sentences)):
            what = rnd.choice(WHAT)
            parts.append(rnd.choice(TEMPLATES).format(
                what=what, what_l=what[0].lower() + what[1:], town=rnd.choice(TOWNS), day=rnd.choice(DAYS),
                k=rnd.randint(1, 40), w=rnd.randint(1, 80), who=rnd.choice(WHO)))
            parts[-1] = parts[-1][0].upper() + parts[-1][1:]
        if per_day:  # a news stream: dates advance with the articles, so each day holds about per_day of them
            published = (dt.date(1999, 1, 1) + dt.timedelta(days=i // per_day)).isoformat()
        else:
            published = f"20{rnd.randint(18, 25)}-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}"
        yield {"id": f"gen-{i}", "text": "\n\n".join(parts), "published": published, "url": None,
               "outlet": "Generated Wire", "title": None}


def write(path: str, n: int, sentences: tuple[int, int], per_day: int = 0) -> None:
    """N articles as JSON Lines, compressed by the file's suffix (.zst, .gz), streamed."""
    if path.endswith(".zst"):
        import zstandard

        raw = open(path, "wb")
        out = zstandard.ZstdCompressor(level=3).stream_writer(raw)
    elif path.endswith(".gz"):
        import gzip

        raw = out = gzip.open(path, "wb")
    else:
        raw = out = open(path, "wb")
    for obj in generated(n, sentences=sentences, per_day=per_day):
        out.write((json.dumps(obj) + "\n").encode())
    out.close()
    if raw is not out:
        raw.close()


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("n", type=int)
    ap.add_argument("--sentences", default="3-6", help="sentences per article, MIN-MAX")
    ap.add_argument("-o", "--output", default="-")
    a = ap.parse_args()
    lo, hi = (int(x) for x in a.sentences.split("-"))
    if a.output == "-":
        for obj in generated(a.n, sentences=(lo, hi)):
            sys.stdout.write(json.dumps(obj) + "\n")
    else:
        write(a.output, a.n, (lo, hi))
    return 0


if __name__ == "__main__":
    sys.exit(main())

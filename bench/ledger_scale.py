"""Ledger scale: N articles ingested into a fresh SQLite store, one by one; is the per-article time flat?

    .venv/bin/python bench/ledger_scale.py [--articles 10000] [--db /tmp/scale.db]

Articles: the GVA corpus from ../shared/peers (when present) and, to reach N, articles generated here from
templates (random towns from the gazetteer, dates, figures, claimants). Prints the mean per-article time of
the first and last 1,000 (extraction + store + merging), their ratio, and the store's size; also the merging
step alone, since extraction costs the same for the first and the last article."""
from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from khaldun.api import Extractor  # noqa: E402
from khaldun.ledger import Ledger  # noqa: E402
from khaldun.io.readers import article_from_mapping  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import generated  # noqa: E402

GVA = Path(__file__).resolve().parents[2] / "shared" / "peers" / "semeval2018_task5_gva" / "the_violent_corpus.jsonl"
def corpus(n: int):
    count = 0
    if GVA.exists():
        with open(GVA, encoding="utf-8") as f:
            for line in f:
                d = json.loads(line)
                if not d.get("content", "").strip():
                    continue
                yield {"id": d["doc_id"], "text": d["content"], "published": d.get("dct"), "url": d.get("uri"),
                       "outlet": None, "title": d.get("title")}
                count += 1
                if count >= n:
                    return
    yield from generated(n - count)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=10_000)
    ap.add_argument("--db", default="/tmp/khaldun-scale.db")
    a = ap.parse_args()
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(a.db + suffix):
            os.remove(a.db + suffix)
    extractor = Extractor()
    ledger = Ledger(a.db, extractor=extractor)
    total, store_only = [], []
    started = time.perf_counter()
    for i, obj in enumerate(corpus(a.articles)):
        t0 = time.perf_counter()
        try:
            article = article_from_mapping(obj, obj["id"])
        except Exception:  # noqa: BLE001 - the bench counts what the ledger stores
            continue
        result = next(iter(extractor.run([article])))
        t1 = time.perf_counter()
        ledger.add(result)
        t2 = time.perf_counter()
        total.append(t2 - t0)
        store_only.append(t2 - t1)
        if (i + 1) % 1000 == 0:
            print(f"{i + 1} articles, {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
    k = min(1000, len(total) // 2)
    first, last = statistics.mean(total[:k]), statistics.mean(total[-k:])
    sf, sl = statistics.mean(store_only[:k]), statistics.mean(store_only[-k:])
    print(json.dumps({
        "articles": len(total), "counts": ledger.counts(),
        "first_1000_ms": round(first * 1000, 1), "last_1000_ms": round(last * 1000, 1), "ratio": round(last / first, 2),
        "store_merge_first_ms": round(sf * 1000, 2), "store_merge_last_ms": round(sl * 1000, 2),
        "store_merge_ratio": round(sl / sf, 2), "total_s": round(sum(total), 1),
        "db_mb": round(sum(os.path.getsize(a.db + s) for s in ("", "-wal") if os.path.exists(a.db + s)) / 1e6, 1),
    }))


if __name__ == "__main__":
    main()

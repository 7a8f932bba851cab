#!/usr/bin/env python3
"""Batch scale benchmarks (issue 6).

    .venv/bin/python bench/batch.py stream [--articles 100000] [--workers 2] [--every 10]
        N generated articles (bench/generate.py, 1-3 sentences, 10 a day as a news stream from 1999, .jsonl.zst) through
        `khaldun ingest --workers 2`
        into a fresh SQLite ledger; the RSS of the main process and of each worker sampled every few seconds.
        Does memory grow over time? Compared: mean RSS over the second tenth of the run and over the last tenth.
    .venv/bin/python bench/batch.py dask [--articles 400]
        The same corpus (GVA and PolNeAR texts from ../shared; skipped when absent) extracted by a Dask
        LocalCluster of 1 worker, then of 2 workers (pipelines loaded and warmed first): the speed-up.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "eval"
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))


def stream(a) -> int:
    import psutil

    from generate import write

    work = Path(a.dir or tempfile.mkdtemp(prefix="khaldun-stream-"))
    src, db = work / f"generated-{a.articles}-{a.per_day}.jsonl.zst", work / "stream.db"
    if not src.exists():
        write(str(src), a.articles, (1, 3), per_day=a.per_day)
    for suffix in ("", "-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    cli = ROOT / ".venv" / "bin" / "khaldun"
    started = time.time()
    proc = subprocess.Popen([str(cli), "ingest", str(src), "--db", str(db), "--workers", str(a.workers), "-q"],
                            stderr=subprocess.PIPE, text=True)
    main = psutil.Process(proc.pid)
    samples = []
    while proc.poll() is None:
        try:
            kids = [c for c in main.children(recursive=True) if "resource_tracker" not in " ".join(c.cmdline())]
            rss_main = main.memory_info().rss / 1e6
            rss_workers = [c.memory_info().rss / 1e6 for c in kids]
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            break
        samples.append({"t": round(time.time() - started, 1), "main_mb": round(rss_main),
                        "workers_mb": [round(x) for x in rss_workers], "total_mb": round(rss_main + sum(rss_workers))})
        time.sleep(a.every)
    err = proc.stderr.read()
    elapsed = time.time() - started
    import sqlite3

    with sqlite3.connect(db) as conn:
        stored = conn.execute("select count(*) from articles").fetchone()[0]
        claims = conn.execute("select count(*) from claims").fetchone()[0]
    tenth = max(1, len(samples) // 10)
    early, late = samples[tenth: 2 * tenth], samples[-tenth:]
    summary = {
        "articles": a.articles, "workers": a.workers, "exit": proc.returncode, "stored": stored, "claims": claims,
        "seconds": round(elapsed), "articles_per_s": round(stored / elapsed, 1), "samples": len(samples),
        "total_mb_second_tenth": round(statistics.mean(s["total_mb"] for s in early)),
        "total_mb_last_tenth": round(statistics.mean(s["total_mb"] for s in late)),
        "main_mb_second_tenth": round(statistics.mean(s["main_mb"] for s in early)),
        "main_mb_last_tenth": round(statistics.mean(s["main_mb"] for s in late)),
        "worker_peak_mb": max((max(s["workers_mb"]) for s in samples if s["workers_mb"]), default=0),
        "stderr_tail": err[-300:],
    }
    (work / "rss.json").write_text(json.dumps({"summary": summary, "samples": samples}))
    print(json.dumps(summary))
    print(f"samples: {work / 'rss.json'}", file=sys.stderr)
    return 0 if proc.returncode in (0, 2) else 1


def corpus(n: int):
    from corpora import gva_polnear

    from khaldun.io.readers import article_from_mapping

    return [article_from_mapping(it, f"b:{i}") for i, it in enumerate(gva_polnear(n))]


def _peak_rss_mb() -> int:
    import resource

    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


def dask(a) -> int:
    if not SHARED.exists():
        print("skipped: ../shared/eval is absent")
        return 0
    from khaldun.runners.parallel import DaskWorkers, PipelineSpec

    articles = corpus(a.articles)
    spec = PipelineSpec(selective=not a.full_parse)
    out = {"articles": len(articles), "words": sum(len(x.text.split()) for x in articles)}
    for n in (1, 2):
        engine = DaskWorkers(spec, f"local:{n}", chunk=8)
        try:
            list(engine.run(articles[: 8 * n]))  # every worker loaded and warm
            t0 = time.perf_counter()
            results = list(engine.run(articles))
            out[f"workers_{n}_s"] = round(time.perf_counter() - t0, 1)
            out[f"workers_{n}_articles_per_s"] = round(len(articles) / (time.perf_counter() - t0), 2)
            out[f"workers_{n}_records"] = sum(len(getattr(r, "events", ())) for r in results)
            peaks = engine.client.run(_peak_rss_mb)  # each worker process's own peak, after the corpus
            out[f"workers_{n}_peak_rss_mb"] = max(peaks.values())
        finally:
            engine.close()
    out["speedup"] = round(out["workers_1_s"] / out["workers_2_s"], 2)
    out["cpus"] = os.cpu_count()
    print(json.dumps(out))
    return 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("stream")
    s.add_argument("--articles", type=int, default=100_000)
    s.add_argument("--workers", type=int, default=2)
    s.add_argument("--every", type=float, default=10.0)
    s.add_argument("--dir", default=None)
    s.add_argument("--per-day", type=int, default=10, help="articles a day of the generated stream (dates advance from 1999)")
    d = sub.add_parser("dask")
    d.add_argument("--articles", type=int, default=400)
    d.add_argument("--full-parse", action="store_true")
    a = ap.parse_args()
    return stream(a) if a.cmd == "stream" else dask(a)


if __name__ == "__main__":
    sys.exit(main())

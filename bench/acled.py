#!/usr/bin/env python3
"""ACLED notes benchmark over the four issue files: make inputs, run `khaldun extract`, score.

    .venv/bin/python bench/acled.py [--split test] [--limit 150] [--full-parse]

Reads ../shared/eval; skips cleanly when it is absent. The shared scorer's confusion-table sort fails
when a tie puts a missed row (None) beside a typed one; we sort with a key that orders None first.
"""
import argparse
import builtins
import importlib.util
import json
import pathlib
import subprocess
import sys
import types

ROOT = pathlib.Path(__file__).resolve().parents[1]
EVAL = ROOT.parent / "shared" / "eval"
FILES = ["palestine_gaza_city_2023_2025", "ukraine_sample", "somalia_2025_2026", "myanmar_2021_explosions", "sudan_2021_2023"]
# the extraction issue's targets cover the first four; the places issue's within-10-km target these four
PLACE_FILES = ["ukraine_sample", "somalia_2025_2026", "myanmar_2021_explosions", "sudan_2021_2023"]


def _safe_sorted(iterable, key=None, reverse=False):
    if key is None:
        key = lambda t: tuple("" if x is None else x for x in t) if isinstance(t, tuple) else t  # noqa: E731
    return builtins.sorted(iterable, key=key, reverse=reverse)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--split", default="test")
    ap.add_argument("--limit", type=int, default=150)
    ap.add_argument("--out", default=str(ROOT / "out"))
    ap.add_argument("--full-parse", action="store_true", help="parse every sentence (extract's default is selective)")
    a = ap.parse_args()
    if not (EVAL / "acled_bench.py").exists():
        print("skipped: ../shared/eval is absent")
        return 0
    spec = importlib.util.spec_from_file_location("acled_bench", EVAL / "acled_bench.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    bench.sorted = _safe_sorted
    out = pathlib.Path(a.out)
    out.mkdir(exist_ok=True)
    khaldun = ROOT / ".venv" / "bin" / "khaldun"
    results = {}
    for name in FILES:
        csv_path = EVAL / f"acled_{name}.csv"
        inp, pred = out / f"acled_{a.split}_{name}.jsonl", out / f"acled_{a.split}_pred_{name}.jsonl"
        args = types.SimpleNamespace(csv=str(csv_path), split=a.split, limit=a.limit, pred=str(pred), json=True)
        with open(inp, "w") as f:
            saved, sys.stdout = sys.stdout, f
            try:
                bench.make(args)
            finally:
                sys.stdout = saved
        subprocess.run([str(khaldun), "extract", str(inp), "-q", "-o", str(pred), *(["--full-parse"] if a.full_parse else [])], check=False)
        import contextlib
        import io

        buf = io.StringIO()
        with contextlib.redirect_stdout(buf):
            bench.score(args)
        results[name] = json.loads(buf.getvalue())
        r = results[name]
        print(f"{name:32} detection {r['detection']:.3f}  sub_event {r['sub_event_type']:.3f}  fatalities_clean {r['fatalities_clean_rows']:.3f}  date {r['date']:.3f}  place_name {r['place_name']:.3f}  within_10km {r['within_10km']:.3f}"
              f"  actor1 {r.get('actor1', 0):.3f}  actor2 {r.get('actor2', 0):.3f}  actors_either_order {r.get('actors_either_order', 0):.3f}")
        print("   confusions:", "; ".join(r["top_confusions"][:5]))
    keys = ("detection", "sub_event_type", "fatalities_clean_rows", "date")
    core = [results[n] for n in FILES[:4]]
    mean = {k: round(sum(r[k] for r in core) / len(core), 3) for k in keys}
    print("mean of the first four", json.dumps(mean))
    print("within 10 km, mean of", ", ".join(PLACE_FILES), round(sum(results[n]["within_10km"] for n in PLACE_FILES) / len(PLACE_FILES), 3))
    print("actors either order, mean of the five", round(sum(r.get("actors_either_order", 0) for r in results.values()) / len(results), 3))
    return 0


if __name__ == "__main__":
    sys.exit(main())

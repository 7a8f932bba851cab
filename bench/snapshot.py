"""A guardrail for refactors: record today's output on the shared sets, and compare two recordings byte for byte.

    .venv/bin/python bench/snapshot.py record OUT_DIR [--sets seeds,devset,...] [--src SRC]
    .venv/bin/python bench/snapshot.py compare OLD_DIR NEW_DIR

`record` runs `khaldun extract` (every record kind; --full-parse where place or attribution records are scored)
on each set and writes OUT_DIR/SET.jsonl: the seeds, ../shared/devset, the war merging set, GVA dev (600
incidents), ACLED's dev notes (150 rows of each file), GeoWebNews and PolNeAR dev. `--src` records another
checkout's code with this environment (e.g. a `git worktree` of the commit before a change). `compare` lists the
sets whose records differ and the first differing records of each. Skips cleanly when ../shared is absent."""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
EVAL = SHARED / "eval"
ACLED_FILES = ("acled_palestine_gaza_city_2023_2025.csv", "acled_ukraine_sample.csv", "acled_somalia_2025_2026.csv",
               "acled_myanmar_2021_explosions.csv", "acled_sudan_2021_2023.csv")
# set name → (how its inputs are made, the record kinds, whether to parse every sentence)
EVENTS = "event,toll"
ALL_KINDS = "event,toll,place,attribution"


def _made(args: list[str]) -> str:
    return subprocess.run([sys.executable, *args], capture_output=True, text=True, check=True).stdout


def inputs(name: str, work: Path) -> Path:
    """The set's articles as one JSON Lines file (or a folder of .txt files)."""
    if name == "seeds":
        return SHARED / "seeds" / "articles"
    if name == "devset":
        return SHARED / "devset" / "articles"
    target = work / f"{name}.jsonl"
    if name == "warmerge":
        target.write_text(_made([str(EVAL / "warmerge_bench.py"), "make", str(SHARED / "warmerge" / "dev")]))
    elif name == "gva-dev600":
        target.write_text(_made([str(EVAL / "gva_bench.py"), "make", "--split", "dev", "--incidents", "600"]))
    elif name == "acled-dev":
        target.write_text("".join(_made([str(EVAL / "acled_bench.py"), "make", "--csv", str(EVAL / f), "--split", "dev",
                                         "--limit", "150"]) for f in ACLED_FILES))
    elif name == "geowebnews":
        target.write_text(_made([str(EVAL / "peers_bench.py"), "make", "places"]))
    elif name == "polnear-dev":
        target.write_text(_made([str(EVAL / "peers_bench.py"), "make", "attribution", "--split", "dev"]))
    else:
        raise SystemExit(f"unknown set {name!r}")
    return target


SETS = {"seeds": (ALL_KINDS, True), "devset": (ALL_KINDS, True), "warmerge": (EVENTS, False),
        "gva-dev600": (EVENTS, False), "acled-dev": (EVENTS, False), "geowebnews": ("place", True),
        "polnear-dev": ("attribution", True)}


def record(out: Path, names: list[str], src: Path | None) -> None:
    out.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, PYTHONHASHSEED="0")
    if src:
        env["PYTHONPATH"] = str(src)
    with tempfile.TemporaryDirectory(prefix="khaldun-snapshot-") as tmp:
        for name in names:
            kinds, full = SETS[name]
            started = time.time()
            cmd = [sys.executable, "-c", "from khaldun.cli import main; main()", "extract", str(inputs(name, Path(tmp))),
                   "--kinds", kinds, "--published", "2025-01-01", "-q", "-o", str(out / f"{name}.jsonl")]
            subprocess.run(cmd + (["--full-parse"] if full else []), env=env, check=False)
            rows = sum(1 for _ in open(out / f"{name}.jsonl", encoding="utf-8"))
            print(f"{name}: {rows} records in {time.time() - started:.0f} s", flush=True)


def compare(old: Path, new: Path) -> int:
    differing = 0
    for path in sorted(old.glob("*.jsonl")):
        other = new / path.name
        a = path.read_text(encoding="utf-8").splitlines()
        b = other.read_text(encoding="utf-8").splitlines() if other.exists() else []
        if a == b:
            print(f"{path.stem}: identical ({len(a)} records)")
            continue
        differing += 1
        gone, added = [x for x in a if x not in set(b)], [x for x in b if x not in set(a)]
        print(f"{path.stem}: DIFFERS ({len(a)} → {len(b)} records; {len(gone)} gone, {len(added)} new)")
        for x in gone[:3]:
            print("  -", x[:300])
        for x in added[:3]:
            print("  +", x[:300])
    return differing


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("command", choices=("record", "compare"))
    ap.add_argument("dirs", nargs="+", type=Path)
    ap.add_argument("--sets", default=",".join(SETS))
    ap.add_argument("--src", type=Path, help="record this checkout's src/ instead of the installed code")
    a = ap.parse_args()
    if a.command == "compare":
        raise SystemExit(1 if compare(a.dirs[0], a.dirs[1]) else 0)
    if not EVAL.exists():
        print(f"skipped: {EVAL} is not here")
        return
    record(a.dirs[0], [s for s in a.sets.split(",") if s], a.src)


if __name__ == "__main__":
    main()

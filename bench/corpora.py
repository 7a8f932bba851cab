"""Real article texts for the speed benchmarks, read from ../shared (never copied into the repository)."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

SHARED = Path(__file__).resolve().parents[2] / "shared" / "eval"


def available() -> bool:
    return (SHARED / "gva_bench.py").exists() and (SHARED / "peers_bench.py").exists()


def gva_polnear(n: int = 1000, polnear_share: float = 0.2) -> list[dict]:
    """N articles: GVA local news (gva_bench.py make, all splits) and PolNeAR political news (train split),
    in the proportion asked."""
    gva = subprocess.run([sys.executable, str(SHARED / "gva_bench.py"), "make", "--split", "all", "--incidents", "1000"],
                         capture_output=True, text=True).stdout.splitlines()
    pol = subprocess.run([sys.executable, str(SHARED / "peers_bench.py"), "make", "attribution", "--split", "train"],
                         capture_output=True, text=True).stdout.splitlines()
    k = int(n * polnear_share)
    return [json.loads(x) for x in gva[: n - k]] + [json.loads(x) for x in pol[:k]]

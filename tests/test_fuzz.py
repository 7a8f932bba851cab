"""The atheris harness for the readers, run for a bounded time (KHALDUN_FUZZ_SECONDS, default 30)."""
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

HARNESS = Path(__file__).resolve().parents[1] / "fuzz" / "fuzz_readers.py"


def test_readers_survive_atheris(tmp_path):
    pytest.importorskip("atheris")
    corpus = tmp_path / "corpus"
    shutil.copytree(HARNESS.parent / "seeds", corpus)
    seconds = int(os.environ.get("KHALDUN_FUZZ_SECONDS", "30"))
    run = subprocess.run([sys.executable, str(HARNESS), f"-max_total_time={seconds}", "-rss_limit_mb=2048", "-max_len=65536",
                          str(corpus)], capture_output=True, text=True, timeout=seconds + 120, cwd=tmp_path)
    assert run.returncode == 0, run.stderr[-3000:]
    assert "Done" in run.stderr or "DONE" in run.stderr or "done" in run.stderr.lower()

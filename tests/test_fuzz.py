"""The atheris harness for the readers, run for a bounded time (KHALDUN_FUZZ_SECONDS, default 30).

Bounded so that a loaded machine cannot make it time out: libFuzzer stops itself after -max_total_time once it has
started; if the harness is still running well past that (a slow start), it is sent SIGINT, on which libFuzzer
reports and exits. Only a crash, a leak or a slow input fails the test, never the machine's speed."""
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

HARNESS = Path(__file__).resolve().parents[1] / "fuzz" / "fuzz_readers.py"
pytestmark = pytest.mark.fuzz


def test_readers_survive_atheris(tmp_path):
    pytest.importorskip("atheris")
    corpus = tmp_path / "corpus"
    shutil.copytree(HARNESS.parent / "seeds", corpus)
    seconds = int(os.environ.get("KHALDUN_FUZZ_SECONDS", "30"))
    proc = subprocess.Popen([sys.executable, str(HARNESS), f"-max_total_time={seconds}", "-rss_limit_mb=2048", "-max_len=65536",
                             "-timeout=60", str(corpus)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=tmp_path)
    try:
        _, stderr = proc.communicate(timeout=seconds + 300)
    except subprocess.TimeoutExpired:
        proc.send_signal(signal.SIGINT)  # libFuzzer: print the stats and exit
        try:
            _, stderr = proc.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
            _, stderr = proc.communicate()
    crashes = [p.name for p in tmp_path.iterdir() if p.name.startswith(("crash-", "leak-", "timeout-", "oom-"))]
    assert not crashes and "ERROR: libFuzzer" not in stderr and "Uncaught Python exception" not in stderr, stderr[-3000:]
    assert proc.returncode in (0, -signal.SIGINT, 130, 72), (proc.returncode, stderr[-3000:])  # 72: libFuzzer after SIGINT

"""--workers and --dask (issue 6): the same records as the serial run, in the same order, on local processes, a
Dask LocalCluster, and a real scheduler with two worker processes started here on loopback; a worker that dies
on one article costs that article only."""
import json
import os
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from khaldun.api import records
from khaldun.ledger import Ledger
from khaldun.runners.parallel import DaskWorkers, LocalWorkers, PipelineSpec, parse_dask
from khaldun.io.readers import article_from_mapping
from khaldun.errors import UsageError
from khaldun.model import Extraction

from sample_articles import ELDER, GOVERNOR, KISMAYO, ROCKETS, TOLL_1, TOLL_2

pytestmark = pytest.mark.multiproc  # worker processes and Dask clusters

KINDS = ("event", "toll", "place", "attribution")
SOURCES = [GOVERNOR, ELDER, KISMAYO, ROCKETS, TOLL_1, TOLL_2]
ARTICLES = [article_from_mapping({**a, "id": f"{a['id']}-{n}", "url": None}, f"{a['id']}-{n}") for n in range(4) for a in SOURCES]
SPEC = PipelineSpec()


def _records(results):
    out = []
    for r in results:
        out.append((r.article.id, list(records(r, KINDS))) if isinstance(r, Extraction) else ("rejected", r.article_id))
    return out


@pytest.fixture(scope="module")
def serial():
    return _records(SPEC.build().run(ARTICLES))


def test_local_workers_give_the_serial_records_in_order(serial):
    workers = LocalWorkers(SPEC, 2, chunk=5)
    try:
        assert _records(workers.run(ARTICLES)) == serial
    finally:
        workers.close()


def test_dask_local_cluster_gives_the_serial_records(serial):
    pytest.importorskip("distributed")
    dask = DaskWorkers(SPEC, "local:2", chunk=4)
    try:
        assert _records(dask.run(ARTICLES)) == serial
    finally:
        dask.close()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture()
def scheduler(tmp_path):
    """A real Dask scheduler and two single-threaded worker processes, on loopback."""
    pytest.importorskip("distributed")
    dask_cli = Path(sys.executable).with_name("dask")
    if not dask_cli.exists():
        pytest.skip("the dask command is not installed next to this Python")
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(Path(__file__).parent), os.environ.get("PYTHONPATH", "")])}
    procs = [subprocess.Popen([str(dask_cli), "scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"],
                              cwd=tmp_path, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)]
    try:
        for _ in range(2):
            procs.append(subprocess.Popen([str(dask_cli), "worker", address, "--nthreads", "1", "--nworkers", "1",
                                           "--no-dashboard", "--host", "127.0.0.1"],
                                          cwd=tmp_path, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        from distributed import Client

        deadline = time.time() + 90
        while True:
            try:
                with Client(address, timeout=5) as client:
                    client.wait_for_workers(2, timeout=60)
                break
            except (OSError, TimeoutError):
                if time.time() > deadline:
                    raise
                time.sleep(1)
        yield address
    finally:
        for p in reversed(procs):
            p.terminate()
        for p in procs:
            try:
                p.wait(timeout=20)
            except subprocess.TimeoutExpired:
                p.kill()


def test_real_scheduler_with_two_workers(serial, scheduler, tmp_path):
    dask = DaskWorkers(SPEC, scheduler, chunk=3)
    try:
        assert len(dask.client.scheduler_info()["workers"]) == 2
        assert _records(dask.run(ARTICLES)) == serial
    finally:
        dask.close()
    # and through the command line into a ledger: the same incidents as a serial ingest
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps({**a, "id": f"{a['id']}-{n}", "url": None}) + "\n" for n in range(2) for a in SOURCES))
    cli = Path(sys.executable).with_name("khaldun")
    for db, extra in (("serial.db", []), ("dask.db", ["--dask", scheduler])):
        done = subprocess.run([str(cli), "ingest", str(src), "--db", str(tmp_path / db), "-q", *extra], capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
    with Ledger(tmp_path / "serial.db") as a, Ledger(tmp_path / "dask.db") as b:
        assert [json.dumps(i, default=str, sort_keys=True) for i in a.incident_records()] == \
               [json.dumps(i, default=str, sort_keys=True) for i in b.incident_records()]


def test_ledger_ingest_with_workers_matches_serial(tmp_path):
    with Ledger(tmp_path / "serial.db", extractor=SPEC.build()) as a:
        a.ingest(ARTICLES[:12])
        serial = [json.dumps(i, default=str, sort_keys=True) for i in a.incident_records()]
    workers = LocalWorkers(SPEC, 2, chunk=2)
    try:
        with Ledger(tmp_path / "workers.db", extractor=workers) as b:
            summary = b.ingest(ARTICLES[:12])
            assert summary.stored == 12
            assert [json.dumps(i, default=str, sort_keys=True) for i in b.incident_records()] == serial
    finally:
        workers.close()


@dataclass(frozen=True)
class CrashingSpec(PipelineSpec):
    """A pipeline whose worker process dies on any article saying CRASH-THE-WORKER (a stand-in for a native
    crash or the out-of-memory killer)."""

    def build(self):
        return _Crashing(PipelineSpec.build(self))


class _Crashing:
    def __init__(self, inner):
        self.inner = inner

    def run(self, articles):
        articles = list(articles)
        if any("CRASH-THE-WORKER" in a.text for a in articles):
            os._exit(70)
        return self.inner.run(articles)


def test_a_worker_dying_on_one_article_rejects_that_article_only(serial):
    bad = article_from_mapping({"id": "t-crash", "text": "Gunmen attacked a post in Kismayo. CRASH-THE-WORKER",
                                "published": "2025-03-09"}, "t-crash")
    articles = ARTICLES[:6] + [bad] + ARTICLES[6:12]
    workers = LocalWorkers(CrashingSpec(), 2, chunk=3)
    try:
        got = _records(workers.run(articles))
    finally:
        workers.close()
    assert got[6] == ("rejected", "t-crash")
    assert got[:6] + got[7:] == serial[:12]


def test_dask_option_is_checked():
    assert parse_dask("local") == ("local", None)
    assert parse_dask("local:3") == ("local", 3)
    assert parse_dask("tcp://10.0.0.5:8786") == ("tcp://10.0.0.5:8786", None)
    for bad in ("local:0", "local:x", "somewhere"):
        with pytest.raises(UsageError):
            parse_dask(bad)


def test_cli_ingest_with_workers_of_a_zstandard_corpus(tmp_path):
    zstandard = pytest.importorskip("zstandard")
    raw = "".join(json.dumps({**a, "id": f"{a['id']}-{n}", "url": None}) + "\n" for n in range(3) for a in SOURCES)
    src = tmp_path / "corpus.jsonl.zst"
    src.write_bytes(zstandard.ZstdCompressor().compress(raw.encode()))
    cli = Path(sys.executable).with_name("khaldun")
    for db, extra in (("serial.db", []), ("workers.db", ["--workers", "2"])):
        done = subprocess.run([str(cli), "ingest", str(src), "--db", str(tmp_path / db), *extra], capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        assert "18 input(s): 18 stored" in done.stderr
    with Ledger(tmp_path / "serial.db") as a, Ledger(tmp_path / "workers.db") as b:
        assert a.incident_records() == b.incident_records()
    again = subprocess.run([str(cli), "ingest", str(src), "--db", str(tmp_path / "workers.db"), "--workers", "2"],
                           capture_output=True, text=True)
    assert "18 unchanged" in again.stderr  # resumable: what the store holds is skipped
    bad = subprocess.run([str(cli), "ingest", str(src), "--db", str(tmp_path / "x.db"), "--workers", "2", "--dask", "local"],
                         capture_output=True, text=True)
    assert bad.returncode == 1 and "not both" in bad.stderr

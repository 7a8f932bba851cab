"""Crash safety and concurrency, for real: `khaldun ingest` killed with SIGKILL at random points and restarted,
and two ingest processes on one database, on SQLite and on PostgreSQL."""
from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time

import pytest
from sqlalchemy import func, select

from khaldun.ledger import Ledger
from khaldun.ledger.store import articles, claims, incidents

pytestmark = [pytest.mark.slow, pytest.mark.multiproc]  # real processes killed at random points: minutes

TOWNS = ["Baidoa", "Kismayo", "Jowhar", "Afgooye", "Beledweyne", "Garowe", "Bosaso", "Galkayo", "Dhusamareb", "Hargeisa"]
LONG = 1600  # more than 20 interrupted runs store (the pipeline stores in batches of 64)
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def _corpus(path, n: int = 40) -> None:
    """n articles of three incidents each, written for this test."""
    rnd = random.Random(5)
    with open(path, "w", encoding="utf-8") as f:
        for i in range(n):
            town, day = rnd.choice(TOWNS), rnd.choice(DAYS)
            text = (f"Gunmen attacked a checkpoint in {town} on {day}, killing {rnd.randint(2, 9)} soldiers, police said.\n\n"
                    f"The army said it had arrested {rnd.randint(1, 5)} suspects after the attack in {town}.\n\n"
                    f"Separately, a roadside bomb hit a minibus near {rnd.choice(TOWNS)} on {rnd.choice(DAYS)}, "
                    f"wounding {rnd.randint(3, 12)} people, witnesses told reporters.")
            f.write(json.dumps({"id": f"crash-{i}", "text": text, "published": f"2025-02-{1 + i % 27:02d}"}) + "\n")


def _ingest_cmd(source, db):
    return [sys.executable, "-c", "from khaldun.cli import main; main()", "ingest", str(source), "--db", db, "-q"]


def _state(db: str) -> dict:
    ledger = Ledger(db)
    with ledger.store.read() as conn:
        per_article = dict(conn.execute(select(articles.c.source_id, func.count(claims.c.id))
                                        .join(claims, claims.c.article_id == articles.c.id, isouter=True)
                                        .group_by(articles.c.source_id)).all())
        rows = conn.execute(select(func.count()).select_from(articles)).scalar_one()
        hashes = conn.execute(select(func.count(func.distinct(articles.c.content_hash)))).scalar_one()
        unplaced = conn.execute(select(func.count()).select_from(claims).where(claims.c.incident_id.is_(None), claims.c.active)).scalar_one()
        counted = conn.execute(select(func.sum(incidents.c.claim_count))).scalar_one() or 0
        live = conn.execute(select(func.count()).select_from(claims).where(claims.c.active)).scalar_one()
    ledger.close()
    return {"per_article": per_article, "rows": rows, "distinct": hashes, "unplaced": unplaced,
            "incident_claims": counted, "claims": live}


@pytest.fixture
def corpus(tmp_path):
    path = tmp_path / "crash.jsonl"
    _corpus(path, 40)
    return path


@pytest.fixture
def long_corpus(tmp_path):
    path = tmp_path / "long.jsonl"
    _corpus(path, LONG)
    return path


def _stored(db: str) -> int:
    ledger = Ledger(db)
    with ledger.store.read() as conn:
        n = conn.execute(select(func.count()).select_from(articles)).scalar_one()
    ledger.close()
    return n


def _reference(corpus, tmp_path) -> dict:
    db = str(tmp_path / "reference.db")
    subprocess.run(_ingest_cmd(corpus, db), check=True, timeout=600)
    return _state(db)


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_sigkill_at_random_points_loses_and_duplicates_nothing(kind, long_corpus, tmp_path, request):
    db = str(tmp_path / "crash.db") if kind == "sqlite" else request.getfixturevalue("pg_url")
    rnd = random.Random(int(os.environ.get("KHALDUN_CRASH_SEED", "17")))
    progress = []
    for _ in range(20):
        before = _stored(db) if progress else 0
        proc = subprocess.Popen(_ingest_cmd(long_corpus, db), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        # kill at a random point of the ingest itself: after a random number of stored articles, plus a random delay
        target, deadline = before + rnd.randint(0, 3), time.monotonic() + 120
        while _stored(db) < target and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(rnd.uniform(0.0, 0.4))
        assert proc.poll() is None, "the run ended before its kill: make the corpus longer"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=60)
        progress.append(_stored(db))
    assert progress[-1] > progress[0] and progress[-1] < LONG, progress  # the kills interrupted real work
    subprocess.run(_ingest_cmd(long_corpus, db), check=True, timeout=900)
    state = _state(db)
    reference = _reference(long_corpus, tmp_path)
    assert state["rows"] == state["distinct"] == len(reference["per_article"]) == LONG  # no duplicate, none lost
    assert state["per_article"] == reference["per_article"]  # no half-written article
    assert state["unplaced"] == 0 and state["incident_claims"] == state["claims"]


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_two_ingest_processes_on_one_database(kind, corpus, tmp_path, request):
    db = str(tmp_path / "both.db") if kind == "sqlite" else request.getfixturevalue("pg_url")
    reference = _reference(corpus, tmp_path)
    procs = [subprocess.Popen(_ingest_cmd(corpus, db), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE) for _ in range(2)]
    for p in procs:
        _, err = p.communicate(timeout=600)
        assert p.returncode == 0, err.decode()[-500:]
    state = _state(db)
    assert state["rows"] == state["distinct"] == len(reference["per_article"])
    assert state["per_article"] == reference["per_article"]
    assert state["claims"] == reference["claims"] and state["incident_claims"] == state["claims"]

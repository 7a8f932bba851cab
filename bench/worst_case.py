"""Worst cases within the input caps: each article finishes or is rejected within 60 s and under 1 GB; a 5 MB
upload to the web app leaves its readers served.

    .venv/bin/python bench/worst_case.py [--only articles|upload] [--json]

articles: each case (text written here) is one JSON Lines article run through `khaldun extract` (the embedded
gazetteer on, the default cost budget) in a fresh process; the wall time and that process's peak RSS are measured
(RUSAGE_CHILDREN), with what came out (records, or the rejection's code).
upload: `khaldun serve --token` on a free loopback port; 5 MB of generated articles (bench/generate.py) are posted to
/api/ingest while this process asks /healthz every 20 ms; the reader's latencies (p50, p99, max) are reported,
with the server's peak RSS while it ingests."""
from __future__ import annotations

import argparse
import json
import resource
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

LIMIT_S, LIMIT_MB = 60.0, 1000.0


def cases() -> dict[str, str]:
    clause = ", and militants shelled the village near the checkpoint, killing soldiers"
    numbers = lambda n: ("Gunmen attacked a checkpoint in Baidoa on Monday and killed "  # noqa: E731
                         + ", ".join(str(i) for i in range(n)) + " people, police said.")
    return {
        "one 990 kB sentence with event cues": "Gunmen attacked a checkpoint in Baidoa on Monday" + clause * 13_560 + ".",
        "60,000 numbers after 'killed'": numbers(60_000),
        "40,000 numbers after 'killed' (within the parse budget)": numbers(40_000),
        "978 kB without event cues (places only)": "The weather in Paris was mild and people walked near Lyon on Sunday. " * 14_100,
        "975 kB of short event sentences": "Militants shelled the village near Baidoa, killing two soldiers, police said. " * 12_500,
        "290 kB of short event sentences (within the parse budget)": "Militants shelled the village near Baidoa, killing two soldiers, police said. " * 3_700,
    }


def run_article(name: str, text: str, work: Path) -> dict:
    path = work / "case.jsonl"
    path.write_text(json.dumps({"id": "case", "text": text, "published": "2025-01-06"}) + "\n", encoding="utf-8")
    started = time.monotonic()
    proc = subprocess.Popen([sys.executable, "-c", "from khaldun.cli import main; main()", "extract", str(path)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    out, err = proc.communicate()
    seconds = time.monotonic() - started
    # the largest child this process waited for: each case runs from a fresh parent (articles()), so it is this one
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    code = next((line.split("[", 1)[1].split("]", 1)[0] for line in err.splitlines() if "rejected at" in line), None)
    return {"case": name, "chars": len(text), "seconds": round(seconds, 1), "peak_mb": round(peak),
            "outcome": f"rejected {code}" if code else f"{len(out.splitlines())} record(s)",
            "ok": seconds < LIMIT_S and peak < LIMIT_MB}


def articles() -> list[dict]:
    rows = []
    with tempfile.TemporaryDirectory(prefix="khaldun-worst-") as tmp:
        for name in cases():
            # one parent per case, so RUSAGE_CHILDREN's maximum is this case's own
            script = (f"import json, sys; sys.path.insert(0, {str(ROOT / 'bench')!r}); import worst_case as w; "
                      f"print(json.dumps(w.run_article({name!r}, w.cases()[{name!r}], __import__('pathlib').Path({tmp!r}))))")
            row = json.loads(subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout)
            print(f"{row['case']}: {row['chars']:,} chars, {row['seconds']} s, {row['peak_mb']} MB peak, {row['outcome']}"
                  f"{'' if row['ok'] else '  OVER THE LIMIT'}", flush=True)
            rows.append(row)
    return rows


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def upload(size: int = 4_990_000) -> dict:
    import httpx
    import psutil

    from generate import generated

    lines, total = [], 0
    for article in generated(100_000, seed=11):
        line = json.dumps(article)
        if total + len(line) + 1 > size:
            break
        lines.append(line)
        total += len(line) + 1
    body = "\n".join(lines)
    port = _free_port()
    with tempfile.TemporaryDirectory(prefix="khaldun-upload-") as tmp:
        server = subprocess.Popen([sys.executable, "-c", "from khaldun.cli import main; main()", "serve", "--db",
                                   str(Path(tmp) / "u.db"), "--port", str(port), "--token", "bench"],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(300):
                try:
                    if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                        break
                except httpx.HTTPError:
                    time.sleep(0.1)
            done: dict = {}

            def post() -> None:
                started = time.monotonic()
                done["response"] = httpx.post(f"{base}/api/ingest", content=body.encode(), timeout=3600,
                                              headers={"Authorization": "Bearer bench"})
                done["seconds"] = time.monotonic() - started

            poster = threading.Thread(target=post)
            poster.start()
            waits, peak = [], 0
            watched = psutil.Process(server.pid)
            while poster.is_alive():
                started = time.monotonic()
                httpx.get(f"{base}/healthz", timeout=30)
                waits.append(time.monotonic() - started)
                peak = max(peak, watched.memory_info().rss)
                time.sleep(0.02)
            poster.join()
        finally:
            server.terminate()
            server.wait(10)
    waits.sort()
    result = done["response"].json()
    row = {"upload_bytes": len(body.encode()), "articles": len(lines), "stored": result.get("stored"),
           "ingest_seconds": round(done["seconds"], 1), "healthz_requests": len(waits),
           "p50_ms": round(1000 * waits[len(waits) // 2], 1), "p99_ms": round(1000 * waits[int(len(waits) * 0.99)], 1),
           "max_ms": round(1000 * waits[-1], 1), "server_peak_mb": round(peak / 2**20)}
    row["ok"] = row["p99_ms"] < 500
    print(f"upload: {row['upload_bytes']:,} bytes, {row['articles']} articles ({row['stored']} stored) in "
          f"{row['ingest_seconds']} s; /healthz ×{row['healthz_requests']}: p50 {row['p50_ms']} ms, p99 {row['p99_ms']} ms, "
          f"max {row['max_ms']} ms; server peak {row['server_peak_mb']} MB", flush=True)
    return row


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--only", choices=("articles", "upload"))
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args()
    rows = []
    if a.only in (None, "articles"):
        rows += articles()
    if a.only in (None, "upload"):
        rows.append(upload())
    if a.json:
        print(json.dumps(rows))
    print("all within the limits" if all(r["ok"] for r in rows) else "SOME OVER THE LIMITS")


if __name__ == "__main__":
    main()

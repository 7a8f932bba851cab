"""Reliability: streams read in bounded memory, messages that cannot drive a terminal, special files refused by type,
the fetch policy's IPv6 forms, a web app that serves readers while it ingests, and a cost budget per article.
Every text here was written for these tests."""
from __future__ import annotations

import io
import ipaddress
import json
import os
import random
import threading
import time
import tracemalloc
from pathlib import Path

import pytest
from typer.testing import CliRunner

from khaldun.cli import app
from khaldun.errors import UnreadableInput, printable
from khaldun.io.fetch import embedded_ipv4, refusal
from khaldun.io.readers import MAX_BYTES, _open_bytes, jsonl_split, read_path, read_stream
from khaldun.model import Article, CostBudget, Rejection

GOOD = "Gunmen attacked a checkpoint in Baidoa on Monday, killing two soldiers, police said."


class _Endless(io.RawIOBase):
    """A stream of ``size`` bytes made on demand: ``head``, then ``fill`` repeated, then ``tail``."""

    def __init__(self, head: bytes, fill: bytes, size: int, tail: bytes = b"") -> None:
        self.head, self.fill, self.left, self.tail = head, fill, size, tail

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        if self.head:
            n = min(len(buffer), len(self.head))
            buffer[:n], self.head = self.head[:n], self.head[n:]
            return n
        if self.left > 0:
            n = min(len(buffer), self.left)
            block = (self.fill * (n // len(self.fill) + 1))[:n]
            buffer[:n] = block
            self.left -= n
            return n
        n = min(len(buffer), len(self.tail))
        buffer[:n], self.tail = self.tail[:n], self.tail[n:]
        return n


def test_stdin_is_streamed_a_huge_line_costs_no_memory_and_the_next_line_is_read():
    good = json.dumps({"id": "after", "text": GOOD}).encode()
    stream = io.BufferedReader(_Endless(b'{"id": "huge", "text": "', b"war ", 300_000_000, b'"}\n' + good + b"\n"))
    tracemalloc.start()
    items = list(read_stream(stream, "stdin"))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert isinstance(items[0], Rejection) and "longer than 10 MB" in items[0].reason and items[0].origin == "stdin:1"
    assert isinstance(items[1], Article) and items[1].id == "after"
    assert peak < 60_000_000  # 300 MB went by; at most a line cap's worth (plus its decoding) was ever held


def test_stdin_text_over_the_cap_is_rejected_not_read_whole():
    stream = io.BufferedReader(_Endless(b"Gunmen attacked ", b"the town again ", MAX_BYTES + 5_000_000))
    items = list(read_stream(stream, "stdin"))
    assert len(items) == 1 and "more than 20 MB of text that is not JSON Lines" in items[0].reason


def test_stdin_json_lines_split_only_at_newlines():
    line = json.dumps({"id": "sep", "text": GOOD.replace(" on Monday", "\u2028on Monday\u2029")}, ensure_ascii=False)
    items = list(read_stream(io.BufferedReader(io.BytesIO(f"\n{line}\r\n{line.replace('sep', 'sep2')}\n".encode())), "stdin"))
    assert [i.id for i in items] == ["sep", "sep2"]
    assert jsonl_split("a\u2028b\r\nc\x85d\ne") == ["a\u2028b", "c\x85d", "e"]


def test_a_file_that_yields_more_than_its_size_stops_at_the_cap():
    proc = Path("/proc/self/maps")  # size 0, content a few kB
    if not proc.exists():
        pytest.skip("no /proc")
    with pytest.raises(UnreadableInput, match="the file yields more than"):
        _open_bytes(proc, "maps", 100)


def test_special_files_are_refused_by_type_even_inside_a_directory(tmp_path):
    os.mkfifo(tmp_path / "pipe.txt")
    (tmp_path / "ok.txt").write_text(GOOD, encoding="utf-8")
    items = list(read_path(tmp_path))
    assert [type(i).__name__ for i in items] == ["Article", "Rejection"]
    assert "a FIFO (named pipe), not a file" in items[1].reason
    assert "a character device" in next(iter(read_path(Path("/dev/null")))).reason


def test_messages_escape_control_characters(tmp_path):
    assert printable("a\nb\x1b[2Jc\u202ed\u2028") == "a\\nb\\x1b[2Jc\\u202ed\\u2028"
    assert printable("Kharkiv — café") == "Kharkiv — café"
    bad = tmp_path / "evil\x1b[31m\nname.txt"
    bad.write_bytes(b"")
    lines = tmp_path / "ids.jsonl"
    lines.write_text(json.dumps({"id": "x\x1b]0;pwned\x07\ny", "text": "   "}) + "\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["extract", "--no-gazetteer", str(bad), str(lines)])
    assert result.exit_code == 2
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr
    assert "evil\\x1b[31m\\nname.txt" in result.stderr and "x\\x1b]0;pwned\\x07\\ny" in result.stderr
    assert all(line.startswith(("/", "khaldun:")) for line in result.stderr.splitlines())  # one line each


def test_ingest_prints_each_reason_and_rejections_lists_them(tmp_path):
    db = tmp_path / "r.db"
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "bad.jsonl").write_text("{broken\n", encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(app, ["ingest", "--no-gazetteer", "--db", str(db), str(tmp_path / "empty.txt"), str(tmp_path / "bad.jsonl")])
    assert result.exit_code == 2
    assert "empty.txt: rejected at read: [E-IN-002]" in result.stderr and "bad.jsonl:1: rejected at read: [E-IN-001] invalid JSON" in result.stderr
    listed = runner.invoke(app, ["rejections", "--db", str(db)])
    assert listed.exit_code == 0 and "empty.txt: rejected at read: [E-IN-002]" in listed.stdout and "invalid JSON" in listed.stdout
    rows = [json.loads(line) for line in runner.invoke(app, ["rejections", "--db", str(db), "--format", "jsonl"]).stdout.splitlines()]
    assert {r["stage"] for r in rows} == {"read"} and len(rows) == 2
    missing = runner.invoke(app, ["rejections", "--db", str(tmp_path / "typo.db")])
    assert missing.exit_code == 1 and not (tmp_path / "typo.db").exists()


def test_the_same_id_without_a_url_is_a_new_version_only_when_asked(tmp_path, extractor):
    from khaldun.ledger import Ledger

    first = Article(id="same", text=GOOD, origin="a.jsonl:1")
    second = Article(id="same", text=GOOD.replace("two", "three"), origin="b.jsonl:1")
    with Ledger(str(tmp_path / "v.db"), extractor=extractor) as ledger:
        assert ledger.ingest([first]).stored == 1
        refused = ledger.ingest([second])
        assert (refused.stored, refused.rejected) == (0, 1)
        assert "already stored with another text (from a.jsonl:1)" in ledger.rejections()["reason"].iloc[0]
        kept = ledger.ingest([second], supersede=True)
        assert (kept.stored, kept.new_versions) == (1, 1)


# ---------------------------------------------------------------- fetch policy: every IPv6 form of an IPv4 address
METADATA_FORMS = ["64:ff9b::a9fe:a9fe", "2002:a9fe:a9fe::1", "::a9fe:a9fe", "::ffff:0:a9fe:a9fe", "::ffff:169.254.169.254",
                  "169.254.169.254", "fd00:ec2::254"]
PRIVATE_FORMS = ["2002:0a00:0001::1", "2002:c0a8:0101::", "64:ff9b::7f00:1", "::ffff:0:a00:1", "::c0a8:101",
                 "fec0::1", "fec0:1234::5", "192.0.0.8", "192.0.0.170", "64:ff9b:1::a00:1", "2001:0:4136:e378:8000:63bf:f5ff:fffe"]


@pytest.mark.parametrize("address", METADATA_FORMS)
def test_metadata_is_refused_in_every_form_even_with_allow_private(address):
    ip = ipaddress.ip_address(address)
    assert "cloud metadata" in (refusal(ip, allow_private=True) or "")
    assert "cloud metadata" in (refusal(ip, allow_private=False) or "")


@pytest.mark.parametrize("address", PRIVATE_FORMS)
def test_non_public_addresses_in_ipv6_forms_are_refused(address):
    ip = ipaddress.ip_address(address)
    assert refusal(ip, allow_private=False), address
    assert refusal(ip, allow_private=True) is None  # the user's own network, when asked for


def test_public_addresses_pass_and_embedded_forms_are_read():
    for address in ["93.184.216.34", "2606:4700:4700::1111", "2002:5db8:d822::1"]:  # 6to4 of a public IPv4 is public
        assert refusal(ipaddress.ip_address(address), allow_private=False) is None, address
    assert str(embedded_ipv4(ipaddress.ip_address("64:ff9b::c0a8:101"))) == "192.168.1.1"
    assert str(embedded_ipv4(ipaddress.ip_address("2002:c0a8:101::1"))) == "192.168.1.1"
    assert embedded_ipv4(ipaddress.ip_address("::1")) is None and embedded_ipv4(ipaddress.ip_address("10.0.0.1")) is None


# ---------------------------------------------------------------- the web app
@pytest.fixture(scope="module")
def slash_ledger(tmp_path_factory, extractor):
    from khaldun.ledger import Ledger

    ledger = Ledger(str(tmp_path_factory.mktemp("slash") / "w.db"), extractor=extractor)
    ledger.ingest([Article(id="feeds/2025/01/raid?x=1#top", text=GOOD, origin="t", published=None)])
    yield ledger
    ledger.close()


def test_path_parameters_are_ascii_digits_and_any_article_id_opens(slash_ledger):
    from fastapi.testclient import TestClient

    from khaldun.web.app import WebSettings, create_app

    client = TestClient(create_app(WebSettings(db=slash_ledger.store.url), ledger=slash_ledger))
    for odd in ["¹", "inc-¹", "٣", "inc-٣", "1" * 40]:
        assert client.get(f"/api/incidents/{odd}").status_code == 404
        assert client.get(f"/incidents/{odd}").status_code == 404
    incident = client.get("/api/incidents").json()["items"][0]
    page = client.get(f"/incidents/{incident['incident_id']}").text
    link = page.split('href="/articles/')[1].split('"')[0].split("#")[0]
    assert link == "feeds%2F2025%2F01%2Fraid%3Fx%3D1%23top"
    assert client.get(f"/articles/{link}").status_code == 200
    assert client.get(f"/api/articles/{link}").json()["article_id"] == "feeds/2025/01/raid?x=1#top"


class _SlowExtractor:
    """An extractor that takes a while per article (sleeping, as a parse would hold the worker), for the test below."""

    def __init__(self, inner, seconds: float) -> None:
        self.inner, self.seconds = inner, seconds

    def run(self, articles):
        for result in self.inner.run(articles):
            time.sleep(self.seconds)
            yield result


def test_an_upload_runs_off_the_event_loop_so_readers_are_served(tmp_path, extractor):
    import httpx
    import uvicorn

    from khaldun.ledger import Ledger
    from khaldun.web.app import WebSettings, create_app

    ledger = Ledger(str(tmp_path / "s.db"), extractor=_SlowExtractor(extractor, 0.4))
    server = uvicorn.Server(uvicorn.Config(create_app(WebSettings(db=ledger.store.url, token="t"), ledger=ledger),
                                           host="127.0.0.1", port=0, log_level="error"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    port = server.servers[0].sockets[0].getsockname()[1]
    base = f"http://127.0.0.1:{port}"
    body = "\n".join(json.dumps({"id": f"u{i}", "text": GOOD.replace("two", str(i + 2))}) for i in range(8))
    done: dict = {}

    def upload() -> None:
        done["r"] = httpx.post(f"{base}/api/ingest", content=body, headers={"Authorization": "Bearer t"}, timeout=60)

    uploader = threading.Thread(target=upload)
    uploader.start()
    waits = []
    while uploader.is_alive():
        start = time.monotonic()
        assert httpx.get(f"{base}/healthz", timeout=10).status_code == 200
        waits.append(time.monotonic() - start)
        time.sleep(0.05)
    uploader.join()
    server.should_exit = True
    thread.join(10)
    ledger.close()
    assert done["r"].json()["stored"] == 8
    assert len(waits) >= 10 and max(waits) < 0.5, waits  # the 3 s upload never held a reader up


# ---------------------------------------------------------------- the cost budget
def test_an_article_over_the_parse_budget_is_rejected_before_parsing():
    from khaldun import Extractor

    text = " ".join([GOOD] * 40)
    extractor = Extractor(gazetteer=False, budget=CostBudget(parse_chars=1_000))
    result = next(iter(extractor.run([Article(id="big", text=text, origin="big.txt")])))
    assert isinstance(result, Rejection) and result.reason.startswith("[E-PIPE-004]")
    assert f"{len(text):,} characters" in result.reason and "--max-parse-chars" in result.reason
    assert not isinstance(next(iter(extractor.run([Article(id="ok", text=GOOD, origin="ok.txt")]))), Rejection)


def test_a_large_article_past_its_deadline_is_rejected_and_the_next_goes_on():
    from khaldun import Extractor

    extractor = Extractor(gazetteer=False, budget=CostBudget(seconds=1e-6, solo_chars=200))
    late, small = extractor.run([Article(id="late", text=" ".join([GOOD] * 5), origin="late.txt"),
                                 Article(id="small", text=GOOD, origin="small.txt")])
    assert isinstance(late, Rejection) and "took more than the budget" in late.reason and late.reason.startswith("[E-PIPE-004]")
    assert not isinstance(small, Rejection) and small.events


def test_long_runs_are_cut_for_the_parser_into_pieces_that_cover_them():
    from khaldun.pipeline import ParseJob, _bounded

    rnd = random.Random(5)
    words = ["shelled", "the", "village,", "killing", "soldiers;", "militants", "said.", "Residents", "fled"]
    text = " ".join(rnd.choice(words) for _ in range(30_000))
    pieces = _bounded(ParseJob(0, 0, 0, len(text), "full"), text, 2_000)
    assert all(p.end - p.start <= 2_000 for p in pieces)
    assert pieces[0].start == 0 and pieces[-1].end == len(text.rstrip())
    assert all(not text[a.end:b.start].strip() for a, b in zip(pieces, pieces[1:]))  # nothing but spaces between
    assert [p.opens for p in pieces].count(True) == 1
    short = ParseJob(0, 0, 5, 900, "full")
    assert _bounded(short, text, 2_000) == [short]


def test_nearness_by_latitude_index_equals_comparing_with_every_pick():
    from khaldun.resources.gazetteer import GazetteerPlace
    from khaldun.stages.geocode import Anchors, km

    rnd = random.Random(11)
    points = [(rnd.uniform(30, 36), rnd.uniform(33, 40)) for _ in range(40)]
    places = [GazetteerPlace(i, f"p{i}", *rnd.choice(points), "XX", None, "village", 100, "test") for i in range(300)]
    picks = [rnd.choice(places) for _ in range(200)]

    def brute(c, besides):
        best = 0.0
        for a in picks:
            if a is c or a is besides or abs(a.latitude - c.latitude) > 1.81:
                continue
            d = km(c.latitude, c.longitude, a.latitude, a.longitude)
            if d < 50:
                return 2.0
            best = 1.0 if d < 200 else best
        return best

    index = Anchors(picks)
    for c in places:
        for besides in (None, c, rnd.choice(picks)):
            assert index.nearness(c, besides) == brute(c, besides)

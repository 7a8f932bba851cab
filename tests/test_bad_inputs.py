"""Nothing lost, nothing stops the batch: a corpus of bad inputs, each rejected with a clear reason (or read, where
it is readable), then a good article after all of them is stored. Every input is accounted for."""
from __future__ import annotations

import datetime as dt
import gzip
import io
import json
import os
import random
import re
import socket

import pytest

from khaldun.ledger import Ledger

GOOD = "Gunmen attacked a checkpoint in Baidoa on Monday, killing two soldiers, police said."
FRENCH = ("Des hommes armés ont attaqué un poste de contrôle près de la ville lundi soir, selon la police locale, "
          "et les habitants ont fui vers les villages voisins pendant la nuit.")


def _line(**fields) -> str:
    return json.dumps(fields)


def _gzip(data: bytes) -> bytes:
    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, mode="wb", compresslevel=9) as f:
        f.write(data)
    return buf.getvalue()


def _bomb() -> bytes:
    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, mode="wb", compresslevel=9) as f:
        chunk = b"\0" * (1 << 20)
        for _ in range(60):  # 60 MB of zeros in about 60 KB
            f.write(chunk)
    return buf.getvalue()


def _zstd(data: bytes) -> bytes:
    import zstandard

    return zstandard.ZstdCompressor(level=19).compress(data)


def _warc(date: str, gz: bool = False, n: int = 1) -> bytes:
    """A WARC file of ``n`` HTML responses captured on ``date`` (written for this test with warcio)."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=gz)
    for i in range(n):
        body = f"<html><body><article><p>{GOOD.replace('two', str(i + 2))} Residents said the town was calm later.</p></article></body></html>"
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(f"https://example.org/w{i}", "response", payload=io.BytesIO(body.encode()),
                                                      http_headers=http, warc_headers_dict={"WARC-Date": date}))
    return buf.getvalue()


def _parquet_far_date() -> bytes:
    """Two rows: the first published in the year 10000 (no Python date can hold it), the second a good article."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    days = (dt.date(9999, 12, 31) - dt.date(1970, 1, 1)).days
    table = pa.table({"id": ["p-far", "p-ok"], "text": [GOOD, GOOD.replace("Baidoa", "Jowhar")],
                      "published": pa.array([days + 400, (dt.date(2025, 1, 6) - dt.date(1970, 1, 1)).days], type=pa.date32())})
    buf = io.BytesIO()
    pq.write_table(table, buf)
    return buf.getvalue()


LONG_LINE = (_line(id="long", text="x" * 12_000_000) + "\n" + _line(id="after-long", text=GOOD) + "\n").encode()
WARC_GZ = _warc("2025-01-06T10:00:00Z", gz=True, n=3)


def _fifo(path) -> None:
    os.mkfifo(path)


def _socket(path) -> None:
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.bind(str(path))
    sock.close()


# name, bytes (or a function that makes the path), expected: a reason fragment (rejected) or None (read as an article)
CASES = [
    ("empty.txt", b"", "no text"),
    ("whitespace.txt", b"   \n\t \n  ", "no text"),
    ("binary.txt", bytes(random.Random(1).randrange(256) for _ in range(4000)) + b"\0", "binary"),
    ("huge.txt", b"word " * 10_500_000, "larger than"),
    ("nested.html", b"<html><body>" + b"<div>" * 20000 + b"deep" + b"</div>" * 20000 + b"</body></html>", "no article text|no words|not look like English|no text"),
    ("invalid-utf8.txt", b"Gunmen attacked \x81\x8d\x8f\x90\x9d a checkpoint", "neither UTF-8"),
    ("declared-latin1.html", ("<html><head><meta charset='iso-8859-1'><title>Attack</title></head><body><article><p>"
                              + GOOD + " The ministry’s spokesman said the café near the checkpoint was closed.</p>"
                              + "<p>" + GOOD.replace("Baidoa", "Afgooye") + "</p></article></body></html>").encode("utf-8"), None),
    ("bomb.txt.gz", _bomb(), "decompresses to more than"),
    ("truncated.jsonl.gz", _gzip(((_line(id="t1", text=GOOD) + "\n") * 2000).encode())[:300], "truncated or corrupt"),
    ("utf16.txt", GOOD.encode("utf-16"), None),
    ("gzipped.jsonl.gz", _gzip((_line(id="gz1", text=GOOD, published="2025-01-06") + "\n").encode()), None),
    ("only-boilerplate.html", b"<html><body><nav><a href='/'>Home</a> <a href='/news'>News</a></nav><footer>Copyright 2025. "
                              b"All rights reserved. Subscribe to our newsletter.</footer></body></html>", "no article text|no words|English|no text"),
    ("only-comments.html", b"<html><body><div id='comments' class='comments'><div class='comment'><p>First!</p></div>"
                           b"<div class='comment'><p>This is so sad, who could do this.</p></div></div></body></html>", "no article text|no words|English|no text"),
    ("only-script.html", b"<html><head><script>var x = 1;</script></head><body><script>alert(1)</script></body></html>", "no article text|no words|no text"),
    ("digits.txt", b"1234 5678 -- 9999 ... 42 %% 77", "no words"),
    ("controls.txt", b"\x01\x02\x03\x04\x05\x06\x07\x08" * 100 + b"text", "binary"),
    ("french.txt", FRENCH.encode(), "English"),
    ("empty.jsonl", b"\n\n", "no articles"),
    ("no-such-dir/", None, "no such file"),
    # the fifteen: each once ended the batch, hung, or passed silently
    ("bad-date.warc", _warc("not-a-date"), "WARC-Date is not a date"),
    ("future-date.warc", _warc("2099-01-01T00:00:00Z"), "WARC-Date 2099-01-01 is in the future"),
    ("truncated.warc.gz", WARC_GZ[: len(WARC_GZ) - 200], "truncated or corrupt"),
    ("far-date.parquet", _parquet_far_date(), "cannot represent"),
    ("long-line.jsonl.gz", _gzip(LONG_LINE), "longer than 10 MB"),
    ("long-line.jsonl.zst", _zstd(LONG_LINE), "longer than 10 MB"),
    ("fifo.jsonl", _fifo, "a FIFO"),
    ("socket.txt", _socket, "a socket"),
    ("/dev/zero", None, "a character device"),
    ("dup-a.jsonl", (_line(id="shared-id", text=GOOD.replace("Baidoa", "Marka")) + "\n").encode(), None),
    ("dup-b.jsonl", (_line(id="shared-id", text=GOOD.replace("Baidoa", "Merca")) + "\n").encode(), "already stored with another text"),
]
JSONL_LINES = [
    ("{broken", "invalid JSON"),
    ("[1, 2, 3]", "not a JSON object"),
    ("null", "not a JSON object"),
    ("[" * 100000 + "]" * 100000, "nested too deeply|invalid JSON|not a JSON object"),
    (_line(id="m1"), "no 'text'"),
    (_line(id="m2", text=42), "'text' must be a string"),
    (_line(id=["x"], text=GOOD), "'id' must be a string"),
    (_line(id="m4", text=GOOD, published=20250101), "'published' must be a date string"),
    (_line(id="m5", text=GOOD, published="32/13/2024"), "not a date"),
    (_line(id="m6", text=GOOD, published="2099-01-01"), "in the future"),
    (_line(id="m7", text="x" * 11_000_000), "longer than"),
    (_line(id="m8", text=GOOD + " " + "war " * 300_000), "longer than 1,000,000 characters"),
    (_line(id="m9", text=GOOD + "\ud800"), "lone surrogate"),
    (_line(id="dup", text=GOOD), None),
    (_line(id="dup", text=GOOD.replace("Monday", "Tuesday")), "duplicate id"),
    (_line(id="m10", text="   "), "no text"),
    (_line(id="m11", text=GOOD, url=5), None),  # a mistyped optional field is dropped, the article kept
    ('{"id": "m12", "text": "%s", "n": %s}' % (GOOD, "9" * 5000), "more than 4,300 digits"),
    (json.dumps({"id": "m13", "text": GOOD.replace(" on Monday", "\u2028on Monday\u2029\x85")}, ensure_ascii=False), None),
    (_line(id="m14", text=GOOD), None),  # the line after the raw separators: still its own line
]


@pytest.fixture
def corpus(tmp_path):
    paths = []
    for name, data, _ in CASES:
        path = tmp_path / name if not name.startswith("/") else name
        if callable(data):
            data(path)
        elif data is not None:
            path.write_bytes(data)
        paths.append(path)
    lines = tmp_path / "lines.jsonl"
    lines.write_text("\n".join(text for text, _ in JSONL_LINES) + "\n", encoding="utf-8")
    good = tmp_path / "zz-good.txt"
    good.write_text("PUBLISHED: 2025-01-08\n\n" + GOOD.replace("Baidoa", "Kismayo"), encoding="utf-8")
    return paths + [lines, good]


def test_every_bad_input_is_rejected_with_a_reason_and_the_batch_goes_on(corpus, tmp_path, extractor):
    assert len(CASES) + len(JSONL_LINES) >= 45
    ledger = Ledger(str(tmp_path / "bad.db"), extractor=extractor)
    summary = ledger.ingest([str(p) for p in corpus])
    frame = ledger.rejections()
    reasons = list(frame["reason"]) if len(frame) else []
    origins = list(frame["origin"]) if len(frame) else []
    def input_of(origin: str) -> str:  # "x.jsonl:3 (id a)", "x.parquet#row2", "x.warc@463" → the file's path
        return re.sub(r"(:\d+|#row\d+|@\d+)$", "", origin.split(" (id")[0])

    for name, _, expected in CASES:
        mine = [r for o, r in zip(origins, reasons) if input_of(o).endswith(name.rstrip("/"))]
        if expected is None:
            assert not mine, (name, mine)
        else:
            assert mine and any(re.search(expected, r) for r in mine), (name, mine)
    for number, (_, expected) in enumerate(JSONL_LINES, 1):
        mine = [r for o, r in zip(origins, reasons) if re.search(rf"lines\.jsonl:{number}\b", o)]
        if expected is None:
            assert not mine, (number, mine)
        else:
            assert mine and any(re.search(expected, r) for r in mine), (number, mine)
    assert all(re.match(r"\[E-[A-Z]+-\d{3}\] ", r) for r in reasons)
    assert summary.received == summary.stored + summary.unchanged + summary.rejected
    assert summary.rejected == len(frame)
    stored = {a["article_id"] for a in ledger.article_records()}
    assert {"zz-good", "m13", "m14", "after-long", "p-ok", "shared-id"} <= stored
    warc_kept = [a for a in stored if a.startswith("truncated.warc.gz@")]
    assert len(warc_kept) == 2  # the records before the damage
    assert all(origins)  # every rejection names its input
    again = ledger.ingest([str(p) for p in corpus])
    assert again.stored == 0 and len(ledger.rejections()) == len(frame)  # the same rejections are kept once
    ledger.close()


def test_cli_exit_status_and_summary(corpus, tmp_path):
    from typer.testing import CliRunner

    from khaldun.cli import app

    result = CliRunner().invoke(app, ["extract", str(corpus[-2]), str(corpus[-1])])
    assert result.exit_code == 2
    assert "rejected (" in result.stderr and "E-IN-001" in result.stderr

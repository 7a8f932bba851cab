"""Batch input formats (issue 6): Zstandard JSON Lines, WARC, Parquet and feed files, streamed; damaged ones
rejected with a reason while the batch goes on."""
import gzip
import io
import json

import pytest

from khaldun.io.readers import read_inputs
from khaldun.model import Article, Rejection

from sample_articles import ELDER, GOVERNOR, KISMAYO

THREE = [GOVERNOR, ELDER, KISMAYO]


def _items(path):
    return list(read_inputs([str(path)]))


def test_zstandard_json_lines_are_streamed(tmp_path):
    zstandard = pytest.importorskip("zstandard")
    path = tmp_path / "articles.jsonl.zst"
    raw = "".join(json.dumps(a) + "\n" for a in THREE).encode()
    path.write_bytes(zstandard.ZstdCompressor().compress(raw))
    items = _items(path)
    assert [i.id for i in items] == [a["id"] for a in THREE]
    assert items[0].text == GOVERNOR["text"]


def test_damaged_zstandard_file_is_a_rejection(tmp_path):
    zstandard = pytest.importorskip("zstandard")
    path = tmp_path / "cut.jsonl.zst"
    data = zstandard.ZstdCompressor().compress(("".join(json.dumps(a) + "\n" for a in THREE) * 50).encode())
    path.write_bytes(data[: len(data) // 2] + b"\x00garbage")
    items = _items(path)
    assert isinstance(items[-1], Rejection) and "Zstandard" in items[-1].reason


def _warc(path, gzipped=True):
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as f:
        writer = WARCWriter(f, gzip=gzipped)
        for a in THREE[:2]:
            html = (f"<html><head><title>Market attack</title></head><body><article><h1>Market attack</h1>"
                    f"<p>{a['text']}</p></article></body></html>").encode()
            http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(a["url"], "response", payload=io.BytesIO(html), http_headers=http,
                                                          warc_headers_dict={"WARC-Date": "2025-03-06T10:00:00Z"}))
        # a request, a redirect and an image: not articles
        writer.write_record(writer.create_warc_record("https://example.org/", "request", payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n")))
        redirect = StatusAndHeaders("301 Moved", [("Location", "https://example.org/b")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record("https://example.org/a", "response", payload=io.BytesIO(b""), http_headers=redirect))
        image = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record("https://example.org/x.png", "response", payload=io.BytesIO(b"\x89PNG"), http_headers=image))


@pytest.mark.parametrize("gzipped", [True, False])
def test_warc_responses_are_articles_with_their_urls(tmp_path, gzipped):
    pytest.importorskip("warcio")
    path = tmp_path / ("crawl.warc.gz" if gzipped else "crawl.warc")
    _warc(path, gzipped)
    items = _items(path)
    assert all(isinstance(i, Article) for i in items), items
    assert [i.url for i in items] == [GOVERNOR["url"], ELDER["url"]]
    assert len({i.id for i in items}) == 2
    assert "Baidoa" in items[0].text
    assert items[0].published.isoformat() == "2025-03-06"  # the capture date, as the page states none


def test_truncated_warc_keeps_what_came_before(tmp_path):
    pytest.importorskip("warcio")
    path = tmp_path / "crawl.warc"
    _warc(path, gzipped=False)
    data = path.read_bytes()
    path.write_bytes(data[: data.index(b"struck the central")])  # inside the second article's record
    items = _items(path)
    assert isinstance(items[0], Article) and items[0].url == GOVERNOR["url"]
    assert isinstance(items[-1], Rejection) and "truncated" in items[-1].reason


def test_parquet_rows_are_articles(tmp_path):
    pa = pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    path = tmp_path / "articles.parquet"
    rows = THREE + [{"id": "t-null", "text": None}, dict(GOVERNOR)]  # a null text and a repeated id
    table = pa.table({k: [r.get(k) for r in rows] for k in ("id", "text", "published", "url", "outlet")})
    pq.write_table(table, path, row_group_size=2)
    items = _items(path)
    assert [i.id for i in items[:3]] == [a["id"] for a in THREE]
    assert items[0].published.isoformat() == GOVERNOR["published"]
    assert isinstance(items[3], Rejection) and "null" in items[3].reason
    assert isinstance(items[4], Rejection) and "duplicate" in items[4].reason


def test_parquet_without_text_column_is_rejected(tmp_path):
    pa = pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    path = tmp_path / "wrong.parquet"
    pq.write_table(pa.table({"body": ["x"]}), path)
    (item,) = _items(path)
    assert isinstance(item, Rejection) and "'text' column" in item.reason
    broken = tmp_path / "broken.parquet"
    broken.write_bytes(b"PAR1 not really")
    (item,) = _items(broken)
    assert isinstance(item, Rejection)


def test_feed_file_entries_without_links_are_rejected_one_by_one(tmp_path):
    path = tmp_path / "news.rss"
    path.write_text("<?xml version='1.0'?><rss version='2.0'><channel><title>t</title>"
                    "<item><title>a</title><link>ftp://example.org/a</link></item>"
                    "<item><title>b</title></item></channel></rss>")
    items = _items(path)
    assert len(items) == 2 and all(isinstance(i, Rejection) and "link" in i.reason for i in items)


def test_missing_file_of_each_kind_is_a_rejection(tmp_path):
    for name in ("a.warc.gz", "a.parquet", "a.jsonl.zst", "a.rss"):
        (item,) = _items(tmp_path / name)
        assert isinstance(item, Rejection) and "no such file" in item.reason


def test_gzip_still_streams(tmp_path):
    path = tmp_path / "a.jsonl.gz"
    with gzip.open(path, "wt") as f:
        for a in THREE:
            f.write(json.dumps(a) + "\n")
    assert [i.id for i in _items(path)] == [a["id"] for a in THREE]

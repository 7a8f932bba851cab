"""Safe fetching of URLs: a local server on loopback only; the address policy on its own."""
from __future__ import annotations

import ipaddress
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from typer.testing import CliRunner

from khaldun.cli import app
from khaldun.errors import FetchRefused
from khaldun.io.fetch import FetchPolicy, fetch, refusal

ARTICLE = ("<html><head><title>Checkpoint attacked</title></head><body><article><h1>Checkpoint attacked</h1>"
           "<p>Gunmen attacked a checkpoint in Baidoa on Monday, killing two soldiers, police said.</p>"
           "<p>The attackers fled towards the river, the regional governor said on Tuesday.</p></article></body></html>")


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):  # quiet
        pass

    def _send(self, status, body=b"", ctype="text/html; charset=utf-8", headers=()):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        for k, v in headers:
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        path = self.path
        if path == "/article":
            self._send(200, ARTICLE.encode())
        elif path == "/moved":
            self._send(302, headers=[("Location", "/article")])
        elif path == "/loop":
            self._send(302, headers=[("Location", "/loop")])
        elif path == "/to-metadata":
            self._send(302, headers=[("Location", "http://169.254.169.254/latest/meta-data/")])
        elif path == "/image":
            self._send(200, b"\x89PNG....", ctype="image/png")
        elif path == "/big":
            self._send(200, b"<p>" + b"x" * 2_000_000 + b"</p>")
        elif path == "/big-chunked":  # no Content-Length: the cap must hold while reading
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()
            for _ in range(30):
                self.wfile.write(b"y" * 100_000)
        elif path == "/feed.xml":
            host = self.headers.get("Host")
            items = "".join(f"<item><title>t{i}</title><link>http://{host}{link}</link><pubDate>Mon, 06 Jan 2025 10:00:00 GMT</pubDate></item>"
                            for i, link in enumerate(["/article", "/article2", "/to-metadata", "/feed.xml"]))
            self._send(200, f"<?xml version='1.0'?><rss version='2.0'><channel><title>f</title>{items}</channel></rss>".encode(),
                       ctype="application/rss+xml")
        elif path == "/article2":
            self._send(200, ARTICLE.replace("Baidoa", "Kismayo").replace("Monday", "Sunday").encode())
        elif path == "/slow":
            time.sleep(2)
            self._send(200, ARTICLE.encode())
        else:
            self._send(404, b"no")


@pytest.fixture(scope="module")
def server():
    srv = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{srv.server_address[1]}"
    srv.shutdown()


OPEN = FetchPolicy(allow_private=True, timeout=1.0, max_bytes=1_000_000)


@pytest.mark.parametrize("address", ["127.0.0.1", "10.1.2.3", "172.16.5.4", "192.168.0.10", "169.254.1.1", "0.0.0.0",
                                     "::1", "fe80::1", "fd12:3456::1", "::ffff:127.0.0.1", "224.0.0.1", "100.64.0.1"])
def test_private_addresses_are_refused(address):
    assert refusal(ipaddress.ip_address(address), allow_private=False)


@pytest.mark.parametrize("address", ["169.254.169.254", "fd00:ec2::254", "::ffff:169.254.169.254"])
def test_metadata_is_refused_even_when_private_is_allowed(address):
    assert "metadata" in refusal(ipaddress.ip_address(address), allow_private=True)


def test_public_addresses_pass():
    assert refusal(ipaddress.ip_address("93.184.215.14"), allow_private=False) is None
    assert refusal(ipaddress.ip_address("2606:4700::1111"), allow_private=False) is None


def test_loopback_refused_by_default_and_checked_after_dns(server):
    with pytest.raises(FetchRefused, match="loopback"):
        fetch(server + "/article")
    port = server.rsplit(":", 1)[1]
    with pytest.raises(FetchRefused, match="loopback"):  # a public-looking name that resolves to loopback
        fetch(f"http://news.example:{port}/article", resolver=lambda host, p: ["127.0.0.1"])
    with pytest.raises(FetchRefused, match="private"):  # one private answer among several is enough to refuse
        fetch(f"http://news.example:{port}/article", resolver=lambda host, p: ["93.184.215.14", "10.0.0.5"])


def test_allowed_private_fetch_follows_redirects_within_the_cap(server):
    page = fetch(server + "/moved", OPEN)
    assert page.final_url.endswith("/article") and b"Baidoa" in page.body and page.redirects
    with pytest.raises(FetchRefused, match="redirects"):
        fetch(server + "/loop", OPEN)


def test_every_redirect_is_checked_again(server):
    with pytest.raises(FetchRefused, match="metadata"):
        fetch(server + "/to-metadata", OPEN)


def test_type_size_and_time_limits(server):
    with pytest.raises(FetchRefused, match="content type image/png"):
        fetch(server + "/image", OPEN)
    with pytest.raises(FetchRefused, match="larger than"):
        fetch(server + "/big", OPEN)
    with pytest.raises(FetchRefused, match="larger than"):
        fetch(server + "/big-chunked", FetchPolicy(allow_private=True, max_bytes=1_000_000, timeout=5))
    with pytest.raises(FetchRefused, match="timed out"):
        fetch(server + "/slow", OPEN)
    with pytest.raises(FetchRefused, match="only http and https"):
        fetch("file:///etc/passwd", OPEN)


def test_cli_reads_urls_under_the_policy(server):
    runner = CliRunner()
    refused = runner.invoke(app, ["extract", server + "/article", "--no-gazetteer"])
    assert refused.exit_code == 2 and "E-IN-005" in refused.stderr and "loopback" in refused.stderr
    allowed = runner.invoke(app, ["extract", server + "/article", "--no-gazetteer", "--allow-private"])
    assert allowed.exit_code == 0, allowed.stderr
    assert "Baidoa" in allowed.stdout


def test_a_feed_is_read_entry_by_entry_under_the_same_policy(server, tmp_path, extractor):
    from khaldun.ledger import Ledger

    ledger = Ledger(str(tmp_path / "feed.db"), extractor=extractor)
    summary = ledger.ingest([server + "/feed.xml"], fetch_policy=OPEN)
    assert (summary.received, summary.stored, summary.rejected) == (4, 2, 2)
    reasons = " ".join(ledger.rejections()["reason"])
    assert "metadata" in reasons and "feed inside a feed" in reasons
    assert {a["published"] for a in ledger.article_records()} == {"2025-01-06"}
    refused = ledger.ingest([server + "/feed.xml"])  # default policy: the feed itself is on loopback
    assert refused.rejected == 1 and refused.stored == 0
    ledger.close()

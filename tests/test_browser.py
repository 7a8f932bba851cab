"""The web app in a real browser: Debian's Chromium driven by Playwright (installed by .ci/run).
Screenshots are kept in test-artifacts/ ."""
from __future__ import annotations

import socket
import threading
import time
from pathlib import Path

import pytest
from sample_articles import ELDER, GOVERNOR, HOSTILE, KISMAYO, TOLL_1, TOLL_2

from khaldun.ledger import Ledger
from khaldun.io.readers import article_from_mapping
from khaldun.web.app import WebSettings, create_app, leaflet_dir

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed (.ci/run installs it)")]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory, extractor):
    import uvicorn

    if leaflet_dir() is None:
        pytest.fail("Leaflet is not installed: run `npm ci` in the repository (the README's set-up does)")
    db = str(tmp_path_factory.mktemp("browser") / "web.db")
    ledger = Ledger(db, extractor=extractor)
    ledger.ingest([article_from_mapping(o, o["id"]) for o in (GOVERNOR, ELDER, KISMAYO, TOLL_1, TOLL_2, HOSTILE)])
    port = _free_port()
    config = uvicorn.Config(create_app(WebSettings(db=db), ledger=ledger), host="127.0.0.1", port=port, log_level="warning")
    uv = uvicorn.Server(config)
    thread = threading.Thread(target=uv.run, daemon=True)
    thread.start()
    for _ in range(100):
        if uv.started:
            break
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    uv.should_exit = True
    thread.join(timeout=5)
    ledger.close()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"])
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.errors, pg.dialogs, pg.outside = [], [], []
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    pg.on("dialog", lambda d: (pg.dialogs.append(d.message), d.dismiss()))
    pg.on("request", lambda r: pg.outside.append(r.url) if not r.url.startswith(("http://127.0.0.1", "data:")) else None)
    yield pg
    context.close()


def test_map_then_incident_with_both_sides_figures(server, page):
    ARTIFACTS.mkdir(exist_ok=True)
    page.goto(server + "/")
    page.wait_for_selector("#map[data-markers]")
    assert int(page.get_attribute("#map", "data-markers")) >= 2
    assert page.locator("path.incident-marker").count() >= 2  # Leaflet drew them, with no tiles at all
    page.screenshot(path=str(ARTIFACTS / "map.png"), full_page=True)
    page.locator("tr.contested a.incident-link").first.click()
    page.wait_for_selector(".claims")
    figures = page.locator(".claim .killed").all_inner_texts()
    assert "7 killed" in figures and "12 killed" in figures
    page.screenshot(path=str(ARTIFACTS / "incident.png"), full_page=True)
    assert not page.errors and not page.outside, (page.errors, page.outside)


def test_hostile_markup_renders_inert(server, page):
    page.goto(server + "/articles/t-hostile")
    page.wait_for_selector(".article-text")
    time.sleep(0.3)
    assert page.evaluate("window.pwned === undefined")
    assert not page.dialogs
    assert page.locator(".article-text img").count() == 0 and page.locator(".article-text script").count() == 0
    assert "<script>window.pwned = 1;</script>" in page.inner_text(".article-text")
    page.screenshot(path=str(ARTIFACTS / "hostile-article.png"), full_page=True)


def test_tolls_page_charts_the_series(server, page):
    page.goto(server + "/tolls")
    assert page.locator("svg.chart circle").count() == 2
    page.screenshot(path=str(ARTIFACTS / "tolls.png"), full_page=True)

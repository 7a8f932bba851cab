"""The web app in a real browser: Debian's Chromium driven by Playwright (installed by .ci/run): the map and its
basemap, clusters, legend and keyboard focus; review from the pages; facets and paging over 10,000 incidents; the
390 px layout; axe-core's accessibility check. Screenshots of each page go to docs/screenshots/ (the README shows
them), the others to test-artifacts/."""
from __future__ import annotations

import csv
import io
import json
import socket
import statistics
import threading
import time
from pathlib import Path

import pytest
from sample_articles import ELDER, GOVERNOR, HOSTILE, KISMAYO, TOLL_1, TOLL_2

from khaldun.ledger import Ledger
from khaldun.io.readers import article_from_mapping
from khaldun.web.app import WebSettings, create_app, leaflet_dir, node_modules

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
SCREENSHOTS = Path(__file__).resolve().parents[1] / "docs" / "screenshots"
TOKEN = "s3cret"
pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed (.ci/run installs it)")]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _serve(ledger, db: str, token: str | None = None):
    import uvicorn

    port = _free_port()
    config = uvicorn.Config(create_app(WebSettings(db=db, token=token), ledger=ledger), host="127.0.0.1", port=port,
                            log_level="warning")
    uv = uvicorn.Server(config)
    thread = threading.Thread(target=uv.run, daemon=True)
    thread.start()
    for _ in range(100):
        if uv.started:
            break
        time.sleep(0.05)
    return f"http://127.0.0.1:{port}", uv, thread


@pytest.fixture(scope="module")
def server(tmp_path_factory, extractor):
    if leaflet_dir() is None:
        pytest.fail("Leaflet is not installed: run `npm ci` in the repository (the README's set-up does)")
    db = str(tmp_path_factory.mktemp("browser") / "web.db")
    ledger = Ledger(db, extractor=extractor)
    ledger.ingest([article_from_mapping(o, o["id"]) for o in (GOVERNOR, ELDER, KISMAYO, TOLL_1, TOLL_2, HOSTILE)])
    url, uv, thread = _serve(ledger, db, TOKEN)
    yield url
    uv.should_exit = True
    thread.join(timeout=5)
    ledger.close()


@pytest.fixture(scope="module")
def big_server(tmp_path_factory):
    """10,000 incidents on SQLite (tests/bulk_ledger.py)."""
    from bulk_ledger import fill

    db = str(tmp_path_factory.mktemp("big") / "big.db")
    fill(db, 10_000)
    ledger = Ledger(db)
    url, uv, thread = _serve(ledger, db)
    yield url
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
    # bypass_csp: only so that the test can inject axe-core; the pages' own policy is checked in test_web.py
    context = browser.new_context(viewport={"width": 1366, "height": 900}, bypass_csp=True)
    pg = context.new_page()
    pg.errors, pg.dialogs, pg.outside = [], [], []
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    pg.on("dialog", lambda d: (pg.dialogs.append(d.message), d.dismiss()))
    pg.on("request", lambda r: pg.outside.append(r.url) if not r.url.startswith(("http://127.0.0.1", "data:")) else None)
    yield pg
    context.close()


def _axe(page) -> list[str]:
    """axe-core's serious and critical violations on the page (node_modules/axe-core, installed by npm ci)."""
    page.add_script_tag(path=str(node_modules() / "axe-core" / "axe.min.js"))
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [f"{v['id']} ({v['impact']}): {v['nodes'][0]['target']}" for v in result["violations"]
            if v["impact"] in ("serious", "critical")]


def _shot(page, name: str, full: bool = True) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / name), full_page=full)


def test_map_then_incident_with_both_sides_figures(server, page):
    page.goto(server + "/")
    page.wait_for_selector("#map[data-markers]")
    page.wait_for_selector("#map[data-basemap=drawn]")  # Natural Earth's outlines, served by khaldun: no tiles at all
    assert int(page.get_attribute("#map", "data-markers")) >= 2
    assert page.locator(".inc-marker, .marker-cluster").count() >= 2
    assert page.locator("#legend").is_visible() and "civilians targeted" in page.inner_text("#legend")
    assert page.locator(".inc-marker.contested").count() == 1  # the market, whose figures disagree
    assert not _axe(page), _axe(page)
    _shot(page, "map.png")
    page.locator("tr.contested a.incident-link").first.click()
    page.wait_for_selector(".claims")
    figures = page.locator(".claim .killed").all_inner_texts()
    assert "7 killed" in figures and "12 killed" in figures
    assert not _axe(page), _axe(page)
    _shot(page, "incident.png")
    assert not page.errors and not page.outside, (page.errors, page.outside)


def test_markers_take_the_keyboard_and_popups_name_claimants(server, page):
    page.goto(server + "/")
    page.wait_for_selector("#map[data-markers]")
    focused = ""
    for _ in range(40):  # Tab through the page until a marker holds the focus
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement.className || ''")
        if "inc-marker" in focused or "marker-cluster" in focused:
            break
    assert "inc-marker" in focused or "marker-cluster" in focused, focused
    page.keyboard.press("Enter")
    if "marker-cluster" in focused:  # a cluster zooms in: take the first marker it opens into
        page.wait_for_timeout(600)
        page.locator(".inc-marker").first.focus()
        page.keyboard.press("Enter")
    page.wait_for_selector(".leaflet-popup-content .popup")
    text = page.inner_text(".leaflet-popup-content")
    assert "killed" in text and "claims:" in text


def test_review_from_the_pages_and_after_re_ingest(server, page, extractor):
    page.goto(server + "/")
    page.locator("tr.contested a.incident-link").first.click()
    page.wait_for_selector(".reviewer-box")
    page.fill("#reviewer-name", "Amina")
    page.fill("#reviewer-token", TOKEN)
    elder = page.locator("article.claim", has_text="local elder")
    elder.locator("summary", has_text="Review this claim").click()
    elder.locator("input[value=verified]").check()
    elder.locator("select[name=field]").select_option("killed")
    elder.locator("input[name=value]").fill("9")
    elder.locator("input[name=note]").fill("the elder later said nine")
    with page.expect_navigation():
        elder.locator("button", has_text="Save review").click()
    elder = page.locator("article.claim", has_text="local elder")
    assert "9 killed" in elder.inner_text() and "verified" in elder.inner_text()
    assert "killed: 12 → 9" in page.inner_text("table.history")
    incident_url = page.url
    # the change everywhere: the API, the ACLED CSV, and after the same articles come in again
    api = page.request.get(server + "/api/incidents").json()["items"]
    market = next(i for i in api if "t-elder" in i["article_ids"])
    assert market["killed_high"] == 9 and market["review_status"] == "in review"
    rows = list(csv.DictReader(io.StringIO(page.request.get(server + "/api/incidents?format=csv").text())))
    assert any("9 killed" in r["notes"] and r["review_status"] == "in review" for r in rows)
    answer = page.request.post(server + "/api/ingest", data="\n".join(json.dumps(o) for o in (GOVERNOR, ELDER)),
                               headers={"Authorization": f"Bearer {TOKEN}"}).json()
    assert answer["unchanged"] == 2
    page.goto(incident_url)
    assert "9 killed" in page.locator("article.claim", has_text="local elder").inner_text()
    # merge another incident into this one from the page
    other = next(i for i in api if "t-kismayo" in i["article_ids"])
    page.fill("#reviewer-name", "Amina")
    page.fill("#reviewer-token", TOKEN)
    page.fill("form.merge input[name=other]", other["incident_id"])
    with page.expect_navigation():
        page.click("form.merge button")
    assert page.locator("article.claim", has_text="police station").count() == 1
    assert "merge" in page.inner_text("table.history")
    assert not page.errors, page.errors


def test_facets_paging_and_download_over_ten_thousand_incidents(big_server, page):
    import urllib.request

    timings = []
    for _ in range(5):
        started = time.perf_counter()
        with urllib.request.urlopen(big_server + "/") as answer:
            answer.read()
        timings.append(time.perf_counter() - started)
    assert statistics.median(timings[1:]) < 0.3, timings  # the first page, facets and timeline, served under 300 ms
    page.goto(big_server + "/")
    assert "10,000 incidents" in page.inner_text("#list-title")
    first = page.locator("table.list tbody tr").first.inner_text()
    page.click("nav.pager a[rel=next]")
    page.wait_for_load_state()
    assert page.locator("table.list tbody tr").first.inner_text() != first
    page.locator(".facets section", has_text="Country").locator("a", has_text="Ukraine").click()
    page.wait_for_load_state()
    shown = int(page.inner_text("#list-title").split()[0].replace(",", ""))
    assert 0 < shown < 10_000 and all("Ukraine" in c for c in page.locator("table.list td[data-label=country]").all_inner_texts())
    page.locator("th a", has_text="killed").click()  # sort by killed, highest first on the second click
    page.locator("th a", has_text="killed").click()
    page.wait_for_load_state()
    figures = [int(t.split("–")[0].replace(",", "") or -1) for t in page.locator("td[data-label=killed]").all_inner_texts()[:10]]
    assert figures == sorted(figures, reverse=True)
    with page.expect_download() as download:
        page.locator("p.downloads a", has_text="CSV").click()
    body = Path(download.value.path()).read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(body)))
    assert rows, (download.value.url, body[:300])
    assert len(rows) == shown and {r["country"] for r in rows} == {"Ukraine"} and "review_status" in rows[0]
    page.wait_for_selector("#map[data-markers]")
    page.wait_for_selector(".marker-cluster")  # hundreds of markers grouped
    _shot(page, "map-10000.png", full=False)


def test_the_timeline_brush_sets_the_dates(big_server, page):
    page.goto(big_server + "/")
    box = page.locator("#timeline").bounding_box()
    page.mouse.move(box["x"] + box["width"] * 0.3, box["y"] + 20)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.5, box["y"] + 20, steps=5)
    with page.expect_navigation():
        page.mouse.up()
    assert "since=" in page.url and "until=" in page.url
    assert page.input_value("input[name=since]") < page.input_value("input[name=until]")


@pytest.mark.parametrize("path", ["/", "/incidents/FIRST", "/articles/t-governor", "/tolls"])
def test_phone_layout_has_no_horizontal_scrolling(server, browser, path):
    context = browser.new_context(viewport={"width": 390, "height": 844}, bypass_csp=True)
    page = context.new_page()
    if path == "/incidents/FIRST":
        first = page.request.get(server + "/api/incidents").json()["items"][0]["incident_id"]
        path = f"/incidents/{first}"
    page.goto(server + path)
    page.wait_for_load_state("networkidle")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    wide = page.evaluate("""() => [...document.querySelectorAll('body *')]
        .filter(e => !e.closest('.leaflet-container') && e.getBoundingClientRect().right > window.innerWidth + 1)
        .map(e => e.tagName + '.' + e.className)""")
    assert not wide, wide
    if path == "/":
        _shot(page, "phone.png")
    context.close()


@pytest.mark.parametrize("path", ["/articles/t-governor", "/tolls"])
def test_article_and_tolls_pages_pass_axe(server, page, path):
    page.goto(server + path)
    page.wait_for_load_state("networkidle")
    assert not _axe(page), _axe(page)


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
    assert "1,200" in page.text_content("svg.chart") and "1,150" in page.inner_text("table.list")
    _shot(page, "tolls.png")


def test_article_page_is_titled_and_marks_no_demonym(server, page):
    page.goto(server + "/articles/t-governor")
    assert page.inner_text("h1").startswith("Article from Example Wire")  # it has no title: never its id or hash
    _shot(page, "article.png")

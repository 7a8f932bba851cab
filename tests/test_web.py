"""The web app and HTTP API, in-process (FastAPI's test client) and against its own OpenAPI (schemathesis)."""
from __future__ import annotations

import json

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings
from sample_articles import DENIAL, ELDER, GOVERNOR, HOSTILE, KISMAYO, RECALL, TOLL_1, TOLL_2

from khaldun.ledger import Ledger
from khaldun.io.readers import article_from_mapping
from khaldun.web.app import WebSettings, create_app

ALL = (GOVERNOR, ELDER, KISMAYO, TOLL_1, TOLL_2, HOSTILE)


@pytest.fixture(scope="module")
def web_ledger(tmp_path_factory, extractor):
    db = str(tmp_path_factory.mktemp("web") / "web.db")
    ledger = Ledger(db, extractor=extractor)
    ledger.ingest([article_from_mapping(o, o["id"]) for o in ALL])
    yield ledger
    ledger.close()


@pytest.fixture(scope="module")
def client(web_ledger):
    app = create_app(WebSettings(db=web_ledger.store.url, token="s3cret", max_upload=20_000), ledger=web_ledger)
    return TestClient(app)


def test_incidents_api_filters_and_pages(client):
    everything = client.get("/api/incidents").json()
    assert everything["total"] >= 2 and len(everything["items"]) == everything["total"]
    market = [i for i in everything["items"] if {"t-governor", "t-elder"} <= set(i["article_ids"])]
    assert len(market) == 1 and market[0]["contested"] and market[0]["killed"] == 7 and market[0]["killed_high"] == 12
    page = client.get("/api/incidents", params={"limit": 1, "offset": 1}).json()
    assert len(page["items"]) == 1 and page["items"][0]["incident_id"] == everything["items"][1]["incident_id"]
    assert client.get("/api/incidents", params={"bbox": "42,-1,45,5"}).json()["total"] >= 1  # Baidoa
    assert client.get("/api/incidents", params={"bbox": "0,0,1,1"}).json()["total"] == 0
    assert client.get("/api/incidents", params={"claimant": "elder"}).json()["total"] == 1
    assert client.get("/api/incidents", params={"q": "police station"}).json()["total"] == 1
    assert client.get("/api/incidents", params={"since": "2025-03-06"}).json()["total"] < everything["total"]
    assert client.get("/api/incidents", params={"bbox": "1,2"}).status_code == 422
    assert client.get("/api/incidents", params={"since": "last week"}).status_code == 422
    one = client.get(f"/api/incidents/{market[0]['incident_id']}").json()
    assert one["incident_id"] == market[0]["incident_id"]
    assert client.get("/api/incidents/inc-999999").status_code == 404


def test_other_resources(client):
    claims = client.get("/api/claims", params={"article": "t-elder"}).json()["items"]
    assert claims and all(c["article_id"] == "t-elder" for c in claims)
    near_baidoa = client.get("/api/claims", params={"bbox": "42,-1,45,5"}).json()["items"]
    assert {c["article_id"] for c in near_baidoa} >= {"t-elder", "t-governor"}
    assert all(c["article_id"] != "t-kismayo" for c in client.get("/api/claims", params={"area": "baidoa"}).json()["items"])
    article = client.get("/api/articles/t-governor").json()
    assert article["text"] == GOVERNOR["text"]
    assert all(article["text"][s["start"]:s["end"]] for s in article["spans"])
    assert any(p["name"] == "Baidoa" for p in client.get("/api/places", params={"q": "baidoa"}).json()["items"])
    tolls = client.get("/api/tolls").json()["items"]
    assert [t["killed"] for t in tolls if t["killed"] is not None] == [1200, 1150]
    assert client.get("/openapi.json").json()["info"]["title"] == "khaldun"
    assert client.get("/docs").status_code == 404  # Swagger UI would load its assets from a CDN


def test_pages_and_security_headers(client):
    for path in ("/", "/tolls", "/search?q=mortar", "/articles/t-governor"):
        response = client.get(path)
        assert response.status_code == 200, path
        csp = response.headers["content-security-policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp
        assert "<script>" not in response.text  # only <script src=...> from this server
    incident = client.get("/api/incidents", params={"claimant": "elder"}).json()["items"][0]
    page = client.get(f"/incidents/{incident['incident_id']}").text
    assert "7 killed" in page and "12 killed" in page


def test_hostile_article_is_escaped(client):
    page = client.get("/articles/t-hostile").text
    assert "<script>window.pwned" not in page and "&lt;script&gt;window.pwned" in page
    assert "<img src=x" not in page and "&lt;img src=x onerror=" in page
    assert 'href="javascript:' not in page
    listing = client.get("/search", params={"q": "<script>"}).text
    assert "<script>window" not in listing


def test_ingest_needs_the_token_and_limits_size(client):
    line = json.dumps({"id": "t-upload", "text": KISMAYO["text"].replace("Friday", "Saturday"), "published": "2025-03-10"})
    assert client.post("/api/ingest", content=line).status_code == 401
    assert client.post("/ingest", content=line).status_code == 401
    assert client.post("/api/ingest", content=line, headers={"Authorization": "Bearer nope"}).status_code == 401
    too_big = "x" * 30_000
    assert client.post("/api/ingest", content=too_big, headers={"Authorization": "Bearer s3cret"}).status_code == 413
    done = client.post("/api/ingest", content=line + "\n{broken\n", headers={"Authorization": "Bearer s3cret"}).json()
    assert (done["received"], done["stored"], done["rejected"]) == (2, 1, 1)
    # a number past Python's 4,300 digits is a rejected line, not a 500; raw U+2028 inside a string splits nothing
    huge = '{"id": "t-huge", "text": "x", "n": %s}' % ("9" * 5000)
    separated = json.dumps({"id": "t-sep", "text": KISMAYO["text"].replace(" on Friday", "\u2028 on Thursday"), "published": "2025-03-11"},
                           ensure_ascii=False)
    answer = client.post("/api/ingest", content=(huge + "\n" + separated + "\n").encode(), headers={"Authorization": "Bearer s3cret"})
    assert answer.status_code == 200
    assert (answer.json()["received"], answer.json()["stored"], answer.json()["rejected"]) == (2, 1, 1)


def test_read_only_by_default(web_ledger):
    app = create_app(WebSettings(db=web_ledger.store.url), ledger=web_ledger)
    assert TestClient(app).post("/api/ingest", content="{}").status_code == 403


@pytest.fixture(scope="module")
def api_schema(web_ledger):
    app = create_app(WebSettings(db=web_ledger.store.url), ledger=web_ledger)
    return schemathesis.openapi.from_asgi("/openapi.json", app)


def test_api_never_answers_5xx(api_schema):
    """Every operation of the published OpenAPI, with inputs schemathesis generates from it, under all of
    schemathesis' checks (`--checks all`): no 5xx, no undocumented status code, content type or header, every
    response valid against its published schema. All but one: positive_data_acceptance, since a schema's pattern
    cannot say that a bbox's west is not east of its east, nor that a latitude is within ±90 (those are 422s)."""
    from hypothesis import given
    from schemathesis.specs.openapi.checks import positive_data_acceptance

    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 7
    calls = []
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def conforms(case):
            response = case.call_and_validate(excluded_checks=[positive_data_acceptance])
            calls.append(response.status_code)
            assert response.status_code < 500, (case.path, case.query, response.text[:300])

        conforms()
    assert len(calls) >= 50


def test_a_headline_claim_is_marked_on_the_title(tmp_path, extractor):
    # written for this test: a paywalled page whose only story is its headline
    page = {"id": "t-paywall", "text": "Already a subscriber? Log in to keep reading.", "published": "2014-10-13",
            "title": "Man killed, boy injured in drive-by shooting in Dayton"}
    with Ledger(str(tmp_path / "h.db"), extractor=extractor) as ledger:
        ledger.ingest([article_from_mapping(page, page["id"])])
        html = TestClient(create_app(WebSettings(db=ledger.store.url), ledger=ledger)).get("/articles/t-paywall").text
    assert '<h1><mark class="k-event"><a href="/incidents/inc-' in html and "from the headline" in html
    assert "<mark" not in html.split('class="article-text"')[1]  # the body's words are not marked as evidence


def test_incident_page_groups_claims_by_claimant_and_names_the_range_ends(client):
    market = [i for i in client.get("/api/incidents").json()["items"] if {"t-governor", "t-elder"} <= set(i["article_ids"])][0]
    assert market["killed_low_by"] and market["killed_high_by"] and set(market["disagreeing"]) >= set(market["killed_low_by"])
    assert {(g["claimant"], g["killed"]) for g in market["claimants"] if g["killed"] is not None} >= {
        (market["killed_low_by"][0], 7), (market["killed_high_by"][0], 12)}
    page = client.get(f"/incidents/{market['incident_id']}").text
    assert page.count('class="claimant-group"') == len(market["claimants"])
    assert "Lowest killed figure (7) from" in page and "highest (12) from" in page and "Figures disagree between" in page


def test_incident_page_lists_a_recollection_apart(tmp_path, extractor):
    with Ledger(str(tmp_path / "recall.db"), extractor=extractor) as ledger:
        ledger.ingest([article_from_mapping(o, o["id"]) for o in (GOVERNOR, ELDER, RECALL)])
        client = TestClient(create_app(WebSettings(db=ledger.store.url), ledger=ledger))
        market = [i for i in client.get("/api/incidents").json()["items"] if "t-governor" in i["article_ids"]][0]
        page = client.get(f"/incidents/{market['incident_id']}").text
        recalled = page.split("<h2>Recalled as background</h2>")[1]
        assert "killing 40 people" in recalled and "killing 40 people" not in page.split("<h2>Recalled as background</h2>")[0]


def test_a_denial_joins_the_incident_it_contests_as_a_counter_account(tmp_path, extractor):
    with Ledger(str(tmp_path / "denial.db"), extractor=extractor) as ledger:
        ledger.ingest([article_from_mapping(o, o["id"]) for o in (GOVERNOR, ELDER, DENIAL)])
        client = TestClient(create_app(WebSettings(db=ledger.store.url), ledger=ledger))
        market = [i for i in client.get("/api/incidents").json()["items"] if "t-governor" in i["article_ids"]][0]
        assert "t-denial" in market["article_ids"] and (market["killed_low"], market["killed_high"]) == (7, 12)
        denial = [c for c in market["claims"] if c["article_id"] == "t-denial"][0]
        assert denial["counter_account"] and denial["verb"] == "denied" and denial["killed"] is None
        assert 'title="merge.counter_account.v1">counter-account</span>' in client.get(f"/incidents/{market['incident_id']}").text

"""The analyst web app and HTTP API: the same Ledger the CLI uses, served by FastAPI.

Read-only by default; ``POST /api/ingest`` takes a token (``--token`` or ``KHALDUN_TOKEN``) and a size limit.
Pages are server-rendered (Jinja2, autoescaped) with one script file and Leaflet, both served from here: no
CDN, no inline script, and a Content-Security-Policy on every response.
"""
from __future__ import annotations

import datetime as dt
import hmac
import io
import json
import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode, urlparse

from fastapi import FastAPI, HTTPException, Query, Request
from fastapi.exception_handlers import http_exception_handler, request_validation_exception_handler
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.middleware.gzip import GZipMiddleware
from starlette.concurrency import run_in_threadpool
from jinja2 import Environment, FileSystemLoader, select_autoescape

from ..errors import KhaldunError, NotFound
from ..io.exports import actor_side, geojson, write_acled_csv
from ..resources.countries import country_display
from ..ledger import Ledger
from ..ledger.read import FACETS, REVIEW_STATUSES, SORTS, BBox, Near
from ..stages.segment import classify
from ..model import Article, Role, incident_record, thousands, toll_point_record

HERE = Path(__file__).parent
MAX_PAGE = 500
MAX_DOWNLOAD = 100_000  # incidents in one "download this view"
LIST_ROWS = 50  # incidents per page of the list under the map (the map itself shows up to 1,000 the filters find)
# the view's parameters a page keeps in its links (filters, sort and page)
VIEW_PARAMS = ("since", "until", "type", "actor", "claimant", "country", "admin1", "contested", "review_status", "q",
               "sort", "desc", "after")
FACET_TITLES = {"sub_event_type": "Type", "country": "Country", "admin1": "Area", "actor": "Actor", "claimant": "Claimant",
                "contested": "Figures", "review_status": "Review"}
FACET_PARAMS = {"sub_event_type": "type", "country": "country", "admin1": "admin1", "actor": "actor", "claimant": "claimant",
                "contested": "contested", "review_status": "review_status"}
# the list's sortable columns: a sort key of ``ledger.read.SORTS`` and its heading
LIST_COLUMNS = (("date", "date"), ("type", "type"), ("location", "place"), ("admin1", "area"), ("country", "country"),
                ("killed", "killed"), ("wounded", "wounded"), ("claims", "claims"))
REVIEW_FIELDS = ("killed", "wounded", "claimant", "actor1", "actor2", "type", "place", "date")
TOLL_REVIEW_FIELDS = ("killed", "wounded", "missing", "claimant", "scope", "date")
NOT_MARKED = frozenset({"demonym", "in_name"})  # place records that are no place of the text: "Russian officials"
GREY_ROLES = {r.value for r in Role} - {Role.BODY.value, Role.HEADLINE.value}


# front-end packages the set-up installs from npm (never committed, never from a CDN): URL folder -> package folder
VENDOR = {"leaflet": "leaflet/dist", "markercluster": "leaflet.markercluster/dist", "topojson": "topojson-client/dist",
          "world-atlas": "world-atlas"}
BASEMAP = "countries-50m.json"  # Natural Earth's 1:50m countries (world-atlas): coastlines and borders offline


def node_modules() -> Path | None:
    """The npm packages' folder: $KHALDUN_NODE_MODULES, the repository's, or the working directory's."""
    leaflet_env = os.environ.get("KHALDUN_LEAFLET_DIR")  # older setting: Leaflet's dist folder
    candidates = [os.environ.get("KHALDUN_NODE_MODULES"), leaflet_env and str(Path(leaflet_env).parents[1]),
                  HERE.parents[2] / "node_modules", Path.cwd() / "node_modules"]
    for c in candidates:
        if c and (Path(c) / "leaflet" / "dist" / "leaflet.js").is_file():
            return Path(c)
    return None


def vendor_dirs() -> dict[str, Path]:
    """The front-end packages found, by the URL folder they are served under (/vendor/NAME)."""
    root = node_modules()
    if root is None:
        return {}
    return {name: root / sub for name, sub in VENDOR.items() if (root / sub).is_dir()}


def leaflet_dir() -> Path | None:
    """Leaflet's dist folder, installed from npm by the set-up."""
    return vendor_dirs().get("leaflet")


@dataclass(frozen=True)
class WebSettings:
    db: str
    token: str | None = None  # None: read-only, POST /api/ingest refused
    tiles: str | None = None  # a tile URL template; None: the map draws incidents on a blank background
    max_upload: int = 5_000_000  # bytes accepted by POST /api/ingest


def _csp(tiles: str | None) -> str:
    img = "'self' data:"
    if tiles:
        parsed = urlparse(tiles.replace("{s}", "a"))
        if parsed.scheme in ("http", "https") and parsed.netloc:
            host = parsed.netloc.replace("a.", "*.", 1) if "{s}" in tiles else parsed.netloc
            img += f" {parsed.scheme}://{host}"
    return (f"default-src 'self'; script-src 'self'; style-src 'self'; img-src {img}; connect-src 'self'; "
            "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")


def _limit(limit: int) -> int:
    return max(1, min(MAX_PAGE, limit))


def _bad_request(err: Exception, field: str) -> HTTPException:
    """A 422 shaped as FastAPI's own validation errors (the schema the OpenAPI publishes for 422)."""
    return HTTPException(status_code=422, detail=[{"loc": ["query", field], "msg": str(err), "type": "value_error"}])


NUMBER = r"\s*-?\d+(?:\.\d+)?\s*"
BBOX_PATTERN = rf"^{NUMBER},{NUMBER},{NUMBER},{NUMBER}$"  # ranges and order are checked after: 422 when off
NEAR_PATTERN = rf"^{NUMBER},{NUMBER},{NUMBER}$"


def _day(value: str | dt.date | None) -> dt.date | None:
    return value if isinstance(value, dt.date) or value is None else dt.date.fromisoformat(value) if value else None


# every status an operation can answer, so that clients (and schemathesis' conformance checks) find it documented
NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"description": "No such record"}}
INGEST_ANSWERS: dict[int | str, dict[str, Any]] = {401: {"description": "The token is missing or wrong"},
                  403: {"description": "The server is read-only (started without --token)"},
                  413: {"description": "The upload is larger than --max-upload"},
                  422: {"description": "The upload is not UTF-8 JSON Lines"}}


WRITE_ANSWERS: dict[int | str, dict[str, Any]] = {401: {"description": "The token is missing or wrong"},
                 403: {"description": "The server is read-only (started without --token)"},
                 422: {"description": "A field, value or reviewer the review cannot take"}}


class ClaimReview(BaseModel):
    """A reviewer's verdict on a claim (``status``) and/or corrections of its fields (``correct``)."""

    reviewer: str = Field(min_length=1, max_length=100)
    status: str | None = Field(None, description="verified or rejected")
    correct: dict[str, Any] | None = Field(None, description="claimant, actor1, actor2, type, place, latitude, longitude, date, killed, wounded")
    note: str | None = Field(None, max_length=2000)


class IncidentMerge(BaseModel):
    into: str = Field(min_length=1, max_length=64)
    other: str = Field(min_length=1, max_length=64)
    reviewer: str = Field(min_length=1, max_length=100)
    note: str | None = Field(None, max_length=2000)


class ClaimSplit(BaseModel):
    claim_id: str = Field(min_length=1, max_length=64)
    reviewer: str = Field(min_length=1, max_length=100)
    note: str | None = Field(None, max_length=2000)


def _path_id(value: str) -> str:
    """An id as one URL path segment: every character that is not unreserved percent-encoded, '/' included."""
    return quote(str(value), safe="")


def create_app(settings: WebSettings, ledger: Ledger | None = None) -> FastAPI:
    """The app for one ledger. Tests pass their own Ledger; ``khaldun serve`` opens one from ``settings.db``."""
    ledger = ledger or Ledger(settings.db)
    app = FastAPI(title="khaldun", version="0.1.0", docs_url=None, redoc_url=None,  # Swagger's assets come from a CDN
                  description="Claims, incidents, articles, places and toll series of a khaldun ledger (read-only).")
    templates = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(["html"]))
    templates.filters["path_id"] = _path_id
    ingesting = threading.Lock()  # one upload extracted at a time, in a worker thread: readers are served meanwhile
    csp = _csp(settings.tiles)
    templates.filters["num"] = thousands
    templates.filters["country"] = lambda code: country_display(code) or ""
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    vendors = vendor_dirs()
    for name, folder in vendors.items():
        app.mount(f"/vendor/{name}", StaticFiles(directory=folder), name=f"vendor-{name}")
    vendor = vendors.get("leaflet")

    # compressed on the wire (the basemap's 740 KB are 230 KB), for clients that ask; added first, so it runs last
    app.add_middleware(GZipMiddleware, minimum_size=1000)

    @app.middleware("http")
    async def security_headers(request: Request, call_next):
        response = await call_next(request)
        response.headers["Content-Security-Policy"] = csp
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Frame-Options"] = "DENY"
        return response

    def page(name: str, **context: Any) -> HTMLResponse:
        return HTMLResponse(templates.get_template(name).render(
            leaflet=vendor is not None, cluster="markercluster" in vendors,
            basemap=f"/vendor/world-atlas/{BASEMAP}" if "world-atlas" in vendors and "topojson" in vendors else "",
            tiles=settings.tiles, writable=bool(settings.token), **context))

    def filters(since, until, type, actor, claimant, area, bbox, q, near=None, country=None, admin1=None,
                contested=None, review_status=None) -> dict[str, Any]:
        parsed: dict[str, Any] = dict(type=type or None, actor=actor or None, claimant=claimant or None, area=area or None,
                                      q=q or None, country=country or None, admin1=admin1 or None)
        if contested not in (None, ""):
            parsed["contested"] = str(contested).lower() in ("1", "true", "yes")
        if review_status:
            if review_status not in REVIEW_STATUSES:
                raise _bad_request(ValueError(f"review_status is one of {', '.join(REVIEW_STATUSES)}"), "review_status")
            parsed["review_status"] = review_status
        for name, value, parse in (("since", since, _day), ("until", until, _day), ("bbox", bbox, BBox.parse),
                                   ("near", near, Near.parse)):
            try:
                parsed[name] = parse(value) if value else None
            except ValueError as err:
                raise _bad_request(err, name) from None
        return parsed

    def authorize(request: Request) -> None:
        """Write actions (ingest, review) need the server's token."""
        if not settings.token:
            raise HTTPException(403, "this server is read-only; start it with --token to accept changes")
        given = request.headers.get("authorization", "")
        if not hmac.compare_digest(given.encode(), f"Bearer {settings.token}".encode()):
            raise HTTPException(401, "a valid 'Authorization: Bearer TOKEN' header is required")

    # ------------------------------------------------------------------ API
    @app.get("/api/incidents", summary="Incidents with their claims side by side; format=csv|geojson|jsonl downloads the view",
             responses={200: {"content": {"text/csv": {}, "application/geo+json": {}, "application/x-ndjson": {}}}})
    def api_incidents(since: dt.date | None = Query(None, description="YYYY-MM-DD"), until: dt.date | None = Query(None, description="YYYY-MM-DD"),
                      type: str | None = Query(None, description="ACLED type or sub-type, or words: shelling, drone strike"),
                      actor: str | None = None, claimant: str | None = None,
                      area: str | None = Query(None, description="admin1, place name or country code"),
                      country: str | None = Query(None, description="country code or name"), admin1: str | None = None,
                      contested: bool | None = None, review_status: str | None = Query(None, description=", ".join(REVIEW_STATUSES)),
                      bbox: str | None = Query(None, description="WEST,SOUTH,EAST,NORTH", pattern=BBOX_PATTERN),
                      near: str | None = Query(None, description="LAT,LON,KM", pattern=NEAR_PATTERN),
                      q: str | None = Query(None, description="words in a claim's evidence"),
                      sort: str | None = Query(None, description=", ".join(SORTS)), desc: bool = False,
                      after: str | None = Query(None, max_length=200, description="the cursor of the page before ('next')"),
                      format: str = Query("json", pattern="^(json|csv|geojson|jsonl)$"),
                      limit: int = Query(100, ge=1, le=MAX_PAGE), offset: int = Query(0, ge=0, le=10_000_000)) -> Any:
        f = filters(since, until, type, actor, claimant, area, bbox, q, near, country, admin1, contested, review_status)
        if format != "json":
            return download(ledger.incident_list(limit=MAX_DOWNLOAD, **f), format)
        if sort or after:
            try:
                found = ledger.incident_page(sort=sort or "date", descending=desc, after=after, limit=_limit(limit), **f)
            except ValueError as err:
                raise _bad_request(err, "after" if after else "sort") from None
            return {"total": found.total, "limit": limit, "next": found.next, "items": [incident_record(i) for i in found.items]}
        items = ledger.incident_list(limit=_limit(limit), offset=offset, **f)
        return {"total": ledger.count_incidents(**f), "limit": limit, "offset": offset,
                "items": [incident_record(i) for i in items]}

    def download(found: list, fmt: str) -> Response:
        stamp = dt.date.today().isoformat()
        if fmt == "csv":
            out = io.StringIO()
            write_acled_csv(found, out)
            body, media, ext = out.getvalue(), "text/csv; charset=utf-8", "csv"
        elif fmt == "geojson":
            body, media, ext = json.dumps(geojson(found), ensure_ascii=False), "application/geo+json", "geojson"
        else:
            body = "".join(json.dumps(incident_record(i), ensure_ascii=False) + "\n" for i in found)
            media, ext = "application/x-ndjson", "jsonl"
        return Response(body, media_type=media,
                        headers={"Content-Disposition": f'attachment; filename="khaldun-incidents-{stamp}.{ext}"'})

    @app.get("/api/facets", summary="How many incidents of the view have each value of a field")
    def api_facets(field: str = Query(..., description=", ".join(FACETS)),
                   since: dt.date | None = Query(None, description="YYYY-MM-DD"), until: dt.date | None = Query(None, description="YYYY-MM-DD"),
                   type: str | None = None, actor: str | None = None, claimant: str | None = None, area: str | None = None,
                   country: str | None = None, admin1: str | None = None, contested: bool | None = None,
                   review_status: str | None = None,
                   bbox: str | None = Query(None, description="WEST,SOUTH,EAST,NORTH", pattern=BBOX_PATTERN),
                   q: str | None = None, limit: int = Query(50, ge=1, le=MAX_PAGE)) -> list[dict[str, Any]]:
        if field not in FACETS:
            raise _bad_request(ValueError(f"field is one of {', '.join(FACETS)}"), "field")
        f = filters(since, until, type, actor, claimant, area, bbox, q, None, country, admin1, contested, review_status)
        return [{"value": c.value, "count": c.count} for c in ledger.facets(field, limit=limit, **f)]

    @app.get("/api/map", summary="Placed incidents as compact GeoJSON points (the map's layer)")
    def api_map(since: dt.date | None = Query(None, description="YYYY-MM-DD"), until: dt.date | None = Query(None, description="YYYY-MM-DD"),
                type: str | None = None, actor: str | None = None, claimant: str | None = None, area: str | None = None,
                country: str | None = None, admin1: str | None = None, contested: bool | None = None, review_status: str | None = None,
                bbox: str | None = Query(None, description="WEST,SOUTH,EAST,NORTH", pattern=BBOX_PATTERN), q: str | None = None,
                limit: int = Query(1000, ge=1, le=20_000)) -> dict[str, Any]:
        f = filters(since, until, type, actor, claimant, area, bbox, q, None, country, admin1, contested, review_status)
        features = []
        for p in ledger.incident_points(limit=limit, with_claimants=True, **f):
            p["side"] = actor_side(p["actors"], p["event_type"], p["country"])
            p["country"] = country_display(p["country"])
            features.append({"type": "Feature", "id": p["id"],
                             "geometry": {"type": "Point", "coordinates": [round(p["longitude"], 5), round(p["latitude"], 5)]},
                             "properties": {k: v for k, v in p.items() if k not in ("id", "latitude", "longitude") and v is not None}})
        return {"type": "FeatureCollection", "features": features}

    @app.get("/api/incidents/{incident_id}", summary="One incident", responses=NOT_FOUND)
    def api_incident(incident_id: str) -> dict[str, Any]:
        found = ledger.incident(incident_id)
        if found is None:
            raise HTTPException(404, f"no incident {incident_id}")
        return incident_record(found)

    @app.get("/api/claims", summary="Event claims")
    def api_claims(since: dt.date | None = Query(None, description="YYYY-MM-DD"), until: dt.date | None = Query(None, description="YYYY-MM-DD"),
                   type: str | None = None, actor: str | None = None, claimant: str | None = None,
                   area: str | None = Query(None, description="admin1, place name or country code"),
                   bbox: str | None = Query(None, description="WEST,SOUTH,EAST,NORTH", pattern=BBOX_PATTERN),
                   q: str | None = Query(None, description="words in the evidence"), article: str | None = None,
                   limit: int = Query(100, ge=1, le=MAX_PAGE), offset: int = Query(0, ge=0, le=10_000_000)) -> dict[str, Any]:
        f = filters(since, until, None, None, None, None, bbox, None)
        return {"limit": limit, "offset": offset,
                "items": ledger.claim_records(since=f["since"], until=f["until"], type=type, claimant=claimant, q=q,
                                              article=article, actor=actor, area=area, bbox=f["bbox"],
                                              limit=_limit(limit), offset=offset)}

    @app.get("/api/claims/{claim_id}", summary="One claim with its review", responses=NOT_FOUND)
    def api_claim(claim_id: str) -> dict[str, Any]:
        found = ledger.claim_record(claim_id)
        if found is None:
            raise HTTPException(404, f"no claim {claim_id}")
        return found

    @app.post("/api/claims/{claim_id}/review", summary="Verify, reject or correct a claim; needs the token",
              responses={**NOT_FOUND, **WRITE_ANSWERS})
    def api_review(claim_id: str, body: ClaimReview, request: Request) -> dict[str, Any]:
        authorize(request)
        return ledger.review_claim(claim_id, body.reviewer, status=body.status, correct=body.correct, note=body.note)

    @app.post("/api/tolls/{toll_id}/review", summary="Verify, reject or correct a toll reading; needs the token",
              responses={**NOT_FOUND, **WRITE_ANSWERS})
    def api_review_toll(toll_id: str, body: ClaimReview, request: Request) -> dict[str, Any]:
        authorize(request)
        return ledger.review_toll(toll_id, body.reviewer, status=body.status, correct=body.correct, note=body.note)

    @app.post("/api/incidents/merge", summary="Merge one incident into another; needs the token",
              responses={**NOT_FOUND, **WRITE_ANSWERS})
    def api_merge(body: IncidentMerge, request: Request) -> dict[str, Any]:
        authorize(request)
        merged = ledger.merge_incidents(body.into, body.other, body.reviewer, note=body.note)
        return incident_record(ledger.incident(merged))  # type: ignore[arg-type]

    @app.post("/api/incidents/{incident_id}/split", summary="Take a claim out of an incident into its own; needs the token",
              responses={**NOT_FOUND, **WRITE_ANSWERS})
    def api_split(incident_id: str, body: ClaimSplit, request: Request) -> dict[str, Any]:
        authorize(request)
        alone = ledger.split_claim(incident_id, body.claim_id, body.reviewer, note=body.note)
        return incident_record(ledger.incident(alone))  # type: ignore[arg-type]

    @app.get("/api/review-log", summary="The review log: every action, oldest first")
    def api_review_log(target: str | None = None, reviewer: str | None = None,
                       limit: int = Query(1000, ge=1, le=100_000)) -> list[dict[str, Any]]:
        return ledger.review_entries(target=target, reviewer=reviewer, limit=limit)

    @app.get("/api/articles", summary="Articles (without text)")
    def api_articles(q: str | None = None, limit: int = Query(100, ge=1, le=MAX_PAGE),
                     offset: int = Query(0, ge=0, le=10_000_000)) -> dict[str, Any]:
        return {"limit": limit, "offset": offset, "items": ledger.article_records(q=q, limit=_limit(limit), offset=offset)}

    @app.get("/api/articles/{article_id:path}", summary="One article with its text and evidence spans (any id, '/' included)",
             responses=NOT_FOUND)
    def api_article(article_id: str) -> dict[str, Any]:
        found = ledger.article(article_id)
        if found is None:
            raise HTTPException(404, f"no article {article_id}")
        return found

    @app.get("/api/places", summary="Place mentions")
    def api_places(q: str | None = None, bbox: str | None = Query(None, description="WEST,SOUTH,EAST,NORTH", pattern=BBOX_PATTERN),
                   limit: int = Query(100, ge=1, le=MAX_PAGE), offset: int = Query(0, ge=0, le=10_000_000)) -> dict[str, Any]:
        try:
            box = BBox.parse(bbox) if bbox else None
        except ValueError as err:
            raise _bad_request(err, "bbox") from None
        return {"limit": limit, "offset": offset, "items": ledger.place_records(q=q, bbox=box, limit=_limit(limit), offset=offset)}

    @app.get("/api/tolls", summary="Toll series per claimant")
    def api_tolls(claimant: str | None = None) -> dict[str, Any]:
        points = [p for p in ledger.toll_series() if not claimant or claimant.lower() in (p.claimant or "").lower()]
        return {"items": [toll_point_record(p) for p in points]}

    @app.post("/api/ingest", summary="Add articles (JSON Lines, FORMAT.md); needs the token", status_code=200,
              responses=INGEST_ANSWERS)
    @app.post("/ingest", include_in_schema=False)
    async def api_ingest(request: Request) -> dict[str, Any]:
        authorize(request)
        declared = request.headers.get("content-length")
        if declared and declared.isascii() and declared.isdigit() and int(declared) > settings.max_upload:
            raise HTTPException(413, f"the upload is larger than {settings.max_upload} bytes")
        body = bytearray()
        async for chunk in request.stream():
            body.extend(chunk)
            if len(body) > settings.max_upload:
                raise HTTPException(413, f"the upload is larger than {settings.max_upload} bytes")
        from ..io.readers import jsonl_split, read_jsonl_lines

        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            raise HTTPException(422, "the upload is not UTF-8 JSON Lines") from None
        del body

        def run():  # extraction takes seconds: off the event loop, so /healthz and readers are answered meanwhile
            with ingesting:
                return ledger.ingest(read_jsonl_lines(jsonl_split(text), "upload"))

        summary = await run_in_threadpool(run)
        return {"received": summary.received, "stored": summary.stored, "unchanged": summary.unchanged,
                "rejected": summary.rejected, "reasons": dict(summary.reasons), "summary": summary.line()}

    @app.exception_handler(KhaldunError)
    async def khaldun_error(request: Request, err: KhaldunError) -> Response:
        status = 404 if isinstance(err, NotFound) else 422
        if not request.url.path.startswith("/api/"):
            return error_page(status, str(err))
        return JSONResponse({"detail": [{"loc": [], "msg": str(err), "type": err.code}]}, status_code=status)

    def error_page(status: int, message: str) -> HTMLResponse:
        titles = {404: "Not found", 401: "Not allowed", 403: "Read-only", 422: "Bad request"}
        response = page("error.html", status=status, title=titles.get(status, "Error"), message=message)
        response.status_code = status
        return response

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, err: StarletteHTTPException) -> Response:
        """Pages answer errors with a page; the API keeps FastAPI's JSON."""
        if request.url.path.startswith("/api/") or request.url.path.startswith(("/static/", "/vendor/")):
            return await http_exception_handler(request, err)
        detail = err.detail if isinstance(err.detail, str) else "; ".join(d.get("msg", "") for d in err.detail) \
            if isinstance(err.detail, list) else str(err.detail)
        return error_page(err.status_code, detail)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, err: RequestValidationError) -> Response:
        if request.url.path.startswith("/api/"):
            return await request_validation_exception_handler(request, err)
        return error_page(422, "; ".join(f"{'.'.join(str(p) for p in e.get('loc', ())[1:])}: {e.get('msg')}" for e in err.errors()))

    # ---------------------------------------------------------------- pages
    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def map_page(request: Request) -> HTMLResponse:
        given = {k: v.strip()[:200] for k, v in request.query_params.items() if k in VIEW_PARAMS and v.strip()}
        f = filters(given.get("since"), given.get("until"), given.get("type"), given.get("actor"), given.get("claimant"), None,
                    None, given.get("q"), None, given.get("country"), given.get("admin1"), given.get("contested"),
                    given.get("review_status"))
        sort, descending = given.get("sort", "date"), given.get("desc") == "1"
        try:
            found = ledger.incident_page(sort=sort, descending=descending, after=given.get("after"), limit=LIST_ROWS, **f)
        except ValueError as err:
            raise _bad_request(err, "after" if given.get("after") else "sort") from None
        view = {k: v for k, v in given.items() if k not in ("after", "sort", "desc")}
        facets = [(name, FACET_TITLES[name], ledger.facets(name, limit=8, **f)) for name in FACET_TITLES]
        return page("map.html", page=found, form=given, view=view, sort=sort, descending=descending, facets=facets,
                    facet_params=FACET_PARAMS,
                    timeline=_timeline(ledger.day_counts(**f)), view_query=urlencode(view),
                    api_query=json.dumps(view), columns=LIST_COLUMNS)

    @app.get("/incidents/{incident_id}", response_class=HTMLResponse, include_in_schema=False)
    def incident_page(incident_id: str) -> HTMLResponse:
        found = ledger.incident(incident_id)
        if found is None:
            raise HTTPException(404, f"no incident {incident_id}")
        history = ledger.review_entries(targets={c.claim_key for c in found.claims if c.claim_key} | {found.id})
        return page("incident.html", incident=found, history=history,
                    side=actor_side(list(found.actors), found.event_type, found.country), fields=REVIEW_FIELDS)

    @app.get("/articles/{article_id:path}", response_class=HTMLResponse, include_in_schema=False)
    def article_page(article_id: str) -> HTMLResponse:
        found = ledger.article(article_id)
        if found is None:
            raise HTTPException(404, f"no article {article_id}")
        headline = [s for s in found["spans"] if s["in"] == "title"]
        return page("article.html", article=found, pieces=_pieces(found), headline=headline)

    @app.get("/tolls", response_class=HTMLResponse, include_in_schema=False)
    def tolls_page() -> HTMLResponse:
        series: dict[str, list] = {}
        for p in ledger.toll_series():
            series.setdefault(f"{p.claimant or 'the outlets'} — {p.scope}", []).append(p)
        titles = {a["article_id"]: " · ".join(x for x in (a["outlet"], a["title"] or a["published"]) if x)
                  for a in ledger.article_records(limit=None, ids={p.article_id for pts in series.values() for p in pts})}
        return page("tolls.html", charts=[_chart(name, pts) for name, pts in series.items()], titles=titles,
                    fields=TOLL_REVIEW_FIELDS)

    @app.get("/search", response_class=HTMLResponse, include_in_schema=False)
    def search_page(q: str = "") -> HTMLResponse:
        q = q.strip()[:200]
        return page("search.html", q=q, incidents=ledger.incident_list(q=q, limit=50) if q else [],
                    articles=ledger.article_records(q=q, limit=50) if q else [],
                    claims=ledger.claim_records(q=q, limit=50) if q else [])

    @app.get("/healthz", include_in_schema=False)
    def healthz() -> Response:
        return Response("ok", media_type="text/plain")

    return app


def _pieces(article: dict[str, Any]) -> list[dict[str, Any]]:
    """The article's text cut into pieces, each with its paragraph role (residue greyed) and the kinds of the
    evidence spans over it, so the template highlights without ever emitting the text unescaped."""
    text = article["text"]
    # headline claims are marked on the title; a demonym or a place inside a name is no place the text tells
    spans = [s for s in article["spans"] if s["in"] == "text" and s.get("feature") not in NOT_MARKED]
    paragraphs = classify(Article(id=article["article_id"], text=text))
    role_at = [(p.span.start, p.span.end, p.role.value) for p in paragraphs]
    cuts = {0, len(text)}
    for s in spans:
        cuts.update((max(0, min(len(text), s["start"])), max(0, min(len(text), s["end"]))))
    for start, end, _ in role_at:
        cuts.update((start, end))
    points = sorted(cuts)
    out = []
    for a, b in zip(points, points[1:]):
        if a == b:
            continue
        kinds = sorted({s["kind"] for s in spans if s["start"] <= a and b <= s["end"]})
        incident = next((s["incident_id"] for s in spans if s["kind"] == "event" and s["start"] <= a and b <= s["end"]
                         and s["incident_id"]), None)
        role = next((r for s, e, r in role_at if s <= a and b <= e), "body")
        rules = list(dict.fromkeys(r for s in spans if s["start"] <= a and b <= s["end"] for r in s.get("rules", ())))
        out.append({"text": text[a:b], "kinds": kinds, "role": role, "grey": role in GREY_ROLES, "incident": incident,
                    "anchor": a if kinds else None, "rules": rules})
    return out


def _chart(name: str, points: list) -> dict[str, Any]:
    """A toll series as SVG coordinates (drawn by the template: no script, no inline style). One reading is a table
    row, not a chart; two or more are points on a date axis, joined."""
    pts = [p for p in points if p.as_of and p.killed is not None and p.review_status != "rejected"]
    if len(pts) < 2:
        return {"name": name, "points": [], "rows": points}
    days = [(p.as_of - pts[0].as_of).days for p in pts]
    span, top = max(days) or 1, max(p.killed for p in pts) or 1
    coords = [{"x": round(60 + 520 * d / span, 1) if max(days) else 320, "y": round(180 - 150 * p.killed / top, 1), "p": p}
              for d, p in zip(days, pts)]
    return {"name": name, "points": coords, "polyline": " ".join(f"{c['x']},{c['y']}" for c in coords), "top": top,
            "first": pts[0].as_of, "last": pts[-1].as_of, "rows": points}


def _timeline(days: list[tuple[dt.date, int]], width: int = 960, height: int = 70) -> dict[str, Any]:
    """Incidents per day on a date axis (a day's bar where its date falls, so 2011 is not drawn beside 2024), with
    ticks at years or months; ``first``/``last`` let the brush turn a dragged range into dates."""
    if not days:
        return {"bars": [], "ticks": [], "width": width, "height": height}
    first, last = days[0][0], days[-1][0]
    span = max(1, (last - first).days)
    peak = max(n for _, n in days)
    x = lambda d: round(10 + (width - 20) * (d - first).days / span, 1)  # noqa: E731
    bars = [{"x": x(d), "h": max(2, round(height * n / peak)), "day": d.isoformat(), "n": n} for d, n in days]
    ticks = []
    if span > 3 * 365:
        ticks = [dt.date(y, 1, 1) for y in range(first.year + 1, last.year + 1)]
        label = lambda d: str(d.year)  # noqa: E731
    else:
        month = dt.date(first.year, first.month, 1)
        step = 1 if span <= 400 else 3
        while month <= last:
            if month > first:
                ticks.append(month)
            m = month.month - 1 + step
            month = dt.date(month.year + m // 12, m % 12 + 1, 1)
        label = lambda d: d.strftime("%b %Y") if d.month == 1 or d == ticks[0] else d.strftime("%b")  # noqa: E731
    if not ticks:
        ticks = [first, last] if first != last else [first]
        label = lambda d: d.isoformat()  # noqa: E731
    def anchor(at: float) -> str:  # a label at an end of the axis stays inside the drawing
        return "start" if at < 40 else "end" if at > width - 40 else "mid"

    return {"bars": bars, "ticks": [{"x": x(t), "label": label(t), "anchor": anchor(x(t))} for t in ticks], "width": width, "height": height,
            "first": first.isoformat(), "last": last.isoformat()}

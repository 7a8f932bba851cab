"""The command line: thin wrappers over the library. Errors become messages here, and only here."""
from __future__ import annotations

import csv
import json
import sys
from collections import Counter
from contextlib import nullcontext
from pathlib import Path
from typing import Optional

import typer

from .api import KINDS, records
from .stages.dates import parse_publication_date
from .errors import KhaldunError, UsageError, printable
from .io.readers import read_inputs
from .ledger.write import reason_code
from .model import CostBudget, Rejection, thousands

app = typer.Typer(add_completion=False, no_args_is_help=True, help="khaldun: conflict news in, a claim-level event ledger out.")

# FORMAT.md fields → ACLED's column names where ACLED has one
ACLED_COLUMNS = [
    ("article_id", "source_id"), ("event_date", "event_date"), ("time_precision", "time_precision"),
    ("event_type", "event_type"), ("sub_event_type", "sub_event_type"), ("actor1", "actor1"), ("actor2", "actor2"),
    ("country", "country"), ("admin1", "admin1"), ("location", "location"), ("latitude", "latitude"),
    ("longitude", "longitude"), ("geo_precision", "geo_precision"), ("killed", "fatalities"), ("wounded", "wounded"),
    ("casualty_group", "casualty_group"), ("number_text", "number_text"), ("weapon", "weapon"),
    ("claimant", "claimant"), ("verb", "verb"), ("via", "via"), ("evidence", "notes"),
    ("evidence_start", "evidence_start"), ("evidence_end", "evidence_end"),
]


WORKERS_HELP = "extract in N local processes (the pipeline loaded once in each)"
DASK_HELP = "extract on Dask: local, local:N (a local cluster of N workers) or a scheduler address tcp://HOST:8786"


MAX_PARSE_HELP = "reject an article that would send more characters than this to the parser (its cost in time)"
MAX_SECONDS_HELP = "reject a large article still being extracted after this many seconds (0: no deadline)"


FULL_PARSE_HELP = ("parse every sentence; by default only the sentences that can carry event and toll records are "
                   "parsed (about twice as fast), and every sentence when attribution or place records are asked for")


@app.callback()
def _main() -> None:
    """khaldun: conflict news in, a claim-level event ledger out."""


@app.command()
def extract(
    inputs: list[str] = typer.Argument(..., help="files (.txt, .html, .jsonl[.gz|.zst], .warc[.gz], .parquet, .rss), directories, URLs, or - for stdin"),
    kinds: str = typer.Option("event,toll", "--kinds", help=f"record kinds, comma-separated: {','.join(KINDS)}"),
    fmt: Optional[str] = typer.Option(None, "--format", help="jsonl, csv or table (default: a table on a terminal, JSON Lines when piped or written to a file)"),
    published: Optional[str] = typer.Option(None, "--published", help="publication date for inputs that give none (YYYY-MM-DD)"),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="write here instead of stdout"),
    actors: list[Path] = typer.Option([], "--actors", help="extra actor alias files (TSV: alias, canonical, type, country)"),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="no summary line on stderr"),
    resolve_places: bool = typer.Option(True, "--gazetteer/--no-gazetteer", help="resolve places to coordinates (the embedded gazetteer, built on first use)"),
    allow_private: bool = typer.Option(False, "--allow-private", help="let URLs reach loopback and private addresses (never cloud metadata)"),
    workers: int = typer.Option(1, "--workers", "-w", help=WORKERS_HELP),
    dask: Optional[str] = typer.Option(None, "--dask", help=DASK_HELP),
    full_parse: bool = typer.Option(False, "--full-parse", help=FULL_PARSE_HELP),
    max_parse_chars: int = typer.Option(CostBudget.parse_chars, "--max-parse-chars", help=MAX_PARSE_HELP),
    max_seconds: float = typer.Option(CostBudget.seconds, "--max-seconds", help=MAX_SECONDS_HELP),
) -> None:
    """Extract claim-level event records (and tolls, places, attributions) from news articles."""
    wanted = [k.strip() for k in kinds.split(",") if k.strip()]
    bad = [k for k in wanted if k not in KINDS]
    if bad or not wanted:
        _usage(f"unknown kind(s) {', '.join(bad) or '(none)'}; choose from {', '.join(KINDS)}")
    if fmt is None:
        fmt = "table" if output is None and sys.stdout.isatty() else "jsonl"
    if fmt not in ("jsonl", "csv", "table"):
        _usage(f"unknown format {fmt!r}; choose jsonl, csv or table")
    default_date = None
    if published:
        default_date = parse_publication_date(published)
        if default_date is None:
            _usage(f"--published {published!r} is not a date; use YYYY-MM-DD")
    selective = not full_parse and set(wanted) <= {"event", "toll"}
    if resolve_places:
        _gazetteer_ready(quiet)
    extractor = _engine(actors, resolve_places, workers, dask, selective, _budget(max_parse_chars, max_seconds))
    out = open(output, "w", encoding="utf-8", newline="") if output else sys.stdout
    writer: _CsvWriter | _TableWriter | None = _CsvWriter(out) if fmt == "csv" else _TableWriter(out) if fmt == "table" else None
    received = rejected = written = 0
    reasons: Counter = Counter()

    def articles():
        nonlocal received, rejected
        for item in read_inputs(inputs, default_date, _policy(allow_private)):
            received += 1
            if isinstance(item, Rejection):
                rejected += 1
                reasons[reason_code(item.reason)] += 1
                typer.echo(item.message(), err=True)
                continue
            yield item

    try:
        for result in extractor.run(articles()):
            if isinstance(result, Rejection):
                rejected += 1
                reasons[reason_code(result.reason)] += 1
                typer.echo(result.message(), err=True)
                continue
            for rec in records(result, wanted):
                written += 1
                if writer:
                    writer.write(rec)
                else:
                    out.write(json.dumps(rec, ensure_ascii=False) + "\n")
    finally:
        _close(extractor)
        if isinstance(writer, _TableWriter):
            writer.close()
        if output:
            out.close()
    if not quiet:
        by_reason = "; ".join(f"{n} {r}" for r, n in reasons.most_common())
        typer.echo(f"khaldun: {received} input(s): {received - rejected} read, {rejected} rejected"
                   f"{' (' + by_reason + ')' if by_reason else ''}; {written} record(s)", err=True)
    raise typer.Exit(2 if rejected else 0)


DB_HELP = "the ledger: a SQLite file (ingest creates it) or postgresql://USER:PASS@HOST/DB"


def _open_ledger(db: str, extractor=None, create: bool = False):
    """The ledger at ``db``. Only ``ingest`` creates one: a read command on a file that does not exist says so and
    creates nothing."""
    from .ledger import Ledger

    if not create and "://" not in db and not Path(db).expanduser().is_file():
        _usage(f"no ledger at {db}: give the --db that 'khaldun ingest' wrote (ingest creates a ledger; nothing was created)")
    try:
        return Ledger(db, extractor=extractor)
    except KhaldunError as err:
        _usage(str(err))


def _budget(max_parse_chars: int, max_seconds: float) -> CostBudget:
    if max_parse_chars < 1 or max_seconds < 0:
        _usage("--max-parse-chars must be 1 or more and --max-seconds 0 or more")
    return CostBudget(parse_chars=max_parse_chars, seconds=max_seconds)


def _engine(actors: list[Path], resolve_places: bool, workers: int, dask: Optional[str], selective: bool = True,
            budget: CostBudget = CostBudget()):
    from .runners.parallel import PipelineSpec, engine

    if workers < 1:
        _usage(f"--workers must be 1 or more, not {workers}")
    if dask and workers > 1:
        _usage("give --workers or --dask, not both (a Dask cluster sets its own number of workers)")
    try:
        return engine(PipelineSpec(actor_files=tuple(str(a) for a in actors), gazetteer=resolve_places,
                                   selective=selective, budget=budget), workers, dask)
    except KhaldunError as err:
        _usage(str(err))


def _close(extractor) -> None:
    if hasattr(extractor, "close"):
        extractor.close()


@app.command()
def ingest(
    inputs: list[str] = typer.Argument(..., help="files (.txt, .html, .jsonl[.gz|.zst], .warc[.gz], .parquet, .rss), directories, URLs, or - for stdin"),
    db: str = typer.Option("khaldun.db", "--db", help=DB_HELP),
    published: Optional[str] = typer.Option(None, "--published", help="publication date for inputs that give none (YYYY-MM-DD)"),
    actors: list[Path] = typer.Option([], "--actors", help="extra actor alias files (TSV: alias, canonical, type, country)"),
    resolve_places: bool = typer.Option(True, "--gazetteer/--no-gazetteer", help="resolve places to coordinates"),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="no progress bar or summary"),
    allow_private: bool = typer.Option(False, "--allow-private", help="let URLs reach loopback and private addresses (never cloud metadata)"),
    workers: int = typer.Option(1, "--workers", "-w", help=WORKERS_HELP),
    dask: Optional[str] = typer.Option(None, "--dask", help=DASK_HELP),
    full_parse: bool = typer.Option(False, "--full-parse", help=FULL_PARSE_HELP),
    max_parse_chars: int = typer.Option(CostBudget.parse_chars, "--max-parse-chars", help=MAX_PARSE_HELP),
    max_seconds: float = typer.Option(CostBudget.seconds, "--max-seconds", help=MAX_SECONDS_HELP),
    supersede: bool = typer.Option(False, "--supersede", help="a new text under a stored id without a URL is a new version "
                                   "of that article (by default it is rejected: two inputs that share an id must not replace each other)"),
) -> None:
    """Store articles, their claims, tolls and places in the ledger and merge claims into incidents.
    An input already stored is skipped; a new text at a known URL is a new version that supersedes the old.
    Each rejected input is printed on stderr with its reason, as `extract` does."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

    from .io.readers import estimate_count

    default_date = None
    if published:
        default_date = parse_publication_date(published)
        if default_date is None:
            _usage(f"--published {published!r} is not a date; use YYYY-MM-DD")
    ledger = _open_ledger(db, create=True)
    if resolve_places:
        _gazetteer_ready(quiet)
    extractor = _engine(actors, resolve_places, workers, dask, not full_parse, _budget(max_parse_chars, max_seconds))
    ledger._extractor = extractor
    try:
        with Progress(TextColumn("ingest"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.fields[rate]}"),
                      TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn(), disable=quiet, transient=True,
                      console=_err_console()) as progress:
            task = progress.add_task("ingest", total=None if quiet else estimate_count(inputs), rate="")

            def tick(summary) -> None:
                elapsed = progress.tasks[0].elapsed or 0
                rate = f"{summary.received / elapsed:.1f} articles/s" if elapsed else ""
                progress.update(task, completed=summary.received, rate=rate)

            def rejected(item: Rejection) -> None:
                progress.console.print(item.message(), markup=False, highlight=False, soft_wrap=True)

            summary = ledger.ingest(inputs, published=default_date, on_article=tick, fetch_policy=_policy(allow_private),
                                    on_rejection=rejected, supersede=supersede)
    finally:
        _close(extractor)
        ledger.close()
    if not quiet:
        typer.echo(f"khaldun: {summary.line()}", err=True)
    raise typer.Exit(2 if summary.rejected else 0)


@app.command()
def rejections(
    db: str = typer.Option("khaldun.db", "--db", help="the ledger: a SQLite file or postgresql://USER:PASS@HOST/DB"),
    fmt: str = typer.Option("text", "--format", help="text (one line each: input, stage, reason) or jsonl"),
) -> None:
    """List the inputs the ledger rejected: which input, at which stage, and why."""
    if fmt not in ("text", "jsonl"):
        _usage(f"unknown format {fmt!r}; choose text or jsonl")
    ledger = _open_ledger(db)
    try:
        frame = ledger.rejections()
    finally:
        ledger.close()
    for row in frame.itertuples() if len(frame) else ():
        item = Rejection(origin=row.origin, stage=row.stage, reason=row.reason, article_id=row.source_id)
        if fmt == "jsonl":
            typer.echo(json.dumps({"input": row.origin, "stage": row.stage, "reason": row.reason, "article_id": row.source_id,
                                   "rejected_at": str(row.rejected_at)}, ensure_ascii=False))
        else:
            typer.echo(item.message())
    typer.echo(f"khaldun: {len(frame)} rejection(s)", err=True)


def _filters(since, until, type_, actor, near) -> dict:
    from .ledger.read import Near

    try:
        return dict(since=parse_iso(since, "--since"), until=parse_iso(until, "--until"), type=type_, actor=actor,
                    near=Near.parse(near) if near else None)
    except ValueError as err:
        _usage(str(err))
        return {}


def parse_iso(value: Optional[str], option: str):
    import datetime as dt

    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{option} {value!r} is not a date; use YYYY-MM-DD") from None


SINCE = typer.Option(None, "--since", help="from this date (YYYY-MM-DD)")
UNTIL = typer.Option(None, "--until", help="up to this date (YYYY-MM-DD)")
TYPE = typer.Option(None, "--type", help="an ACLED event type or sub-event type, or plain words (shelling, drone strike)")
ACTOR = typer.Option(None, "--actor", help="an actor named in the incident (part of the name)")
NEAR = typer.Option(None, "--near", help="LAT,LON,KM: within KM kilometres of a point")


@app.command()
def incidents(
    db: str = typer.Option("khaldun.db", "--db", help=DB_HELP),
    fmt: str = typer.Option("jsonl", "--format", help="jsonl, csv (ACLED columns) or geojson"),
    since: Optional[str] = SINCE, until: Optional[str] = UNTIL, type_: Optional[str] = TYPE,
    actor: Optional[str] = ACTOR, near: Optional[str] = NEAR,
) -> None:
    """Print the merged incidents, each with its claims side by side."""
    from .io.exports import geojson, write_acled_csv
    from .model import incident_record

    if fmt not in ("jsonl", "csv", "geojson"):
        _usage(f"unknown format {fmt!r}; choose jsonl, csv or geojson")
    filters = _filters(since, until, type_, actor, near)
    ledger = _open_ledger(db)
    found = ledger.incident_list(**filters)
    if fmt == "csv":
        write_acled_csv(found, sys.stdout)
    elif fmt == "geojson":
        sys.stdout.write(json.dumps(geojson(found), ensure_ascii=False) + "\n")
    else:
        for incident in found:
            sys.stdout.write(json.dumps(incident_record(incident), ensure_ascii=False) + "\n")
    ledger.close()


@app.command()
def export(
    db: str = typer.Option("khaldun.db", "--db", help=DB_HELP),
    fmt: str = typer.Option(..., "--format", help="acled-csv, geojson, parquet or jsonl"),
    output: Path = typer.Option(..., "-o", "--output", help="the file to write"),
    since: Optional[str] = SINCE, until: Optional[str] = UNTIL, type_: Optional[str] = TYPE,
    actor: Optional[str] = ACTOR, near: Optional[str] = NEAR,
) -> None:
    """Export incidents: ACLED-style CSV, GeoJSON, Parquet or JSON Lines."""
    from .io.exports import FORMATS
    from .io.exports import export as write

    if fmt not in FORMATS:
        _usage(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")
    filters = _filters(since, until, type_, actor, near)
    ledger = _open_ledger(db)
    n = write(ledger.incident_list(**filters), fmt, output)
    ledger.close()
    typer.echo(f"khaldun: {n} incident(s) written to {output}", err=True)


@app.command()
def tolls(
    db: str = typer.Option("khaldun.db", "--db", help=DB_HELP),
    fmt: str = typer.Option("jsonl", "--format", help="jsonl or csv"),
) -> None:
    """Print every claimant's cumulative toll series, ordered by date, with decreases and jumps flagged."""

    from .model import toll_point_record

    ledger = _open_ledger(db)
    points = ledger.toll_series()
    ledger.close()
    if fmt == "csv":
        writer = csv.DictWriter(sys.stdout, fieldnames=list(toll_point_record(points[0]).keys()) if points else ["kind"])
        writer.writeheader()
        for p in points:
            writer.writerow(toll_point_record(p))
    elif fmt == "jsonl":
        for p in points:
            sys.stdout.write(json.dumps(toll_point_record(p), ensure_ascii=False) + "\n")
    else:
        _usage(f"unknown format {fmt!r}; choose jsonl or csv")


@app.command()
def report(
    db: str = typer.Option("khaldun.db", "--db", help=DB_HELP),
    output: Path = typer.Option(Path("report.html"), "-o", "--output", help="the HTML file to write"),
    since: Optional[str] = SINCE, until: Optional[str] = UNTIL,
    title: str = typer.Option("Situation report", "--title", help="the report's title"),
) -> None:
    """Write a situation report (one self-contained HTML file): totals, a map, toll charts, contested incidents."""
    from .ledger.report import write_report

    filters = _filters(since, until, None, None, None)
    ledger = _open_ledger(db)
    write_report(ledger, output, since=filters["since"], until=filters["until"], title=title)
    ledger.close()
    typer.echo(f"khaldun: report written to {output}", err=True)


@app.command()
def serve(
    db: str = typer.Option("khaldun.db", "--db", help=DB_HELP),
    host: str = typer.Option("127.0.0.1", "--host", help="address to listen on (loopback by default)"),
    port: int = typer.Option(8000, "--port", help="port to listen on"),
    token: Optional[str] = typer.Option(None, "--token", envvar="KHALDUN_TOKEN", help="enables POST /api/ingest for clients that send it (default: read-only)"),
    tiles: Optional[str] = typer.Option(None, "--tiles", envvar="KHALDUN_TILES", help="map tile URL template, e.g. https://tile.openstreetmap.org/{z}/{x}/{y}.png (default: none, works offline)"),
    max_upload: int = typer.Option(5_000_000, "--max-upload", help="largest accepted upload, in bytes"),
) -> None:
    """Serve the analyst web app and its JSON API (OpenAPI at /openapi.json)."""
    import uvicorn

    from .web.app import WebSettings, create_app

    ledger = _open_ledger(db)
    app_ = create_app(WebSettings(db=db, token=token, tiles=tiles, max_upload=max_upload), ledger=ledger)
    shown = f"[{host}]" if ":" in host else host
    typer.echo(f"khaldun: serving {db} at http://{shown}:{port}/ ({'reviews and uploads need the token' if token else 'read-only: start with --token to review'}); "
               "Ctrl+C stops", err=True)
    uvicorn.run(app_, host=host, port=port, log_level="info", access_log=True)


review_app = typer.Typer(help="Review the ledger: verify, reject or correct claims, merge or split incidents; every action is logged.",
                         no_args_is_help=True)
app.add_typer(review_app, name="review")
REVIEWER = typer.Option(..., "--reviewer", "-r", envvar="KHALDUN_REVIEWER", help="your name, as the review log records it")
NOTE = typer.Option(None, "--note", "-n", help="why (kept in the review log)")
REVIEW_DB = typer.Option("khaldun.db", "--db", help=DB_HELP)


def _reviewing(db: str, action) -> None:
    ledger = _open_ledger(db)
    try:
        result = action(ledger)
    except KhaldunError as err:
        _usage(str(err))
    finally:
        ledger.close()
    typer.echo(json.dumps(result, ensure_ascii=False) if isinstance(result, dict) else str(result))


@review_app.command("verify")
def review_verify(claim: str = typer.Argument(..., help="the claim's id (clm-…) or a toll reading's (tol-…)"), reviewer: str = REVIEWER,
                  note: Optional[str] = NOTE, db: str = REVIEW_DB) -> None:
    """Mark a claim (or toll reading) verified."""
    _reviewing(db, lambda led: led.review(claim, reviewer, status="verified", note=note))


@review_app.command("reject")
def review_reject(claim: str = typer.Argument(..., help="the claim's id (clm-…) or a toll reading's (tol-…)"), reviewer: str = REVIEWER,
                  note: Optional[str] = NOTE, db: str = REVIEW_DB) -> None:
    """Mark a claim rejected (it stays listed, and gives its incident no figure), or a toll reading (it leaves its
    series' line)."""
    _reviewing(db, lambda led: led.review(claim, reviewer, status="rejected", note=note))


@review_app.command("correct")
def review_correct(claim: str = typer.Argument(..., help="the claim's id (clm-…) or a toll reading's (tol-…)"),
                   changes: list[str] = typer.Argument(..., help="FIELD=VALUE: claimant, actor1, actor2, type, place, latitude, longitude, date, killed, wounded; a toll's claimant, scope, date, killed, wounded, missing (an empty VALUE clears)"),
                   reviewer: str = REVIEWER, note: Optional[str] = NOTE, db: str = REVIEW_DB) -> None:
    """Correct fields of a claim or toll reading; the machine's values stay in the log and in its `reviewed`."""
    correct: dict = {}
    for change in changes:
        field, sep, value = change.partition("=")
        if not sep or not field.strip():
            _usage(f"{change!r}: write FIELD=VALUE, e.g. killed=9 or place=Kharkiv")
        value = value.strip()
        number = value.lstrip("-").replace(".", "", 1)
        correct[field.strip()] = (None if value == "" else int(value) if value.lstrip("-").isdigit()
                                  else float(value) if number.isdigit() else value)
    _reviewing(db, lambda led: led.review(claim, reviewer, correct=correct, note=note))


@review_app.command("merge")
def review_merge(into: str = typer.Argument(..., help="the incident that stays (inc-…)"),
                 other: str = typer.Argument(..., help="the incident merged into it"),
                 reviewer: str = REVIEWER, note: Optional[str] = NOTE, db: str = REVIEW_DB) -> None:
    """Merge two incidents for good (re-merging keeps them together); prints the merged incident's id."""
    _reviewing(db, lambda led: led.merge_incidents(into, other, reviewer, note=note))


@review_app.command("split")
def review_split(incident: str = typer.Argument(..., help="the incident (inc-…)"),
                 claim: str = typer.Argument(..., help="the claim to take out of it (clm-…)"),
                 reviewer: str = REVIEWER, note: Optional[str] = NOTE, db: str = REVIEW_DB) -> None:
    """Take a claim out of an incident into one of its own, for good; prints the new incident's id."""
    _reviewing(db, lambda led: led.split_claim(incident, claim, reviewer, note=note))


@review_app.command("log")
def review_log(db: str = REVIEW_DB, target: Optional[str] = typer.Option(None, "--target", help="one claim or incident id"),
               reviewer: Optional[str] = typer.Option(None, "--reviewer", help="one reviewer's actions"),
               fmt: str = typer.Option("text", "--format", help="text or jsonl")) -> None:
    """Print the review log, oldest first: when, who, what, the value before and after, the note."""
    if fmt not in ("text", "jsonl"):
        _usage(f"unknown format {fmt!r}; choose text or jsonl")
    ledger = _open_ledger(db)
    try:
        entries = ledger.review_entries(target=target, reviewer=reviewer)
    finally:
        ledger.close()
    for e in entries:
        if fmt == "jsonl":
            typer.echo(json.dumps(e, ensure_ascii=False))
            continue
        change = f" {e['field']}: {json.dumps(e['before'], ensure_ascii=False)} → {json.dumps(e['after'], ensure_ascii=False)}" if e["field"] \
            else f" {json.dumps(e['before'], ensure_ascii=False)} → {json.dumps(e['after'], ensure_ascii=False)}"
        typer.echo(printable(f"{e['at']}  {e['reviewer']}  {e['action']} {e['target']}{change}{'  — ' + e['note'] if e['note'] else ''}"))
    typer.echo(f"khaldun: {len(entries)} review action(s)", err=True)


def _gazetteer_ready(quiet: bool) -> None:
    """Build the gazetteer index before the run, saying so: on first use it takes tens of seconds."""
    from .resources.gazetteer import ensure_index, index_ready

    if index_ready():
        return
    console = _err_console()
    message = "khaldun: building the offline gazetteer index (first use only, about 30 s)…"
    if not quiet and not console.is_terminal:
        typer.echo(message, err=True)  # a log, not a spinner
    with console.status(message, spinner="dots") if not quiet and console.is_terminal else nullcontext():
        try:
            ensure_index()
        except KhaldunError as err:
            _usage(str(err))
    if not quiet:
        typer.echo("khaldun: gazetteer index built", err=True)


def _policy(allow_private: bool):
    from .io.fetch import FetchPolicy

    return FetchPolicy(allow_private=allow_private)


def _err_console():
    from rich.console import Console

    return Console(stderr=True)


rules_app = typer.Typer(help="The declared rules (rules/packs/*.toml): list them, run their examples, find those that never fire.",
                        no_args_is_help=True)
app.add_typer(rules_app, name="rules")


@rules_app.command("list")
def rules_list() -> None:
    """One rule per line: its id, then its pack, group and kind, and what it sets."""
    from .rules.engine import all_rules

    for r in all_rules():
        sets = " ".join(f"{k}={v}" for k, v in r.sets.items() if k in ("event_type", "sub_event_type", "kind"))
        typer.echo(f"{r.id}\t{r.pack}\t{r.group or '-'}\t{r.kind}\t{sets}".rstrip())


@rules_app.command("test")
def rules_test() -> None:
    """Run every rule's examples and counterexamples and the packs' lint; list what fails (exit 1 on any). The
    decision rules' examples are extracted (the model and the gazetteer), and must yield records that name them."""
    from .api import Extractor, records
    from .rules.engine import all_rules, decision_failures, lint

    rules = all_rules()
    extractor = Extractor()  # the gazetteer too: the places pack's rules say how places were placed
    kinds = ("event", "toll", "place", "attribution")
    extract = lambda text: list(records(extractor.extract(text, published="2025-01-08"), kinds))  # noqa: E731
    failures = lint(rules) + [f for r in rules for f in r.failures()] + decision_failures(rules, extract)
    for line in failures:
        typer.echo(printable(line))
    examples = sum(len(r.examples) + len(r.counterexamples) for r in rules)
    typer.echo(f"khaldun: {len(rules)} rule(s), {examples} example(s) and counterexample(s): "
               f"{'all hold' if not failures else f'{len(failures)} failure(s)'}", err=True)
    raise typer.Exit(1 if failures else 0)


@rules_app.command("coverage")
def rules_coverage(
    inputs: list[str] = typer.Argument(..., help="articles: files, folders, .jsonl (as extract reads them)"),
    as_json: bool = typer.Option(False, "--json", help="one JSON object: fired and never-fired rule ids"),
) -> None:
    """Extract the articles with every rule traced; print the ids of the rules that never fired (exit 1 if any).
    The tests run it on samples/ and tests/fixtures/rules_corpus/: every rule must fire there."""
    import os
    import subprocess

    from .rules.engine import TRACE_ENV

    command = [sys.executable, "-m", "khaldun.rules.coverage", *inputs, *(["--json"] if as_json else [])]
    raise typer.Exit(subprocess.call(command, env={**os.environ, TRACE_ENV: "1"}))


@rules_app.command("doc")
def rules_doc() -> None:
    """Print docs/rules.md (every rule, its examples and counterexamples) from the packs."""
    from .rules.engine import all_rules, markdown

    typer.echo(markdown(all_rules()), nl=False)


@app.command()
def explain(
    text: Optional[str] = typer.Argument(None, help="the text to explain (or --input FILE)"),
    input_file: Optional[Path] = typer.Option(None, "--input", help="read the text from this file"),
    published: Optional[str] = typer.Option(None, "--published", help="publication date (YYYY-MM-DD), for relative dates"),
    as_json: bool = typer.Option(False, "--json", help="one JSON object per sentence, for scripts"),
    resolve_places: bool = typer.Option(True, "--gazetteer/--no-gazetteer", help="resolve places to coordinates"),
) -> None:
    """Why the text gave its records: per sentence, the declared rules that matched, the checks that vetoed a match,
    and each record with its rule chain."""
    from .api import Extractor
    from .explain import explain as explain_text

    if (text is None) == (input_file is None):
        _usage("give a TEXT or --input FILE (one of them)")
    if input_file is not None:
        if not input_file.is_file():
            _usage(f"no such file: {input_file}")
        text = input_file.read_text(encoding="utf-8")
    try:
        day = parse_iso(published, "--published")
    except ValueError as err:
        _usage(str(err))
    try:
        sentences = explain_text(text or "", Extractor(gazetteer=resolve_places), day)
    except KhaldunError as err:
        _usage(str(err))
    if as_json:
        for s in sentences:
            typer.echo(json.dumps(s.as_dict(), ensure_ascii=False))
        return
    from rich.console import Console
    from rich.table import Table

    console = Console(highlight=False)
    for s in sentences:
        console.rule(style="dim")
        console.print(s.text, markup=False)
        if s.matches:
            table = Table(show_header=True, header_style="bold", box=None, pad_edge=False)
            for column in ("rule", "matched", "vetoed by"):
                table.add_column(column)
            for m in s.matches:
                table.add_row(m.rule_id, m.text, ", ".join(m.vetoed_by) or "")
            console.print(table)
        for r in s.records:
            what = r.get("sub_event_type") or "toll"
            figures = ", ".join(f"{r[k]} {k}" for k in ("killed", "wounded", "missing") if r.get(k) is not None)
            console.print(f"→ {r['kind']}: {what}{' (' + figures + ')' if figures else ''}; claimant {r['claimant'] or 'the outlet'}"
                          f"; rules {', '.join(r['rules'])}", markup=False)
        if not s.matches and not s.records:
            console.print("(no rule matched; no record)", style="dim")


gazetteer_app = typer.Typer(help="The offline gazetteer: build it, add GeoNames dumps, look names up.", no_args_is_help=True)
app.add_typer(gazetteer_app, name="gazetteer")


@gazetteer_app.command("build")
def gazetteer_build() -> None:
    """Build the embedded index now (otherwise the first extraction builds it)."""
    from .resources.gazetteer import ensure_index

    typer.echo(str(ensure_index()))


@gazetteer_app.command("import")
def gazetteer_import(
    files: list[Path] = typer.Argument(..., help="GeoNames dump files: country files (PS.txt, UA.txt…), allCountries.txt, alternateNamesV2.txt"),
    target: Optional[Path] = typer.Option(None, "--into", help="the user index to add to (default: $KHALDUN_DATA/gazetteer-user.sqlite)"),
) -> None:
    """Add GeoNames places (neighbourhoods, camps, villages, streets) to the user's gazetteer."""
    from .resources.gazetteer import default_user_index, import_geonames

    missing = [str(f) for f in files if not f.is_file()]
    if missing:
        _usage(f"no such file: {', '.join(missing)}")
    try:
        places, names = import_geonames(files, target)
    except KhaldunError as err:
        _usage(str(err))
    typer.echo(f"khaldun: {places} place(s) and {names} alternate name(s) added to {target or default_user_index()}")


@gazetteer_app.command("lookup")
def gazetteer_lookup(name: str = typer.Argument(..., help="a place name as written")) -> None:
    """Every gazetteer entry a name can denote (JSON lines)."""
    from dataclasses import asdict

    from .resources.gazetteer import Gazetteer

    for place in Gazetteer.open_default().lookup(name):
        typer.echo(json.dumps(asdict(place), ensure_ascii=False))


class _CsvWriter:
    def __init__(self, out) -> None:
        self.out = out
        self.writer: csv.DictWriter | None = None

    def write(self, rec: dict) -> None:
        if self.writer is None:
            names = ["kind"] + [acled for _, acled in ACLED_COLUMNS]
            extra = sorted({"as_of", "since", "scope", "missing", "source", "cue", "text", "name", "start", "end"})
            self.writer = csv.DictWriter(self.out, fieldnames=names + extra, extrasaction="ignore")
            self.writer.writeheader()
        row = {"kind": rec["kind"]}
        for ours, acled in ACLED_COLUMNS:
            if ours in rec:
                value = rec[ours]
                row[acled] = "; ".join(value) if isinstance(value, list) else value
        for key in ("as_of", "since", "scope", "missing", "source", "cue", "text", "name", "start", "end"):
            if key in rec:
                row[key] = rec[key]
        self.writer.writerow(row)


class _TableWriter:
    """Records as a readable table on a terminal, printed in batches as they come (a long run shows progress)."""

    COLUMNS = (("kind", "kind"), ("date", "event_date"), ("type", "sub_event_type"), ("where", "location"),
               ("who", "actor1"), ("to whom", "actor2"), ("killed", "killed"), ("wounded", "wounded"),
               ("claimant", "claimant"), ("article", "article_id"))

    def __init__(self, out, batch: int = 20) -> None:
        from rich.console import Console

        self.console = Console(file=out, highlight=False, soft_wrap=False)
        self.batch = batch
        self.rows: list[dict] = []

    def write(self, rec: dict) -> None:
        self.rows.append(rec)
        if len(self.rows) >= self.batch:
            self.flush()

    def flush(self) -> None:
        from rich.table import Table
        from rich.text import Text

        if not self.rows:
            return
        table = Table(show_header=True, header_style="bold", box=None, pad_edge=False)
        for title, _ in self.COLUMNS:
            table.add_column(title, justify="right" if title in ("killed", "wounded") else "left", overflow="fold")
        for rec in self.rows:
            kind = rec.get("kind", "")
            cells = []
            for _, key in self.COLUMNS:
                value = rec.get(key)
                if kind == "toll" and key == "sub_event_type":
                    value = f"toll: {rec.get('scope') or ''}".strip()
                if kind == "toll" and key == "event_date":
                    value = rec.get("as_of")
                if kind == "place" and key == "location":
                    value = rec.get("name")
                cells.append(thousands(value))
            table.add_row(*(Text(c) for c in cells))  # Text: a record's words are never read as markup
        self.console.print(table)
        self.rows = []

    def close(self) -> None:
        self.flush()
        self.console.file.flush()  # before the summary line on stderr


def _usage(message: str) -> None:
    typer.echo(f"khaldun: {message}", err=True)
    raise typer.Exit(1)


def main() -> None:  # noqa: D401
    try:
        app()
    except UsageError as err:
        typer.echo(f"khaldun: {err}", err=True)
        sys.exit(1)
    except BrokenPipeError:
        sys.exit(0)


__all__ = ["app", "main"]


if __name__ == "__main__":
    main()

"""The command line: thin wrappers over the library. Errors become messages here, and only here."""
from __future__ import annotations

import csv
import json
import sys
from pathlib import Path
from typing import Optional

import typer

from .api import KINDS, Extractor, records
from .dates import parse_publication_date
from .errors import KhaldunError, UsageError
from .readers import read_inputs
from .types import Rejection

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


@app.callback()
def _main() -> None:
    """khaldun: conflict news in, a claim-level event ledger out."""


@app.command()
def extract(
    inputs: list[str] = typer.Argument(..., help="files (.txt, .html, .jsonl), directories, or - for stdin"),
    kinds: str = typer.Option("event,toll", "--kinds", help=f"record kinds, comma-separated: {','.join(KINDS)}"),
    fmt: str = typer.Option("jsonl", "--format", help="jsonl or csv"),
    published: Optional[str] = typer.Option(None, "--published", help="publication date for inputs that give none (YYYY-MM-DD)"),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="write here instead of stdout"),
    actors: list[Path] = typer.Option([], "--actors", help="extra actor alias files (TSV: alias, canonical, type, country)"),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="no summary line on stderr"),
    resolve_places: bool = typer.Option(True, "--gazetteer/--no-gazetteer", help="resolve places to coordinates (the embedded gazetteer, built on first use)"),
) -> None:
    """Extract claim-level event records (and tolls, places, attributions) from news articles."""
    wanted = [k.strip() for k in kinds.split(",") if k.strip()]
    bad = [k for k in wanted if k not in KINDS]
    if bad or not wanted:
        _usage(f"unknown kind(s) {', '.join(bad) or '(none)'}; choose from {', '.join(KINDS)}")
    if fmt not in ("jsonl", "csv"):
        _usage(f"unknown format {fmt!r}; choose jsonl or csv")
    default_date = None
    if published:
        default_date = parse_publication_date(published)
        if default_date is None:
            _usage(f"--published {published!r} is not a date; use YYYY-MM-DD")
    try:
        extractor = Extractor(actor_files=list(actors), gazetteer=resolve_places)
    except KhaldunError as err:
        _usage(str(err))
    out = open(output, "w", encoding="utf-8", newline="") if output else sys.stdout
    writer = _CsvWriter(out) if fmt == "csv" else None
    received = rejected = written = 0

    def articles():
        nonlocal received, rejected
        for item in read_inputs(inputs, default_date):
            received += 1
            if isinstance(item, Rejection):
                rejected += 1
                typer.echo(item.message(), err=True)
                continue
            yield item

    try:
        for result in extractor.run(articles()):
            for rec in records(result, wanted):
                written += 1
                if writer:
                    writer.write(rec)
                else:
                    out.write(json.dumps(rec, ensure_ascii=False) + "\n")
    finally:
        if output:
            out.close()
    if not quiet:
        typer.echo(f"khaldun: {received} input(s): {received - rejected} read, {rejected} rejected; {written} record(s)", err=True)
    raise typer.Exit(2 if rejected else 0)


gazetteer_app = typer.Typer(help="The offline gazetteer: build it, add GeoNames dumps, look names up.", no_args_is_help=True)
app.add_typer(gazetteer_app, name="gazetteer")


@gazetteer_app.command("build")
def gazetteer_build() -> None:
    """Build the embedded index now (otherwise the first extraction builds it)."""
    from .gazetteer import ensure_index

    typer.echo(str(ensure_index()))


@gazetteer_app.command("import")
def gazetteer_import(
    files: list[Path] = typer.Argument(..., help="GeoNames dump files: country files (PS.txt, UA.txt…), allCountries.txt, alternateNamesV2.txt"),
    target: Optional[Path] = typer.Option(None, "--into", help="the user index to add to (default: $KHALDUN_DATA/gazetteer-user.sqlite)"),
) -> None:
    """Add GeoNames places (neighbourhoods, camps, villages, streets) to the user's gazetteer."""
    from .gazetteer import default_user_index, import_geonames

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

    from .gazetteer import Gazetteer

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

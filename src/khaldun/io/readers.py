"""Readers: files, directories, JSON Lines and stdin in; ``Article`` or ``Rejection`` out.

A reader never raises for a bad input: it yields a ``Rejection`` naming the input and the reason,
and goes on with the next one (principle 4).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
import hashlib
import gzip
import io
import json
import os
import re
import stat
import zlib
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any, BinaryIO, cast
from pathlib import Path

from ..stages.dates import parse_publication_date
from ..errors import EmptyInput, InputError, NotEnglish, NotText, UnreadableInput
from ..model import Article, Rejection, Role

STAGE = "read"
TEXT_SUFFIXES = {".txt", ".text", ""}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson", ".json"}
HEADER = re.compile(r"^(URL|PUBLISHED|OUTLET|TITLE):[ \t]*(.*)$")
MAX_BYTES = 20_000_000  # one .txt/.html article (after gzip)
MAX_LINE = 10_000_000  # one JSON Lines article
MAX_TEXT = 1_000_000  # characters of one article's text (spaCy's own limit)
SURROGATE = re.compile("[\ud800-\udfff]")
MAX_JSONL_BYTES = 50_000_000_000  # one JSON Lines file (or stdin), streamed

# Common English function words: an article with almost none of them is not English prose.
ENGLISH_WORDS = frozenset(
    "the of and to in a is that for on was with as by at from it said were has have are an be this which "
    "their its had been not who but or after they he she we".split()
)
WORD = re.compile(r"[^\W\d_]+")

Item = Article | Rejection


def check_article(article: Article) -> Article:
    """Raise an InputError when the text cannot be an English article."""
    text = article.text
    if not text or not text.strip():
        raise EmptyInput("the article has no text; give it a non-empty 'text'", origin=article.origin, stage=STAGE)
    if len(text) > MAX_TEXT:
        raise UnreadableInput(f"the text is longer than {MAX_TEXT:,} characters; split it into articles",
                              origin=article.origin, stage=STAGE)
    if SURROGATE.search(text):
        raise UnreadableInput("the text holds invalid Unicode (lone surrogate code points); give it as UTF-8",
                              origin=article.origin, stage=STAGE)
    sample = text[:20000]
    controls = sum(1 for c in sample if ord(c) < 32 and c not in "\n\r\t\f")
    if "\x00" in sample or controls > max(3, len(sample) // 100) or sample.count("\ufffd") > max(3, len(sample) // 50):
        raise NotText("the content is binary, not text; give the article's text or HTML", origin=article.origin, stage=STAGE)
    words = WORD.findall(sample.lower())
    if not words:
        raise NotText("the text holds no words", origin=article.origin, stage=STAGE)
    from ..stages.segment import classify  # no model: line rules only

    def tells(p) -> bool:  # a body paragraph, or a headline long enough to be a one-line report
        return p.role is Role.BODY or (p.role is Role.HEADLINE and len(WORD.findall(p.span.of(text))) >= 6)

    if not any(tells(p) for p in classify(article)):
        raise NotText("the page holds only page furniture (navigation, notices, captions, comments), no article text",
                      origin=article.origin, stage=STAGE)
    if len(words) >= 8:
        latin = sum(1 for w in words if w.isascii())
        english = sum(1 for w in words if w in ENGLISH_WORDS)
        if latin < 0.5 * len(words) or english < 0.04 * len(words):
            raise NotEnglish(
                "the text does not look like English; khaldun extracts from English articles only",
                origin=article.origin,
                stage=STAGE,
            )
    return article


def _article_id(origin: str, text: str) -> str:
    return hashlib.sha256(f"{origin}\n{text}".encode()).hexdigest()[:16]


def _date(value: object, origin: str, name: str = "'published'") -> dt.date | None:
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise UnreadableInput(f"{name} must be a date string, not {type(value).__name__}", origin=origin, stage=STAGE)
    parsed = parse_publication_date(value)
    if parsed is None:
        raise UnreadableInput(f"{name} is not a date: {value[:40]!r}; use YYYY-MM-DD", origin=origin, stage=STAGE)
    if parsed > dt.date.today() + dt.timedelta(days=1):
        raise UnreadableInput(f"{name} {parsed.isoformat()} is in the future; give the date the article appeared",
                              origin=origin, stage=STAGE)
    return parsed


def _checked(make) -> Item:
    try:
        return check_article(make())
    except InputError as err:
        return Rejection(origin=err.origin, stage=err.stage or STAGE, reason=f"[{err.code}] {err.message}")


def article_from_mapping(obj: object, origin: str, default_published: dt.date | None = None) -> Article:
    """An Article from one FORMAT.md input object."""
    if not isinstance(obj, dict):
        raise UnreadableInput("the line is not a JSON object", origin=origin, stage=STAGE)
    text = obj.get("text")
    if text is None:
        raise EmptyInput("the object has no 'text' field", origin=origin, stage=STAGE)
    if not isinstance(text, str):
        raise UnreadableInput(f"'text' must be a string, not {type(text).__name__}", origin=origin, stage=STAGE)
    art_id = obj.get("id")
    if art_id is not None and not isinstance(art_id, (str, int)):
        raise UnreadableInput("'id' must be a string", origin=origin, stage=STAGE)
    fields = {}
    for key in ("url", "outlet", "title"):
        value = obj.get(key)
        fields[key] = value if isinstance(value, str) and value.strip() else None
    published = _date(obj.get("published"), origin) or default_published
    return Article(
        id=str(art_id) if art_id is not None else _article_id(origin, text),
        text=text,
        published=published,
        origin=origin if art_id is None else f"{origin} (id {art_id})",
        **fields,
    )


def _unique(obj: object, where: str, default_published: dt.date | None, seen: dict[str, str], place: str) -> Item:
    """An input object as an Article, or a Rejection when it is bad or repeats an id given earlier in the same
    input (``seen``: id → where it came first, e.g. "on line 3")."""
    item = _checked(lambda: article_from_mapping(obj, where, default_published))
    if isinstance(item, Article) and isinstance(obj, dict) and obj.get("id") is not None:
        if item.id in seen:
            return Rejection(origin=where, stage=STAGE, article_id=item.id, reason=f"[{UnreadableInput.code}] duplicate "
                             f"id {item.id[:60]!r}, first {seen[item.id]}; give each article its own id")
        seen[item.id] = place
    return item


@dataclass(frozen=True)
class BadLine:
    """A JSON Lines line that could not even be read as text (not UTF-8, or over the line cap), with why."""

    reason: str


LONG_LINE = BadLine(f"the line is longer than {MAX_LINE // 1_000_000} MB; an article's text must be smaller")
NOT_UTF8 = BadLine("the line is not valid UTF-8; JSON Lines must be UTF-8")


def jsonl_split(text: str) -> list[str]:
    """JSON Lines split where JSON Lines end: at \n (a \r before it dropped), never at the other characters that
    ``str.splitlines`` takes for line breaks (U+2028, U+2029, U+0085, \v, \f…), which JSON allows raw in strings."""
    return [line[:-1] if line.endswith("\r") else line for line in text.split("\n")]


def _json_reason(err: Exception) -> str:
    if isinstance(err, json.JSONDecodeError):
        return f"invalid JSON: {err.msg}"
    if isinstance(err, RecursionError):
        return "JSON nested too deeply"
    if "integer string conversion" in str(err):  # Python refuses ints of more than 4,300 digits
        return "a number in the line has more than 4,300 digits"
    return f"invalid JSON: {str(err)[:80]}"


def read_jsonl_lines(lines: Iterable[str | BadLine], origin: str, default_published: dt.date | None = None) -> Iterator[Item]:
    """One article per line; a bad line is a rejection and the next line goes on. An id seen earlier in the
    same input is rejected (two articles must not share an id)."""
    seen: dict[str, str] = {}
    for number, line in enumerate(lines, 1):
        where = f"{origin}:{number}"
        if isinstance(line, BadLine):
            yield Rejection(origin=where, stage=STAGE, reason=f"[{UnreadableInput.code}] {line.reason}")
            continue
        if not line.strip():
            continue
        if len(line) > MAX_LINE:
            yield Rejection(origin=where, stage=STAGE, reason=f"[{UnreadableInput.code}] {LONG_LINE.reason}")
            continue
        try:
            obj = json.loads(line)
        except (ValueError, RecursionError) as err:  # ValueError: JSONDecodeError, and ints past Python's digit limit
            yield Rejection(origin=where, stage=STAGE, reason=f"[{UnreadableInput.code}] {_json_reason(err)}")
            continue
        yield _unique(obj, where, default_published, seen, f"on line {number}")


def parse_text_file(raw: str, origin: str, default_published: dt.date | None = None) -> Article:
    """A .txt article: optional ``URL:``/``PUBLISHED:``/``OUTLET:``/``TITLE:`` lines, a blank line, the text."""
    lines = raw.split("\n")
    meta: dict[str, str | None] = {}
    i = 0
    while i < len(lines) and HEADER.match(lines[i]):
        key, value = HEADER.match(lines[i]).groups()  # type: ignore[union-attr]
        value = value.strip()
        meta[key.lower()] = None if value.lower() in ("", "unknown", "none", "null") else value
        i += 1
    if meta and i < len(lines) and not lines[i].strip():
        i += 1
    text = "\n".join(lines[i:])
    return Article(
        id=Path(origin).stem or _article_id(origin, text),
        text=text,
        published=_date(meta.get("published"), origin) or default_published,
        url=meta.get("url"),
        outlet=meta.get("outlet"),
        title=meta.get("title"),
        origin=origin,
    )


def parse_html(raw: str, origin: str, default_published: dt.date | None = None) -> Article:
    """An HTML page through trafilatura: main text without comments; title, date and site kept."""
    import trafilatura

    doc: Any = trafilatura.bare_extraction(raw, include_comments=False, with_metadata=True, favor_precision=False)
    if doc is None:
        raise NotText("no article text could be found in the HTML", origin=origin, stage=STAGE)
    body = doc.text or ""
    title = doc.title or None
    text = f"{title}\n\n{body}" if title and body and not body.startswith(title) else body
    published = None
    if doc.date:
        published = parse_publication_date(doc.date)
    return Article(
        id=Path(origin).stem or _article_id(origin, text),
        text=text,
        published=published or default_published,
        url=doc.url or None,
        outlet=doc.sitename or None,
        title=title,
        origin=origin,
    )


def _decode(data: bytes, origin: str) -> str:
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):  # UTF-16 with its byte-order mark
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as err:
            raise UnreadableInput(f"the file claims UTF-16 but is not ({err.reason})", origin=origin, stage=STAGE) from err
    if b"\x00" in data[:8192]:
        raise NotText("the file is binary, not text", origin=origin, stage=STAGE)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError as err:
            raise UnreadableInput(f"the file is neither UTF-8 nor Windows-1252 text ({err.reason})", origin=origin, stage=STAGE) from err


def looks_like_html(raw: str) -> bool:
    head = raw[:2000].lstrip().lower()
    return head.startswith(("<!doctype html", "<html")) or ("<body" in head and "</" in raw[:20000])


COMPRESSED = {".gz": "gzip", ".zst": "zstd", ".zstd": "zstd"}
WARC_SUFFIXES = {".warc", ".arc"}
PARQUET_SUFFIXES = {".parquet", ".pq"}
FEED_SUFFIXES = {".rss", ".atom"}


class _ZstdFrames(io.RawIOBase):
    """Zstandard frames decompressed one after another; unlike zstandard's stream reader, a file that ends
    inside a frame is an error, not a quiet end (a truncated archive must not pass for a short one)."""

    def __init__(self, raw: BinaryIO) -> None:
        import zstandard

        self._zstd, self._raw, self._pending = zstandard, raw, b""
        self._dobj = zstandard.ZstdDecompressor().decompressobj()
        self._started = False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        while not self._pending:
            chunk = self._raw.read(1 << 16)
            if not chunk:
                if self._started and not self._dobj.eof:
                    raise self._zstd.ZstdError("the file ends inside a frame")
                return 0
            while chunk:
                if self._dobj.eof:  # the next frame
                    self._dobj = self._zstd.ZstdDecompressor().decompressobj()
                self._started = True
                self._pending += self._dobj.decompress(chunk)
                chunk = self._dobj.unused_data if self._dobj.eof else b""
        n = min(len(buffer), len(self._pending))
        buffer[:n] = self._pending[:n]
        self._pending = self._pending[n:]
        return n


@contextmanager
def _binary(path: Path, origin: str) -> Iterator[BinaryIO]:
    """The file as a binary stream, decompressed on the fly when it is gzip or Zstandard; a truncated or corrupt
    archive becomes an UnreadableInput naming it."""
    codec = COMPRESSED.get(path.suffix.lower())
    try:
        with open(path, "rb") as raw:
            if codec == "gzip":
                with gzip.open(raw, "rb") as f:
                    yield cast(BinaryIO, f)
            elif codec == "zstd":
                with io.BufferedReader(_ZstdFrames(raw), buffer_size=1 << 20) as f:
                    yield f
            else:
                yield raw
    except (EOFError, gzip.BadGzipFile, zlib.error) as err:
        raise UnreadableInput(f"the gzip file is truncated or corrupt ({err.__class__.__name__})", origin=origin, stage=STAGE) from err
    except Exception as err:
        if err.__class__.__name__ == "ZstdError":
            raise UnreadableInput(f"the Zstandard file is truncated or corrupt ({err})", origin=origin, stage=STAGE) from err
        raise


def _open_bytes(path: Path, origin: str, limit: int) -> bytes:
    """The file's bytes (decompressed when it is gzip or Zstandard), refusing more than ``limit`` while reading:
    a decompression bomb, or a file that yields more than its size says (/proc, a growing file), stops at the cap."""
    codec = COMPRESSED.get(path.suffix.lower())
    if codec is None and path.stat().st_size > limit:
        raise UnreadableInput(f"the file is larger than {limit // 1_000_000} MB; split it", origin=origin, stage=STAGE)
    data = bytearray()
    with _binary(path, origin) as f:
        while chunk := f.read(1 << 20):
            data.extend(chunk)
            if len(data) > limit:
                what = f"the {codec} file decompresses to" if codec else "the file yields"
                raise UnreadableInput(f"{what} more than {limit // 1_000_000} MB; split it", origin=origin, stage=STAGE)
    return bytes(data)


def _kind_suffix(path: Path) -> str:
    suffixes = [x.lower() for x in path.suffixes]
    if suffixes and suffixes[-1] in COMPRESSED:
        suffixes = suffixes[:-1]
    return suffixes[-1] if suffixes else ""


def capped_lines(f: BinaryIO, origin: str, total: int = 0) -> Iterator[str | BadLine]:
    """JSON Lines from a binary stream, split at b"\\n" only, each line decoded on its own. No line is ever held
    past the line cap: an over-long line is read on in 1 MB pieces that are dropped, then reported as a BadLine, so
    a 2 GB line (a few kB gzipped) costs no more memory than a short one. ``total``: bytes already read."""
    while raw := f.readline(MAX_LINE + 1):
        first = total == 0
        total += len(raw)
        if len(raw) > MAX_LINE and not raw.endswith(b"\n"):
            while (rest := f.readline(1 << 20)) and not rest.endswith(b"\n"):
                total += len(rest)
                _check_total(total, origin)
            total += len(rest)
            yield LONG_LINE
            continue
        _check_total(total, origin)
        try:
            yield raw.decode("utf-8-sig") if first else raw.decode("utf-8")
        except UnicodeDecodeError:
            yield NOT_UTF8


def _check_total(total: int, origin: str) -> None:
    if total > MAX_JSONL_BYTES:
        raise UnreadableInput(f"the input holds more than {MAX_JSONL_BYTES // 1_000_000_000} GB; split it",
                              origin=origin, stage=STAGE)


def _jsonl_lines(path: Path, origin: str) -> Iterator[str | BadLine]:
    """A JSON Lines file line by line (plain, gzip or Zstandard), never whole in memory."""
    with _binary(path, origin) as f:
        yield from capped_lines(f, origin)


def read_warc(path: Path, origin: str, default_published: dt.date | None = None) -> Iterator[Item]:
    """A WARC file (plain or gzip, streamed with warcio): each HTML or text response (HTTP 200) or resource record
    is one article, its URL the record's target and, when the page states no date, its capture date the
    publication date. Other records (requests, metadata, redirects, images) are not articles and are passed over."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    kept = 0
    try:
        with open(path, "rb") as f:
            records = ArchiveIterator(f)
            for record in records:
                if record.rec_type not in ("response", "resource"):
                    continue
                url = record.rec_headers.get_header("WARC-Target-URI") or None
                if record.rec_type == "response":
                    status = record.http_headers.get_statuscode() if record.http_headers else None
                    ctype = (record.http_headers.get_header("Content-Type") or "") if record.http_headers else ""
                    if status != "200":
                        continue
                else:
                    ctype = record.rec_headers.get_header("Content-Type") or ""
                ctype = ctype.split(";")[0].strip().lower()
                if ctype not in ("text/html", "application/xhtml+xml", "text/plain"):
                    continue
                kept += 1
                body = record.content_stream().read(MAX_BYTES + 1)
                cut = getattr(record.raw_stream, "limit", 0) > 0 and len(body) <= MAX_BYTES  # fewer bytes than declared
                where = f"{origin}@{records.get_record_offset()}"  # warcio reads to the record's end for this: after the body
                if cut:
                    yield Rejection(origin=where, stage=STAGE, reason=f"[{UnreadableInput.code}] the WARC file ends inside this "
                                    "record (truncated); the records before it were read")
                    return
                if len(body) > MAX_BYTES:
                    yield Rejection(origin=where, stage=STAGE, reason=f"[{UnreadableInput.code}] the record is larger than "
                                    f"{MAX_BYTES // 1_000_000} MB")
                    continue
                try:
                    captured = _date((record.rec_headers.get_header("WARC-Date") or "")[:10], where, "the record's WARC-Date")
                    raw = _decode(body, where)
                except InputError as err:
                    yield Rejection(origin=where, stage=STAGE, reason=f"[{err.code}] {err.message}")
                    continue
                for item in read_string(raw, where, ".html" if "html" in ctype else ".txt", default_published or captured):
                    if isinstance(item, Article):  # the record's place in the archive names it; its URL is its address
                        item = replace(item, id=f"{path.name}@{records.get_record_offset()}", url=item.url or url)
                    yield item
    except ArchiveLoadFailed as err:
        yield Rejection(origin=origin, stage=STAGE, reason=f"[{UnreadableInput.code}] not a readable WARC file: {str(err)[:160]}")
        return
    except Exception as err:  # noqa: BLE001 - warcio raises many kinds (EOFError, zlib.error, AttributeError…) on damage
        yield Rejection(origin=origin, stage=STAGE, reason=f"[{UnreadableInput.code}] the WARC file is truncated or corrupt "
                        f"({err.__class__.__name__}); the records before the damage were read")
        return
    if path.suffix.lower() == ".gz" and not _gzip_intact(path):  # warcio ends quietly at a cut gzip member
        yield Rejection(origin=origin, stage=STAGE, reason=f"[{UnreadableInput.code}] the WARC file is truncated or corrupt "
                        "(its gzip stream is cut or damaged); the records before the damage were read")
        return
    if not kept:
        yield Rejection(origin=origin, stage=STAGE, reason=f"[{EmptyInput.code}] the WARC file holds no HTML or text response")


def _gzip_intact(path: Path) -> bool:
    """Whether a gzip file (any number of members) decompresses to its end: one streamed pass, output dropped."""
    try:
        with gzip.open(path, "rb") as f:
            while f.read(1 << 20):
                pass
    except (EOFError, OSError, zlib.error):
        return False
    return True


PARQUET_FIELDS = ("id", "text", "published", "url", "outlet", "title")


def read_parquet(path: Path, origin: str, default_published: dt.date | None = None) -> Iterator[Item]:
    """A Parquet file with FORMAT.md's input columns (``text`` required; id, published, url, outlet, title),
    read in row batches so a large file is never whole in memory."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        pf = pq.ParquetFile(path)
    except (pa.ArrowInvalid, OSError) as err:
        yield Rejection(origin=origin, stage=STAGE, reason=f"[{UnreadableInput.code}] not a readable Parquet file: {str(err)[:160]}")
        return
    columns = [c for c in PARQUET_FIELDS if c in pf.schema_arrow.names]
    if "text" not in columns:
        yield Rejection(origin=origin, stage=STAGE, reason=f"[{EmptyInput.code}] the Parquet file has no 'text' column "
                        f"(columns: {', '.join(pf.schema_arrow.names[:12])})")
        return
    row = 0
    seen: dict[str, str] = {}
    try:
        for batch in pf.iter_batches(batch_size=512, columns=columns):
            for obj in _parquet_rows(batch):
                row += 1
                where = f"{origin}#row{row}"
                if isinstance(obj, BadLine):
                    yield Rejection(origin=where, stage=STAGE, reason=f"[{UnreadableInput.code}] {obj.reason}")
                    continue
                if isinstance(obj.get("published"), (dt.date, dt.datetime)):
                    obj["published"] = obj["published"].isoformat()
                if obj.get("text") is None:
                    yield Rejection(origin=where, stage=STAGE, reason=f"[{EmptyInput.code}] the row's 'text' is null")
                    continue
                yield _unique(obj, where, default_published, seen, f"in row {row}")
    except (pa.ArrowInvalid, OSError) as err:
        yield Rejection(origin=origin, stage=STAGE, reason=f"[{UnreadableInput.code}] the Parquet file is damaged after row {row}: {str(err)[:160]}")
        return
    if not row:
        yield Rejection(origin=origin, stage=STAGE, reason=f"[{EmptyInput.code}] the Parquet file holds no rows")


def _parquet_rows(batch) -> Iterator[dict | BadLine]:
    """A record batch's rows as dicts; when a value has no Python form (a date past year 9999 or before year 1),
    the batch is converted row by row and only the rows that fail are BadLines."""
    try:
        yield from batch.to_pylist()
        return
    except (OverflowError, ValueError):
        pass
    for i in range(batch.num_rows):
        try:
            yield batch.slice(i, 1).to_pylist()[0]
        except (OverflowError, ValueError) as err:
            yield BadLine(f"the row holds a value Python cannot represent (a date out of range?): {str(err)[:80]}")


SPECIAL_KINDS = ((stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISCHR, "a character device"),
                 (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"))


def _special_kind(mode: int) -> str | None:
    """What a path that is neither a regular file nor a directory is ("a FIFO"...): such paths are refused by type,
    before opening (opening a FIFO blocks for ever; /dev/zero never ends)."""
    return next((what for test, what in SPECIAL_KINDS if test(mode)), None if stat.S_ISREG(mode) or stat.S_ISDIR(mode) else "not a regular file")


def _files_in(folder: Path) -> list[Path]:
    """A directory's files, recursively, sorted; hidden files left out. Special files (FIFOs, sockets, devices)
    are listed too, so that each is refused with its reason rather than passed over in silence."""
    return sorted(p for p in folder.rglob("*") if not p.is_dir() and not p.name.startswith("."))


def read_path(path: Path, default_published: dt.date | None = None, fetch_policy=None) -> Iterator[Item]:
    """One file or a directory (recursively, sorted) of .txt, .html and .jsonl files (each optionally gzip or
    Zstandard), WARC files, Parquet files and RSS/Atom feed files."""
    origin = str(path)
    if path.is_dir():
        children = _files_in(path)
        if not children:
            yield Rejection(origin=origin, stage=STAGE, reason=f"[{EmptyInput.code}] the directory holds no files")
        for child in children:
            yield from read_path(child, default_published, fetch_policy)
        return
    try:
        mode = os.stat(path).st_mode
    except (FileNotFoundError, NotADirectoryError):
        yield Rejection(origin=origin, stage=STAGE, reason=f"[{UnreadableInput.code}] no such file")
        return
    except OSError as err:
        yield Rejection(origin=origin, stage=STAGE, reason=f"[{UnreadableInput.code}] cannot read: {err.strerror or err}")
        return
    special = _special_kind(mode)
    if special:
        yield Rejection(origin=origin, stage=STAGE, reason=f"[{UnreadableInput.code}] the path is {special}, not a file; "
                        "give a regular file (or '-' to read standard input)")
        return
    kind = _kind_suffix(path)
    if kind in WARC_SUFFIXES:
        yield from read_warc(path, origin, default_published)
        return
    if kind in PARQUET_SUFFIXES:
        yield from read_parquet(path, origin, default_published)
        return
    try:
        if kind in JSONL_SUFFIXES:
            lines = _jsonl_lines(path, origin)
            count = 0
            for item in read_jsonl_lines(lines, origin, default_published):
                count += 1
                yield item
            if not count:
                yield Rejection(origin=origin, stage=STAGE, reason=f"[{EmptyInput.code}] the file holds no articles (no non-empty line)")
            return
        raw = _decode(_open_bytes(path, origin, MAX_BYTES), origin)
    except FileNotFoundError:
        yield Rejection(origin=origin, stage=STAGE, reason=f"[{UnreadableInput.code}] no such file")
        return
    except (IsADirectoryError, PermissionError, OSError) as err:
        yield Rejection(origin=origin, stage=STAGE, reason=f"[{UnreadableInput.code}] cannot read: {getattr(err, 'strerror', None) or err}")
        return
    except InputError as err:
        yield Rejection(origin=origin, stage=STAGE, reason=f"[{err.code}] {err.message}")
        return
    if kind in FEED_SUFFIXES or (kind == ".xml" and _is_feed("application/xml", raw)):
        yield from read_feed(raw, origin, default_published, fetch_policy)
        return
    yield from read_string(raw, origin, kind, default_published)



def read_string(raw: str, origin: str, suffix: str = "", default_published: dt.date | None = None) -> Iterator[Item]:
    if suffix in JSONL_SUFFIXES or (suffix == "" and raw.lstrip().startswith("{")):
        yield from read_jsonl_lines(jsonl_split(raw), origin, default_published)
    elif suffix in HTML_SUFFIXES or looks_like_html(raw):
        yield _checked(lambda: parse_html(raw, origin, default_published))
    else:
        yield _checked(lambda: parse_text_file(raw, origin, default_published))


MAX_FEED_ENTRIES = 500


def _is_feed(content_type: str, raw: str) -> bool:
    head = raw[:1000].lstrip().lower()
    return content_type in ("application/rss+xml", "application/atom+xml") or (
        content_type in ("application/xml", "text/xml") and ("<rss" in head or "<feed" in head))


def read_feed(raw: str, origin: str, default_published: dt.date | None = None, policy=None) -> Iterator[Item]:
    """An RSS or Atom feed: each entry's link fetched under the same policy (one level: feeds in feeds are not
    followed); the entry's date is the article's publication date when the page gives none."""
    import feedparser

    parsed = feedparser.parse(raw)
    entries = parsed.entries[:MAX_FEED_ENTRIES]
    if not entries:
        yield Rejection(origin=origin, stage=STAGE, reason=f"[{EmptyInput.code}] the feed holds no entries")
        return
    for number, entry in enumerate(entries, 1):
        link = entry.get("link") or ""
        when = entry.get("published_parsed") or entry.get("updated_parsed")
        published = dt.date(when.tm_year, when.tm_mon, when.tm_mday) if when else default_published
        if not link.startswith(("http://", "https://")):
            yield Rejection(origin=f"{origin}#entry{number}", stage=STAGE,
                            reason=f"[{UnreadableInput.code}] the feed entry has no http(s) link")
            continue
        yield from read_url(link, published, policy, follow_feeds=False)


def read_url(url: str, default_published: dt.date | None = None, policy=None, follow_feeds: bool = True) -> Iterator[Item]:
    """An article fetched by URL under the fetch policy (khaldun.io.fetch); a refusal is a rejection with its reason."""
    from .fetch import FetchPolicy, fetch

    try:
        page = fetch(url, policy or FetchPolicy())
        raw = _decode(page.body, url)
    except InputError as err:
        yield Rejection(origin=url, stage=err.stage or "fetch", reason=f"[{err.code}] {err.message}")
        return
    if _is_feed(page.content_type, raw):
        if not follow_feeds:
            yield Rejection(origin=url, stage="fetch", reason=f"[{UnreadableInput.code}] a feed inside a feed is not followed")
            return
        yield from read_feed(raw, url, default_published, policy)
        return
    suffix = ".html" if "html" in page.content_type else ".jsonl" if "json" in page.content_type else ".txt"
    for item in read_string(raw, url, suffix, default_published):
        if isinstance(item, Article) and not item.url:
            item = replace(item, url=page.final_url)
        yield item


def read_inputs(inputs: Iterable[str], default_published: dt.date | None = None, fetch_policy=None) -> Iterator[Item]:
    """Every input named on a command line: paths, directories, http(s) URLs, or '-' for stdin."""
    for name in inputs:
        if name.startswith(("http://", "https://")):
            yield from read_url(name, default_published, fetch_policy)
            continue
        if name == "-":
            yield from read_stream(sys.stdin.buffer, "stdin", default_published)
        else:
            yield from read_path(Path(name), default_published, fetch_policy)


def read_stream(stream: BinaryIO, origin: str, default_published: dt.date | None = None) -> Iterator[Item]:
    """A byte stream (standard input), streamed: JSON Lines when its first non-blank line opens an object, read line
    by line under the line cap like a file; otherwise one text or HTML article, read up to the file cap."""
    head: list[bytes] = []
    while (line := stream.readline(MAX_LINE + 1)) and not line.strip():
        head.append(line)  # leading blank lines keep their numbers
    if line.lstrip(b"\xef\xbb\xbf \t\r").startswith(b"{"):
        chained = io.BufferedReader(_Chain(head + [line], stream), buffer_size=1 << 16)
        yield from read_jsonl_lines(capped_lines(chained, origin), origin, default_published)
        return
    data = bytearray(b"".join(head) + line)
    while len(data) <= MAX_BYTES and (chunk := stream.read(1 << 20)):
        data.extend(chunk)
    if len(data) > MAX_BYTES:
        yield Rejection(origin=origin, stage=STAGE, reason=f"[{UnreadableInput.code}] the input holds more than "
                        f"{MAX_BYTES // 1_000_000} MB of text that is not JSON Lines; give one article, or JSON Lines for many")
        return
    if not data.strip():
        yield Rejection(origin=origin, stage=STAGE, reason=f"[{EmptyInput.code}] the input is empty")
        return
    try:
        raw = _decode(bytes(data), origin)
    except InputError as err:
        yield Rejection(origin=origin, stage=STAGE, reason=f"[{err.code}] {err.message}")
        return
    yield from read_string(raw, origin, "", default_published)


class _Chain(io.RawIOBase):
    """Bytes already read, then the rest of the stream: the stream as it was before its first lines were peeked."""

    def __init__(self, first: list[bytes], rest: BinaryIO) -> None:
        self._first, self._rest = b"".join(first), rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        if self._first:
            n = min(len(buffer), len(self._first))
            buffer[:n] = self._first[:n]
            self._first = self._first[n:]
            return n
        chunk = self._rest.read(len(buffer))
        buffer[: len(chunk)] = chunk
        return len(chunk)


def estimate_count(inputs: Iterable[str], budget_bytes: int = 2_000_000_000) -> int | None:
    """How many articles the inputs hold, for a progress bar's ETA: JSON Lines lines counted (within a budget of
    bytes read), Parquet rows from its footer, one per other file; None when it cannot be known cheaply (URLs,
    feeds, WARC, stdin, or more than the budget)."""
    total, read = 0, 0
    paths: list[Path] = []
    for name in inputs:
        if name == "-" or name.startswith(("http://", "https://")):
            return None
        path = Path(name)
        paths.extend(_files_in(path) if path.is_dir() else [path])
    for path in paths:
        kind = _kind_suffix(path)
        if not path.is_file():  # a FIFO or device is refused by the reader: never opened here
            total += 1
            continue
        try:
            if kind in WARC_SUFFIXES or kind in FEED_SUFFIXES or kind == ".xml":
                return None
            if kind in PARQUET_SUFFIXES:
                import pyarrow.parquet as pq

                total += pq.ParquetFile(path).metadata.num_rows
            elif kind in JSONL_SUFFIXES:
                with _binary(path, str(path)) as f:
                    while chunk := f.read(1 << 22):
                        total += chunk.count(b"\n")
                        read += len(chunk)
                        if read > budget_bytes:
                            return None
            else:
                total += 1
        except Exception:  # noqa: BLE001 - an estimate only: the reader reports the real problem
            continue
    return total

"""The ledger's store: SQLAlchemy 2 tables, opened on a SQLite file (WAL) or a PostgreSQL URL.

The schema is created and upgraded only by the Alembic migrations in ``khaldun/ledger/migrations`` (the tables
below are their mirror, which a test compares). Nothing connects at import time: ``Store.open`` does.
"""
from __future__ import annotations

import datetime as dt
import os
from contextlib import contextmanager
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    Engine,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    create_engine,
    event,
    false,
    text,
)
from sqlalchemy.engine import Connection
from sqlalchemy.exc import SQLAlchemyError

from ..errors import StoreError

metadata = MetaData()

articles = Table(
    "articles", metadata,
    Column("id", Integer, primary_key=True),
    Column("source_id", String(512), nullable=False),  # the input's own id
    Column("version_key", String(2048), nullable=False),  # the URL, or the id when there is none
    Column("version", Integer, nullable=False),
    Column("current", Boolean, nullable=False),  # False once a newer version of the same URL arrives
    Column("content_hash", String(64), nullable=False),
    Column("url", Text), Column("outlet", Text), Column("title", Text), Column("published", Date),
    Column("origin", Text), Column("text", Text, nullable=False),
    Column("ingested_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("content_hash", name="uq_articles_content_hash"),
    Index("ix_articles_version_key", "version_key"),
    Index("ix_articles_source_id", "source_id"),
)

INCIDENT_PREFIX = "inc-"  # incidents' public ids: "inc-" and 12 hex digits (a ledger before 0007: "inc-" and the row)

incidents = Table(
    "incidents", metadata,
    Column("id", Integer, primary_key=True),
    Column("anchor_date", Date, nullable=False),  # the event date, or the publication date: merging blocks on it
    Column("family", String(64), nullable=False),
    Column("event_type", String(64), nullable=False), Column("sub_event_type", String(64), nullable=False),
    Column("event_date", Date), Column("location", Text), Column("admin1", Text), Column("country", String(8)),
    Column("latitude", Float), Column("longitude", Float),
    Column("killed", Integer), Column("wounded", Integer),
    Column("killed_low", Integer), Column("killed_best", Integer), Column("killed_high", Integer),
    Column("wounded_low", Integer), Column("wounded_best", Integer), Column("wounded_high", Integer),
    Column("contested", Boolean, nullable=False), Column("rule", String(32), nullable=False),
    Column("actors", Text, nullable=False),  # JSON list
    Column("claim_count", Integer, nullable=False), Column("article_count", Integer, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    # 0007/0008: the public id, "inc-" and the hex digits of the least of its active claims' stable keys, so that the
    # same articles in any order, and a new version of an article that keeps its sentences, give the same ids
    Column("key", String(32)),
    Index("ix_incidents_anchor", "anchor_date", "family"),
    Index("ix_incidents_event_date", "event_date"),
    Index("ix_incidents_key", "key"),
)

claims = Table(
    "claims", metadata,
    Column("id", Integer, primary_key=True),
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("seq", Integer, nullable=False),
    Column("active", Boolean, nullable=False),  # False when a newer version of its article superseded it
    Column("incident_id", Integer, ForeignKey("incidents.id", ondelete="SET NULL")),
    Column("anchor_date", Date, nullable=False),
    Column("family", String(64), nullable=False),
    Column("evidence", Text, nullable=False), Column("evidence_start", Integer, nullable=False),
    Column("evidence_end", Integer, nullable=False),
    Column("evidence_in", String(8), nullable=False, server_default="text"),  # 0003: "title" for headline claims
    Column("rules", Text, nullable=False, server_default="[]"),  # 0004: the declared rules that made it (JSON list)
    Column("counts", Text, nullable=False, server_default="[]"),  # 0005: the figures read and whom each denotes (JSON)
    Column("claimant", Text), Column("via", Text, nullable=False), Column("verb", Text),
    Column("event_date", Date), Column("time_precision", Integer),
    Column("event_type", String(64), nullable=False), Column("sub_event_type", String(64), nullable=False),
    Column("actor1", Text), Column("actor2", Text),
    Column("date_stated", Boolean, nullable=False, server_default=false()),  # 0002: not the publication date's
    Column("location", Text), Column("admin1", Text), Column("country", String(8)),
    Column("latitude", Float), Column("longitude", Float), Column("geo_precision", Integer),
    Column("geonames_id", Integer),
    Column("killed", Integer), Column("wounded", Integer), Column("casualty_group", String(32)),
    Column("number_text", Text), Column("weapon", Text), Column("weapon_kind", String(64)),
    Column("hedged", Boolean, nullable=False),
    Column("terms", Text, nullable=False),  # the evidence's salient words, space-separated: merging compares them
    # 0008: the stable id a review follows across versions of the article, the review's status, the machine's
    # values of the fields a reviewer corrected (JSON), and the pin that keeps a merge or split by hand
    Column("key", String(32)), Column("review_status", String(16)), Column("reviewed", Text), Column("pin", String(32)),
    # 0009: told as background (an earlier event the article recalls): joins another account's incident, feeds no figure
    Column("background", Boolean, nullable=False, server_default=false()),
    UniqueConstraint("article_id", "seq", name="uq_claims_article_seq"),
    Index("ix_claims_incident", "incident_id"),
    Index("ix_claims_event_date", "event_date"),
    Index("ix_claims_key", "key"),
    Index("ix_claims_pin", "pin"),
)

# 0008: the review state of a claim or toll reading by its key, re-applied when a new version of its article is stored
claim_reviews = Table(
    "claim_reviews", metadata,
    Column("key", String(32), primary_key=True),
    Column("version_key", String(2048), nullable=False),
    Column("evidence", Text, nullable=False),  # the evidence reviewed: a new version without it flags the review
    Column("status", String(16)),
    Column("corrections", Text, nullable=False, server_default="{}"),  # JSON: field -> the reviewer's value
    Column("pin", String(32)),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Index("ix_claim_reviews_version_key", "version_key"),
)

# 0008: every review action, appended, never changed
review_log = Table(
    "review_log", metadata,
    Column("id", Integer, primary_key=True),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("reviewer", Text, nullable=False),
    Column("action", String(16), nullable=False),  # verify, reject, correct, merge, split, flag
    Column("target", String(64), nullable=False),  # a claim's key or an incident's id
    Column("field", String(32)),
    Column("before", Text), Column("after", Text),  # JSON values
    Column("note", Text),
    Index("ix_review_log_target", "target"),
)

tolls = Table(
    "tolls", metadata,
    Column("id", Integer, primary_key=True),
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("seq", Integer, nullable=False),
    Column("active", Boolean, nullable=False),
    Column("evidence", Text, nullable=False), Column("evidence_start", Integer, nullable=False),
    Column("evidence_end", Integer, nullable=False),
    Column("evidence_in", String(8), nullable=False, server_default="text"),  # 0003
    Column("rules", Text, nullable=False, server_default="[]"),  # 0004
    Column("claimant", Text), Column("via", Text, nullable=False), Column("verb", Text),
    Column("killed", Integer), Column("wounded", Integer), Column("missing", Integer),
    Column("as_of", Date), Column("since", Date), Column("scope", Text, nullable=False),
    Column("number_text", Text),
    Column("key", String(32)), Column("review_status", String(16)), Column("reviewed", Text),  # 0008, as claims'
    UniqueConstraint("article_id", "seq", name="uq_tolls_article_seq"),
    Index("ix_tolls_series", "claimant", "scope", "as_of"),
    Index("ix_tolls_key", "key"),
)

places = Table(
    "places", metadata,
    Column("id", Integer, primary_key=True),
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("seq", Integer, nullable=False),
    Column("text", Text, nullable=False), Column("start", Integer, nullable=False), Column("end", Integer, nullable=False),
    Column("name", Text, nullable=False), Column("feature", String(32), nullable=False), Column("relation", String(32)),
    Column("locative", Boolean, nullable=False),
    Column("latitude", Float), Column("longitude", Float), Column("geonames_id", Integer),
    Column("country", String(8)), Column("admin1", Text),
    Column("rules", Text, nullable=False, server_default="[]"),  # 0006: the rules that found and placed it (JSON list)
    UniqueConstraint("article_id", "seq", name="uq_places_article_seq"),
)

rejections = Table(
    "rejections", metadata,
    Column("id", Integer, primary_key=True),
    Column("origin", Text, nullable=False),
    Column("stage", String(32), nullable=False),
    Column("reason", Text, nullable=False),
    Column("source_id", String(512)),
    Column("fingerprint", String(64), nullable=False),  # sha256 of origin, stage and reason: the same rejection is kept once
    Column("rejected_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("fingerprint", name="uq_rejections_fingerprint"),
)

terms = Table(
    "terms", metadata,
    Column("term", String(64), primary_key=True),
    Column("df", Integer, nullable=False),  # how many current articles' claims use the word ("" counts articles)
)


def now() -> dt.datetime:
    """The time stored rows are stamped with (UTC)."""
    return dt.datetime.now(dt.timezone.utc)


def database_url(db: str | os.PathLike) -> str:
    """``--db``: a SQLAlchemy URL (``postgresql://…``, ``sqlite:///…``) or a SQLite file path."""
    value = str(db)
    if "://" in value:
        if value.startswith("postgresql://"):  # psycopg 3 is the driver we install
            value = "postgresql+psycopg://" + value[len("postgresql://"):]
        return value
    return f"sqlite:///{Path(value).expanduser().resolve()}"


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    # WAL lets readers (the web app, `incidents`) work while an ingest writes; a busy timeout makes two
    # writers queue instead of failing.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA busy_timeout=60000")  # first: switching to WAL itself may wait for another process
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()
    # pysqlite's own transaction handling would defer BEGIN; we issue it ourselves (see _sqlite_begin).
    dbapi_connection.isolation_level = None


def _sqlite_begin(conn: Connection) -> None:
    # A writer takes the write lock at BEGIN, so that two writers queue rather than deadlock on upgrade.
    conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get("khaldun_write") else "BEGIN")


class Store:
    """An open ledger database. ``Store.open(db)`` creates or upgrades its schema."""

    def __init__(self, engine: Engine, url: str) -> None:
        self.engine = engine
        self.url = url

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @classmethod
    def open(cls, db: str | os.PathLike, migrate: bool = True) -> "Store":
        url = database_url(db)
        try:
            engine = create_engine(url, future=True)
        except (SQLAlchemyError, ImportError, ValueError) as err:
            raise StoreError(f"cannot open {db}: {err}; give a SQLite file path or postgresql://USER@HOST/DB", origin=str(db), stage="store") from err
        if engine.dialect.name == "sqlite":
            event.listen(engine, "connect", _sqlite_pragmas)
            event.listen(engine, "begin", _sqlite_begin)
        store = cls(engine, url)
        if migrate:
            store.migrate()
        return store

    def migrate(self, revision: str = "head") -> None:
        """Bring the schema to an Alembic revision (the newest by default)."""
        from alembic import command
        from alembic.config import Config

        cfg = Config()
        cfg.set_main_option("script_location", str(Path(__file__).with_name("migrations")))
        try:
            # a writer's transaction: on SQLite BEGIN IMMEDIATE, so that two processes opening a new file queue
            # instead of both reading the (empty) schema and failing to upgrade their locks
            with self.engine.connect() as conn, conn.execution_options(khaldun_write=True).begin():
                if self.dialect == "postgresql":
                    # two processes opening a fresh database at once must not both create the tables
                    conn.execute(text("SELECT pg_advisory_xact_lock(7261001)"))
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, revision)
        except SQLAlchemyError as err:
            raise StoreError(f"cannot prepare the database schema: {err.__class__.__name__}: {err}", origin=self.url, stage="store") from err

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """One write transaction, serialised with every other writer of this database (so that two ingest
        processes never merge into incidents at the same time), committed whole or not at all."""
        with self.engine.connect() as conn:
            conn.execution_options(khaldun_write=True)
            with conn.begin():
                if self.dialect == "postgresql":
                    conn.execute(text("SELECT pg_advisory_xact_lock(7261002)"))
                yield conn

    @contextmanager
    def read(self) -> Iterator[Connection]:
        with self.engine.connect() as conn:
            yield conn

    def close(self) -> None:
        self.engine.dispose()

"""The first ledger schema: articles (versioned by URL), claims, tolls, places, incidents, rejections, terms.

Revision ID: 0001
Revises:
Create Date: 2026-11-24
"""
import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "articles",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("source_id", sa.String(512), nullable=False),
        sa.Column("version_key", sa.String(2048), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("current", sa.Boolean, nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("url", sa.Text), sa.Column("outlet", sa.Text), sa.Column("title", sa.Text),
        sa.Column("published", sa.Date), sa.Column("origin", sa.Text), sa.Column("text", sa.Text, nullable=False),
        sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("content_hash", name="uq_articles_content_hash"),
    )
    op.create_index("ix_articles_version_key", "articles", ["version_key"])
    op.create_index("ix_articles_source_id", "articles", ["source_id"])
    op.create_table(
        "incidents",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("anchor_date", sa.Date, nullable=False),
        sa.Column("family", sa.String(64), nullable=False),
        sa.Column("event_type", sa.String(64), nullable=False), sa.Column("sub_event_type", sa.String(64), nullable=False),
        sa.Column("event_date", sa.Date), sa.Column("location", sa.Text), sa.Column("admin1", sa.Text),
        sa.Column("country", sa.String(8)), sa.Column("latitude", sa.Float), sa.Column("longitude", sa.Float),
        sa.Column("killed", sa.Integer), sa.Column("wounded", sa.Integer),
        sa.Column("killed_low", sa.Integer), sa.Column("killed_best", sa.Integer), sa.Column("killed_high", sa.Integer),
        sa.Column("wounded_low", sa.Integer), sa.Column("wounded_best", sa.Integer), sa.Column("wounded_high", sa.Integer),
        sa.Column("contested", sa.Boolean, nullable=False), sa.Column("rule", sa.String(32), nullable=False),
        sa.Column("actors", sa.Text, nullable=False),
        sa.Column("claim_count", sa.Integer, nullable=False), sa.Column("article_count", sa.Integer, nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_incidents_anchor", "incidents", ["anchor_date", "family"])
    op.create_index("ix_incidents_event_date", "incidents", ["event_date"])
    op.create_table(
        "claims",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("article_id", sa.Integer, sa.ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("active", sa.Boolean, nullable=False),
        sa.Column("incident_id", sa.Integer, sa.ForeignKey("incidents.id", ondelete="SET NULL")),
        sa.Column("anchor_date", sa.Date, nullable=False),
        sa.Column("family", sa.String(64), nullable=False),
        sa.Column("evidence", sa.Text, nullable=False), sa.Column("evidence_start", sa.Integer, nullable=False),
        sa.Column("evidence_end", sa.Integer, nullable=False),
        sa.Column("claimant", sa.Text), sa.Column("via", sa.Text, nullable=False), sa.Column("verb", sa.Text),
        sa.Column("event_date", sa.Date), sa.Column("time_precision", sa.Integer),
        sa.Column("event_type", sa.String(64), nullable=False), sa.Column("sub_event_type", sa.String(64), nullable=False),
        sa.Column("actor1", sa.Text), sa.Column("actor2", sa.Text),
        sa.Column("location", sa.Text), sa.Column("admin1", sa.Text), sa.Column("country", sa.String(8)),
        sa.Column("latitude", sa.Float), sa.Column("longitude", sa.Float), sa.Column("geo_precision", sa.Integer),
        sa.Column("geonames_id", sa.Integer),
        sa.Column("killed", sa.Integer), sa.Column("wounded", sa.Integer), sa.Column("casualty_group", sa.String(32)),
        sa.Column("number_text", sa.Text), sa.Column("weapon", sa.Text), sa.Column("weapon_kind", sa.String(64)),
        sa.Column("hedged", sa.Boolean, nullable=False),
        sa.Column("terms", sa.Text, nullable=False),
        sa.UniqueConstraint("article_id", "seq", name="uq_claims_article_seq"),
    )
    op.create_index("ix_claims_incident", "claims", ["incident_id"])
    op.create_index("ix_claims_event_date", "claims", ["event_date"])
    op.create_table(
        "tolls",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("article_id", sa.Integer, sa.ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("active", sa.Boolean, nullable=False),
        sa.Column("evidence", sa.Text, nullable=False), sa.Column("evidence_start", sa.Integer, nullable=False),
        sa.Column("evidence_end", sa.Integer, nullable=False),
        sa.Column("claimant", sa.Text), sa.Column("via", sa.Text, nullable=False), sa.Column("verb", sa.Text),
        sa.Column("killed", sa.Integer), sa.Column("wounded", sa.Integer), sa.Column("missing", sa.Integer),
        sa.Column("as_of", sa.Date), sa.Column("since", sa.Date), sa.Column("scope", sa.Text, nullable=False),
        sa.Column("number_text", sa.Text),
        sa.UniqueConstraint("article_id", "seq", name="uq_tolls_article_seq"),
    )
    op.create_index("ix_tolls_series", "tolls", ["claimant", "scope", "as_of"])
    op.create_table(
        "places",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("article_id", sa.Integer, sa.ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False), sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("name", sa.Text, nullable=False), sa.Column("feature", sa.String(32), nullable=False),
        sa.Column("relation", sa.String(32)), sa.Column("locative", sa.Boolean, nullable=False),
        sa.Column("latitude", sa.Float), sa.Column("longitude", sa.Float), sa.Column("geonames_id", sa.Integer),
        sa.Column("country", sa.String(8)), sa.Column("admin1", sa.Text),
        sa.UniqueConstraint("article_id", "seq", name="uq_places_article_seq"),
    )
    op.create_table(
        "rejections",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("origin", sa.Text, nullable=False),
        sa.Column("stage", sa.String(32), nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("source_id", sa.String(512)),
        sa.Column("fingerprint", sa.String(64), nullable=False),
        sa.Column("rejected_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("fingerprint", name="uq_rejections_fingerprint"),
    )
    op.create_table(
        "terms",
        sa.Column("term", sa.String(64), primary_key=True),
        sa.Column("df", sa.Integer, nullable=False),
    )


def downgrade() -> None:
    for table in ("terms", "rejections", "places", "tolls", "claims", "incidents", "articles"):
        op.drop_table(table)

"""Claims keep the figures they were read from (a JSON list: each count's words, value, rules and whom it denotes:
one person, a list, a share of a count told before, others besides, a count; whether it counts everyone hit; the
ages told). Merging weighs an article's figures by them instead of re-reading ``number_text``.

Rows stored before this revision hold ``[]``: merging reads their figures as plain counts until a new version of
the article, or a fresh ingest, records them.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-07
"""
import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("claims") as batch:
        batch.add_column(sa.Column("counts", sa.Text, nullable=False, server_default="[]"))


def downgrade() -> None:
    with op.batch_alter_table("claims") as batch:
        batch.drop_column("counts")

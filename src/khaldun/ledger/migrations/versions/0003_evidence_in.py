"""Claims and tolls record which string their evidence offsets slice: the article's text, or its title.

A page whose body yields nothing (a paywall, a login prompt) may still tell its story in the headline;
those records' offsets slice ``articles.title``.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25
"""
import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    for table in ("claims", "tolls"):
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("evidence_in", sa.String(8), nullable=False, server_default="text"))


def downgrade() -> None:
    for table in ("claims", "tolls"):
        with op.batch_alter_table(table) as batch:
            batch.drop_column("evidence_in")

"""Claims and tolls record the declared rules that made them (a JSON list of rule ids, ``khaldun rules list``).

Rows stored before this revision hold ``[]``: their rules were not recorded; a new version of the article, or a
fresh ingest, records them.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-07
"""
import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    for table in ("claims", "tolls"):
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("rules", sa.Text, nullable=False, server_default="[]"))


def downgrade() -> None:
    for table in ("claims", "tolls"):
        with op.batch_alter_table(table) as batch:
            batch.drop_column("rules")

"""Claims told as background: ``claims.background`` (an event the article dates by its own words more than 30 days
before its story's first dated event, or in an earlier year). A background claim joins an incident that another
account of that earlier event opened, but feeds no incident's figures and opens no incident of its own.

Claims stored before this revision read false; a new version of the article, or a fresh ingest, sets it.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-08
"""
import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("claims") as batch:
        batch.add_column(sa.Column("background", sa.Boolean, nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table("claims") as batch:
        batch.drop_column("background")

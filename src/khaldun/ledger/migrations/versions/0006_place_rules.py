"""Places record the declared rules that found and placed them (a JSON list of rule ids: ``mention.*``, ``geo.*``).

Rows stored before this revision hold ``[]``: their rules were not recorded; a new version of the article, or a
fresh ingest, records them.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07
"""
import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("places") as batch:
        batch.add_column(sa.Column("rules", sa.Text, nullable=False, server_default="[]"))


def downgrade() -> None:
    with op.batch_alter_table("places") as batch:
        batch.drop_column("rules")

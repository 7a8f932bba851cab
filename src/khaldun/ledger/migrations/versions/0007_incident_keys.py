"""Incidents get a stable public id, ``key``: "inc-" and 12 hex digits of the SHA-256 of their first claim (the least
(article content hash, claim order) among their active claims), so the same articles ingested in any order give the
same ids. Incidents stored before are keyed here from their claims.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07
"""
import hashlib

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("incidents") as batch:
        batch.add_column(sa.Column("key", sa.String(32)))
        batch.create_index("ix_incidents_key", ["key"])
    conn = op.get_bind()
    first: dict[int, tuple[str, int]] = {}
    rows = conn.execute(sa.text("SELECT c.incident_id, a.content_hash, c.seq FROM claims c JOIN articles a ON a.id = c.article_id "
                                "WHERE c.incident_id IS NOT NULL AND c.active"))
    for incident_id, content, seq in rows:
        if incident_id not in first or (content, seq) < first[incident_id]:
            first[incident_id] = (content, seq)
    for incident_id, (content, seq) in first.items():
        key = "inc-" + hashlib.sha256(f"{content}:{seq}".encode()).hexdigest()[:12]
        conn.execute(sa.text("UPDATE incidents SET key = :key WHERE id = :id"), {"key": key, "id": incident_id})


def downgrade() -> None:
    with op.batch_alter_table("incidents") as batch:
        batch.drop_index("ix_incidents_key")
        batch.drop_column("key")

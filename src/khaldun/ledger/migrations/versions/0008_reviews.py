"""Review: a reviewer's verdicts and corrections on claims, incidents merged and split by hand, and the append-only
log of every action.

- ``claims.key``: the claim's stable id, "clm-" and 12 hex digits of the SHA-256 of its article's version key (URL or
  id), where its evidence sits (text or title), the evidence, and its order among the article's claims with that same
  evidence. A new version of the article that keeps the sentence gives its claim the same key, so a review survives.
- ``claims.review_status`` (verified, rejected, corrected, flagged; null: unreviewed), ``claims.reviewed`` (JSON:
  each corrected field's machine value) and ``claims.pin`` (claims with the same pin stay in one incident, claims
  with different pins never share one: how a merge or a split by hand survives re-merging).
- ``tolls.key`` ("tol-", keyed the same way), ``tolls.review_status`` and ``tolls.reviewed``: toll readings are
  reviewed as claims are (a rejected reading leaves its series' line).
- ``claim_reviews``: the review state by claim or toll key, re-applied to a new version's records at ingest.
- ``review_log``: who did what when, the value before and after, the note. Rows are only ever added.

Claims stored before are keyed here. Incidents' public ids now follow their claims' keys (the least of them, as
"inc-" and its hex digits) instead of an article's content hash: a new version of an article that keeps its sentences
keeps its incidents' ids, and the ids still do not depend on ingest order. Incidents stored before are re-keyed here.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07
"""
import hashlib

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("claims") as batch:
        batch.add_column(sa.Column("key", sa.String(32)))
        batch.add_column(sa.Column("review_status", sa.String(16)))
        batch.add_column(sa.Column("reviewed", sa.Text))
        batch.add_column(sa.Column("pin", sa.String(32)))
        batch.create_index("ix_claims_key", ["key"])
        batch.create_index("ix_claims_pin", ["pin"])
    with op.batch_alter_table("tolls") as batch:
        batch.add_column(sa.Column("key", sa.String(32)))
        batch.add_column(sa.Column("review_status", sa.String(16)))
        batch.add_column(sa.Column("reviewed", sa.Text))
        batch.create_index("ix_tolls_key", ["key"])
    op.create_table(
        "claim_reviews",
        sa.Column("key", sa.String(32), primary_key=True),
        sa.Column("version_key", sa.String(2048), nullable=False),
        sa.Column("evidence", sa.Text, nullable=False),
        sa.Column("status", sa.String(16)),
        sa.Column("corrections", sa.Text, nullable=False, server_default="{}"),
        sa.Column("pin", sa.String(32)),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Index("ix_claim_reviews_version_key", "version_key"),
    )
    op.create_table(
        "review_log",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reviewer", sa.Text, nullable=False),
        sa.Column("action", sa.String(16), nullable=False),
        sa.Column("target", sa.String(64), nullable=False),
        sa.Column("field", sa.String(32)),
        sa.Column("before", sa.Text),
        sa.Column("after", sa.Text),
        sa.Column("note", sa.Text),
        sa.Index("ix_review_log_target", "target"),
    )
    conn = op.get_bind()
    for table, prefix in (("claims", "clm-"), ("tolls", "tol-")):
        _key_rows(conn, table, prefix)
    # incidents are keyed from their claims' keys from now on: "inc-" and the hex digits of the least of them
    least: dict[int, str] = {}
    for incident_id, key in conn.execute(sa.text("SELECT incident_id, key FROM claims WHERE incident_id IS NOT NULL AND active")):
        if incident_id not in least or key < least[incident_id]:
            least[incident_id] = key
    for incident_id, key in least.items():
        conn.execute(sa.text("UPDATE incidents SET key = :key WHERE id = :id"), {"key": "inc-" + key[len("clm-"):], "id": incident_id})


def _key_rows(conn, table: str, prefix: str) -> None:
    """Key a table's rows as ``write.claim_key`` does (written out here: a migration keeps the rule of its day)."""
    rows = conn.execute(sa.text(f"SELECT r.id, r.article_id, a.version_key, r.evidence_in, r.evidence FROM {table} r "
                                "JOIN articles a ON a.id = r.article_id ORDER BY r.article_id, r.seq")).all()
    seen: dict[tuple, int] = {}
    for row_id, article_row, version_key, evidence_in, evidence in rows:
        nth = seen.get((article_row, evidence_in, evidence), 0)
        seen[(article_row, evidence_in, evidence)] = nth + 1
        digest = hashlib.sha256("\x1f".join((version_key, evidence_in, evidence, str(nth))).encode("utf-8", "surrogatepass"))
        conn.execute(sa.text(f"UPDATE {table} SET key = :key WHERE id = :id"), {"key": prefix + digest.hexdigest()[:12], "id": row_id})


def downgrade() -> None:
    op.drop_table("review_log")
    op.drop_table("claim_reviews")
    with op.batch_alter_table("tolls") as batch:
        batch.drop_index("ix_tolls_key")
        batch.drop_column("reviewed")
        batch.drop_column("review_status")
        batch.drop_column("key")
    with op.batch_alter_table("claims") as batch:
        batch.drop_index("ix_claims_pin")
        batch.drop_index("ix_claims_key")
        batch.drop_column("pin")
        batch.drop_column("reviewed")
        batch.drop_column("review_status")
        batch.drop_column("key")


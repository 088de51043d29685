"""Release 0.1.0's client cache tables, as its create_all made them.

Revision ID: 0001
Revises: (none)

Written out table by table (not ``metadata.create_all``) so that later edits of
``storage/cache.py`` never change what this revision means. A cache from 0.1.0 has
exactly these tables but no ``alembic_version``; it is checked against them and stamped.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "meta",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
    )
    op.create_table(
        "meetings",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("snapshot", sa.Text, nullable=False),
        sa.Column("rev", sa.Integer, nullable=False),
        sa.Column("synced_at", sa.Float, nullable=True),
    )
    op.create_table(
        "outbox",
        sa.Column("seq", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("request_id", sa.String(64), nullable=False, unique=True),
        sa.Column("type", sa.String(40), nullable=False),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("created_at", sa.Float, nullable=False),
    )
    op.create_table(
        "ballots",
        sa.Column("ballot_id", sa.String(64), primary_key=True),
        sa.Column("meeting_id", sa.String(32), nullable=False),
        sa.Column("poll_id", sa.String(32), nullable=False),
        sa.Column("member_id", sa.String(32), nullable=False),
        sa.Column("choices", sa.Text, nullable=False),
        sa.Column("receipt", sa.String(32), nullable=False),
        sa.Column("replaces", sa.String(32), nullable=True),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("created_at", sa.Float, nullable=False),
    )
    op.create_table(
        "notes",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("meeting_id", sa.String(32), nullable=False),
        sa.Column("data", sa.Text, nullable=False),
        sa.Column("updated_at", sa.Integer, nullable=False),
        sa.Column("deleted", sa.Integer, nullable=False),
        sa.Column("dirty", sa.Integer, nullable=False),
    )
    op.create_index("ix_notes_meeting_id", "notes", ["meeting_id"])


def downgrade() -> None:
    for name in ("notes", "ballots", "outbox", "meetings", "meta"):
        op.drop_table(name)

"""Drop ix_events_meeting_rev: it repeats the unique constraint's index.

Revision ID: 0002
Revises: 0001

``uq_events_meeting_rev`` (UNIQUE meeting_id, rev) already has an index on the same
columns in the same order (SQLite's automatic index, PostgreSQL's constraint index), so
every lookup by meeting and revision can use it. The second index only cost a B-tree
insert on every event written and its pages on disk.
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("ix_events_meeting_rev", table_name="events")


def downgrade() -> None:
    op.create_index("ix_events_meeting_rev", "events", ["meeting_id", "rev"])

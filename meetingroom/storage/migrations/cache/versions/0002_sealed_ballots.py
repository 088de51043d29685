"""The tablet keeps a sealed ballot's sealed bytes and seal tag.

Revision ID: 0002
Revises: 0001

A sealed (secret) ballot is encrypted once, before it is first sent, and every resend
sends the same bytes, so that the seal tag the tablet later looks for in the published
record is the one the server stored (docs/voting.md, "Sealed secret ballots").
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


_KEPT = ("ballot_id, meeting_id, poll_id, member_id, choices, receipt, replaces, state, "
         "reason, created_at")


def upgrade() -> None:
    # made anew as the model makes it (ADD COLUMN would leave other SQL text), every row kept
    op.rename_table("ballots", "_old_ballots")
    op.create_table(
        "ballots",
        sa.Column("ballot_id", sa.String(64), primary_key=True),
        sa.Column("meeting_id", sa.String(32), nullable=False),
        sa.Column("poll_id", sa.String(32), nullable=False),
        sa.Column("member_id", sa.String(32), nullable=False),
        sa.Column("choices", sa.Text(), nullable=False),
        sa.Column("receipt", sa.String(32), nullable=False),
        sa.Column("replaces", sa.String(32), nullable=True),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("created_at", sa.Float(), nullable=False),
        sa.Column("sealed", sa.Text(), nullable=True),
        sa.Column("tag", sa.String(32), nullable=True))
    op.execute(f"INSERT INTO ballots ({_KEPT}) SELECT {_KEPT} FROM _old_ballots")
    op.drop_table("_old_ballots")


def downgrade() -> None:
    with op.batch_alter_table("ballots") as batch:
        batch.drop_column("tag")
        batch.drop_column("sealed")

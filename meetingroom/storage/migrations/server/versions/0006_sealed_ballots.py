"""Sealed secret ballots: the poll's ballot box, its key shares and the trustees' keys.

Revision ID: 0006
Revises: 0005

``poll_boxes`` holds the box's public state (public key, threshold, trustees, opener);
``trustee_keys`` holds the public trustee keys of each participant's devices per meeting;
``poll_seals`` a sealed poll's public key, wrapped private key, the dealer's sealed
shares and the opener; ``poll_released`` the shares trustees re-sealed to the opener;
``poll_sealed`` the sealed ballots, keyed by their seal tag (a hash, so key order is no
arrival order). None of it opens a ballot without the trustees (docs/voting.md).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "poll_boxes",
        sa.Column("poll_id", sa.String(32), sa.ForeignKey("polls.id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("seal", sa.Text(), nullable=False),
        sqlite_with_rowid=False)
    op.create_table(
        "trustee_keys",
        sa.Column("meeting_id", sa.String(32), sa.ForeignKey("meetings.id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("user_id", sa.String(32), primary_key=True),
        sa.Column("public_key", sa.String(64), primary_key=True),
        sa.Column("seen_at", sa.Float(), nullable=False),
        sqlite_with_rowid=False)
    op.create_table(
        "poll_seals",
        sa.Column("poll_id", sa.String(32), sa.ForeignKey("polls.id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("wrapped_key", sa.Text(), nullable=False),
        sa.Column("shares", sa.Text(), nullable=False),
        sa.Column("closing", sa.Text(), nullable=True),
        sqlite_with_rowid=False)
    op.create_table(
        "poll_released",
        sa.Column("poll_id", sa.String(32), sa.ForeignKey("polls.id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("from_user", sa.String(32), primary_key=True),
        sa.Column("to_user", sa.String(32), nullable=False),
        sa.Column("share", sa.Text(), nullable=False),
        sqlite_with_rowid=False)
    op.create_table(
        "poll_sealed",
        sa.Column("poll_id", sa.String(32), sa.ForeignKey("polls.id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("tag", sa.String(32), primary_key=True),
        sa.Column("sealed", sa.Text(), nullable=False),
        sa.Column("ballot_lock", sa.String(64), nullable=True),
        sqlite_with_rowid=False)


def downgrade() -> None:
    for name in ("poll_sealed", "poll_released", "poll_seals", "trustee_keys", "poll_boxes"):
        op.drop_table(name)

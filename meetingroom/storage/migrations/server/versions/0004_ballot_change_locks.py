"""Ballots get change locks, and named ballots the opening of their receipt.

Revision ID: 0004
Revises: 0003

Until now a vote change named only the receipt it replaced, and the server deleted
whichever ballot had that receipt: a voter who knew another's receipt could delete their
ballot (issue 13). ``poll_voters.voter_lock`` and ``poll_ballots.ballot_lock`` hold two
different one-way locks of a key only the voter's tablet knows, so a change must prove
that the ballot it replaces is the sender's own current one, while nothing stored links
a secret ballot to its voter (docs/voting.md, "Changing a vote"). ``poll_voters.opening``
lets anyone check that a named ballot's receipt commits to its member, choices and who
cast it. Ballots stored before this revision have no locks and cannot be changed.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def _voters_columns() -> list[sa.Column[object]]:
    return [sa.Column("poll_id", sa.String(32), sa.ForeignKey("polls.id", ondelete="CASCADE"),
                      primary_key=True),
            sa.Column("member_id", sa.String(32), primary_key=True),
            sa.Column("cast_by", sa.String(32), nullable=False),
            sa.Column("ballot_id", sa.String(64), nullable=False),
            sa.Column("choices", sa.Text(), nullable=True),
            sa.Column("voter_lock", sa.String(64), nullable=True),
            sa.Column("opening", sa.String(64), nullable=True)]


def _ballots_columns() -> list[sa.Column[object]]:
    return [sa.Column("poll_id", sa.String(32), sa.ForeignKey("polls.id", ondelete="CASCADE"),
                      primary_key=True),
            sa.Column("receipt", sa.String(32), primary_key=True),
            sa.Column("choices", sa.Text(), nullable=False),
            sa.Column("ballot_lock", sa.String(64), nullable=True)]


_KEPT = {"poll_voters": "poll_id, member_id, cast_by, ballot_id, choices",
         "poll_ballots": "poll_id, receipt, choices"}


def _rebuild(name: str, columns: list[sa.Column[object]]) -> None:
    """SQLite: make the table anew as the model makes it (ADD COLUMN would leave other
    SQL text, and both tables must stay WITHOUT ROWID), keeping every row."""
    op.rename_table(name, f"_old_{name}")
    op.create_table(name, *columns, sqlite_with_rowid=False)
    op.execute(f"INSERT INTO {name} ({_KEPT[name]}) SELECT {_KEPT[name]} FROM _old_{name}")
    op.drop_table(f"_old_{name}")


def upgrade() -> None:
    if op.get_context().dialect.name == "sqlite":
        _rebuild("poll_voters", _voters_columns())
        _rebuild("poll_ballots", _ballots_columns())
        return
    op.add_column("poll_voters", sa.Column("voter_lock", sa.String(64), nullable=True))
    op.add_column("poll_voters", sa.Column("opening", sa.String(64), nullable=True))
    op.add_column("poll_ballots", sa.Column("ballot_lock", sa.String(64), nullable=True))


def downgrade() -> None:
    op.drop_column("poll_ballots", "ballot_lock")
    op.drop_column("poll_voters", "opening")
    op.drop_column("poll_voters", "voter_lock")

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


def upgrade() -> None:
    op.add_column("ballots", sa.Column("sealed", sa.Text(), nullable=True))
    op.add_column("ballots", sa.Column("tag", sa.String(32), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("ballots") as batch:
        batch.drop_column("tag")
        batch.drop_column("sealed")

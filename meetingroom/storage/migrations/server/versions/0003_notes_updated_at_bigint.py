"""notes.updated_at becomes BIGINT on PostgreSQL: milliseconds overflow INTEGER there.

Revision ID: 0003
Revises: 0002

A note's ``updated_at`` counts milliseconds since 1970 (about 1.8e12 now), and
PostgreSQL's INTEGER stops at 2^31 - 1: on PostgreSQL, release 0.1.0 answered every
``notes.put`` with "integer out of range", so no note could be backed up (they stayed on
the tablets, which send them again). SQLite's INTEGER is already 64-bit: nothing changes
there, and the model keeps INTEGER for SQLite so its tables stay as they are.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_context().dialect.name == "postgresql":
        op.alter_column("notes", "updated_at", type_=sa.BigInteger(),
                        existing_type=sa.Integer(), existing_nullable=False)


def downgrade() -> None:
    if op.get_context().dialect.name == "postgresql":
        op.alter_column("notes", "updated_at", type_=sa.Integer(),
                        existing_type=sa.BigInteger(), existing_nullable=False)

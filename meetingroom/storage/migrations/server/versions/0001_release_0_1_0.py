"""Release 0.1.0's server tables, as its create_all made them.

Revision ID: 0001
Revises: (none)

Written out table by table (not ``metadata.create_all``) so that later edits of
``storage/schema.py`` never change what this revision means. A database from 0.1.0 has
exactly these tables but no ``alembic_version``; it is checked against them and stamped.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

_ID = sa.String(32)
_SHA = sa.String(64)


def _meeting_fk(*, primary_key: bool = False) -> sa.Column[str]:
    """``meeting_id``, deleted with its meeting."""
    return sa.Column("meeting_id", _ID, sa.ForeignKey("meetings.id", ondelete="CASCADE"),
                     nullable=False, primary_key=primary_key)


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("id", _ID, primary_key=True),
        sa.Column("username", sa.String(64), nullable=False, unique=True),
        sa.Column("display_name", sa.String(200), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("password_hash", sa.String(300), nullable=False),
        sa.Column("disabled", sa.Boolean, nullable=False),
        sa.Column("created_at", sa.Float, nullable=False),
    )
    op.create_table(
        "meetings",
        sa.Column("id", _ID, primary_key=True),
        sa.Column("title", sa.String(2000), nullable=False),
        sa.Column("location", sa.String(2000), nullable=False),
        sa.Column("starts_at", sa.String(40), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("created_by", _ID, nullable=False),
        sa.Column("rev", sa.Integer, nullable=False),
        sa.Column("created_at", sa.Float, nullable=False),
    )
    op.create_table(
        "blobs",
        sa.Column("sha256", _SHA, primary_key=True),
        sa.Column("size", sa.Integer, nullable=False),
        sa.Column("pages", sa.Integer, nullable=False),
        sa.Column("uploaded_by", _ID, nullable=False),
        sa.Column("created_at", sa.Float, nullable=False),
    )
    op.create_table(
        "blob_grants",
        sa.Column("sha256", _SHA, primary_key=True),
        sa.Column("user_id", _ID, primary_key=True),
        sa.Column("created_at", sa.Float, nullable=False),
    )
    op.create_table(
        "events",
        sa.Column("seq", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("meeting_id", _ID, nullable=False),
        sa.Column("rev", sa.Integer, nullable=False),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("data", sa.Text, nullable=False),
        sa.Column("created_at", sa.Float, nullable=False),
        sa.UniqueConstraint("meeting_id", "rev", name="uq_events_meeting_rev"),
    )
    op.create_index("ix_events_meeting_rev", "events", ["meeting_id", "rev"])
    op.create_table(
        "requests",
        sa.Column("user_id", _ID, primary_key=True),
        sa.Column("request_id", sa.String(64), primary_key=True),
        sa.Column("type", sa.String(40), nullable=False),
        sa.Column("result", sa.Text, nullable=False),
        sa.Column("created_at", sa.Float, nullable=False),
    )
    op.create_table(
        "trust_roots",
        sa.Column("fingerprint", _SHA, primary_key=True),
        sa.Column("label", sa.String(200), nullable=False),
        sa.Column("subject", sa.String(1000), nullable=False),
        sa.Column("not_after", sa.String(40), nullable=False),
        sa.Column("der", sa.LargeBinary, nullable=False),
        sa.Column("added_at", sa.Float, nullable=False),
    )
    op.create_table(
        "sessions",
        sa.Column("token_hash", _SHA, primary_key=True),
        sa.Column("user_id", _ID, sa.ForeignKey("users.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("created_at", sa.Float, nullable=False),
        sa.Column("expires_at", sa.Float, nullable=False),
    )
    op.create_table(
        "participants",
        _meeting_fk(primary_key=True),
        sa.Column("user_id", _ID, sa.ForeignKey("users.id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("voting", sa.Boolean, nullable=False),
    )
    op.create_table(
        "agenda_items",
        sa.Column("id", _ID, primary_key=True),
        _meeting_fk(),
        sa.Column("parent_id", _ID, nullable=True),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("title", sa.String(2000), nullable=False),
        sa.Column("notes", sa.Text, nullable=False),
    )
    op.create_index("ix_agenda_items_meeting_id", "agenda_items", ["meeting_id"])
    op.create_table(
        "documents",
        sa.Column("id", _ID, primary_key=True),
        _meeting_fk(),
        sa.Column("item_id", _ID, nullable=False),
        sa.Column("name", sa.String(300), nullable=False),
        sa.Column("sha256", _SHA, nullable=False),
        sa.Column("size", sa.Integer, nullable=False),
        sa.Column("pages", sa.Integer, nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("version", sa.Integer, nullable=False, server_default="1"),
        sa.Column("replaces", _ID, nullable=True),
        sa.Column("replaced_by", _ID, nullable=True),
    )
    op.create_index("ix_documents_meeting_id", "documents", ["meeting_id"])
    op.create_index("ix_documents_sha256", "documents", ["sha256"])
    op.create_table(
        "minutes",
        _meeting_fk(primary_key=True),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("review_comment", sa.Text, nullable=False),
        sa.Column("approved_version", sa.Integer, nullable=False),
        sa.Column("pdf_sha256", _SHA, nullable=True),
        sa.Column("pdf_size", sa.Integer, nullable=True),
        sa.Column("pdf_pages", sa.Integer, nullable=True),
        sa.Column("signed_sha256", _SHA, nullable=True),
        sa.Column("signed", sa.Text, nullable=True),
    )
    op.create_index("ix_minutes_pdf_sha256", "minutes", ["pdf_sha256"])
    op.create_index("ix_minutes_signed_sha256", "minutes", ["signed_sha256"])
    op.create_table(
        "minutes_versions",
        _meeting_fk(primary_key=True),
        sa.Column("number", sa.Integer, primary_key=True),
        sa.Column("author_id", _ID, nullable=False),
        sa.Column("author_name", sa.String(200), nullable=False),
        sa.Column("saved_at", sa.String(40), nullable=False),
        sa.Column("comment", sa.Text, nullable=False),
        sa.Column("html", sa.Text, nullable=False),
    )
    op.create_table(
        "meeting_live",
        _meeting_fk(primary_key=True),
        sa.Column("phase", sa.String(16), nullable=False),
        sa.Column("current_item_id", _ID, nullable=True),
        sa.Column("quorum", sa.Text, nullable=False),
        sa.Column("proxies", sa.Text, nullable=False),
        sa.Column("speakers", sa.Text, nullable=False),
    )
    op.create_table(
        "attendance",
        _meeting_fk(primary_key=True),
        sa.Column("user_id", _ID, primary_key=True),
        sa.Column("presence", sa.String(16), nullable=False),
    )
    op.create_table(
        "polls",
        sa.Column("id", _ID, primary_key=True),
        _meeting_fk(),
        sa.Column("item_id", _ID, nullable=True),
        sa.Column("spec", sa.Text, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("created_at", sa.Float, nullable=False),
        sa.Column("opened_at", sa.Float, nullable=True),
        sa.Column("closed_at", sa.Float, nullable=True),
        sa.Column("members", sa.Integer, nullable=False),
        sa.Column("present_at_open", sa.Integer, nullable=False),
        sa.Column("turnout", sa.Integer, nullable=False),
        sa.Column("result", sa.Text, nullable=True),
        sa.Column("record", sa.Text, nullable=True),
    )
    op.create_index("ix_polls_meeting_id", "polls", ["meeting_id"])
    op.create_table(
        "notes",
        sa.Column("id", sa.String(64), primary_key=True),
        _meeting_fk(),
        sa.Column("document_sha256", _SHA, nullable=False),
        sa.Column("author_id", _ID, nullable=False),
        sa.Column("shared", sa.Boolean, nullable=False),
        sa.Column("ever_shared", sa.Boolean, nullable=False),
        sa.Column("deleted", sa.Boolean, nullable=False),
        sa.Column("updated_at", sa.Integer, nullable=False),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("data", sa.Text, nullable=False),
    )
    op.create_index("ix_notes_meeting_seq", "notes", ["meeting_id", "seq"])
    # secret ballots: no rowid, so rows carry no insertion order (docs/voting.md)
    op.create_table(
        "poll_voters",
        sa.Column("poll_id", _ID, sa.ForeignKey("polls.id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("member_id", _ID, primary_key=True),
        sa.Column("cast_by", _ID, nullable=False),
        sa.Column("ballot_id", sa.String(64), nullable=False),
        sa.Column("choices", sa.Text, nullable=True),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "poll_ballots",
        sa.Column("poll_id", _ID, sa.ForeignKey("polls.id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("receipt", sa.String(32), primary_key=True),
        sa.Column("choices", sa.Text, nullable=False),
        sqlite_with_rowid=False,
    )


def downgrade() -> None:
    for name in ("poll_ballots", "poll_voters", "notes", "polls", "attendance",
                 "meeting_live", "minutes_versions", "minutes", "documents", "agenda_items",
                 "participants", "sessions", "trust_roots", "requests", "events",
                 "blob_grants", "blobs", "meetings", "users"):
        op.drop_table(name)

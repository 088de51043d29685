"""Server database tables (SQLAlchemy Core), as of the newest migration.

Change a table only together with a new revision in ``migrations/server/versions/`` (and
``SERVER_HEAD`` in ``schema_version.py``); tests/integration/test_migrations.py and
tests/unit/test_migration_scripts.py fail otherwise.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)

metadata = MetaData()

users = Table(
    "users", metadata,
    Column("id", String(32), primary_key=True),
    Column("username", String(64), nullable=False, unique=True),
    Column("display_name", String(200), nullable=False),
    Column("role", String(16), nullable=False),
    Column("password_hash", String(300), nullable=False),
    Column("disabled", Boolean, nullable=False, default=False),
    Column("created_at", Float, nullable=False),
)

sessions = Table(
    "sessions", metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("user_id", String(32), ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("created_at", Float, nullable=False),
    Column("expires_at", Float, nullable=False),
)

meetings = Table(
    "meetings", metadata,
    Column("id", String(32), primary_key=True),
    Column("title", String(2000), nullable=False),
    Column("location", String(2000), nullable=False, default=""),
    Column("starts_at", String(40), nullable=False, default=""),
    Column("status", String(16), nullable=False),
    Column("created_by", String(32), nullable=False),
    Column("rev", Integer, nullable=False, default=0),
    Column("created_at", Float, nullable=False),
)

participants = Table(
    "participants", metadata,
    Column("meeting_id", String(32), ForeignKey("meetings.id", ondelete="CASCADE"),
           primary_key=True),
    Column("user_id", String(32), ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("voting", Boolean, nullable=False),
)

agenda_items = Table(
    "agenda_items", metadata,
    Column("id", String(32), primary_key=True),
    Column("meeting_id", String(32), ForeignKey("meetings.id", ondelete="CASCADE"),
           nullable=False, index=True),
    Column("parent_id", String(32), nullable=True),
    Column("position", Integer, nullable=False),
    Column("title", String(2000), nullable=False),
    Column("notes", Text, nullable=False, default=""),
)

documents = Table(
    "documents", metadata,
    Column("id", String(32), primary_key=True),
    Column("meeting_id", String(32), ForeignKey("meetings.id", ondelete="CASCADE"),
           nullable=False, index=True),
    Column("item_id", String(32), nullable=False),
    Column("name", String(300), nullable=False),
    Column("sha256", String(64), nullable=False, index=True),
    Column("size", Integer, nullable=False),
    Column("pages", Integer, nullable=False),
    Column("position", Integer, nullable=False),
    Column("version", Integer, nullable=False, server_default="1"),
    Column("replaces", String(32), nullable=True),
    Column("replaced_by", String(32), nullable=True),
    Column("label", String(300), nullable=False, server_default=text("''")),
    Column("pdf_title", String(300), nullable=False, server_default=text("''")),
)

blobs = Table(
    "blobs", metadata,
    Column("sha256", String(64), primary_key=True),
    Column("size", Integer, nullable=False),
    Column("pages", Integer, nullable=False),
    Column("uploaded_by", String(32), nullable=False),
    Column("created_at", Float, nullable=False),
    Column("title", String(300), nullable=False, server_default=text("''")),
)

blob_grants = Table(
    "blob_grants", metadata,
    Column("sha256", String(64), primary_key=True),
    Column("user_id", String(32), primary_key=True),
    Column("created_at", Float, nullable=False),
)
"""Who proved they hold a blob's bytes by uploading them (and so may attach and read it)."""

events = Table(
    "events", metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("meeting_id", String(32), nullable=False),
    Column("rev", Integer, nullable=False),
    Column("kind", String(40), nullable=False),
    Column("data", Text, nullable=False),
    Column("created_at", Float, nullable=False),
    UniqueConstraint("meeting_id", "rev", name="uq_events_meeting_rev"),
)

requests = Table(
    "requests", metadata,
    Column("user_id", String(32), primary_key=True),
    Column("request_id", String(64), primary_key=True),
    Column("type", String(40), nullable=False),
    Column("result", Text, nullable=False),
    Column("created_at", Float, nullable=False),
)

minutes = Table(
    "minutes", metadata,
    Column("meeting_id", String(32), ForeignKey("meetings.id", ondelete="CASCADE"),
           primary_key=True),
    Column("state", String(16), nullable=False),
    Column("review_comment", Text, nullable=False, default=""),
    Column("approved_version", Integer, nullable=False, default=0),
    Column("pdf_sha256", String(64), nullable=True, index=True),
    Column("pdf_size", Integer, nullable=True),
    Column("pdf_pages", Integer, nullable=True),
    Column("signed_sha256", String(64), nullable=True, index=True),
    Column("signed", Text, nullable=True),
)
"""One row per meeting with minutes: workflow state and files. ``signed`` holds the
``SignedMinutes`` dict as JSON; ``signed_sha256`` repeats its file's hash for lookups."""

minutes_versions = Table(
    "minutes_versions", metadata,
    Column("meeting_id", String(32), ForeignKey("meetings.id", ondelete="CASCADE"),
           primary_key=True),
    Column("number", Integer, primary_key=True),
    Column("author_id", String(32), nullable=False),
    Column("author_name", String(200), nullable=False),
    Column("saved_at", String(40), nullable=False),
    Column("comment", Text, nullable=False, default=""),
    Column("html", Text, nullable=False),
)
"""Every saved version of the minutes' text; never changed once written."""

trust_roots = Table(
    "trust_roots", metadata,
    Column("fingerprint", String(64), primary_key=True),
    Column("label", String(200), nullable=False),
    Column("subject", String(1000), nullable=False),
    Column("not_after", String(40), nullable=False),
    Column("der", LargeBinary, nullable=False),
    Column("added_at", Float, nullable=False),
)
"""Root certificates the server trusts when it validates signed minutes
(``fingerprint`` = SHA-256 of the DER bytes, lowercase hex)."""

meeting_live = Table(
    "meeting_live", metadata,
    Column("meeting_id", String(32), ForeignKey("meetings.id", ondelete="CASCADE"),
           primary_key=True),
    Column("phase", String(16), nullable=False),
    Column("current_item_id", String(32), nullable=True),
    Column("quorum", Text, nullable=False),
    Column("proxies", Text, nullable=False, default="{}"),
    Column("speakers", Text, nullable=False, default="{}"),
)
"""The session's live header (``domain.live.LiveState`` minus attendance), JSON parts."""

attendance = Table(
    "attendance", metadata,
    Column("meeting_id", String(32), ForeignKey("meetings.id", ondelete="CASCADE"),
           primary_key=True),
    Column("user_id", String(32), primary_key=True),
    Column("presence", String(16), nullable=False),
)

polls = Table(
    "polls", metadata,
    Column("id", String(32), primary_key=True),
    Column("meeting_id", String(32), ForeignKey("meetings.id", ondelete="CASCADE"),
           nullable=False, index=True),
    Column("item_id", String(32), nullable=True),
    Column("spec", Text, nullable=False),
    Column("status", String(16), nullable=False),
    Column("created_at", Float, nullable=False),
    Column("opened_at", Float, nullable=True),
    Column("closed_at", Float, nullable=True),
    Column("members", Integer, nullable=False, default=0),
    Column("present_at_open", Integer, nullable=False, default=0),
    Column("turnout", Integer, nullable=False, default=0),
    Column("result", Text, nullable=True),
    Column("record", Text, nullable=True),
)
"""Polls; ``result`` and ``record`` are written once, at close, and never changed."""

poll_boxes = Table(
    "poll_boxes", metadata,
    Column("poll_id", String(32), ForeignKey("polls.id", ondelete="CASCADE"),
           primary_key=True),
    Column("seal", Text, nullable=False),
    sqlite_with_rowid=False,
)
"""A sealed poll's public box state (``domain/seals.PollSeal`` as JSON): public key,
threshold, trustees, opener, released shares, why it was not opened. Kept for good."""

poll_voters = Table(
    "poll_voters", metadata,
    Column("poll_id", String(32), ForeignKey("polls.id", ondelete="CASCADE"),
           primary_key=True),
    Column("member_id", String(32), primary_key=True),
    Column("cast_by", String(32), nullable=False),
    Column("ballot_id", String(64), nullable=False),
    Column("choices", Text, nullable=True),
    Column("voter_lock", String(64), nullable=True),
    Column("opening", String(64), nullable=True),
    sqlite_with_rowid=False,
)
"""*That* a member voted (and, for named ballots only, what). No time, no rowid: rows are
ordered by member id, so their order says nothing about when anyone voted. ``voter_lock``
is the voter's lock of their current ballot's change key (``domain/ballot_proofs.py``);
``opening`` opens a named ballot's receipt (NULL for secret ballots)."""

poll_ballots = Table(
    "poll_ballots", metadata,
    Column("poll_id", String(32), ForeignKey("polls.id", ondelete="CASCADE"),
           primary_key=True),
    Column("receipt", String(32), primary_key=True),
    Column("choices", Text, nullable=False),
    Column("ballot_lock", String(64), nullable=True),
    sqlite_with_rowid=False,
)
"""*What* was voted, under the voter's random receipt code. Nothing here names a voter;
rows are ordered by the random receipt (see docs/voting.md, "Secret ballots")."""

trustee_keys = Table(
    "trustee_keys", metadata,
    Column("meeting_id", String(32), ForeignKey("meetings.id", ondelete="CASCADE"),
           primary_key=True),
    Column("user_id", String(32), primary_key=True),
    Column("public_key", String(64), primary_key=True),
    Column("seen_at", Float, nullable=False),
    sqlite_with_rowid=False,
)
"""The trustee keys (public, base64) of each participant's devices per meeting, the most
recent few (``sealing/keys.py``): a trustee's share is sealed to each of them, so any of
their devices opens it."""

poll_seals = Table(
    "poll_seals", metadata,
    Column("poll_id", String(32), ForeignKey("polls.id", ondelete="CASCADE"),
           primary_key=True),
    Column("wrapped_key", Text, nullable=False),
    Column("shares", Text, nullable=False),
    Column("closing", Text, nullable=True),
    sqlite_with_rowid=False,
)
"""A sealed poll's wrapped private key and the dealer's sealed shares (JSON: user id,
device key, sealed share), and at close who was counted (JSON), until the box is opened
or given up; then the row is deleted."""

poll_released = Table(
    "poll_released", metadata,
    Column("poll_id", String(32), ForeignKey("polls.id", ondelete="CASCADE"),
           primary_key=True),
    Column("from_user", String(32), primary_key=True),
    Column("to_user", String(32), nullable=False),
    Column("share", Text, nullable=False),
    sqlite_with_rowid=False,
)
"""Shares trustees re-sealed to the opener's device key; deleted with the box."""

poll_sealed = Table(
    "poll_sealed", metadata,
    Column("poll_id", String(32), ForeignKey("polls.id", ondelete="CASCADE"),
           primary_key=True),
    Column("tag", String(32), primary_key=True),
    Column("sealed", Text, nullable=False),
    Column("ballot_lock", String(64), nullable=True),
    sqlite_with_rowid=False,
)
"""Sealed ballots (base64) by seal tag: nothing here names a voter, and nobody without
the trustees can read them. Erased once the box is opened or given up."""

notes = Table(
    "notes", metadata,
    Column("id", String(64), primary_key=True),
    Column("meeting_id", String(32), ForeignKey("meetings.id", ondelete="CASCADE"),
           nullable=False),
    Column("document_sha256", String(64), nullable=False),
    Column("author_id", String(32), nullable=False),
    Column("shared", Boolean, nullable=False, default=False),
    Column("ever_shared", Boolean, nullable=False, default=False),
    Column("deleted", Boolean, nullable=False, default=False),
    # milliseconds since 1970: BIGINT on PostgreSQL (revision 0003); SQLite's INTEGER is
    # 64-bit already, and keeping its name there keeps 0.1.0's SQLite tables as they are
    Column("updated_at", BigInteger().with_variant(Integer(), "sqlite"), nullable=False),
    Column("seq", Integer, nullable=False),
    Column("data", Text, nullable=False),
)
"""Delegates' notes backed up under their account (``domain.notes.Note`` as JSON; empty
once deleted). ``seq`` orders changes for "since" sync; ``ever_shared`` lets others learn
that a note they saw was deleted or made private again."""
Index("ix_notes_meeting_seq", notes.c.meeting_id, notes.c.seq)

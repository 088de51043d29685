"""Server database tables (SQLAlchemy Core)."""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
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
)

blobs = Table(
    "blobs", metadata,
    Column("sha256", String(64), primary_key=True),
    Column("size", Integer, nullable=False),
    Column("pages", Integer, nullable=False),
    Column("uploaded_by", String(32), nullable=False),
    Column("created_at", Float, nullable=False),
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

Index("ix_events_meeting_rev", events.c.meeting_id, events.c.rev)

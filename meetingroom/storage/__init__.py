"""Persistence: SQLAlchemy tables and repositories, and the content-addressed blob store."""

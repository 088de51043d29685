"""Alembic's entry point for the server database's migrations (run by storage/migrate.py).

The caller hands over an open connection inside its own transaction (and, on
PostgreSQL, an advisory lock), so every step of an upgrade commits together or not at all.
"""

from alembic import context

context.configure(connection=context.config.attributes["connection"])
with context.begin_transaction():
    context.run_migrations()

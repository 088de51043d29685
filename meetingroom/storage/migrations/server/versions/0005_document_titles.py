"""Documents get a title: the secretary's label and the PDF's own title.

Revision ID: 0005
Revises: 0004

Lists showed documents by file name ("bao-cao-kt-xh-9-thang-2026.pdf", issue 15).
``documents.label`` holds the title a secretary gives a document (``document.label``),
``documents.pdf_title`` the title in the PDF's document information, which the upload
check reads and ``blobs.title`` keeps for the documents that attach those bytes. Rows from
before this revision have neither ("" ): clients then show the file name tidied.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("documents") as batch:
        batch.add_column(sa.Column("label", sa.String(300), nullable=False, server_default=""))
        batch.add_column(sa.Column("pdf_title", sa.String(300), nullable=False,
                                   server_default=""))
    with op.batch_alter_table("blobs") as batch:
        batch.add_column(sa.Column("title", sa.String(300), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("blobs") as batch:
        batch.drop_column("title")
    with op.batch_alter_table("documents") as batch:
        batch.drop_column("pdf_title")
        batch.drop_column("label")

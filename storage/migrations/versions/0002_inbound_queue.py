"""inbound messages can wait for a worker: processed_at, profile_name

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 00:10:00
"""

import sqlalchemy as sa
from alembic import op

import storage.db

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("messages") as batch:
        batch.add_column(
            sa.Column("processed_at", storage.db.UTCDateTime(timezone=True), nullable=True)
        )
        batch.add_column(sa.Column("profile_name", sa.String(length=200), nullable=True))
        batch.create_index("ix_messages_inbox", ["direction", "processed_at"])
    # Everything received before this revision was handled in its own request.
    op.execute("UPDATE messages SET processed_at = created_at WHERE direction = 'inbound'")


def downgrade() -> None:
    with op.batch_alter_table("messages") as batch:
        batch.drop_index("ix_messages_inbox")
        batch.drop_column("profile_name")
        batch.drop_column("processed_at")

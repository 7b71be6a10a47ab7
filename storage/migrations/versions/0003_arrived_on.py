"""inbound messages remember the public URL they arrived on: arrived_on

Replies queued by a worker take their status-callback URL from it when PUBLIC_URL is unset.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30 18:50:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("messages") as batch:
        batch.add_column(sa.Column("arrived_on", sa.String(length=255), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("messages") as batch:
        batch.drop_column("arrived_on")

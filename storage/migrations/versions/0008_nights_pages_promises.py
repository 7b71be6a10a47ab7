"""nights, pages and promises: the response clock's start, who was paged, reopen count,
free return visits on time entries, staff notices held for the morning digest, and
inbound media kept in the database

Revision ID: i11_nights
Revises: i13a_webhooks_api
Create Date: 2026-11-30 21:00:00
"""

import sqlalchemy as sa
from alembic import op

import storage.db

revision = "i11_nights"
down_revision = "i13a_webhooks_api"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("tickets") as batch:
        batch.add_column(sa.Column("clock_started_at", storage.db.UTCDateTime(timezone=True)))
        batch.add_column(
            sa.Column("wall_clock", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch.add_column(sa.Column("paged_phones", sa.JSON(), nullable=False, server_default="[]"))
        batch.add_column(
            sa.Column("reopen_count", sa.Integer(), nullable=False, server_default="0")
        )
        batch.add_column(
            sa.Column("assign_at_opening", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    op.execute("UPDATE tickets SET clock_started_at = created_at")
    with op.batch_alter_table("time_entries") as batch:
        batch.add_column(
            sa.Column("free_return", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    op.create_table(
        "staff_notices",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("phone", sa.String(20), nullable=False),
        sa.Column("ticket_id", sa.Integer(), sa.ForeignKey("tickets.id")),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("created_at", storage.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("sent_at", storage.db.UTCDateTime(timezone=True)),
    )
    op.create_index("ix_staff_notices_pending", "staff_notices", ["sent_at", "phone"])
    op.create_table(
        "media_files",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("message_id", sa.Integer(), sa.ForeignKey("messages.id"), index=True),
        sa.Column("ticket_id", sa.Integer(), sa.ForeignKey("tickets.id"), index=True),
        sa.Column("content_type", sa.String(100), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", storage.db.UTCDateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("media_files")
    op.drop_index("ix_staff_notices_pending", table_name="staff_notices")
    op.drop_table("staff_notices")
    with op.batch_alter_table("time_entries") as batch:
        batch.drop_column("free_return")
    with op.batch_alter_table("tickets") as batch:
        batch.drop_column("assign_at_opening")
        batch.drop_column("reopen_count")
        batch.drop_column("paged_phones")
        batch.drop_column("wall_clock")
        batch.drop_column("clock_started_at")

"""outbound webhook deliveries (the webhook outbox) and idempotent API writes

Revision ID: i13a_webhooks_api
Revises: i13b_mail_board
Create Date: 2026-11-30 21:00:00
"""

import sqlalchemy as sa
from alembic import op

import storage.db

revision = "i13a_webhooks_api"
down_revision = "i13b_mail_board"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "webhook_deliveries",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("webhook", sa.String(100), nullable=False),
        sa.Column("event_id", sa.String(40), nullable=False),
        sa.Column("event_type", sa.String(40), nullable=False),
        sa.Column("ticket_id", sa.Integer(), sa.ForeignKey("tickets.id"), nullable=True),
        sa.Column("ordering_key", sa.String(60), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", storage.db.UTCDateTime(), nullable=True),
        sa.Column("response_code", sa.Integer(), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("duration_ms", sa.Integer(), nullable=True),
        sa.Column("created_at", storage.db.UTCDateTime(), nullable=False),
        sa.Column("updated_at", storage.db.UTCDateTime(), nullable=False),
        sa.Column("delivered_at", storage.db.UTCDateTime(), nullable=True),
    )
    op.create_index(
        "ix_webhook_deliveries_due",
        "webhook_deliveries",
        ["webhook", "status", "ordering_key", "id"],
    )
    op.create_index(
        "ux_webhook_deliveries_event", "webhook_deliveries", ["webhook", "event_id"], unique=True
    )
    op.create_index("ix_webhook_deliveries_ticket_id", "webhook_deliveries", ["ticket_id"])
    op.create_table(
        "api_idempotency",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("token", sa.String(100), nullable=False),
        sa.Column("key", sa.String(200), nullable=False),
        sa.Column("request", sa.String(64), nullable=False),
        sa.Column("status_code", sa.Integer(), nullable=False),
        sa.Column("response", sa.Text(), nullable=False),
        sa.Column("created_at", storage.db.UTCDateTime(), nullable=False),
    )
    op.create_index("ux_api_idempotency", "api_idempotency", ["token", "key"], unique=True)


def downgrade() -> None:
    op.drop_table("api_idempotency")
    op.drop_table("webhook_deliveries")

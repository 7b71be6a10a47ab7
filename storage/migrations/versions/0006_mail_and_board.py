"""e-mail outbox (emails); staff board sign-in codes and sessions

Revision ID: i13b_mail_board
Revises: i15_privacy
Create Date: 2026-11-30 21:00:00
"""

import sqlalchemy as sa
from alembic import op

import storage.db

revision = "i13b_mail_board"
down_revision = "i15_privacy"
branch_labels = None
depends_on = None


def _when(name: str, nullable: bool = True) -> sa.Column:
    return sa.Column(name, storage.db.UTCDateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "emails",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("ticket_id", sa.Integer(), sa.ForeignKey("tickets.id"), nullable=True),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("to_address", sa.String(length=254), nullable=False),
        sa.Column("language", sa.String(length=5), nullable=False),
        sa.Column("subject", sa.String(length=300), nullable=False),
        sa.Column("text_body", sa.Text(), nullable=False),
        sa.Column("html_body", sa.Text(), nullable=False),
        sa.Column("message_id", sa.String(length=200), nullable=False, unique=True),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        _when("next_attempt_at"),
        sa.Column("last_error", sa.Text(), nullable=True),
        _when("created_at", nullable=False),
        _when("updated_at", nullable=False),
        _when("sent_at"),
    )
    op.create_index("ix_emails_due", "emails", ["status", "next_attempt_at"])
    op.create_index("ix_emails_ticket_id", "emails", ["ticket_id"])
    op.create_table(
        "staff_codes",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("phone", sa.String(length=20), nullable=False),
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        _when("created_at", nullable=False),
        _when("expires_at", nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        _when("used_at"),
    )
    op.create_index("ix_staff_codes_phone", "staff_codes", ["phone"])
    op.create_table(
        "staff_sessions",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("token_hash", sa.String(length=64), nullable=False, unique=True),
        sa.Column("phone", sa.String(length=20), nullable=False),
        sa.Column("csrf_token", sa.String(length=64), nullable=False),
        _when("created_at", nullable=False),
        _when("expires_at", nullable=False),
    )


def downgrade() -> None:
    op.drop_table("staff_sessions")
    op.drop_index("ix_staff_codes_phone", table_name="staff_codes")
    op.drop_table("staff_codes")
    op.drop_index("ix_emails_ticket_id", table_name="emails")
    op.drop_index("ix_emails_due", table_name="emails")
    op.drop_table("emails")

"""reliability: early status callbacks, verified tickets, rate-limited staff notices (notice_rates)

Status callbacks that arrive before the outbound message's SID is saved are kept in
``early_statuses`` until the SID appears; a ticket's contact is ``verified`` (existing
tickets are); ``notice_rates`` remembers when staff were last told about a sender.

Revision ID: i12_reliability
Revises: i11_nights
Create Date: 2026-11-30 21:00:00
"""

import sqlalchemy as sa
from alembic import op

import storage.db

revision = "i12_reliability"
down_revision = "i11_nights"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "early_statuses",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("twilio_sid", sa.String(64), nullable=False, index=True),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("error_code", sa.Integer(), nullable=True),
        sa.Column("received_at", storage.db.UTCDateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "notice_rates",
        sa.Column("sender", sa.String(20), primary_key=True),
        sa.Column("kind", sa.String(30), primary_key=True),
        sa.Column("last_at", storage.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("suppressed", sa.Integer(), nullable=False, server_default="0"),
    )
    with op.batch_alter_table("tickets") as batch:
        batch.add_column(
            sa.Column("verified", sa.Boolean(), nullable=False, server_default=sa.true())
        )


def downgrade() -> None:
    with op.batch_alter_table("tickets") as batch:
        batch.drop_column("verified")
    op.drop_table("notice_rates")
    op.drop_table("early_statuses")

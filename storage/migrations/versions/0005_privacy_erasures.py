"""privacy: the record of each erasure on request (without personal data), and when a
message's content was erased or a ticket's contact pseudonymised (retention's indexes)

Revision ID: i15_privacy
Revises: 0004
Create Date: 2026-11-30 21:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "i15_privacy"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "privacy_erasures",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("identified_by", sa.String(10), nullable=False),
        sa.Column("pseudonym", sa.String(20), nullable=False),
        sa.Column("counts", sa.JSON(), nullable=False),
    )
    with op.batch_alter_table("messages") as batch:
        batch.add_column(sa.Column("erased_at", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("tickets") as batch:
        batch.add_column(sa.Column("pseudonymised_at", sa.DateTime(timezone=True), nullable=True))
    op.create_index(
        "ix_messages_content_kept",
        "messages",
        ["created_at"],
        postgresql_where=sa.text("erased_at IS NULL"),
        sqlite_where=sa.text("erased_at IS NULL"),
    )
    op.create_index(
        "ix_tickets_contact_kept",
        "tickets",
        ["closed_at"],
        postgresql_where=sa.text("pseudonymised_at IS NULL"),
        sqlite_where=sa.text("pseudonymised_at IS NULL"),
    )


def downgrade() -> None:
    op.drop_index("ix_tickets_contact_kept", table_name="tickets")
    op.drop_index("ix_messages_content_kept", table_name="messages")
    with op.batch_alter_table("tickets") as batch:
        batch.drop_column("pseudonymised_at")
    with op.batch_alter_table("messages") as batch:
        batch.drop_column("erased_at")
    op.drop_table("privacy_erasures")

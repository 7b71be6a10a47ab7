"""privacy_erasures: the record of each erasure on request, without personal data

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


def downgrade() -> None:
    op.drop_table("privacy_erasures")

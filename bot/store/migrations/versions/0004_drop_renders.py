"""drop renders: feeds are rendered whole in memory, no VEVENT is kept in the store

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.drop_table("renders")


def downgrade() -> None:
    # Empty, as a fresh 0001 leaves it: the feeds of that version render what they miss.
    op.create_table(
        "renders",
        sa.Column("event_number", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("body", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_number"],
            ["events.number"],
            name=op.f("fk_renders_event_number_events"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("event_number", name=op.f("pk_renders")),
    )

"""sources: the feeds negbot polls, the articles read from them, proposals awaiting review

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-04
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import bot.store.types

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_UTC = bot.store.types.UTCDateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "sources",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=True),
        sa.Column("language", sa.String(length=8), nullable=True),
        sa.Column("tracks", sa.JSON(), nullable=False),
        sa.Column("trust", sa.String(length=16), nullable=False),
        sa.Column("every_seconds", sa.Integer(), nullable=False),
        sa.Column("etag", sa.Text(), nullable=True),
        sa.Column("last_modified", sa.String(length=100), nullable=True),
        sa.Column("last_poll_at", _UTC, nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("next_poll_at", _UTC, nullable=True),
        sa.Column("articles_read", sa.Integer(), nullable=False),
        sa.Column("sessions_found", sa.Integer(), nullable=False),
        sa.Column("lease_owner", sa.String(length=64), nullable=True),
        sa.Column("lease_until", _UTC, nullable=True),
        sa.Column("created_at", _UTC, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sources")),
        sa.UniqueConstraint("url", name=op.f("uq_sources_url")),
    )
    op.create_index("ix_sources_next_poll_at", "sources", ["next_poll_at"], unique=False)
    op.create_table(
        "seen_articles",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=True),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("text_hash", sa.String(length=32), nullable=False),
        sa.Column("sessions", sa.Integer(), nullable=False),
        sa.Column("seen_at", _UTC, nullable=False),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["sources.id"],
            name=op.f("fk_seen_articles_source_id_sources"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_seen_articles")),
        sa.UniqueConstraint("url", name=op.f("uq_seen_articles_url")),
    )
    op.create_index(
        op.f("ix_seen_articles_source_id"), "seen_articles", ["source_id"], unique=False
    )
    op.create_index(
        op.f("ix_seen_articles_text_hash"), "seen_articles", ["text_hash"], unique=False
    )
    op.create_table(
        "source_proposals",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=True),
        sa.Column("article", sa.JSON(), nullable=False),
        sa.Column("found", sa.JSON(), nullable=False),
        sa.Column("created_at", _UTC, nullable=False),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["sources.id"],
            name=op.f("fk_source_proposals_source_id_sources"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_source_proposals")),
    )
    op.create_index(
        op.f("ix_source_proposals_source_id"), "source_proposals", ["source_id"], unique=False
    )


def downgrade() -> None:
    op.drop_table("source_proposals")
    op.drop_table("seen_articles")
    op.drop_table("sources")

"""feed tokens kept only as hashes: fill any missing hash from the clear token, drop the token

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-04

The hash is the one lookups already used, so every feed address handed out so far keeps
working. A chat that never asked for its feed now has no token at all (NULL hash) until it
does; the bot shows the address once, when it is made.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_chats = sa.table(
    "chats",
    sa.column("id", sa.BigInteger()),
    sa.column("feed_token", sa.String()),
    sa.column("feed_token_hash", sa.String()),
)


def _sha256(token: str) -> str:
    # Written out here rather than imported: a migration must not change when the code does.
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _fill_hashes() -> None:
    """Set every hash that is missing or does not match the clear token (the clear token is
    what old feed addresses carry, so it decides)."""
    connection = op.get_bind()
    rows = connection.execute(sa.select(_chats.c.id, _chats.c.feed_token, _chats.c.feed_token_hash))
    wrong = [
        {"chat": chat_id, "hash": _sha256(token)}
        for chat_id, token, kept in rows
        if token and kept != _sha256(token)
    ]
    if wrong:
        connection.execute(
            _chats.update()
            .where(_chats.c.id == sa.bindparam("chat"))
            .values(feed_token_hash=sa.bindparam("hash")),
            wrong,
        )


def _wipe_clear_tokens() -> None:
    """Overwrite the clear tokens before the column goes: PostgreSQL's DROP COLUMN only hides
    a column, and SQLite leaves freed bytes in its pages unless told to zero them."""
    if op.get_bind().dialect.name == "sqlite":
        op.execute("PRAGMA secure_delete=ON")
    op.execute(_chats.update().values(feed_token=""))


def upgrade() -> None:
    _fill_hashes()
    _wipe_clear_tokens()
    with op.batch_alter_table("chats") as batch:
        batch.drop_column("feed_token")
        batch.alter_column("feed_token_hash", existing_type=sa.String(length=64), nullable=True)


def downgrade() -> None:
    # The clear tokens are gone for good: 0004 needs one per chat, so each chat gets a new one
    # (its old feed address stops working; /feed reset in 0004 shows the new one).
    with op.batch_alter_table("chats") as batch:
        batch.add_column(sa.Column("feed_token", sa.String(length=64), nullable=True))
    connection = op.get_bind()
    ids = list(connection.execute(sa.select(_chats.c.id)).scalars())
    tokens = {chat_id: secrets.token_urlsafe(32) for chat_id in ids}
    fresh = [{"chat": c, "token": t, "hash": _sha256(t)} for c, t in tokens.items()]
    if fresh:
        connection.execute(
            _chats.update()
            .where(_chats.c.id == sa.bindparam("chat"))
            .values(
                feed_token=sa.bindparam("token"),
                feed_token_hash=sa.bindparam("hash"),
            ),
            fresh,
        )
    with op.batch_alter_table("chats") as batch:
        batch.alter_column("feed_token", existing_type=sa.String(length=64), nullable=False)
        batch.alter_column("feed_token_hash", existing_type=sa.String(length=64), nullable=False)

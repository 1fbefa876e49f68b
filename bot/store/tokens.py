"""Private feed tokens: made here, handed out once, kept in the database only as a hash."""

from __future__ import annotations

import datetime as dtm
import hashlib
import secrets

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.store.tables import ChatRow

TOKEN_BYTES = 32  # 256 bits: unguessable, so an unsalted SHA-256 of it is safe to keep


def new_token() -> str:
    """Return a fresh feed token: 43 URL-safe characters."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def token_hash(token: str) -> str:
    """Return the hash a token is kept and looked up by."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


async def issue_first(session: AsyncSession, chat_id: int, now: dtm.datetime) -> str | None:
    """Give the chat its first token and return it; None when it has one already.

    One conditional UPDATE, so two instances answering /feed at once never both hand out
    a token (only one of them would work).
    """
    token = new_token()
    result = await session.execute(
        update(ChatRow)
        .where(ChatRow.id == chat_id, ChatRow.feed_token_hash.is_(None))
        .values(feed_token_hash=token_hash(token), updated_at=now)
    )
    return token if getattr(result, "rowcount", 0) == 1 else None


def replace(row: ChatRow, now: dtm.datetime) -> str:
    """Give the chat's row a new token (the old one stops working) and return it."""
    token = new_token()
    row.feed_token_hash = token_hash(token)
    row.updated_at = now
    return token

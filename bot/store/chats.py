"""Chats, their settings and private feed tokens, and their subscriptions to tracks."""

from __future__ import annotations

import datetime as dtm
from collections.abc import Iterable, Sequence

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.models import ALL_TRACKS, Chat, ChatKind, Subscription
from bot.store import tokens
from bot.store.database import Database, chunks
from bot.store.tables import ChatRow, DeliveryRow, SubscriptionRow


def _new_row(
    chat_id: int,
    kind: ChatKind,
    title: str | None,
    timezone: str,
    offsets: Sequence[int],
    now: dtm.datetime,
) -> ChatRow:
    """Return a new chat's row: defaults, and no feed token until /feed asks for one."""
    return ChatRow(
        id=chat_id,
        kind=kind.value,
        title=title,
        timezone=timezone,
        reminder_offsets=list(offsets),
        allday_time="09:00",
        digest=False,
        active=True,
        language="en",
        feed_token_hash=None,
        created_at=now,
        updated_at=now,
    )


def _chat(row: ChatRow) -> Chat:
    hour, minute = (int(p) for p in row.allday_time.split(":"))
    return Chat(
        id=row.id,
        kind=ChatKind(row.kind),
        title=row.title,
        timezone=row.timezone,
        reminder_offsets=tuple(int(m) for m in row.reminder_offsets),
        allday_time=dtm.time(hour, minute),
        digest=row.digest,
        active=row.active,
        language=row.language,
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


class ChatStore:
    """Chats and subscriptions."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def ensure(
        self,
        chat_id: int,
        kind: ChatKind,
        title: str | None,
        timezone: str,
        offsets: Sequence[int] = (1440, 60),
        language: str = "en",
    ) -> Chat:
        """Return the chat, creating it with defaults on first contact (and reactivating it)."""
        async with self._db.transaction() as session:
            row = await session.get(ChatRow, chat_id)
            now = self._db.clock.now()
            if row is None:
                row = _new_row(chat_id, kind, title, timezone, offsets, now)
                row.language = language
                session.add(row)
            elif not row.active or (title and row.title != title):
                row.active = True
                row.title = title or row.title
                row.updated_at = now
            await session.flush()
            return _chat(row)

    async def ensure_many(
        self,
        chat_ids: Sequence[int],
        kind: ChatKind,
        timezone: str,
        offsets: Sequence[int] = (1440, 60),
        follow: str | None = None,
    ) -> int:
        """Create the chats that do not exist yet (each following `follow`, if given), in one
        transaction; return how many were new. For bulk loads: migrations, benchmarks."""
        now = self._db.clock.now()
        added = 0
        async with self._db.write() as session:
            for start in range(0, len(chat_ids), 1000):
                chunk = list(chat_ids[start : start + 1000])
                known = set(
                    (
                        await session.execute(select(ChatRow.id).where(ChatRow.id.in_(chunk)))
                    ).scalars()
                )
                for chat_id in chunk:
                    if chat_id in known:
                        continue
                    session.add(_new_row(chat_id, kind, None, timezone, offsets, now))
                    if follow is not None:
                        session.add(SubscriptionRow(chat_id=chat_id, track=follow, created_at=now))
                    added += 1
                await session.flush()
        return added

    async def get(self, chat_id: int) -> Chat | None:
        """Return a chat, if it ever talked to the bot."""
        async with self._db.read() as session:
            row = await session.get(ChatRow, chat_id)
            return _chat(row) if row is not None else None

    async def by_token(self, token: str) -> Chat | None:
        """Return the chat whose private feed token this is.

        Looked up by the token's hash: the index compares hashes, which tell nothing of the
        token, so no constant-time comparison is needed.
        """
        async with self._db.read() as session:
            row = (
                await session.execute(
                    select(ChatRow).where(ChatRow.feed_token_hash == tokens.token_hash(token))
                )
            ).scalar_one_or_none()
            return None if row is None else _chat(row)

    async def change(self, chat_id: int, **values: object) -> Chat:
        """Change a chat's settings: timezone, reminder_offsets, allday_time, digest, title…"""
        allowed = {
            "timezone",
            "reminder_offsets",
            "allday_time",
            "digest",
            "title",
            "active",
            "language",
        }
        unknown = set(values) - allowed
        if unknown:
            raise ValueError(f"cannot change {', '.join(sorted(unknown))}")
        async with self._db.write() as session:
            row = await self._row(session, chat_id)
            for name, value in values.items():
                if name == "allday_time" and isinstance(value, dtm.time):
                    value = value.strftime("%H:%M")
                if name == "reminder_offsets":
                    value = sorted({int(v) for v in value}, reverse=True)  # type: ignore[attr-defined]
                setattr(row, name, value)
            row.updated_at = self._db.clock.now()
            await session.flush()
            return _chat(row)

    async def issue_token(self, chat_id: int) -> str | None:
        """Give the chat its first private feed token and return it (the only time it is
        seen); None when it has one already, which is kept only as a hash."""
        async with self._db.write() as session:
            await self._row(session, chat_id)
            return await tokens.issue_first(session, chat_id, self._db.clock.now())

    async def reset_token(self, chat_id: int) -> str:
        """Give the chat a new feed token and return it; the old one stops working at once."""
        async with self._db.write() as session:
            row = await self._row(session, chat_id)
            token = tokens.replace(row, self._db.clock.now())
            await session.flush()
            return token

    async def deactivate(self, chat_id: int) -> None:
        """Stop sending to a chat that blocked the bot or was deleted; keep its settings."""
        async with self._db.transaction() as session:
            await session.execute(
                update(ChatRow)
                .where(ChatRow.id == chat_id)
                .values(active=False, updated_at=self._db.clock.now())
            )

    async def migrate(self, old_id: int, new_id: int) -> None:
        """Move a group that became a supergroup to its new id, with all it follows."""
        async with self._db.transaction() as session:
            if await session.get(ChatRow, new_id) is not None:
                # Both exist (the new id talked to us first): keep the new one, merge follows.
                old_tracks = (
                    await session.execute(
                        select(SubscriptionRow.track).where(SubscriptionRow.chat_id == old_id)
                    )
                ).scalars()
                for track in list(old_tracks):
                    if await session.get(SubscriptionRow, (new_id, track)) is None:
                        session.add(
                            SubscriptionRow(
                                chat_id=new_id, track=track, created_at=self._db.clock.now()
                            )
                        )
                await session.execute(
                    update(DeliveryRow)
                    .where(DeliveryRow.chat_id == old_id)
                    .values(status="cancelled", last_error=f"chat moved to {new_id}")
                    .where(DeliveryRow.status.in_(["pending", "sending"]))
                )
                await session.execute(delete(ChatRow).where(ChatRow.id == old_id))
            else:
                await session.execute(
                    update(ChatRow)
                    .where(ChatRow.id == old_id)
                    .values(
                        id=new_id,
                        kind=ChatKind.SUPERGROUP.value,
                        updated_at=self._db.clock.now(),
                    )
                )

    # -- subscriptions -----------------------------------------------------------------------

    async def subscribe(self, chat_id: int, track: str) -> bool:
        """Follow a track (or ALL_TRACKS); return False when it was followed already."""
        async with self._db.write() as session:
            if await session.get(SubscriptionRow, (chat_id, track)) is not None:
                session.info["unchanged"] = True
                return False
            session.add(
                SubscriptionRow(chat_id=chat_id, track=track, created_at=self._db.clock.now())
            )
            return True

    async def unsubscribe(self, chat_id: int, track: str) -> bool:
        """Stop following a track (ALL_TRACKS: stop following everything); False if not followed."""
        async with self._db.write() as session:
            query = delete(SubscriptionRow).where(SubscriptionRow.chat_id == chat_id)
            if track != ALL_TRACKS:
                query = query.where(SubscriptionRow.track == track)
            result = await session.execute(query)
            removed = bool(getattr(result, "rowcount", 0))
            if not removed:
                session.info["unchanged"] = True
            return removed

    async def subscriptions(self, chat_id: int) -> list[Subscription]:
        """Return what a chat follows."""
        async with self._db.read() as session:
            rows = (
                await session.execute(
                    select(SubscriptionRow)
                    .where(SubscriptionRow.chat_id == chat_id)
                    .order_by(SubscriptionRow.track)
                )
            ).scalars()
            return [Subscription(chat_id=r.chat_id, track=r.track) for r in rows]

    async def followers(self, tracks: Iterable[str | None]) -> list[Chat]:
        """Return the active chats that follow any of these tracks (or every track)."""
        wanted = {t for t in tracks if t is not None} | {ALL_TRACKS}
        async with self._db.read() as session:
            rows = (
                await session.execute(
                    select(ChatRow)
                    .where(
                        ChatRow.id.in_(
                            select(SubscriptionRow.chat_id).where(SubscriptionRow.track.in_(wanted))
                        )
                    )
                    .where(ChatRow.active.is_(True))
                    .order_by(ChatRow.id)
                )
            ).scalars()
            return [_chat(r) for r in rows]

    async def many(self, chat_ids: Iterable[int]) -> dict[int, Chat]:
        """Return the chats with these ids that exist, active or not, by id."""
        found: dict[int, Chat] = {}
        async with self._db.read() as session:
            for chunk in chunks(chat_ids):
                rows = await session.scalars(select(ChatRow).where(ChatRow.id.in_(chunk)))
                found.update((r.id, _chat(r)) for r in rows)
        return found

    async def follows(self, chat_ids: Iterable[int] | None = None) -> dict[int, frozenset[str]]:
        """Return what each chat follows (tracks, or ALL_TRACKS), for these chats or every chat.

        Chats that follow nothing are left out.
        """
        tracks: dict[int, set[str]] = {}
        query = select(SubscriptionRow.chat_id, SubscriptionRow.track)
        async with self._db.read() as session:
            if chat_ids is None:
                batches = [query]
            else:
                batches = [query.where(SubscriptionRow.chat_id.in_(c)) for c in chunks(chat_ids)]
            for batch in batches:
                for chat_id, track in await session.execute(batch):
                    tracks.setdefault(chat_id, set()).add(track)
        return {chat_id: frozenset(t) for chat_id, t in tracks.items()}

    async def following(
        self, after: int | None = None, limit: int | None = None
    ) -> list[tuple[Chat, frozenset[str]]]:
        """Return the active chats that follow something, with what they follow, by id.

        With `after` and `limit`, one page of them (keyset pagination), so that a sweep over
        a hundred thousand chats never holds them all at once.
        """
        query = select(ChatRow).where(ChatRow.active.is_(True))
        query = query.where(ChatRow.id.in_(select(SubscriptionRow.chat_id)))
        if after is not None:
            query = query.where(ChatRow.id > after)
        query = query.order_by(ChatRow.id)
        if limit is not None:
            query = query.limit(limit)
        async with self._db.read() as session:
            chats = [_chat(row) for row in (await session.execute(query)).scalars()]
        follows = await self.follows([c.id for c in chats]) if chats else {}
        return [(chat, follows[chat.id]) for chat in chats if chat.id in follows]

    async def digest_readers(self) -> list[Chat]:
        """Return the active chats that asked for the weekly digest."""
        async with self._db.read() as session:
            rows = (
                await session.execute(
                    select(ChatRow)
                    .where(ChatRow.active.is_(True), ChatRow.digest.is_(True))
                    .order_by(ChatRow.id)
                )
            ).scalars()
            return [_chat(r) for r in rows]

    async def all_active(self) -> list[Chat]:
        """Return every active chat."""
        async with self._db.read() as session:
            rows = (
                await session.execute(
                    select(ChatRow).where(ChatRow.active.is_(True)).order_by(ChatRow.id)
                )
            ).scalars()
            return [_chat(r) for r in rows]

    async def _row(self, session: AsyncSession, chat_id: int) -> ChatRow:
        row = await session.get(ChatRow, chat_id)
        if row is None:
            raise LookupError(f"no chat {chat_id}")
        return row

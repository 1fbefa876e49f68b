"""The test's side of the local Bot API: act as users, inject faults, read what the bot sent."""

from __future__ import annotations

import collections
from collections.abc import Callable, Iterable

from . import inject
from .faults import Fault, FaultBook, FaultRule, FloodLimiter
from .models import ChannelOrigin, Chat, ChatType, ForwardOrigin, Message, Update
from .records import SentRecord, Stats
from .state import Signal, World

SentPredicate = Callable[[SentRecord], bool]


class ControlApi:
    """Python control methods; LocalBotApi adds the HTTP server, the HTTP control mirrors these.

    Everything runs in the server's event loop: call these from the test's coroutines.
    """

    def __init__(self, world: World, faults: FaultBook, flood: FloodLimiter) -> None:
        self.world = world
        self.faults = faults
        self.flood = flood
        self.closed = Signal()
        self._closing = False
        self._calls: collections.Counter[str] = collections.Counter()
        self._errors: collections.Counter[int] = collections.Counter()
        self._calls_changed = Signal()

    def _count_call(self, method: str) -> None:
        self._calls[method] += 1
        self._calls_changed.notify()

    # Acting as users.

    def add_chat(
        self, chat_id: int, *, chat_type: ChatType | None = None, title: str | None = None
    ) -> Chat:
        """Make a chat known, so the bot can send to it before anyone writes there."""
        user = inject.ensure_user(self.world, chat_id) if chat_id > 0 else None
        return inject.ensure_chat(self.world, chat_id, chat_type=chat_type, title=title, user=user)

    def inject_message(
        self,
        text: str,
        *,
        chat_id: int,
        chat_type: ChatType | None = None,
        user_id: int | None = None,
        username: str | None = None,
        first_name: str | None = None,
        chat_title: str | None = None,
        reply_to_message_id: int | None = None,
        language_code: str | None = None,
    ) -> Update:
        """A user writes text in a chat; "/cmd" words get bot_command entities; the user's
        Telegram app may be in a language ("ru")."""
        return inject.inject_message(
            self.world,
            text,
            chat_id=chat_id,
            chat_type=chat_type,
            user_id=user_id,
            username=username,
            first_name=first_name,
            chat_title=chat_title,
            reply_to_message_id=reply_to_message_id,
            language_code=language_code,
        )

    def inject_forward(
        self,
        text: str,
        *,
        chat_id: int,
        origin: ForwardOrigin | None = None,
        user_id: int | None = None,
        chat_type: ChatType | None = None,
    ) -> Update:
        """A user forwards a message (by default a channel post) into a chat with the bot."""
        return inject.inject_message(
            self.world,
            text,
            chat_id=chat_id,
            chat_type=chat_type,
            user_id=user_id,
            origin=origin or ChannelOrigin(title="News channel"),
        )

    def inject_document(
        self,
        content: bytes,
        *,
        chat_id: int,
        file_name: str,
        mime_type: str | None = "text/plain",
        caption: str | None = None,
        chat_type: ChatType | None = None,
        user_id: int | None = None,
    ) -> Update:
        """A user sends a file, with an optional caption ("/import")."""
        return inject.inject_document(
            self.world,
            content,
            chat_id=chat_id,
            file_name=file_name,
            mime_type=mime_type,
            caption=caption,
            chat_type=chat_type,
            user_id=user_id,
        )

    def press_button(
        self,
        *,
        chat_id: int,
        message_id: int,
        data: str,
        user_id: int | None = None,
        forged: bool = False,
    ) -> Update:
        """A user presses the inline button carrying callback_data `data` (or forges one)."""
        return inject.press_button(
            self.world,
            chat_id=chat_id,
            message_id=message_id,
            data=data,
            user_id=user_id,
            forged=forged,
        )

    def set_admins(
        self, chat_id: int, admin_ids: Iterable[int], *, creator_id: int | None = None
    ) -> None:
        """Name a group's creator and administrators for getChatMember(Administrators)."""
        ids = list(admin_ids)
        for user_id in [*ids, *([creator_id] if creator_id is not None else [])]:
            inject.ensure_user(self.world, user_id)
        self.world.set_admins(chat_id, ids, creator_id)

    # Faults.

    def inject_fault(
        self,
        fault: Fault,
        *,
        method: str | None = None,
        chat_id: int | None = None,
        times: int | None = 1,
        duration: float | None = None,
    ) -> FaultRule:
        """Apply fault to the next `times` calls (None: unlimited), within `duration` seconds."""
        return self.faults.add(
            fault, method=method, chat_id=chat_id, times=times, duration=duration
        )

    def block_bot(self, chat_id: int) -> FaultRule:
        """The user of chat_id blocks the bot: every call naming that chat answers 403."""
        return self.inject_fault(Fault.bot_blocked(), chat_id=chat_id, times=None)

    def migrate_chat(self, chat_id: int, new_chat_id: int) -> Chat:
        """Upgrade a group to a supergroup: the old id answers 400 with migrate_to_chat_id."""
        old = self.world.chat(chat_id)
        self.inject_fault(Fault.chat_migrated(new_chat_id), chat_id=chat_id, times=None)
        return self.world.copy_chat(old, id=new_chat_id, type="supergroup")

    def clear_faults(self) -> None:
        self.faults.clear()

    def set_flood_limit(self, limit: int | None) -> None:
        """Allow at most `limit` messages a second across the bot (None: no limit)."""
        self.flood.limit = limit

    # Reading what happened.

    @property
    def sent(self) -> list[SentRecord]:
        return list(self.world.sent)

    @property
    def last_sent_id(self) -> int:
        """The id of the latest record, to pass as `since` to wait only for newer ones."""
        return self.world.sent[-1].id if self.world.sent else 0

    def sent_to(self, chat_id: int) -> list[SentRecord]:
        return [record for record in self.world.sent if record.chat_id == chat_id]

    def messages(self, chat_id: int) -> list[Message]:
        """The chat as its users see it now: both sides, edits applied, deletions gone."""
        return self.world.history(chat_id)

    @property
    def stats(self) -> Stats:
        return Stats(calls=dict(self._calls), errors=dict(self._errors))

    async def wait_for_sent(
        self,
        predicate: SentPredicate | None = None,
        count: int = 1,
        # A default bound keeps every test wait finite, hence a parameter, not asyncio.timeout.
        timeout: float = 5.0,  # noqa: ASYNC109
        *,
        since: int = 0,
    ) -> list[SentRecord]:
        """The first `count` records newer than `since` matching predicate, waiting if needed."""

        def matching() -> list[SentRecord]:
            return [
                record
                for record in self.world.sent
                if record.id > since and (predicate is None or predicate(record))
            ]

        if not await self.world.sent_changed.wait_until(lambda: len(matching()) >= count, timeout):
            seen = [(r.id, r.method, r.chat_id, r.text) for r in self.world.sent[-10:]]
            raise TimeoutError(
                f"{len(matching())} of {count} expected records sent within {timeout}s; "
                f"latest records: {seen}"
            )
        return matching()[:count]

    async def wait_for_call(
        self,
        method: str,
        count: int = 1,
        timeout: float = 5.0,  # noqa: ASYNC109 (bounded by default, like wait_for_sent)
    ) -> None:
        """Wait until the bot has called `method` `count` times (a long poll once it waits)."""
        if not await self._calls_changed.wait_until(lambda: self._calls[method] >= count, timeout):
            raise TimeoutError(f"{method} called {self._calls[method]} of {count} times")

    def clear(self) -> None:
        """Forget the sent log and the counts; chats, messages and faults stay."""
        self.world.forget_sent()
        self._calls.clear()
        self._errors.clear()

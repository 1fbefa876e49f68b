"""The world the local Bot API keeps: users, chats, messages, files, pending updates, sent log."""

from __future__ import annotations

import asyncio
import dataclasses
import hashlib
import itertools
import time
from collections.abc import Callable, Iterable
from typing import Any

from .errors import bad_request
from .models import (
    OPT_IN_UPDATES,
    BotCommand,
    CallbackQuery,
    Chat,
    ChatAdmins,
    JsonObject,
    Message,
    StoredFile,
    Update,
    UpdateKind,
    User,
)
from .params import Upload
from .records import SentRecord


class Signal:
    """Wakes every waiter when something changed; each waiter re-checks its own condition."""

    def __init__(self) -> None:
        self._event = asyncio.Event()

    def notify(self) -> None:
        # A fresh event per change: waiters woken by set() cannot miss it through a clear().
        self._event.set()
        self._event = asyncio.Event()

    async def wait_until(self, predicate: Callable[[], bool], seconds: float | None) -> bool:
        """Wait until predicate() holds or `seconds` pass (None: until cancelled); tell which."""
        loop = asyncio.get_running_loop()
        deadline = None if seconds is None else loop.time() + seconds
        while not predicate():
            event = self._event
            remaining = None if deadline is None else deadline - loop.time()
            if remaining is not None and remaining <= 0:
                return False
            try:
                async with asyncio.timeout(remaining):
                    await event.wait()
            except TimeoutError:
                return predicate()
        return True


class World:
    """Everything the server knows; one instance per server, used from one event loop."""

    def __init__(self, *, bot: User, clock: Callable[[], float] = time.time) -> None:
        self.bot = bot
        self.clock = clock
        self.users: dict[int, User] = {bot.id: bot}
        self.chats: dict[int, Chat] = {}
        self.files: dict[str, StoredFile] = {}
        self.admins: dict[int, ChatAdmins] = {}
        self.commands: dict[tuple[str, str], tuple[BotCommand, ...]] = {}
        self.menu_buttons: dict[int | None, JsonObject] = {}
        self.callbacks: dict[str, CallbackQuery] = {}
        self.allowed_updates: frozenset[str] | None = None
        self.sent: list[SentRecord] = []
        self.updates_changed = Signal()
        self.sent_changed = Signal()
        self._messages: dict[int, dict[int, Message]] = {}
        self._last_message_id: dict[int, int] = {}
        self._updates: list[Update] = []
        self._update_ids = itertools.count(1)
        self._record_ids = itertools.count(1)
        self._callback_ids = itertools.count(1)

    def now(self) -> int:
        return int(self.clock())

    # Users and chats.

    def add_user(self, user: User) -> User:
        self.users[user.id] = user
        return user

    def user(self, user_id: int) -> User:
        found = self.users.get(user_id)
        if found is None:
            raise bad_request("user not found")
        return found

    def add_chat(self, chat: Chat) -> Chat:
        self.chats[chat.id] = chat
        return chat

    def chat(self, chat_ref: int | str) -> Chat:
        """Find a chat by id or by "@username", or fail as Telegram does."""
        if isinstance(chat_ref, str):
            if not chat_ref.startswith("@"):
                try:
                    chat_ref = int(chat_ref)
                except ValueError:
                    raise bad_request("chat not found") from None
            else:
                name = chat_ref[1:].lower()
                for chat in self.chats.values():
                    if chat.username and chat.username.lower() == name:
                        return chat
                raise bad_request("chat not found")
        found = self.chats.get(chat_ref)
        if found is None:
            raise bad_request("chat not found")
        return found

    # Messages.

    def add_message(self, chat: Chat, sender: User, **fields: Any) -> Message:
        """Store a new message with the chat's next message id."""
        message_id = self._last_message_id.get(chat.id, 0) + 1
        self._last_message_id[chat.id] = message_id
        message = Message(
            message_id=message_id, chat=chat, date=self.now(), sender=sender, **fields
        )
        self._messages.setdefault(chat.id, {})[message_id] = message
        return message

    def message(self, chat_id: int, message_id: int) -> Message | None:
        return self._messages.get(chat_id, {}).get(message_id)

    def replace_message(self, message: Message) -> Message:
        self._messages.setdefault(message.chat.id, {})[message.message_id] = message
        return message

    def delete_message(self, chat_id: int, message_id: int) -> bool:
        return self._messages.get(chat_id, {}).pop(message_id, None) is not None

    def history(self, chat_id: int) -> list[Message]:
        return list(self._messages.get(chat_id, {}).values())

    def store_file(self, upload: Upload) -> StoredFile:
        digest = hashlib.sha256(upload.content).hexdigest()
        stored = StoredFile(
            file_id=f"BQACAglocal{digest[:24]}{len(self.files) + 1}",
            file_unique_id=f"AgAD{digest[:12]}",
            file_name=upload.filename,
            mime_type=upload.content_type,
            content=upload.content,
        )
        self.files[stored.file_id] = stored
        return stored

    def new_callback_id(self) -> str:
        return f"{self.bot.id}{next(self._callback_ids):08d}"

    # Updates, in the order they were created.

    def queue_update(self, kind: UpdateKind, payload: Message | CallbackQuery) -> Update:
        """Number an update and keep it for delivery unless allowed_updates excludes it."""
        update = Update(update_id=next(self._update_ids), kind=kind, payload=payload)
        if self.accepts(kind):
            self._updates.append(update)
            self.updates_changed.notify()
        return update

    def accepts(self, kind: str) -> bool:
        if self.allowed_updates is None or not self.allowed_updates:
            return kind not in OPT_IN_UPDATES
        return kind in self.allowed_updates

    def confirm(self, offset: int) -> None:
        """Forget updates below offset; a negative offset keeps only the last -offset ones."""
        if offset < 0:
            del self._updates[: max(len(self._updates) + offset, 0)]
        else:
            self._updates = [u for u in self._updates if u.update_id >= offset]

    def pending(self, limit: int | None = None) -> list[Update]:
        return self._updates[:limit]

    def drop_pending(self) -> None:
        self._updates.clear()

    # What the bot sent.

    def record(self, method: str, **fields: Any) -> SentRecord:
        entry = SentRecord(id=next(self._record_ids), method=method, time=self.clock(), **fields)
        self.sent.append(entry)
        self.sent_changed.notify()
        return entry

    def forget_sent(self) -> None:
        self.sent.clear()
        self.sent_changed.notify()

    def set_admins(self, chat_id: int, admin_ids: Iterable[int], creator_id: int | None) -> None:
        self.admins[chat_id] = ChatAdmins(creator_id=creator_id, admin_ids=frozenset(admin_ids))

    def copy_chat(self, chat: Chat, **changes: Any) -> Chat:
        return self.add_chat(dataclasses.replace(chat, **changes))

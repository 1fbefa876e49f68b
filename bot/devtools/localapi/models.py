"""Frozen value objects of the local Bot API and their Telegram JSON shapes."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any, Literal, TypeAlias

JsonObject: TypeAlias = dict[str, Any]
ChatType = Literal["private", "group", "supergroup", "channel"]
UpdateKind = Literal["message", "edited_message", "callback_query"]

# Telegram's default when a bot never named its allowed_updates: these three are opt-in.
OPT_IN_UPDATES = frozenset({"chat_member", "message_reaction", "message_reaction_count"})


def _compact(fields: Mapping[str, Any]) -> JsonObject:
    """Drop absent optional fields, as Telegram omits them rather than sending null."""
    return {key: value for key, value in fields.items() if value is not None}


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class User:
    """A Telegram user or bot."""

    id: int
    first_name: str
    is_bot: bool = False
    username: str | None = None
    last_name: str | None = None
    language_code: str | None = None

    def to_api(self) -> JsonObject:
        return _compact(
            {
                "id": self.id,
                "is_bot": self.is_bot,
                "first_name": self.first_name,
                "last_name": self.last_name,
                "username": self.username,
                "language_code": self.language_code,
            }
        )


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class Chat:
    """A private chat, a group, a supergroup or a channel."""

    id: int
    type: ChatType
    title: str | None = None
    username: str | None = None
    first_name: str | None = None

    def to_api(self) -> JsonObject:
        return _compact(
            {
                "id": self.id,
                "type": self.type,
                "title": self.title,
                "username": self.username,
                "first_name": self.first_name,
            }
        )

    def full_info(self) -> JsonObject:
        """Answer getChat with a ChatFullInfo, whose extra fields PTB 22 requires."""
        gifts = {
            "unlimited_gifts": False,
            "limited_gifts": False,
            "unique_gifts": False,
            "premium_subscription": False,
            "gifts_from_channels": False,
        }
        extra = {"accent_color_id": 0, "max_reaction_count": 11, "accepted_gift_types": gifts}
        return self.to_api() | extra


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class Entity:
    """A MessageEntity; offset and length count UTF-16 code units, as Telegram does."""

    type: str
    offset: int
    length: int
    url: str | None = None
    language: str | None = None
    custom_emoji_id: str | None = None

    def to_api(self) -> JsonObject:
        return _compact(dataclasses.asdict(self))


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class StoredFile:
    """A file the bot uploaded, kept whole so tests can read its bytes."""

    file_id: str
    file_unique_id: str
    file_name: str | None
    mime_type: str | None
    content: bytes

    @property
    def file_path(self) -> str:
        return f"documents/{self.file_unique_id}"

    def to_document(self) -> JsonObject:
        return _compact(
            {
                "file_id": self.file_id,
                "file_unique_id": self.file_unique_id,
                "file_name": self.file_name,
                "mime_type": self.mime_type,
                "file_size": len(self.content),
            }
        )

    def to_file(self) -> JsonObject:
        return {
            "file_id": self.file_id,
            "file_unique_id": self.file_unique_id,
            "file_size": len(self.content),
            "file_path": self.file_path,
        }


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class ChannelOrigin:
    """A message forwarded from a channel post."""

    title: str
    chat_id: int = -1001000000001
    username: str | None = None
    message_id: int = 1
    date: int | None = None

    def to_api(self, default_date: int) -> JsonObject:
        chat = Chat(id=self.chat_id, type="channel", title=self.title, username=self.username)
        return {
            "type": "channel",
            "chat": chat.to_api(),
            "message_id": self.message_id,
            "date": self.date or default_date,
        }


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class UserOrigin:
    """A message forwarded from a user who allows linking to their account."""

    user: User
    date: int | None = None

    def to_api(self, default_date: int) -> JsonObject:
        origin = {"type": "user", "sender_user": self.user.to_api()}
        return origin | {"date": self.date or default_date}


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class HiddenUserOrigin:
    """A message forwarded from a user who hides their account."""

    name: str
    date: int | None = None

    def to_api(self, default_date: int) -> JsonObject:
        origin = {"type": "hidden_user", "sender_user_name": self.name}
        return origin | {"date": self.date or default_date}


ForwardOrigin: TypeAlias = ChannelOrigin | UserOrigin | HiddenUserOrigin


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class Message:
    """A message in a chat, sent by a user or by the bot; edits replace it whole."""

    message_id: int
    chat: Chat
    date: int
    sender: User
    text: str | None = None
    entities: tuple[Entity, ...] = ()
    caption: str | None = None
    caption_entities: tuple[Entity, ...] = ()
    document: StoredFile | None = None
    reply_markup: JsonObject | None = None
    reply_to: Message | None = None
    forward_origin: ForwardOrigin | None = None
    edit_date: int | None = None

    def to_api(self, *, with_reply: bool = True) -> JsonObject:
        reply = self.reply_to.to_api(with_reply=False) if self.reply_to and with_reply else None
        origin = self.forward_origin.to_api(self.date) if self.forward_origin else None
        return _compact(
            {
                "message_id": self.message_id,
                "from": self.sender.to_api(),
                "chat": self.chat.to_api(),
                "date": self.date,
                "edit_date": self.edit_date,
                "forward_origin": origin,
                "reply_to_message": reply,
                "text": self.text,
                "entities": [e.to_api() for e in self.entities] or None,
                "document": self.document.to_document() if self.document else None,
                "caption": self.caption,
                "caption_entities": [e.to_api() for e in self.caption_entities] or None,
                "reply_markup": self.reply_markup,
            }
        )


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class CallbackQuery:
    """A press on an inline button of a message the bot sent."""

    id: str
    sender: User
    message: Message
    data: str

    def to_api(self) -> JsonObject:
        return {
            "id": self.id,
            "from": self.sender.to_api(),
            "message": self.message.to_api(),
            # Telegram's chat_instance is opaque but stable per chat; derive it from the id.
            "chat_instance": str(abs(self.message.chat.id) * 7919),
            "data": self.data,
        }


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class Update:
    """One incoming update, numbered in the order it was created."""

    update_id: int
    kind: UpdateKind
    payload: Message | CallbackQuery

    def to_api(self) -> JsonObject:
        return {"update_id": self.update_id, self.kind: self.payload.to_api()}


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class BotCommand:
    """One entry of the bot's command menu."""

    command: str
    description: str

    def to_api(self) -> JsonObject:
        return {"command": self.command, "description": self.description}


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class ChatAdmins:
    """Who runs a group: its creator and its administrators."""

    creator_id: int | None = None
    admin_ids: frozenset[int] = frozenset()

"""What users do to the bot: write messages, forward articles, press inline buttons."""

from __future__ import annotations

import dataclasses

from .markup import detect_entities
from .models import CallbackQuery, Chat, ChatType, ForwardOrigin, Update, User
from .params import Upload
from .state import World


def _chat_type(chat_id: int, given: ChatType | None, known: Chat | None) -> ChatType:
    if given is not None:
        return given
    if known is not None:
        return known.type
    if chat_id > 0:
        return "private"
    return "supergroup" if str(chat_id).startswith("-100") else "group"


def ensure_user(
    world: World,
    user_id: int,
    *,
    username: str | None = None,
    first_name: str | None = None,
    language_code: str | None = None,
) -> User:
    """The user with this id, created or updated with the names (and language) given."""
    known = world.users.get(user_id)
    if known is None:
        known = User(
            id=user_id,
            first_name=first_name or f"User{user_id}",
            username=username,
            language_code=language_code,
        )
    elif username is not None or first_name is not None or language_code is not None:
        known = dataclasses.replace(
            known,
            username=username or known.username,
            first_name=first_name or known.first_name,
            language_code=language_code or known.language_code,
        )
    return world.add_user(known)


def ensure_chat(
    world: World,
    chat_id: int,
    *,
    chat_type: ChatType | None = None,
    title: str | None = None,
    user: User | None = None,
) -> Chat:
    """The chat with this id, created on first use; its id sign must fit its type."""
    known = world.chats.get(chat_id)
    kind = _chat_type(chat_id, chat_type, known)
    if (kind == "private") != (chat_id > 0):
        raise ValueError(f"chat {chat_id}: private chats have positive ids, groups negative ones")
    if known is not None and known.type == kind and title is None:
        return known
    if kind == "private":
        first_name = user.first_name if user else f"User{chat_id}"
        username = user.username if user else None
        return world.add_chat(Chat(id=chat_id, type=kind, first_name=first_name, username=username))
    return world.add_chat(Chat(id=chat_id, type=kind, title=title or f"Group {chat_id}"))


def _sender(world: World, chat_id: int, kind: ChatType, user_id: int | None) -> int:
    if user_id is not None:
        return user_id
    if kind == "private":
        return chat_id
    raise ValueError(f"chat {chat_id} is a {kind}: say which user_id writes in it")


def inject_message(
    world: World,
    text: str,
    *,
    chat_id: int,
    chat_type: ChatType | None = None,
    user_id: int | None = None,
    username: str | None = None,
    first_name: str | None = None,
    chat_title: str | None = None,
    reply_to_message_id: int | None = None,
    origin: ForwardOrigin | None = None,
    language_code: str | None = None,
) -> Update:
    """Queue a message a user wrote (or forwarded, with origin) as an update for the bot."""
    if not text:
        raise ValueError("Telegram delivers no empty text messages")
    kind = _chat_type(chat_id, chat_type, world.chats.get(chat_id))
    sender_id = _sender(world, chat_id, kind, user_id)
    user = ensure_user(
        world, sender_id, username=username, first_name=first_name, language_code=language_code
    )
    chat = ensure_chat(world, chat_id, chat_type=kind, title=chat_title, user=user)
    reply_to = None
    if reply_to_message_id is not None:
        reply_to = world.message(chat.id, reply_to_message_id)
        if reply_to is None:
            raise LookupError(f"no message {reply_to_message_id} in chat {chat_id}")
    message = world.add_message(
        chat,
        user,
        text=text,
        entities=detect_entities(text),
        reply_to=reply_to,
        forward_origin=origin,
    )
    return world.queue_update("message", message)


def inject_document(
    world: World,
    content: bytes,
    *,
    chat_id: int,
    file_name: str,
    mime_type: str | None = "text/plain",
    caption: str | None = None,
    chat_type: ChatType | None = None,
    user_id: int | None = None,
) -> Update:
    """Queue a file a user sent (with an optional caption); the bot can download it."""
    kind = _chat_type(chat_id, chat_type, world.chats.get(chat_id))
    user = ensure_user(world, _sender(world, chat_id, kind, user_id))
    chat = ensure_chat(world, chat_id, chat_type=kind, user=user)
    stored = world.store_file(Upload(filename=file_name, content_type=mime_type, content=content))
    message = world.add_message(
        chat,
        user,
        document=stored,
        caption=caption,
        caption_entities=detect_entities(caption) if caption else (),
    )
    return world.queue_update("message", message)


def press_button(
    world: World,
    *,
    chat_id: int,
    message_id: int,
    data: str,
    user_id: int | None = None,
    forged: bool = False,
) -> Update:
    """Queue the press of the inline button with callback_data `data` on a bot's message.

    With `forged`, the data need not be on any button: a modified client can send anything.
    """
    message = world.message(chat_id, message_id)
    if message is None:
        raise LookupError(f"no message {message_id} in chat {chat_id}")
    keyboard = (message.reply_markup or {}).get("inline_keyboard", [])
    offered = [button.get("callback_data") for row in keyboard for button in row]
    if data not in offered and not forged:
        raise LookupError(f"message {message_id} offers no button with callback_data {data!r}")
    user = ensure_user(world, _sender(world, chat_id, message.chat.type, user_id))
    query = CallbackQuery(id=world.new_callback_id(), sender=user, message=message, data=data)
    world.callbacks[query.id] = query
    return world.queue_update("callback_query", query)

"""What every handler shares: the services, replies, guards, and the translation of errors."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Coroutine, Sequence
from dataclasses import dataclass, field
from typing import Any

from telegram import (
    Chat,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    LinkPreviewOptions,
    Message,
    Update,
)
from telegram.constants import ParseMode
from telegram.ext import ContextTypes

from bot.errors import InputError
from bot.i18n import DEFAULT, _, adopt, language_of, speaking
from bot.messages import e
from bot.models import Article, ChatKind, EventDraft
from bot.models import Chat as ChatModel
from bot.services.container import Services
from bot.services.importer import Proposal
from bot.tg import auth
from bot.tg.buttons import NOT_MINE
from bot.tg.pending import Offers

log = logging.getLogger(__name__)
Context = ContextTypes.DEFAULT_TYPE
Button = tuple[str, str]  # (label, callback data) or (label, "url:https://…")
MAX_MESSAGE = 4000  # Telegram allows 4096 characters; leave room for markup


@dataclass(slots=True)
class Toolkit:
    """The services and the bot's own memory of offers, shared by the handlers."""

    services: Services
    drafts: Offers[EventDraft]
    proposals: Offers[tuple[Article, Proposal]]
    guided: dict[tuple[int, int], dict[str, str]] = field(default_factory=dict)

    @property
    def admin_ids(self) -> frozenset[int]:
        """Return the editors named in the settings."""
        return self.services.settings.admin_ids


HandlerFn = Callable[[Toolkit, Update, Context], Coroutine[Any, Any, None]]


def keyboard(rows: Sequence[Sequence[Button]]) -> InlineKeyboardMarkup | None:
    """Return an inline keyboard from (label, data) pairs; "url:" data makes a link button."""
    if not rows:
        return None
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(label, url=data[4:])
                if data.startswith("url:")
                else InlineKeyboardButton(label, callback_data=data)
                for label, data in row
            ]
            for row in rows
        ]
    )


def clip(html: str) -> str:
    """Keep a message under Telegram's length limit, cutting at a line."""
    if len(html) <= MAX_MESSAGE:
        return html
    cut = html[:MAX_MESSAGE].rsplit("\n", 1)[0]
    return cut + "\n…"


async def reply(update: Update, html: str, rows: Sequence[Sequence[Button]] = ()) -> Message | None:
    """Answer in the chat the update came from."""
    chat = update.effective_chat
    if chat is None:
        return None
    return await chat.send_message(
        clip(html),
        parse_mode=ParseMode.HTML,
        reply_markup=keyboard(rows),
        link_preview_options=LinkPreviewOptions(is_disabled=True),
    )


def chat_kind(chat: Chat) -> ChatKind:
    """Return our kind for a Telegram chat."""
    try:
        return ChatKind(chat.type)
    except ValueError:
        return ChatKind.GROUP


async def known_chat(kit: Toolkit, update: Update) -> ChatModel:
    """Return the chat the update came from, stored on first contact, and answer in its language.

    A new chat speaks the language of the user who wrote first (Telegram's `language_code`).
    """
    chat = update.effective_chat
    if chat is None:
        raise InputError(_("this works in a chat"))
    title = chat.title or chat.full_name or chat.username
    user = update.effective_user
    language = language_of(user.language_code if user else None)
    known = await kit.services.following.chat(chat.id, chat_kind(chat), title, language)
    adopt(known.language)
    return known


def guarded(handler: HandlerFn) -> HandlerFn:
    """Answer a bad request with its message, and change nothing; speak the chat's language."""

    @functools.wraps(handler)
    async def wrapper(kit: Toolkit, update: Update, context: Context) -> None:
        with speaking(DEFAULT):  # known_chat switches to the chat's language inside
            if update.effective_chat is not None:
                await known_chat(kit, update)  # so that even a refusal is in its language
            await _answering_errors(handler, kit, update, context)

    return wrapper


async def _answering_errors(
    handler: HandlerFn, kit: Toolkit, update: Update, context: Context
) -> None:
    try:
        await handler(kit, update, context)
    except InputError as exc:
        if update.callback_query is not None:
            await update.callback_query.answer(str(exc)[:190], show_alert=True)
        else:
            await reply(update, f"⚠️ {e(exc)}")


async def require_editor(kit: Toolkit, update: Update, context: Context) -> bool:
    """Tell whether the sender may edit the calendar; refuse politely if not."""
    user = update.effective_user
    chat = update.effective_chat
    if user is None or chat is None:
        return False
    if await auth.is_editor(context.bot, chat, user.id, kit.admin_ids):
        return True
    await _refuse(update, _(auth.EDITORS_ONLY))
    return False


async def require_configurer(kit: Toolkit, update: Update, context: Context) -> bool:
    """Tell whether the sender may change this chat's settings; refuse politely if not."""
    user = update.effective_user
    chat = update.effective_chat
    if user is None or chat is None:
        return False
    if await auth.may_configure(context.bot, chat, user.id, kit.admin_ids):
        return True
    await _refuse(update, _(auth.GROUP_ADMINS_ONLY))
    return False


async def _refuse(update: Update, text: str) -> None:
    if update.callback_query is not None:
        await update.callback_query.answer(text[:190], show_alert=True)
    else:
        await reply(update, f"🔒 {e(text)}")


def bound(
    kit: Toolkit, handler: HandlerFn
) -> Callable[[Update, Context], Coroutine[Any, Any, None]]:
    """Return a PTB callback that calls `handler(kit, update, context)`."""

    async def callback(update: Update, context: Context) -> None:
        await handler(kit, update, context)

    callback.__name__ = getattr(handler, "__name__", "handler")
    callback.__doc__ = handler.__doc__
    return callback


@guarded
async def stray_button(kit: Toolkit, update: Update, context: Context) -> None:
    """Answer a button whose data no handler claims (forged, or from an older negbot)."""
    raise InputError(_(NOT_MINE))

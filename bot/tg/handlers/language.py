"""The chat's interface language: /language shows it with buttons, /language ru|en sets it."""

from __future__ import annotations

from telegram import Update

from bot.i18n import LANGUAGES, _, adopt
from bot.models import Chat
from bot.tg.buttons import button_fields
from bot.tg.handlers.base import (
    Button,
    Context,
    Toolkit,
    guarded,
    known_chat,
    reply,
    require_configurer,
)
from bot.tg.parse import arguments, limited

# Each language's own name, so that anyone finds theirs whatever the chat speaks now.
NAMES = {"en": "English", "ru": "Русский"}


def _buttons() -> list[list[Button]]:
    return [[(NAMES[code], f"lang:{code}") for code in LANGUAGES]]


def _now_speaking(chat: Chat) -> str:
    return _("🗣 negbot speaks {language} here now.").format(language=NAMES[chat.language])


@guarded
async def language(kit: Toolkit, update: Update, context: Context) -> None:
    """Show the chat's language with a button per language, or set it: /language ru."""
    chat = await known_chat(kit, update)
    message = update.effective_message
    wanted = arguments(message.text if message and message.text else "")
    if not wanted:
        text = _("The language here is {language}: /language en or /language ru changes it.")
        await reply(update, text.format(language=NAMES[chat.language]), _buttons())
        return
    if not await require_configurer(kit, update, context):
        return
    chat = await kit.services.following.set_language(chat.id, limited(wanted))
    adopt(chat.language)
    await reply(update, _now_speaking(chat))


@guarded
async def language_button(kit: Toolkit, update: Update, context: Context) -> None:
    """Set the chat's language from a button under /language."""
    query = update.callback_query
    if query is None:
        return
    (code,) = button_fields(query.data, "lang")
    chat = await known_chat(kit, update)
    if not await require_configurer(kit, update, context):
        return
    chat = await kit.services.following.set_language(chat.id, code)
    adopt(chat.language)
    await query.answer()
    await reply(update, _now_speaking(chat))

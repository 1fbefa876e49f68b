"""Who may do what: editors change the calendar; in groups, admins change the group's settings."""

from __future__ import annotations

import logging

from telegram import Bot, Chat, ChatMember
from telegram.error import TelegramError

from bot.i18n import N_

log = logging.getLogger(__name__)
_ADMIN_STATUSES = {ChatMember.OWNER, ChatMember.ADMINISTRATOR}

EDITORS_ONLY = N_(
    "Only editors can change the calendar: the bot's admins (NEGBOT_ADMIN_IDS) and, in a "
    "group, the group's administrators."
)
GROUP_ADMINS_ONLY = N_("In a group, only its administrators change what the group follows.")


async def is_group_admin(bot: Bot, chat: Chat, user_id: int) -> bool:
    """Tell whether the user administers this group (asked with getChatMember)."""
    if chat.type == Chat.PRIVATE:
        return False
    try:
        member = await bot.get_chat_member(chat.id, user_id)
    except TelegramError as exc:
        log.warning("cannot check the administrators of chat %s: %s", chat.id, exc)
        return False
    return member.status in _ADMIN_STATUSES


async def is_editor(bot: Bot, chat: Chat, user_id: int, admin_ids: frozenset[int]) -> bool:
    """Tell whether the user may change the calendar from this chat."""
    if user_id in admin_ids:
        return True
    return await is_group_admin(bot, chat, user_id)


async def may_configure(bot: Bot, chat: Chat, user_id: int, admin_ids: frozenset[int]) -> bool:
    """Tell whether the user may change this chat's subscriptions and settings."""
    if chat.type == Chat.PRIVATE or user_id in admin_ids:
        return True
    return await is_group_admin(bot, chat, user_id)

"""Bot API methods about the bot itself, chats, members, commands and the menu button."""

from __future__ import annotations

import json
import re
from typing import Any

from .errors import bad_request
from .messaging import Handler, target_chat
from .models import BotCommand, JsonObject, User
from .params import Params
from .state import World

_COMMAND = re.compile(r"[a-z0-9_]{1,32}")
_ADMIN_RIGHTS = {
    "can_be_edited": False,
    "is_anonymous": False,
    "can_manage_chat": True,
    "can_delete_messages": True,
    "can_manage_video_chats": True,
    "can_restrict_members": True,
    "can_promote_members": False,
    "can_change_info": True,
    "can_invite_users": True,
    "can_post_stories": False,
    "can_edit_stories": False,
    "can_delete_stories": False,
    "can_pin_messages": True,
}


def get_me(world: World, params: Params) -> JsonObject:
    return world.bot.to_api() | {
        "can_join_groups": True,
        "can_read_all_group_messages": False,
        "supports_inline_queries": False,
        "can_connect_to_business": False,
        "has_main_web_app": False,
    }


def get_chat(world: World, params: Params) -> JsonObject:
    return target_chat(world, params).full_info()


def member_json(world: World, chat_id: int, user: User) -> JsonObject:
    """The ChatMember of user in a chat, from the administrators set by the test."""
    admins = world.admins.get(chat_id)
    if admins is not None and user.id == admins.creator_id:
        return {"status": "creator", "user": user.to_api(), "is_anonymous": False}
    if admins is not None and user.id in admins.admin_ids:
        return {"status": "administrator", "user": user.to_api()} | _ADMIN_RIGHTS
    return {"status": "member", "user": user.to_api()}


def get_chat_member(world: World, params: Params) -> JsonObject:
    chat = target_chat(world, params)
    user = world.user(params.require_int("user_id"))
    return member_json(world, chat.id, user)


def get_chat_administrators(world: World, params: Params) -> list[JsonObject]:
    chat = target_chat(world, params)
    if chat.type == "private":
        raise bad_request("there are no administrators in the private chat")
    admins = world.admins.get(chat.id)
    if admins is None:
        return []
    ids = ([admins.creator_id] if admins.creator_id is not None else []) + sorted(admins.admin_ids)
    return [member_json(world, chat.id, world.user(user_id)) for user_id in ids]


def _commands_key(params: Params) -> tuple[str, str]:
    scope = params.json_object("scope") or {"type": "default"}
    return json.dumps(scope, sort_keys=True), params.string("language_code") or ""


def set_my_commands(world: World, params: Params) -> bool:
    raw = params.json_value("commands")
    if not isinstance(raw, list) or len(raw) > 100:
        raise bad_request("can't parse commands JSON object")
    commands: list[BotCommand] = []
    for entry in raw:
        if not isinstance(entry, dict):
            raise bad_request("can't parse BotCommand")
        command, description = str(entry.get("command", "")), str(entry.get("description", ""))
        if not _COMMAND.fullmatch(command):
            raise bad_request("BOT_COMMAND_INVALID")
        if not 1 <= len(description) <= 256:
            raise bad_request("command description is empty")
        commands.append(BotCommand(command=command, description=description))
    key = _commands_key(params)
    if commands:
        world.commands[key] = tuple(commands)
    else:
        world.commands.pop(key, None)
    return True


def get_my_commands(world: World, params: Params) -> list[JsonObject]:
    return [command.to_api() for command in world.commands.get(_commands_key(params), ())]


def delete_my_commands(world: World, params: Params) -> bool:
    world.commands.pop(_commands_key(params), None)
    return True


def set_chat_menu_button(world: World, params: Params) -> bool:
    button = params.json_object("menu_button") or {"type": "default"}
    world.menu_buttons[params.integer("chat_id")] = button
    return True


def get_chat_menu_button(world: World, params: Params) -> Any:
    chat_id = params.integer("chat_id")
    return world.menu_buttons.get(chat_id, {"type": "commands" if chat_id is None else "default"})


HANDLERS: dict[str, Handler] = {
    "getMe": get_me,
    "getChat": get_chat,
    "getChatMember": get_chat_member,
    "getChatAdministrators": get_chat_administrators,
    "setMyCommands": set_my_commands,
    "getMyCommands": get_my_commands,
    "deleteMyCommands": delete_my_commands,
    "setChatMenuButton": set_chat_menu_button,
    "getChatMenuButton": get_chat_menu_button,
}

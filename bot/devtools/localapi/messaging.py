"""Bot API methods that send, edit, delete and answer messages, with Telegram's checks."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from .errors import bad_request
from .markup import MAX_CAPTION, format_text
from .models import Chat, Entity, JsonObject, Message
from .params import Params
from .state import World

Handler = Callable[[World, Params], Any]

_BUTTON_ACTIONS = frozenset(
    {
        "callback_data",
        "url",
        "web_app",
        "login_url",
        "switch_inline_query",
        "switch_inline_query_current_chat",
        "switch_inline_query_chosen_chat",
        "copy_text",
        "callback_game",
        "pay",
    }
)
_NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly "
    "the same as a current content and reply markup of the message"
)


def target_chat(world: World, params: Params) -> Chat:
    """The chat named by chat_id, which must be one the server knows."""
    return world.chat(params.require_str("chat_id", missing="chat_id is empty"))


def reply_markup(params: Params) -> JsonObject | None:
    """The reply_markup parameter, with Telegram's checks on inline keyboards."""
    markup = params.json_object("reply_markup")
    keyboard = None if markup is None else markup.get("inline_keyboard")
    if keyboard is None:
        return markup
    if not isinstance(keyboard, list) or not all(isinstance(row, list) for row in keyboard):
        raise bad_request(
            "can't parse inline keyboard button: InlineKeyboardButton must be an Object"
        )
    for row in keyboard:
        for button in row:
            if not isinstance(button, dict) or not isinstance(button.get("text"), str):
                raise bad_request("can't parse inline keyboard button: Text must be a String")
            if not _BUTTON_ACTIONS & button.keys():
                raise bad_request("text buttons are unallowed in the inline keyboard")
            data = button.get("callback_data")
            if data is not None and not 1 <= len(str(data).encode("utf-8")) <= 64:
                raise bad_request("BUTTON_DATA_INVALID")
    return markup


def _inline_only(markup: JsonObject | None) -> JsonObject | None:
    # A message carries only an inline keyboard; reply keyboards belong to the client.
    return markup if markup is not None and "inline_keyboard" in markup else None


def _reply_target(world: World, chat: Chat, params: Params) -> Message | None:
    options = params.json_object("reply_parameters") or {}
    message_id = options.get("message_id") or params.integer("reply_to_message_id")
    if message_id is None:
        return None
    found = world.message(chat.id, int(message_id))
    lenient = options.get("allow_sending_without_reply") or params.flag(
        "allow_sending_without_reply"
    )
    if found is None and not lenient:
        raise bad_request("message to be replied not found")
    return found


def _explicit_entities(params: Params, name: str) -> tuple[Entity, ...]:
    raw = params.json_value(name) or []
    if not isinstance(raw, list):
        raise bad_request(f"can't parse {name} JSON object")
    try:
        return tuple(
            Entity(
                type=str(e["type"]),
                offset=int(e["offset"]),
                length=int(e["length"]),
                url=e.get("url"),
            )
            for e in raw
        )
    except (KeyError, TypeError, ValueError):
        raise bad_request(f"can't parse {name}") from None


def send_message(world: World, params: Params) -> JsonObject:
    chat = target_chat(world, params)
    text = params.require_str("text", missing="message text is empty")
    parse_mode = params.string("parse_mode")
    plain, entities = format_text(text, parse_mode)
    entities = entities or _explicit_entities(params, "entities")
    markup = reply_markup(params)
    message = world.add_message(
        chat,
        world.bot,
        text=plain,
        entities=entities,
        reply_markup=_inline_only(markup),
        reply_to=_reply_target(world, chat, params),
    )
    world.record(
        "sendMessage",
        chat_id=chat.id,
        message_id=message.message_id,
        text=text,
        parse_mode=parse_mode,
        reply_markup=markup,
        message=message,
        params=params.as_mapping(),
    )
    return message.to_api()


def send_document(world: World, params: Params) -> JsonObject:
    chat = target_chat(world, params)
    upload = params.upload("document")
    if upload is not None:
        stored = world.store_file(upload)
    else:
        reference = params.string("document")
        if reference is None:
            raise bad_request("there is no document in the request")
        if reference.startswith(("http://", "https://")):
            # The local server reaches no network, as a test peer should not.
            raise bad_request("failed to get HTTP URL content")
        found = world.files.get(reference)
        if found is None:
            raise bad_request("wrong file identifier/HTTP URL specified")
        stored = found
    caption = params.string("caption")
    parse_mode = params.string("parse_mode")
    plain: str | None = None
    entities: tuple[Entity, ...] = ()
    if caption:
        plain, entities = format_text(caption, parse_mode, limit=MAX_CAPTION, empty="")
    markup = reply_markup(params)
    message = world.add_message(
        chat,
        world.bot,
        document=stored,
        caption=plain,
        caption_entities=entities,
        reply_markup=_inline_only(markup),
        reply_to=_reply_target(world, chat, params),
    )
    world.record(
        "sendDocument",
        chat_id=chat.id,
        message_id=message.message_id,
        caption=caption,
        parse_mode=parse_mode,
        reply_markup=markup,
        document=stored,
        message=message,
        params=params.as_mapping(),
    )
    return message.to_api()


def _editable(world: World, params: Params) -> Message:
    if params.has("inline_message_id"):
        raise bad_request("inline messages are not supported by the local Bot API")
    chat = target_chat(world, params)
    found = world.message(chat.id, params.require_int("message_id"))
    if found is None:
        raise bad_request("message to edit not found")
    if found.sender.id != world.bot.id:
        raise bad_request("message can't be edited")
    return found


def _finish_edit(world: World, params: Params, method: str, old: Message, new: Message) -> Any:
    if new == old:
        raise bad_request(_NOT_MODIFIED)
    edited = world.replace_message(dataclasses.replace(new, edit_date=world.now()))
    world.record(
        method,
        chat_id=edited.chat.id,
        message_id=edited.message_id,
        text=params.string("text"),
        parse_mode=params.string("parse_mode"),
        reply_markup=edited.reply_markup,
        message=edited,
        params=params.as_mapping(),
    )
    return edited.to_api()


def edit_message_text(world: World, params: Params) -> Any:
    old = _editable(world, params)
    if old.text is None:
        raise bad_request("there is no text in the message to edit")
    plain, entities = format_text(params.require_str("text"), params.string("parse_mode"))
    entities = entities or _explicit_entities(params, "entities")
    # Telegram drops the inline keyboard when an edit does not repeat it.
    new = dataclasses.replace(
        old, text=plain, entities=entities, reply_markup=_inline_only(reply_markup(params))
    )
    return _finish_edit(world, params, "editMessageText", old, new)


def edit_message_reply_markup(world: World, params: Params) -> Any:
    old = _editable(world, params)
    new = dataclasses.replace(old, reply_markup=_inline_only(reply_markup(params)))
    return _finish_edit(world, params, "editMessageReplyMarkup", old, new)


def delete_message(world: World, params: Params) -> bool:
    chat = target_chat(world, params)
    message_id = params.require_int("message_id")
    if not world.delete_message(chat.id, message_id):
        raise bad_request("message to delete not found")
    world.record(
        "deleteMessage", chat_id=chat.id, message_id=message_id, params=params.as_mapping()
    )
    return True


def answer_callback_query(world: World, params: Params) -> bool:
    query = world.callbacks.pop(params.require_str("callback_query_id"), None)
    if query is None:
        raise bad_request("query is too old and response timeout expired or query ID is invalid")
    world.record(
        "answerCallbackQuery",
        chat_id=query.message.chat.id,
        message_id=query.message.message_id,
        text=params.string("text"),
        params=params.as_mapping(),
    )
    return True


def send_chat_action(world: World, params: Params) -> bool:
    # Not recorded: a typing indicator is noise for tests waiting on replies.
    target_chat(world, params)
    params.require_str("action")
    return True


def get_file(world: World, params: Params) -> JsonObject:
    found = world.files.get(params.require_str("file_id"))
    if found is None:
        raise bad_request("invalid file_id")
    return found.to_file()


HANDLERS: dict[str, Handler] = {
    "sendMessage": send_message,
    "sendDocument": send_document,
    "editMessageText": edit_message_text,
    "editMessageReplyMarkup": edit_message_reply_markup,
    "deleteMessage": delete_message,
    "answerCallbackQuery": answer_callback_query,
    "sendChatAction": send_chat_action,
    "getFile": get_file,
}

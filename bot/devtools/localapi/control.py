"""The HTTP control interface under /control/, so another process can drive the local Bot API."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, Literal, TypeVar

import pydantic
from aiohttp import web

from .control_api import ControlApi
from .errors import ApiError
from .faults import Fault, FaultKind
from .models import ChannelOrigin, ChatType, HiddenUserOrigin
from .records import SentRecord

Body = TypeVar("Body", bound=pydantic.BaseModel)
Route = Callable[[web.Request], Awaitable[web.StreamResponse]]


class _Body(pydantic.BaseModel):
    model_config = pydantic.ConfigDict(frozen=True, extra="forbid")


class MessageBody(_Body):
    text: str
    chat_id: int
    chat_type: ChatType | None = None
    user_id: int | None = None
    username: str | None = None
    first_name: str | None = None
    chat_title: str | None = None
    reply_to_message_id: int | None = None
    forward_from_channel: str | None = None
    forward_sender_name: str | None = None


class CallbackBody(_Body):
    chat_id: int
    message_id: int
    data: str
    user_id: int | None = None


class FaultBody(_Body):
    kind: FaultKind
    method: str | None = None
    chat_id: int | None = None
    times: int | None = 1
    duration: float | None = None
    retry_after: int = 1
    new_chat_id: int | None = None
    status: int = 502
    delay: float = 0.0


class AdminsBody(_Body):
    chat_id: int
    admin_ids: list[int]
    creator_id: int | None = None


class ChatBody(_Body):
    chat_id: int
    chat_type: ChatType | None = None
    title: str | None = None
    action: Literal["add", "block", "migrate"] = "add"
    new_chat_id: int | None = None


class FloodBody(_Body):
    limit: int | None


class WaitBody(_Body):
    since: int = 0
    chat_id: int | None = None
    method: str | None = None
    count: int = pydantic.Field(default=1, ge=1)
    timeout: float = pydantic.Field(default=5.0, gt=0, le=30)


async def _read(request: web.Request, model: type[Body]) -> Body:
    try:
        return model.model_validate_json(await request.read() or b"{}")
    except pydantic.ValidationError as error:
        raise web.HTTPBadRequest(
            text=error.json(include_url=False), content_type="application/json"
        ) from None


def _sent_json(records: list[SentRecord]) -> dict[str, Any]:
    return {"sent": [record.to_json() for record in records]}


def add_routes(app: web.Application, api: ControlApi) -> None:
    """Mount the control routes; they live outside /bot<token>/, out of the bot's reach."""

    def guarded(route: Route) -> Route:
        async def run(request: web.Request) -> web.StreamResponse:
            try:
                return await route(request)
            except (ValueError, ApiError) as error:
                return web.json_response({"ok": False, "error": str(error)}, status=400)
            except LookupError as error:
                return web.json_response({"ok": False, "error": str(error)}, status=404)

        return run

    async def post_message(request: web.Request) -> web.Response:
        body = await _read(request, MessageBody)
        fields = body.model_dump(exclude={"forward_from_channel", "forward_sender_name", "text"})
        if body.forward_from_channel or body.forward_sender_name:
            origin = (
                ChannelOrigin(title=body.forward_from_channel)
                if body.forward_from_channel
                else HiddenUserOrigin(name=body.forward_sender_name or "")
            )
            update = api.inject_forward(
                body.text,
                chat_id=body.chat_id,
                origin=origin,
                user_id=body.user_id,
                chat_type=body.chat_type,
            )
        else:
            update = api.inject_message(body.text, **fields)
        return web.json_response({"ok": True, "update": update.to_api()})

    async def post_callback(request: web.Request) -> web.Response:
        body = await _read(request, CallbackBody)
        update = api.press_button(**body.model_dump())
        return web.json_response({"ok": True, "update": update.to_api()})

    async def get_sent(request: web.Request) -> web.Response:
        since = int(request.query.get("since", "0"))
        chat = request.query.get("chat_id")
        records = [r for r in api.sent if r.id > since and (chat is None or r.chat_id == int(chat))]
        return web.json_response(_sent_json(records) | {"last_id": api.last_sent_id})

    async def wait_sent(request: web.Request) -> web.Response:
        body = await _read(request, WaitBody)

        def wanted(record: SentRecord) -> bool:
            chat_ok = body.chat_id is None or record.chat_id == body.chat_id
            return chat_ok and (body.method is None or record.method == body.method)

        try:
            records = await api.wait_for_sent(
                wanted, count=body.count, timeout=body.timeout, since=body.since
            )
        except TimeoutError as error:
            return web.json_response({"ok": False, "error": str(error)}, status=408)
        return web.json_response(_sent_json(records))

    async def post_fault(request: web.Request) -> web.Response:
        body = await _read(request, FaultBody)
        fault = Fault(
            kind=body.kind,
            retry_after=body.retry_after,
            new_chat_id=body.new_chat_id,
            status=body.status,
            delay=body.delay,
        )
        rule = api.inject_fault(
            fault,
            method=body.method,
            chat_id=body.chat_id,
            times=body.times,
            duration=body.duration,
        )
        return web.json_response({"ok": True, "id": rule.id})

    async def delete_faults(request: web.Request) -> web.Response:
        api.clear_faults()
        return web.json_response({"ok": True})

    async def post_admins(request: web.Request) -> web.Response:
        body = await _read(request, AdminsBody)
        api.set_admins(body.chat_id, body.admin_ids, creator_id=body.creator_id)
        return web.json_response({"ok": True})

    async def post_chat(request: web.Request) -> web.Response:
        body = await _read(request, ChatBody)
        if body.action == "block":
            api.block_bot(body.chat_id)
        elif body.action == "migrate":
            if body.new_chat_id is None:
                raise ValueError("migrate needs new_chat_id")
            api.migrate_chat(body.chat_id, body.new_chat_id)
        else:
            api.add_chat(body.chat_id, chat_type=body.chat_type, title=body.title)
        return web.json_response({"ok": True})

    async def post_flood(request: web.Request) -> web.Response:
        api.set_flood_limit((await _read(request, FloodBody)).limit)
        return web.json_response({"ok": True})

    async def get_stats(request: web.Request) -> web.Response:
        return web.json_response(api.stats.to_json())

    async def get_messages(request: web.Request) -> web.Response:
        messages = api.messages(int(request.query["chat_id"]))
        return web.json_response({"messages": [m.to_api() for m in messages]})

    async def post_clear(request: web.Request) -> web.Response:
        api.clear()
        return web.json_response({"ok": True})

    routes: list[tuple[str, str, Route]] = [
        ("POST", "/control/messages", post_message),
        ("GET", "/control/messages", get_messages),
        ("POST", "/control/callbacks", post_callback),
        ("GET", "/control/sent", get_sent),
        ("POST", "/control/sent/wait", wait_sent),
        ("POST", "/control/faults", post_fault),
        ("DELETE", "/control/faults", delete_faults),
        ("POST", "/control/admins", post_admins),
        ("POST", "/control/chats", post_chat),
        ("POST", "/control/flood", post_flood),
        ("GET", "/control/stats", get_stats),
        ("POST", "/control/clear", post_clear),
    ]
    for verb, path, route in routes:
        app.router.add_route(verb, path, guarded(route))

"""The local Bot API server: aiohttp on loopback, speaking Telegram's HTTP protocol to a bot."""

from __future__ import annotations

import ipaddress
import re
import time
from collections.abc import Callable
from types import TracebackType
from typing import Any, Self

import aiohttp
from aiohttp import web

from . import chats, control, messaging
from .control_api import ControlApi
from .errors import ApiError, not_found, too_many_requests, unauthorized
from .faults import FLOOD_METHODS, FaultBook, FloodLimiter
from .models import User
from .params import Params
from .polling import Poller
from .state import World
from .webhook import WebhookConfig, WebhookPusher

DEFAULT_TOKEN = "123456789:LOCAL-test-token_for-negbot"
# Telegram answers 404 rather than 401 to tokens that are not even shaped like one.
_TOKEN_SHAPE = re.compile(r"\d+:[A-Za-z0-9_-]+")


def _loopback_only(host: str) -> str:
    if host != "localhost" and not ipaddress.ip_address(host).is_loopback:
        raise ValueError(f"the local Bot API binds only to loopback addresses, not {host}")
    return host


class LocalBotApi(ControlApi):
    """A Bot API peer on 127.0.0.1 for PTB's Application; `async with` starts and stops it.

    Pass `base_url` and `base_file_url` to PTB's ApplicationBuilder. As Telegram does, a
    well-formed but wrong token answers 401 and a malformed one 404; an unknown method answers
    404 too. PTB maps 401 and 404 alike to InvalidToken (Bot.do_api_request re-raises an
    unknown method as EndPointNotFound), so a typo in a method name looks like a bad token.
    """

    def __init__(
        self,
        token: str = DEFAULT_TOKEN,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        bot_username: str = "negbot_local_bot",
        bot_name: str = "Negbot",
        flood_limit: int | None = None,
        per_chat_limit: int | None = None,
        max_poll_timeout: float = 50.0,
        clock: Callable[[], float] = time.time,
    ) -> None:
        if not _TOKEN_SHAPE.fullmatch(token):
            raise ValueError("a bot token looks like 123456:ABC-def")
        self._token = token
        self._host = _loopback_only(host)
        self._port = port
        self._max_poll_timeout = max_poll_timeout
        bot = User(
            id=int(token.split(":")[0]), first_name=bot_name, is_bot=True, username=bot_username
        )
        world = World(bot=bot, clock=clock)
        faults = FaultBook(clock)  # a fault's duration runs on the server's clock
        super().__init__(world, faults, FloodLimiter(flood_limit, per_chat=per_chat_limit))
        self._runner: web.AppRunner | None = None
        self._session: aiohttp.ClientSession | None = None
        self._webhook: WebhookPusher | None = None
        self._poller: Poller | None = None
        self._canonical = {name.lower(): name for name in self._method_names()}

    @staticmethod
    def _method_names() -> list[str]:
        own = ["getUpdates", "setWebhook", "deleteWebhook", "getWebhookInfo", "close", "logOut"]
        return [*messaging.HANDLERS, *chats.HANDLERS, *own]

    # Lifecycle.

    async def start(self) -> None:
        if self._runner is not None:
            raise RuntimeError("the local Bot API is already running")
        self._closing = False
        self._session = aiohttp.ClientSession()
        try:
            await self._serve()
        except BaseException:
            await self.stop()
            raise

    async def _serve(self) -> None:
        assert self._session is not None
        self._webhook = WebhookPusher(self.world, self._session)
        self._poller = Poller(self.world, self._webhook, self._max_poll_timeout)
        # Telegram takes uploads up to 50 MB; aiohttp's default would refuse bodies over 1 MiB.
        app = web.Application(client_max_size=50 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle_call)
        app.router.add_get("/file/bot{token}/{path:.+}", self._handle_file)
        control.add_routes(app, self)
        # Cancelling a handler whose client went away frees long polls PTB abandoned.
        self._runner = web.AppRunner(app, handler_cancellation=True, shutdown_timeout=2.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self._host, self._port)
        await site.start()
        self._port = self._bound_port()

    def _bound_port(self) -> int:
        assert self._runner is not None
        for address in self._runner.addresses:
            return int(address[1])
        raise RuntimeError("the local Bot API did not bind")

    async def stop(self) -> None:
        """Answer pending long polls, stop the webhook worker, close every socket."""
        self._closing = True
        self.closed.notify()
        if self._poller is not None:
            self._poller.close()
        if self._webhook is not None:
            await self._webhook.close()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.stop()

    @property
    def token(self) -> str:
        return self._token

    @property
    def port(self) -> int:
        """The bound port, once started (port=0 lets the system choose a free one)."""
        return self._port

    @property
    def root_url(self) -> str:
        return f"http://{self._host}:{self._port}"

    @property
    def base_url(self) -> str:
        """For ApplicationBuilder().base_url(): PTB appends the token and the method."""
        return f"{self.root_url}/bot"

    @property
    def base_file_url(self) -> str:
        return f"{self.root_url}/file/bot"

    @property
    def webhook(self) -> WebhookConfig | None:
        """The webhook set by the bot (a WebhookConfig), or None while it polls."""
        return None if self._webhook is None else self._webhook.config

    # Requests.

    async def _handle_call(self, request: web.Request) -> web.Response:
        try:
            result = await self._answer(request)
        except ApiError as error:
            self._errors[error.status] += 1
            return web.json_response(error.to_api(), status=error.status)
        return web.json_response({"ok": True, "result": result})

    async def _answer(self, request: web.Request) -> Any:
        token = request.match_info["token"]
        if token != self._token:
            raise unauthorized() if _TOKEN_SHAPE.fullmatch(token) else not_found()
        # Bot API method names are case-insensitive.
        name = self._canonical.get(request.match_info["method"].lower())
        if name is None:
            raise not_found()
        params = await Params.from_request(request)
        # Counted after the last await before dispatch, so that wait_for_call() returns only
        # once a getUpdates long poll is really waiting.
        self._count_call(name)
        delay, error = self.faults.take(name, self._scope_chat(params))
        if delay:
            await self.closed.wait_until(lambda: self._closing, delay)
        if error is not None:
            raise error
        if name in FLOOD_METHODS and not self.flood.admit(self._scope_chat(params)):
            raise too_many_requests(1)
        return await self._dispatch(name, params)

    def _scope_chat(self, params: Params) -> int | None:
        reference = params.string("chat_id")
        if reference is None:
            return None
        try:
            return self.world.chat(reference).id
        except ApiError:
            return params.integer("chat_id") if reference.lstrip("-").isdigit() else None

    async def _dispatch(self, name: str, params: Params) -> Any:
        assert self._poller is not None
        assert self._webhook is not None
        if name == "getUpdates":
            return await self._poller.get_updates(params)
        if name == "setWebhook":
            return self._webhook.set_webhook(params)
        if name == "deleteWebhook":
            return self._webhook.delete_webhook(params)
        if name == "getWebhookInfo":
            return self._webhook.webhook_info(params)
        if name in ("close", "logOut"):
            return True
        handler = messaging.HANDLERS.get(name) or chats.HANDLERS[name]
        return handler(self.world, params)

    async def _handle_file(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self._token:
            return web.json_response(unauthorized().to_api(), status=401)
        path = request.match_info["path"]
        for stored in self.world.files.values():
            if stored.file_path == path:
                return web.Response(body=stored.content, content_type="application/octet-stream")
        return web.json_response(not_found().to_api(), status=404)

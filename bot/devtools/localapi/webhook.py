"""Webhook mode: setWebhook and friends, and the worker that posts updates to the bot's URL."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import ipaddress
import re
from typing import Any
from urllib.parse import urlsplit

import aiohttp

from .errors import bad_request
from .models import JsonObject
from .params import Params
from .state import World

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
_SECRET = re.compile(r"[A-Za-z0-9_-]{1,256}")


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class WebhookConfig:
    """Where updates go while a webhook is set, and the secret they carry."""

    url: str
    secret_token: str | None = None
    max_connections: int = 40
    allowed_updates: tuple[str, ...] | None = None


def _is_loopback(url: str) -> bool:
    host = urlsplit(url).hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class WebhookPusher:
    """Posts pending updates to the webhook one at a time, oldest first, retrying on failure.

    Telegram insists on HTTPS; the local server takes plain HTTP instead, but only to
    loopback addresses, since it is a test peer and must never send traffic elsewhere.
    """

    def __init__(self, world: World, session: aiohttp.ClientSession) -> None:
        self._world = world
        self._session = session
        self.config: WebhookConfig | None = None
        self.last_error_date: int | None = None
        self.last_error_message: str | None = None
        self.delivered = 0
        self._task: asyncio.Task[None] | None = None

    def set_webhook(self, params: Params) -> bool:
        url = params.string("url") or ""
        if not url:
            # Telegram treats an empty URL as removing the webhook.
            return self._remove(drop_pending=params.flag("drop_pending_updates"))
        if not url.startswith(("http://", "https://")) or not _is_loopback(url):
            raise bad_request("bad webhook: the local Bot API posts only to loopback addresses")
        secret = params.string("secret_token")
        if secret is not None and not _SECRET.fullmatch(secret):
            raise bad_request("secret token contains unallowed characters")
        allowed = params.json_value("allowed_updates")
        if allowed is not None:
            self._world.allowed_updates = frozenset(str(kind) for kind in allowed)
        if params.flag("drop_pending_updates"):
            self._world.drop_pending()
        self.config = WebhookConfig(
            url=url,
            secret_token=secret,
            max_connections=params.integer("max_connections") or 40,
            allowed_updates=None if allowed is None else tuple(allowed),
        )
        if self._task is None or self._task.done():
            self._task = asyncio.create_task(self._run(), name="localapi-webhook")
        return True

    def delete_webhook(self, params: Params) -> bool:
        return self._remove(drop_pending=params.flag("drop_pending_updates"))

    def _remove(self, *, drop_pending: bool) -> bool:
        self.config = None
        if self._task is not None:
            self._task.cancel()
            self._task = None
        if drop_pending:
            self._world.drop_pending()
        return True

    def webhook_info(self, params: Params) -> JsonObject:
        info: dict[str, Any] = {
            "url": self.config.url if self.config else "",
            "has_custom_certificate": False,
            "pending_update_count": len(self._world.pending()),
        }
        if self.config is not None:
            info["max_connections"] = self.config.max_connections
            if self.config.allowed_updates is not None:
                info["allowed_updates"] = list(self.config.allowed_updates)
        if self.last_error_date is not None:
            info["last_error_date"] = self.last_error_date
            info["last_error_message"] = self.last_error_message
        return info

    async def close(self) -> None:
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def _run(self) -> None:
        failures = 0
        while True:
            await self._world.updates_changed.wait_until(lambda: bool(self._world.pending(1)), None)
            config = self.config
            if config is None:
                return
            update = self._world.pending(1)[0]
            error = await self._post(config, update.to_api())
            if error is None:
                self._world.confirm(update.update_id + 1)
                self.delivered += 1
                failures = 0
                continue
            self.last_error_date = self._world.now()
            self.last_error_message = error
            failures += 1
            # Telegram backs off too; capped so tests that fix the receiver see delivery soon.
            await asyncio.sleep(min(0.05 * 2**failures, 1.0))

    async def _post(self, config: WebhookConfig, body: JsonObject) -> str | None:
        headers = {SECRET_HEADER: config.secret_token} if config.secret_token else {}
        try:
            async with self._session.post(
                config.url, json=body, headers=headers, timeout=aiohttp.ClientTimeout(total=5)
            ) as response:
                await response.read()
                if 200 <= response.status < 300:
                    return None
                return f"Wrong response from the webhook: {response.status} {response.reason}"
        except (aiohttp.ClientError, TimeoutError) as exc:
            return f"Connection failed: {exc.__class__.__name__}"

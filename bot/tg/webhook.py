"""Receive updates by webhook: Telegram POSTs them to our web server with a secret header."""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
from typing import Any

from aiohttp import web
from telegram import Update

from bot.web.app import WEBHOOK_PREFIX

log = logging.getLogger(__name__)
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
MAX_BODY = 1024 * 1024


def webhook_secret(token: str, configured: str | None) -> str:
    """Return the secret Telegram sends with each update: the configured one, or one derived
    from the bot token, the same for every instance and unguessable without the token."""
    if configured:
        return configured
    return hashlib.sha256(b"negbot webhook:" + token.encode()).hexdigest()[:48]


def webhook_path(secret: str) -> str:
    """Return the path updates are posted to (it carries part of the secret's hash, so that
    a stray POST does not even reach the handler)."""
    return WEBHOOK_PREFIX + hashlib.sha256(secret.encode()).hexdigest()[:24]


class WebhookRoute:
    """The POST route: check the secret, decode the update, hand it to the application."""

    def __init__(self, secret: str) -> None:
        self.secret = secret
        self.application: Any = None  # set once the bot is built (after the web server starts)

    async def handle(self, request: web.Request) -> web.Response:
        """Handle one update; answer 200 once it was handled (Telegram retries otherwise)."""
        given = request.headers.get(SECRET_HEADER, "")
        if not hmac.compare_digest(given.encode(), self.secret.encode()):
            return web.Response(status=403, text="forbidden\n")
        if self.application is None:
            return web.Response(status=503, text="starting\n")
        if request.content_length is not None and request.content_length > MAX_BODY:
            return web.Response(status=413, text="too large\n")
        try:
            data = json.loads(await request.read())
            update = Update.de_json(data, self.application.bot)
        except (ValueError, TypeError, KeyError):
            return web.Response(status=400, text="not an update\n")
        if update is None:
            return web.Response(status=400, text="not an update\n")
        # Handled before answering: if this process dies meanwhile, Telegram sends the update
        # again, and the record of handled updates keeps it from being handled twice.
        await self.application.process_update(update)
        return web.Response(text="ok\n")

    def route(self) -> web.RouteDef:
        """Return the aiohttp route definition."""
        return web.post(webhook_path(self.secret), self.handle)

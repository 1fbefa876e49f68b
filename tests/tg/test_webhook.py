"""Webhook mode: Telegram posts updates to the web server with a secret header."""

from __future__ import annotations

import socket
from pathlib import Path

import aiohttp
import pytest

from bot.config import Settings
from bot.devtools.localapi import LocalBotApi
from bot.errors import InputError
from bot.runtime import started
from bot.tg.webhook import SECRET_HEADER, webhook_path, webhook_secret


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _settings(tmp_path: Path, port: int) -> Settings:
    return Settings.model_validate(
        {
            "database_url": f"sqlite:///{tmp_path / 'hook.db'}",
            "http_host": "127.0.0.1",
            "http_port": port,
            "public_url": f"http://127.0.0.1:{port}",
        }
    )


async def test_updates_arrive_by_webhook_and_forged_ones_are_refused(tmp_path: Path) -> None:
    port = _free_port()
    settings = _settings(tmp_path, port)
    async with LocalBotApi() as api:
        async with started(
            settings, token=api.token, telegram_base_url=api.base_url, webhook=True
        ) as running:
            assert running.webhook is not None
            assert api.webhook is not None
            assert api.webhook.url == running.webhook
            since = api.last_sent_id
            api.inject_message("/help", chat_id=777)
            (answer,) = await api.wait_for_sent(
                lambda r: r.method == "sendMessage", since=since, timeout=10
            )
            assert answer.chat_id == 777
            secret = webhook_secret(api.token, None)
            url = f"http://127.0.0.1:{port}{webhook_path(secret)}"
            update = {
                "update_id": 99,
                "message": {
                    "message_id": 1,
                    "date": 0,
                    "chat": {"id": 778, "type": "private"},
                    "text": "/help",
                },
            }
            async with aiohttp.ClientSession() as http:
                async with http.post(url, json=update, headers={SECRET_HEADER: "wrong"}) as bad:
                    assert bad.status == 403
                async with http.post(url, json=update) as missing:
                    assert missing.status == 403
                async with http.post(
                    url, data=b"{not json", headers={SECRET_HEADER: secret}
                ) as garbage:
                    assert garbage.status == 400
            assert not [r for r in api.sent if r.chat_id == 778]
        assert api.token not in (running.webhook or "")


async def test_webhook_mode_needs_a_public_address(tmp_path: Path) -> None:
    settings = _settings(tmp_path, _free_port()).model_copy(update={"public_url": None})
    async with LocalBotApi() as api:
        with pytest.raises(InputError, match="NEGBOT_PUBLIC_URL"):
            async with started(
                settings, token=api.token, telegram_base_url=api.base_url, webhook=True
            ):
                pass

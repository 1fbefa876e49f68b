"""`negbot run` against a Bot API that refuses it: one line on stderr, the token nowhere."""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiohttp import web

TOKEN = "123456:AAHsecretPartOfTheTokenXYZ"
SECRET = TOKEN.split(":", 1)[1]


@pytest.fixture
async def refusing_api() -> AsyncIterator[str]:
    """Serve a Bot API whose every method answers with the status named in the path."""

    async def answer(request: web.Request) -> web.Response:
        status = int(request.match_info["status"])
        body = {"ok": False, "error_code": status, "description": f"status {status}"}
        return web.json_response(body, status=status)

    app = web.Application()
    app.router.add_route("*", "/{status:\\d+}/{rest:.*}", answer)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        await runner.cleanup()


async def _run(base_url: str, tmp_path: Path) -> tuple[int, str, str]:
    env = {
        **os.environ,
        "NEGBOT_DATABASE_URL": f"sqlite:///{tmp_path / 'run.db'}",
        "NEGBOT_TELEGRAM_TOKEN": TOKEN,
        "NEGBOT_TELEGRAM_BASE_URL": base_url,
        "NEGBOT_LOG_LEVEL": "DEBUG",
    }
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "run", "--no-web",
        env=env, cwd=tmp_path,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    try:
        out, err = await asyncio.wait_for(process.communicate(), timeout=60)
    except TimeoutError:
        process.kill()
        await process.wait()
        raise
    return process.returncode or 0, out.decode(), err.decode()


def _stored(folder: Path) -> bytes:
    """Return the bytes of the database file and its journals, wherever the token could hide."""
    return b"".join(p.read_bytes() for p in folder.glob("run.db*"))


@pytest.mark.parametrize(
    ("where", "problem"),
    [
        ("401/bot", "rejected the token"),
        ("404/bot", "rejected the token"),
        ("500/bot", "failed"),
        ("502/bot", "failed"),
        ("refused", "failed: httpx.ConnectError"),
        ("not a url", "NEGBOT_TELEGRAM_BASE_URL: Value error, not an http(s) URL"),
    ],
)
async def test_a_refusing_bot_api_is_one_line_without_the_token(
    where: str, problem: str, refusing_api: str, tmp_path: Path
) -> None:
    base = {"refused": "http://127.0.0.1:1/bot", "not a url": "not a url"}.get(
        where, f"{refusing_api}/{where}"
    )
    status, out, err = await _run(base, tmp_path)
    assert status == 1
    assert "Traceback" not in err
    last = err.strip().splitlines()[-1]
    assert last.startswith("negbot run: "), err
    assert problem in last, err
    stored = _stored(tmp_path)
    for text in (out, err, stored.decode("utf-8", "replace")):
        assert SECRET not in text

"""What the web tests share: a server over a store, raw HTTP, programs run without blocking."""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from bot.clock import ManualClock
from bot.config import Settings
from bot.services.container import Services
from bot.store import Store
from bot.web import WebOptions, WebServer

BOT_USERNAME = "negbot_test_bot"
FAST = WebOptions(poll_seconds=0.2)  # changes made elsewhere are seen within 0.2 s


def settings(**overrides: object) -> Settings:
    """Return settings for a server on 127.0.0.1 with a free port (no environment, no .env)."""
    values: dict[str, object] = {
        "http_host": "127.0.0.1",
        "http_port": 0,
        "bot_username": BOT_USERNAME,
    }
    values.update(overrides)
    return Settings.model_validate(values)


@contextlib.asynccontextmanager
async def serving(
    store: Store,
    clock: ManualClock,
    options: WebOptions = FAST,
    **overrides: object,
) -> AsyncIterator[WebServer]:
    """Run a web server over `store` for the duration of the block."""
    services = Services.build(settings(**overrides), store, clock)
    server = WebServer(services, options=options)
    await server.start()
    try:
        yield server
    finally:
        await server.stop()


@dataclass(frozen=True, slots=True)
class RawAnswer:
    """An HTTP answer read off the socket."""

    status: int
    headers: dict[str, str]
    body: bytes


async def raw_request(
    port: int, target: str | bytes, method: str = "GET", headers: Sequence[str] = ()
) -> RawAnswer:
    """Send one request exactly as written (no client normalises the target) and read the answer."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        line = target if isinstance(target, bytes) else target.encode("latin-1")
        head = b"%s %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n" % (
            method.encode(),
            line,
        )
        for header in headers:
            head += header.encode("latin-1") + b"\r\n"
        writer.write(head + b"\r\n")
        await writer.drain()
        data = await asyncio.wait_for(reader.read(-1), timeout=10)
    finally:
        writer.close()
        with contextlib.suppress(ConnectionError):
            await writer.wait_closed()
    head_bytes, _, body = data.partition(b"\r\n\r\n")
    status_line, *lines = head_bytes.decode("latin-1").split("\r\n")
    status = int(status_line.split()[1])
    found = {}
    for header in lines:
        name, _, value = header.partition(":")
        found[name.strip().lower()] = value.strip()
    return RawAnswer(status, found, body)


async def exchange(
    port: int, *writes: bytes, answers: int, heads: int = 0, pause: float = 0.0
) -> list[RawAnswer]:
    """Write raw bytes on one keep-alive connection (`pause` seconds between the writes) and
    read `answers` answers, the first `heads` of them without a body (HEAD, or 304)."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    found = []
    try:
        for index, chunk in enumerate(writes):
            if index and pause:
                await asyncio.sleep(pause)
            writer.write(chunk)
            await writer.drain()
        async with asyncio.timeout(10):
            for index in range(answers):
                head = await reader.readuntil(b"\r\n\r\n")
                status_line, *lines = head[:-4].decode("latin-1").split("\r\n")
                headers = {}
                for line in lines:
                    name, _, value = line.partition(":")
                    headers[name.strip().lower()] = value.strip()
                status = int(status_line.split()[1])
                length = int(headers.get("content-length", "0"))
                bodiless = index < heads or status == 304
                body = b"" if bodiless else await reader.readexactly(length)
                found.append(RawAnswer(status, headers, body))
    finally:
        writer.close()
        with contextlib.suppress(ConnectionError):
            await writer.wait_closed()
    return found


def metric(text: str, name: str, labels: str = "") -> float:
    """Return one sample's value from a Prometheus text page (0 when it is absent)."""
    key = f"{name}{{{labels}}}" if labels else name
    for line in text.splitlines():
        if line.startswith(key + " "):
            return float(line.rsplit(" ", 1)[1])
    return 0.0


@dataclass(frozen=True, slots=True)
class Ran:
    """A finished program."""

    returncode: int
    stdout: str
    stderr: str


def program_env(home: Path, zone: str = "Europe/Vienna", **extra: str) -> dict[str, str]:
    """Return a private environment: its own home, a fixed zone and locale, no terminal."""
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_DATA_HOME": str(home / ".local" / "share"),
        "XDG_CACHE_HOME": str(home / ".cache"),
        "TZ": zone,
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "PYTHONUTF8": "1",
        **extra,
    }


async def run(
    args: Sequence[str | Path],
    home: Path,
    *,
    env: dict[str, str] | None = None,
    seconds: float = 60,
) -> Ran:
    """Run a program without blocking the event loop (the server under test shares it)."""
    process = await asyncio.create_subprocess_exec(
        *(str(a) for a in args),
        cwd=home,
        env=env or program_env(home),
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        out, err = await asyncio.wait_for(process.communicate(), seconds)
    except TimeoutError:
        process.kill()
        await process.wait()
        raise
    assert process.returncode is not None
    return Ran(process.returncode, out.decode("utf-8"), err.decode("utf-8"))


def report(output: str) -> tuple[int, int, int, int]:
    """Read calcurse's import report: apps, events, todos, skipped."""
    found = re.search(r"(\d+) apps? / (\d+) events? / (\d+) todos? / (\d+) skipped", output)
    assert found is not None, output
    apps, events, todos, skipped = (int(n) for n in found.groups())
    return apps, events, todos, skipped

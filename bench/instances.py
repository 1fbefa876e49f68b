"""`negbot run` as a process for the benchmarks: started against a local Bot API, timed to
its "Telegram bot:" line, and its peak memory read from /proc."""

from __future__ import annotations

import asyncio
import os
import sys
import time
from pathlib import Path

from bot.devtools.localapi import LocalBotApi


def environment(url: str, api: LocalBotApi, **extra: str) -> dict[str, str]:
    """Return the environment of an instance on this database and this Bot API server."""
    return {
        **os.environ,
        "NEGBOT_DATABASE_URL": url,
        "NEGBOT_TELEGRAM_TOKEN": api.token,
        "NEGBOT_TELEGRAM_BASE_URL": api.base_url,
        "NEGBOT_LOG_LEVEL": "WARNING",
        **extra,
    }


async def start_instance(
    env: dict[str, str], line_wait: float = 120
) -> tuple[asyncio.subprocess.Process, float | None]:
    """Start `negbot run --no-web`; return it and the seconds until it was ready (None if it
    never said so). Each line of its output is awaited at most `line_wait` seconds."""
    started = time.perf_counter()
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "run",
        "--no-web",
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    assert process.stdout is not None
    for _ in range(100):  # bounded: a few lines are printed before the bot line
        line = await asyncio.wait_for(process.stdout.readline(), line_wait)
        if not line:
            return process, None
        if line.startswith(b"Telegram bot:"):
            return process, time.perf_counter() - started
    return process, None


def peak_rss(pid: int) -> int:
    """Return a process's peak resident memory in KB (VmHWM)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0

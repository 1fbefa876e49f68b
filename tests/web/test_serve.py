"""`negbot serve` as an operator runs it: a process that serves, then stops on SIGTERM."""

from __future__ import annotations

import asyncio
import re
import signal
import socket
import sys
from pathlib import Path

import aiohttp

from tests.conftest import ROOT
from tests.web.helpers import program_env


def serve_env(home: Path) -> dict[str, str]:
    """The environment of a `negbot serve` on a fresh SQLite file in `home`."""
    return program_env(
        home, NEGBOT_DATABASE_URL=f"sqlite:///{home / 'serve.db'}", PYTHONPATH=str(ROOT)
    )


async def test_serve_answers_and_stops_on_sigterm(tmp_path: Path) -> None:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        *("-m", "bot", "serve", "--host", "127.0.0.1", "--port", "0"),
        cwd=tmp_path,
        env=serve_env(tmp_path),
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        assert process.stdout is not None
        lines: list[str] = []
        async with asyncio.timeout(30):
            while len(lines) < 3:
                line = (await process.stdout.readline()).decode()
                assert line, "negbot serve ended early"
                lines.append(line.rstrip("\n"))
        found = re.fullmatch(r"negbot serve: listening on (http://127\.0\.0\.1:\d+)", lines[0])
        assert found is not None, lines
        base = found.group(1)
        assert lines[1:] == [f"page: {base}/", f"calendar feed: {base}/calendar.ics"]
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=10)) as http:
            async with http.get(f"{base}/healthz") as response:
                assert response.status == 200
            async with http.get(f"{base}/calendar.ics") as response:
                assert response.status == 200
                assert (await response.read()).startswith(b"BEGIN:VCALENDAR\r\n")
            async with http.get(f"{base}/") as response:
                assert response.status == 200
        process.send_signal(signal.SIGTERM)
        async with asyncio.timeout(15):
            out, err = await process.communicate()
        assert process.returncode == 0, err.decode()
        assert out.decode().strip().endswith("negbot serve: stopped")
        assert "Traceback" not in err.decode()
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()


async def test_serve_on_a_taken_port_says_so_in_one_line(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            *("-m", "bot", "serve", "--host", "127.0.0.1", "--port", str(port)),
            cwd=tmp_path,
            env=serve_env(tmp_path),
            stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        async with asyncio.timeout(30):
            out, err = await process.communicate()
    assert process.returncode == 1
    assert out == b""
    assert err.decode().splitlines() == [
        f"negbot serve: cannot listen on 127.0.0.1:{port}: Address already in use"
    ]

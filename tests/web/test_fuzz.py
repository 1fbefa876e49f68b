"""Fuzzing the feed paths and tokens with hypothesis: always a clear status, never a crash."""

from __future__ import annotations

import asyncio
import datetime as dtm
import http.client
import threading
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.clock import ManualClock
from bot.store import Store
from bot.store.tokens import TOKEN_BYTES
from bot.tracks import load_tracks
from bot.web import RateLimit, WebOptions
from tests.web.conftest import import_seeds
from tests.web.helpers import serving

ANSWERS = {200, 304, 400, 404, 405, 414}
UNLIMITED = WebOptions(poll_seconds=0.2, rate_limit=RateLimit(rate=100_000, burst=100_000))
SEGMENTS = st.sampled_from(
    [
        "calendar.ics",
        "tracks",
        "feeds",
        "events",
        "osce",
        "osce.ics",
        "..",
        ".",
        "%2e%2e",
        "%2f",
        "static",
        "style.css",
        "x" * 80,
        "nato-russia-council.ics",
        "7.ics",
        "%00",
        "🙂",
        "a.ics",
        "healthz",
        "metrics",
        "pyproject.toml",
        "",
        ";",
        "?",
        "#",
        "index.html",
        "..%2f..",
        "~",
    ]
)
TOKENS = st.text(
    alphabet=st.characters(min_codepoint=33, max_codepoint=0x2FF), min_size=0, max_size=90
)


@pytest.fixture(scope="module")
def address(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, int]]:
    """A server over the seeds, in a thread of its own, for synchronous hypothesis tests."""
    folder: Path = tmp_path_factory.mktemp("fuzz")
    ready = threading.Event()
    stop: asyncio.Event | None = None
    port: list[int] = []
    loop = asyncio.new_event_loop()

    async def main() -> None:
        nonlocal stop
        stop = asyncio.Event()
        clock = ManualClock(dtm.datetime(2022, 1, 5, tzinfo=dtm.UTC))
        store = await Store.open(f"sqlite:///{folder / 'fuzz.db'}", clock)
        try:
            await store.tracks.sync(load_tracks())
            await import_seeds(store, clock)
            async with serving(store, clock, options=UNLIMITED) as server:
                port.append(server.port)
                ready.set()
                await stop.wait()
        finally:
            await store.close()

    thread = threading.Thread(target=loop.run_until_complete, args=(main(),), daemon=True)
    thread.start()
    assert ready.wait(30), "the server did not start"
    try:
        yield "127.0.0.1", port[0]
    finally:
        assert stop is not None
        loop.call_soon_threadsafe(stop.set)
        thread.join(30)
        loop.close()


def _get(address: tuple[str, int], path: str) -> int:
    connection = http.client.HTTPConnection(*address, timeout=10)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


FUZZ = settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FUZZ
@given(st.lists(SEGMENTS, min_size=1, max_size=6))
def test_any_path_gets_a_plain_answer(address: tuple[str, int], segments: list[str]) -> None:
    path = "/" + "/".join(urllib.parse.quote(s, safe="%.~;?#") for s in segments)
    assert _get(address, path) in ANSWERS, path
    assert _get(address, "/healthz") == 200


@FUZZ
@given(TOKENS)
def test_any_token_is_a_plain_404(address: tuple[str, int], token: str) -> None:
    path = "/feeds/" + urllib.parse.quote(token, safe="") + ".ics"
    assert _get(address, path) == 404, path


def test_tokens_are_long_random_strings() -> None:
    assert TOKEN_BYTES >= 32

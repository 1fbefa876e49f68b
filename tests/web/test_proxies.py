"""Behind a proxy: X-Forwarded-For believed only from trusted proxies; slow headers cut off."""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress

import aiohttp
import pytest

from bot.cli.context import settings as settings_from_environment
from bot.clock import ManualClock
from bot.config import Settings, parse_networks
from bot.errors import InputError
from bot.store import Store
from bot.web import RateLimit, WebOptions
from bot.web.clients import ClientAddresses
from tests.web.helpers import serving

TWO_EACH = WebOptions(poll_seconds=0.2, rate_limit=RateLimit(rate=0.001, burst=2))
PROXY = ClientAddresses(parse_networks("127.0.0.1, 10.0.0.0/8"))


@pytest.mark.parametrize(
    ("peer", "forwarded", "client"),
    [
        ("127.0.0.1", ["203.0.113.7"], "203.0.113.7"),
        ("127.0.0.1", ["198.51.100.1, 203.0.113.7"], "203.0.113.7"),  # the left one is forged
        ("127.0.0.1", ["203.0.113.7, 10.1.2.3"], "203.0.113.7"),  # two proxies of ours
        ("127.0.0.1", ["198.51.100.1", "203.0.113.7, 10.1.2.3"], "203.0.113.7"),  # two headers
        ("127.0.0.1", ["10.9.9.9, 10.1.2.3"], "10.9.9.9"),  # only proxies: the farthest
        ("127.0.0.1", ["not-an-address, 10.1.2.3"], "10.1.2.3"),  # garbled: nearest good hop
        ("127.0.0.1", [""], "127.0.0.1"),
        ("127.0.0.1", [], "127.0.0.1"),
        ("::ffff:127.0.0.1", ["2001:db8::5"], "2001:db8::5"),  # dual-stack peer
        ("192.0.2.50", ["203.0.113.7"], "192.0.2.50"),  # not our proxy: header ignored
        (None, ["203.0.113.7"], ""),
    ],
)
def test_the_client_is_the_right_most_address_our_proxies_did_not_write(
    peer: str | None, forwarded: list[str], client: str
) -> None:
    assert PROXY.client(peer, forwarded) == client


def test_without_trusted_proxies_the_header_is_never_read() -> None:
    assert ClientAddresses().client("127.0.0.1", ["203.0.113.7"]) == "127.0.0.1"


def test_trusted_proxies_are_read_from_a_comma_separated_setting() -> None:
    found = Settings.model_validate({"trusted_proxies": "127.0.0.1, 10.0.0.0/8,::1"})
    assert found.trusted_proxies == (
        ipaddress.ip_network("127.0.0.1/32"),
        ipaddress.ip_network("10.0.0.0/8"),
        ipaddress.ip_network("::1/128"),
    )
    assert Settings.model_validate({}).trusted_proxies == ()


def test_a_bad_trusted_proxy_is_one_line_naming_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEGBOT_TRUSTED_PROXIES", "127.0.0.1, 10.0.0.300")
    with pytest.raises(InputError) as caught:
        settings_from_environment()
    message = str(caught.value)
    assert "NEGBOT_TRUSTED_PROXIES" in message
    assert "'10.0.0.300' is not an IP address or network" in message
    assert "\n" not in message


async def _statuses(http: aiohttp.ClientSession, url: str, client: str, count: int) -> list[int]:
    found = []
    for _ in range(count):
        async with http.get(url, headers={"X-Forwarded-For": client}) as response:
            found.append(response.status)
    return found


async def test_clients_behind_a_trusted_proxy_get_a_budget_each(
    sqlite_store: Store, clock: ManualClock
) -> None:
    async with (
        serving(sqlite_store, clock, TWO_EACH, trusted_proxies="127.0.0.1") as server,
        aiohttp.ClientSession() as http,
    ):
        url = f"{server.url}/calendar.ics"
        assert await _statuses(http, url, "203.0.113.1", 3) == [200, 200, 429]
        assert await _statuses(http, url, "203.0.113.2", 3) == [200, 200, 429]
        assert await _statuses(http, url, "198.51.100.9, 203.0.113.1", 1) == [429]


async def test_an_untrusted_peer_shares_one_budget_whatever_it_forwards(
    sqlite_store: Store, clock: ManualClock
) -> None:
    async with (
        serving(sqlite_store, clock, TWO_EACH, trusted_proxies="10.0.0.0/8") as server,
        aiohttp.ClientSession() as http,
    ):
        url = f"{server.url}/calendar.ics"
        assert await _statuses(http, url, "203.0.113.1", 2) == [200, 200]
        assert await _statuses(http, url, "203.0.113.2", 1) == [429]


async def _drip_until_closed(
    port: int, events: list[str], connected: asyncio.Event, drips: int
) -> bytes:
    """Send a request's headers a line at a time, never ending them; return what the server
    sent before it closed the connection. Fails when it is still open after `drips` lines."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    answer = b""
    try:
        writer.write(b"GET /calendar.ics HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        await writer.drain()
        events.append("slow client connected")
        connected.set()
        for index in range(drips):
            with contextlib.suppress(TimeoutError):
                chunk = await asyncio.wait_for(reader.read(4096), timeout=0.1)
                if not chunk:
                    events.append("slow client cut off")
                    return answer
                answer += chunk
            try:
                writer.write(b"X-Slow-%d: still coming\r\n" % index)
                await writer.drain()
            except ConnectionError:
                events.append("slow client cut off")
                return answer
        raise AssertionError(f"a slow-header client was still connected after {drips} lines")
    finally:
        writer.close()
        with contextlib.suppress(ConnectionError):
            await writer.wait_closed()


async def test_a_slow_header_client_is_cut_off_while_others_are_served(
    sqlite_store: Store, clock: ManualClock
) -> None:
    events: list[str] = []
    async with (
        serving(sqlite_store, clock, http_header_timeout=2.0) as server,
        aiohttp.ClientSession() as http,
    ):
        # 60 lines at one per 0.1 s or more: past the 2 s here, short of the 15 s default.
        connected = asyncio.Event()
        slow = asyncio.create_task(_drip_until_closed(server.port, events, connected, drips=60))
        await asyncio.wait_for(connected.wait(), timeout=10)
        async with http.get(f"{server.url}/healthz") as response:
            assert response.status == 200
            events.append("other client served")
        answer = await slow
        assert events == ["slow client connected", "other client served", "slow client cut off"]
        assert b"200 OK" not in answer
        async with http.get(f"{server.url}/healthz") as response:  # and the server carries on
            assert response.status == 200

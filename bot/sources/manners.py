"""Good manners towards a host: its robots.txt obeyed, and requests to it spaced out."""

from __future__ import annotations

import urllib.robotparser

from bot.clock import Monotonic
from bot.errors import SourceError
from bot.sources.http import HttpClient, StatusError, host_of

ROBOTS_KEPT_SECONDS = 24 * 3600.0
HOST_SPACING_SECONDS = 1.0
_ROBOTS_MAX_BYTES = 512 * 1024


class HostPacer:
    """Spaces requests to the same host at least `spacing` seconds apart (on an injected clock)."""

    def __init__(self, clock: Monotonic, spacing: float = HOST_SPACING_SECONDS) -> None:
        self._clock = clock
        self._spacing = spacing
        self._next: dict[str, float] = {}

    async def wait(self, url: str) -> None:
        """Return when a request to this URL's host may leave."""
        host = host_of(url)
        now = self._clock.now()
        at = max(now, self._next.get(host, now))
        self._next[host] = at + self._spacing
        if at > now:
            await self._clock.sleep(at - now)


class RobotsRules:
    """The robots.txt of each host, read once a day, asked before every fetch.

    As RFC 9309 says: a robots.txt that is missing (any 4xx) allows everything; one that
    cannot be read (5xx, no answer) forbids everything until it can.
    """

    def __init__(self, client: HttpClient, clock: Monotonic, agent: str = "negbot") -> None:
        self._client = client
        self._clock = clock
        self._agent = agent
        self._rules: dict[str, tuple[float, urllib.robotparser.RobotFileParser]] = {}

    async def check(self, url: str) -> None:
        """Raise SourceError when this host's robots.txt forbids fetching the URL."""
        rules = await self._for(host_of(url))
        if not rules.can_fetch(self._agent, url):
            raise SourceError(f"{url}: the site's robots.txt forbids negbot to fetch it")

    async def _for(self, host: str) -> urllib.robotparser.RobotFileParser:
        kept = self._rules.get(host)
        if kept is not None and self._clock.now() - kept[0] < ROBOTS_KEPT_SECONDS:
            return kept[1]
        rules = urllib.robotparser.RobotFileParser()
        rules.parse((await self._read(host)).splitlines())
        self._rules[host] = (self._clock.now(), rules)
        return rules

    async def _read(self, host: str) -> str:
        url = f"{host}/robots.txt"
        try:
            answer = await self._client.get(url)
        except StatusError as exc:
            if 400 <= exc.status < 500:
                return ""  # no robots.txt: everything is allowed
            raise _unreadable(host, exc) from None
        except SourceError as exc:
            raise _unreadable(host, exc) from None
        return answer.body[:_ROBOTS_MAX_BYTES].decode(answer.charset or "utf-8", "replace")


def _unreadable(host: str, exc: SourceError) -> SourceError:
    reason = str(exc).split(": ", 1)[-1]
    return SourceError(f"{host}: robots.txt cannot be read ({reason})", transient=True)

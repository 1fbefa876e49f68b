"""A polite HTTP client: a User-Agent naming negbot, timeouts, a size cap, bounded redirects,
conditional requests, and aiohttp's errors translated into one-line SourceErrors."""

from __future__ import annotations

import dataclasses
import urllib.parse

import aiohttp

from bot import __version__
from bot.errors import SourceError

MAX_BYTES = 2 * 1024 * 1024
MAX_REDIRECTS = 5
TIMEOUT_SECONDS = 30.0
_CHUNK = 64 * 1024


class StatusError(SourceError):
    """The server answered with a status other than 200 or 304."""

    def __init__(self, url: str, status: int, reason: str | None) -> None:
        text = f"{url}: HTTP {status}{f' {reason}' if reason else ''}"
        super().__init__(text, transient=status >= 500 or status == 429)
        self.status = status


def user_agent(contact: str | None = None) -> str:
    """Return the User-Agent negbot fetches with: its name, version and where to reach it."""
    return f"negbot/{__version__} (+{contact or 'a negotiation-track calendar'})"


@dataclasses.dataclass(frozen=True, slots=True)
class Response:
    """A fetched response: its status, body and the headers negbot uses."""

    url: str
    status: int
    body: bytes
    charset: str | None = None
    content_type: str | None = None
    etag: str | None = None
    last_modified: str | None = None


def _mb(n: int) -> str:
    return f"{n / 1024 / 1024:g} MB"


def host_of(url: str) -> str:
    """Return the scheme and host:port of an http(s) URL; SourceError for any other URL."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        raise SourceError(f"{url}: not an http(s) address")
    return f"{parts.scheme}://{parts.netloc}"


class HttpClient:
    """One aiohttp session with negbot's manners; close it when done."""

    def __init__(
        self,
        *,
        contact: str | None = None,
        timeout: float = TIMEOUT_SECONDS,
        max_bytes: int = MAX_BYTES,
        max_redirects: int = MAX_REDIRECTS,
    ) -> None:
        self.agent = user_agent(contact)
        self.timeout = timeout
        self.max_bytes = max_bytes
        self.max_redirects = max_redirects
        self._session: aiohttp.ClientSession | None = None

    def _open(self) -> aiohttp.ClientSession:
        if self._session is None:
            self._session = aiohttp.ClientSession(
                headers={"User-Agent": self.agent},
                timeout=aiohttp.ClientTimeout(total=self.timeout),
                auto_decompress=True,
            )
        return self._session

    async def close(self) -> None:
        """Close the connections."""
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def get(
        self, url: str, etag: str | None = None, last_modified: str | None = None
    ) -> Response:
        """GET a URL, conditionally when validators are given; raise SourceError on failure.

        A 304 is returned as such; any other status but 200 is an error.
        """
        host_of(url)
        headers: dict[str, str] = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        try:
            return await self._get(url, headers)
        except aiohttp.TooManyRedirects:
            raise SourceError(
                f"{url}: more than {self.max_redirects} redirects (a redirect loop?)"
            ) from None
        except TimeoutError:
            raise SourceError(
                f"{url}: no answer within {self.timeout:g} s", transient=True
            ) from None
        except aiohttp.InvalidURL:
            raise SourceError(f"{url}: not a valid address") from None
        except aiohttp.ClientConnectorError as exc:
            reason = exc.os_error.strerror or str(exc.os_error)
            raise SourceError(f"{url}: cannot connect ({reason})", transient=True) from None
        except aiohttp.ClientError as exc:
            reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            message = f"{url}: the server's answer is broken ({reason})"
            raise SourceError(message, transient=True) from None

    async def _get(self, url: str, headers: dict[str, str]) -> Response:
        session = self._open()
        async with session.get(
            url, headers=headers, allow_redirects=True, max_redirects=self.max_redirects
        ) as answer:
            if answer.status == 304:
                return Response(url=str(answer.url), status=304, body=b"")
            if answer.status != 200:
                raise StatusError(url, answer.status, answer.reason)
            body = await self._body(url, answer)
            return Response(
                url=str(answer.url),
                status=answer.status,
                body=body,
                charset=answer.charset,
                content_type=answer.content_type,
                etag=answer.headers.get("ETag"),
                last_modified=answer.headers.get("Last-Modified"),
            )

    async def _body(self, url: str, answer: aiohttp.ClientResponse) -> bytes:
        """Read the body in chunks, stopping as soon as it passes the size cap."""
        too_large = SourceError(f"{url}: larger than {_mb(self.max_bytes)}; not read")
        if answer.content_length is not None and answer.content_length > self.max_bytes:
            raise too_large
        parts: list[bytes] = []
        size = 0
        async for chunk in answer.content.iter_chunked(_CHUNK):
            size += len(chunk)
            if size > self.max_bytes:
                raise too_large
            parts.append(chunk)
        return b"".join(parts)

"""The web server: the aiohttp application of feeds and pages, and its start and stop.

`negbot serve` runs it alone; `negbot run` runs it in the bot's event loop (start, then the
bot; stop in the reverse order).
"""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Sequence
from dataclasses import dataclass, field
from types import TracebackType

from aiohttp import web
from aiohttp.http_exceptions import HttpProcessingError
from aiohttp.typedefs import Handler

from bot.errors import NegbotError
from bot.services.container import Services
from bot.services.feeds import Feeds, Window
from bot.services.links import Links
from bot.web.cache import COMMON_HEADERS, FeedCache
from bot.web.clients import ClientAddresses
from bot.web.feeds import FeedRoutes
from bot.web.limits import RateLimit, RateLimiter
from bot.web.metrics import CONTENT_TYPE as METRICS_TYPE
from bot.web.metrics import Metrics
from bot.web.pages import CSP, PageRoutes

log = logging.getLogger(__name__)
MAX_LINE = 16 * 1024  # the HTTP parser's bound on the request line; longer is a 400
_TEXT_PATHS = ("/feeds/", "/events/", "/static/", "/calendar.ics", "/metrics", "/healthz")
_REASONS = {
    404: ("Not found", "There is no page at this address."),
    405: ("Method not allowed", "This address only answers GET and HEAD."),
    414: ("Address too long", "The address of the request is too long."),
    429: ("Too many requests", "Too many requests from your address; try again in a moment."),
}


class _MalformedRequests(logging.Filter):
    """Drop the HTTP parser's reports of malformed requests: the client gets its 400, and a
    flood of them must not flood the log with tracebacks."""

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        return not isinstance(error, HttpProcessingError)


http_log = logging.getLogger("bot.web.http")
http_log.addFilter(_MalformedRequests())


# Telegram's webhook calls come from its own servers in bursts; they carry a secret instead.
WEBHOOK_PREFIX = "/telegram/"


class WebServerError(NegbotError):
    """The web server cannot start (its address is taken, or not an address of this host)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class WebOptions:
    """How the web server behaves; the defaults suit calendar clients and browsers."""

    poll_seconds: float = 2.0  # how often the store's change counter is read
    rate_limit: RateLimit = field(default_factory=RateLimit)
    max_url: int = 2048  # longer request targets get 414
    cache_entries: int = 1024
    access_log: bool = False
    shutdown_timeout: float = 5.0


def build_app(
    services: Services,
    feeds: Feeds,
    cache: FeedCache,
    links: Links,
    options: WebOptions,
    limiter: RateLimiter | None = None,
    routes: Sequence[web.AbstractRouteDef] = (),
) -> web.Application:
    """Return the application: feeds, pages, health and metrics, and any `routes` the caller
    adds (a Telegram webhook), all behind one guard (rate limit, error pages, counts)."""
    metrics = cache.metrics
    if limiter is None:  # not `or`: an empty limiter has len() 0, and is falsy
        limiter = RateLimiter(options.rate_limit)
    pages = PageRoutes(services, cache, links)
    clients = ClientAddresses(services.settings.trusted_proxies)
    error_page = pages.templates.get_template("error.html")

    def refusal(
        request: web.Request, status: int, headers: dict[str, str] | None = None
    ) -> web.Response:
        heading, message = _REASONS.get(status, ("Error", "The request could not be answered."))
        extra = {**COMMON_HEADERS, "Cache-Control": "no-store", **(headers or {})}
        if request.path.startswith(_TEXT_PATHS) or request.path.endswith(".ics"):
            return web.Response(status=status, text=f"{heading}\n", headers=extra)
        body = error_page.render(title=heading, heading=heading, message=message)
        extra["Content-Security-Policy"] = CSP
        return web.Response(status=status, text=body, content_type="text/html", headers=extra)

    @web.middleware
    async def guard(request: web.Request, handler: Handler) -> web.StreamResponse:
        """Refuse long targets and floods, turn errors into short pages, count answers."""
        client = clients.client(request.remote, request.headers.getall("X-Forwarded-For", ()))
        if len(request.raw_path) > options.max_url:
            response: web.StreamResponse = refusal(request, 414)
        elif not request.path.startswith(WEBHOOK_PREFIX) and not limiter.allow(client):
            metrics.rate_limited += 1
            wait = limiter.retry_after(client)
            response = refusal(request, 429, {"Retry-After": str(wait)})
        else:
            try:
                response = await handler(request)
            except web.HTTPException as exc:
                allow = exc.headers.get("Allow")
                response = refusal(request, exc.status, {"Allow": allow} if allow else None)
            except Exception:
                log.exception("%s %s failed", request.method, request.path)
                response = refusal(request, 500)
        metrics.responses[response.status] += 1
        return response

    async def healthz(request: web.Request) -> web.Response:
        healthy = cache.healthy()
        return web.Response(
            status=200 if healthy else 503,
            text="ok\n" if healthy else "the store does not answer\n",
            headers={**COMMON_HEADERS, "Cache-Control": "no-store"},
        )

    async def metrics_text(request: web.Request) -> web.Response:
        try:
            deliveries: dict[str, int] | None = await services.status.delivery_counts()
        except Exception as exc:  # still show the server's own counters
            log.warning("cannot count deliveries for /metrics: %s", exc)
            deliveries = None
        body = metrics.render(
            deliveries,
            revision=cache.revision,
            cache_entries=len(cache),
            rate_clients=len(limiter),
        )
        return web.Response(
            body=body,
            headers={**COMMON_HEADERS, "Content-Type": METRICS_TYPE, "Cache-Control": "no-store"},
        )

    app = web.Application(middlewares=[guard], handler_args={"max_line_size": MAX_LINE})
    FeedRoutes(services.store, feeds, cache).add_to(app)
    pages.add_to(app)
    app.router.add_get("/healthz", healthz)
    app.router.add_get("/metrics", metrics_text)
    app.router.add_routes(routes)
    return app


class WebServer:
    """The feeds and pages on one address, sharing the caller's event loop.

    With `port` 0 the system picks a free port; `port` then tells which. Without a public URL
    in the settings, the links handed out use the address actually bound. `routes` are added to
    the application (e.g. `web.post(path, handler)` for a Telegram webhook).
    """

    def __init__(
        self,
        services: Services,
        feeds: Feeds | None = None,
        *,
        host: str | None = None,
        port: int | None = None,
        options: WebOptions | None = None,
        routes: Sequence[web.AbstractRouteDef] = (),
    ) -> None:
        self.services = services
        self._routes = tuple(routes)
        self.options = options or WebOptions()
        self.host = services.settings.http_host if host is None else host
        self._wanted_port = services.settings.http_port if port is None else port
        self._feeds = feeds
        self.metrics = Metrics()
        self.cache = FeedCache(
            services.store,
            services.clock,
            poll_seconds=self.options.poll_seconds,
            max_entries=self.options.cache_entries,
            metrics=self.metrics,
        )
        self.links = services.links
        self.app: web.Application | None = None
        self._runner: web.AppRunner | None = None
        self._port: int | None = None

    @property
    def port(self) -> int:
        """The port bound (after start)."""
        if self._port is None:
            raise RuntimeError("the web server is not started")
        return self._port

    @property
    def url(self) -> str:
        """The address this server answers on, e.g. http://127.0.0.1:8080 (after start)."""
        host = "127.0.0.1" if self.host in {"", "0.0.0.0"} else self.host
        host = "[::1]" if host == "::" else f"[{host}]" if ":" in host else host
        return f"http://{host}:{self.port}"

    @property
    def base_url(self) -> str:
        """The address the links handed out start with: NEGBOT_PUBLIC_URL, else `url`."""
        return self.links.base_url

    async def start(self) -> None:
        """Bind the address, read the store's change counter and start answering."""
        if self._runner is not None:
            raise RuntimeError("the web server is started already")
        sock = _bind(self.host, self._wanted_port)
        try:
            self._port = int(sock.getsockname()[1])
            if not self.services.settings.public_url:
                self.links = Links(self.url, self.services.links.bot_username)
            feeds = (
                self._feeds
                if self._feeds is not None
                else Feeds(self.services.store, self.links, Window(self.services.clock))
            )
            limiter = RateLimiter(self.options.rate_limit)
            self.app = build_app(
                self.services, feeds, self.cache, self.links, self.options, limiter, self._routes
            )
            await self.cache.start()
            access_log = logging.getLogger("aiohttp.access") if self.options.access_log else None
            runner = web.AppRunner(
                self.app,
                # aiohttp arms this timer when a connection opens and again after each answer,
                # and does not move it while a request's headers trickle in: so it bounds both
                # an idle keep-alive connection and a slow-header (slowloris) client.
                keepalive_timeout=self.services.settings.http_header_timeout,
                handle_signals=False,
                shutdown_timeout=self.options.shutdown_timeout,
                logger=http_log,
                access_log=access_log,
            )
            await runner.setup()
            await web.SockSite(runner, sock, backlog=1024).start()
        except BaseException:
            sock.close()
            await self.cache.stop()
            raise
        self._runner = runner
        log.info("web server on %s (pages and feeds: %s)", self.url, self.links.page())

    async def stop(self) -> None:
        """Stop answering, finish the requests under way (within the shutdown timeout)."""
        await self.cache.stop()
        runner, self._runner = self._runner, None
        if runner is not None:
            await runner.cleanup()

    async def __aenter__(self) -> WebServer:
        await self.start()
        return self

    async def __aexit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        await self.stop()


def _bind(host: str, port: int) -> socket.socket:
    """Open the listening socket, or say in one line why it cannot be."""
    try:
        infos = socket.getaddrinfo(
            host or None, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )
        family = infos[0][0]
        sock = socket.create_server((host, port), family=family, backlog=1024)
    except OSError as exc:
        reason = os.strerror(exc.errno) if exc.errno else str(exc)
        raise WebServerError(f"cannot listen on {host or '*'}:{port}: {reason}") from None
    sock.setblocking(False)
    return sock

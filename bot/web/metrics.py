"""The web server's counters, and the Prometheus text exposition format they are read in."""

from __future__ import annotations

import collections
from collections.abc import Iterable, Mapping

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
FEED_KINDS = ("calendar", "track", "chat", "event")


class Metrics:
    """Counters kept in memory by one server; written out with the store's delivery counts."""

    def __init__(self) -> None:
        self.feed_requests: collections.Counter[str] = collections.Counter()
        self.feed_not_modified: collections.Counter[str] = collections.Counter()
        self.feed_builds: collections.Counter[str] = collections.Counter()
        self.page_requests: collections.Counter[str] = collections.Counter()
        self.responses: collections.Counter[int] = collections.Counter()
        self.rate_limited = 0
        self.revision_polls_failed = 0
        self.stale_served = 0

    def render(
        self,
        deliveries: Mapping[str, int] | None,
        *,
        revision: int | None,
        cache_entries: int,
        rate_clients: int,
    ) -> bytes:
        """Return every metric in the Prometheus text format (version 0.0.4)."""
        out: list[str] = []
        if deliveries is not None:
            _family(
                out,
                "negbot_deliveries",
                "gauge",
                "Reminder deliveries in the store, by status.",
                ((f'status="{_label(s)}"', n) for s, n in sorted(deliveries.items())),
            )
        _family(
            out,
            "negbot_feed_requests_total",
            "counter",
            "Feed requests answered (200 or 304), by kind of feed.",
            ((f'kind="{k}"', self.feed_requests[k]) for k in FEED_KINDS),
        )
        _family(
            out,
            "negbot_feed_not_modified_total",
            "counter",
            "Feed requests answered 304 Not Modified, by kind of feed.",
            ((f'kind="{k}"', self.feed_not_modified[k]) for k in FEED_KINDS),
        )
        _family(
            out,
            "negbot_feed_builds_total",
            "counter",
            "Feeds and pages rendered because their data changed, by kind.",
            ((f'kind="{_label(k)}"', n) for k, n in sorted(self.feed_builds.items())),
        )
        _family(
            out,
            "negbot_page_requests_total",
            "counter",
            "HTML page requests answered, by page.",
            ((f'page="{_label(k)}"', n) for k, n in sorted(self.page_requests.items())),
        )
        _family(
            out,
            "negbot_http_responses_total",
            "counter",
            "HTTP responses, by status code.",
            ((f'code="{code}"', n) for code, n in sorted(self.responses.items())),
        )
        _family(
            out,
            "negbot_rate_limited_total",
            "counter",
            "Requests refused with 429 Too Many Requests.",
            [("", self.rate_limited)],
        )
        _family(
            out,
            "negbot_revision_polls_failed_total",
            "counter",
            "Failed reads of the store's change counter.",
            [("", self.revision_polls_failed)],
        )
        _family(
            out,
            "negbot_stale_served_total",
            "counter",
            "Feeds and pages served as last built because the store could not be read.",
            [("", self.stale_served)],
        )
        if revision is not None:
            _family(
                out,
                "negbot_store_revision",
                "gauge",
                "The store's change counter as last seen.",
                [("", revision)],
            )
        _family(
            out,
            "negbot_cache_entries",
            "gauge",
            "Rendered feeds and pages kept.",
            [("", cache_entries)],
        )
        _family(
            out,
            "negbot_rate_limit_clients",
            "gauge",
            "Client addresses tracked by the rate limiter.",
            [("", rate_clients)],
        )
        return ("\n".join(out) + "\n").encode("utf-8")


def _family(
    out: list[str], name: str, kind: str, help_text: str, samples: Iterable[tuple[str, int]]
) -> None:
    out.append(f"# HELP {name} {help_text}")
    out.append(f"# TYPE {name} {kind}")
    for labels, value in samples:
        out.append(f"{name}{{{labels}}} {value}" if labels else f"{name} {value}")


def _label(value: str) -> str:
    """Escape a label value as the text format asks: backslash, quote and newline."""
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")

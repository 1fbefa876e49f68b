"""The outlets negbot follows: their feeds, the articles read from them, what waits for review."""

from __future__ import annotations

import datetime as dtm
import enum

from pydantic import AwareDatetime, Field

from bot.models import Article, ExtractedEvent, Frozen

DEFAULT_EVERY = dtm.timedelta(minutes=15)
MAX_BACKOFF = dtm.timedelta(hours=6)


class SourceTrust(enum.StrEnum):
    """What happens to the sessions a source's articles announce."""

    AUTO = "auto"  # applied to the calendar at once
    REVIEW = "review"  # kept as proposals for an editor


class FeedSource(Frozen):
    """One RSS or Atom feed that negbot polls, and how its polling stands."""

    id: int
    url: str
    name: str | None = None  # the feed's own title, once read
    language: str | None = None
    tracks: tuple[str, ...] = ()
    trust: SourceTrust = SourceTrust.REVIEW
    every: dtm.timedelta = DEFAULT_EVERY
    etag: str | None = None
    last_modified: str | None = None
    last_poll_at: AwareDatetime | None = None
    last_error: str | None = None
    failures: int = Field(default=0, ge=0)
    next_poll_at: AwareDatetime | None = None
    articles_read: int = Field(default=0, ge=0)
    sessions_found: int = Field(default=0, ge=0)
    created_at: AwareDatetime

    @property
    def outlet(self) -> str:
        """Return the name articles from this feed are credited to."""
        return self.name or self.url

    def backoff(self, failures: int) -> dtm.timedelta:
        """Return the wait after `failures` failures in a row: doubling, at most MAX_BACKOFF."""
        if failures <= 0:
            return self.every
        doubled: dtm.timedelta = self.every * (2 ** min(failures, 20))
        return min(doubled, MAX_BACKOFF)

    def polled(self, outcome: PollOutcome) -> FeedSource:
        """Return this source after a poll: counters, validators, the error, the next poll."""
        failures = self.failures + 1 if outcome.error is not None else 0
        changes: dict[str, object] = {
            "last_poll_at": outcome.at,
            "last_error": outcome.error or outcome.problem,
            "failures": failures,
            "next_poll_at": outcome.at + self.backoff(failures),
            "articles_read": self.articles_read + outcome.articles_read,
            "sessions_found": self.sessions_found + outcome.sessions_found,
        }
        if outcome.error is None and outcome.problem is None:
            # Kept only when every article was read: otherwise a 304 would hide the rest.
            changes |= {"etag": outcome.etag, "last_modified": outcome.last_modified}
        if outcome.error is None:
            changes["name"] = outcome.name or self.name
        return self.model_copy(update=changes)


class NewSource(Frozen):
    """What an editor says when adding a source."""

    url: str
    language: str | None = None
    tracks: tuple[str, ...] = ()
    trust: SourceTrust = SourceTrust.REVIEW
    every: dtm.timedelta = DEFAULT_EVERY


class PollOutcome(Frozen):
    """How one poll of a source ended, to be recorded on it."""

    at: AwareDatetime
    error: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    name: str | None = None
    problem: str | None = None  # some articles failed: shown, but the feed itself is fine
    articles_read: int = 0
    sessions_found: int = 0


class SeenArticle(Frozen):
    """An article a source led to, recorded once it was read (by URL and by text hash)."""

    source_id: int | None
    url: str | None
    text_hash: str
    sessions: int = 0
    seen_at: AwareDatetime


class PendingProposal(Frozen):
    """A session a review source's article announces, waiting for an editor."""

    id: int
    source_id: int | None
    article: Article
    found: ExtractedEvent
    created_at: AwareDatetime


class FeedItem(Frozen):
    """One entry of a feed, as the feed gives it."""

    link: str | None = None
    title: str | None = None
    summary: str | None = None  # plain text
    published: dtm.date | None = None


class FeedFetch(Frozen):
    """What fetching a feed gave: nothing new (304), or its name and items."""

    not_modified: bool = False
    name: str | None = None
    items: tuple[FeedItem, ...] = ()
    etag: str | None = None
    last_modified: str | None = None


class PageText(Frozen):
    """An article page read: its main text without menus and lists, and what it says of itself."""

    text: str
    title: str | None = None
    published: dtm.date | None = None
    language: str | None = None

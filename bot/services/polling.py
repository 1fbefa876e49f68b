"""Poll the sources: fetch each feed, read every new article once, and apply or propose the
sessions it announces, as an import of the same text would."""

from __future__ import annotations

import dataclasses
import datetime as dtm
import logging
import secrets
from collections.abc import Sequence

from bot.clock import Clock
from bot.errors import SourceError
from bot.outlets import FeedItem, FeedSource, PollOutcome
from bot.ports import OutletReader, StorePort
from bot.services.importer import Importer
from bot.services.outlet_articles import ArticleOutcome, ArticleReading

log = logging.getLogger(__name__)

# New articles read per source and poll; a feed of thousands is read over several polls.
MAX_NEW_PER_POLL = 100
# How long a poller holds a source: longer than a poll of MAX_NEW_PER_POLL spaced articles;
# a poller killed meanwhile leaves it to another once this runs out.
LEASE = dtm.timedelta(minutes=15)


@dataclasses.dataclass(slots=True)
class PollReport:
    """What one poll of one source did."""

    source: FeedSource
    error: str | None = None
    not_modified: bool = False
    busy: bool = False  # another poller holds the source: left alone
    read: int = 0
    already_seen: int = 0
    added: list[str] = dataclasses.field(default_factory=list)
    updated: list[str] = dataclasses.field(default_factory=list)
    proposed: int = 0
    sessions: int = 0
    problems: list[str] = dataclasses.field(default_factory=list)
    notes: list[str] = dataclasses.field(default_factory=list)
    left_for_later: int = 0

    def take(self, outcome: ArticleOutcome) -> None:
        """Count one article's outcome in the report."""
        self.read += outcome.read
        self.already_seen += outcome.already_seen
        self.added.extend(outcome.added)
        self.updated.extend(outcome.updated)
        self.proposed += outcome.proposed
        self.sessions += outcome.sessions
        self.notes.extend(outcome.notes)
        if outcome.problem is not None:
            self.problems.append(outcome.problem)


def _problem_line(problems: Sequence[str]) -> str | None:
    if not problems:
        return None
    more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
    return f"{len(problems)} article(s) not read, tried again next poll: {problems[0]}{more}"


class SourcePoller:
    """Polls sources one after another; nothing one source sends stops the others."""

    def __init__(
        self,
        store: StorePort,
        reader: OutletReader,
        importer: Importer,
        clock: Clock,
        *,
        max_new: int = MAX_NEW_PER_POLL,
        owner: str | None = None,
    ) -> None:
        self._owner = owner or f"poller-{secrets.token_hex(4)}"
        self._store = store
        self._reader = reader
        self._clock = clock
        self._max_new = max_new
        self._articles = ArticleReading(store, reader, importer, clock)

    async def poll_due(self) -> list[PollReport]:
        """Poll every source whose time has come."""
        return await self.poll_many(await self._store.sources.due(self._clock.now()))

    async def poll_many(self, sources: Sequence[FeedSource]) -> list[PollReport]:
        """Poll these sources now, in order."""
        return [await self.poll(source) for source in sources]

    async def poll(self, source: FeedSource) -> PollReport:
        """Poll one source now, unless another poller holds it, and record how it went."""
        sources = self._store.sources
        if not await sources.claim(source.id, self._owner, self._clock.now() + LEASE):
            return PollReport(source=source, busy=True)
        try:
            return await self._poll(source)
        finally:
            await sources.release(source.id, self._owner)

    async def _poll(self, source: FeedSource) -> PollReport:
        at = self._clock.now()
        report = PollReport(source=source)
        try:
            fetched = await self._reader.feed(source.url, source.etag, source.last_modified)
        except SourceError as exc:
            report.error = str(exc)
        except Exception as exc:  # a source must never stop the poller
            log.exception("reading the feed of source %s failed", source.id)
            report.error = f"{source.url}: cannot be read ({type(exc).__name__})"
        if report.error is not None:
            return await self._record(report, PollOutcome(at=at, error=report.error))
        if fetched.not_modified:
            report.not_modified = True
            outcome = PollOutcome(at=at, etag=fetched.etag, last_modified=fetched.last_modified)
            return await self._record(report, outcome)
        named = source.model_copy(update={"name": fetched.name or source.name})
        await self._items(named, fetched.items, report)
        complete = not report.problems and not report.left_for_later
        outcome = PollOutcome(
            at=at,
            problem=_problem_line(report.problems),
            etag=fetched.etag if complete else None,
            last_modified=fetched.last_modified if complete else None,
            name=fetched.name,
            articles_read=report.read,
            sessions_found=report.sessions,
        )
        return await self._record(report, outcome)

    async def _items(
        self, source: FeedSource, items: Sequence[FeedItem], report: PollReport
    ) -> None:
        for number, item in enumerate(items):
            if report.read >= self._max_new:
                report.left_for_later = len(items) - number
                report.notes.append(
                    f"{report.left_for_later} more item(s) wait for the next poll "
                    f"(at most {self._max_new} new articles a poll)"
                )
                return
            try:
                report.take(await self._articles.read(source, item))
            except Exception as exc:  # one bad article must not stop the feed's others
                log.exception("reading an article of source %s failed", source.id)
                report.problems.append(f"{item.link}: cannot be read ({type(exc).__name__})")

    async def _record(self, report: PollReport, outcome: PollOutcome) -> PollReport:
        report.source = report.source.polled(outcome)
        await self._store.sources.save(report.source)
        return report

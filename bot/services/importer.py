"""Import articles: extract their sessions and reconcile them with what the calendar holds."""

from __future__ import annotations

import dataclasses
import datetime as dtm
import logging
from collections.abc import Sequence
from pathlib import PurePath

from bot.articles import article_from_text
from bot.clock import Clock
from bot.extract import Extraction
from bot.models import (
    Article,
    Event,
    EventDraft,
    EventSource,
    EventStatus,
    ExtractedEvent,
    ExtractedStatus,
)
from bot.ports import StorePort
from bot.readings import Reading, choose_reading, discrepancy
from bot.services.extraction import Extractor, extract_here
from bot.services.hooks import CalendarHooks, NoHooks

log = logging.getLogger(__name__)

# How far a session may move, without the article saying "postponed", and still be taken as
# the same session rather than another one of the same track.
MOVE_WINDOW = dtm.timedelta(days=14)
TENTATIVE_BELOW = 0.6
# Articles that name a time without a date are read again with the stored articles published
# from this long before them to a day after, the latest first and at most this many.
CONTEXT_DAYS = dtm.timedelta(days=3)
CONTEXT_ARTICLES = 20
# A pasted text's own date may be this much later than the day its message was sent (time
# zones); later still, it is a misreading, and the message's day is taken instead.
SENT_SLACK = dtm.timedelta(days=1)


@dataclasses.dataclass(slots=True)
class ImportReport:
    """What an import did, for the operator and for the bot's reply."""

    articles_new: list[str] = dataclasses.field(default_factory=list)
    articles_known: list[str] = dataclasses.field(default_factory=list)
    created: list[Event] = dataclasses.field(default_factory=list)
    updated: list[tuple[Event, str]] = dataclasses.field(default_factory=list)
    unchanged: list[Event] = dataclasses.field(default_factory=list)
    problems: list[str] = dataclasses.field(default_factory=list)
    notes: list[str] = dataclasses.field(default_factory=list)

    @property
    def changed(self) -> bool:
        """Tell whether the calendar changed."""
        return bool(self.created or self.updated)


@dataclasses.dataclass(frozen=True, slots=True)
class Proposal:
    """One found session and what accepting it would do: add it, or update a known one."""

    found: ExtractedEvent
    sources: tuple[EventSource, ...]
    existing: Event | None
    moves: bool

    @property
    def action(self) -> str:
        """Return "add", "move" or "update"."""
        if self.existing is None:
            return "add"
        return "move" if self.moves else "update"


@dataclasses.dataclass(frozen=True, slots=True)
class TextReading:
    """A pasted or forwarded text, read: its article, the day it was read as of and why, and
    what each session it announces would do.

    `own_date` tells whether the day is the text's own (its publication line, its dateline or
    the dates in it) rather than the fallback the caller gave (when the message was sent).
    A date of the text's own later than the fallback cannot be when it was written: it is not
    taken, and `text_day` and `text_why` say what it was.
    """

    article: Article
    day: dtm.date
    why: str
    own_date: bool
    proposals: tuple[Proposal, ...]
    text_day: dtm.date | None = None
    text_why: str | None = None


def _status(found: ExtractedEvent) -> EventStatus:
    if found.status is ExtractedStatus.CANCELLED:
        return EventStatus.CANCELLED
    if found.status is ExtractedStatus.POSTPONED:
        return EventStatus.POSTPONED
    return EventStatus.TENTATIVE if found.confidence < TENTATIVE_BELOW else EventStatus.CONFIRMED


def _sources(found: ExtractedEvent, published: dict[str, dtm.date]) -> tuple[EventSource, ...]:
    return tuple(
        EventSource(
            article_id=s.article_id,
            file=s.file,
            outlet=s.outlet,
            url=s.url,
            published=published.get(s.article_id or ""),
            quote=s.quote,
            date_words=s.date_words,
            said_start=s.said_start,
            said_end=s.said_end,
        )
        for s in found.sources
    )


def _overlaps(event: Event, found: ExtractedEvent) -> bool:
    return event.start_date <= found.end_date and found.start_date <= event.end_date


def _files(sources: Sequence[EventSource]) -> str:
    return " and ".join(sorted({PurePath(s.file).name for s in sources if s.file})) or "an editor"


class Importer:
    """Turns articles into calendar changes."""

    def __init__(
        self,
        store: StorePort,
        clock: Clock,
        default_timezone: str = "UTC",
        hooks: CalendarHooks | None = None,
        extractor: Extractor = extract_here,
    ) -> None:
        self._store = store
        self._clock = clock
        self._default_timezone = default_timezone
        self._hooks: CalendarHooks = hooks or NoHooks()
        self._extractor = extractor

    async def import_articles(
        self,
        articles: Sequence[Article],
        published: dtm.date | None = None,
        actor: str = "import",
    ) -> ImportReport:
        """Extract the articles as one batch and apply what they say to the calendar."""
        report = ImportReport()
        fresh: list[Article] = []
        for article in articles:
            if await self._store.articles.has(article.id):
                report.articles_known.append(article.file)
            else:
                fresh.append(article)
        if not fresh:
            return report
        extraction = await self._extract(fresh, published)
        report.problems.extend(str(p) for p in extraction.problems)
        report.notes.extend(extraction.notes)
        usable = [a for a in fresh if a.id in extraction.references]
        dates = {a.id: extraction.references[a.id] for a in usable}
        for article in usable:
            await self._store.articles.add(
                article.model_copy(update={"published": dates[article.id]})
            )
            report.articles_new.append(article.file)
        for found in extraction.events:
            await self._apply(found, dates, actor, report)
        return report

    async def read_articles(
        self, articles: Sequence[Article], published: dtm.date | None = None
    ) -> Extraction:
        """Extract articles as an import does (with the stored context), changing nothing."""
        return await self._extract(articles, published)

    async def _extract(self, articles: Sequence[Article], published: dtm.date | None) -> Extraction:
        """Extract new articles; read again with the stored articles of their days when they
        name times without a date that no session took (one article says when a call was, an
        earlier one which call it was)."""
        catalogue = await self._store.tracks.catalogue()
        extraction = await self._extractor(articles, catalogue, published)
        if not extraction.loose or not extraction.references:
            return extraction
        days = extraction.references.values()
        context = await self._store.articles.published_between(
            min(days) - CONTEXT_DAYS, max(days) + dtm.timedelta(days=1), CONTEXT_ARTICLES
        )
        known = {a.id for a in articles}
        context = [a for a in context if a.id not in known]
        if not context:
            return extraction
        return await self._extractor(articles, catalogue, published, context)

    async def propose(self, found: ExtractedEvent, published: dict[str, dtm.date]) -> Proposal:
        """Say what accepting a found session would do, without changing anything."""
        sources = _sources(found, published)
        existing = await self._same(found)
        if existing is not None:
            return Proposal(found, sources, existing, moves=False)
        moved = await self._moved(found, published)
        return Proposal(found, sources, moved, moves=moved is not None)

    async def propose_text(
        self,
        text: str,
        source: str,
        fallback: dtm.date,
        fallback_why: str,
        outlet: str | None = None,
    ) -> TextReading:
        """Extract a pasted or forwarded text and propose each session it announces.

        The text is read as of its own date (its publication line, else its dateline, else the
        dates in it); only when it gives none, or one later than `fallback` (the day its
        message was sent, which `fallback_why` explains), as of `fallback`.
        """
        article = article_from_text(text, source, outlet=outlet)
        extraction = await self._extract([article], None)
        own = extraction.references.get(article.id) if not extraction.problems else None
        own_why = extraction.reasons.get(article.id, "the dates in its text")
        taken = own is not None and own <= fallback + SENT_SLACK
        if own is not None and taken:
            day, why = own, own_why
        else:
            day, why = fallback, fallback_why
            extraction = await self._extract([article], fallback)
        article = article.model_copy(update={"published": day})
        dates = {article.id: day}
        proposals = tuple([await self.propose(found, dates) for found in extraction.events])
        refused = own is not None and not taken
        return TextReading(
            article,
            day,
            why,
            own_date=taken,
            proposals=proposals,
            text_day=own if refused else None,
            text_why=own_why if refused else None,
        )

    async def accept(self, article: Article, proposal: Proposal, actor: str) -> Event | None:
        """Apply one accepted proposal (storing its article); return the event if it changed."""
        await self._store.articles.add(article)
        report = ImportReport()
        await self._commit(proposal, actor, report)
        if report.created:
            return report.created[0]
        return report.updated[0][0] if report.updated else None

    async def _apply(
        self,
        found: ExtractedEvent,
        published: dict[str, dtm.date],
        actor: str,
        report: ImportReport,
    ) -> None:
        await self._commit(await self.propose(found, published), actor, report)

    async def _commit(self, proposal: Proposal, actor: str, report: ImportReport) -> None:
        found, sources, event = proposal.found, proposal.sources, proposal.existing
        if event is None:
            draft = EventDraft(
                title=found.title,
                track=found.track,
                start_date=found.start_date,
                end_date=found.end_date,
                start_at=found.start_at,
                end_at=found.end_at,
                location=found.location,
                timezone=found.timezone or self._default_timezone,
                status=_status(found),
                kind=found.kind,
                confidence=found.confidence,
                url=next((s.url for s in found.sources if s.url), None),
                sources=sources,
                discrepancies=found.discrepancies,
            )
            created = await self._store.events.create(draft, actor, f"found in {_files(sources)}")
            report.created.append(created)
            await self._hooks.event_created(created)
            return
        if proposal.moves:
            changes = self._move(event, found)
            summary = f"moved by {_files(sources)}"
        else:
            changes = self._merge(event, found, sources)
            summary = f"updated from {_files(sources)}"
        updated, changed = await self._store.events.update(
            event.id, changes, actor, summary, sources
        )
        if changed:
            report.updated.append((updated, summary))
            await self._hooks.event_changed(event, updated)
        else:
            report.unchanged.append(updated)

    async def _same(self, found: ExtractedEvent) -> Event | None:
        """Find the stored event this found session is: by a shared source, else by date."""
        for source in found.sources:
            if source.article_id is not None:
                known = await self._store.events.by_source(source.article_id, source.quote)
                if known is not None and _overlaps(known, found):
                    return known
        nearby = await self._store.events.find(start=found.start_date, end=found.end_date)
        for event in nearby:
            if found.track is not None and event.track == found.track:
                return event
            if found.track is None and event.track is None and event.kind == found.kind:
                return event
        return None

    async def _moved(self, found: ExtractedEvent, published: dict[str, dtm.date]) -> Event | None:
        """Find a known upcoming session of the same track and venue that this one moves."""
        if found.track is None or found.status is not ExtractedStatus.UPCOMING:
            return None
        said_on = max(
            (published[s.article_id] for s in found.sources if s.article_id in published),
            default=None,
        )
        if said_on is None:
            return None
        window = await self._store.events.find(
            tracks=[found.track],
            start=found.start_date - MOVE_WINDOW,
            end=found.end_date + MOVE_WINDOW,
        )
        for event in window:
            if event.status in {EventStatus.CANCELLED} or event.end_date < said_on:
                continue
            if event.location and found.location and event.location != found.location:
                continue
            if any(s.published is not None and s.published > said_on for s in event.sources):
                continue  # what we hold is newer than this article
            return event
        return None

    def _move(self, event: Event, found: ExtractedEvent) -> dict[str, object]:
        changes: dict[str, object] = {
            "start_date": found.start_date,
            "end_date": found.end_date,
            "start_at": found.start_at,
            "end_at": found.end_at,
        }
        if event.status in {EventStatus.POSTPONED, EventStatus.TENTATIVE}:
            changes["status"] = _status(found)
        if found.location and not event.location:
            changes["location"] = found.location
        return changes

    def _merge(
        self, event: Event, found: ExtractedEvent, sources: tuple[EventSource, ...]
    ) -> dict[str, object]:
        """Return the changes a confirming (or cancelling) source brings to an event."""
        changes: dict[str, object] = {}
        every = (*event.sources, *sources)
        readings: dict[Reading, list[str]] = {}
        words: dict[Reading, str | None] = {}
        for s in every:
            if s.said_start is None or s.said_end is None:
                continue
            reading = (s.said_start, s.said_end)
            readings.setdefault(reading, []).append(s.article_id or s.quote)
            words.setdefault(reading, s.date_words)
        if len(readings) > 1:
            chosen = choose_reading(readings)
            if chosen != (event.start_date, event.end_date) and event.start_at is None:
                changes["start_date"], changes["end_date"] = chosen
            notes = [
                discrepancy(
                    other,
                    _files([s for s in every if (s.said_start, s.said_end) == other]),
                    words[other],
                    chosen,
                    _files([s for s in every if (s.said_start, s.said_end) == chosen]),
                    words[chosen],
                )
                for other in sorted(readings)
                if other != chosen
            ]
            changes["discrepancies"] = tuple(notes)
        if event.start_at is None and found.start_at is not None:
            changes["start_at"], changes["end_at"] = found.start_at, found.end_at
        if event.location is None and found.location is not None:
            changes["location"] = found.location
        if event.location is None and found.timezone not in {None, event.timezone}:
            # No venue's zone to keep: take the zone of the place or the time now read.
            changes["timezone"] = found.timezone
        if event.track is None and found.track is not None:
            changes["track"] = found.track
        status = _status(found)
        if status in {EventStatus.CANCELLED, EventStatus.POSTPONED} and status != event.status:
            changes["status"] = status
        return changes

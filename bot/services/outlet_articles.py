"""Read one feed item's article once: its page (or the feed's summary), then its sessions,
applied through the importer for a trusted source or kept as proposals for review."""

from __future__ import annotations

import dataclasses
import datetime as dtm

from bot.articles import article_from_text
from bot.clock import Clock
from bot.errors import ArticleError, SourceError
from bot.extract import Extraction
from bot.models import Article, ExtractedEvent, ExtractedStatus
from bot.outlets import FeedItem, FeedSource, SeenArticle, SourceTrust
from bot.ports import OutletReader, StorePort
from bot.services.importer import Importer, Proposal

ACTOR = "sources"


@dataclasses.dataclass(slots=True)
class ArticleOutcome:
    """What reading one item did."""

    read: int = 0
    already_seen: int = 0
    added: list[str] = dataclasses.field(default_factory=list)
    updated: list[str] = dataclasses.field(default_factory=list)
    proposed: int = 0
    sessions: int = 0
    notes: list[str] = dataclasses.field(default_factory=list)
    problem: str | None = None  # not read this time; tried again at the next poll


@dataclasses.dataclass(frozen=True, slots=True)
class _Text:
    text: str
    title: str | None
    published: dtm.date | None
    language: str | None


def _confirms(proposal: Proposal) -> bool:
    """Whether a proposal only confirms a known session (no move, no cancellation)."""
    quiet = proposal.found.status in {ExtractedStatus.UPCOMING, ExtractedStatus.PAST}
    return proposal.action == "update" and quiet


def _label(item: FeedItem) -> str:
    return item.link or repr(item.title or (item.summary or "")[:60])


class ArticleReading:
    """Turns feed items into read articles, each at most once."""

    def __init__(
        self, store: StorePort, reader: OutletReader, importer: Importer, clock: Clock
    ) -> None:
        self._store = store
        self._reader = reader
        self._importer = importer
        self._clock = clock

    async def read(self, source: FeedSource, item: FeedItem) -> ArticleOutcome:
        """Read one item's article unless it was read before (by its URL or its text)."""
        outcome = ArticleOutcome()
        sources = self._store.sources
        if item.link is not None and await sources.seen_url(item.link):
            outcome.already_seen = 1
            return outcome
        text = await self._text(source, item, outcome)
        if text is None:
            return outcome
        text_hash = Article.id_for(text.text)
        if await sources.seen_text(text_hash):
            await self._mark(source, item, text_hash, 0)  # the same text at another URL
            outcome.already_seen = 1
            return outcome
        try:
            article = self._article(source, item, text)
        except ArticleError as exc:
            outcome.notes.append(str(exc))
            await self._mark(source, item, text_hash, 0)
            return outcome
        await self._sessions(source, article, outcome)
        await self._mark(source, item, text_hash, outcome.sessions)
        outcome.read = 1
        return outcome

    async def _text(
        self, source: FeedSource, item: FeedItem, outcome: ArticleOutcome
    ) -> _Text | None:
        """The page's main text, else the feed's summary; None when there is nothing to read."""
        summary = _Text(item.summary, item.title, item.published, None) if item.summary else None
        if item.link is None:
            if summary is None:
                outcome.notes.append(f"{_label(item)}: an item without a link or text; skipped")
            return summary
        try:
            page = await self._reader.article(item.link)
        except SourceError as exc:
            if exc.transient:
                outcome.problem = str(exc)
                return None
            if summary is None:
                outcome.notes.append(f"{exc}; the feed gives no summary either, skipped")
                await self._mark(source, item, "", 0)  # nothing to read: not fetched again
                return None
            outcome.notes.append(f"{exc}; read the feed's summary instead")
            return summary
        return _Text(page.text, page.title or item.title, page.published or item.published, None)

    def _article(self, source: FeedSource, item: FeedItem, text: _Text) -> Article:
        origin = item.link or f"{source.url} ({text.title or 'an item without a link'})"
        return article_from_text(
            text.text,
            origin,
            title=text.title,
            outlet=source.outlet,
            url=item.link,
            published=text.published,
            language=source.language or text.language,
        )

    async def _extraction(
        self, article: Article, outcome: ArticleOutcome
    ) -> tuple[Article, Extraction] | None:
        """Extract the article; an undated one is read as of today, with a note."""
        extraction = await self._importer.read_articles([article])
        if article.id not in extraction.references and article.published is None:
            today = self._clock.now().date()
            outcome.notes.append(f"{article.file}: no date found; read as of {today}")
            article = article.model_copy(update={"published": today})
            extraction = await self._importer.read_articles([article])
        day = extraction.references.get(article.id)
        if day is None:
            problems = "; ".join(p.problem for p in extraction.problems) or "cannot be read"
            outcome.notes.append(f"{article.file}: {problems}")
            return None
        return article.model_copy(update={"published": day}), extraction

    async def _sessions(
        self, source: FeedSource, article: Article, outcome: ArticleOutcome
    ) -> None:
        read = await self._extraction(article, outcome)
        if read is None:
            return
        article, extraction = read
        await self._store.articles.add(article)
        found = [e for e in extraction.events if not source.tracks or e.track in source.tracks]
        outcome.sessions = len(found)
        for event in found:
            await self._apply(source, article, event, outcome)

    async def _apply(
        self, source: FeedSource, article: Article, found: ExtractedEvent, outcome: ArticleOutcome
    ) -> None:
        """Apply a found session; from a review source only one the calendar has already
        (merged as a further source): a new or moved session waits for an editor."""
        assert article.published is not None
        proposal = await self._importer.propose(found, {article.id: article.published})
        if source.trust is SourceTrust.REVIEW and not _confirms(proposal):
            await self._store.sources.propose(source.id, article, found)
            outcome.proposed += 1
            return
        changed = await self._importer.accept(article, proposal, ACTOR)
        if changed is None:
            return
        (outcome.added if proposal.existing is None else outcome.updated).append(changed.id)

    async def _mark(self, source: FeedSource, item: FeedItem, text_hash: str, n: int) -> None:
        seen = SeenArticle(
            source_id=source.id,
            url=item.link,
            text_hash=text_hash,
            sessions=n,
            seen_at=self._clock.now(),
        )
        await self._store.sources.mark_seen(seen)

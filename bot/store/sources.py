"""The feeds negbot polls, the articles read from them, and the proposals awaiting review."""

from __future__ import annotations

import datetime as dtm

from sqlalchemy import delete, or_, select, update
from sqlalchemy.exc import IntegrityError

from bot.errors import InputError
from bot.models import Article, ExtractedEvent
from bot.outlets import FeedSource, NewSource, PendingProposal, SeenArticle, SourceTrust
from bot.store.database import Database
from bot.store.tables import SeenArticleRow, SourceProposalRow, SourceRow


def _source(row: SourceRow) -> FeedSource:
    return FeedSource(
        id=row.id,
        url=row.url,
        name=row.name,
        language=row.language,
        tracks=tuple(row.tracks),
        trust=SourceTrust(row.trust),
        every=dtm.timedelta(seconds=row.every_seconds),
        etag=row.etag,
        last_modified=row.last_modified,
        last_poll_at=row.last_poll_at,
        last_error=row.last_error,
        failures=row.failures,
        next_poll_at=row.next_poll_at,
        articles_read=row.articles_read,
        sessions_found=row.sessions_found,
        created_at=row.created_at,
    )


def _proposal(row: SourceProposalRow) -> PendingProposal:
    return PendingProposal(
        id=row.id,
        source_id=row.source_id,
        article=Article.model_validate(row.article),
        found=ExtractedEvent.model_validate(row.found),
        created_at=row.created_at,
    )


class SourceStore:
    """The sources and what they led to; none of it changes what the feeds show."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def add(self, new: NewSource) -> FeedSource:
        """Store a new source; refuse a URL that is followed already."""
        row = SourceRow(
            url=new.url,
            language=new.language,
            tracks=list(new.tracks),
            trust=new.trust.value,
            every_seconds=int(new.every.total_seconds()),
            failures=0,
            articles_read=0,
            sessions_found=0,
            created_at=self._db.clock.now(),
        )
        try:
            async with self._db.transaction() as session:
                if await session.scalar(select(SourceRow.id).where(SourceRow.url == new.url)):
                    raise InputError(f"{new.url} is followed already")
                session.add(row)
        except IntegrityError:
            raise InputError(f"{new.url} is followed already") from None
        return _source(row)

    async def get(self, source_id: int) -> FeedSource | None:
        """Return the source with this id, if any."""
        async with self._db.read() as session:
            row = await session.get(SourceRow, source_id)
            return None if row is None else _source(row)

    async def all(self) -> list[FeedSource]:
        """Return every source, by id."""
        async with self._db.read() as session:
            rows = await session.scalars(select(SourceRow).order_by(SourceRow.id))
            return [_source(r) for r in rows]

    async def remove(self, source_id: int) -> bool:
        """Stop following a source; the articles and sessions it led to stay."""
        async with self._db.transaction() as session:
            query = delete(SourceRow).where(SourceRow.id == source_id).returning(SourceRow.id)
            return (await session.scalar(query)) is not None

    async def due(self, now: dtm.datetime) -> list[FeedSource]:
        """Return the sources never polled or whose next poll has come, by id."""
        query = (
            select(SourceRow)
            .where(or_(SourceRow.next_poll_at.is_(None), SourceRow.next_poll_at <= now))
            .order_by(SourceRow.id)
        )
        async with self._db.read() as session:
            return [_source(r) for r in await session.scalars(query)]

    async def save(self, source: FeedSource) -> None:
        """Store how a source's polling stands; a source removed meanwhile stays removed."""
        async with self._db.transaction() as session:
            row = await session.get(SourceRow, source.id)
            if row is None:
                return
            row.name = source.name
            row.etag = source.etag
            row.last_modified = source.last_modified
            row.last_poll_at = source.last_poll_at
            row.last_error = source.last_error
            row.failures = source.failures
            row.next_poll_at = source.next_poll_at
            row.articles_read = source.articles_read
            row.sessions_found = source.sessions_found

    async def claim(self, source_id: int, owner: str, until: dtm.datetime) -> bool:
        """Lease a source to one poller, unless another holds a lease that has not run out."""
        free = or_(
            SourceRow.lease_until.is_(None),
            SourceRow.lease_until <= self._db.clock.now(),
            SourceRow.lease_owner == owner,
        )
        query = (
            update(SourceRow)
            .where(SourceRow.id == source_id, free)
            .values(lease_owner=owner, lease_until=until)
            .returning(SourceRow.id)
        )
        async with self._db.transaction() as session:
            return (await session.scalar(query)) is not None

    async def release(self, source_id: int, owner: str) -> None:
        """End this poller's lease of the source."""
        query = (
            update(SourceRow)
            .where(SourceRow.id == source_id, SourceRow.lease_owner == owner)
            .values(lease_owner=None, lease_until=None)
        )
        async with self._db.transaction() as session:
            await session.execute(query)

    async def seen_url(self, url: str) -> bool:
        """Tell whether an article at this URL was read."""
        query = select(SeenArticleRow.id).where(SeenArticleRow.url == url).limit(1)
        async with self._db.read() as session:
            return await session.scalar(query) is not None

    async def seen_text(self, text_hash: str) -> bool:
        """Tell whether an article with this text was read, from whatever URL."""
        query = select(SeenArticleRow.id).where(SeenArticleRow.text_hash == text_hash).limit(1)
        async with self._db.read() as session:
            return await session.scalar(query) is not None

    async def mark_seen(self, seen: SeenArticle) -> bool:
        """Record an article as read; False when its URL was recorded already."""
        values = {
            "source_id": seen.source_id,
            "url": seen.url,
            "text_hash": seen.text_hash,
            "sessions": seen.sessions,
            "seen_at": seen.seen_at,
        }
        statement = self._db.insert(SeenArticleRow).values(**values)
        statement = statement.on_conflict_do_nothing(index_elements=["url"]).returning(
            SeenArticleRow.id
        )
        async with self._db.transaction() as session:
            return (await session.scalar(statement)) is not None

    async def propose(
        self, source_id: int | None, article: Article, found: ExtractedEvent
    ) -> PendingProposal:
        """Keep a found session for an editor to review."""
        row = SourceProposalRow(
            source_id=source_id,
            article=article.model_dump(mode="json"),
            found=found.model_dump(mode="json"),
            created_at=self._db.clock.now(),
        )
        async with self._db.transaction() as session:
            session.add(row)
        return _proposal(row)

    async def proposals(self) -> list[PendingProposal]:
        """Return the sessions waiting for review, oldest first."""
        async with self._db.read() as session:
            rows = await session.scalars(select(SourceProposalRow).order_by(SourceProposalRow.id))
            return [_proposal(r) for r in rows]

    async def drop_proposal(self, proposal_id: int) -> bool:
        """Forget a reviewed proposal."""
        query = (
            delete(SourceProposalRow)
            .where(SourceProposalRow.id == proposal_id)
            .returning(SourceProposalRow.id)
        )
        async with self._db.transaction() as session:
            return (await session.scalar(query)) is not None

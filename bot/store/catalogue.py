"""Tracks and articles in the database."""

from __future__ import annotations

import datetime as dtm

from sqlalchemy import select

from bot.errors import InputError
from bot.models import Article, Track
from bot.store.database import Database
from bot.store.tables import ArticleRow, TrackRow
from bot.tracks import TrackCatalogue


def _track(row: TrackRow) -> Track:
    return Track(
        id=row.id,
        name=row.name,
        session_title=row.session_title,
        venue=row.venue,
        timezone=row.timezone,
        aliases=tuple(row.aliases),
        parties=tuple(row.parties),
        description=row.description,
        session_titles=dict(row.session_titles or {}),
    )


class TrackStore:
    """The tracks: the shipped catalogue plus those admins add."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def sync(self, catalogue: TrackCatalogue) -> int:
        """Store the shipped tracks, adding new and refreshing changed ones; return how many."""
        async with self._db.read() as session:
            rows = {r.id: r for r in (await session.execute(select(TrackRow))).scalars()}
        wanted = [t for t in catalogue if rows.get(t.id) is None or _track(rows[t.id]) != t]
        if not wanted:
            return 0
        async with self._db.write() as session:
            for track in wanted:
                row = await session.get(TrackRow, track.id)
                if row is None:
                    row = TrackRow(id=track.id, builtin=True, created_at=self._db.clock.now())
                    session.add(row)
                elif not row.builtin:
                    continue  # an admin's own track of the same id wins
                _fill(row, track)
        return len(wanted)

    async def all(self) -> list[Track]:
        """Return every track, by id."""
        async with self._db.read() as session:
            rows = (await session.execute(select(TrackRow).order_by(TrackRow.id))).scalars()
            return [_track(r) for r in rows]

    async def catalogue(self) -> TrackCatalogue:
        """Return every track as a catalogue that recognises them in text."""
        return TrackCatalogue(await self.all())

    async def get(self, track_id: str) -> Track | None:
        """Return one track, if it exists."""
        async with self._db.read() as session:
            row = await session.get(TrackRow, track_id)
            return _track(row) if row is not None else None

    async def add(self, track: Track) -> Track:
        """Add an admin's track; refuse an id that exists."""
        async with self._db.write() as session:
            if await session.get(TrackRow, track.id) is not None:
                raise InputError(f"a track with id {track.id!r} exists already")
            row = TrackRow(id=track.id, builtin=False, created_at=self._db.clock.now())
            _fill(row, track)
            session.add(row)
        return track


def _fill(row: TrackRow, track: Track) -> None:
    row.name = track.name
    row.session_title = track.session_title
    row.venue = track.venue
    row.timezone = track.timezone
    row.aliases = list(track.aliases)
    row.parties = list(track.parties)
    row.description = track.description
    row.session_titles = dict(track.session_titles)


class ArticleStore:
    """The source articles, kept whole so that every quote can be checked against them."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def has(self, article_id: str) -> bool:
        """Tell whether the article was imported before."""
        async with self._db.read() as session:
            return await session.get(ArticleRow, article_id) is not None

    async def add(self, article: Article) -> bool:
        """Store an article; return False when it was there already."""
        async with self._db.transaction() as session:
            if await session.get(ArticleRow, article.id) is not None:
                return False
            session.add(
                ArticleRow(
                    id=article.id,
                    file=article.file,
                    title=article.title,
                    outlet=article.outlet,
                    url=article.url,
                    published=article.published,
                    text=article.text,
                    imported_at=self._db.clock.now(),
                )
            )
        return True

    async def get(self, article_id: str) -> Article | None:
        """Return a stored article."""
        async with self._db.read() as session:
            row = await session.get(ArticleRow, article_id)
            return None if row is None else _article(row)

    async def published_between(self, first: dtm.date, last: dtm.date, limit: int) -> list[Article]:
        """Return up to `limit` stored articles published from `first` to `last`, latest first."""
        query = (
            select(ArticleRow)
            .where(ArticleRow.published >= first, ArticleRow.published <= last)
            .order_by(ArticleRow.published.desc(), ArticleRow.imported_at.desc())
            .limit(limit)
        )
        async with self._db.read() as session:
            return [_article(row) for row in await session.scalars(query)]


def _article(row: ArticleRow) -> Article:
    return Article(
        id=row.id,
        file=row.file,
        text=row.text,
        title=row.title,
        outlet=row.outlet,
        url=row.url,
        published=row.published,
    )

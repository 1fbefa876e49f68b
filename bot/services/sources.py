"""Editors' work on sources: add, list and remove feeds; accept or skip what review ones found."""

from __future__ import annotations

import datetime as dtm
import urllib.parse
from collections.abc import Sequence

from bot.clock import Clock
from bot.errors import InputError
from bot.extract.lang import SUPPORTED
from bot.models import Event
from bot.outlets import DEFAULT_EVERY, FeedSource, NewSource, PendingProposal, SourceTrust
from bot.ports import OutletReader, StorePort
from bot.services.importer import Importer
from bot.services.polling import SourcePoller

ACTOR = "sources review"
MIN_EVERY = dtm.timedelta(minutes=1)
MAX_EVERY = dtm.timedelta(days=7)


def feed_url(text: str) -> str:
    """Return an http(s) feed address as given (without a fragment); InputError otherwise."""
    url = text.strip()
    parts = urllib.parse.urlsplit(url)
    if parts.scheme.lower() not in {"http", "https"} or not parts.hostname or " " in url:
        raise InputError(f"not an http(s) feed address: {text!r} (e.g. https://example.org/rss)")
    return urllib.parse.urlunsplit(parts._replace(fragment=""))


def _language(code: str | None) -> str | None:
    if code is None:
        return None
    if code.lower() not in SUPPORTED:
        known = ", ".join(sorted(SUPPORTED))
        raise InputError(f"unknown language {code!r}: negbot reads {known}")
    return code.lower()


def _every(minutes: float | None) -> dtm.timedelta:
    if minutes is None:
        return DEFAULT_EVERY
    every = dtm.timedelta(minutes=minutes)
    if not MIN_EVERY <= every <= MAX_EVERY:
        raise InputError(
            f"--every must be from 1 to {int(MAX_EVERY.total_seconds() // 60)} minutes"
        )
    return every


class SourcesService:
    """The sources negbot follows and the proposals they left, for editors and the operator."""

    def __init__(self, store: StorePort, importer: Importer, clock: Clock) -> None:
        self._store = store
        self._importer = importer
        self.clock = clock

    def poller(self, reader: OutletReader) -> SourcePoller:
        """A poller of these sources, reading the outlets through `reader`."""
        return SourcePoller(self._store, reader, self._importer, self.clock)

    async def check(
        self,
        url: str,
        *,
        language: str | None = None,
        tracks: Sequence[str] = (),
        trust: str = SourceTrust.REVIEW.value,
        every_minutes: float | None = None,
    ) -> NewSource:
        """Check what an editor typed; InputError naming the first bad value."""
        try:
            how = SourceTrust(trust)
        except ValueError:
            raise InputError(f"--trust must be auto or review, not {trust!r}") from None
        for track in tracks:
            if await self._store.tracks.get(track) is None:
                raise InputError(f"unknown track {track!r} (see `negbot tracks list`)")
        return NewSource(
            url=feed_url(url),
            language=_language(language),
            tracks=tuple(dict.fromkeys(tracks)),
            trust=how,
            every=_every(every_minutes),
        )

    async def add(
        self,
        url: str,
        *,
        language: str | None = None,
        tracks: Sequence[str] = (),
        trust: str = SourceTrust.REVIEW.value,
        every_minutes: float | None = None,
    ) -> FeedSource:
        """Follow a feed; InputError naming the first bad value, and nothing stored then."""
        new = await self.check(
            url, language=language, tracks=tracks, trust=trust, every_minutes=every_minutes
        )
        return await self.add_checked(new)

    async def add_checked(self, new: NewSource) -> FeedSource:
        """Follow a feed already checked; InputError when it is followed already."""
        return await self._store.sources.add(new)

    async def all(self) -> list[FeedSource]:
        """Every source, by id."""
        return await self._store.sources.all()

    async def get(self, source_id: int) -> FeedSource:
        """The source with this id; InputError when there is none."""
        source = await self._store.sources.get(source_id)
        if source is None:
            raise InputError(f"no source #{source_id} (see `negbot sources list`)")
        return source

    async def remove(self, source_id: int) -> FeedSource:
        """Stop following a source; what it led to stays in the calendar."""
        source = await self.get(source_id)
        await self._store.sources.remove(source_id)
        return source

    async def proposals(self) -> list[PendingProposal]:
        """The sessions waiting for review, oldest first."""
        return await self._store.sources.proposals()

    async def _proposal(self, proposal_id: int) -> PendingProposal:
        for proposal in await self._store.sources.proposals():
            if proposal.id == proposal_id:
                return proposal
        raise InputError(f"no proposal #{proposal_id} (see `negbot sources proposals`)")

    async def accept(self, proposal_id: int) -> Event | None:
        """Put a proposed session in the calendar (or merge it with the one it is)."""
        pending = await self._proposal(proposal_id)
        article = pending.article
        day = article.published or pending.created_at.date()
        proposal = await self._importer.propose(pending.found, {article.id: day})
        event = await self._importer.accept(article, proposal, ACTOR)
        await self._store.sources.drop_proposal(proposal_id)
        return event

    async def skip(self, proposal_id: int) -> PendingProposal:
        """Forget a proposed session."""
        pending = await self._proposal(proposal_id)
        await self._store.sources.drop_proposal(proposal_id)
        return pending

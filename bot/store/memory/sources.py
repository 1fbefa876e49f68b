"""The sources in memory: feeds, the articles read from them and pending proposals."""

from __future__ import annotations

import datetime as dtm

from bot.clock import Clock
from bot.errors import InputError
from bot.models import Article, ExtractedEvent
from bot.outlets import FeedSource, NewSource, PendingProposal, SeenArticle


class MemorySources:
    """The sources by id, the articles read by URL and by text hash, proposals by id."""

    def __init__(self, clock: Clock) -> None:
        self._clock = clock
        self._sources: dict[int, FeedSource] = {}
        self._urls: set[str] = set()
        self._hashes: set[str] = set()
        self._proposals: dict[int, PendingProposal] = {}
        self._numbers = {"source": 0, "proposal": 0}
        self._leases: dict[int, tuple[str, dtm.datetime]] = {}

    def _next(self, kind: str) -> int:
        self._numbers[kind] += 1
        return self._numbers[kind]

    async def add(self, new: NewSource) -> FeedSource:
        """Store a new source; refuse a URL that is followed already."""
        if any(s.url == new.url for s in self._sources.values()):
            raise InputError(f"{new.url} is followed already")
        source = FeedSource(
            id=self._next("source"), created_at=self._clock.now(), **new.model_dump()
        )
        self._sources[source.id] = source
        return source

    async def get(self, source_id: int) -> FeedSource | None:
        """Return the source with this id, if any."""
        return self._sources.get(source_id)

    async def all(self) -> list[FeedSource]:
        """Return every source, by id."""
        return [self._sources[k] for k in sorted(self._sources)]

    async def remove(self, source_id: int) -> bool:
        """Stop following a source."""
        return self._sources.pop(source_id, None) is not None

    async def due(self, now: dtm.datetime) -> list[FeedSource]:
        """Return the sources never polled or whose next poll has come, by id."""
        return [s for s in await self.all() if s.next_poll_at is None or s.next_poll_at <= now]

    async def save(self, source: FeedSource) -> None:
        """Store how a source's polling stands, unless it was removed meanwhile."""
        if source.id in self._sources:
            self._sources[source.id] = source

    async def claim(self, source_id: int, owner: str, until: dtm.datetime) -> bool:
        """Lease a source to one poller, unless another holds a lease that has not run out."""
        held = self._leases.get(source_id)
        if source_id not in self._sources:
            return False
        if held is not None and held[0] != owner and held[1] > self._clock.now():
            return False
        self._leases[source_id] = (owner, until)
        return True

    async def release(self, source_id: int, owner: str) -> None:
        """End this poller's lease of the source."""
        if self._leases.get(source_id, ("", None))[0] == owner:
            del self._leases[source_id]

    async def seen_url(self, url: str) -> bool:
        """Tell whether an article at this URL was read."""
        return url in self._urls

    async def seen_text(self, text_hash: str) -> bool:
        """Tell whether an article with this text was read."""
        return text_hash in self._hashes

    async def mark_seen(self, seen: SeenArticle) -> bool:
        """Record an article as read; False when its URL was recorded already."""
        if seen.url is not None and seen.url in self._urls:
            return False
        if seen.url is not None:
            self._urls.add(seen.url)
        self._hashes.add(seen.text_hash)
        return True

    async def propose(
        self, source_id: int | None, article: Article, found: ExtractedEvent
    ) -> PendingProposal:
        """Keep a found session for an editor to review."""
        proposal = PendingProposal(
            id=self._next("proposal"),
            source_id=source_id,
            article=article,
            found=found,
            created_at=self._clock.now(),
        )
        self._proposals[proposal.id] = proposal
        return proposal

    async def proposals(self) -> list[PendingProposal]:
        """Return the sessions waiting for review, oldest first."""
        return [self._proposals[k] for k in sorted(self._proposals)]

    async def drop_proposal(self, proposal_id: int) -> bool:
        """Forget a reviewed proposal."""
        return self._proposals.pop(proposal_id, None) is not None

"""Each session's VEVENT block, rendered when the session is written and kept in the store.

A feed is its envelope around one block per session (bot.ical.render). A block's bytes depend
on the session's stored version (its row and its sources, which change only with SEQUENCE and
`updated_at`), on its track's name, on the UID domain and on the renderer (VEVENT_FORMAT); a
block is kept under a hash of exactly those, so a kept block is used only while a fresh render
would give the same bytes. The editor and the importer render the blocks of what they write,
so the first feed after a change finds every block ready; a feed renders (and keeps) whatever
it still misses: a session written around the services, a track renamed since, a pre-render
that failed.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable, Mapping

from bot.ical import VEVENT_FORMAT, vevent_bytes
from bot.models import Event, Track
from bot.store import Store
from bot.store.database import chunks

log = logging.getLogger(__name__)

DOMAIN = "negbot"
_PRERENDER_CHUNK = 1000  # events rendered and kept per transaction, bounding memory

Kept = tuple[str, bytes]  # a block and the key of the version it shows


def block_key(event: Event, tracks: Mapping[str, Track]) -> str:
    """Return the key of what this event's block depends on, hashed to fit the column."""
    track = tracks.get(event.track) if event.track else None
    parts = (
        VEVENT_FORMAT,
        DOMAIN,
        event.id,
        str(event.sequence),
        event.updated_at.isoformat(),
        event.track or "",
        track.name if track is not None else "",
    )
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:32]


class Blocks:
    """The VEVENT blocks in the store's `renders` table: found by key, rendered when missing."""

    def __init__(self, store: Store) -> None:
        self._store = store

    async def tracks(self) -> dict[str, Track]:
        """Return the tracks by id: a block shows its track's name."""
        return {t.id: t for t in await self._store.tracks.all()}

    async def kept(self, keys: Mapping[int, str]) -> dict[int, Kept]:
        """Return the kept blocks of these events (by number) that carry the key asked for."""
        stored = await self._store.renders.get(keys)
        return {n: kept for n, kept in stored.items() if kept[0] == keys[n]}

    async def render(self, numbers: Iterable[int], tracks: Mapping[str, Track]) -> dict[int, Kept]:
        """Render these events as stored now, keep the blocks and return them with their keys.

        The events are loaded whole here (listings leave the sources out), and key and bytes
        come from the same load, so a block is never kept under another version's key. An
        event that no longer exists is left out.
        """
        whole = await self._store.events.many(numbers)
        fresh = {
            number: (block_key(event, tracks), vevent_bytes(event, tracks=tracks, domain=DOMAIN))
            for number, event in whole.items()
        }
        await self._store.renders.put(fresh)
        return fresh

    async def prerender(self, numbers: Iterable[int]) -> int:
        """Render and keep the blocks of sessions just written; return how many were kept.

        The write is done by then, so a failure here must not undo it in the caller's eyes: it
        is logged, and the feeds render the blocks they do not find.
        """
        wanted = set(numbers)
        if not wanted:
            return 0
        done = 0
        try:
            tracks = await self.tracks()
            for chunk in chunks(wanted, _PRERENDER_CHUNK):
                done += len(await self.render(chunk, tracks))
        except Exception:
            log.warning(
                "could not pre-render %d VEVENT block(s); the feeds will render them",
                len(wanted) - done,
                exc_info=True,
            )
        return done

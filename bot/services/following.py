"""Chats following tracks, and their settings: timezone, reminder offsets, digest, feed token."""

from __future__ import annotations

import datetime as dtm
import re
from collections.abc import Awaitable, Callable

from bot.errors import InputError
from bot.i18n import DEFAULT, LANGUAGES, _
from bot.models import ALL_TRACKS, Chat, ChatKind, Track
from bot.ports import StorePort
from bot.services.when import zone

ChatHook = Callable[[int], Awaitable[None]]
MAX_OFFSETS = 5
MAX_OFFSET_MINUTES = 30 * 1440
_OFFSET = re.compile(r"^(\d{1,4})([dhm])$")


def _unreadable_offset(word: str) -> str:
    return _("cannot read {word!r}: use days, hours and minutes like 1d, 2h, 15m").format(word=word)


def parse_offsets(text: str) -> tuple[int, ...]:
    """Read "1d 2h 15m" as reminder offsets in minutes; "off" means none."""
    words = text.replace(",", " ").lower().split()
    if not words:
        raise InputError(_("give offsets like 1d 2h 15m, or off"))
    if words == ["off"]:
        return ()
    minutes: set[int] = set()
    for word in words:
        total = 0
        for part in re.findall(r"\d+[a-z]*", word):
            m = _OFFSET.match(part)
            if m is None:
                raise InputError(_unreadable_offset(word))
            total += int(m.group(1)) * {"d": 1440, "h": 60, "m": 1}[m.group(2)]
        if not re.fullmatch(r"(\d+[dhm])+", word):
            raise InputError(_unreadable_offset(word))
        if total <= 0:
            raise InputError(
                _("{word} is no time before a session: 1 minute at least, e.g. 15m").format(
                    word=word
                )
            )
        if total > MAX_OFFSET_MINUTES:
            raise InputError(_("{word} is too far ahead: 30 days at most").format(word=word))
        minutes.add(total)
    if len(minutes) > MAX_OFFSETS:
        raise InputError(_("{n} reminders per session at most").format(n=MAX_OFFSETS))
    return tuple(sorted(minutes, reverse=True))


def parse_time_of_day(text: str) -> dtm.time:
    """Read "09:00" or "9:30" as a time of day."""
    m = re.fullmatch(r"\s*([01]?\d|2[0-3])[:.h]([0-5]\d)\s*", text)
    if m is None:
        raise InputError(
            _("cannot read {text!r} as a time: write it like 09:00").format(text=text.strip())
        )
    return dtm.time(int(m.group(1)), int(m.group(2)))


class Following:
    """Subscriptions and chat settings, each change passed on to the reminders."""

    def __init__(
        self, store: StorePort, default_timezone: str, on_change: ChatHook | None = None
    ) -> None:
        self._store = store
        self._default_timezone = default_timezone
        self._on_change = on_change

    async def chat(
        self, chat_id: int, kind: ChatKind, title: str | None, language: str = DEFAULT
    ) -> Chat:
        """Return the chat, known from now on (speaking `language` if it is new)."""
        return await self._store.chats.ensure(
            chat_id, kind, title, self._default_timezone, language=language
        )

    async def set_language(self, chat_id: int, text: str) -> Chat:
        """Speak to the chat in this language ("en" or "ru")."""
        wanted = text.strip().lower()
        if wanted not in LANGUAGES:
            raise InputError(
                _("unknown language {text!r}: use /language en or /language ru").format(
                    text=text.strip()
                )
            )
        return await self._store.chats.change(chat_id, language=wanted)

    async def track(self, text: str) -> Track | None:
        """Return the track a user typed (its id or name), or None for "all"."""
        wanted = text.strip().lower()
        if wanted in {"all", "*", "everything"}:
            return None
        tracks = await self._store.tracks.all()
        for track in tracks:
            if wanted in {track.id, track.name.lower()}:
                return track
        matches = [t for t in tracks if wanted and (wanted in t.id or wanted in t.name.lower())]
        if len(matches) == 1:
            return matches[0]
        known = ", ".join(t.id for t in tracks)
        raise InputError(
            _("unknown track {text!r}; choose one of: {known}, or all").format(
                text=text.strip(), known=known
            )
        )

    async def subscribe(self, chat_id: int, text: str) -> tuple[Track | None, bool]:
        """Follow a track (or all); return it and whether it is new."""
        track = await self.track(text)
        added = await self._store.chats.subscribe(chat_id, track.id if track else ALL_TRACKS)
        await self._changed(chat_id)
        return track, added

    async def unsubscribe(self, chat_id: int, text: str) -> tuple[Track | None, bool]:
        """Stop following a track (or everything); return it and whether it was followed."""
        track = await self.track(text)
        removed = await self._store.chats.unsubscribe(chat_id, track.id if track else ALL_TRACKS)
        await self._changed(chat_id)
        return track, removed

    async def followed(self, chat_id: int) -> list[str]:
        """Return the track ids a chat follows (ALL_TRACKS for everything)."""
        return [s.track for s in await self._store.chats.subscriptions(chat_id)]

    async def set_timezone(self, chat_id: int, text: str) -> Chat:
        """Show dates to the chat in this zone (an IANA name or a city)."""
        chat = await self._store.chats.change(chat_id, timezone=zone(text).key)
        await self._changed(chat_id)
        return chat

    async def set_offsets(self, chat_id: int, text: str) -> Chat:
        """Remind the chat this long before each session."""
        chat = await self._store.chats.change(chat_id, reminder_offsets=list(parse_offsets(text)))
        await self._changed(chat_id)
        return chat

    async def set_allday_time(self, chat_id: int, text: str) -> Chat:
        """Send reminders for all-day sessions at this chat-local time."""
        chat = await self._store.chats.change(chat_id, allday_time=parse_time_of_day(text))
        await self._changed(chat_id)
        return chat

    async def set_digest(self, chat_id: int, text: str) -> Chat:
        """Turn the Monday-morning digest on ("weekly") or off."""
        value = text.strip().lower()
        if value not in {"weekly", "on", "off"}:
            raise InputError(_("use /digest weekly or /digest off"))
        chat = await self._store.chats.change(chat_id, digest=value != "off")
        await self._changed(chat_id)
        return chat

    async def first_feed(self, chat_id: int) -> str | None:
        """Return the chat's private feed token when this makes it; None when it exists
        already (kept only as a hash, so it cannot be shown again)."""
        return await self._store.chats.issue_token(chat_id)

    async def reset_feed(self, chat_id: int) -> str:
        """Give the chat a new private feed token and return it; the old one stops working."""
        return await self._store.chats.reset_token(chat_id)

    async def _changed(self, chat_id: int) -> None:
        if self._on_change is not None:
            await self._on_change(chat_id)

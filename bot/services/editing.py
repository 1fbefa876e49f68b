"""Add, edit and cancel calendar entries by hand, with every value checked."""

from __future__ import annotations

import datetime as dtm
import re
from dataclasses import dataclass

from bot.clock import Clock
from bot.errors import InputError
from bot.extract.places import gazetteer
from bot.models import MAX_SESSION_DAYS, Event, EventDraft, EventStatus
from bot.ports import StorePort
from bot.services.fields import FIELDS
from bot.services.hooks import CalendarHooks, NoHooks
from bot.services.limits import capped
from bot.services.when import parse_duration, parse_when, zone

_URL = re.compile(r"^https?://\S+$")


@dataclass(frozen=True, slots=True)
class AddRequest:
    """An editor's new session, as typed."""

    title: str
    when: str
    track: str | None = None
    venue: str | None = None
    timezone: str | None = None
    duration: str | None = None
    end: str | None = None


class Editor:
    """Changes to the calendar made by people, checked and recorded."""

    def __init__(
        self,
        store: StorePort,
        clock: Clock,
        default_timezone: str = "UTC",
        hooks: CalendarHooks | None = None,
    ) -> None:
        self._store = store
        self._clock = clock
        self._default_timezone = default_timezone
        self._hooks: CalendarHooks = hooks or NoHooks()

    async def draft(self, request: AddRequest) -> EventDraft:
        """Check an add request and return the draft it makes, without storing it."""
        for name in ("title", "when", "end", "duration", "track", "venue", "timezone"):
            capped(name, getattr(request, name))
        title = " ".join(request.title.split())
        if not title:
            raise InputError("a session needs a title")
        track = None
        if request.track:
            found = await self._store.tracks.get(request.track.strip().lower())
            if found is None:
                known = ", ".join(t.id for t in await self._store.tracks.all())
                raise InputError(f"unknown track {request.track!r}; known tracks: {known}")
            track = found
        city = None
        if request.venue:
            city = gazetteer().lookup(request.venue.strip())
            if city is None:
                raise InputError(f"unknown place {request.venue!r}: give a city name")
        if request.timezone:
            tz = zone(request.timezone).key
        elif city is not None:
            tz = city.timezone
        elif track is not None:
            tz = track.timezone
        else:
            tz = self._default_timezone
        duration = parse_duration(request.duration) if request.duration else None
        today = self._clock.now().astimezone(zone(tz)).date()
        when = parse_when(request.when, today, tz, duration)
        if request.end:
            last = parse_when(request.end, when.start_date, tz)
            if last.start_date < when.start_date:
                raise InputError("the end is before the start")
            if when.start_at is not None and last.start_at is not None:
                when = type(when)(when.start_date, last.start_date, when.start_at, last.start_at)
            else:
                when = type(when)(when.start_date, last.start_date, when.start_at, when.end_at)
        location = city.name if city is not None else (track.venue if track is not None else None)
        if (when.end_date - when.start_date).days > MAX_SESSION_DAYS:
            raise InputError(f"a session lasts {MAX_SESSION_DAYS + 1} days at most")
        return EventDraft(
            title=title,
            track=track.id if track else None,
            start_date=when.start_date,
            end_date=when.end_date,
            start_at=when.start_at,
            end_at=when.end_at,
            location=location,
            timezone=tz,
            status=EventStatus.CONFIRMED,
            kind="meeting",
            confidence=1.0,
        )

    async def add(self, request: AddRequest, actor: str) -> Event:
        """Check and store a new session."""
        draft = await self.draft(request)
        return await self.create(draft, actor)

    async def create(self, draft: EventDraft, actor: str) -> Event:
        """Store a checked draft."""
        event = await self._store.events.create(draft, actor, "added by hand")
        await self._hooks.event_created(event)
        return event

    async def edit(self, ref: str, field: str, value: str, actor: str) -> Event:
        """Change one field of a session; raise InputError with what is accepted."""
        event = await self._get(ref)
        name = field.strip().lower()
        if name not in FIELDS:
            accepted = ", ".join(FIELDS)
            raise InputError(f"cannot edit {field!r}; editable fields: {accepted}")
        changes = await self._changes(event, name, capped(name, value.strip()) or "")
        updated, changed = await self._store.events.update(
            event.id, changes, actor, f"{name} edited"
        )
        if not changed:
            raise InputError(f"{name} is already {value.strip()!r}: nothing changed")
        await self._hooks.event_changed(event, updated)
        return updated

    async def cancel(self, ref: str, actor: str, reason: str | None = None) -> Event:
        """Mark a session cancelled (it stays in the calendar, as history)."""
        event = await self._get(ref)
        if event.status is EventStatus.CANCELLED:
            raise InputError(f"{event.id} is cancelled already")
        capped("reason", reason)
        summary = f"cancelled: {reason}" if reason else "cancelled"
        updated, _ = await self._store.events.update(
            event.id, {"status": EventStatus.CANCELLED}, actor, summary
        )
        await self._hooks.event_changed(event, updated)
        return updated

    async def _get(self, ref: str) -> Event:
        event = await self._store.events.get(ref.strip())
        if event is None:
            raise InputError(
                f"no session {ref.strip()!r}: /upcoming and `negbot events list --all` show the ids"
            )
        return event

    async def _changes(self, event: Event, name: str, value: str) -> dict[str, object]:
        empty = value.lower() in {"", "none", "-"}
        if name == "title":
            if empty:
                raise InputError("a session needs a title")
            return {"title": " ".join(value.split())}
        if name == "track":
            if empty:
                return {"track": None}
            track = await self._store.tracks.get(value.lower())
            if track is None:
                raise InputError(f"unknown track {value!r}")
            return {"track": track.id}
        if name == "when":
            today = self._clock.now().astimezone(zone(event.timezone)).date()
            when = parse_when(value, today, event.timezone)
            return {
                "start_date": when.start_date,
                "end_date": when.end_date,
                "start_at": when.start_at,
                "end_at": when.end_at,
            }
        if name == "venue":
            if empty:
                return {"location": None}
            city = gazetteer().lookup(value)
            if city is None:
                raise InputError(f"unknown place {value!r}: give a city name")
            return {"location": city.name, "timezone": city.timezone}
        if name == "timezone":
            return self._rezone(event, zone(value).key)
        if name == "status":
            try:
                return {"status": EventStatus(value.lower())}
            except ValueError:
                raise InputError(f"unknown status {value!r}; use {FIELDS['status']}") from None
        if name == "url":
            if empty:
                return {"url": None}
            if not _URL.match(value):
                raise InputError("a url starts with http:// or https://")
            return {"url": value}
        return {"description": None if empty else value}

    def _rezone(self, event: Event, tz: str) -> dict[str, object]:
        """Keep a timed session's wall-clock time in its new zone."""
        changes: dict[str, object] = {"timezone": tz}
        target = zone(tz)
        for name in ("start_at", "end_at"):
            value: dtm.datetime | None = getattr(event, name)
            if value is not None:
                local = value.astimezone(zone(event.timezone))
                changes[name] = local.replace(tzinfo=target)
        return changes

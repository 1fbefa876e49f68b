"""Render calendar entries as RFC 5545 bytes: whole feeds and single-event files.

A feed is one `icalendar.Calendar`: its properties, one VEVENT per event added as a component,
and the VTIMEZONEs those events use, added by the library. The calendar is serialised once.
"""

from __future__ import annotations

import collections
import datetime as dtm
from collections.abc import Iterable, Mapping, Sequence

import icalendar

from bot.ical.vevent import one_line, to_vevent
from bot.models import Event, Track

PRODID = "-//negbot//negotiation tracks//EN"
DEFAULT_REFRESH = dtm.timedelta(hours=1)


def render_calendar(
    events: Sequence[Event],
    *,
    name: str,
    description: str | None = None,
    tracks: Mapping[str, Track] | None = None,
    url: str | None = None,
    refresh: dtm.timedelta = DEFAULT_REFRESH,
    domain: str = "negbot",
) -> bytes:
    """Render a subscribable feed: NAME, refresh hints, one VEVENT per event, its VTIMEZONEs.

    The bytes depend only on the arguments (never on the clock, the input order or the hash
    seed), so an unchanged calendar keeps its ETag. `refresh` must be positive.
    """
    calendar = _calendar(name=name, description=description, url=url)
    calendar.refresh_interval = refresh
    # icalendar 7.3 writes REFRESH-INTERVAL without VALUE=DURATION, which RFC 7986 requires.
    calendar["REFRESH-INTERVAL"].params["VALUE"] = "DURATION"
    # The older hint (Outlook, Apple) is the same duration as a plain string.
    ttl = icalendar.vDuration(refresh).to_ical()  # type: ignore[no-untyped-call]  # unannotated in 7.3
    calendar.add("X-PUBLISHED-TTL", ttl.decode("ascii"))
    return _serialise(calendar, events, tracks=tracks, domain=domain)


def render_event(
    event: Event,
    *,
    tracks: Mapping[str, Track] | None = None,
    domain: str = "negbot",
) -> bytes:
    """Render one event as a calendar file to import (no name, no refresh hints)."""
    return _serialise(_calendar(), [event], tracks=tracks, domain=domain)


def _calendar(
    *, name: str | None = None, description: str | None = None, url: str | None = None
) -> icalendar.Calendar:
    """Build an empty VCALENDAR with its own properties."""
    name = one_line(name) if name else None
    calendar = icalendar.Calendar.new(
        prodid=PRODID,
        calscale="GREGORIAN",
        method="PUBLISH",
        name=name,
        description=description or None,
        url=url,
    )
    # Calendar.new invents a random UID when given none; a feed has no stable one to give.
    calendar.pop("UID", None)
    # icalendar 7.3 stores NAME and the X-WR-* twins as unknown properties and writes them
    # unescaped: commas and backslashes come out raw and a line break makes to_ical() fail.
    # They are TEXT (RFC 7986, and as clients read them), so give them the TEXT type.
    for prop, text in (("NAME", name), ("X-WR-CALNAME", name), ("X-WR-CALDESC", description)):
        if text:
            calendar[prop] = icalendar.vText(text)
    return calendar


def _serialise(
    calendar: icalendar.Calendar,
    events: Iterable[Event],
    *,
    tracks: Mapping[str, Track] | None,
    domain: str,
) -> bytes:
    """Add the events in order and the VTIMEZONEs they use, and return the calendar's bytes."""
    ordered = sort_events(events)
    for event in ordered:
        calendar.add_component(to_vevent(event, tracks=tracks, domain=domain))
    if ordered:
        first, last = zone_span(ordered)
        calendar.add_missing_timezones(first_date=first, last_date=last)
        # The library adds the zones in set order, which follows the hash seed: sort them.
        zones = sorted(calendar.timezones, key=lambda zone: zone.tz_name)
        others = [c for c in calendar.subcomponents if c.name != "VTIMEZONE"]
        calendar.subcomponents = [*zones, *others]
    data: bytes = calendar.to_ical()
    return data


def sort_events(events: Iterable[Event]) -> list[Event]:
    """Return the events by start, then id; two events with one id would share a UID."""
    ordered = sorted(events, key=lambda event: (event.start_date, event.starts(), event.id))
    counts = collections.Counter(event.id for event in ordered)
    duplicates = sorted(event_id for event_id, count in counts.items() if count > 1)
    if duplicates:
        raise ValueError(f"events given more than once: {', '.join(duplicates)}")
    return ordered


def zone_span(events: Iterable[Event]) -> tuple[dtm.date, dtm.date]:
    """Return the years the VTIMEZONEs must cover: the events' own, widened by a year each way.

    Whole years keep a zone's definition unchanged when a session moves by a few days; the
    library's default (1970 to 2038) would add dozens of transitions to every zone.
    """
    days: list[dtm.date] = []
    for event in events:
        days += [event.start_date, event.end_date]
        days += [moment.date() for moment in (event.start_at, event.end_at) if moment]
    return dtm.date(min(days).year - 1, 1, 1), dtm.date(max(days).year + 2, 1, 1)

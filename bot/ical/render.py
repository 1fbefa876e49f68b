"""Render calendar entries as RFC 5545 bytes: whole feeds and single-event files.

A feed is its envelope (the VCALENDAR's properties and VTIMEZONEs) around one VEVENT block per
event, each serialised by `icalendar` on its own. The blocks depend only on their event, so a
caller may keep them between renders (bot.services.feeds does) and a feed of thousands of
sessions is put together without serialising each event again; the bytes are the same either way.
"""

from __future__ import annotations

import collections
import datetime as dtm
import hashlib
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path

import icalendar

from bot.ical.vevent import one_line, to_vevent
from bot.models import Event, Track

PRODID = "-//negbot//negotiation tracks//EN"
DEFAULT_REFRESH = dtm.timedelta(hours=1)
_END = b"END:VCALENDAR\r\n"
_TZID = re.compile(rb";TZID=([^;:]+)[;:]")

VeventRenderer = Callable[[Event], bytes]


def _vevent_format() -> str:
    """Name what makes the bytes of vevent_bytes(), for callers that keep blocks between runs.

    It is a digest of this package's code and the library's version, so that a change to
    either (a new icalendar may write the same event differently) retires every kept block
    without anyone having to remember to; a change that leaves the bytes alone costs one
    render of each block.
    """
    digest = hashlib.sha256(icalendar.__version__.encode())
    for source in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(source.name.encode() + b"\0" + source.read_bytes())
    return digest.hexdigest()[:16]


VEVENT_FORMAT = _vevent_format()


def vevent_bytes(
    event: Event, *, tracks: Mapping[str, Track] | None = None, domain: str = "negbot"
) -> bytes:
    """Serialise one event's VEVENT, as it appears inside a calendar."""
    data: bytes = to_vevent(event, tracks=tracks, domain=domain).to_ical()
    return data


def render_calendar(
    events: Sequence[Event],
    *,
    name: str,
    description: str | None = None,
    tracks: Mapping[str, Track] | None = None,
    url: str | None = None,
    refresh: dtm.timedelta = DEFAULT_REFRESH,
    domain: str = "negbot",
    vevents: VeventRenderer | None = None,
) -> bytes:
    """Render a subscribable feed: NAME, refresh hints, one VEVENT per event, its VTIMEZONEs.

    The bytes depend only on the arguments (never on the clock, the input order or the hash
    seed), so an unchanged calendar keeps its ETag. `refresh` must be positive. `vevents`
    may supply each event's block from a cache; by default each is rendered here.
    """

    def render(event: Event) -> bytes:
        return vevent_bytes(event, tracks=tracks, domain=domain)

    ordered = sort_events(events)
    render_one = vevents if vevents is not None else render
    blocks = [render_one(event) for event in ordered]
    calendar = _envelope(ordered, blocks, name=name, description=description, url=url)
    calendar.refresh_interval = refresh
    # icalendar 7.3 writes REFRESH-INTERVAL without VALUE=DURATION, which RFC 7986 requires.
    calendar["REFRESH-INTERVAL"].params["VALUE"] = "DURATION"
    # The older hint (Outlook, Apple) is the same duration as a plain string.
    ttl = icalendar.vDuration(refresh).to_ical()  # type: ignore[no-untyped-call]  # unannotated in 7.3
    calendar.add("X-PUBLISHED-TTL", ttl.decode("ascii"))
    return _join(calendar, blocks)


def render_event(
    event: Event,
    *,
    tracks: Mapping[str, Track] | None = None,
    domain: str = "negbot",
) -> bytes:
    """Render one event as a calendar file to import (no name, no refresh hints)."""
    blocks = [vevent_bytes(event, tracks=tracks, domain=domain)]
    return _join(_envelope([event], blocks), blocks)


def _envelope(
    ordered: Sequence[Event],
    blocks: Sequence[bytes],
    *,
    name: str | None = None,
    description: str | None = None,
    url: str | None = None,
) -> icalendar.Calendar:
    """Build the VCALENDAR around the events: its properties and the VTIMEZONEs they use."""
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
    if ordered:
        first, last = zone_span(ordered)
        # The zones are the TZIDs the blocks use, sorted: the library would add them in set
        # order, which follows the hash seed.
        for tzid in sorted({z.decode() for block in blocks for z in _TZID.findall(block)}):
            try:
                zone = icalendar.Timezone.from_tzid(tzid, first_date=first, last_date=last)
            except ValueError:
                continue
            calendar.add_component(zone)
    return calendar


def _join(calendar: icalendar.Calendar, blocks: Sequence[bytes]) -> bytes:
    """Serialise the envelope and put the VEVENT blocks before its END line."""
    envelope: bytes = calendar.to_ical()
    if not envelope.endswith(_END):
        raise ValueError("the calendar does not end with END:VCALENDAR")
    return envelope[: -len(_END)] + b"".join(blocks) + _END


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

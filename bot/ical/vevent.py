"""Turn one calendar entry into a VEVENT: its UID, times, status, summary and description."""

from __future__ import annotations

import datetime as dtm
import zoneinfo
from collections.abc import Mapping

import icalendar
from icalendar.enums import STATUS, TRANSP

from bot.models import Event, EventSource, EventStatus, Track

# A timed session whose end is unknown is shown as one hour long: long enough to be seen in a
# day view, short enough not to claim a whole day. A multi-day session with a known opening
# time but no closing time runs to the end of its last day instead.
DEFAULT_DURATION = dtm.timedelta(hours=1)

# RFC 5545 knows no "postponed": a postponed session will not happen on its date, so it is
# CANCELLED there, and the summary says which of the two it is, because many clients show a
# cancelled event exactly like a confirmed one (or hide it).
_STATUS: Mapping[EventStatus, tuple[STATUS, str, str]] = {
    EventStatus.CONFIRMED: (STATUS.CONFIRMED, "", ""),
    EventStatus.TENTATIVE: (
        STATUS.TENTATIVE,
        "",
        "Tentative: the date is not confirmed yet.",
    ),
    EventStatus.POSTPONED: (
        STATUS.CANCELLED,
        "Postponed: ",
        "Postponed: the session will not take place on this date; no new date is known yet.",
    ),
    EventStatus.CANCELLED: (
        STATUS.CANCELLED,
        "Cancelled: ",
        "Cancelled: the session will not take place.",
    ),
}


def uid_for(event: Event, domain: str) -> str:
    """Return the event's UID: its stable id at the domain, never a hash of its content."""
    return f"{event.id}@{domain}"


def to_vevent(
    event: Event,
    *,
    tracks: Mapping[str, Track] | None = None,
    domain: str = "negbot",
) -> icalendar.Event:
    """Build the VEVENT of one event; stamps come from the event, so equal input gives equal bytes.

    Sessions are TRANSPARENT: subscribers follow them, they do not sit in them, so a feed must
    not make their own calendar look busy. SUMMARY, LOCATION and CATEGORIES are kept to one line;
    DESCRIPTION keeps its line breaks. The library escapes and folds everything.
    """
    status, prefix, _ = _STATUS[event.status]
    start, end = event_times(event)
    track = tracks.get(event.track) if tracks is not None and event.track else None
    category = track.name if track is not None else event.track
    return icalendar.Event.new(
        uid=uid_for(event, domain),
        summary=one_line(prefix + event.title),
        start=start,
        end=end,
        stamp=event.updated_at,
        created=event.created_at,
        last_modified=event.updated_at,
        sequence=event.sequence,
        status=status,
        transparency=TRANSP.TRANSPARENT,
        location=one_line(event.location or "") or None,
        categories=[one_line(category)] if category else (),
        url=event.url or None,
        description=describe(event) or None,
    )


def event_times(event: Event) -> tuple[dtm.date, dtm.date]:
    """Return DTSTART and DTEND: dates with an exclusive end, or datetimes in the venue's zone."""
    if event.start_at is None:
        last_day = max(event.start_date, event.end_date)
        return event.start_date, last_day + dtm.timedelta(days=1)
    zone = venue_zone(event.timezone)
    start = event.start_at.astimezone(zone)
    if event.end_at is not None and event.end_at > event.start_at:
        return start, event.end_at.astimezone(zone)
    if event.end_date > start.date():
        return start, dtm.datetime.combine(
            event.end_date + dtm.timedelta(days=1), dtm.time(), tzinfo=zone
        )
    return start, start + DEFAULT_DURATION


def one_line(text: str) -> str:
    """Collapse line breaks and runs of blanks: calcurse skips events with a break in SUMMARY."""
    return " ".join(text.split())


def venue_zone(name: str) -> dtm.tzinfo:
    """Return the venue's zone; an unknown one falls back to UTC, which needs no VTIMEZONE."""
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return dtm.UTC


def describe(event: Event) -> str:
    """Return the readable DESCRIPTION: status note, notes, discrepancies, then the sources."""
    paragraphs = [
        _STATUS[event.status][2],
        (event.description or "").strip(),
        "\n".join(f"Sources disagree: {problem}" for problem in event.discrepancies),
        _sources(event.sources),
    ]
    return "\n\n".join(paragraph for paragraph in paragraphs if paragraph)


def _sources(sources: tuple[EventSource, ...]) -> str:
    """Return the "Sources:" paragraph, one bullet per quoted sentence, or nothing."""
    if not sources:
        return ""
    lines = ["Sources:"]
    for source in sources:
        quote = " ".join(source.quote.split())
        lines.append(f"- {_label(source)}: “{quote}”")
        if source.url:
            lines.append(f"  {source.url}")
    return "\n".join(lines)


def _label(source: EventSource) -> str:
    """Name a source by its outlet and file, and its publication date when known."""
    # Only the file's name: where the server keeps its articles is nobody's business.
    file = source.file.replace("\\", "/").rsplit("/", 1)[-1] if source.file else None
    if source.outlet and file:
        label = f"{source.outlet} ({file})"
    else:
        label = source.outlet or file or f"article {source.article_id or 'unknown'}"
    if source.published is not None:
        label += f", {source.published.isoformat()}"
    return label

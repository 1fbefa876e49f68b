"""What the page shows of a session: its dates in the venue's zone, status, place and sources."""

from __future__ import annotations

import datetime as dtm
import urllib.parse
import zoneinfo
from collections.abc import Sequence
from dataclasses import dataclass

from bot.models import Event, EventChange, EventStatus, Track

_DATE_FIELDS = {"start_date", "start_at", "when"}
_MARKS = ("“", '"', "«", "„", "‘")
_STATUS_TEXT = {
    EventStatus.TENTATIVE: "Tentative",
    EventStatus.POSTPONED: "Postponed",
    EventStatus.CANCELLED: "Cancelled",
}


@dataclass(frozen=True, slots=True)
class SourceView:
    """One article's sentence about a session."""

    quote: str
    marked: bool  # the quote opens with its own quotation mark: the page adds none
    outlet: str
    published: str | None
    url: str | None


@dataclass(frozen=True, slots=True)
class SessionView:
    """A session as the page prints it (every field plain text; the template escapes it)."""

    anchor: str
    title: str
    track_id: str | None
    track_name: str | None
    when: str  # in the venue's zone
    zone: str  # the venue's IANA zone
    zone_note: str | None  # "Moscow time (MSK)" for timed sessions
    start: str  # machine-readable: a date, or a UTC instant for timed sessions
    end: str | None
    all_day: bool
    place: str | None
    statuses: tuple[tuple[str, str], ...]  # (css class, text)
    moved_from: str | None
    sources: tuple[SourceView, ...]
    discrepancies: tuple[str, ...]
    description: str | None
    url: str | None
    ics: str
    over: bool


def day_text(day: dtm.date) -> str:
    """Return a day as "Sun 9 January 2022"."""
    return f"{day:%a} {day.day} {day:%B %Y}"


def days_text(first: dtm.date, last: dtm.date) -> str:
    """Return an inclusive range of days, shortened when they share a month or a year."""
    if first == last:
        return day_text(first)
    if (first.year, first.month) == (last.year, last.month):
        return f"{first:%a} {first.day} – {last:%a} {last.day} {last:%B %Y}"
    if first.year == last.year:
        return f"{first:%a} {first.day} {first:%B} – {day_text(last)}"
    return f"{day_text(first)} – {day_text(last)}"


def when_text(event: Event) -> tuple[str, str | None]:
    """Return when a session is, in its venue's zone, and a note naming that zone."""
    if event.start_at is None:
        return days_text(event.start_date, event.end_date), None
    zone = _zone(event.timezone)
    start = event.start_at.astimezone(zone)
    text = f"{day_text(start.date())}, {start:%H:%M}"
    if event.end_at is not None:
        end = event.end_at.astimezone(zone)
        text += (
            f"–{end:%H:%M}"
            if end.date() == start.date()
            else f" – {day_text(end.date())}, {end:%H:%M}"
        )
    city = event.timezone.rsplit("/", 1)[-1].replace("_", " ")
    return text, f"{city} time ({start:%Z})"


def moved_from(event: Event, history: Sequence[EventChange]) -> str | None:
    """Return the first date a session had, when its history shows that its date changed."""
    for change in history:
        if change.sequence == 0:
            continue
        for field in change.changes:
            if field.field in _DATE_FIELDS and field.old and field.old != field.new:
                return _old_date(field.old, event.timezone)
    return None


def session_view(
    event: Event,
    tracks: dict[str, Track],
    *,
    over: bool,
    history: Sequence[EventChange] = (),
) -> SessionView:
    """Build what the page shows of one session."""
    track = tracks.get(event.track) if event.track else None
    when, zone_note = when_text(event)
    statuses = []
    if event.status in _STATUS_TEXT:
        statuses.append((event.status.value, _STATUS_TEXT[event.status]))
    was = moved_from(event, history)
    if was is not None:
        statuses.append(("moved", "Moved"))
    if event.start_at is not None:
        start = event.start_at.astimezone(dtm.UTC).isoformat().replace("+00:00", "Z")
        end = (
            event.end_at.astimezone(dtm.UTC).isoformat().replace("+00:00", "Z")
            if event.end_at
            else None
        )
    else:
        start, end = event.start_date.isoformat(), event.end_date.isoformat()
    return SessionView(
        anchor=f"session-{event.id}",
        title=event.title,
        track_id=track.id if track else None,
        track_name=track.name if track else None,
        when=when,
        zone=event.timezone,
        zone_note=zone_note,
        start=start,
        end=end,
        all_day=event.all_day,
        place=event.location,
        statuses=tuple(statuses),
        moved_from=was,
        sources=tuple(
            SourceView(
                quote=bare_quote(s.quote),
                marked=bare_quote(s.quote).startswith(_MARKS),
                outlet=s.outlet or (s.file or "an article"),
                published=day_text(s.published) if s.published else None,
                url=safe_url(s.url),
            )
            for s in event.sources
        ),
        discrepancies=event.discrepancies,
        description=event.description,
        url=safe_url(event.url),
        ics=f"/events/{urllib.parse.quote(event.id)}.ics",
        over=over,
    )


def bare_quote(quote: str) -> str:
    """Return a quote without an opening mark it never closes (the page adds its own marks)."""
    text = quote.strip()
    for opening, closing in (("“", "”"), ("«", "»"), ("„", "“")):
        if text.startswith(opening) and text.count(opening) > text.count(closing):
            return text[1:].lstrip()
    if text.startswith('"') and text.count('"') % 2 == 1:
        return text[1:].lstrip()
    return text


def safe_url(url: str | None) -> str | None:
    """Return a link only when it is http(s): a `javascript:` URL must never become an href."""
    if (
        url
        and url.lower().startswith(("https://", "http://"))
        and not any(c in url for c in "\r\n\t ")
    ):
        return url
    return None


def _zone(name: str) -> dtm.tzinfo:
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return dtm.UTC


def _old_date(text: str, zone: str) -> str | None:
    """Read a history entry's old value (an ISO date or datetime) back as display text."""
    try:
        moment = dtm.datetime.fromisoformat(text.split(" ")[0])
    except ValueError:
        return None
    if moment.tzinfo is not None and "T" in text:
        local = moment.astimezone(_zone(zone))
        return f"{day_text(local.date())}, {local:%H:%M}"
    return day_text(moment.date())

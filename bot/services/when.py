"""Read the dates and times people type ("12 January 2022 10:00", "2022-01-09..10")."""

from __future__ import annotations

import datetime as dtm
import re
import zoneinfo
from dataclasses import dataclass

from bot.errors import InputError
from bot.extract.cues import Tense
from bot.extract.dates import DateKind, find_dates
from bot.extract.places import gazetteer
from bot.extract.resolve import resolve
from bot.extract.text import fold
from bot.extract.times import find_duration, find_times
from bot.i18n import _
from bot.services.when_checks import check_all_read, check_clock, check_years

_ISO_RANGE = re.compile(
    r"(\d{4}-\d{2}-\d{2})\s*(?:\.\.|/|–|—|\bto\b)\s*(\d{4}-\d{2}-\d{2}|\d{1,2}\b)"
)
_EXAMPLES = "write it like 12 January 2022, 2022-01-12 10:00 or 9-10 January 2022"


@dataclass(frozen=True, slots=True)
class When:
    """A session's day span and, for a timed session, its aware start and end."""

    start_date: dtm.date
    end_date: dtm.date
    start_at: dtm.datetime | None = None
    end_at: dtm.datetime | None = None


def zone(name: str) -> zoneinfo.ZoneInfo:
    """Return an IANA zone by name, or the zone of a city; raise InputError if neither."""
    text = name.strip()
    if not text or len(text) > 64:
        raise InputError(_("a timezone is an IANA name such as Europe/Moscow, or a city"))
    try:
        return zoneinfo.ZoneInfo(text)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        pass
    for candidate in (text, text.replace("_", " ")):
        city = gazetteer().lookup(candidate)
        if city is not None:
            return zoneinfo.ZoneInfo(city.timezone)
    lowered = {z.lower(): z for z in zoneinfo.available_timezones()}
    if text.lower() in lowered:
        return zoneinfo.ZoneInfo(lowered[text.lower()])
    message = _("unknown timezone {text!r}: use an IANA name such as Europe/Moscow, or a city name")
    raise InputError(message.format(text=text))


def parse_when(text: str, today: dtm.date, tz: str, duration: dtm.timedelta | None = None) -> When:
    """Read a date (or a range) and an optional time from typed text, in the zone `tz`.

    A date without a year is the next such day from `today`. A time makes the session timed,
    in `tz`; "10:00-12:00" or a duration gives its end.
    """
    norm = fold(text.strip())
    if not norm:
        raise InputError(f"no date given: {_EXAMPLES}")
    check_years(norm)
    check_clock(norm)
    iso = _ISO_RANGE.search(norm)
    if iso:
        spans = [_iso_span(iso)]
        read = [iso.span()]
    else:
        mentions = [m for m in find_dates(norm) if m.kind is not DateKind.VAGUE]
        if not mentions:
            raise InputError(f"cannot read a date in {text.strip()!r}: {_EXAMPLES}")
        spans = resolve(mentions[0], today, Tense.FUTURE, None)
        if not spans:
            raise InputError(f"{mentions[0].words!r} is not a real date: {_EXAMPLES}")
        read = [(mentions[0].start, mentions[0].end)]
    start_date, end_date = spans[0]
    if end_date < start_date:
        raise InputError("the end date is before the start date")
    times = find_times(norm)
    check_all_read(norm, read + [(t.start, t.end) for t in times[:1]])
    if not times:
        return When(start_date, end_date)
    time = times[0]
    place = zoneinfo.ZoneInfo(tz)
    start = dtm.datetime.combine(start_date, dtm.time(time.hour, time.minute), tzinfo=place)
    end: dtm.datetime | None = None
    if time.until is not None:
        end = start.replace(hour=time.until[0], minute=time.until[1])
        if end <= start:
            end += dtm.timedelta(days=1)
    elif duration is not None:
        end = start + duration
    elif (minutes := find_duration(norm)) is not None:
        end = start + dtm.timedelta(minutes=minutes)
    if end is not None and end.date() > end_date:
        end_date = end.date()
    return When(start_date, end_date, start, end)


def _iso_span(found: re.Match[str]) -> tuple[dtm.date, dtm.date]:
    """Return the days of an ISO date or range, refusing one that no calendar has."""
    try:
        head, tail = found.groups()
        # "2022-01-09..10" names the last day only: it is in the first day's month.
        first = dtm.date.fromisoformat(head)
        last = dtm.date.fromisoformat(tail if len(tail) > 2 else f"{head[:8]}{int(tail):02d}")
    except ValueError:
        raise InputError(f"{found.group()!r} is not a real date: {_EXAMPLES}") from None
    return first, last


def parse_duration(text: str) -> dtm.timedelta:
    """Read "90m", "2h" or "1h30m" as a duration."""
    total = 0
    rest = text.strip().lower().replace(" ", "")
    for amount, unit in re.findall(r"(\d{1,4})(h|m|d)", rest):
        total += int(amount) * {"h": 60, "m": 1, "d": 1440}[unit]
    if total <= 0 or re.sub(r"\d{1,4}[hmd]", "", rest):
        raise InputError(f"cannot read the duration {text!r}: write it like 90m, 2h or 1h30m")
    return dtm.timedelta(minutes=total)

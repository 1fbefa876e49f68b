"""iCalendar output of negbot: the feeds and single-event files, rendered with `icalendar`."""

from __future__ import annotations

from bot.ical.render import PRODID, VEVENT_FORMAT, render_calendar, render_event, vevent_bytes
from bot.ical.vevent import DEFAULT_DURATION, to_vevent

__all__ = [
    "DEFAULT_DURATION",
    "PRODID",
    "VEVENT_FORMAT",
    "render_calendar",
    "render_event",
    "to_vevent",
    "vevent_bytes",
]

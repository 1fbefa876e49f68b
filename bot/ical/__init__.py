"""iCalendar output of negbot: the feeds and single-event files, rendered with `icalendar`."""

from __future__ import annotations

from bot.ical.render import PRODID, render_calendar, render_event
from bot.ical.vevent import DEFAULT_DURATION, to_vevent

__all__ = [
    "DEFAULT_DURATION",
    "PRODID",
    "render_calendar",
    "render_event",
    "to_vevent",
]

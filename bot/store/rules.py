"""What every store does alike with events: the editable fields, new ids, history values."""

from __future__ import annotations

import datetime as dtm
import enum
import re

from bot.models import EventDraft

EDITABLE = (
    "title",
    "track",
    "start_date",
    "end_date",
    "start_at",
    "end_at",
    "location",
    "timezone",
    "status",
    "kind",
    "confidence",
    "url",
    "description",
    "discrepancies",
)


def display(value: object) -> str | None:
    """A stored value as the history shows it."""
    if value is None:
        return None
    if isinstance(value, dtm.datetime):
        return value.isoformat()
    if isinstance(value, dtm.date):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return str(value.value)
    if isinstance(value, list | tuple):
        return "; ".join(str(v) for v in value)
    return str(value)


def free_slug(base: str, taken: set[str]) -> str:
    """Return `base`, or `base-2`, `base-3`… whichever is not taken."""
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


def slug_base(draft: EventDraft) -> str:
    """The id a new event gets unless it is taken: its track (or kind) and first date."""
    base = draft.track or re.sub(r"[^a-z0-9]+", "-", draft.kind.lower()).strip("-") or "event"
    return f"{base}-{draft.start_date.isoformat()}"

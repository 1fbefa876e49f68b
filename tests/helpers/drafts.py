"""Builders of event drafts with sensible defaults."""

from __future__ import annotations

import datetime as dtm
from typing import Any

from bot.models import EventDraft, EventSource, EventStatus


def draft(**overrides: Any) -> EventDraft:
    """Return a draft of the NATO–Russia Council session of 12 January 2022, changed as asked."""
    values: dict[str, Any] = {
        "title": "NATO–Russia Council meeting",
        "track": "nato-russia-council",
        "start_date": dtm.date(2022, 1, 12),
        "end_date": dtm.date(2022, 1, 12),
        "location": "Brussels",
        "timezone": "Europe/Brussels",
        "status": EventStatus.CONFIRMED,
        "sources": (EventSource(article_id=None, quote="The council meets on 12 January."),),
    }
    values.update(overrides)
    return EventDraft(**values)

"""Payloads of change notices and digests, and the digest's text."""

from __future__ import annotations

import datetime as dtm
import json
from collections.abc import Mapping

from bot.i18n import _, week_text
from bot.messages import SCHEDULE_FIELDS, event_list
from bot.models import Chat, Event, Track

# A change notice remembers the schedule before the change (and the track, so that followers
# of the old track still hear of a session that moved to another); `after` is read fresh.
_REMEMBERED = {*SCHEDULE_FIELDS, "track"}


def schedule_payload(before: Event) -> str:
    """Return the payload of a change notice: the session's schedule before the change."""
    return json.dumps(before.model_dump(mode="json", include=_REMEMBERED), sort_keys=True)


def event_before(after: Event, payload: str) -> Event:
    """Return the session as it was, from the current one and a change notice's payload."""
    remembered = json.loads(payload)
    if not isinstance(remembered, dict) or not set(remembered) <= _REMEMBERED:
        raise ValueError(f"not a change notice payload: {payload[:80]!r}")
    return Event.model_validate(after.model_dump() | remembered)


def digest_payload(monday: dtm.date) -> str:
    """Return the payload of a weekly digest: the Monday of its week."""
    return json.dumps({"week": monday.isoformat()})


def digest_week(payload: str) -> dtm.date:
    """Return the Monday of a digest's week from its payload."""
    return dtm.date.fromisoformat(json.loads(payload)["week"])


def digest_text(
    monday: dtm.date, events: list[Event], chat: Chat, tracks: Mapping[str, Track] | None = None
) -> str:
    """Return the weekly digest: the week's sessions of what the chat follows."""
    span = week_text(monday, monday + dtm.timedelta(days=6))
    return event_list(
        _("🗓 Your week, {span}").format(span=span),
        events,
        chat.timezone,
        empty=_("No sessions of the tracks you follow this week."),
        tracks=tracks,
    )

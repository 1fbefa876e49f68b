"""The texts negbot sends, as Telegram HTML: every value from users or articles is escaped here."""

from __future__ import annotations

import datetime as dtm
import html
import zoneinfo
from collections.abc import Mapping, Sequence

from bot.i18n import N_, _, current, day_text, days_text, ngettext, short_date
from bot.models import Chat, Event, EventChange, EventStatus, Track

_STATUS = {
    EventStatus.TENTATIVE: N_("tentative"),
    EventStatus.POSTPONED: N_("⏸ postponed"),
    EventStatus.CANCELLED: N_("❌ cancelled"),
}


def e(text: object) -> str:
    """Escape any text for Telegram's HTML parse mode."""
    return html.escape(str(text), quote=False)


def offset_text(minutes: int) -> str:
    """Return "1 day 2 hours" for 1560 minutes."""
    if minutes <= 0:
        return _("now")
    days, rest = divmod(minutes, 1440)
    hours, mins = divmod(rest, 60)
    parts = []
    if days:
        parts.append(ngettext("{n} day", "{n} days", days).format(n=days))
    if hours:
        parts.append(ngettext("{n} hour", "{n} hours", hours).format(n=hours))
    if mins:
        # In Russian the form after "через" and "за" (accusative): "1 минуту".
        parts.append(ngettext("{n} minute", "{n} minutes", mins).format(n=mins))
    return " ".join(parts)


def status_text(status: EventStatus) -> str:
    """Return how a session's status reads in a list ("" for a confirmed one)."""
    return _(_STATUS[status]) if status in _STATUS else ""


def _clock(moment: dtm.datetime, zone: str) -> str:
    local = moment.astimezone(zoneinfo.ZoneInfo(zone))
    return f"{local:%H:%M} {local.tzname()}"


def when(event: Event, chat_zone: str) -> str:
    """Return when a session is: in the chat's zone, with the venue's local time beside."""
    if event.start_at is None:
        return _("{days} (all day)").format(days=days_text(event.start_date, event.end_date))
    local = event.start_at.astimezone(zoneinfo.ZoneInfo(chat_zone))
    text = f"{day_text(local.date())}, {_clock(event.start_at, chat_zone)}"
    if event.end_at is not None:
        text += f"–{_clock(event.end_at, chat_zone).split()[0]}"
    venue_zone = event.timezone
    if zoneinfo.ZoneInfo(venue_zone).utcoffset(event.start_at.replace(tzinfo=None)) != (
        zoneinfo.ZoneInfo(chat_zone).utcoffset(event.start_at.replace(tzinfo=None))
    ):
        place = event.location or venue_zone.split("/")[-1].replace("_", " ")
        venue_local = event.start_at.astimezone(zoneinfo.ZoneInfo(venue_zone))
        text += _(" · {time} {place} time").format(time=f"{venue_local:%H:%M}", place=e(place))
        if venue_local.date() != local.date():
            text += f" ({day_text(venue_local.date())})"
    return text


def title_of(event: Event, track: Track | None) -> str:
    """Return a session's title in the current language: the track catalogue's translation
    when the session bears its track's usual title, else the title as written."""
    if track is not None and event.title == track.session_title:
        return track.title_in(current())
    return event.title


def event_line(event: Event, chat_zone: str, track: Track | None = None) -> str:
    """Return one session as a list entry (titled in the current language, given its track)."""
    status = f" <i>({status_text(event.status)})</i>" if event.status in _STATUS else ""
    where = f" · {e(event.location)}" if event.location else ""
    return (
        f"<b>{e(title_of(event, track))}</b>{status}\n"
        f"{when(event, chat_zone)}{where} · /event_{event.number}"
    )


def event_list(
    title: str,
    events: Sequence[Event],
    chat_zone: str,
    empty: str | None = None,
    tracks: Mapping[str, Track] | None = None,
) -> str:
    """Return a titled list of sessions; with their tracks, titled in the current language."""
    if not events:
        empty = empty or _("Nothing here.")
        return f"<b>{e(title)}</b>\n{e(empty)}"
    known = tracks or {}
    body = "\n\n".join(event_line(ev, chat_zone, known.get(ev.track or "")) for ev in events)
    return f"<b>{e(title)}</b>\n\n{body}"


def event_detail(
    event: Event, chat_zone: str, history: Sequence[EventChange], track: Track | None
) -> str:
    """Return everything about a session: when, where, sources, discrepancies, history."""
    lines = [f"<b>{e(title_of(event, track))}</b>"]
    if event.status in _STATUS:
        lines.append(f"<i>{status_text(event.status)}</i>")
    lines.append(f"🗓 {when(event, chat_zone)}")
    if event.location:
        lines.append(f"📍 {e(event.location)}")
    if track is not None:
        lines.append(f"🧭 {e(track.name)} (<code>{e(track.id)}</code>)")
    version = _("version {n}").format(n=event.sequence)
    lines.append(f"id <code>{e(event.id)}</code> · #{event.number} · {version}")
    if event.url:
        more = _("more")
        lines.append(f'🔗 <a href="{html.escape(event.url, quote=True)}">{more}</a>')
    if event.sources:
        lines.append("\n" + _("<b>Sources</b>"))
        for source in event.sources:
            origin = source.outlet or (source.file or _("editor")).rsplit("/", 1)[-1]
            day = f", {short_date(source.published)}" if source.published else ""
            quote = _clip(source.quote.strip(" \"'“”«»"), 300)
            lines.append(f"• <i>{e(origin)}{day}</i>: “{e(quote)}”")
    if event.discrepancies:
        lines.append("\n" + _("<b>Sources disagree</b>"))
        lines.extend(f"• {e(d)}" for d in event.discrepancies)
    changes = [h for h in history if h.sequence > 0]
    if changes:
        lines.append("\n" + _("<b>History</b>"))
        for change in changes[-5:]:
            at = f"{short_date(change.at.date())} {change.at:%H:%M} UTC"
            lines.append(f"• {at} — {e(change.summary)}")
    return "\n".join(lines)


def reminder(
    event: Event,
    chat: Chat,
    offset_minutes: int,
    late: bool,
    due_at: dtm.datetime | None = None,
    track: Track | None = None,
) -> str:
    """Return the reminder sent `offset_minutes` before a session, due at `due_at`.

    A timed session says how long until it starts; an all-day one, which day it begins counted
    from the day the reminder is due in the chat's timezone (today, tomorrow, in 3 days).
    """
    lead = _("⏰ Reminder")
    if event.start_at is not None and offset_minutes > 0:
        lead = _("⏰ Reminder: in {offset}").format(offset=offset_text(offset_minutes))
    elif event.start_at is None and due_at is not None:
        lead += f": {days_ahead(event.start_date, due_at, chat.timezone)}"
    lines = [f"{lead}", "", event_line(event, chat.timezone, track)]
    if late:
        late_line = _("Sent late: negbot was not running when this reminder was due.")
        lines.append(f"\n<i>{late_line}</i>")
    if event.discrepancies:
        note = _("Note: sources disagree — {what}").format(what=e(event.discrepancies[0]))
        lines.append(f"\n<i>{note}</i>")
    return "\n".join(lines)


def days_ahead(day: dtm.date, moment: dtm.datetime, zone: str) -> str:
    """Say when `day` comes, seen from `moment` in `zone`: today, tomorrow, in N days."""
    days = (day - moment.astimezone(zoneinfo.ZoneInfo(zone)).date()).days
    if days <= 0:
        return _("today")
    if days == 1:
        return _("tomorrow")
    return ngettext("in {n} day", "in {n} days", days).format(n=days)


SCHEDULE_FIELDS = ("start_date", "end_date", "start_at", "end_at", "location", "timezone", "status")


def schedule_changed(before: Event, after: Event) -> bool:
    """Tell whether a change is one followers must hear about: day, time, place or status."""
    return any(getattr(before, f) != getattr(after, f) for f in SCHEDULE_FIELDS)


def change_notice(before: Event, after: Event, chat: Chat, track: Track | None = None) -> str:
    """Return the message telling followers what changed in a session (old → new)."""
    if after.status is EventStatus.CANCELLED:
        head = _("❌ Cancelled")
    elif after.status is EventStatus.POSTPONED:
        head = _("⏸ Postponed")
    elif after.status is EventStatus.CONFIRMED and before.status in {
        EventStatus.CANCELLED,
        EventStatus.POSTPONED,
    }:
        head = _("✅ On again")
    else:
        head = _("🔁 Moved") if before.start_date != after.start_date else _("🔁 Changed")
    lines = [f"{head}: <b>{e(title_of(after, track))}</b>"]
    old_when, new_when = when(before, chat.timezone), when(after, chat.timezone)
    if old_when != new_when:
        lines.append(_("was: <s>{when}</s>").format(when=old_when))
        lines.append(_("now: {when}").format(when=new_when))
    else:
        lines.append(new_when)
    if before.location != after.location:
        old, new = e(before.location or "—"), e(after.location or "—")
        lines.append(_("place: <s>{old}</s> → {new}").format(old=old, new=new))
    elif after.location:
        lines.append(_("place: {place}").format(place=e(after.location)))
    lines.append(f"/event_{after.number}")
    return "\n".join(lines)


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"

"""Commands that show the calendar: /upcoming, /past, /next, /event, /tracks, /help."""

from __future__ import annotations

import re

from telegram import Update
from telegram.constants import ParseMode

from bot.errors import InputError
from bot.i18n import DEFAULT, N_, _, current
from bot.ical import render_event
from bot.messages import e, event_detail, event_list
from bot.models import ALL_TRACKS, Track
from bot.tg.buttons import button_fields
from bot.tg.handlers.base import Button, Context, Toolkit, guarded, known_chat, reply
from bot.tg.parse import arguments, limited

HELP = N_("""<b>negbot</b> keeps the calendar of diplomatic negotiation tracks \
and reminds you before each session.

<b>See</b>
/upcoming [track] — the sessions ahead
/past [track] — the latest sessions
/next — the next session
/event ID — one session: sources, discrepancies, history, .ics file
/tracks — the tracks, with Subscribe buttons

<b>Follow</b>
/subscribe TRACK|all · /unsubscribe TRACK|all · /subscriptions
/remind 1d 2h 15m — when to remind you (/remind off)
/timezone Europe/Moscow — your timezone (an IANA name or a city)
/alldaytime 09:00 — when reminders for all-day sessions come
/digest weekly|off — a Monday-morning summary
/feed — your private calendar feed (/feed reset for a new address)
/language en|ru — the bot's language: English or Russian (по-русски: /language ru)

<b>Editors</b>
/add WHEN PLACE | TITLE | TRACK — e.g. \
/add 12 January 2022 10:00 Brussels | NATO–Russia Council | nato-russia-council (or just /add)
/edit ID FIELD VALUE · /cancel ID [reason]
/import — paste an article after it, or reply /import to a forwarded one
/sources — the outlets' feeds followed: /sources add URL [auto|review] · /sources remove ID
/sources proposals — what they found, with Add / Skip""")


async def _tracks_of(kit: Toolkit, text: str) -> list[str] | None:
    if not text:
        return None
    track = await kit.services.following.track(limited(text, N_("the track")))
    return None if track is None else [track.id]


async def _titles(kit: Toolkit) -> dict[str, Track]:
    """The tracks, whose catalogue translates session titles; English needs none."""
    if current() == DEFAULT:
        return {}
    return {t.id: t for t in await kit.services.calendar.tracks()}


@guarded
async def help_command(kit: Toolkit, update: Update, context: Context) -> None:
    """Send the list of commands."""
    await known_chat(kit, update)
    await reply(update, _(HELP))


@guarded
async def upcoming(kit: Toolkit, update: Update, context: Context) -> None:
    """List the sessions ahead; with none, say so and show the latest past ones."""
    chat = await known_chat(kit, update)
    tracks = await _tracks_of(
        kit, arguments(update.effective_message.text if update.effective_message else "")
    )
    events = await kit.services.calendar.upcoming(tracks)
    if events:
        titles = await _titles(kit)
        await reply(update, event_list(_("Upcoming sessions"), events, chat.timezone, None, titles))
        return
    past = await kit.services.calendar.past(tracks, limit=5)
    text = _("<b>No upcoming sessions.</b>")
    if past:
        latest = event_list(_("The latest sessions"), past, chat.timezone, None, await _titles(kit))
        text += "\n\n" + latest
    await reply(update, text)


@guarded
async def past(kit: Toolkit, update: Update, context: Context) -> None:
    """List the latest sessions."""
    chat = await known_chat(kit, update)
    tracks = await _tracks_of(
        kit, arguments(update.effective_message.text if update.effective_message else "")
    )
    events = await kit.services.calendar.past(tracks)
    titles = await _titles(kit)
    empty = _("No past sessions.")
    await reply(update, event_list(_("Past sessions"), events, chat.timezone, empty, titles))


@guarded
async def next_session(kit: Toolkit, update: Update, context: Context) -> None:
    """Show the next session, of the followed tracks when the chat follows some."""
    chat = await known_chat(kit, update)
    text = arguments(update.effective_message.text if update.effective_message else "")
    tracks = await _tracks_of(kit, text)
    if tracks is None:
        followed = await kit.services.following.followed(chat.id)
        tracks = None if not followed or ALL_TRACKS in followed else followed
    event = await kit.services.calendar.next(tracks)
    if event is None:
        await reply(update, _("No upcoming sessions."))
        return
    await _show(kit, update, str(event.number))


_EVENT_SHORTCUT = re.compile(r"^/event_(\d+)")


@guarded
async def event(kit: Toolkit, update: Update, context: Context) -> None:
    """Show one session: /event ID, or the /event_7 shortcut."""
    message = update.effective_message
    text = message.text if message and message.text else ""
    shortcut = _EVENT_SHORTCUT.match(text)
    ref = shortcut.group(1) if shortcut else arguments(text)
    if not ref:
        raise InputError(_("write it like /event 7 — /upcoming shows the numbers"))
    await _show(kit, update, limited(ref, N_("the id")))


async def _show(kit: Toolkit, update: Update, ref: str) -> None:
    chat = await known_chat(kit, update)
    view = await kit.services.calendar.view(ref.strip())
    if view is None:
        raise InputError(
            _("no session {ref!r}: /upcoming and /past show the numbers").format(ref=ref.strip())
        )
    rows: list[list[Button]] = [[(_("📎 Add to my calendar (.ics)"), f"ics:{view.event.number}")]]
    await reply(update, event_detail(view.event, chat.timezone, view.history, view.track), rows)


@guarded
async def send_ics(kit: Toolkit, update: Update, context: Context) -> None:
    """Send a session as an .ics file (the button under /event)."""
    query = update.callback_query
    if query is None or not query.data:
        return
    (ref,) = button_fields(query.data, "ics")
    view = await kit.services.calendar.view(ref)
    if view is None:
        raise InputError(_("that session is gone"))
    tracks = {view.track.id: view.track} if view.track else {}
    data = render_event(view.event, tracks=tracks)
    await query.answer()
    chat = update.effective_chat
    if chat is not None:
        await chat.send_document(
            document=data,
            filename=f"{view.event.id}.ics",
            caption=f"<b>{e(view.event.title)}</b>",
            parse_mode=ParseMode.HTML,
        )


@guarded
async def tracks(kit: Toolkit, update: Update, context: Context) -> None:
    """List the tracks, each with a Subscribe or Unsubscribe button."""
    chat = await known_chat(kit, update)
    followed = set(await kit.services.following.followed(chat.id))
    every = await kit.services.calendar.tracks()
    lines = [_("<b>Tracks</b>")]
    rows: list[list[Button]] = []
    for track in every:
        on = track.id in followed or ALL_TRACKS in followed
        mark = "✅ " if on else ""
        lines.append(f"{mark}<b>{e(track.name)}</b> — <code>{e(track.id)}</code>")
        if track.id in followed:
            rows.append(
                [(_("Unsubscribe: {track}").format(track=track.name)[:60], f"u:{track.id}")]
            )
        elif ALL_TRACKS not in followed:
            label = _("Subscribe: {track}").format(track=track.name)
            rows.append([(label[:60], f"f:{track.id}")])
    if ALL_TRACKS in followed:
        lines.append("\n" + _("You follow every track (/unsubscribe all to stop)."))
    else:
        rows.append([(_("Subscribe to all tracks"), f"f:{ALL_TRACKS}")])
    await reply(update, "\n".join(lines), rows)

"""Commands that follow tracks and set the chat up: /start, /subscribe, /remind, /timezone…"""

from __future__ import annotations

from telegram import Update

from bot.errors import InputError
from bot.i18n import _
from bot.messages import e, offset_text
from bot.models import ALL_TRACKS, Chat, Track
from bot.services.links import Links
from bot.tg.buttons import button_fields
from bot.tg.handlers.base import (
    Button,
    Context,
    Toolkit,
    guarded,
    known_chat,
    reply,
    require_configurer,
)
from bot.tg.handlers.reading import HELP
from bot.tg.parse import arguments, limited


def _text(update: Update) -> str:
    message = update.effective_message
    return arguments(message.text if message and message.text else "")


def _name(track: Track | None) -> str:
    return _("every track") if track is None else track.name


@guarded
async def start(kit: Toolkit, update: Update, context: Context) -> None:
    """Welcome; a deep-link payload such as track_osce (or all) subscribes at once."""
    chat = await known_chat(kit, update)
    payload = _text(update)
    lines = [_("👋 <b>Welcome to negbot.</b>"), ""]
    if payload:
        wanted = payload.removeprefix("track_")
        if not await require_configurer(kit, update, context):
            return
        track, added = await kit.services.following.subscribe(chat.id, limited(wanted))
        lines.append(_followed(track, added))
        lines.append("")
    await reply(update, "\n".join(lines) + _(HELP))


def _followed(track: Track | None, added: bool) -> str:
    if added:
        return _("✅ You follow {track} now.").format(track=e(_name(track)))
    return _already(track)


def _already(track: Track | None) -> str:
    return _("You already follow {track}.").format(track=e(_name(track)))


@guarded
async def subscribe(kit: Toolkit, update: Update, context: Context) -> None:
    """Follow a track, or all of them."""
    chat = await known_chat(kit, update)
    wanted = _text(update)
    if not wanted:
        raise InputError(_("write it like /subscribe osce, or /subscribe all — /tracks lists them"))
    if not await require_configurer(kit, update, context):
        return
    track, added = await kit.services.following.subscribe(chat.id, limited(wanted))
    if added:
        done = _("✅ Subscribed to {track}.").format(track=e(_name(track)))
        await reply(update, f"{done} {_reminders(chat)}")
    else:
        await reply(update, _already(track))


@guarded
async def unsubscribe(kit: Toolkit, update: Update, context: Context) -> None:
    """Stop following a track, or everything."""
    chat = await known_chat(kit, update)
    wanted = _text(update)
    if not wanted:
        raise InputError(_("write it like /unsubscribe osce, or /unsubscribe all"))
    if not await require_configurer(kit, update, context):
        return
    track, removed = await kit.services.following.unsubscribe(chat.id, limited(wanted))
    if removed:
        await reply(update, _("Unsubscribed from {track}.").format(track=e(_name(track))))
    else:
        await reply(update, _("You did not follow {track}.").format(track=e(_name(track))))


@guarded
async def subscriptions(kit: Toolkit, update: Update, context: Context) -> None:
    """List what the chat follows, with buttons to stop."""
    chat = await known_chat(kit, update)
    followed = await kit.services.following.followed(chat.id)
    if not followed:
        await reply(
            update, _("You follow no track yet: /tracks lists them, /subscribe all follows all.")
        )
        return
    names = {t.id: t.name for t in await kit.services.calendar.tracks()}
    lines = [_("<b>You follow</b>")]
    rows: list[list[Button]] = []
    for track_id in followed:
        name = _("every track") if track_id == ALL_TRACKS else names.get(track_id, track_id)
        lines.append(f"• {e(name)}")
        rows.append([(_("Unsubscribe: {track}").format(track=name)[:60], f"u:{track_id}")])
    lines.append("")
    lines.append(_reminders(chat))
    await reply(update, "\n".join(lines), rows)


@guarded
async def button(kit: Toolkit, update: Update, context: Context) -> None:
    """Subscribe or unsubscribe from a button under /tracks or /subscriptions."""
    query = update.callback_query
    if query is None or not query.data:
        return
    action = query.data[:1]
    (track_id,) = button_fields(query.data, action)
    chat = await known_chat(kit, update)
    if not await require_configurer(kit, update, context):
        return
    wanted = "all" if track_id == ALL_TRACKS else track_id
    following = kit.services.following
    if action == "f":
        track, added = await following.subscribe(chat.id, wanted)
        done = _("Subscribed to {track}").format(track=_name(track))
        await query.answer(done if added else _("Already followed"))
    else:
        track, removed = await following.unsubscribe(chat.id, wanted)
        done = _("Unsubscribed from {track}").format(track=_name(track))
        await query.answer(done if removed else _("Not followed"))


def _reminders(chat: Chat) -> str:
    if not chat.reminder_offsets:
        return _("Reminders are off (/remind 1d 2h turns them on).")
    before = ", ".join(offset_text(m) for m in chat.reminder_offsets)
    return _("You will be reminded {before} before each session (/remind changes it).").format(
        before=before
    )


@guarded
async def remind(kit: Toolkit, update: Update, context: Context) -> None:
    """Set when reminders come: /remind 1d 2h 15m, or /remind off."""
    chat = await known_chat(kit, update)
    wanted = _text(update)
    if not wanted:
        await reply(update, _reminders(chat))
        return
    if not await require_configurer(kit, update, context):
        return
    chat = await kit.services.following.set_offsets(chat.id, limited(wanted))
    await reply(update, f"⏰ {_reminders(chat)}")


@guarded
async def timezone(kit: Toolkit, update: Update, context: Context) -> None:
    """Set the chat's timezone: /timezone Europe/Moscow or /timezone Tokyo."""
    chat = await known_chat(kit, update)
    wanted = _text(update)
    if not wanted:
        text = _("Your timezone is {zone} (/timezone Europe/Moscow changes it).")
        await reply(update, text.format(zone=e(chat.timezone)))
        return
    if not await require_configurer(kit, update, context):
        return
    chat = await kit.services.following.set_timezone(chat.id, limited(wanted))
    await reply(update, _("🌍 Dates are shown in {zone} now.").format(zone=e(chat.timezone)))


@guarded
async def allday_time(kit: Toolkit, update: Update, context: Context) -> None:
    """Set when reminders for all-day sessions come: /alldaytime 09:00."""
    chat = await known_chat(kit, update)
    wanted = _text(update)
    if not wanted:
        text = _("Reminders for all-day sessions come at {time}.")
        await reply(update, text.format(time=f"{chat.allday_time:%H:%M}"))
        return
    if not await require_configurer(kit, update, context):
        return
    chat = await kit.services.following.set_allday_time(chat.id, limited(wanted))
    text = _("Reminders for all-day sessions come at {time} now.")
    await reply(update, text.format(time=f"{chat.allday_time:%H:%M}"))


@guarded
async def digest(kit: Toolkit, update: Update, context: Context) -> None:
    """Turn the Monday digest on or off: /digest weekly, /digest off."""
    chat = await known_chat(kit, update)
    wanted = _text(update)
    if not wanted:
        text = (
            _("The weekly digest is on (Mondays): /digest weekly or /digest off.")
            if chat.digest
            else _("The weekly digest is off: /digest weekly or /digest off.")
        )
        await reply(update, text)
        return
    if not await require_configurer(kit, update, context):
        return
    chat = await kit.services.following.set_digest(chat.id, limited(wanted))
    await reply(
        update,
        _("📰 Weekly digest on: every Monday morning.") if chat.digest else _("Weekly digest off."),
    )


@guarded
async def feed(kit: Toolkit, update: Update, context: Context) -> None:
    """Give the chat's private feed address when it is made, and the public ones;
    /feed reset makes a new private one."""
    chat = await known_chat(kit, update)
    following = kit.services.following
    if _text(update).lower() == "reset":
        if not await require_configurer(kit, update, context):
            return
        token: str | None = await following.reset_feed(chat.id)
        head = _("🔑 New private feed address; the old one no longer works.")
    elif _text(update):
        raise InputError(_("use /feed, or /feed reset for a new private address"))
    else:
        token = await following.first_feed(chat.id)
        head = _("<b>Your calendar feeds</b>")
    if token is None:
        await reply(update, _kept_as_hash(kit.services.links))
        return
    await reply(update, *_feed_addresses(kit.services.links, head, token))


def _public(links: Links) -> list[str]:
    return [
        _("Every track: {url}").format(url=e(links.calendar())),
        _("Web page: {url}").format(url=e(links.page())),
    ]


def _kept_as_hash(links: Links) -> str:
    """Say why a private address made earlier is not shown again, and how to get a new one."""
    lines = [
        _("<b>Your calendar feeds</b>"),
        "",
        _(
            "Your private address was shown once, when it was made: I keep only a fingerprint "
            "of it, so I cannot show it again. Lost it? /feed reset makes a new one (the old "
            "one then stops working)."
        ),
        "",
        *_public(links),
    ]
    return "\n".join(lines)


def _feed_addresses(links: Links, head: str, token: str) -> tuple[str, list[list[Button]]]:
    """Return the reply that shows a freshly made private address, with its button."""
    private = links.chat(token)
    lines = [
        head,
        "",
        _("Your tracks (private — do not share; shown only this once, so keep it):"),
        f"<code>{e(private)}</code>",
        "",
        *_public(links),
        "",
        _("Subscribe in a calendar app with the address, or with {url}").format(
            url=e(links.webcal(private))
        ),
    ]
    rows: list[list[Button]] = []
    if private.startswith("https://"):
        # Telegram's link buttons take https only; webcal:// stays in the text above.
        rows = [[(_("Add to Google Calendar"), f"url:{links.google(private)}")]]
    return "\n".join(lines), rows

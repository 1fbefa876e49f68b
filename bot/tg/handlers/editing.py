"""Editors' commands: /add (one line or guided), /edit, /cancel, /import, forwarded articles."""

from __future__ import annotations

import datetime as dtm
from dataclasses import dataclass

from telegram import Document, Message, Update

from bot.articles import MAX_ARTICLE_BYTES
from bot.errors import InputError
from bot.i18n import N_, _, day_text, ngettext
from bot.messages import e, when
from bot.models import Chat, Event, EventDraft, EventStatus
from bot.services.editing import AddRequest
from bot.services.fields import FIELDS
from bot.services.importer import Proposal, TextReading
from bot.tg.buttons import button_fields
from bot.tg.handlers.base import (
    Button,
    Context,
    Toolkit,
    guarded,
    known_chat,
    reply,
    require_editor,
)
from bot.tg.parse import add_line, arguments, cancel_args, edit_args

_NO_TRACK = N_("no track")
_ACTIONS = {"add": N_("➕ Add"), "update": N_("♻️ Add source"), "move": N_("🔁 Move it")}
ARTICLE_MIN = 200  # characters: shorter plain text is a message, not an article
_STEPS = ("title", "when", "track", "venue")
_QUESTIONS = {
    "title": N_("What is the session called? (e.g. NATO–Russia Council meeting)"),
    "when": N_("When is it? (e.g. 12 January 2022 10:00, or 9-10 January 2022)"),
    "track": N_("Which track? Pick one, or send its id."),
    "venue": N_("Where? Send a city, or “-” for none."),
}


def _draft_text(draft: EventDraft, zone: str) -> str:
    preview = Event(
        id="preview",
        number=0,
        created_at=dtm.datetime.now(dtm.UTC),
        updated_at=dtm.datetime.now(dtm.UTC),
        **draft.model_dump(exclude={"sources"}),
    )
    lines = [
        _("<b>New session</b> — please confirm"),
        f"<b>{e(draft.title)}</b>",
        f"🗓 {when(preview, zone)}",
        f"📍 {e(draft.location or '—')} ({e(draft.timezone)})",
        f"🧭 {e(draft.track or _(_NO_TRACK))}",
    ]
    return "\n".join(lines)


async def _offer_draft(kit: Toolkit, update: Update, draft: EventDraft, zone: str) -> None:
    chat, user = update.effective_chat, update.effective_user
    assert chat is not None
    assert user is not None
    key = kit.drafts.put(draft, chat.id, user.id)
    await reply(
        update,
        _draft_text(draft, zone),
        [[(_("✅ Confirm"), f"d:{key}:y"), (_("✖ Cancel"), f"d:{key}:n")]],
    )


@guarded
async def add(kit: Toolkit, update: Update, context: Context) -> None:
    """Add a session from one line, or start a guided conversation when sent bare."""
    chat = await known_chat(kit, update)
    if not await require_editor(kit, update, context):
        return
    message = update.effective_message
    text = arguments(message.text if message and message.text else "")
    user = update.effective_user
    assert user is not None
    if not text:
        kit.guided[(chat.id, user.id)] = {"step": "title"}
        stop = _("<i>Send “cancel” to stop.</i>")
        await reply(update, f"➕ {_(_QUESTIONS['title'])}\n{stop}")
        return
    draft = await kit.services.editor.draft(add_line(text))
    await _offer_draft(kit, update, draft, chat.timezone)


async def _guided_step(kit: Toolkit, update: Update, context: Context, text: str) -> bool:
    """Take one answer of the guided /add; return False when no conversation is going on."""
    chat, user = update.effective_chat, update.effective_user
    if chat is None or user is None or (chat.id, user.id) not in kit.guided:
        return False
    state = kit.guided[(chat.id, user.id)]
    if text.strip().lower() in {"cancel", "/cancel", "stop", "отмена", "стоп"}:
        del kit.guided[(chat.id, user.id)]
        await reply(update, _("Stopped; nothing was added."))
        return True
    step = state["step"]
    state[step] = text.strip()[:300]
    if step == "when":
        await kit.services.editor.draft(AddRequest(title="check", when=state["when"]))
    if step == "track" and state["track"] not in {"-", "none"}:
        await kit.services.following.track(state["track"])
    following = _STEPS[_STEPS.index(step) + 1] if step != _STEPS[-1] else None
    if following is None:
        del kit.guided[(chat.id, user.id)]
        track = state.get("track")
        venue = state.get("venue")
        request = AddRequest(
            title=state["title"],
            when=state["when"],
            track=None if track in {None, "-", "none"} else track,
            venue=None if venue in {None, "-", "none"} else venue,
        )
        model = await known_chat(kit, update)
        await _offer_draft(kit, update, await kit.services.editor.draft(request), model.timezone)
        return True
    state["step"] = following
    rows: list[list[Button]] = []
    if following == "track":
        every = await kit.services.calendar.tracks()
        rows = [[(t.name[:40], f"g:{t.id}")] for t in every] + [[(_("No track"), "g:-")]]
    await reply(update, _(_QUESTIONS[following]), rows)
    return True


@guarded
async def guided_button(kit: Toolkit, update: Update, context: Context) -> None:
    """Take a track picked with a button during the guided /add."""
    query = update.callback_query
    if query is None or not query.data:
        return
    (picked,) = button_fields(query.data, "g")
    await query.answer()
    taken = await _guided_step(kit, update, context, picked)
    if not taken:
        raise InputError(_("that question has expired; send /add again"))


@guarded
async def draft_button(kit: Toolkit, update: Update, context: Context) -> None:
    """Confirm or drop a previewed session."""
    query = update.callback_query
    chat, user = update.effective_chat, update.effective_user
    if query is None or not query.data or chat is None or user is None:
        return
    key, answer = button_fields(query.data, "d")
    offer = kit.drafts.peek(key)
    if offer is not None and offer.user_id != user.id:
        raise InputError(_("only the editor who typed it can confirm this"))
    draft = kit.drafts.take(key, chat.id, user.id)
    if draft is None:
        raise InputError(_("this preview has expired; send /add again"))
    if answer != "y":
        await query.answer(_("Dropped"))
        await query.edit_message_text(_("Dropped; nothing was added."))
        return
    if not await require_editor(kit, update, context):
        return
    event = await kit.services.editor.create(draft, f"telegram:{user.id}")
    await query.answer(_("Added"))
    added = _("✅ Added <b>{title}</b> — /event_{number}")
    await query.edit_message_text(
        added.format(title=e(event.title), number=event.number), parse_mode="HTML"
    )


@guarded
async def edit(kit: Toolkit, update: Update, context: Context) -> None:
    """Change one field of a session: /edit ID FIELD VALUE."""
    chat = await known_chat(kit, update)
    if not await require_editor(kit, update, context):
        return
    message = update.effective_message
    text = arguments(message.text if message and message.text else "")
    if not text:
        fields = "\n".join(f"• <code>{k}</code> — {e(v)}" for k, v in FIELDS.items())
        how = _("Write it like /edit 7 when 13 January 2022 11:00\nFields:\n{fields}")
        await reply(update, how.format(fields=fields))
        return
    args = edit_args(text)
    user = update.effective_user
    assert user is not None
    event = await kit.services.editor.edit(args.ref, args.field, args.value, f"telegram:{user.id}")
    changed = _("✏️ Changed {field} of <b>{title}</b> (version {n}) — {when} /event_{number}")
    await reply(
        update,
        changed.format(
            field=e(args.field),
            title=e(event.title),
            n=event.sequence,
            when=when(event, chat.timezone),
            number=event.number,
        ),
    )


@guarded
async def cancel(kit: Toolkit, update: Update, context: Context) -> None:
    """Mark a session cancelled: /cancel ID [reason]."""
    user = update.effective_user
    chat = await known_chat(kit, update)
    if user is not None and (chat.id, user.id) in kit.guided:
        await _guided_step(kit, update, context, "cancel")
        return
    if not await require_editor(kit, update, context):
        return
    message = update.effective_message
    ref, reason = cancel_args(arguments(message.text if message and message.text else ""))
    assert user is not None
    event = await kit.services.editor.cancel(ref, f"telegram:{user.id}", reason)
    done = _("❌ <b>{title}</b> is cancelled; followers are told.")
    await reply(update, done.format(title=e(event.title)))


@dataclass(frozen=True, slots=True)
class _Pasted:
    """A text to read, where it came from, and the day its message was written with how to
    say so: the text is read as of that day when it gives no date of its own."""

    text: str
    source: str
    sent: dtm.date
    sent_why: str


async def _article_of(message: Message) -> _Pasted | None:
    """Return the text to read, where it came from and when its message was written.

    The text is the message's own (after /import), the message it replies to, or a text file
    attached to either. A forward was written when its original was posted.
    """
    target = message.reply_to_message or message
    text = target.text or target.caption or ""
    if target is message:
        text = arguments(text) if text.startswith("/") else text
    elif message.text and arguments(message.text):
        text = arguments(message.text)  # "/import <text>" in reply to something: the text
    if (size := len(text.encode())) > MAX_ARTICLE_BYTES:  # said before reading any of it
        limit = MAX_ARTICLE_BYTES // 1024 // 1024
        raise InputError(
            _("the pasted text is too large ({size} MB; {limit} MB at most)").format(
                size=f"{size / 2**20:.1f}", limit=limit
            )
        )
    document = target.document
    if document is not None and not text.strip():
        text = await _document_text(document)
    if not text.strip():
        return None
    origin = target.forward_origin
    if origin is not None:
        sent, why = origin.date.date(), "the day the original was posted"
    elif target is message:
        sent, why = target.date.date(), "the day you sent it"
    else:
        sent, why = target.date.date(), "the day that message was sent"
    source = (
        document.file_name
        if document is not None and document.file_name
        else (f"telegram message {target.chat_id}/{target.message_id}")
    )
    return _Pasted(text, source, sent, why)


async def _document_text(document: Document) -> str:
    """Download an attached article (plain text, at most MAX_ARTICLE_BYTES) and decode it."""
    if document.file_size is not None and document.file_size > MAX_ARTICLE_BYTES:
        raise InputError(
            _("the file is too large ({size} KB; {limit} MB at most)").format(
                size=document.file_size // 1024, limit=MAX_ARTICLE_BYTES // 1024 // 1024
            )
        )
    name = (document.file_name or "").lower()
    if not (
        name.endswith((".txt", ".text", ".md")) or (document.mime_type or "").startswith("text/")
    ):
        raise InputError(_("send the article as text, or as a .txt file"))
    data = await (await document.get_file()).download_as_bytearray()
    if len(data) > MAX_ARTICLE_BYTES:
        raise InputError(
            _("the file is too large ({limit} MB at most)").format(
                limit=MAX_ARTICLE_BYTES // 1024 // 1024
            )
        )
    try:
        return bytes(data).decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(_("the file is not UTF-8 text")) from None


def _proposal_line(proposal: Proposal, zone: str) -> str:
    found = proposal.found
    preview = Event(
        id="found",
        number=0,
        title=found.title,
        track=found.track,
        start_date=found.start_date,
        end_date=found.end_date,
        start_at=found.start_at,
        end_at=found.end_at,
        location=found.location,
        timezone=found.timezone or zone,
        status=EventStatus.CONFIRMED,
        created_at=dtm.datetime.now(dtm.UTC),
        updated_at=dtm.datetime.now(dtm.UTC),
    )
    number = proposal.existing.number if proposal.existing else ""
    head = {
        "add": _("🆕 New"),
        "update": _("♻️ Known (#{number})").format(number=number),
        "move": _("🔁 Moves #{number}").format(number=number),
    }[proposal.action]
    lines = [f"{head}: <b>{e(found.title)}</b> <i>({found.status.value})</i>", when(preview, zone)]
    if found.location:
        lines[-1] += f" · {e(found.location)}"
    lines.append(f"“{e(found.sources[0].quote[:300])}”")
    lines.extend(f"⚠️ {e(d)}" for d in found.discrepancies)
    return "\n".join(lines)


def _reason(reading: TextReading) -> str:
    """Say why the text was read as of its day: "its dateline 'VIENNA, Dec 9 (Reuters) -'",
    "no date of its own; the day you sent it", or why its own date was not taken."""
    if reading.own_date:
        return reading.why
    if reading.text_day is not None:
        from_text = reading.text_why or "its text"
        return f"{reading.why}; {day_text(reading.text_day)}, from {from_text}, is later"
    return f"no date of its own; {reading.why}"


def _read_as_of(reading: TextReading) -> str:
    head = _("📰 Read as of {day} ({reason})").format(
        day=day_text(reading.day), reason=e(_reason(reading))
    )
    if not reading.proposals:
        return head + _(": I found no dated session in that text.")
    found = len(reading.proposals)
    # English keeps its "session(s)"; Russian needs its three forms.
    text = ngettext(": {n} session(s) found.", ": {n} session(s) found.", found)
    return head + text.format(n=found)


async def _read_article(kit: Toolkit, update: Update, context: Context, *, editor: bool) -> None:
    message = update.effective_message
    chat = await known_chat(kit, update)
    if message is None:
        return
    pasted = await _article_of(message)
    if pasted is None:
        raise InputError(
            _("paste the article after /import, or reply /import to a forwarded article")
        )
    # Reading a long article takes seconds (in a worker process): it goes on in a task of its
    # own, so the updates after this one (other users' /upcoming) are answered meanwhile. An
    # article being read when the instance stops is finished first (PTB waits for its tasks).
    # The task copies this update's context, the chat's language with it.
    context.application.create_task(
        _propose(kit, update, chat, pasted, editor=editor), update=update
    )


async def _propose(
    kit: Toolkit, update: Update, chat: Chat, pasted: _Pasted, *, editor: bool
) -> None:
    """Read the article and propose each session it announces (buttons for editors)."""
    try:
        reading = await kit.services.importer.propose_text(
            pasted.text, pasted.source, pasted.sent, pasted.sent_why
        )
    except InputError as exc:
        await reply(update, f"⚠️ {e(exc)}")
        return
    await reply(update, _read_as_of(reading))
    if not reading.proposals:
        return
    user = update.effective_user
    assert user is not None
    for proposal in reading.proposals:
        rows: list[list[Button]] = []
        if editor:
            key = kit.proposals.put((reading.article, proposal), chat.id, user.id)
            label = _(_ACTIONS[proposal.action])
            rows = [[(label, f"p:{key}:y"), (_("Skip"), f"p:{key}:n")]]
        await reply(update, _proposal_line(proposal, chat.timezone), rows)


@guarded
async def import_command(kit: Toolkit, update: Update, context: Context) -> None:
    """Read a pasted or forwarded article and propose each session it announces."""
    if not await require_editor(kit, update, context):
        return
    await _read_article(kit, update, context, editor=True)


@guarded
async def proposal_button(kit: Toolkit, update: Update, context: Context) -> None:
    """Add (or skip) a session found in an article."""
    query = update.callback_query
    chat, user = update.effective_chat, update.effective_user
    if query is None or not query.data or chat is None or user is None:
        return
    key, answer = button_fields(query.data, "p")
    offer = kit.proposals.take(key, chat.id, user.id)
    if offer is None:
        raise InputError(_("this proposal has expired or is not yours; send /import again"))
    if answer != "y":
        await query.answer(_("Skipped"))
        await query.edit_message_reply_markup(None)
        return
    if not await require_editor(kit, update, context):
        return
    article, proposal = offer
    event = await kit.services.importer.accept(article, proposal, f"telegram:{user.id}")
    await query.answer(_("Done"))
    done = f"✅ /event_{event.number}" if event else _("Nothing new: the calendar had it all.")
    await query.edit_message_reply_markup(None)
    await reply(update, done)


@guarded
async def plain_text(kit: Toolkit, update: Update, context: Context) -> None:
    """Answer plain text: a guided /add answer, or an article to read (private chats)."""
    message = update.effective_message
    if message is None or not (message.text or message.caption):
        return
    text = message.text or message.caption or ""
    if await _guided_step(kit, update, context, text):
        return
    chat = update.effective_chat
    if chat is None or chat.type != "private":
        return  # groups talk among themselves; the bot answers commands only
    if message.forward_origin is None and len(text) < ARTICLE_MIN:
        await reply(
            update,
            _(
                "I understand commands: /help lists them. Forward me an article and I "
                "will show the sessions it announces."
            ),
        )
        return
    user = update.effective_user
    editor = user is not None and user.id in kit.admin_ids
    await _read_article(kit, update, context, editor=editor)


@guarded
async def unknown(kit: Toolkit, update: Update, context: Context) -> None:
    """Answer a command negbot does not have."""
    message = update.effective_message
    word = (message.text or "").split()[0] if message and message.text else "that"
    text = _("Unknown command {word}. /help lists what I understand.")
    await reply(update, text.format(word=e(word[:40])))

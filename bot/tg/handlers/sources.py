"""Editors' /sources: the feeds followed, adding and removing one, and the proposals review
sources left, each with Add / Skip buttons."""

from __future__ import annotations

from telegram import Update

from bot.errors import InputError
from bot.messages import e
from bot.outlets import FeedSource, PendingProposal
from bot.tg.buttons import button_fields
from bot.tg.handlers.base import Context, Toolkit, guarded, reply, require_editor
from bot.tg.parse import arguments, limited

USAGE = (
    "Usage: /sources — the feeds followed; /sources add URL [auto|review]; "
    "/sources remove ID; /sources proposals"
)
MAX_SHOWN = 10  # proposals a /sources proposals sends at once


def _source_html(source: FeedSource) -> str:
    polled = source.last_poll_at.strftime("%Y-%m-%d %H:%M UTC") if source.last_poll_at else "never"
    lines = [f"<b>#{source.id}</b> {e(source.name or source.url)} ({e(source.trust)})"]
    if source.name:
        lines.append(e(source.url))
    lines.append(
        f"last poll {polled}; {source.articles_read} article(s), {source.sessions_found} session(s)"
    )
    if source.last_error:
        lines.append(f"⚠️ {e(source.last_error)}")
    return "\n".join(lines)


def _proposal_html(proposal: PendingProposal) -> str:
    found, article = proposal.found, proposal.article
    where = f", {e(found.location)}" if found.location else ""
    return "\n".join(
        [
            f"<b>{e(found.title)}</b>",
            f"🗓 {found.start_date.isoformat()}{where} ({e(found.status)})",
            f"📰 {e(article.outlet or 'an outlet')}: {e(article.title or '')}",
            f"{e(article.url or article.file)}",
        ]
    )


@guarded
async def sources(kit: Toolkit, update: Update, context: Context) -> None:
    """List, add or remove the feeds followed, or show what review sources found."""
    if not await require_editor(kit, update, context):
        return
    message = update.effective_message
    words = limited(arguments(message.text if message else "")).split()
    verb, rest = (words[0].lower(), words[1:]) if words else ("list", [])
    service = kit.services.sources
    if verb == "list" and not rest:
        shown = await service.all()
        text = "\n\n".join(_source_html(s) for s in shown) or "No sources yet."
        await reply(update, f"<b>Sources</b>\n\n{text}")
    elif verb == "add" and len(rest) in {1, 2}:
        trust = rest[1] if len(rest) == 2 else "review"
        added = await service.add(rest[0], trust=trust)
        await reply(update, f"✅ Following #{added.id}: {e(added.url)} ({e(added.trust)})")
    elif verb == "remove" and len(rest) == 1 and rest[0].lstrip("#").isdigit():
        gone = await service.remove(int(rest[0].lstrip("#")))
        await reply(update, f"Stopped following #{gone.id}: {e(gone.url)}")
    elif verb == "proposals" and not rest:
        await _send_proposals(kit, update)
    else:
        raise InputError(USAGE)


async def _send_proposals(kit: Toolkit, update: Update) -> None:
    waiting = await kit.services.sources.proposals()
    if not waiting:
        await reply(update, "No proposals waiting.")
        return
    for proposal in waiting[:MAX_SHOWN]:
        buttons = [("✅ Add", f"s:{proposal.id}:y"), ("✖ Skip", f"s:{proposal.id}:n")]
        await reply(update, _proposal_html(proposal), [buttons])
    if len(waiting) > MAX_SHOWN:
        await reply(update, f"…and {len(waiting) - MAX_SHOWN} more: answer these first.")


@guarded
async def proposal_button(kit: Toolkit, update: Update, context: Context) -> None:
    """Add a proposed session to the calendar, or skip it."""
    query = update.callback_query
    if query is None:
        return
    number, answer = button_fields(query.data, "s")
    if not await require_editor(kit, update, context):
        return
    service = kit.services.sources
    if answer == "n":
        skipped = await service.skip(int(number))
        await query.answer("Skipped")
        await query.edit_message_reply_markup(None)
        await reply(update, f"Skipped: {e(skipped.found.title)}")
        return
    event = await service.accept(int(number))
    await query.answer("Done")
    await query.edit_message_reply_markup(None)
    done = f"✅ /event_{event.number}" if event else "Nothing new: the calendar had it all."
    await reply(update, done)

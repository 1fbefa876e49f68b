"""Build the python-telegram-bot application: handlers, commands, rate limits, error handler."""

from __future__ import annotations

import logging

from telegram import (
    BotCommand,
    BotCommandScope,
    BotCommandScopeAllChatAdministrators,
    BotCommandScopeChat,
    LinkPreviewOptions,
    Update,
)
from telegram.constants import ParseMode
from telegram.ext import (
    AIORateLimiter,
    Application,
    CallbackQueryHandler,
    CommandHandler,
    Defaults,
    ExtBot,
    MessageHandler,
    filters,
)
from telegram.request import HTTPXRequest

from bot.i18n import DEFAULT, LANGUAGES, N_, in_language
from bot.services.container import Services
from bot.tg.handlers import editing, following, language, reading
from bot.tg.handlers import sources as outlets
from bot.tg.handlers.base import Context, Toolkit, bound, stray_button
from bot.tg.pending import Offers

log = logging.getLogger(__name__)

# Descriptions are msgids: each menu is registered in English and, for language_code "ru",
# in Russian. The readers' commands are everyone's menu; editors also see theirs.
READER_COMMANDS = [
    ("upcoming", N_("the sessions ahead [track]")),
    ("past", N_("the latest sessions [track]")),
    ("next", N_("the next session")),
    ("event", N_("one session: sources, history, .ics")),
    ("tracks", N_("the tracks, with Subscribe buttons")),
    ("subscribe", N_("follow a track, or all")),
    ("unsubscribe", N_("stop following a track, or all")),
    ("subscriptions", N_("what this chat follows")),
    ("remind", N_("when to remind: 1d 2h 15m, or off")),
    ("timezone", N_("your timezone: Europe/Moscow, or a city")),
    ("alldaytime", N_("when all-day reminders come: 09:00")),
    ("digest", N_("weekly summary: weekly or off")),
    ("feed", N_("your private calendar feed")),
    ("language", N_("the language: English or Russian")),
    ("help", N_("what negbot understands")),
]
EDITOR_COMMANDS = [
    ("add", N_("editors: add a session")),
    ("edit", N_("editors: change a session")),
    ("cancel", N_("editors: cancel a session")),
    ("import", N_("editors: read an article")),
    ("sources", N_("editors: the outlets' feeds followed")),
]
COMMANDS = READER_COMMANDS[:-1] + EDITOR_COMMANDS + READER_COMMANDS[-1:]


def telegram_limiter(per_second: float) -> AIORateLimiter:
    """Return a rate limiter that keeps the bot under Telegram's limits.

    AIORateLimiter is a leaky bucket: with `overall_max_rate=30` it lets a burst of 30 go at
    once and then 30 a second, 60 within the first second, which Telegram answers with 429s
    in a fan-out. A bucket of one, refilled every 1/30 s, spaces the messages evenly instead.
    In a group a short exchange may burst (20 a minute, as Telegram allows).
    """
    return AIORateLimiter(
        overall_max_rate=1,
        overall_time_period=1 / per_second,
        group_max_rate=20,
        group_time_period=60,
        max_retries=2,
    )


SEND_READ_TIMEOUT = 20.0  # seconds; the in-flight lease (bot.reminders.claims) outlasts a send


def reminder_bot(token: str, base_url: str | None = None) -> ExtBot[None]:
    """Return a bot for reminders: no rate limiter of its own and no retries.

    The reminders are paced across instances by bot.reminders.pacer, and a 429 must reach the
    dispatcher, which puts the delivery back and paces it again; a limiter retrying by itself
    after the pause would send out of turn, into the other instances' moments.

    Its answers may take `SEND_READ_TIMEOUT` seconds: a slow answer given up on is retried,
    and repeats a message Telegram had accepted; so would an answer that came while the
    instance was paused. A send still lasts less than a claim's in-flight lease.
    """
    request = HTTPXRequest(connection_pool_size=256, read_timeout=SEND_READ_TIMEOUT)
    if base_url:
        return ExtBot(token, base_url=base_url, base_file_url=file_url(base_url), request=request)
    return ExtBot(token, request=request)


def file_url(base_url: str) -> str:
    """Return the file address that goes with a Bot API base address ("…/bot" → "…/file/bot")."""
    root = base_url.rstrip("/")
    return (root[: -len("/bot")] if root.endswith("/bot") else root) + "/file/bot"


async def _error(update: object, context: Context) -> None:
    """Log an unexpected error once, with its traceback, and tell the user briefly."""
    log.error("a handler failed", exc_info=context.error)
    if isinstance(update, Update) and update.effective_chat is not None:
        try:
            await update.effective_chat.send_message(
                "Sorry, something went wrong on my side; it has been logged."
            )
        except Exception:  # the chat may be gone; the error is logged already
            log.debug("could not apologise in chat %s", update.effective_chat.id)


def build_application(
    services: Services, token: str, base_url: str | None = None, *, polling_timeout: float = 10
) -> tuple[Application, Toolkit]:  # type: ignore[type-arg]
    """Return the bot application and the toolkit its handlers share."""
    builder = (
        Application.builder()
        .token(token)
        .defaults(
            Defaults(
                parse_mode=ParseMode.HTML,
                link_preview_options=LinkPreviewOptions(is_disabled=True),
            )
        )
        .rate_limiter(telegram_limiter(services.settings.telegram_max_rate))
        .get_updates_read_timeout(polling_timeout + 5)
    )
    if base_url:
        builder = builder.base_url(base_url).base_file_url(file_url(base_url))
    application = builder.build()
    kit = Toolkit(
        services=services, drafts=Offers(services.clock), proposals=Offers(services.clock)
    )
    register(application, kit)
    return application, kit


def menu(commands: list[tuple[str, str]], language: str) -> list[BotCommand]:
    """Return a command menu with its descriptions in `language`."""
    return [BotCommand(name, in_language(about, language)) for name, about in commands]


async def announce_commands(
    application: Application,  # type: ignore[type-arg]
    editors: frozenset[int] = frozenset(),
) -> None:
    """Register the command menus with the Bot API (setMyCommands), in English and Russian.

    Everyone's menu holds the readers' commands; groups' administrators and the editors'
    private chats (NEGBOT_ADMIN_IDS) get the editors' commands too. negbot starts the
    application itself rather than through run_polling, so PTB's post_init would never run:
    the runtime calls this after initialising the application.
    """
    editor_scopes: list[BotCommandScope] = [BotCommandScopeAllChatAdministrators()]
    editor_scopes += [BotCommandScopeChat(chat_id) for chat_id in sorted(editors)]
    bot = application.bot
    for lang in LANGUAGES:
        code = None if lang == DEFAULT else lang
        await bot.set_my_commands(menu(READER_COMMANDS, lang), language_code=code)
        for scope in editor_scopes:
            await bot.set_my_commands(menu(COMMANDS, lang), scope=scope, language_code=code)


def register(application: Application, kit: Toolkit) -> None:  # type: ignore[type-arg]
    """Register every handler, thin wrappers over the services."""
    commands = {
        "start": following.start,
        "help": reading.help_command,
        "upcoming": reading.upcoming,
        "past": reading.past,
        "next": reading.next_session,
        "event": reading.event,
        "tracks": reading.tracks,
        "subscribe": following.subscribe,
        "unsubscribe": following.unsubscribe,
        "subscriptions": following.subscriptions,
        "remind": following.remind,
        "timezone": following.timezone,
        "alldaytime": following.allday_time,
        "digest": following.digest,
        "feed": following.feed,
        "language": language.language,
        "add": editing.add,
        "edit": editing.edit,
        "cancel": editing.cancel,
        "import": editing.import_command,
        "sources": outlets.sources,
    }
    for name, handler in commands.items():
        application.add_handler(CommandHandler(name, bound(kit, handler)))
    application.add_handler(
        MessageHandler(filters.Regex(r"^/event_\d+"), bound(kit, reading.event))
    )
    buttons = {
        r"^ics:": reading.send_ics,
        r"^[fu]:": following.button,
        r"^d:": editing.draft_button,
        r"^p:": editing.proposal_button,
        r"^g:": editing.guided_button,
        r"^s:": outlets.proposal_button,
        r"^lang:": language.language_button,
    }
    for pattern, handler in buttons.items():
        application.add_handler(CallbackQueryHandler(bound(kit, handler), pattern=pattern))
    application.add_handler(CallbackQueryHandler(bound(kit, stray_button)))
    # A text file sent with the caption /import is an article to read.
    application.add_handler(
        MessageHandler(
            filters.Document.ALL & filters.CaptionRegex(r"^/import(?:@\w+)?\b"),
            bound(kit, editing.import_command),
        )
    )
    application.add_handler(MessageHandler(filters.COMMAND, bound(kit, editing.unknown)))
    application.add_handler(
        MessageHandler(
            (filters.TEXT | filters.CAPTION) & ~filters.COMMAND, bound(kit, editing.plain_text)
        )
    )
    application.add_error_handler(_error)

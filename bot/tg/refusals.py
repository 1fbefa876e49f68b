"""Say in one line why the Bot API refused to start the bot, never quoting the token."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from telegram.error import InvalidToken, NetworkError, TelegramError

from bot.errors import NegbotError
from bot.logs import scrub

DEFAULT_BASE_URL = "https://api.telegram.org/bot"


class BotApiError(NegbotError):
    """The Bot API would not let the bot start."""


@contextlib.contextmanager
def bot_api_refusals(base_url: str | None) -> Iterator[None]:
    """Turn python-telegram-bot's start-up errors into one line without the token.

    PTB's own messages quote the token ("The token `…` was rejected"), and its tracebacks
    would reach the journal; the caller prints this line instead.
    """
    where = base_url or DEFAULT_BASE_URL
    try:
        yield
    except InvalidToken:
        # An unknown method answered 404 looks the same to PTB: both mean a wrong token or URL.
        raise BotApiError(
            f"the Bot API at {where} rejected the token: check NEGBOT_TELEGRAM_TOKEN "
            "(and NEGBOT_TELEGRAM_BASE_URL)"
        ) from None
    except NetworkError as exc:
        raise BotApiError(f"the Bot API at {where} failed: {scrub(str(exc))}") from None
    except TelegramError as exc:
        raise BotApiError(f"the Bot API at {where} answered: {scrub(str(exc))}") from None

"""The reminders' Sender over python-telegram-bot; Telegram's errors become negbot's here."""

from __future__ import annotations

import datetime as dtm
import warnings

from telegram import Bot, LinkPreviewOptions
from telegram.constants import ParseMode
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Forbidden,
    NetworkError,
    RetryAfter,
    TelegramError,
    TimedOut,
)
from telegram.warnings import PTBDeprecationWarning

from bot.reminders.sender import (
    ChatGone,
    ChatMoved,
    MessageRejected,
    RetryLater,
    TransientSendError,
)

# 400 answers that mean the chat itself is out of reach, not that this message was wrong.
_GONE_PHRASES = (
    "chat not found",
    "peer_id_invalid",
    "user not found",
    "group chat was deactivated",
    "chat_write_forbidden",
    "have no rights to send a message",
    "not enough rights to send text messages",
)


def retry_after_seconds(error: RetryAfter) -> float:
    """Return how long Telegram asked to wait, whether PTB gives an int or a timedelta."""
    with warnings.catch_warnings():
        # PTB 22 warns on reading the int form unless PTB_TIMEDELTA is set; both are handled.
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        value: int | float | dtm.timedelta = error.retry_after
    seconds = value.total_seconds() if isinstance(value, dtm.timedelta) else float(value)
    return max(seconds, 0.0)


class TelegramSender:
    """Send reminders as HTML messages without link previews through a PTB Bot."""

    def __init__(self, bot: Bot) -> None:
        self._bot = bot

    async def send(self, chat_id: int, html: str) -> int:
        """Send `html` to the chat and return the message id, or raise a SendError."""
        try:
            message = await self._bot.send_message(
                chat_id,
                html,
                parse_mode=ParseMode.HTML,
                link_preview_options=LinkPreviewOptions(is_disabled=True),
            )
        except RetryAfter as exc:
            raise RetryLater(retry_after_seconds(exc)) from exc
        except ChatMigrated as exc:
            raise ChatMoved(exc.new_chat_id) from exc
        except Forbidden as exc:
            raise ChatGone(exc.message) from exc
        except BadRequest as exc:  # before NetworkError, its base class
            if any(phrase in exc.message.lower() for phrase in _GONE_PHRASES):
                raise ChatGone(exc.message) from exc
            raise MessageRejected(exc.message) from exc
        except TimedOut as exc:
            raise TransientSendError(f"timed out: {exc.message}") from exc
        except NetworkError as exc:
            raise TransientSendError(f"network or server error: {exc.message}") from exc
        except TelegramError as exc:
            # InvalidToken, Conflict, EndPointNotFound: a configuration problem an operator can
            # fix; keep the delivery and try again later rather than drop it.
            raise TransientSendError(f"{type(exc).__name__}: {exc.message}") from exc
        return message.message_id

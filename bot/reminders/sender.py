"""What the dispatcher sends through: a Sender, and the errors a send can end in."""

from __future__ import annotations

from bot.errors import NegbotError
from bot.ports import Sender


class SendError(NegbotError):
    """A message could not be sent."""


class RetryLater(SendError):
    """The messenger asked to wait (flood control) before sending anything more."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"flood control: retry after {seconds:g} s")
        self.seconds = seconds


class ChatGone(SendError):
    """The chat cannot be reached any more: the bot was blocked or removed, or the chat deleted."""

    def __init__(self, reason: str) -> None:
        super().__init__(f"chat unreachable: {reason}")
        self.reason = reason


class ChatMoved(SendError):
    """The group became a supergroup and has a new id."""

    def __init__(self, new_chat_id: int) -> None:
        super().__init__(f"chat moved to {new_chat_id}")
        self.new_chat_id = new_chat_id


class TransientSendError(SendError):
    """A failure that may pass: a timeout, a network error, a server error."""


class MessageRejected(SendError):
    """The messenger refused this message for good (bad markup, too long, …)."""


__all__ = [
    "ChatGone",
    "ChatMoved",
    "MessageRejected",
    "RetryLater",
    "SendError",
    "Sender",
    "TransientSendError",
]


class RoutingSender:
    """Send to some chats through one Bot API and to every other chat through another.

    `negbot chat` with a bot token serves the terminal through its local Bot API and Telegram
    chats through Telegram; one reminder pipeline sends to both.
    """

    def __init__(self, local: Sender, local_chats: frozenset[int], remote: Sender) -> None:
        self._local = local
        self._local_chats = local_chats
        self._remote = remote

    async def send(self, chat_id: int, html: str) -> int:
        """Send through the Bot API that serves this chat."""
        target = self._local if chat_id in self._local_chats else self._remote
        return await target.send(chat_id, html)

"""A local Telegram Bot API server for end-to-end tests and the terminal chat mode."""

from .errors import ApiError
from .faults import FLOOD_METHODS, Fault, FaultRule
from .models import (
    CallbackQuery,
    ChannelOrigin,
    Chat,
    HiddenUserOrigin,
    Message,
    StoredFile,
    Update,
    User,
    UserOrigin,
)
from .records import SentRecord, Stats
from .server import DEFAULT_TOKEN, LocalBotApi
from .webhook import SECRET_HEADER, WebhookConfig

__all__ = [
    "DEFAULT_TOKEN",
    "FLOOD_METHODS",
    "SECRET_HEADER",
    "ApiError",
    "CallbackQuery",
    "ChannelOrigin",
    "Chat",
    "Fault",
    "FaultRule",
    "HiddenUserOrigin",
    "LocalBotApi",
    "Message",
    "SentRecord",
    "Stats",
    "StoredFile",
    "Update",
    "User",
    "UserOrigin",
    "WebhookConfig",
]

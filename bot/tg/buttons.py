"""The shape of each button's callback data, checked before a handler trusts it."""

from __future__ import annotations

import re

from bot.errors import InputError
from bot.i18n import N_, _

# Telegram caps callback data at 64 bytes; anything longer was not made by negbot.
MAX_DATA_BYTES = 64
NOT_MINE = N_("that is not a button of mine; send the command again for fresh buttons")
# prefix → the fields after it: a key or id, then (for confirmations) y or n.
_SHAPES = {
    "ics": re.compile(r"ics:([^:]+)"),
    "f": re.compile(r"f:([^:]+)"),
    "u": re.compile(r"u:([^:]+)"),
    "d": re.compile(r"d:([^:]+):([yn])"),
    "p": re.compile(r"p:([^:]+):([yn])"),
    "g": re.compile(r"g:(.+)"),
    "s": re.compile(r"s:(\d{1,12}):([yn])"),
    "lang": re.compile(r"lang:(en|ru)"),
}


def button_fields(data: str | None, prefix: str) -> tuple[str, ...]:
    """Return the fields of a button's data, or raise InputError if it is not of that shape."""
    if not data or len(data.encode()) > MAX_DATA_BYTES:
        raise InputError(_(NOT_MINE))
    found = _SHAPES[prefix].fullmatch(data)
    if found is None:
        raise InputError(_(NOT_MINE))
    return found.groups()

"""Read command arguments into typed requests; nothing here talks to Telegram or the store."""

from __future__ import annotations

from dataclasses import dataclass

from bot.errors import InputError
from bot.extract.places import gazetteer
from bot.extract.text import fold
from bot.i18n import N_, _
from bot.services.editing import AddRequest

MAX_ARGUMENT = 500  # characters: commands are short; an article goes through /import
ADD_EXAMPLE = (
    "/add 12 January 2022 10:00 Brussels | Russia–NATO Council meeting | nato-russia-council"
)


def arguments(text: str | None) -> str:
    """Return what follows the command word ("/upcoming@negbot osce" → "osce")."""
    if not text:
        return ""
    parts = text.strip().split(maxsplit=1)
    return parts[1].strip() if len(parts) > 1 else ""


def limited(text: str, what: str = N_("the argument")) -> str:
    """Refuse arguments too long to be what a command expects."""
    if len(text) > MAX_ARGUMENT:
        raise InputError(
            _("{what} is too long ({n} characters; {most} at most)").format(
                what=_(what), n=len(text), most=MAX_ARGUMENT
            )
        )
    return text


def add_line(text: str) -> AddRequest:
    """Read "/add WHEN [PLACE] | TITLE [| TRACK]" into a request."""
    parts = [p.strip() for p in limited(text, N_("the /add line")).split("|")]
    if len(parts) < 2 or not parts[0] or not parts[1]:
        raise InputError(f"write it like: {ADD_EXAMPLE}")
    if len(parts) > 3:
        raise InputError(f"too many parts; write it like: {ADD_EXAMPLE}")
    when, venue = split_place(parts[0])
    track = parts[2] if len(parts) == 3 and parts[2] else None
    return AddRequest(title=parts[1], when=when, track=track, venue=venue)


def split_place(text: str) -> tuple[str, str | None]:
    """Split "12 January 2022 10:00 Brussels" into the date words and the city at their end."""
    words = fold(text).rstrip(" ,.").split()
    for size in (3, 2, 1):
        if len(words) <= size:
            continue
        tail = words[-size:]
        if not tail[0][:1].isupper():
            continue
        city = gazetteer().lookup(" ".join(tail))
        if city is not None:
            return " ".join(words[:-size]).rstrip(" ,"), city.name
    return text, None


@dataclass(frozen=True, slots=True)
class EditArgs:
    """An /edit command: which session, which field, the new value."""

    ref: str
    field: str
    value: str


def edit_args(text: str) -> EditArgs:
    """Read "/edit ID FIELD VALUE"."""
    parts = limited(text).split(maxsplit=2)
    if len(parts) < 3:
        raise InputError("write it like: /edit 7 when 13 January 2022 11:00")
    return EditArgs(parts[0], parts[1], parts[2])


def cancel_args(text: str) -> tuple[str, str | None]:
    """Read "/cancel ID [reason]"."""
    parts = limited(text).split(maxsplit=1)
    if not parts:
        raise InputError("write it like: /cancel 7 (the id or number /upcoming shows)")
    return parts[0], (parts[1] if len(parts) > 1 else None)

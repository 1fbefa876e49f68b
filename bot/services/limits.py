"""How long each free-text value an editor types may be, and the one check that enforces it."""

from __future__ import annotations

from bot.errors import InputError

# Long enough for any real value; short enough that a pasted page is refused, not stored.
LIMITS = {
    "title": 300,
    "when": 200,
    "end": 200,
    "duration": 32,
    "track": 64,
    "venue": 100,
    "timezone": 64,
    "status": 32,
    "url": 2000,
    "description": 4000,
    "reason": 500,
}


def capped(name: str, value: str | None) -> str | None:
    """Return `value` unchanged, or raise InputError naming the field and its cap."""
    limit = LIMITS.get(name, 4000)
    if value is not None and len(value) > limit:
        raise InputError(f"the {name} is too long ({len(value)} characters; {limit} at most)")
    return value

"""The fields of a session an editor may change, and what each accepts.

Apart from the editor, so that the CLI's and the bot's help can list them without loading the
editor (and with it the store and the extractor).
"""

from __future__ import annotations

FIELDS = {
    "title": "the session's title",
    "track": "a track id, or 'none'",
    "when": "a date and optional time, e.g. '13 January 2022 10:00'",
    "venue": "a city (its timezone follows), or 'none'",
    "timezone": "an IANA name such as Europe/Vienna",
    "status": "confirmed, tentative, postponed or cancelled",
    "url": "a link to more information, or 'none'",
    "description": "free text, or 'none'",
}

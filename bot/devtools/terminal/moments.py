"""The moments and spans typed at the terminal, the terminal's timezone, and how times print."""

from __future__ import annotations

import datetime as dtm
import re
import zoneinfo
from collections.abc import Mapping
from pathlib import Path

from bot.errors import InputError

_SPAN_PART = re.compile(r"(\d{1,6})\s*([dhms])")
_SECONDS = {"d": 86400, "h": 3600, "m": 60, "s": 1}
LOCALTIME = Path("/etc/localtime")


def known_zone(name: str) -> zoneinfo.ZoneInfo:
    """Return the IANA zone of this name, or raise InputError saying what is expected."""
    text = name.strip()
    try:
        if text and not text.startswith(("/", ".")):
            return zoneinfo.ZoneInfo(text)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        pass
    raise InputError(f"unknown timezone {text!r}: use an IANA name such as Europe/Moscow")


def local_timezone(environ: Mapping[str, str], localtime: Path = LOCALTIME) -> str:
    """Return the terminal's timezone: $TZ, else the zone /etc/localtime points to, else UTC."""
    candidates = []
    value = environ.get("TZ", "").strip().lstrip(":")
    if value:
        candidates.append(value.split("zoneinfo/", 1)[-1])
    try:
        target = str(localtime.resolve())
    except OSError:
        target = ""
    if "zoneinfo/" in target:
        candidates.append(target.split("zoneinfo/", 1)[-1])
    for candidate in candidates:
        try:
            return known_zone(candidate).key
        except InputError:
            continue
    return "UTC"


def parse_moment(text: str, zone: str) -> dtm.datetime:
    """Read "2022-01-08T09:00+00:00", "2022-01-08 09:00" or "2022-01-08" as an aware moment.

    Without an offset the time is read in `zone`; a date alone is its midnight there.
    """
    value = text.strip()
    try:
        moment = dtm.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise InputError(
            f"cannot read {value!r} as a time: write it like 2022-01-08T09:00+00:00, "
            "2022-01-08 09:00 or 2022-01-08"
        ) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=zoneinfo.ZoneInfo(zone))
    return moment.astimezone(dtm.UTC)


def parse_span(text: str) -> dtm.timedelta:
    """Read "2h", "1d 2h", "90m" or "30s" as a length of time (more than none)."""
    value = text.strip().lower()
    parts = _SPAN_PART.findall(value)
    if not parts or _SPAN_PART.sub("", value).strip(" ,"):
        raise InputError(
            f"cannot read {text.strip()!r} as a length of time: write it like 2h, 1d 2h or 30m"
        )
    seconds = sum(int(amount) * _SECONDS[unit] for amount, unit in parts)
    if seconds <= 0:
        raise InputError("the length of time must be more than nothing, e.g. 30m")
    return dtm.timedelta(seconds=seconds)


def shown(moment: dtm.datetime, zone: str) -> str:
    """Return a moment as the chat reads it: "Sat 8 Jan 2022 09:00 MSK"."""
    local = moment.astimezone(zoneinfo.ZoneInfo(zone))
    return f"{local:%a} {local.day} {local:%b %Y %H:%M} {local.tzname()}"

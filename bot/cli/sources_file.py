"""A TOML file of sources to follow (deploy/sources.example.toml), read into checked entries."""

from __future__ import annotations

import dataclasses
import tomllib
from pathlib import Path

from bot.errors import InputError

_FIELDS = {"url", "language", "tracks", "trust", "every"}


@dataclasses.dataclass(frozen=True, slots=True)
class SourceEntry:
    """One [[source]] of the file, with the types checked."""

    url: str
    language: str | None = None
    tracks: tuple[str, ...] = ()
    trust: str = "review"
    every: float | None = None


def _entry(where: str, raw: object) -> SourceEntry:
    if not isinstance(raw, dict):
        raise InputError(f"{where}: not a table of settings")
    unknown = set(raw) - _FIELDS
    if unknown:
        raise InputError(f"{where}: unknown setting(s) {', '.join(sorted(unknown))}")
    url, language, tracks = raw.get("url"), raw.get("language"), raw.get("tracks", [])
    trust, every = raw.get("trust", "review"), raw.get("every")
    if not isinstance(url, str):
        raise InputError(f"{where}: url is missing or not text")
    if language is not None and not isinstance(language, str):
        raise InputError(f'{where}: language must be text, e.g. "ru"')
    if not isinstance(tracks, list) or not all(isinstance(t, str) for t in tracks):
        raise InputError(f"{where}: tracks must be a list of track ids")
    if not isinstance(trust, str):
        raise InputError(f'{where}: trust must be "auto" or "review"')
    if every is not None and (isinstance(every, bool) or not isinstance(every, int | float)):
        raise InputError(f"{where}: every must be a number of minutes")
    return SourceEntry(url, language, tuple(tracks), trust, None if every is None else every)


def read_sources_file(path: Path) -> list[SourceEntry]:
    """Read and check every [[source]] of the file; InputError naming the first bad one."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read it ({exc})") from None
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"{path}: not valid TOML ({exc})") from None
    entries = data.get("source")
    if not isinstance(entries, list) or not entries:
        raise InputError(f"{path}: no [[source]] tables in it")
    return [_entry(f"{path}, source {n}", raw) for n, raw in enumerate(entries, 1)]

"""Find tracks named in Russian text by their aliases, in any case form: "Совета Россия —
НАТО", "на переговорах по стратегической стабильности", "в ОБСЕ"."""

from __future__ import annotations

import functools
import re

from bot.extract.lang.ru import morph
from bot.tracks import TrackCatalogue, TrackMention

_PART = re.compile(r"[^\W\d_]+")
_CYRILLIC = re.compile(r"[а-яё]", re.IGNORECASE)


def _is_acronym(word: str) -> bool:
    return len(word) >= 2 and word.isupper()


@functools.lru_cache(maxsize=8192)
def _lemmas(part: str) -> frozenset[str]:
    if _is_acronym(part):
        return frozenset({part})
    return frozenset({morph.fold(part)} | {r.lemma for r in morph.readings(part)})


def _alias_key(part: str) -> str:
    if _is_acronym(part):
        return part
    readings = morph.readings(part)
    return readings[0].lemma if readings else morph.fold(part)


@functools.lru_cache(maxsize=16)
def _aliases(catalogue: TrackCatalogue) -> tuple[tuple[tuple[str, ...], str], ...]:
    found = []
    for track in catalogue:
        for alias in (*track.aliases, track.name):
            if _CYRILLIC.search(alias):
                key = tuple(_alias_key(p) for p in _PART.findall(alias))
                if key:
                    found.append((key, track.id))
    # The longest alias first: "Совет Безопасности ООН" before "ООН".
    return tuple(sorted(found, key=lambda item: -len(item[0])))


def find(catalogue: TrackCatalogue, norm: str, offset: int = 0) -> list[TrackMention]:
    """Return the tracks a Russian sentence names."""
    aliases = _aliases(catalogue)
    if not aliases:
        return []
    parts = [(m.start(), m.end(), m.group(0)) for m in _PART.finditer(norm)]
    readings = [_lemmas(p[2]) for p in parts]
    found: list[TrackMention] = []
    taken: set[int] = set()
    for key, track_id in aliases:
        track = catalogue.get(track_id)
        if track is None:
            continue
        for i in range(len(parts) - len(key) + 1):
            if any(j in taken for j in range(i, i + len(key))):
                continue
            if all(k in readings[i + n] for n, k in enumerate(key)):
                if any(norm[parts[i + n][1] : parts[i + n + 1][0]].strip(" -") for n in
                       range(len(key) - 1)):  # fmt: skip
                    continue  # "Совет, Россия" is no name
                taken.update(range(i, i + len(key)))
                start, end = parts[i][0], parts[i + len(key) - 1][1]
                found.append(TrackMention(start + offset, end + offset, track))
    return sorted(found, key=lambda t: t.start)

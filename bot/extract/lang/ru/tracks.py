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
def _by_first(catalogue: TrackCatalogue) -> dict[str, list[tuple[tuple[str, ...], str]]]:
    """Return the aliases by their first lemma, longest first within each."""
    found: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for key, track_id in _aliases(catalogue):
        found.setdefault(key[0], []).append((key, track_id))
    return found


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
    """Return the tracks a Russian sentence names (the longest alias wins a word)."""
    by_first = _by_first(catalogue)
    if not by_first:
        return []
    parts = [(m.start(), m.end(), m.group(0)) for m in _PART.finditer(norm)]
    readings = [_lemmas(p[2]) for p in parts]
    matches: list[tuple[int, int, str]] = []  # (-length, start index, track id)
    for i, lemmas in enumerate(readings):
        for first in lemmas & by_first.keys():
            for key, track_id in by_first[first]:
                n = len(key)
                if i + n > len(parts) or not all(k in readings[i + j] for j, k in enumerate(key)):
                    continue
                if any(norm[parts[i + j][1] : parts[i + j + 1][0]].strip(" -") for j in
                       range(n - 1)):  # fmt: skip
                    continue  # "Совет, Россия" is no name
                matches.append((-n, i, track_id))
    found: list[TrackMention] = []
    taken: set[int] = set()
    for neg_n, i, track_id in sorted(matches):
        words = range(i, i - neg_n)
        track = catalogue.get(track_id)
        if track is None or any(j in taken for j in words):
            continue
        taken.update(words)
        found.append(TrackMention(parts[i][0] + offset, parts[i - neg_n - 1][1] + offset, track))
    return sorted(found, key=lambda t: t.start)

"""Russian words and their readings, from pymorphy3 and its OpenCorpora dictionary."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

import pymorphy3

# A word: Cyrillic or Latin letters, hyphenated parts kept together ("Нью-Йорке", "Эр-Рияде").
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


@dataclass(frozen=True, slots=True)
class Reading:
    """One way to read a word form: its lemma (ё written е), part of speech and grammemes."""

    lemma: str
    pos: str | None
    grammemes: frozenset[str]
    score: float


@dataclass(frozen=True, slots=True)
class Word:
    """A word of a text, with its offsets and every reading of it, likeliest first."""

    start: int
    end: int
    text: str
    readings: tuple[Reading, ...]

    @property
    def lemma(self) -> str:
        """Return the likeliest lemma."""
        return self.readings[0].lemma if self.readings else self.text.lower()

    @property
    def lemmas(self) -> frozenset[str]:
        """Return every lemma the word may have."""
        return frozenset(r.lemma for r in self.readings)

    def first(self, pos: str) -> Reading | None:
        """Return the likeliest reading as that part of speech."""
        return next((r for r in self.readings if r.pos == pos), None)

    def is_capitalised(self) -> bool:
        """Tell whether the word starts with a capital letter."""
        return self.text[:1].isupper()


@functools.cache
def analyzer() -> pymorphy3.MorphAnalyzer:
    """Return the process-wide analyser (its dictionary loads in about a tenth of a second)."""
    return pymorphy3.MorphAnalyzer(lang="ru")


def fold(text: str) -> str:
    """Return a word in lower case with ё written е."""
    return text.lower().replace("ё", "е")


@functools.lru_cache(maxsize=65536)
def readings(form: str) -> tuple[Reading, ...]:
    """Return the readings of a word form (case and ё do not matter)."""
    found = []
    for parse in analyzer().parse(fold(form)):
        tag = parse.tag
        grammemes = frozenset(str(tag).replace(" ", ",").split(","))
        found.append(Reading(fold(parse.normal_form), tag.POS, grammemes, float(parse.score)))
    return tuple(found)


def words(text: str) -> list[Word]:
    """Return the words of a text with their readings."""
    return list(_words(text))


@functools.lru_cache(maxsize=4096)
def _words(text: str) -> tuple[Word, ...]:
    # Names, places, cues and tracks each read a sentence's words: they are read once.
    return tuple(
        Word(m.start(), m.end(), m.group(0), readings(m.group(0))) for m in _WORD.finditer(text)
    )


@functools.lru_cache(maxsize=256)
def forms(lemma: str, pos: str | None = None) -> tuple[str, ...]:
    """Return every form of a lemma (its lexeme), in lower case: "январь" → "января", …"""
    found: set[str] = set()
    for parse in analyzer().parse(lemma):
        if fold(parse.normal_form) != fold(lemma) or (pos is not None and pos != parse.tag.POS):
            continue
        found.update(fold(f.word) for f in parse.lexeme)
    return tuple(sorted(found, key=len, reverse=True))


def alternation(lemmas: dict[str, int] | tuple[str, ...], pos: str | None = None) -> str:
    """Return a regex alternation of every form of the lemmas (ё and е both), longest first."""
    every = {f for lemma in lemmas for f in forms(lemma, pos)}
    pattern = sorted(every, key=len, reverse=True)
    return "|".join(re.escape(f).replace("е", "[её]") for f in pattern)

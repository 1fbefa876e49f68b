"""Language packs: what the pipeline reads differently in each language it supports.

The pipeline (sentences → date expressions → times → places → tracks → candidates → merge) is
one. What depends on the language (month and weekday words, relative words, tense, status,
kind and reporting cues, clock times and zones, city names and their inflected forms, the
sentence splitter's abbreviations, the page's publication lines and datelines) comes from the
article's pack: a `Language`. A new language is a new pack (and corpus), not edits across the
pipeline's modules.
"""

from __future__ import annotations

import functools
import importlib
import re
from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import Any

from bot.extract.cues import Change, Edge, Keyword, Tense
from bot.extract.dates import DateMention
from bot.extract.places import City, Description, PlaceMention
from bot.extract.text import Sentence
from bot.extract.times import TimeMention
from bot.tracks import TrackCatalogue, TrackMention

__all__ = ["NAMES", "NEVER", "SUPPORTED", "Language", "PageWords", "Phrases", "detect", "pack"]

# The packs negbot has, by ISO 639-1 code, and the module of each.
SUPPORTED: dict[str, str] = {
    "en": "bot.extract.lang.en",
    "ru": "bot.extract.lang.ru",
    "fr": "bot.extract.lang.fr",
    "de": "bot.extract.lang.de",
}
# English names of languages, for messages ("an article in French").
NAMES: dict[str, str] = {
    "en": "English",
    "ru": "Russian",
    "uk": "Ukrainian",
    "be": "Belarusian",
    "bg": "Bulgarian",
    "sr": "Serbian",
    "mk": "Macedonian",
    "kk": "Kazakh",
    "fr": "French",
    "de": "German",
    "es": "Spanish",
    "it": "Italian",
    "pt": "Portuguese",
    "nl": "Dutch",
    "pl": "Polish",
    "cs": "Czech",
    "tr": "Turkish",
    "ar": "Arabic",
    "fa": "Persian",
    "zh": "Chinese",
    "ja": "Japanese",
    "ko": "Korean",
}


@dataclass(frozen=True, slots=True)
class PageWords:
    """How a language writes the furniture of a news page."""

    published: re.Pattern[str]  # "Published: …", "Опубликовано …": group `word` says which
    updated_words: tuple[str, ...]  # lower-case stems of `word` that mean an update
    byline: re.Pattern[str]  # "By Jane Roe | 12 March 2025"
    dateline: re.Pattern[str]  # "VIENNA, March 3 (Reuters) -", "МОСКВА, 10 января. /ТАСС/."


NEVER = re.compile(r"(?!)")  # a phrase a language does not have


@dataclass(frozen=True, slots=True)
class Phrases:
    """The phrases around a date that the pipeline's rules look for, in one language."""

    original_slot: re.Pattern[str]  # "had been scheduled for": the day before a move (search)
    ongoing: re.Pattern[str]  # "under way", "opened": a session running now (search)
    since: re.Pattern[str]  # "since (the)" right before a date
    nominal: re.Pattern[str]  # "the rounds of" right before a date: a name for a day
    continues: re.Pattern[str]  # ", and again on": a clause that goes on with the one before
    follows_on: re.Pattern[str]  # "then", "also", "separately": another meeting of that day
    apart: re.Pattern[str]  # "separately": a meeting set apart from another
    separate: re.Pattern[str]  # "separate calls with": one session per partner after it
    pronoun_start: re.Pattern[str]  # "It", "The talks": a sentence going on about the last one
    resident: re.Pattern[str]  # "the embassy in" right before a place: who, not where
    hosts: re.Pattern[str]  # "hosts" right after a place: it is the venue
    attributive: re.Pattern[str]  # "talks" right after a place: "the Geneva talks"
    list_item: re.Pattern[str]  # what a clause that only lists days and places may hold besides
    bare_year: re.Pattern[str]  # "in 2015": a year named alone (group 1), for the days after it
    # right before a date ahead of the verb that moves it: "auf den" in "auf den 20. Januar
    # verschoben" (languages that put the verb last); NEVER in the others
    new_date_before: re.Pattern[str]
    # "on the sidelines of": what follows names the host of the meeting, not the meeting
    # ("met Xi on the sidelines of the G20 summit" is a meeting beside the summit) (search)
    sidelines: re.Pattern[str] = NEVER
    # "там же", "dort", "là-bas": the place named last, in this sentence or one before (search)
    there: re.Pattern[str] = NEVER


@dataclass(frozen=True, slots=True)
class Language:
    """One language's readers: each takes a quote-folded sentence (or a part of one)."""

    code: str
    name: str
    split_sentences: Callable[[str, Collection[int], int], list[Sentence]]
    find_dates: Callable[[str], list[DateMention]]
    find_times: Callable[[str], list[TimeMention]]
    find_duration: Callable[[str], int | None]
    clause_breaks: Callable[[str], list[int]]
    keywords: Callable[[str], list[Keyword]]
    names: Callable[[str], frozenset[str]]  # surnames of people named in full
    find_places: Callable[[str], list[PlaceMention]]
    lookup_place: Callable[[str], City | None]  # a place name as a dateline writes it
    find_descriptions: Callable[[str], list[Description]]
    find_tracks: Callable[[TrackCatalogue, str], list[TrackMention]]
    tense: Callable[[str], Tense | None]
    tense_at: Callable[[str, int], Tense | None]
    tense_before: Callable[[str, int], Tense | None]
    tense_after: Callable[[str, int], Tense | None]
    scheduled_present: Callable[[str], bool]
    change: Callable[[str], tuple[Change, int] | None]
    names_new_date: Callable[[str, int, int], bool]
    names_new_time: Callable[[str, int], bool]
    edge: Callable[[str, str], Edge | None]  # the words before a date, and after it
    is_deadline: Callable[[str, str, str], bool]
    is_denied: Callable[[str], bool]
    days_long: Callable[[str], int | None]
    page: PageWords
    phrases: Phrases
    # the key every form of a surname shares, as `names` returns it ("Пашиняна" → "пашинян")
    surname_key: Callable[[str], str] = str


@functools.cache
def pack(code: str) -> Language:
    """Return the pack of a supported language (KeyError for any other)."""
    module = importlib.import_module(SUPPORTED[code])
    language: Language = module.LANGUAGE
    return language


_CYRILLIC = re.compile(r"[а-яё]", re.IGNORECASE)
_LATIN = re.compile(r"[a-z]", re.IGNORECASE)
# Letters Russian does not have, and what they tell (counted on letters, not words).
_NOT_RUSSIAN = {"uk": "іїєґ", "be": "ўі", "sr": "јљњћђџ", "mk": "ѓќѕјљњџ", "kk": "әғқңөұүһі"}


def detect(text: str) -> str | None:
    """Return the language an article is written in, or None when it cannot tell.

    Cyrillic text is Russian unless it uses letters Russian lacks (Ukrainian "ї", Serbian
    "ј"). Latin text goes to py3langid, a maintained classifier, asked to choose among the
    Latin-script languages of the news (`NAMES`); its guess is kept when the text has 20
    letters or more and the guess leads the next one clearly (a margin of 10 in log
    probability); else the text is taken for English, which it was before negbot read other
    languages. Measured on the corpus (bench/language.py), this tells 95% of headlines and
    every 60-character opening right, and reads no English text as another language.
    """
    sample = text[:4000]
    cyrillic = len(_CYRILLIC.findall(sample))
    latin = len(_LATIN.findall(sample))
    if cyrillic + latin < _MIN_LETTERS:
        return None
    if cyrillic > latin:
        lower = sample.lower()
        for code, letters in _NOT_RUSSIAN.items():
            if sum(lower.count(ch) for ch in letters) * 200 > cyrillic:
                return code
        return "ru"
    return _latin_language(sample)


_CLEAR_MARGIN = 10.0
_MIN_LETTERS = 20
# The languages of `NAMES` written in the Latin script, which py3langid chooses among.
_LATIN_LANGUAGES = ("en", "fr", "de", "es", "it", "pt", "nl", "pl", "cs", "tr")


@functools.cache
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier  # loads in a tenth of a second

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE)
    identifier.set_languages(list(_LATIN_LANGUAGES))
    return identifier


def _latin_language(sample: str) -> str:
    ranked = _identifier().rank(sample)
    code = str(ranked[0][0])
    if len(ranked) > 1 and ranked[0][1] - ranked[1][1] >= _CLEAR_MARGIN:
        return code
    return "en"

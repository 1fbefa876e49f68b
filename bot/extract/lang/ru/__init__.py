"""Russian: dates, times, cues, places and tracks read with pymorphy3's morphology."""

from __future__ import annotations

import re
from collections.abc import Collection

from bot.extract import text
from bot.extract.dates import DateMention
from bot.extract.lang import NEVER, Language, PageWords, Phrases
from bot.extract.lang.ru import cues, dates, morph, places, times, tracks

_ABBREVIATIONS = frozenset(
    """г гг т е им ул млн млрд тыс руб долл др пр см стр янв фев февр мар апр авг сент
    окт нояб дек гос зам ген пос обл просп г-н г-жа вв н э с ж д""".split()
)
# "Опубликовано 14.02.2022, 10:15", "Обновлено: 15 февраля 2022", "Дата публикации: …".
_PUBLISHED = re.compile(
    r"^\W*(?P<word>опубликовано|опубликован[ао]?|дата\s+публикации|дата|размещено|"
    r"обновлено|обновлен[ао]?|изменено|последнее\s+обновление)\b\s*[:|-]?\s*",
    re.IGNORECASE,
)
_BYLINE = re.compile(r"^\W*(?:автор|текст|подготовил[аи]?)\s*:?\s+[^|·•—–]+[|·•—–]", re.IGNORECASE)
# "МОСКВА, 10 января. /ТАСС/.", "ЖЕНЕВА, 10 января - РИА Новости.", "Вена (Reuters) -".
_DATELINE = re.compile(
    r"^(?P<place>[А-ЯЁA-Z][А-ЯЁA-Zа-яёa-z.'-]*(?:[ -][А-ЯЁA-Z][А-ЯЁA-Zа-яёa-z.'-]*){0,2})"
    r"(?:,\s*(?P<region>[А-ЯЁ][а-яё]+(?:\s[А-ЯЁ][а-яё]+)?)(?=,))?"
    r"(?:,\s*(?P<date>\d{1,2}\s+[а-яё]{3,9}(?:\s+(?:19|20)\d{2}(?:\s*г(?:ода|\.))?)?))?"
    r"\.?\s*(?:(?P<agency>/[^/\n]{2,40}/|\((?:[А-ЯЁA-Z][\w.-]*\s?){1,4}\))\.?\s*(?:-{1,2}\s+)?"
    r"|(?:-{1,2}|:)\s+)"
)


_I = re.IGNORECASE
_PHRASES = Phrases(
    # "должны были пройти", "планировалась на", "была намечена на", "первоначально"
    original_slot=re.compile(
        r"(?<![\w-])(?:должн[аоы]?\s+был[аио]?|планировал(?:ось|ась|ся|ись)|"
        r"намечал(?:ось|ась|ся|ись)|был[аио]?\s+(?:намечен|запланирован|назначен)\w*|"
        r"первоначально|изначально|ранее\s+(?:планировал|намечал)\w*)", _I),
    ongoing=re.compile(
        r"(?<![\w-])(?:продолжа(?:ю|е)тся|продолжаются|идут|ид[её]т|проход(?:ят|ит)|"
        r"открыл(?:ся|ась|ось|ись)|начал(?:ся|ась|ось|ись)|стартовал\w*)(?![\w-])", _I),
    since=NEVER,
    nominal=NEVER,
    continues=re.compile(
        r"[\s,;]*(?:а|и|затем|но)\s+(?:снова\s+|затем\s+|также\s+|потом\s+)?(?:в|во|на)\s",
        _I),
    follows_on=re.compile(
        r"(?<![\w-])(?:отдельно|отдельн\w+|затем|также|после\s+этого|позднее|позже|потом|"
        r"после\s+чего|следом|перед\s+этим|до\s+этого|сначала|первым|утром|днем|днём|вечером|"
        r"ночью|перед\s+обедом|после\s+обеда|одновременно)"
        r"(?![\w-])", _I),
    there=re.compile(r"(?<![\w-])(?:там(?:\s+же)?|здесь|тут|в\s+том\s+же\s+городе)(?![\w-])", _I),
    # "на полях саммита", "в кулуарах Генассамблеи"
    sidelines=re.compile(r"(?<![\w-])(?:на\s+полях|в\s+кулуарах)(?![\w-])", _I),
    apart=re.compile(r"(?<![\w-])(?:отдельно|отдельн\w+)(?![\w-])", _I),
    separate=re.compile(
        r"(?<![\w-])отдельн\w+\s+(?:\w+\s+){0,2}?(?:встреч\w*|переговор\w*|бесед\w*|"
        r"разговор\w*)\s+с\s", _I),
    pronoun_start=re.compile(
        r"^(?:Они|Оно|Это|Эта|Этот|Встреча|Заседание|Переговоры|Саммит|Раунд|Конференция)"
        r"(?![\w-])"),
    resident=re.compile(
        r"(?<![\w-])(?:правительств\w*|власт\w*|режим\w*|посольств\w*|консульств\w*|"
        r"руководств\w*|парламент\w*|суд\w*|жител\w*|корреспондент\w*|посол|посла|бюро)"
        r"\s+(?:в|во)\s+$", _I),
    hosts=re.compile(r"^\s+(?:принимает|примет|принимал\w*|принял\w*)(?![\w-])", _I),
    attributive=NEVER,
    list_item=re.compile(
        r"^[\s\W]*(?:(?:в|во|на|и|а|затем|потом|также|снова|ещё|еще|наконец|с|до|после|перед|"
        r"тогда|же)(?![\w-])[\s\W]*)*$", _I),
    new_date_before=NEVER,
    bare_year=re.compile(
        r"(?<![\w-])(?:в|во)\s+((?:19|20)\d{2})(?:\s*(?:году|года|г\.))?(?![\w-]|,\d|\s*\d)",
        _I),
)  # fmt: skip


def _split(article_text: str, skip_lines: Collection[int], body_start: int) -> list[text.Sentence]:
    return text.split_sentences(article_text, skip_lines, body_start, _ABBREVIATIONS)


_CASE_ENDING = re.compile(r"(?:ым|ом|ем|ой|ей|ою|ую|а|я|у|ю|е|ы|и)$")


def _surname_key(word: str) -> str:
    """Return a key that every case form of a surname shares: "Пашиняна", "Пашиняном" and
    "Пашинян" are "пашинян" (pymorphy3 guesses the lemmas of unknown names unevenly)."""
    folded = morph.fold(word)
    stem = _CASE_ENDING.sub("", folded)
    return stem if len(stem) >= 3 else folded


def _names(norm: str) -> frozenset[str]:
    """Return the surnames of people named in the sentence: "Сергей Лавров", "Рябкова", "глава
    МИД Лавров", and foreign names the dictionary does not know after a first name ("Си
    Цзиньпин", "Шавкатом Мирзиёевым")."""
    found = set()
    words = morph.words(norm)
    for i, word in enumerate(words):
        if not word.is_capitalised() or word.text.isupper():
            continue
        if any("Surn" in r.grammemes for r in word.readings[:2]):
            found.add(_surname_key(word.text))
            continue
        previous = words[i - 1] if i > 0 else None
        after_name = (
            previous is not None
            and previous.is_capitalised()
            and norm[previous.end : word.start] == " "
            and (
                any("Name" in r.grammemes for r in previous.readings[:2])
                or not morph.analyzer().word_is_known(morph.fold(previous.text))
            )
        )
        if (
            after_name
            and not morph.analyzer().word_is_known(morph.fold(word.text))
            and places.lookup(word.text) is None
        ):
            found.add(_surname_key(word.text))
    return frozenset(found)


def _dates(norm: str) -> list[DateMention]:
    return dates.find_dates(norm)


LANGUAGE = Language(
    code="ru",
    name="Russian",
    split_sentences=_split,
    find_dates=_dates,
    find_times=times.find_times,
    find_duration=times.find_duration,
    clause_breaks=cues.clause_breaks,
    keywords=cues.keywords,
    names=_names,
    surname_key=_surname_key,
    find_places=places.find,
    lookup_place=places.lookup,
    find_descriptions=places.find_descriptions,
    find_tracks=tracks.find,
    tense=cues.tense,
    tense_at=cues.tense_at,
    tense_before=cues.tense_before,
    tense_after=cues.tense_after,
    scheduled_present=cues.scheduled_present,
    change=cues.change,
    names_new_date=cues.names_new_date,
    names_new_time=cues.names_new_time,
    edge=cues.edge,
    is_deadline=cues.is_deadline,
    is_denied=cues.is_denied,
    days_long=cues.days_long,
    page=PageWords(
        published=_PUBLISHED,
        updated_words=("обновл", "измен"),
        byline=_BYLINE,
        dateline=_DATELINE,
    ),
    phrases=_PHRASES,
)

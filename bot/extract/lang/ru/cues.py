"""The Russian words around a date that tell what happens on it: its kind, tense and status.

Words are read by their lemmas and grammemes (pymorphy3): "переговоры", "переговоров" and
"переговорах" are one word; a verb's tense is its own (past "прошли", future "пройдут",
"состоится", "будут проводиться"), not guessed from a list of forms.
"""

from __future__ import annotations

import functools
import re

from bot.extract import cues
from bot.extract.cues import (
    CALL,
    DECREE,
    ELECTION,
    MEETING,
    PUBLICATION,
    SIGNING,
    SUMMIT,
    TALKS,
    VIDEO,
    VISIT,
    VOTE,
    Change,
    Edge,
    Keyword,
    Kind,
    Role,
    Tense,
)
from bot.extract.lang.ru import morph
from bot.extract.lang.ru.morph import Word

# Nouns and verbs that name an occurrence of a kind, by lemma.
_KIND_LEMMAS: dict[str, Kind] = {
    **dict.fromkeys(("видеоконференция", "видеосвязь", "видеозвонок", "видеосаммит",
                     "видеоформат", "видеорежим", "онлайн-встреча", "онлайн-саммит"), VIDEO),
    **dict.fromkeys(("созвониться", "позвонить", "телефон", "телефонный", "звонок"), CALL),
    **dict.fromkeys(("саммит",), SUMMIT),
    **dict.fromkeys(("указ",), DECREE),
    **dict.fromkeys(("подписать", "подписание", "подписывать", "парафировать"), SIGNING),
    **dict.fromkeys(("опубликовать", "публикация", "обнародовать"), PUBLICATION),
    **dict.fromkeys(("голосование", "проголосовать", "голосовать"), VOTE),
    **dict.fromkeys(("выборы", "референдум"), ELECTION),
    **dict.fromkeys(("визит", "посетить", "посещение", "турне", "поездка"), VISIT),
    **dict.fromkeys(("переговоры", "консультация", "консультации", "диалог", "раунд",
                     "переговорный", "посредничество", "обсуждение", "переговорщик", "обсудить",
                     "обсуждать"), TALKS),
    **dict.fromkeys(("встреча", "встретиться", "встречаться", "заседание", "совещание", "сессия",
                     "конференция", "форум", "пленарный", "пленарное", "министерский",
                     "собраться", "собираться", "обмен", "обменяться", "беседа", "побеседовать",
                     "переговорить", "совет", "ассамблея", "съезд", "сессия", "contact",
                     "тет-а-тет", "принять", "принимать", "разговор", "контакт"), MEETING),
}  # fmt: skip
# Verbs that say an occurrence happens, of no kind of their own.
_GENERIC = frozenset(
    """состояться проходить пройти провести проводить проводиться начаться начинаться открыться
    открываться стартовать возобновиться возобновить продолжиться продолжить
    запланировать планироваться наметить намечаться назначить назначаться
    организовать завершиться завершаться закончиться""".split()
)
_WORK_VERBS = frozenset("начать начинать продолжить продолжать завершить завершать".split())
# Speech acts: they say when something was said, not when it happens.
_REPORT = frozenset(
    """заявить сообщить сказать рассказать отметить подчеркнуть уточнить добавить пояснить
    написать передать объявить подтвердить указать признать заверить выразить
    проинформировать анонсировать говорить заявлять сообщать сообщаться рассказывать отмечать
    подчёркивать подчеркивать заявление сообщение слово данные""".split()
)
_PRESS = frozenset({"пресс-конференция", "брифинг", "пресс-подход", "пресс-релиз"})
_NEGATING = frozenset({"без", "не", "ни"})


# "обмен заключенными": pymorphy3 reads the noun as the participle of "заключить"
_CAPTIVES = frozenset(
    {"пленный", "военнопленный", "заключённый", "заключенный", "заключить", "узник"}
)
# Whom a host receives: "принял министров", "примет президента", "принимает делегацию".
_GUESTS = frozenset(
    """министр президент премьер премьер-министр делегация глава посол канцлер король
    председатель генсек госсекретарь спецпосланник лидер гость""".split()
)


def _receives_someone(following: Word | None) -> bool:
    if following is None:
        return False
    return following.is_capitalised() or bool(following.lemmas & _GUESTS)


def _kind(word: Word, following: Word | None) -> Kind | None:
    for reading in word.readings[:3]:
        kind = _KIND_LEMMAS.get(reading.lemma)
        if kind is None:
            continue
        if reading.lemma == "разговор" and following is None:
            return CALL if "телефон" in word.text.lower() else MEETING
        if reading.lemma in {"принять", "принимать"} and not _receives_someone(following):
            return None  # "приняли решение" is no meeting; "принял Лаврова", "министров" is
        if reading.lemma == "обмен" and (following is None or not following.lemmas & _CAPTIVES):
            return None  # "обмен мнениями" is talk, "обмен пленными" a meeting
        if reading.lemma == "совет" and not word.is_capitalised():
            return None  # advice, not a council
        return kind
    return None


@functools.lru_cache(maxsize=4096)
def _words(norm: str) -> tuple[Word, ...]:
    return tuple(morph.words(norm))


def keywords(norm: str, offset: int = 0) -> list[Keyword]:
    """Return the event, report and press words of a quote-folded Russian text."""
    found = []
    words = _words(norm)
    for i, word in enumerate(words):
        following = words[i + 1] if i + 1 < len(words) else None
        lemmas = word.lemmas
        start, end = word.start + offset, word.end + offset
        if lemmas & _PRESS:
            found.append(Keyword(start, end, Role.PRESS))
            continue
        kind = _kind(word, following)
        if kind is not None:
            if i > 0 and words[i - 1].lemma in _NEGATING and kind.session:
                continue  # "без подписания", "не встречались" are no occurrence
            if kind is CALL and word.lemma in {"телефон", "телефонный"} and following is not None:
                end = following.end + offset  # "телефонный разговор", "по телефону"
            found.append(Keyword(start, end, Role.KIND, kind))
        elif word.lemma in _GENERIC or lemmas & _GENERIC:
            found.append(Keyword(start, end, Role.GENERIC))
        elif lemmas & _WORK_VERBS and following is not None and following.lemma == "работа":
            # "делегации начали работу", "конференция завершила работу": a session's verb
            found.append(Keyword(start, following.end + offset, Role.GENERIC))
        elif word.lemma in _REPORT:
            found.append(Keyword(start, end, Role.REPORT))
    return found


# Adjectives and adverbs that lean one way, heard only when no verb says the tense.
_FUTURE_HINTS = frozenset(
    """предстоящий будущий следующий ближайший грядущий очередной намеченный
    запланированный предстоять ожидаться""".split()
)
_PAST_HINTS = frozenset(
    """прошлый минувший прошедший предыдущий ранее недавно накануне назад прежний бывший
    последний""".split()
)
# Verbs whose present looks ahead: "планируется провести", "ожидается", "предстоит".
_LOOKING_AHEAD = frozenset(
    """планироваться планировать намереваться собираться предстоять ожидаться рассчитывать
    договориться условиться готовиться должный намерен""".split()
)


# Plans in a short participle: "намечена", "запланированы", "назначена".
_PLANNED = frozenset({"наметить", "запланировать", "назначить", "намечать", "планировать"})


@functools.lru_cache(maxsize=4096)
def _markers(norm: str, hints: bool) -> list[tuple[int, int, Tense]]:
    """Return the tense markers of a text: (start, end, tense)."""
    found: list[tuple[int, int, Tense]] = []
    words = _words(norm)
    for i, word in enumerate(words):
        if hints:
            if word.lemmas & _FUTURE_HINTS:
                found.append((word.start, word.end, Tense.FUTURE))
            elif word.lemmas & _PAST_HINTS:
                found.append((word.start, word.end, Tense.PAST))
            continue
        planned = word.first("PRTS")
        if planned is not None and planned.lemma in _PLANNED and planned is word.readings[0]:
            was = i > 0 and words[i - 1].lemma == "быть"
            if not was:  # "встреча намечена на 8 февраля": a plan standing now
                found.append((word.start, word.end, Tense.FUTURE))
            continue
        verb = word.first("VERB")
        if verb is None or (verb is not word.readings[0] and word.readings[0].score > 0.6):
            if word.lemma in _LOOKING_AHEAD or (
                word.readings[0].pos == "ADJS" and (word.lemma in {"должный", "намеренный"})
            ):
                found.append((word.start, word.end, Tense.FUTURE))
            continue
        if verb.lemma in _REPORT or verb.lemma in {"заявлять", "сообщаться"}:
            continue
        if "futr" in verb.grammemes:
            found.append((word.start, word.end, Tense.FUTURE))
        elif "past" in verb.grammemes:
            if verb.lemma == "быть" and i + 1 < len(words) and words[i + 1].first("INFN"):
                continue
            found.append((word.start, word.end, Tense.PAST))
        elif verb.lemma in _LOOKING_AHEAD:
            found.append((word.start, word.end, Tense.FUTURE))
    return found


def tense_at(norm: str, pos: int, reach: int = 60) -> Tense | None:
    """Return the tense of the verb nearest to `pos` (see cues.tense_at)."""
    return cues.tense_at(norm, pos, reach, markers=_markers)


def tense_before(norm: str, pos: int) -> Tense | None:
    """Return the tense of the verb nearest before `pos`."""
    return cues.tense_before(norm, pos, markers=_markers)


def tense_after(norm: str, pos: int) -> Tense | None:
    """Return the tense of the first verb after `pos`."""
    return cues.tense_after(norm, pos, markers=_markers)


def tense(norm: str) -> Tense | None:
    """Return the tense a clause speaks in, or None when it does not say."""
    return cues.tense(norm, markers=_markers)


_SCHEDULED = frozenset(
    """проходить проводиться начинаться открываться собираться встречаться заседать
    завершаться стартовать""".split()
)


def scheduled_present(norm: str) -> bool:
    """Tell whether a clause tells of an occurrence in the present ("переговоры проходят")."""
    for word in _words(norm):
        verb = word.first("VERB")
        if verb is not None and "pres" in verb.grammemes and verb.lemma in _SCHEDULED:
            return True
    return False


_CANCEL = frozenset({"отменить", "отменять", "отмена", "сорвать", "срываться", "сорваться"})
_POSTPONE = frozenset(
    """отложить откладывать отложенный перенести переносить перенос перенесенный
    отсрочить отсрочка сдвинуть""".split()
)


@functools.lru_cache(maxsize=4096)
def change(norm: str) -> tuple[Change, int] | None:
    """Return the change of plan a clause reports and where its cue ends, if it reports one:
    "переговоры отложены", "встречу перенесли на 8 февраля", "саммит отменили", "встреча не
    состоится"."""
    words = _words(norm)
    for i, word in enumerate(words):
        negated = i > 0 and words[i - 1].lemma == "не"
        lemmas = word.lemmas
        if "состояться" in lemmas and negated:
            verb = word.first("VERB")
            if verb is not None and "futr" in verb.grammemes:
                return Change.CANCELLED, word.end
            continue
        if negated and "представляться" in lemmas and _possible(words, i + 1):
            return Change.CANCELLED, words[i + 1].end  # "более не представляется возможным"
        if negated:
            continue
        # "откладывается", "переносится", "отменяется": the reflexive verb of the same change
        lemmas = lemmas | {lemma[:-2] for lemma in lemmas if lemma.endswith(("ся", "сь"))}
        if lemmas & _CANCEL:
            return Change.CANCELLED, word.end
        if lemmas & _POSTPONE:
            return Change.POSTPONED, word.end
    return None


def _possible(words: tuple[Word, ...], i: int) -> bool:
    return i < len(words) and "возможный" in words[i].lemmas


_NEW_DATE = re.compile(r"(?:^|\s)на\s+(?:\w+\s+){0,2}?$", re.IGNORECASE)
_NEW_TIME = re.compile(r"^\s*(?:\w+\s+){0,3}?на\s+(?:\d{1,2}[:.]\d{2}|\d{1,2}\s+час)", re.I)


def names_new_date(norm: str, cue_end: int, date_start: int) -> bool:
    """Tell whether a date after a postponement cue is the new date ("перенесли на 8 февраля",
    "перенесена с 5 на 8 февраля")."""
    left = norm[cue_end:date_start]
    return len(left) < 80 and bool(_NEW_DATE.search(left))


def names_new_time(norm: str, cue_end: int) -> bool:
    """Tell whether a postponement moves its session to another hour ("перенесли на 19:00")."""
    return _NEW_TIME.match(norm[cue_end:]) is not None


_START = frozenset(
    """начаться начинаться открыться открываться стартовать начать начинать открыть
    возобновиться""".split()
)
_END = frozenset(
    """завершиться завершаться закончиться заканчиваться закрыться закрываться завершить
    завершать закончить прерваться""".split()
)
_UNTIL = frozenset({"продлиться", "продолжиться", "продолжаться", "длиться", "продлить"})


def edge(left: str, right: str = "") -> Edge | None:
    """Tell whether the words around a date make it a session's first or last day: "начнутся в
    Женеве 10 января", "завершится 12 января", "продлятся до пятницы", and, as Russian also
    puts the verb after its date, "в понедельник начались переговоры". The words before win;
    a conjunction ends what belongs to the date on either side ("начались в понедельник и
    завершились в среду")."""
    words = _words(left[-90:])[-8:]
    if len(words) > 1 and words[-1].lemma == "до" and any(w.lemmas & _UNTIL for w in words[:-1]):
        return Edge.UNTIL
    for word in reversed(words):
        if word.lemma in _CONJUNCTIONS:
            break
        if word.lemmas & _START:
            return Edge.START
        if word.lemmas & _END:
            return Edge.END
    for word in _words(right[:60])[:4]:
        if word.lemma in _CONJUNCTIONS:
            break
        if word.lemmas & _START:
            return Edge.START
        if word.lemmas & _END:
            return Edge.END
    return None


_CONJUNCTIONS = frozenset({"и", "а", "но", "однако"})


_BOUND_BEFORE = re.compile(
    r"(?<![\w-])(?:до|к|не\s+позднее|не\s+позже|после|начиная\s+с|по\s+состоянию\s+на|"
    r"срок\w*|дедлайн\w*|ультиматум\w*|годовщин\w+|родил\w*|скончал\w*|умер\w*|истека\w+|"
    r"истеч\w+|накануне|в\s+преддверии|перед)\s*$",
    re.IGNORECASE,
)
_BOUND_IN_CLAUSE = re.compile(
    r"(?<![\w-])(?:срок\w*|дедлайн\w*|ультиматум\w*|годовщин\w+|праздник\w*)(?![\w-])",
    re.IGNORECASE,
)


def is_deadline(left: str, clause: str, right: str = "") -> bool:
    """Tell whether a date is a deadline or a bound rather than the day of an occurrence
    ("до 31 января", "не позднее 1 марта", "истекает 5 февраля")."""
    bound = _BOUND_BEFORE.search(left)
    if bound is not None:
        return edge(left, right) is None
    if edge(left, right) is not None:
        return False
    return bool(_BOUND_IN_CLAUSE.search(left[-60:]))


_DENIED = re.compile(
    r"(?<![\w-])(?:не\s+планиру\w+|не\s+планировал\w*|нет\s+(?:таких\s+)?планов|"
    r"не\s+намерен\w*|не\s+собира\w+|не\s+будет|исключил\w*|опроверг\w*|"
    r"не\s+предусмотрен\w*|не\s+ожидается)(?![\w-])",
    re.IGNORECASE,
)


def is_denied(left: str) -> bool:
    """Tell whether the words before a date deny the plan ("встреча не планируется")."""
    return bool(_DENIED.search(left))


_DAYS_PREFIX = {"двух": 2, "трех": 3, "трёх": 3, "четырех": 4, "четырёх": 4, "пяти": 5,
                "шести": 6, "семи": 7, "десяти": 10}  # fmt: skip
_DAYS_LONG = re.compile(
    r"(?<![\w-])(?P<n>" + "|".join(_DAYS_PREFIX) + r"|\d{1,2})-?дневн\w+", re.IGNORECASE
)


def days_long(clause: str) -> int | None:
    """Return how many days a session lasts when the clause says so ("двухдневные переговоры",
    "трехдневный визит")."""
    m = _DAYS_LONG.search(clause)
    if m is None:
        return None
    word = m.group("n").lower()
    days = int(word) if word.isdigit() else _DAYS_PREFIX[word]
    return days if 2 <= days <= 14 else None


_CLAUSE_BREAK = re.compile(
    r";|:\s|\s-\s|,\s*(?:а|но|однако|и|тогда\s+как|после\s+чего|затем|а\s+затем|"
    r"в\s+то\s+время\s+как|при\s+этом|хотя)\s|\s(?:а\s+затем|после\s+чего)\s",
    re.IGNORECASE,
)


def clause_breaks(norm: str) -> list[int]:
    """Return the offsets where one clause of a sentence ends and the next begins."""
    return [m.start() for m in _CLAUSE_BREAK.finditer(norm)]

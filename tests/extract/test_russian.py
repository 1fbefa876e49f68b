"""Reading Russian: case forms of months, weekdays and cities, tense from the verb, status from
its lemma, and the same contract as in English (English locations, track ids)."""

from __future__ import annotations

import datetime as dtm
import json
from pathlib import Path

import pytest

from bot.cli import main
from bot.extract import extract_text
from bot.extract.dates import DateKind
from bot.extract.lang import detect, pack
from bot.extract.lang.ru import places
from bot.models import ExtractedStatus

RU = pack("ru")


def _days(sentence: str) -> list[tuple[int | None, int | None, int | None, int | None]]:
    found = []
    for d in RU.find_dates(sentence):
        assert d.first is not None, d
        assert d.last is not None, d
        found.append((d.first.month, d.first.day, d.last.month, d.last.day))
    return found


@pytest.mark.parametrize(
    ("sentence", "days"),
    [
        ("Переговоры пройдут 25 января.", [(1, 25, 1, 25)]),
        ("Встреча назначена на понедельник, 25 января.", [(1, 25, 1, 25)]),
        ("Конференция пройдёт 20-21 февраля.", [(2, 20, 2, 21)]),
        ("Сессия продлится с 14 по 16 февраля.", [(2, 14, 2, 16)]),
        ("Форум работал 29 ноября - 6 декабря 2021 года.", [(11, 29, 12, 6)]),
        ("Делегации прибудут в Женеву 9 и 10 января.", [(1, 9, 1, 10)]),
    ],
)
def test_days_are_read_in_their_case_forms(
    sentence: str, days: list[tuple[int, int, int, int]]
) -> None:
    assert _days(sentence) == days


def test_weekdays_week_phrases_and_relative_words() -> None:
    (next_thursday,) = RU.find_dates("Стороны встретятся на следующей неделе, в четверг.")
    assert next_thursday.kind is DateKind.WEEKDAY
    assert next_thursday.first is not None
    assert next_thursday.first.weekday == 3
    assert next_thursday.week_shift == 1
    (tuesday,) = RU.find_dates("Переговоры возобновятся в следующий вторник.")
    assert tuesday.direction == 1
    (tomorrow,) = RU.find_dates("Завтра министры проведут консультации.")
    assert tomorrow.kind is DateKind.DEICTIC
    assert tomorrow.offset_days == 1
    (month,) = RU.find_dates("Саммит может пройти в июле.")
    assert month.kind is DateKind.VAGUE  # a month is no day
    assert RU.find_dates("Среда обитания меняется.") == []  # a noun, not Wednesday


@pytest.mark.parametrize(
    ("lang", "sentence", "shift"),
    [
        ("ru", "Он высоко оценил сегодняшнюю встречу с Карасиным.", 0),
        ("ru", "На вчерашних переговорах стороны не договорились.", -1),
        ("ru", "Завтрашний саммит откроет Путин.", 1),
        ("ru", "Послезавтрашнее заседание отменено.", 2),
        ("de", "Das heutige Treffen der Minister beginnt um zehn.", 0),
        ("de", "Beim gestrigen Gipfel gab es keine Einigung.", -1),
        ("de", "Die morgige Sitzung ist abgesagt.", 1),
    ],
)
def test_today_s_and_yesterday_s_as_adjectives_name_a_day(
    lang: str, sentence: str, shift: int
) -> None:
    (mention,) = pack(lang).find_dates(sentence)
    assert mention.kind is DateKind.DEICTIC
    assert mention.offset_days == shift


def test_inflected_cities_map_to_the_gazetteer_s_english_names() -> None:
    found = RU.find_places("Переговоры прошли в Эр-Рияде, а затем в Женеве и Нью-Йорке.")
    assert [(p.city.name, p.locative) for p in found] == [
        ("Riyadh", True),
        ("Geneva", True),
        ("New York", False),
    ]
    assert RU.find_places("Визит в Армению отложен.") == []  # a country, not a Colombian town
    assert places.lookup("МОСКВА") is not None
    # a town the dictionary reads as another word ("Претории" as a case of "преторий")
    (pretoria,) = RU.find_places("Встреча начнется во вторник в Претории.")
    assert pretoria.city.name == "Pretoria"
    assert RU.find_places("Лавров встретился с Блинкеном и Ивановой.") == []


def test_a_venue_that_is_no_city_is_its_nearest_city_in_any_case_form() -> None:
    found = RU.find_places("Лидеры встретились в Панмунджоме, затем в Ново-Огарёве.")
    assert [(p.words, p.city.name, p.locative) for p in found] == [
        ("Панмунджоме", "Munsan", True),
        ("Ново-Огарёве", "Moscow", True),
    ]
    (brest,) = RU.find_places("Делегация прилетела в Беловежскую пущу.")
    assert (brest.city.name, brest.locative) == ("Brest", True)


def test_a_city_after_its_kind_and_adjectives_is_still_where_it_happens() -> None:
    found = RU.find_places(
        "Президенты прибывают в казахстанский Актау, а делегации уже в египетском курортном "
        "городе Шарм-эш-Шейхе."
    )
    assert [(p.city.name, p.locative) for p in found] == [
        ("Aktau", True),
        ("Sharm el-Sheikh", True),
    ]


def test_tense_and_status_come_from_the_verb() -> None:
    assert RU.tense("Переговоры пройдут в Женеве") == "future"
    assert RU.tense("Переговоры прошли в Женеве") == "past"
    assert RU.tense("Встреча намечена на 8 февраля") == "future"
    assert RU.change("Встречу перенесли на 8 февраля") is not None
    assert RU.change("Саммит не состоится")[0] == "cancelled"  # type: ignore[index]
    assert RU.change("Встреча состоится, её не отложат") is None
    impossible = RU.change("Проведение сессии в Женеве «более не представляется возможным»")
    assert impossible is not None
    assert impossible[0] == "cancelled"
    assert RU.change("Проведение сессии представляется возможным") is None


ARTICLE = """Переговоры России и США отложены

МОСКВА, 3 февраля. /Вестник/. Консультации делегаций России и США, которые должны были пройти
в Стамбуле 5 февраля, перенесли на 10 февраля, сообщили в МИД в четверг.
Совет Россия — НАТО соберётся в Брюсселе в среду, 9 февраля, в 10:00 по местному времени.
"""


def test_a_russian_article_gives_english_places_track_ids_and_statuses() -> None:
    events = extract_text(ARTICLE, dtm.date(2022, 2, 3), source="ru.txt")
    by_day = {e.start_date: e for e in events}
    council = by_day[dtm.date(2022, 2, 9)]
    assert council.location == "Brussels"
    assert council.track == "nato-russia-council"
    assert council.status is ExtractedStatus.UPCOMING
    assert council.start_at is not None
    assert council.start_at.isoformat() == "2022-02-09T10:00:00+01:00"
    moved = by_day[dtm.date(2022, 2, 10)]
    assert moved.location == "Istanbul"
    assert dtm.date(2022, 2, 3) not in by_day  # the day the ministry spoke is no session


def test_the_language_is_told_from_the_text() -> None:
    assert detect(ARTICLE) == "ru"
    assert (
        detect("Переговори між Україною та Росією відбудуться у Стамбулі, повідомили в МЗС.")
        == "uk"
    )
    assert (
        detect(
            "Les pourparlers entre la Russie et les États-Unis reprendront lundi à Genève, a "
            "annoncé le ministère des Affaires étrangères dans un communiqué."
        )
        == "fr"
    )
    assert detect("Talks between Russia and the United States resume in Geneva on Monday.") == "en"


def test_extract_reads_a_russian_file_and_refuses_a_language_it_cannot_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    russian = tmp_path / "ru.txt"
    russian.write_text(ARTICLE, encoding="utf-8")
    russian.with_suffix(".toml").write_text("published = 2022-02-03\n", encoding="utf-8")
    assert main(["extract", "--json", str(russian)]) == 0
    items = json.loads(capsys.readouterr().out)
    assert {(i["location"], i["track"]) for i in items} >= {("Brussels", "nato-russia-council")}

    italian = tmp_path / "it.txt"
    italian.write_text(
        "Il Consiglio NATO-Russia si riunirà mercoledì a Bruxelles, ha annunciato l'Alleanza in "
        "un comunicato pubblicato lunedì sera dal suo ufficio stampa.\n",
        encoding="utf-8",
    )
    italian.with_suffix(".toml").write_text("published = 2022-02-03\n", encoding="utf-8")
    assert main(["extract", "--json", str(italian)]) == 1
    captured = capsys.readouterr()
    err = [line for line in captured.err.splitlines() if line.strip()]
    assert len(err) == 1, err
    assert "Italian" in err[0], err
    assert "it.txt" in err[0], err
    assert json.loads(captured.out) == []


def test_a_listing_heading_goes_on_with_its_place_and_a_lower_case_word_is_no_label() -> None:
    text = (
        "Главные события недели\n\n"
        "ВТОРНИК–СРЕДА, 3–4 декабря. Лондон. Лидеры стран НАТО соберутся на встречу по случаю "
        "70-летия альянса.\n\n"
        "Чуть позже, 12–13 декабря, в Брюсселе пройдет саммит Европейского союза.\n"
    )
    found = extract_text(text, dtm.date(2019, 12, 2), source="ru.txt")
    spans = {(e.start_date, e.end_date, e.location) for e in found}
    assert (dtm.date(2019, 12, 3), dtm.date(2019, 12, 4), "London") in spans, spans
    assert (dtm.date(2019, 12, 12), dtm.date(2019, 12, 13), "Brussels") in spans, spans


def test_a_session_said_to_have_taken_place_is_not_the_one_put_off() -> None:
    text = (
        "Второй раунд прошел здесь 3 марта, хотя сначала стороны ждали встречи вечером "
        "2 марта: в тот день переговоры отложили.\n"
    )
    found = extract_text(text, dtm.date(2022, 3, 7), source="ru.txt")
    held = [e for e in found if e.start_date == dtm.date(2022, 3, 3)]
    assert len(held) == 1, found
    assert held[0].status is ExtractedStatus.PAST


def test_the_speaker_who_confirms_a_session_is_no_participant() -> None:
    text = (
        "Президент Турции Реджеп Тайип Эрдоган на следующей неделе, в понедельник, проведет "
        "переговоры с Владимиром Путиным в Сочи.\n\n"
        "Пресс-секретарь Кремля Дмитрий Песков подтвердил и дату, и место: «Переговоры пройдут "
        "в понедельник в Сочи».\n"
    )
    found = extract_text(text, dtm.date(2023, 9, 1), source="ru.txt")
    assert [(e.start_date, e.location) for e in found] == [(dtm.date(2023, 9, 4), "Sochi")]


@pytest.mark.parametrize(
    ("sentence", "change"),
    [
        ("Очередной раунд переговоров откладывается.", "postponed"),
        ("Встреча министров переносится на 5 мая.", "postponed"),
        ("Саммит в Женеве отменяется.", "cancelled"),
    ],
)
def test_a_reflexive_verb_reports_the_same_change(sentence: str, change: str) -> None:
    found = RU.change(sentence)
    assert found is not None
    assert found[0] == change


@pytest.mark.parametrize(
    ("sentence", "cities"),
    [
        ("Первая встреча состоялась 12 июня 2018 года в Сингапуре.", ["Singapore"]),
        ("Министры ЕС соберутся в Люксембурге.", ["Luxembourg"]),
        ("Встреча прошла 10 июля в Абу-Даби, без посредников.", ["Abu Dhabi"]),
        ("Делегации побывали в Китае и в Японии.", []),  # countries, not their towns
        ("Сочи принимает первый саммит Россия – Африка.", ["Sochi"]),  # a first word hosting
        ("Вчера Рябков и Шерман провели рабочий ужин.", []),  # a surname, not Sherman, Texas
    ],
)
def test_a_city_state_is_its_capital_and_a_country_no_town(
    sentence: str, cities: list[str]
) -> None:
    assert [p.city.name for p in RU.find_places(sentence) if p.city] == cities


def test_a_verb_after_its_day_opens_the_session_too() -> None:
    text = (
        "В понедельник в Женеве начались переговоры России и США. Они завершились в среду "
        "без итогового документа."
    )
    (event,) = extract_text(text, dtm.date(2022, 1, 14), language="ru")
    assert (event.start_date, event.end_date) == (dtm.date(2022, 1, 10), dtm.date(2022, 1, 12))
    # each side of "и" belongs to its own day
    (edge,) = extract_text(
        "Переговоры начались в понедельник и завершились в среду.",
        dtm.date(2022, 1, 14),
        language="ru",
    )
    assert (edge.start_date, edge.end_date) == (dtm.date(2022, 1, 10), dtm.date(2022, 1, 12))


def test_a_speaker_quoted_on_what_was_to_come_does_not_outvote_the_report() -> None:
    text = (
        "Делегации армии и СБР в четверг возобновили переговоры в Джидде.\n\n"
        "Еще в воскресенье генерал заявил, что «делегация поедет в Джидду и начнет переговоры "
        "в четверг»."
    )
    (event,) = extract_text(text, dtm.date(2023, 10, 26), language="ru")
    assert event.start_date == dtm.date(2023, 10, 26)
    assert event.status is ExtractedStatus.PAST


def test_a_description_and_there_point_back_to_the_venue_not_the_mediator() -> None:
    text = (
        "Армия Судана и СБР вернулись за стол переговоров в Джидде\n\n"
        "ЭР-РИЯД, 26 октября. Делегации в четверг возобновили переговоры в Джидде, сообщило "
        "министерство. Посредниками, как и весной, выступают Эр-Рияд и Вашингтон.\n\n"
        "Первый раунд переговоров в саудовском портовом городе открылся 6 мая. Уже 11 мая "
        "стороны подписали там декларацию о защите мирного населения.\n"
    )
    found = extract_text(text, dtm.date(2023, 10, 26), source="ru.txt")
    places = {e.start_date: e.location for e in found}
    assert places[dtm.date(2023, 5, 6)] == "Jeddah", places
    assert places[dtm.date(2023, 5, 11)] == "Jeddah", places


def test_each_item_of_a_list_after_a_colon_is_a_session_in_its_own_place() -> None:
    text = (
        "Делегации в апреле провели три раунда: 12 апреля в Маскате, 19 апреля в Риме и "
        "26 апреля снова в оманской столице. Для обоих это одна из последних встреч в "
        "должности: 7 мая Путина на посту президента сменит Дмитрий Медведев.\n"
    )  # the second colon opens a sentence of its own, not a list
    found = extract_text(text, dtm.date(2025, 5, 1), source="ru.txt")
    assert sorted((e.start_date.day, e.location) for e in found) == [
        (12, "Muscat"),
        (19, "Rome"),
        (26, "Muscat"),
    ], found


def test_a_town_alone_on_its_line_under_a_listing_s_date_is_the_entry_s_venue() -> None:
    text = (
        "Главные события недели\n\n"
        "ЧЕТВЕРГ–ПЯТНИЦА, 5–6 декабря. Братислава. Заседание Совета министров иностранных дел "
        "ОБСЕ под председательством главы МИД Словакии.\n"
    )
    (found,) = extract_text(text, dtm.date(2019, 12, 2), source="ru.txt")
    assert (found.start_date.day, found.end_date.day, found.location) == (5, 6, "Bratislava")


def test_a_town_after_a_pointing_word_is_a_venue_and_a_building_s_adjective_no_town() -> None:
    (sochi,) = RU.find_places("Год назад лидеры беседовали в том же Сочи.")
    assert (sochi.city.name, sochi.locative) == ("Sochi", True)
    assert RU.find_places("Пленарные заседания идут в Новом дворце конгрессов.") == []
    (grozny,) = RU.find_places("Переговоры в Грозном завершились.")
    assert grozny.city.name == "Grozny"


def test_a_day_s_programme_in_the_next_paragraph_gives_each_pair_its_own_meeting() -> None:
    text = (
        "Президенты Польши и Чехии встретятся в Праге в среду, 14 мая.\n\n"
        "Сначала лидеры побеседуют один на один. Перед обедом там же встретятся министры "
        "иностранных дел Радослав Сикорский и Ян Липавский.\n"
    )
    found = extract_text(text, dtm.date(2025, 5, 12), source="ru.txt")
    assert sorted((e.start_date.isoformat(), e.location) for e in found) == [
        ("2025-05-14", "Prague"),
        ("2025-05-14", "Prague"),
    ], found


def test_a_round_the_article_recalls_after_the_news_lends_it_no_place() -> None:
    text = (
        "Саммит в Гамбурге: хроника\n\n"
        "Завтра, 8 июля, на полях саммита Путин и Меркель обсудят Украину за рабочим "
        "завтраком. Напомним, что 4-5 июля в Астане прошел раунд переговоров по Сирии.\n"
    )
    found = extract_text(text, dtm.date(2017, 7, 7), source="ru.txt")
    assert sorted((e.start_date.isoformat(), e.location) for e in found) == [
        ("2017-07-04", "Astana"),
        ("2017-07-08", "Hamburg"),
    ], found


def test_a_desk_s_dateline_gives_way_to_the_venue_its_headline_names() -> None:
    text = (
        "Военная комиссия подготовила в Женеве проект перемирия\n\n"
        "МОСКВА, 24 февраля — «Обзор-Инфо». Второй раунд консультаций, начавшийся 18 февраля, "
        "завершился в воскресенье.\n"
    )
    found = extract_text(text, dtm.date(2020, 2, 24), source="ru.txt")
    assert [(e.start_date.isoformat(), e.location) for e in found] == [("2020-02-18", "Geneva")], (
        found
    )


def test_a_headline_naming_the_dateline_s_city_short_keeps_the_dateline() -> None:
    text = (
        "Indus commissioners wrap up talks in Delhi\n\n"
        "NEW DELHI: The Indus commissioners of India and Pakistan concluded their two-day "
        "meeting on Tuesday.\n"
    )
    found = extract_text(text, dtm.date(2022, 5, 31), source="en.txt", language="en")
    assert {e.location for e in found} == {"New Delhi"}, found


def test_a_surname_named_once_in_full_is_known_in_its_other_case_forms() -> None:
    text = (
        "Алиев и Пашинян подписали декларацию в Белом доме\n\n"
        "Президент Азербайджана Ильхам Алиев и премьер-министр Армении Никол Пашинян в пятницу "
        "подписали в Белом доме совместную декларацию.\n\n"
        "Программа дня началась с двусторонних встреч. Первым Трамп принял Пашиняна. Затем "
        "президент США провел встречу с Алиевым.\n\n"
        "Армянское правительство еще раньше сообщало о визите Пашиняна в Вашингтон 7-8 августа.\n"
    )
    found = extract_text(text, dtm.date(2025, 8, 8), source="ru.txt")
    one_day = [e for e in found if e.start_date == e.end_date == dtm.date(2025, 8, 8)]
    assert any("Пашинян" in e.title for e in one_day), found  # not the visit of 7-8 August


def test_delegations_that_began_their_work_at_a_time_give_the_session_its_time() -> None:
    text = (
        "Переговоры в Женеве продлились почти восемь часов\n\n"
        "Российско-американские переговоры по гарантиям безопасности прошли в понедельник в "
        "Женеве.\n\n"
        "Делегации начали работу в 08:55 по местному времени и разошлись ближе к вечеру. "
        "Встреча шла в закрытом для прессы формате.\n"
    )
    (talks,) = extract_text(text, dtm.date(2022, 1, 10), source="ru.txt")
    assert talks.start_at is not None
    assert talks.start_at.isoformat() == "2022-01-10T08:55:00+01:00"

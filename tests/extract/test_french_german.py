"""Reading French and German: Babel's month and weekday names, German ordinals ("10. Januar")
that end no sentence, simplemma's lemmas for event words and compounds, tense from the verbs'
forms, and the same contract as in English (English locations, track ids, statuses)."""

from __future__ import annotations

import datetime as dtm

import pytest

from bot.extract import extract, extract_text
from bot.extract.dates import DateKind
from bot.extract.lang import detect, pack
from bot.models import Article, ExtractedStatus

FR = pack("fr")
DE = pack("de")


def _days(lang: str, sentence: str) -> list[tuple[int | None, int | None, int | None, int | None]]:
    found = []
    for d in pack(lang).find_dates(sentence):
        assert d.first is not None, d
        assert d.last is not None, d
        found.append((d.first.month, d.first.day, d.last.month, d.last.day))
    return found


@pytest.mark.parametrize(
    ("lang", "sentence", "days"),
    [
        ("fr", "Les pourparlers reprendront lundi 10 janvier.", [(1, 10, 1, 10)]),
        ("fr", "Le sommet se tiendra du 3 au 5 mars à Paris.", [(3, 3, 3, 5)]),
        ("fr", "La conférence aura lieu du 29 novembre au 6 décembre.", [(11, 29, 12, 6)]),
        ("fr", "Les délégués se retrouveront les 12 et 13 février.", [(2, 12, 2, 13)]),
        ("fr", "Le 1er mars, les ministres se sont réunis.", [(3, 1, 3, 1)]),
        ("de", "Die Gespräche beginnen am Montag, 10. Januar 2022.", [(1, 10, 1, 10)]),
        ("de", "Der Gipfel findet vom 3. bis 5. März statt.", [(3, 3, 3, 5)]),
        ("de", "Die Minister treffen sich am 12. und 13. Februar.", [(2, 12, 2, 13)]),
        ("de", "Die Konferenz dauert vom 29. November bis 6. Dezember.", [(11, 29, 12, 6)]),
    ],
)
def test_days_and_ranges(lang: str, sentence: str, days: list[tuple[int, int, int, int]]) -> None:
    assert _days(lang, sentence) == days


def test_weekdays_relative_words_and_vague_periods() -> None:
    (thursday,) = FR.find_dates("Les ministres se verront jeudi prochain.")
    assert thursday.kind is DateKind.WEEKDAY
    assert thursday.direction == 1
    (tuesday,) = FR.find_dates("La semaine prochaine, mardi, les experts se réuniront.")
    assert tuesday.kind is DateKind.WEEKDAY
    assert tuesday.week_shift == 1
    (day_after,) = FR.find_dates("Le lendemain, ils ont signé.")
    assert day_after.kind is DateKind.ANCHORED
    assert day_after.offset_days == 1
    (month,) = FR.find_dates("Un sommet pourrait avoir lieu en juillet.")
    assert month.kind is DateKind.VAGUE
    (wednesday,) = DE.find_dates("Die Delegationen treffen sich am kommenden Mittwoch.")
    assert wednesday.direction == 1
    (yesterday,) = DE.find_dates("Der Rat tagte gestern Abend.")
    assert yesterday.kind is DateKind.DEICTIC
    assert yesterday.offset_days == -1
    (morning,) = DE.find_dates("Am Montagmorgen begannen die Gespräche.")
    assert morning.kind is DateKind.WEEKDAY
    assert morning.first is not None
    assert morning.first.weekday == 0
    assert DE.find_dates("Am Morgen sprachen die Minister.") == []  # the morning, not tomorrow


def test_german_ordinals_end_no_sentence() -> None:
    text = "Die Gespräche beginnen am 10. Januar in Genf. Der Rat tagt am 12. Januar."
    sentences = [s.text for s in DE.split_sentences(text, (), 0)]
    assert sentences == [
        "Die Gespräche beginnen am 10. Januar in Genf.",
        "Der Rat tagt am 12. Januar.",
    ]


def test_times_zones_and_places() -> None:
    (ten,) = FR.find_times("La réunion débutera à 10 h (9 h GMT) au Palais des Nations.")
    assert (ten.hour, ten.minute) == (10, 0)
    (half,) = FR.find_times("Le Conseil se réunira à 14h30 heure locale.")
    assert (half.hour, half.minute) == (14, 30)
    assert half.zone is not None
    assert half.zone.local
    (uhr,) = DE.find_times("Die Sitzung beginnt um 10.30 Uhr (MEZ).")
    assert (uhr.hour, uhr.minute) == (10, 30)
    assert uhr.zone is not None
    assert uhr.zone.offset_minutes == 60
    assert FR.find_times("Les discussions ont duré 3 heures.") == []  # a length, not a time
    assert [p.city.name for p in FR.find_places("Les délégations sont arrivées à Genève.")] == [
        "Geneva"
    ]
    assert [p.city.name for p in DE.find_places("Das Treffen findet in Wien statt.")] == ["Vienna"]
    (swiss,) = DE.find_descriptions("Die Delegationen trafen sich in der Schweizer Stadt.")
    assert swiss.country == "CH"
    assert not swiss.capital
    (austrian,) = FR.find_descriptions("Ils se retrouveront dans la capitale autrichienne.")
    assert austrian.country == "AT"
    assert austrian.capital


def test_a_venue_that_is_no_city_is_its_nearest_city() -> None:
    (lucerne,) = DE.find_places("Der Gipfel findet auf dem Bürgenstock statt.")
    assert (lucerne.words, lucerne.city.name) == ("Bürgenstock", "Luzern")
    (calgary,) = FR.find_places("Les dirigeants du G7 se retrouvent à Kananaskis.")
    assert (calgary.words, calgary.city.name, calgary.locative) == ("Kananaskis", "Calgary", True)
    # The building's word is no preposition: the venue is still where it happens.
    (fort,) = FR.find_places("Macron avait reçu Poutine au fort de Brégançon le 19 août.")
    assert (fort.words, fort.city.name, fort.locative) == ("Brégançon", "Hyères", True)
    (palace,) = DE.find_places("Die Delegationen treffen sich im Dolmabahçe-Palast.")
    assert (palace.words, palace.city.name) == ("Dolmabahçe", "Istanbul")
    (guesthouse,) = DE.find_places("Sie wurde im Staatsgästehaus Diaoyutai angenommen.")
    assert (guesthouse.city.name, guesthouse.locative) == ("Beijing", True)


def test_tense_and_changes_of_plan() -> None:
    assert FR.tense("Les pourparlers se tiendront à Genève") == "future"
    assert FR.tense("Les pourparlers se sont tenus à Genève") == "past"
    assert FR.change("La réunion a été reportée sine die")[0] == "postponed"  # type: ignore[index]
    assert FR.change("Le sommet a été annulé")[0] == "cancelled"  # type: ignore[index]
    assert FR.change("Le sommet aura lieu comme prévu") is None
    assert DE.tense("Die Gespräche werden in Genf stattfinden") == "future"
    assert DE.tense("Die Gespräche fanden in Genf statt") == "past"
    assert DE.change("Das Treffen wurde verschoben")[0] == "postponed"  # type: ignore[index]
    assert DE.change("Der Gipfel wurde abgesagt")[0] == "cancelled"  # type: ignore[index]


FRENCH = """Le Conseil OTAN-Russie se réunira mercredi à Bruxelles

GENÈVE, 10 janvier (Agence Alpine) - Les pourparlers russo-américains sur les garanties de \
sécurité se sont ouverts lundi à Genève, à 9 h (8 h GMT).

Le Conseil OTAN-Russie se réunira mercredi 12 janvier au siège de l'OTAN, puis le Conseil \
permanent de l'OSCE se tiendra jeudi à Vienne, a indiqué vendredi un diplomate.
"""

GERMAN = """Nato-Russland-Rat tagt am Mittwoch in Brüssel

Genf (Agentur Alpen) - Die russisch-amerikanischen Gespräche über Sicherheitsgarantien haben \
am Montag in Genf begonnen. Sie dauerten rund acht Stunden.

Am Mittwoch, dem 12. Januar, kommt der NATO-Russland-Rat im NATO-Hauptquartier zusammen. \
Die OSZE berät am Donnerstag in Wien.
"""


@pytest.mark.parametrize(("text", "code"), [(FRENCH, "fr"), (GERMAN, "de")])
def test_an_article_gives_english_places_track_ids_and_statuses(text: str, code: str) -> None:
    assert detect(text) == code
    events = extract_text(text, dtm.date(2022, 1, 10), source=f"{code}.txt")
    by_day = {e.start_date: e for e in events}
    talks = by_day[dtm.date(2022, 1, 10)]
    assert (talks.location, talks.track) == ("Geneva", "us-russia-security")
    assert talks.status is ExtractedStatus.PAST
    council = by_day[dtm.date(2022, 1, 12)]
    assert (council.location, council.track) == ("Brussels", "nato-russia-council")
    assert council.status is ExtractedStatus.UPCOMING
    osce = by_day[dtm.date(2022, 1, 13)]
    assert (osce.location, osce.track) == ("Vienna", "osce")
    assert dtm.date(2022, 1, 14) not in by_day  # the day a diplomat spoke is no session


@pytest.mark.parametrize(
    ("text", "code", "written"), [(FRENCH, "fr", "Genève"), (GERMAN, "de", "Genf")]
)
def test_the_place_keeps_the_form_the_text_writes(text: str, code: str, written: str) -> None:
    events = extract_text(text, dtm.date(2022, 1, 10), source=f"{code}.txt")
    talks = next(e for e in events if e.start_date == dtm.date(2022, 1, 10))
    assert talks.location == "Geneva"
    assert talks.location_text == written


RUSSIAN = """Совет Россия — НАТО соберётся в среду

БРЮССЕЛЬ, 10 января. /Вестник/. Совет Россия — НАТО соберётся в Брюсселе в среду, 12 января, \
в штаб-квартире альянса.
"""
ENGLISH = """NATO-Russia Council to meet on Wednesday

BRUSSELS, Jan 10 (Wire) - The NATO-Russia Council will meet in Brussels on Wednesday, \
January 12, at the alliance's headquarters, officials said on Monday.
"""


def test_articles_in_different_languages_merge_into_one_session() -> None:
    articles = [
        Article(id=Article.id_for(t), file=name, text=t, published=dtm.date(2022, 1, 10))
        for name, t in (("ru.txt", RUSSIAN), ("en.txt", ENGLISH), ("fr.txt", FRENCH))
    ]
    events = extract(articles).events
    council = [e for e in events if e.track == "nato-russia-council"]
    assert len(council) == 1, council
    (session,) = council
    assert session.start_date == dtm.date(2022, 1, 12)
    assert session.location == "Brussels"
    assert {s.file for s in session.sources} == {"ru.txt", "en.txt", "fr.txt"}


@pytest.mark.parametrize(
    ("text", "code"),
    [
        (
            "Die Gespräche in Genf, die ursprünglich am 5. Februar beginnen sollten, wurden auf "
            "den 10. Februar verschoben.",
            "de",
        ),
        (
            "Les pourparlers de Genève, initialement prévus le 5 février, ont été reportés au "
            "10 février.",
            "fr",
        ),
    ],
)
def test_a_session_moved_is_one_session_at_its_new_day(text: str, code: str) -> None:
    events = extract_text(text, dtm.date(2022, 2, 1), source=f"{code}.txt", language=code)
    assert [(e.start_date, e.location) for e in events] == [(dtm.date(2022, 2, 10), "Geneva")]
    assert events[0].status is ExtractedStatus.UPCOMING


@pytest.mark.parametrize(
    ("lang", "sentence", "tense"),
    [
        ("fr", "La réunion des ministres a lieu mardi à Genève.", None),  # "lieu" is a noun
        ("fr", "Obama est reçu à Riyad lundi.", None),  # a present passive
        ("fr", "Les pourparlers se sont tenus à Genève.", "past"),
        ("fr", "La réunion aura lieu mardi, a déclaré le ministre.", "future"),
        ("de", "Das Treffen ist für Mittwoch in Genf angesetzt.", "future"),
        ("de", "Die Gespräche würden am Montag stattfinden.", "future"),
    ],
)
def test_the_tense_of_the_verb_not_of_its_neighbours(
    lang: str, sentence: str, tense: str | None
) -> None:
    assert pack(lang).tense(sentence) == tense


def test_review_findings_on_ranges_weeks_minutes_and_sentences() -> None:
    (between,) = FR.find_dates("Les négociations auront lieu entre le 10 et le 14 janvier.")
    assert not between.listed  # one session from the 10th to the 14th
    (week,) = DE.find_dates("Das Treffen findet nächste Woche am Dienstag statt.")
    assert week.week_shift == 1
    (half,) = FR.find_times("La séance s'ouvrira à 10 heures 30.")
    assert (half.hour, half.minute) == (10, 30)
    sentences = DE.split_sentences("Die Zahl stieg auf 12. Die Regierung reagierte.", (), 0)
    assert len(sentences) == 2
    assert FR.change("La réunion n'aura finalement pas lieu.") is not None


def test_first_names_and_german_nouns_are_no_towns() -> None:
    assert FR.find_places("Nancy Pelosi est arrivée à Taïwan.") == []
    assert DE.find_places("Die Lage in der Ukraine bleibt angespannt.") == []
    assert [p.city.name for p in DE.find_places("Das Treffen findet in Lage statt.")] == ["Lage"]
    assert [m.words for m in FR.find_dates("Les sept pays se sont réunis.")] == []


def test_a_month_a_weekday_or_a_common_noun_opens_no_person_s_name() -> None:
    sentence = (
        "Bundeskanzler Olaf Scholz ist vom 26. bis 28. Juni Gastgeber des Gipfels auf Schloss "
        "Elmau; am Donnerstagvormittag Gespräche mit Sergej Lawrow."
    )
    assert DE.names(sentence) == {"Scholz", "Lawrow"}


def test_a_session_put_off_now_was_still_ahead() -> None:
    text = (
        "Die UN-Klimakonferenz COP26, die vom 9. bis 19. November im schottischen Glasgow "
        "stattfinden sollte, wird wegen der Pandemie verschoben."
    )
    (event,) = extract_text(text, dtm.date(2020, 4, 1), language="de")
    assert (event.start_date, event.end_date) == (dtm.date(2020, 11, 9), dtm.date(2020, 11, 19))
    assert event.status is ExtractedStatus.POSTPONED


def test_an_adjective_between_the_preposition_and_the_town_keeps_it_the_venue() -> None:
    (glasgow,) = DE.find_places("Die Konferenz sollte im schottischen Glasgow stattfinden.")
    assert (glasgow.city.name, glasgow.locative) == ("Glasgow", True)
    (sochi,) = DE.find_places("Der Kongress tagte am 29. Januar im russischen Sotschi.")
    assert sochi.locative
    # A small capital's names are its own: Luxembourg has 77,000 people.
    (luxembourg,) = DE.find_places("In Luxemburg beraten die EU-Außenminister.")
    assert luxembourg.city.name == "Luxembourg"


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        # The verb after its date, in a subordinate clause: the days are the first and last.
        (
            "Der Nato-Gipfel im walisischen Newport, der am Donnerstag begonnen hatte und heute "
            "zu Ende ging, endete ohne Einigung über die Ukraine.",
            dtm.date(2014, 9, 4),
            dtm.date(2014, 9, 5),
        ),
        # The verb before the date, each side of "und": read as before.
        (
            "Die Gespräche in Genf begannen am Montag und enden am Mittwoch.",
            dtm.date(2014, 9, 1),
            dtm.date(2014, 9, 3),
        ),
    ],
)
def test_german_puts_the_verb_that_opens_or_closes_a_session_after_its_day(
    text: str, first: dtm.date, last: dtm.date
) -> None:
    events = extract_text(text, dtm.date(2014, 9, 5), language="de")
    assert [(e.start_date, e.end_date) for e in events] == [(first, last)], events


def test_schloss_is_a_castle_not_the_end_of_a_session() -> None:
    text = (
        "Am Donnerstag beginnt in Brüssel ein Gipfel der EU. Bundeskanzler Olaf Scholz ist vom "
        "26. bis 28. Juni Gastgeber des G7-Gipfels auf Schloss Elmau."
    )
    events = extract_text(text, dtm.date(2022, 6, 20), language="de")
    assert [(e.start_date, e.end_date) for e in events] == [
        (dtm.date(2022, 6, 23), dtm.date(2022, 6, 23)),
        (dtm.date(2022, 6, 26), dtm.date(2022, 6, 28)),
    ], events


def test_the_afternoon_is_no_noon() -> None:
    (noon,) = FR.find_times("Le plan, négocié dans l'après-midi, sera présenté à midi.")
    assert (noon.words, noon.hour) == ("à midi", 12)
    text = (
        "Les dirigeants ont ouvert jeudi en fin d'après-midi leur sommet au château de Versailles."
    )
    (event,) = extract_text(text, dtm.date(2022, 3, 11), language="fr")
    assert event.start_at is None  # a part of the day, no hour


def test_a_description_nearer_the_date_than_a_named_town_is_the_venue() -> None:
    (found,) = extract_text(
        "Die Sitzung der Kommission, die ursprünglich vom 29. November bis 6. Dezember in der "
        "ägyptischen Hauptstadt angesetzt war, sei verschoben worden, teilte das "
        "Außenministerium in Moskau mit.",
        dtm.date(2022, 11, 28),
        source="de.txt",
    )
    assert (found.start_date, found.location) == (dtm.date(2022, 11, 29), "Cairo")


def test_a_local_time_is_read_in_the_venue_the_article_names_elsewhere() -> None:
    text = (
        "Trump und Kim treffen sich in Singapur\n\n"
        "Nordkoreas Machthaber Kim Jong Un ist am Sonntag in Singapur eingetroffen. "
        "Der Gipfel selbst beginnt am Dienstag um 9 Uhr Ortszeit im Hotel Capella auf der "
        "Insel Sentosa.\n"
    )
    found = extract_text(text, dtm.date(2018, 6, 10), source="de.txt", language="de")
    summit = [e for e in found if e.start_date == dtm.date(2018, 6, 12)]
    assert [(e.location, e.start_at) for e in summit] == [
        ("Singapore", dtm.datetime(2018, 6, 12, 1, 0, tzinfo=dtm.UTC))
    ], found


@pytest.mark.parametrize(
    ("lang", "sentence", "names"),
    [
        ("de", "Am Morgen kamen John Kerry und Catherine Ashton zusammen.", {"Kerry", "Ashton"}),
        ("de", "Am Freitagabend traf Mohammed Dschawad Sarif ein.", {"Sarif"}),
        ("fr", "Dès Lundi Matin, Emmanuel Macron recevra Olaf Scholz.", {"Macron", "Scholz"}),
    ],
)
def test_a_preposition_or_a_day_opens_no_person_s_name(
    lang: str, sentence: str, names: set[str]
) -> None:
    assert pack(lang).names(sentence) == names


@pytest.mark.parametrize(
    ("sentence", "tense"),
    [
        # the participle ends the clause, however far from its auxiliary
        (
            "Steinmeier hat heute in den Hamburger Messehallen das 23. Treffen des "
            "Ministerrats der OSZE eröffnet.",
            "past",
        ),
        ("Die Außenminister haben das Abkommen am Montag in Genf unterzeichnet.", "past"),
        (
            "Ein Arbeitstreffen der Minister ist am Rande des Außenministerrates am 5. "
            "Dezember in Kiew vorgesehen.",
            "future",
        ),
    ],
)
def test_a_german_perfect_or_plan_is_read_at_the_end_of_its_clause(
    sentence: str, tense: str
) -> None:
    found = DE.tense(sentence)
    assert found is not None
    assert found.value == tense

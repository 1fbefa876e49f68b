"""The classes of reading the corpus measures, each on sentences written for the test."""

from __future__ import annotations

import datetime as dtm

import pytest

from bot.extract import extract, extract_text
from bot.models import Article, ExtractedStatus
from tests.extract.extract_helpers import day, events, only, show

# 2021-12-09 is a Thursday; 2022-11-06 a Sunday; 2015-02-13 a Friday.


def _read(text: str, published: str | None = None) -> list[tuple[str, str, str | None]]:
    found = events(text, published) if published else _undated(text)
    return [
        (e.start_date.isoformat(), e.end_date.isoformat(), e.location)
        for e in sorted(found, key=lambda e: e.start_date)
    ]


def _undated(text: str) -> list:  # type: ignore[type-arg]
    article = Article(id=Article.id_for(text), file="a.txt", text=text)
    return extract([article]).events


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A weekday that names the day of writing, told ahead or as done.
        ("The council will meet on Thursday in Vienna.", "2021-12-09"),
        ("The council met on Thursday in Vienna.", "2021-12-09"),
        ("Envoys spoke by phone earlier this morning.", "2021-12-09"),
        ("Negotiators will meet next Thursday in Vienna.", "2021-12-16"),
    ],
)
def test_the_weekday_of_the_writing_day(text: str, expected: str) -> None:
    event = only(text, "2021-12-09")
    assert event.start_date == day(expected), show([event])


def test_a_session_moved_in_its_own_sentence_is_one_session_at_the_new_day() -> None:
    found = events(
        "Talks due to open in Geneva on Feb. 8 were pushed back to Feb. 23.", "2017-02-01"
    )
    assert [(e.start_date, e.status) for e in found] == [
        (day("2017-02-23"), ExtractedStatus.UPCOMING)
    ], show(found)


def test_a_session_moved_across_sentences_is_one_session() -> None:
    text = (
        "The conference had been planned for 9 to 19 November 2020 in Glasgow. "
        "It will now be held in Glasgow from 1 to 12 November 2021, the organisers said."
    )
    assert _read(text, "2020-05-28") == [("2021-11-01", "2021-11-12", "Glasgow")]


def test_a_denied_plan_is_no_session() -> None:
    assert events("There are no plans to meet on Friday, the Kremlin said.", "2021-12-20") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Negotiators will meet today and tomorrow in Doha.", [("2021-12-09", "2021-12-10")]),
        ("The summit is set for February 27 and 28.", [("2022-02-27", "2022-02-28")]),
        ("Ministers meet on Tuesday and Wednesday next week.", [("2021-12-14", "2021-12-15")]),
        (
            "The delegations met on 16 May and 2 June, both times in Istanbul.",
            [("2021-05-16", "2021-05-16"), ("2021-06-02", "2021-06-02")],
        ),
    ],
)
def test_coordinated_days(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(a, b) for a, b, _ in _read(text, "2021-12-09")] == expected


def test_separate_calls_are_two_sessions() -> None:
    found = events(
        "Putin held separate calls with Macron and with Scholz on 11 December.", "2021-12-14"
    )
    assert len(found) == 2, show(found)
    assert {e.start_date for e in found} == {day("2021-12-11")}


@pytest.mark.parametrize(
    ("text", "city"),
    [
        ("The ministers will meet in the Austrian capital on Monday.", "Vienna"),
        ("Delegations gathered in the capital of Azerbaijan on Monday.", "Baku"),
        ("They will sit down in the Turkish city of Antalya on Monday.", "Antalya"),
        ("Lavrov will travel to Moscow on Monday for talks with Wang Yi.", "Moscow"),
        ("The leaders will meet at the White House on Monday.", "Washington"),
        ("Erdogan took the file to Tehran, where he met Raisi on Monday.", "Tehran"),
    ],
)
def test_places_named_by_description_or_destination(text: str, city: str) -> None:
    event = only(text, "2021-12-09")
    assert event.location == city, show([event])


def test_a_dateline_places_and_a_publication_line_dates_the_article() -> None:
    text = (
        "Published: Thu, 9 December 2021\n\n"
        "VIENNA, Dec 9 (Reuters) - Negotiators sat down again on Thursday for the seventh round.\n"
    )
    article = Article(id=Article.id_for(text), file="a.txt", text=text)
    result = extract([article])
    assert result.references[article.id] == dtm.date(2021, 12, 9)
    assert "publication line" in result.reasons[article.id]
    [event] = result.events
    assert (event.start_date, event.location) == (day("2021-12-09"), "Vienna"), show([event])


def test_a_byline_with_a_date_dates_the_article_and_is_no_session() -> None:
    text = (
        "THE DIPLOMATIC WEEK\n"
        "Prepared by the Global Mediation Monitor | Monday 21 July 2025\n\n"
        "Russian and Ukrainian delegations are due to meet in Istanbul on Wednesday.\n"
    )
    article = Article(id=Article.id_for(text), file="a.txt", text=text)
    result = extract([article])
    assert result.references[article.id] == dtm.date(2025, 7, 21), result.reasons
    assert [(e.start_date, e.location) for e in result.events] == [
        (day("2025-07-23"), "Istanbul")
    ], show(result.events)


def test_a_dateline_alone_dates_the_article_in_the_year_of_its_text() -> None:
    text = (
        "GENEVA, Oct 3 (Reuters) - The talks, which resumed in 2016, will open on Monday at the "
        "Palais des Nations, the envoy said in 2016.\n"
    )
    article = Article(id=Article.id_for(text), file="a.txt", text=text)
    result = extract([article])
    assert result.references[article.id] == dtm.date(2016, 10, 3), result.reasons
    assert "dateline" in result.reasons[article.id]


def test_a_listing_heading_gives_its_day_and_place_to_the_entry_below() -> None:
    text = (
        "THE WEEK AHEAD\n\n"
        "TUESDAY 29 NOV | CAIRO\n"
        "New START: the treaty's Bilateral Consultative Commission meets for the first time "
        "since 2021.\n\n"
        "Monday 5 December, Luxembourg: EU Foreign Affairs Council.\n"
    )
    assert _read(text, "2022-11-25") == [
        ("2022-11-29", "2022-11-29", "Cairo"),
        ("2022-12-05", "2022-12-05", "Luxembourg"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The talks opened on Wednesday and closed on Friday in Beijing.",
            ("2007-07-18", "2007-07-20"),
        ),
        (
            "The two-day meeting, which began on Monday in Geneva, ended well.",
            ("2007-07-16", "2007-07-17"),
        ),
        (
            "The round, under way since Monday in Brussels, runs until Thursday.",
            ("2007-07-16", "2007-07-19"),
        ),
        (
            "The president closed the G20 leaders' summit at the Nasrec Expo Centre in "
            "Johannesburg on Friday, after the two-day meeting.",
            ("2007-07-19", "2007-07-20"),
        ),
    ],
)
def test_a_sessions_first_and_last_days_make_one_range(
    text: str, expected: tuple[str, str]
) -> None:
    event = only(text, "2007-07-21" if "closed" in text else "2007-07-17")
    assert (event.start_date.isoformat(), event.end_date.isoformat()) == expected, show([event])


def test_a_day_of_last_year() -> None:
    event = only("Biden and Xi had met by video link on Nov. 15 last year.", "2022-11-14")
    assert event.start_date == day("2021-11-15"), show([event])


def test_a_listed_year_carries_to_the_dates_after_it() -> None:
    found = events(
        "Rounds followed: in Washington on Jan. 30 and 31, 2019, and in Beijing on Feb. 14 and 15.",
        "2021-03-20",
    )
    assert {(e.start_date, e.location) for e in found} == {
        (day("2019-01-30"), "Washington"),
        (day("2019-02-14"), "Beijing"),
    }, show(found)


def test_the_weeks_a_timetable_names_are_no_days() -> None:
    text = "The terms set out rounds in the weeks beginning 28 August, 18 September and 9 October."
    assert events(text, "2017-07-20") == []


def test_a_meeting_later_that_day_is_its_own_session() -> None:
    found = events(
        "On Tuesday Putin held talks with Modi. Putin met Xi Jinping separately later that day.",
        "2024-10-25",
    )
    assert [e.start_date for e in found] == [day("2024-10-22")] * 2, show(found)


def test_an_election_is_no_session() -> None:
    assert events("Colombians will vote in a plebiscite on Oct. 2.", "2016-09-26") == []


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("The foreign ministry published the draft treaties on December 17.", "publication"),
        ("The president signed a decree on new sanctions on April 15.", "decree"),
    ],
)
def test_milestones_keep_their_kind(text: str, kind: str) -> None:
    event = only(text, "2021-12-31")
    assert event.kind == kind


def test_participating_states_are_no_speech_act() -> None:
    event = only(
        "Tomorrow the 57 OSCE participating states take the same file to the Permanent Council "
        "in Vienna.",
        "2022-01-12",
    )
    assert (event.start_date, event.location) == (day("2022-01-13"), "Vienna"), show([event])


def test_a_separate_call_after_a_first_one_is_two_sessions() -> None:
    found = events(
        "On July 11, Erdogan spent the day on the telephone, speaking first with Putin and "
        "then, in a separate call, with President Volodymyr Zelenskiy.",
        "2022-07-22",
    )
    assert len(found) == 2, show(found)
    assert {e.start_date for e in found} == {day("2022-07-11")}


def test_a_live_blog_stamp_dates_its_entry_by_the_entry_s_tense() -> None:
    text = (
        "Last updated: Tuesday 17 June 2025 11:20 MDT\n\n"
        "Monday, 15:10\n"
        "Trump signs off on UK deal\n"
        "Standing beside Keir Starmer, Trump signed the order putting the trade agreement "
        "into effect.\n\n"
        "Monday, 11:00\n"
        "Trump meets Carney\n"
        "Before the first session, Trump held a bilateral meeting with Carney.\n"
    )
    found = events(text, "2025-06-17")
    assert found, show(found)
    # the blog's Monday is the day before it was written, not the coming Monday
    assert {e.start_date for e in found} == {day("2025-06-16")}, show(found)
    assert all(e.status is ExtractedStatus.PAST for e in found), show(found)


def test_a_live_blog_entry_under_a_bare_time_stamp_is_of_the_blog_s_day() -> None:
    text = (
        "Xi in Moscow: day two of the state visit. Live\n\n"
        "19:30\n"
        "The Kremlin pool says Xi will sign a joint statement with Vladimir Putin.\n\n"
        "11:20\n"
        "Handshake at the door. Xi held a meeting with Prime Minister Mikhail Mishustin at "
        "Government House.\n"
    )
    found = events(text, "2023-03-21")
    assert len(found) == 2, show(found)
    assert {e.start_date for e in found} == {day("2023-03-21")}, show(found)
    # an entry reports what happened unless it says what is to come
    assert {e.kind: e.status for e in found} == {
        "signing": ExtractedStatus.UPCOMING,
        "meeting": ExtractedStatus.PAST,
    }, show(found)


def test_one_time_stamp_is_no_live_blog() -> None:
    text = "11:20\nXi held a meeting with Prime Minister Mikhail Mishustin at Government House.\n"
    assert events(text, "2023-03-21") == []


def test_a_sentence_with_no_date_goes_on_in_the_day_of_the_one_before_it() -> None:
    found = events(
        "President Donald Trump received Nikol Pashinyan at the White House on Friday. The two "
        "leaders talked for 20 minutes. Trump then held a meeting with Ilham Aliyev.",
        "2025-08-08",
    )
    assert [e.start_date for e in found if "Aliyev" in e.title] == [day("2025-08-08")], show(found)


def test_a_town_right_before_its_day_or_owning_the_event_is_its_venue() -> None:
    found = events(
        "It is the second such gathering after Geneva on 17 and 18 March, which agreed to open "
        "four new crossing points. Berlin's Petersberg Climate Dialogue, held on May 2 and 3, "
        "was the last ministerial gathering before Bonn.",
        "2025-07-01",
    )
    assert [(e.start_date, e.location) for e in found] == [
        (day("2025-03-17"), "Geneva"),
        (day("2025-05-02"), "Berlin"),
    ], show(found)


def test_a_list_after_a_colon_goes_on_from_the_event_word_before_it() -> None:
    found = events(
        "The delegations held three rounds in April: on April 12 in Muscat, on April 19 in Rome "
        "and on April 26 again in the Omani capital.",
        "2025-05-02",
    )
    assert sorted((e.start_date, e.location) for e in found) == [
        (day("2025-04-12"), "Muscat"),
        (day("2025-04-19"), "Rome"),
        (day("2025-04-26"), "Muscat"),
    ], show(found)


def test_a_live_entry_s_time_is_the_time_of_the_session_it_reports() -> None:
    text = (
        "LIVE | Russia and NATO meet in Brussels\n\n"
        "Wednesday, 12 January 2022\n\n"
        "14:05 CET\n"
        "The meeting has broken up after roughly four hours.\n\n"
        "10:04 CET\n"
        "The NATO-Russia Council got under way at 10:00 local time at NATO headquarters.\n"
    )
    found = extract_text(text, dtm.date(2022, 1, 12), source="live.txt", language="en")
    council = [e for e in found if e.track == "nato-russia-council"]
    assert len(council) == 1, found
    assert council[0].start_at is not None
    assert council[0].start_at.isoformat() == "2022-01-12T10:00:00+01:00"

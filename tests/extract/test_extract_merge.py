"""Provenance (the exact sentence) and several articles merged into one event per session."""

from __future__ import annotations

import pytest

from bot.extract import extract, extract_text
from bot.models import ExtractedStatus
from tests.extract.extract_helpers import article, day, events, extract_all, only, show

# -- provenance ------------------------------------------------------------------------------


def test_quote_is_the_exact_sentence_with_its_own_characters() -> None:
    sentence = (
        "“The Russia\u2013NATO Council will meet in Brussels on January\u00a012,” "
        "NATO’s deputy spokesperson said."
    )
    text = f"NATO confirmed the date on Friday.\n\n{sentence} The agenda is not yet public.\n"
    event = only(text, "2022-01-07")
    assert [s.quote for s in event.sources] == [sentence], show([event])
    assert event.sources[0].file == "<text>"
    assert event.sources[0].date_words is not None
    assert "12" in event.sources[0].date_words


def test_quote_names_its_file_and_date_words() -> None:
    result = extract_all(
        article(
            "reuters/2022-01-03.txt",
            "Talks between Russian and American officials are planned for January 9-10 in Geneva. "
            "They will be the first US-Russia talks on security guarantees.",
            "2022-01-03",
        )
    )
    assert len(result.events) == 1, show(result.events)
    source = result.events[0].sources[0]
    assert source.file == "reuters/2022-01-03.txt"
    assert source.quote == (
        "Talks between Russian and American officials are planned for January 9-10 in Geneva."
    )
    assert source.date_words == "January 9-10"


def test_quote_stops_at_a_sentence_ending_in_a_zone_abbreviation() -> None:
    text = (
        "The Security Council will vote on the draft on Friday at 3 p.m. EST. Russia is "
        "expected to veto it."
    )
    event = only(text, "2022-02-23")
    assert event.sources[0].quote == (
        "The Security Council will vote on the draft on Friday at 3 p.m. EST."
    ), show([event])


# -- several articles ------------------------------------------------------------------------


def test_same_session_from_two_articles_is_one_event_with_both_sources() -> None:
    result = extract_all(
        article(
            "a.txt",
            "The NATO-Russia Council will meet in Brussels on January 12, NATO said.",
            "2022-01-05",
        ),
        article(
            "b.txt",
            "NATO and Russia will sit down at the NATO-Russia Council in Brussels next Wednesday.",
            "2022-01-06",
        ),
    )
    assert len(result.events) == 1, show(result.events)
    event = result.events[0]
    assert event.start_date == day("2022-01-12")
    assert [s.file for s in event.sources] == ["a.txt", "b.txt"]
    assert event.discrepancies == ()


def test_weekday_in_two_articles_of_different_days_is_one_session() -> None:
    result = extract_all(
        article(
            "mon.txt",
            "The Iran nuclear talks will resume in Vienna on Thursday, diplomats said.",
            "2022-02-07",
        ),
        article(
            "wed.txt",
            "Negotiators in the Iran nuclear talks return to Vienna on Thursday.",
            "2022-02-09",
        ),
    )
    assert len(result.events) == 1, show(result.events)
    assert result.events[0].start_date == day("2022-02-10")
    assert {s.file for s in result.events[0].sources} == {"mon.txt", "wed.txt"}


def test_date_disagreement_is_one_event_with_a_discrepancy() -> None:
    result = extract_all(
        article("a.txt", "The Normandy format advisers will meet in Berlin on February 10.", None),
        article(
            "b.txt", "The Normandy format advisers will meet in Berlin on February 10-11.", None
        ),
        published="2022-02-01",
    )
    assert len(result.events) == 1, show(result.events)
    event = result.events[0]
    assert (event.start_date, event.end_date) == (day("2022-02-10"), day("2022-02-11"))
    assert len(event.discrepancies) == 1, show(result.events)
    assert "a.txt" in event.discrepancies[0]
    assert "10 February" in event.discrepancies[0] or "February 10" in event.discrepancies[0]


def test_venue_disagreement_is_one_event_with_a_discrepancy() -> None:
    result = extract_all(
        article(
            "a.txt",
            "Iran nuclear talks will resume in Vienna on November 29, the EU said.",
            "2021-11-03",
        ),
        article(
            "b.txt",
            "The Iran nuclear talks will resume on 29 November in Geneva, a diplomat said.",
            "2021-11-04",
        ),
    )
    assert len(result.events) == 1, show(result.events)
    event = result.events[0]
    assert {s.file for s in event.sources} == {"a.txt", "b.txt"}
    assert any("Geneva" in d and "Vienna" in d for d in event.discrepancies), show(result.events)


def test_time_from_one_article_and_date_from_another() -> None:
    result = extract_all(
        article(
            "a.txt",
            "The Security Council will hold a meeting on Ukraine on February 21 at 21:00 New "
            "York time.",
            "2022-02-21",
        ),
        article(
            "b.txt",
            "The UN Security Council will meet on Ukraine on February 21, diplomats said.",
            "2022-02-21",
        ),
    )
    assert len(result.events) == 1, show(result.events)
    event = result.events[0]
    assert event.start_at is not None
    assert event.start_at.isoformat() == "2022-02-21T21:00:00-05:00"


def test_two_tracks_on_the_same_day_stay_two_events() -> None:
    found = events(
        "The NATO-Russia Council will meet in Brussels on January 12. The same day, the OSCE "
        "Permanent Council will hold a special session in Vienna on January 12.",
        "2022-01-05",
    )
    assert sorted(e.track or "" for e in found) == ["nato-russia-council", "osce"], show(found)


def test_undatable_article_borrows_the_batch_date_with_a_note() -> None:
    result = extract(
        [
            article(
                "a.txt",
                "US-China talks will take place in Geneva on May 10-11, the Treasury said.",
                "2025-05-07",
            ),
            article("b.txt", "The talks will be held on Tuesday in Geneva.", None),
        ]
    )
    assert result.problems == []
    assert any("b.txt" in note for note in result.notes)


def test_undatable_article_alone_is_a_problem_that_says_to_pass_published() -> None:
    result = extract([article("b.txt", "The talks will be held on Tuesday in Geneva.", None)])
    assert result.events == []
    assert len(result.problems) == 1
    assert "b.txt" in str(result.problems[0])
    assert "--published" in str(result.problems[0])


def test_published_argument_overrides_the_article_date() -> None:
    result = extract(
        [
            article(
                "a.txt",
                "The NATO-Russia Council will meet in Brussels on Wednesday.",
                "2022-01-03",
            )
        ],
        published=day("2022-01-13"),
    )
    assert [e.start_date for e in result.events] == [day("2022-01-19")], show(result.events)
    assert result.events[0].status is ExtractedStatus.UPCOMING


def test_inferred_reference_date_from_the_text() -> None:
    text = (
        "Russian and U.S. negotiators met in Geneva on Monday, January 10, 2022, for "
        "US-Russia talks on security guarantees. The NATO-Russia Council will meet on "
        "Wednesday in Brussels."
    )
    result = extract([article("a.txt", text, None)])
    assert result.problems == []
    starts = {e.track: e.start_date for e in result.events}
    assert starts.get("us-russia-security") == day("2022-01-10"), show(result.events)
    assert starts.get("nato-russia-council") == day("2022-01-12"), show(result.events)


@pytest.mark.parametrize(
    ("language", "text"),
    [
        (
            "en",
            "The G20 summit opens in Rome on Saturday, 30 October, and ends on Sunday.\n\n"
            "Lavrov will meet Di Maio on Saturday on the sidelines of the summit.",
        ),
        (
            "fr",
            "Le sommet du G20 s'ouvre samedi 30 octobre à Rome et s'achève dimanche.\n\n"
            "Sergueï Lavrov rencontrera Luigi Di Maio samedi en marge du sommet.",
        ),
        (
            "de",
            "Der G20-Gipfel beginnt am Samstag, 30. Oktober, in Rom und endet am Sonntag.\n\n"
            "Sergej Lawrow trifft Luigi Di Maio am Samstag am Rande des Gipfels.",
        ),
        (
            "ru",
            "Саммит G20 откроется в Риме в субботу, 30 октября, и завершится в воскресенье.\n\n"
            "В субботу на полях саммита Сергей Лавров встретится с Луиджи Ди Майо.",
        ),
    ],
)
def test_a_meeting_on_the_sidelines_of_a_summit_is_a_session_of_its_own(
    language: str, text: str
) -> None:
    events = extract_text(text, day("2021-10-25"), language=language)
    spans = sorted((e.start_date, e.end_date) for e in events)
    assert spans == [
        (day("2021-10-30"), day("2021-10-30")),
        (day("2021-10-30"), day("2021-10-31")),
    ], show(events)
    (meeting,) = [e for e in events if e.end_date == e.start_date]
    assert "Summit" not in meeting.title, show(events)


def test_two_written_spans_that_overlap_on_a_day_are_two_sessions() -> None:
    text = (
        "Leaders meet for the G7 summit at Schloss Elmau from 26 to 28 June.\n\n"
        "Several of them fly on to Madrid, where NATO holds its summit from 28 to 30 June."
    )
    events = extract_text(text, day("2022-06-20"), language="en")
    spans = sorted((e.start_date, e.end_date) for e in events)
    assert spans == [
        (day("2022-06-26"), day("2022-06-28")),
        (day("2022-06-28"), day("2022-06-30")),
    ], show(events)


def test_a_span_within_a_written_session_stays_part_of_it() -> None:
    text = (
        "The UN climate session in Bonn opened on 5 June and closes on 15 June.\n\n"
        "From 12 to 14 June, informal consultations continue in Bonn on adaptation."
    )
    events = extract_text(text, day("2023-06-12"), language="en")
    assert [(e.start_date, e.end_date) for e in events] == [
        (day("2023-06-05"), day("2023-06-15"))
    ], show(events)

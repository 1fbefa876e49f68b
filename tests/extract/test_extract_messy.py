"""Messy text, and what must produce no event: undated mentions, deadlines, press events."""

from __future__ import annotations

import pytest

from tests.extract.extract_helpers import day, events, none_from, on, only, show

# -- what is not a session -------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        # undated mentions
        "The talks are expected to last several days, but no date has been set for the next "
        "meeting of the NATO-Russia Council.",
        "Diplomats said talks would be held in Geneva. The date was not announced.",
        "Negotiations between Russia and the United States on security are planned.",
        # deadlines and bounds
        "Iran must respond to the proposal by January 15, the EU's foreign policy chief said.",
        "Iran must respond by January 15 to the proposal tabled at the Iran nuclear talks in "
        "Vienna.",
        "The deadline for an agreement at the Iran nuclear talks is January 31.",
        "Talks on the Iran nuclear deal will continue until January 31.",
        "The ultimatum expires at midnight on Sunday, after which the Security Council will meet.",
        "Talks between Moscow and Kyiv have stalled since March 29.",
        "The New START treaty expires on February 5, 2026, unless extended.",
        # press conferences and speech acts
        "Lavrov will hold a press conference on January 14 in Moscow.",
        "Foreign Minister Sergei Lavrov will give a news conference in Moscow on January 14 to "
        "sum up the year's diplomacy.",
        "Lavrov told reporters on Friday that the talks would be held in Geneva.",
        "Peskov said on Monday that the Kremlin was ready for talks with NATO.",
        "Speaking to reporters on Friday, Lavrov said Russia would not make concessions at the "
        "talks.",
        "Lavrov, speaking at a news conference in Moscow on Friday, said the talks would be "
        "difficult.",
        "The State Department spokesman will brief the press on the talks on Thursday.",
        # month-only and vague
        "The OSCE talks will take place in February, diplomats said.",
        "Russia and NATO will hold talks in Brussels in mid-January, a source said.",
        "The Iran nuclear talks began in April 2021 in Vienna.",
        "A source told TASS that the talks would be held in January.",
        "The Security Council is expected to meet again next week.",
        # impossible dates
        "The Security Council will meet on February 30 to discuss the situation.",
        "The Security Council will meet on 30 February to discuss the situation.",
        "The Security Council will meet on 30.02.2022.",
        "The Security Council will meet on April 31.",
        "The Security Council will meet on 31 April 2022.",
        # recurrences are not a dated session
        "The OSCE Permanent Council meets in Vienna every Thursday.",
    ],
)
def test_no_event(sentence: str) -> None:
    none_from(sentence, "2022-01-07")


def test_a_bound_that_names_a_session_day_is_that_session() -> None:
    # The date is a deadline, but the clause after it says the Council meets that day.
    event = only(
        "Russia wants an answer before January 12, when the NATO-Russia Council meets.",
        "2022-01-07",
    )
    assert event.start_date == day("2022-01-12"), show([event])
    assert event.track == "nato-russia-council"


def test_speaker_date_beside_a_session_date_gives_only_the_session() -> None:
    event = only(
        "Ryabkov said on Sunday that the US-Russia talks would open in Geneva on January 10.",
        "2022-01-09",
    )
    assert event.start_date == day("2022-01-10"), show([event])


# -- messy text ------------------------------------------------------------------------------

_CREDITS_AND_BULLETS = """\
Deputy Foreign Minister Sergei Ryabkov, who will lead the Russian delegation, spoke to \
reporters on Sunday.
Photo: Denis Balibouse / Reuters
  • Reuters / Denis Balibouse, January 9, 2022
\u2022 \u00a9 Sputnik / Grigory Sysoev
- AFP
Photo by Fabrice Coffrini/AFP via Getty Images, January 8

\u201cThe talks with the Americans will take place in Geneva on January 10, and the \
Russia-NATO Council will meet on January 12.

\u201cAfter that, the OSCE Permanent Council will meet in Vienna on January 13,\u201d Ryabkov said.
\u00a9 Denis Balibouse / REUTERS
He added: "We are not going to make concessions.
"""


def test_credits_and_bullets_give_no_events_and_split_quotes_still_count() -> None:
    found = events(_CREDITS_AND_BULLETS, "2022-01-09")
    assert [e.start_date for e in found] == [
        day("2022-01-10"),
        day("2022-01-12"),
        day("2022-01-13"),
    ], show(found)
    assert on(found, "2022-01-12").track == "nato-russia-council"
    assert on(found, "2022-01-13").track == "osce"
    for event in found:
        for source in event.sources:
            assert source.quote in _CREDITS_AND_BULLETS
            assert "Photo" not in source.quote
            assert "\u00a9" not in source.quote
            assert "\u2022" not in source.quote


def test_reuters_file_photo_caption_gives_no_event() -> None:
    text = (
        "Russian and U.S. diplomats held security talks in Geneva on Monday, the first of "
        "three rounds this week.\n"
        "FILE PHOTO: Russian and U.S. flags are seen before the Putin-Biden summit in Geneva, "
        "Switzerland, June 16, 2021. REUTERS/Denis Balibouse/File Photo\n"
        "The NATO-Russia Council will meet in Brussels on Wednesday.\n"
    )
    found = events(text, "2022-01-11")
    assert all(e.start_date.year == 2022 for e in found), show(found)
    for event in found:
        assert all(not s.quote.startswith("FILE PHOTO") for s in event.sources), show(found)


def test_read_more_link_line_is_not_a_source() -> None:
    text = (
        "READ MORE: Russia, NATO to hold NATO-Russia Council meeting in Brussels on January 12\n"
        "The NATO-Russia Council will meet in Brussels on Wednesday.\n"
    )
    found = events(text, "2022-01-11")
    assert len(found) == 1, show(found)
    assert [s.quote for s in found[0].sources] == [
        "The NATO-Russia Council will meet in Brussels on Wednesday."
    ], show(found)


def test_unbalanced_quote_does_not_hide_the_next_sentence() -> None:
    event = only(
        'Ryabkov said the talks with NATO "will be difficult. The NATO-Russia Council meets in '
        "Brussels on January 12.",
        "2022-01-05",
    )
    assert event.start_date == day("2022-01-12")
    assert event.sources[0].quote == "The NATO-Russia Council meets in Brussels on January 12."


def test_closing_curly_quote_without_opening_one() -> None:
    event = only(
        "Iran nuclear talks will resume in Vienna tomorrow, \u201da diplomat said.",
        "2022-01-05",
    )
    assert event.start_date == day("2022-01-06")


def test_hard_wrapped_line_before_a_capitalised_word() -> None:
    text = "The NATO-Russia Council will meet in\nBrussels on January 12, a NATO official said.\n"
    event = only(text, "2022-01-05")
    assert event.start_date == day("2022-01-12")
    assert event.location == "Brussels"
    assert event.sources[0].quote in text


def test_hard_wrapped_line_before_a_lower_case_word() -> None:
    text = "The NATO-Russia Council will meet in Brussels\non January 12, a NATO official said.\n"
    event = only(text, "2022-01-05")
    assert event.start_date == day("2022-01-12")


def test_heading_lines_between_paragraphs_give_no_event() -> None:
    text = (
        "Meeting in Geneva\n\n"
        "Strategic decision\n\n"
        "The US-Russia talks will be held in Geneva on January 10, officials said.\n\n"
        "January 12\n\n"
        "What comes next\n"
    )
    found = events(text, "2022-01-05")
    assert [e.start_date for e in found] == [day("2022-01-10")], show(found)


def test_sentence_split_by_a_credit_line_does_not_invent_events() -> None:
    text = (
        '"In particular, the Russian leader said on December 30.\n\n- RT\n\n) that this '
        'would be a grave mistake," the message says.\n'
    )
    none_from(text, "2021-12-31")

"""Sentences (bot.extract.text) and abbreviations inside them, which must not cut a clause."""

from __future__ import annotations

import pytest

from bot.extract.text import fold, is_noise_line, split_sentences
from tests.extract.extract_helpers import day, only, show


def _texts(text: str) -> list[str]:
    return [s.text for s in split_sentences(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The U.S. delegation arrived on Jan. 9. Talks began on Jan. 10 at 9 a.m. The next "
            "round is due in Vienna.",
            [
                "The U.S. delegation arrived on Jan. 9.",
                "Talks began on Jan. 10 at 9 a.m.",
                "The next round is due in Vienna.",
            ],
        ),
        (
            "Talks will start at 10 a.m. CET. Then the OSCE will meet.",
            ["Talks will start at 10 a.m. CET.", "Then the OSCE will meet."],
        ),
        (
            "Gen. Mark Milley spoke. Mr. Blinken met Mr. Lavrov in St. Petersburg on Dec. 2. "
            "They agreed.",
            [
                "Gen. Mark Milley spoke.",
                "Mr. Blinken met Mr. Lavrov in St. Petersburg on Dec. 2.",
                "They agreed.",
            ],
        ),
        (
            "\u201cWe will meet on Monday.\u201d The envoy said so.",
            ["\u201cWe will meet on Monday.\u201d", "The envoy said so."],
        ),
        (
            "The No. 2 diplomat, Wendy R. Sherman, led the team.",
            ["The No. 2 diplomat, Wendy R. Sherman, led the team."],
        ),
        (
            "The U.N. said the vote is at 3 p.m. EST. The talks continue.",
            ["The U.N. said the vote is at 3 p.m. EST.", "The talks continue."],
        ),
        (
            "The vote is set for 10:00 GMT. Russia will abstain.",
            ["The vote is set for 10:00 GMT.", "Russia will abstain."],
        ),
    ],
)
def test_split(text: str, expected: list[str]) -> None:
    assert _texts(text) == expected


def test_sentences_are_exact_slices_with_offsets() -> None:
    text = (
        "  \u201cThe talks\u00a0will\u2014we hope\u2014resume,\u201d he said.\n\n"
        "  \u2022 Reuters\n\nThe OSCE meets on 13\u00a0January. It is in Vienna.\n"
    )
    sentences = split_sentences(text)
    assert [s.index for s in sentences] == list(range(len(sentences)))
    for sentence in sentences:
        assert text[sentence.start : sentence.end] == sentence.text
        assert sentence.norm == fold(sentence.text)
        assert len(sentence.norm) == len(sentence.text)
    assert "Reuters" not in " ".join(s.text for s in sentences)


def test_paragraph_numbers_follow_blank_lines() -> None:
    sentences = split_sentences("One. Two.\n\nThree.\nFour.")
    assert [(s.text, s.paragraph) for s in sentences] == [
        ("One.", 0),
        ("Two.", 0),
        ("Three.", 1),
        ("Four.", 2),
    ]


@pytest.mark.parametrize(
    "line",
    [
        "  \u2022 Reuters",
        "\u2022 \u00a9 Anton Vaganov",
        "- RT",
        "Photo: Denis Balibouse / Reuters",
        "\u00a9 Komsomolskaya Pravda / Global Look Press",
        "READ MORE:",
        "***",
    ],
)
def test_noise_lines(line: str) -> None:
    assert is_noise_line(fold(line))


@pytest.mark.parametrize(
    "line",
    [
        "The OSCE will meet on January 13.",
        "Meeting in Geneva",
    ],
)
def test_not_noise_lines(line: str) -> None:
    assert not is_noise_line(fold(line))


def test_empty_and_whitespace_texts() -> None:
    assert split_sentences("") == []
    assert split_sentences(" \n\n\t \u00a0\n") == []


# -- abbreviations must not break the clause that carries the date ---------------------------


@pytest.mark.parametrize(
    ("sentence", "published", "expected", "city"),
    [
        (
            "Russia will hold talks with the U.S. on January 10 in Geneva, Ryabkov said.",
            "2022-01-03",
            "2022-01-10",
            "Geneva",
        ),
        (
            "The talks will start at 10 a.m. on January 10 in Geneva, Ryabkov said.",
            "2022-01-03",
            "2022-01-10",
            "Geneva",
        ),
        (
            "Putin and Erdogan will meet in St. Petersburg on August 5, the Kremlin said.",
            "2022-07-25",
            "2022-08-05",
            "Saint Petersburg",
        ),
        (
            "Talks with Dr. Mora will resume in Vienna on Jan. 3, the EU said.",
            "2021-12-30",
            "2022-01-03",
            "Vienna",
        ),
        (
            "Talks between Russian and U.S. officials are planned for January 9-10 in Geneva.",
            "2022-01-03",
            "2022-01-09",
            "Geneva",
        ),
    ],
)
def test_abbreviation_inside_the_sentence(
    sentence: str, published: str, expected: str, city: str
) -> None:
    event = only(sentence, published)
    assert event.start_date == day(expected), show([event])
    assert event.location == city, show([event])

"""Venue and timezone from the gazetteer, the track named near the date, and calls."""

from __future__ import annotations

import pytest

from tests.extract.extract_helpers import NEW_YORK, day, events, on, only, show

# -- venue ---------------------------------------------------------------------------------


def test_written_venue_beats_the_track_home_venue() -> None:
    event = only(
        "Gaza ceasefire talks will resume in Cairo on May 9-10, two Egyptian officials said.",
        "2023-05-02",
    )
    assert event.track == "gaza-ceasefire"
    assert (event.location, event.timezone) == ("Cairo", "Africa/Cairo")


def test_track_home_venue_when_no_place_is_written() -> None:
    event = only("The OSCE Permanent Council will meet on 13 January.", "2022-01-05")
    assert (event.location, event.timezone) == ("Vienna", "Europe/Vienna")


@pytest.mark.parametrize(
    ("sentence", "published", "city", "zone"),
    [
        (
            "Cairo will host the next round of Gaza ceasefire talks on March 28, Egyptian "
            "officials said.",
            "2024-03-24",
            "Cairo",
            "Africa/Cairo",
        ),
        (
            "Saint Petersburg will host the talks between Russian and Ukrainian negotiators on "
            "June 10.",
            "2021-06-01",
            "Saint Petersburg",
            "Europe/Moscow",
        ),
        (
            "Istanbul will host the next round of Russia-Ukraine talks on March 29-30, Turkish "
            "President Tayyip Erdogan's office said.",
            "2022-03-27",
            "Istanbul",
            "Europe/Istanbul",
        ),
    ],
)
def test_city_that_opens_the_sentence_is_the_venue(
    sentence: str, published: str, city: str, zone: str
) -> None:
    event = only(sentence, published)
    assert (event.location, event.timezone) == (city, zone), show([event])


@pytest.mark.parametrize(
    ("sentence", "published", "city", "zone"),
    [
        (
            "The G20 summit will take place in Osaka on June 28-29.",
            "2019-06-25",
            "Osaka",
            "Asia/Tokyo",
        ),
        (
            "The Black Sea Grain Initiative talks will be held in Istanbul on June 20, Turkish "
            "officials said.",
            "2023-06-15",
            "Istanbul",
            "Europe/Istanbul",
        ),
        (
            "Saudi Arabia will host talks between US and Ukrainian officials in Jeddah on "
            "March 11.",
            "2025-03-08",
            "Jeddah",
            "Asia/Riyadh",
        ),
        (
            "US and Russian officials will hold talks in Riyadh on February 18, the Kremlin said.",
            "2025-02-16",
            "Riyadh",
            "Asia/Riyadh",
        ),
    ],
)
def test_tracks_not_in_the_catalogue_still_get_venue_and_zone(
    sentence: str, published: str, city: str, zone: str
) -> None:
    event = only(sentence, published)
    assert (event.location, event.timezone) == (city, zone), show([event])


def test_island_venue_is_not_a_town_of_the_same_name_elsewhere() -> None:
    # GeoNames has no city "Bali"; a town "Bāli" in India is not where Biden met Xi.
    event = only(
        "Biden and Xi held talks in Bali on November 14, their first in-person meeting.",
        "2022-12-05",
    )
    assert event.timezone != "Asia/Kolkata", show([event])
    assert event.location in (None, "Bali", "Nusa Dua", "Denpasar"), show([event])


# -- track ---------------------------------------------------------------------------------


def test_track_named_in_the_previous_sentence() -> None:
    event = only(
        "The Normandy format is back on the agenda. Political advisers will meet in Paris on "
        "January 26, a French diplomat said.",
        "2022-01-05",
    )
    assert event.track == "normandy-format"
    assert event.location == "Paris"


def test_track_named_in_the_next_sentence() -> None:
    event = only(
        "Political advisers will meet in Paris on January 26, a French diplomat said. The "
        "meeting will be the first in the Normandy format since 2019.",
        "2022-01-05",
    )
    assert event.track == "normandy-format"


def test_track_named_in_a_neighbouring_sentence_that_has_its_own_date() -> None:
    found = events(
        "Talks on the Iran nuclear deal resumed in Vienna on Monday. The next session is "
        "scheduled for January 3.",
        "2021-12-28",
    )
    monday = on(found, "2021-12-27")
    assert monday.track == "iran-nuclear", show(found)
    next_session = on(found, "2022-01-03")
    assert next_session.track == "iran-nuclear", show(found)
    assert next_session.location == "Vienna", show(found)


@pytest.mark.parametrize(
    ("sentence", "published", "track"),
    [
        (
            "The Syrian Constitutional Committee will convene in Geneva on October 30 for its "
            "first session.",
            "2019-10-21",
            "syria-constitutional-committee",
        ),
        (
            "The Astana talks on Syria will resume on May 3-4 in Astana, Kazakhstan's foreign "
            "ministry said.",
            "2017-05-01",
            "astana-format",
        ),
        (
            "The New START Bilateral Consultative Commission will meet in Geneva on November 29.",
            "2022-11-08",
            "new-start-bcc",
        ),
        (
            "The next round of the Geneva International Discussions is set for December 7-8.",
            "2022-11-20",
            "geneva-international-discussions",
        ),
        (
            "The next meeting of the Trilateral Contact Group will be held in Minsk on July 22.",
            "2020-07-15",
            "minsk-contact-group",
        ),
    ],
)
def test_catalogue_tracks_by_alias(sentence: str, published: str, track: str) -> None:
    event = only(sentence, published)
    assert event.track == track, show([event])


def test_national_security_council_is_not_the_un_security_council() -> None:
    event = only(
        "Putin will chair a meeting of Russia's Security Council in Moscow on February 21, the "
        "Kremlin said.",
        "2022-02-18",
    )
    assert event.track != "un-security-council", show([event])
    assert event.location == "Moscow"


def test_un_security_council_sits_in_new_york() -> None:
    event = only("The Security Council will meet on January 3 at 3 p.m. in New York.", "2021-12-28")
    assert event.track == "un-security-council"
    assert event.location in NEW_YORK
    assert event.timezone == "America/New_York"


# -- calls ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "published", "expected", "kind"),
    [
        (
            "Putin spoke with Erdogan by telephone from Moscow on April 9, the Kremlin said.",
            "2021-04-10",
            "2021-04-09",
            "call",
        ),
        (
            "Biden and Putin will hold a video conference on April 13, the White House said.",
            "2021-04-05",
            "2021-04-13",
            "video",
        ),
        (
            "Macron and Scholz held a video call with Zelensky from Paris and Berlin on "
            "February 15.",
            "2022-02-16",
            "2022-02-15",
            "video",
        ),
    ],
)
def test_calls_have_no_venue(sentence: str, published: str, expected: str, kind: str) -> None:
    event = only(sentence, published)
    assert event.start_date == day(expected)
    assert event.kind == kind
    assert event.location is None, show([event])


def test_call_about_a_track_has_no_venue_timezone() -> None:
    event = only(
        "Russian President Vladimir Putin and French President Emmanuel Macron held a phone "
        "call on December 27 to discuss the Nagorno-Karabakh settlement and the Normandy "
        "format.",
        "2020-12-28",
    )
    assert event.kind == "call"
    assert event.location is None
    # No time was written and a call has no venue: nothing to take a zone from.
    assert event.timezone is None, show([event])


def test_call_about_a_track_is_not_a_session_of_it() -> None:
    # Judgement: a bilateral call that *discusses* the Normandy format is not a Normandy format
    # session; subscribers of that track should not be reminded of it under its session title.
    event = only(
        "Russian President Vladimir Putin and French President Emmanuel Macron held a phone "
        "call on December 27 to discuss the Nagorno-Karabakh settlement and the Normandy "
        "format.",
        "2020-12-28",
    )
    assert event.track is None, show([event])
    assert event.title != "Normandy format talks", show([event])


# -- titles ----------------------------------------------------------------------------------


def test_title_does_not_take_part_of_a_city_for_a_person() -> None:
    event = only(
        "Biden and Xi will meet in San Francisco on November 15, the White House said.",
        "2023-11-10",
    )
    assert event.location == "San Francisco"
    assert "Francisco" not in event.title.replace("San Francisco", ""), show([event])


def test_track_session_title() -> None:
    event = only(
        "The NATO-Russia Council will meet in Brussels on January 12, NATO said.", "2022-01-05"
    )
    assert event.title == "NATO–Russia Council meeting"

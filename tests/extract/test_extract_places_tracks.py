"""The gazetteer (bot.extract.places) and the track catalogue's recogniser (bot.tracks)."""

from __future__ import annotations

import datetime as dtm

import pytest

from bot.extract import extract_text
from bot.extract.people import names
from bot.extract.places import gazetteer
from bot.extract.text import fold
from bot.tracks import TrackCatalogue, load_tracks


@pytest.fixture(scope="module")
def tracks() -> TrackCatalogue:
    return load_tracks()


# -- gazetteer lookup ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "city", "zone"),
    [
        ("Geneva", "Geneva", "Europe/Zurich"),
        ("Genève", "Geneva", "Europe/Zurich"),
        ("Vienna", "Vienna", "Europe/Vienna"),
        ("Wien", "Vienna", "Europe/Vienna"),
        ("Brussels", "Brussels", "Europe/Brussels"),
        ("Istanbul", "Istanbul", "Europe/Istanbul"),
        ("Doha", "Doha", "Asia/Qatar"),
        ("Cairo", "Cairo", "Africa/Cairo"),
        ("Paris", "Paris", "Europe/Paris"),
        ("Berlin", "Berlin", "Europe/Berlin"),
        ("Minsk", "Minsk", "Europe/Minsk"),
        ("Nur-Sultan", "Astana", "Asia/Almaty"),
        ("Kiev", "Kyiv", "Europe/Kyiv"),
        ("Moscow", "Moscow", "Europe/Moscow"),
        ("Beijing", "Beijing", "Asia/Shanghai"),
        ("Riyadh", "Riyadh", "Asia/Riyadh"),
        ("Muscat", "Muscat", "Asia/Muscat"),
        ("Anchorage", "Anchorage", "America/Anchorage"),
        ("Saint Petersburg", "Saint Petersburg", "Europe/Moscow"),
        ("St. Petersburg", "Saint Petersburg", "Europe/Moscow"),
        ("Rome", "Rome", "Europe/Rome"),
        # Wire copy drops the accents of mid-sized cities too.
        ("Poznan", "Poznań", "Europe/Warsaw"),
        ("Eskisehir", "Eskişehir", "Europe/Istanbul"),
    ],
)
def test_lookup(name: str, city: str, zone: str) -> None:
    found = gazetteer().lookup(name)
    assert found is not None
    assert (found.name, found.timezone) == (city, zone)


@pytest.mark.parametrize("name", ["Georgia", "Alaska", "Mali", "January", "Police", "Of"])
def test_lookup_refuses_non_cities(name: str) -> None:
    assert gazetteer().lookup(name) is None


@pytest.mark.parametrize(
    ("sentence", "words", "city", "locative"),
    [
        ("The talks will be held in Geneva on Monday.", "Geneva", "Geneva", True),
        ("Talks in New York on Friday", "New York", "New York", True),
        ("Vladimir Putin met Joe Biden in Geneva.", "Geneva", "Geneva", True),
        ("They met in Sharm el-Sheikh.", "Sharm el-Sheikh", "Sharm el-Sheikh", True),
        ("The envoys met in Kyiv’s government quarter.", "Kyiv", "Kyiv", True),
        ("The Paris talks ended.", "Paris", "Paris", False),
        ("Saint Petersburg will host the forum.", "Saint Petersburg", "Saint Petersburg", False),
        ("Cairo will host the talks.", "Cairo", "Cairo", False),
    ],
)
def test_find(sentence: str, words: str, city: str, locative: bool) -> None:
    found = gazetteer().find(fold(sentence))
    assert [(p.words, p.city.name, p.locative) for p in found] == [(words, city, locative)]
    mention = found[0]
    assert sentence[mention.start : mention.end] == words


@pytest.mark.parametrize(
    "sentence",
    [
        "Moscow time",
        "Mr. Lincoln said so.",
        "Split over sanctions, ministers argued.",
    ],
)
def test_find_no_venue_city(sentence: str) -> None:
    cities = [p.city.name for p in gazetteer().find(fold(sentence)) if p.locative]
    assert cities == []


@pytest.mark.parametrize(
    ("sentence", "words", "city"),
    [
        # A retreat, a village, an island: the nearest city of the gazetteer, and its clock.
        ("The summit was held at Camp David.", "Camp David", "Hagerstown"),
        ("Leaders meet in Kananaskis on Monday.", "Kananaskis", "Calgary"),
        ("The two leaders met at Panmunjom.", "Panmunjom", "Munsan"),
        ("The G20 summit opens in Bali on Tuesday.", "Bali", "Denpasar"),
        # a listing's label: where its entry happens
        ("Bürgenstock, above Lake Lucerne: Summit on Peace in Ukraine.", "Bürgenstock", "Luzern"),
    ],
)
def test_find_a_venue_that_is_no_city(sentence: str, words: str, city: str) -> None:
    found = gazetteer().find(fold(sentence))
    assert [(p.words, p.city.name, p.locative) for p in found] == [(words, city, True)]


def test_find_skips_a_person_named_like_a_city() -> None:
    found = gazetteer().find(fold("President Joe Biden met Vladimir Putin in Geneva."))
    assert [p.city.name for p in found] == ["Geneva"]


# -- tracks ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "track"),
    [
        ("The NATO–Russia Council met.", "nato-russia-council"),
        ("the Russia-NATO Council", "nato-russia-council"),
        ("Russia — NATO council", "nato-russia-council"),
        ("The NRC will meet", "nato-russia-council"),
        ("The OSCE said", "osce"),
        ("U.S.-Russia talks", "us-russia-security"),
        ("Russian–American talks", "us-russia-security"),
        ("strategic stability", "us-russia-security"),
        ("Iran nuclear talks", "iran-nuclear"),
        ("the JCPOA", "iran-nuclear"),
        ("UN Security Council", "un-security-council"),
        ("the Normandy Four", "normandy-format"),
        ("Istanbul talks", "russia-ukraine-talks"),
        ("Gaza truce talks", "gaza-ceasefire"),
        ("the Astana format", "astana-format"),
        ("New START", "new-start-bcc"),
        ("the Geneva International Discussions", "geneva-international-discussions"),
        ("the Trilateral Contact Group", "minsk-contact-group"),
        ("Syrian Constitutional Committee", "syria-constitutional-committee"),
    ],
)
def test_track_aliases(tracks: TrackCatalogue, text: str, track: str) -> None:
    found = tracks.find(fold(text))
    assert [m.track.id for m in found] == [track]


@pytest.mark.parametrize(
    "text",
    [
        "the osce said",  # acronyms are case-sensitive
        "the nrc",
        "the gid of the matter",
        "a bcc copy of the letter",
    ],
)
def test_acronyms_match_only_in_capitals(tracks: TrackCatalogue, text: str) -> None:
    assert tracks.find(fold(text)) == []


@pytest.mark.parametrize(
    "text",
    [
        "Russia's Security Council met",
        "the Russian Security Council",
        "Ukraine's National Security and Defense Council",
        "Putin chaired a meeting of the Security Council of the Russian Federation",
    ],
)
def test_national_security_councils_are_not_the_un_one(tracks: TrackCatalogue, text: str) -> None:
    assert [m.track.id for m in tracks.find(fold(text))] == []


def test_every_track_has_a_real_zone_and_venue(tracks: TrackCatalogue) -> None:
    for track in tracks:
        if track.venue is not None:
            city = gazetteer().lookup(track.venue)
            assert city is not None, track.id
            assert city.timezone == track.timezone, track.id


@pytest.mark.parametrize(
    ("language", "text", "city"),
    [
        (
            "ru",
            "Вучич и Курти впервые встретились в Брюсселе 15 июня 2021 года, вторая их встреча "
            "прошла там же 19 июля 2021 года.",
            "Brussels",
        ),
        (
            "en",
            "The commission normally meets in Geneva. Its last session opened there on 19 July "
            "2021, months before the war.",
            "Geneva",
        ),
    ],
)
def test_there_is_the_place_named_before_it(language: str, text: str, city: str) -> None:
    events = extract_text(text, dtm.date(2022, 8, 18), language=language)
    by_day = {e.start_date: e.location for e in events}
    assert by_day[dtm.date(2021, 7, 19)] == city, by_day


def test_a_title_is_no_surname_and_a_hyphenated_surname_is_whole() -> None:
    sentence = (
        "Chinese Vice Premier He Lifeng sees Swiss President Karin Keller-Sutter and Economy "
        "Minister Guy Parmelin."
    )
    assert names(sentence) == {"Lifeng", "Keller-Sutter", "Parmelin"}

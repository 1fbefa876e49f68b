"""Times and spans typed at the terminal, and the terminal's own timezone."""

from __future__ import annotations

import datetime as dtm
from pathlib import Path

import pytest

from bot.devtools.terminal.moments import local_timezone, parse_moment, parse_span, shown
from bot.errors import InputError


def test_moments_with_an_offset_without_one_and_dates_alone() -> None:
    utc = dtm.UTC
    assert parse_moment("2022-01-08T09:00+00:00", "Europe/Moscow") == dtm.datetime(
        2022, 1, 8, 9, tzinfo=utc
    )
    assert parse_moment("2022-01-08 09:00", "Europe/Moscow") == dtm.datetime(
        2022, 1, 8, 6, tzinfo=utc
    )
    assert parse_moment("2022-01-08", "UTC") == dtm.datetime(2022, 1, 8, tzinfo=utc)
    assert parse_moment("2022-01-08T06:00Z", "Asia/Tokyo").hour == 6


@pytest.mark.parametrize("text", ["", "tomorrow", "2022-13-01", "8 Jan"])
def test_unreadable_moments_say_how_to_write_them(text: str) -> None:
    with pytest.raises(InputError, match="write it like 2022-01-08T09:00"):
        parse_moment(text, "UTC")


def test_spans() -> None:
    assert parse_span("2h") == dtm.timedelta(hours=2)
    assert parse_span("1d 2h") == dtm.timedelta(days=1, hours=2)
    assert parse_span("1d2h30m") == dtm.timedelta(days=1, hours=2, minutes=30)
    assert parse_span("45s") == dtm.timedelta(seconds=45)
    for bad in ("", "soon", "2x", "0h", "2h later"):
        with pytest.raises(InputError):
            parse_span(bad)


def test_local_timezone_from_tz_then_localtime_then_utc(tmp_path: Path) -> None:
    zoneinfo_dir = tmp_path / "usr/share/zoneinfo/Asia"
    zoneinfo_dir.mkdir(parents=True)
    (zoneinfo_dir / "Tokyo").write_bytes(b"")
    link = tmp_path / "localtime"
    link.symlink_to(zoneinfo_dir / "Tokyo")
    assert local_timezone({"TZ": "Europe/Moscow"}, link) == "Europe/Moscow"
    assert local_timezone({"TZ": ":Europe/Paris"}, link) == "Europe/Paris"
    assert local_timezone({"TZ": "Nowhere/Atlantis"}, link) == "Asia/Tokyo"
    assert local_timezone({}, link) == "Asia/Tokyo"
    assert local_timezone({}, tmp_path / "missing") == "UTC"


def test_times_print_in_the_chat_zone() -> None:
    moment = dtm.datetime(2022, 1, 8, 6, tzinfo=dtm.UTC)
    assert shown(moment, "Europe/Moscow") == "Sat 8 Jan 2022 09:00 MSK"
    assert shown(moment, "UTC") == "Sat 8 Jan 2022 06:00 UTC"

"""Fuzzing the parsers of what users type: a result or a clear InputError, never a crash."""

from __future__ import annotations

import datetime as dtm

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.errors import InputError
from bot.services.following import parse_offsets, parse_time_of_day
from bot.services.when import parse_duration, parse_when, zone
from bot.tg.parse import add_line, arguments, cancel_args, edit_args

TODAY = dtm.date(2022, 1, 5)
# Text that looks like what people type into commands: words, numbers, dates, pipes, markup.
TYPED = st.one_of(
    st.text(max_size=300),
    st.lists(
        st.sampled_from(
            [
                "12",
                "January",
                "2022",
                "10:00",
                "|",
                "Brussels",
                "osce",
                "-",
                "9-10",
                "Jan.",
                "30",
                "February",
                "<b>",
                "&",
                "1d",
                "2h",
                "0m",
                "400d",
                "Moscow",
                "Europe/Vienna",
                "next",
                "Monday",
                "tomorrow",
                "..",
                "/",
                "UTC+99",
                "\n",
                "\x00",
                "💥",
                "°",
            ]
        ),
        max_size=12,
    ).map(" ".join),
)
FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _clear(error: InputError) -> None:
    message = str(error)
    assert message.strip(), "an InputError must say what is wrong"
    assert len(message) < 600
    assert "Traceback" not in message


@FUZZ
@given(TYPED)
def test_add_line_reads_or_refuses(text: str) -> None:
    try:
        request = add_line(text)
    except InputError as error:
        _clear(error)
        return
    assert request.title.strip()
    assert request.when.strip()


@FUZZ
@given(TYPED)
def test_edit_and_cancel_arguments_read_or_refuse(text: str) -> None:
    for parser in (edit_args, cancel_args):
        try:
            parser(text)
        except InputError as error:
            _clear(error)


@FUZZ
@given(TYPED)
def test_offsets_and_times_read_or_refuse(text: str) -> None:
    for parser in (parse_offsets, parse_time_of_day, parse_duration):
        try:
            parser(text)
        except InputError as error:
            _clear(error)


@FUZZ
@given(TYPED, st.sampled_from(["UTC", "Europe/Moscow", "Asia/Tokyo", "America/New_York"]))
def test_dates_read_or_refuse(text: str, tz: str) -> None:
    try:
        when = parse_when(text, TODAY, tz)
    except InputError as error:
        _clear(error)
        return
    assert when.start_date <= when.end_date
    assert when.start_at is None or when.start_at.tzinfo is not None


@FUZZ
@given(TYPED)
def test_timezones_read_or_refuse(text: str) -> None:
    try:
        zone(text)
    except InputError as error:
        _clear(error)


@FUZZ
@given(st.text(max_size=200))
def test_command_arguments_never_raise(text: str) -> None:
    assert isinstance(arguments(text), str)

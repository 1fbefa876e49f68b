"""The bot's commands, driven through the real python-telegram-bot against a local Bot API."""

from __future__ import annotations

import datetime as dtm
import re

import icalendar

from bot.devtools.localapi.models import ChannelOrigin
from bot.devtools.localapi.records import SentRecord
from bot.models import ALL_TRACKS, EventStatus
from tests.tg.conftest import ADMIN, READER, Harness

GROUP = -100777
FEED_ADDRESS = re.compile(r"https://negbot\.example/feeds/([A-Za-z0-9_-]{43})\.ics")


def _text(record: SentRecord) -> str:
    assert record.plain_text is not None, record
    return record.plain_text


async def test_start_welcomes_and_a_deep_link_subscribes(harness: Harness) -> None:
    (welcome,) = await harness.say("/start")
    assert "Welcome to negbot" in _text(welcome)
    assert "/upcoming" in _text(welcome)
    (linked,) = await harness.say("/start track_osce", chat_id=3003)
    assert "You follow OSCE now" in _text(linked)
    assert await harness.services.following.followed(3003) == ["osce"]


async def test_upcoming_lists_the_three_seed_sessions_in_order(harness: Harness) -> None:
    (answer,) = await harness.say("/upcoming")
    text = _text(answer)
    assert answer.parse_mode == "HTML"
    geneva = text.index("US–Russia security talks")
    brussels = text.index("NATO–Russia Council meeting")
    vienna = text.index("OSCE Permanent Council session")
    assert geneva < brussels < vienna
    assert "Sun 9 – Mon 10 Jan 2022" in text
    assert "Wed 12 Jan 2022" in text
    assert "Thu 13 Jan 2022" in text


async def test_upcoming_for_one_track_and_an_unknown_one(harness: Harness) -> None:
    (osce,) = await harness.say("/upcoming osce")
    assert "OSCE Permanent Council session" in _text(osce)
    assert "Geneva" not in _text(osce)
    (unknown,) = await harness.say("/upcoming narnia")
    assert "unknown track 'narnia'" in _text(unknown)


async def test_with_nothing_ahead_it_says_so_and_shows_the_latest(harness: Harness) -> None:
    harness.clock.set(dtm.datetime(2022, 6, 1, tzinfo=dtm.UTC))
    (answer,) = await harness.say("/upcoming")
    assert "No upcoming sessions" in _text(answer)
    assert "OSCE Permanent Council session" in _text(answer)


async def test_past_lists_history_newest_first_in_the_chat_timezone(harness: Harness) -> None:
    await harness.say("/timezone Asia/Tokyo")
    (answer,) = await harness.say("/past")
    text = _text(answer)
    assert text.index("Phone call: Putin – Biden") < text.index("Video call: Putin – Biden")
    # 23:30 Moscow time on 30 December is 05:30 on 31 December in Tokyo, with Moscow beside it.
    assert "Fri 31 Dec 2021, 05:30 JST" in text
    assert "23:30 Moscow time (Thu 30 Dec 2021)" in text


async def test_event_shows_sources_discrepancy_and_sends_an_ics_file(harness: Harness) -> None:
    geneva = (await harness.store.events.find(tracks=["us-russia-security"]))[0]
    (detail,) = await harness.say(f"/event {geneva.number}")
    text = _text(detail)
    assert "Sources disagree" in text
    assert "10 January 2022" in text
    assert "RT" in text
    (document,) = await harness.press(detail, ".ics", method="sendDocument")
    assert document.document is not None
    assert document.document.file_name == f"{geneva.id}.ics"
    calendar = icalendar.Calendar.from_ical(document.document.content)
    (vevent,) = calendar.walk("VEVENT")
    assert str(vevent["UID"]).startswith(geneva.id)
    assert vevent.decoded("DTSTART") == dtm.date(2022, 1, 9)


async def test_event_shortcut_and_bad_ids(harness: Harness) -> None:
    osce = (await harness.store.events.find(tracks=["osce"]))[0]
    (detail,) = await harness.say(f"/event_{osce.number}")
    assert "OSCE Permanent Council session" in _text(detail)
    (missing,) = await harness.say("/event 999")
    assert "no session '999'" in _text(missing)
    (bare,) = await harness.say("/event")
    assert "/event 7" in _text(bare)


async def test_tracks_buttons_subscribe_and_unsubscribe(harness: Harness) -> None:
    (listing,) = await harness.say("/tracks")
    assert "OSCE" in _text(listing)
    await harness.press(listing, "Subscribe: OSCE", method="answerCallbackQuery")
    assert await harness.services.following.followed(READER) == ["osce"]
    (again,) = await harness.say("/tracks")
    await harness.press(again, "Unsubscribe: OSCE", method="answerCallbackQuery")
    assert await harness.services.following.followed(READER) == []


async def test_subscribe_all_list_and_unsubscribe(harness: Harness) -> None:
    (done,) = await harness.say("/subscribe all")
    assert "Subscribed to every track" in _text(done)
    (listing,) = await harness.say("/subscriptions")
    assert "every track" in _text(listing)
    assert await harness.services.following.followed(READER) == [ALL_TRACKS]
    (gone,) = await harness.say("/unsubscribe all")
    assert "Unsubscribed" in _text(gone)
    (bare,) = await harness.say("/subscribe")
    assert "/subscribe osce" in _text(bare)


async def test_settings_commands_change_the_chat_and_refuse_bad_values(harness: Harness) -> None:
    (ok,) = await harness.say("/remind 1d 2h 15m")
    assert "1 day, 2 hours, 15 minutes" in _text(ok)
    (bad,) = await harness.say("/remind soon")
    assert "cannot read 'soon'" in _text(bad)
    (zone,) = await harness.say("/timezone Moscow")
    assert "Europe/Moscow" in _text(zone)
    (bad_zone,) = await harness.say("/timezone Atlantis/Capital")
    assert "unknown timezone" in _text(bad_zone)
    (allday,) = await harness.say("/alldaytime 07:30")
    assert "07:30" in _text(allday)
    (bad_time,) = await harness.say("/alldaytime 25:99")
    assert "cannot read '25:99'" in _text(bad_time)
    (digest,) = await harness.say("/digest weekly")
    assert "Weekly digest on" in _text(digest)
    chat = await harness.store.chats.get(READER)
    assert chat is not None
    assert chat.reminder_offsets == (1440, 120, 15)
    assert chat.timezone == "Europe/Moscow"
    assert chat.allday_time == dtm.time(7, 30)
    assert chat.digest
    (off,) = await harness.say("/remind off")
    assert "Reminders are off" in _text(off)


def _feed_token(text: str) -> str:
    found = FEED_ADDRESS.search(text)
    assert found is not None, text
    return found.group(1)


async def test_feed_shows_a_private_address_once_and_reset_revokes_it(harness: Harness) -> None:
    (first,) = await harness.say("/feed")
    token = _feed_token(_text(first))
    assert "webcal://negbot.example/feeds/" in _text(first)
    chat = await harness.store.chats.by_token(token)
    assert chat is not None
    assert chat.id == READER
    (again,) = await harness.say("/feed")
    assert FEED_ADDRESS.search(_text(again)) is None  # kept only as a hash: not shown again
    assert "cannot show it again" in _text(again)
    assert "/feed reset" in _text(again)
    assert await harness.store.chats.by_token(token) is not None  # and still works
    (reset,) = await harness.say("/feed reset")
    renewed = _feed_token(_text(reset))
    assert renewed != token
    assert await harness.store.chats.by_token(token) is None
    found = await harness.store.chats.by_token(renewed)
    assert found is not None
    assert found.id == READER


async def test_add_one_line_preview_and_confirm(harness: Harness) -> None:
    (preview,) = await harness.say(
        "/add 20 January 2022 10:00 Vienna | OSCE <b>special</b> session | osce",
        chat_id=ADMIN,
    )
    assert "please confirm" in _text(preview)
    assert "OSCE <b>special</b> session" in _text(preview)  # escaped, shown as typed
    follow = await harness.press(preview, "Confirm", method="editMessageText")
    assert "Added" in _text(follow[0])
    added = await harness.store.events.find(start=dtm.date(2022, 1, 20), end=dtm.date(2022, 1, 20))
    assert [(e.title, e.track, e.location) for e in added] == [
        ("OSCE <b>special</b> session", "osce", "Vienna")
    ]
    assert added[0].start_at == dtm.datetime(2022, 1, 20, 9, 0, tzinfo=dtm.UTC)


async def test_add_refuses_bad_lines_and_changes_nothing(harness: Harness) -> None:
    before = await harness.store.events.count()
    for line, problem in [
        ("/add 30 February 2022 | Talks", "not a real date"),
        ("/add tomorrowish | Talks", "cannot read a date"),
        ("/add 20 January 2022 | Talks | narnia", "unknown track"),
        ("/add only one part", "write it like"),
    ]:
        (answer,) = await harness.say(line, chat_id=ADMIN)
        assert problem in _text(answer), line
    assert await harness.store.events.count() == before


async def test_guided_add_asks_step_by_step(harness: Harness) -> None:
    (first,) = await harness.say("/add", chat_id=ADMIN)
    assert "called" in _text(first)
    (second,) = await harness.say("Normandy format advisers", chat_id=ADMIN)
    assert "When" in _text(second)
    (third,) = await harness.say("26 January 2022", chat_id=ADMIN)
    assert "Which track" in _text(third)
    (fourth,) = await harness.press(third, "Normandy format", user_id=ADMIN, method="sendMessage")
    assert "Where" in _text(fourth)
    (preview,) = await harness.say("Paris", chat_id=ADMIN)
    assert "please confirm" in _text(preview)
    await harness.press(preview, "Confirm", user_id=ADMIN, method="editMessageText")
    added = await harness.store.events.find(tracks=["normandy-format"])
    assert [(e.title, e.start_date, e.location) for e in added] == [
        ("Normandy format advisers", dtm.date(2022, 1, 26), "Paris")
    ]


async def test_edit_and_cancel_by_an_editor(harness: Harness) -> None:
    osce = (await harness.store.events.find(tracks=["osce"]))[0]
    (edited,) = await harness.say(f"/edit {osce.number} when 14 January 2022 11:00", chat_id=ADMIN)
    assert "Changed when" in _text(edited)
    (cancelled,) = await harness.say(f"/cancel {osce.number} talks called off", chat_id=ADMIN)
    assert "is cancelled" in _text(cancelled)
    stored = await harness.store.events.get(osce.id)
    assert stored is not None
    assert stored.status is EventStatus.CANCELLED
    assert stored.sequence == 2
    (again,) = await harness.say(f"/cancel {osce.number}", chat_id=ADMIN)
    assert "cancelled already" in _text(again)
    (bad_field,) = await harness.say(f"/edit {osce.number} colour red", chat_id=ADMIN)
    assert "cannot edit 'colour'" in _text(bad_field)


async def test_non_editors_can_change_nothing(harness: Harness) -> None:
    before = await harness.store.events.find()
    for command in ("/add 20 January 2022 | Talks", "/edit 1 title X", "/cancel 1", "/import x"):
        (answer,) = await harness.say(command, chat_id=READER)
        assert "Only editors can change the calendar" in _text(answer), command
        (in_group,) = await harness.say(command, chat_id=GROUP, user_id=READER, chat_type="group")
        assert "Only editors" in _text(in_group), command
    assert await harness.store.events.find() == before


async def test_in_a_group_only_administrators_change_what_it_follows(harness: Harness) -> None:
    harness.api.add_chat(GROUP, chat_type="group", title="Desk")
    harness.api.set_admins(GROUP, [4004])
    (refused,) = await harness.say(
        "/subscribe osce", chat_id=GROUP, user_id=READER, chat_type="group"
    )
    assert "only its administrators" in _text(refused)
    assert await harness.services.following.followed(GROUP) == []
    (done,) = await harness.say("/subscribe osce", chat_id=GROUP, user_id=4004, chat_type="group")
    assert "Subscribed to OSCE" in _text(done)
    (listing,) = await harness.say("/upcoming", chat_id=GROUP, user_id=READER, chat_type="group")
    assert "OSCE" in _text(listing)
    # A group's administrators are editors there.
    (preview,) = await harness.say(
        "/add 21 January 2022 | Desk briefing", chat_id=GROUP, user_id=4004, chat_type="group"
    )
    assert "please confirm" in _text(preview)
    refused_press = await harness.press(
        preview, "Confirm", user_id=READER, method="answerCallbackQuery"
    )
    assert refused_press


async def test_import_proposes_and_adds_a_session(harness: Harness) -> None:
    article = (
        "/import Diplomats said the Normandy format advisers will meet in Paris on "
        "Wednesday, January 26, to discuss the conflict in eastern Ukraine."
    )
    answers = await harness.say(article, chat_id=ADMIN, count=2)
    # No year: the text's own date, if any, cannot be trusted over the day it was sent.
    assert _text(answers[0]).startswith("📰 Read as of Wed 5 Jan 2022 (")
    assert "1 session(s) found" in _text(answers[0])
    assert "Normandy format talks" in _text(answers[1])
    await harness.press(answers[1], "Add", user_id=ADMIN)
    added = await harness.store.events.find(tracks=["normandy-format"])
    assert [(e.start_date, e.location) for e in added] == [(dtm.date(2022, 1, 26), "Paris")]


async def test_a_forwarded_article_is_read_for_anyone(harness: Harness) -> None:
    since = harness.api.last_sent_id
    harness.api.inject_forward(
        "The OSCE Permanent Council will meet in Vienna on 13 January 2022.",
        chat_id=READER,
        user_id=READER,
    )
    answers = await harness.api.wait_for_sent(count=2, since=since, timeout=5)
    assert _text(answers[0]).startswith("📰 Read as of Wed 5 Jan 2022 (the day the original")
    assert "session(s) found" in _text(answers[0])
    assert "Known" in _text(answers[1])
    assert not (answers[1].reply_markup or {}).get("inline_keyboard")


def _posted(day: dtm.date) -> ChannelOrigin:
    """A channel post of noon on `day`, forwarded later."""
    moment = dtm.datetime.combine(day, dtm.time(12, 0), tzinfo=dtm.UTC)
    return ChannelOrigin(title="News channel", date=int(moment.timestamp()))


async def _forward(harness: Harness, text: str, posted: dtm.date, count: int) -> list[SentRecord]:
    since = harness.api.last_sent_id
    harness.api.inject_forward(text, chat_id=ADMIN, user_id=ADMIN, origin=_posted(posted))
    return await harness.api.wait_for_sent(count=count, since=since, timeout=5)


DATELINE = (
    "VIENNA, Dec 9 (Reuters) - The OSCE Permanent Council will meet in Vienna on December 16 "
    "to discuss the crisis in eastern Ukraine, its chair said on Thursday, as tensions over the "
    "build-up of troops near the border grew through 2021."
)


async def test_a_forward_is_read_as_of_its_dateline_not_the_day_it_was_posted(
    harness: Harness,
) -> None:
    # Posted on 3 January, sent on 5 January: the dateline's 9 December 2021 wins, so
    # "December 16" is the coming 16 December 2021, not 16 December 2022.
    answers = await _forward(harness, DATELINE, dtm.date(2022, 1, 3), count=2)
    assert _text(answers[0]) == (
        "📰 Read as of Thu 9 Dec 2021 (its dateline 'VIENNA, Dec 9 (Reuters) -'): "
        "1 session(s) found."
    )
    assert "Thu 16 Dec 2021" in _text(answers[1])
    await harness.press(answers[1], "Add", user_id=ADMIN)
    december = await harness.store.events.find(
        start=dtm.date(2021, 12, 16), end=dtm.date(2021, 12, 16), tracks=["osce"]
    )
    (added,) = december
    assert (added.start_date, added.location) == (dtm.date(2021, 12, 16), "Vienna")
    source = added.sources[-1]
    assert source.published == dtm.date(2021, 12, 9)
    assert source.article_id is not None
    stored = await harness.store.articles.get(source.article_id)
    assert stored is not None
    assert stored.published == dtm.date(2021, 12, 9)


async def test_an_import_is_read_as_of_its_publication_line(harness: Harness) -> None:
    article = (
        "/import Ukraine talks in Vienna\n"
        "Published: Sat, February 09 2019\n\n"
        "The OSCE Permanent Council will meet in Vienna on 14 February, diplomats said on "
        "Saturday, in a session devoted to the situation in eastern Ukraine."
    )
    answers = await harness.say(article, chat_id=ADMIN, count=2)
    assert _text(answers[0]) == (
        "📰 Read as of Sat 9 Feb 2019 (its publication line 'Published: Sat, February 09 "
        "2019'): 1 session(s) found."
    )
    assert "Thu 14 Feb 2019" in _text(answers[1])


NO_DATE = (
    "Diplomats said the OSCE Permanent Council will meet in Vienna on Thursday to discuss the "
    "situation in eastern Ukraine, according to people familiar with the plans."
)


async def test_a_text_with_no_date_of_its_own_is_read_as_of_its_message(
    harness: Harness,
) -> None:
    answers = await harness.say(f"/import {NO_DATE}", chat_id=ADMIN, count=2)
    assert _text(answers[0]) == (
        "📰 Read as of Wed 5 Jan 2022 (no date of its own; the day you sent it): "
        "1 session(s) found."
    )
    assert "Thu 6 Jan 2022" in _text(answers[1])
    # Forwarded, the same text is read as of the day its original was posted.
    answers = await _forward(harness, NO_DATE, dtm.date(2021, 12, 20), count=2)
    assert _text(answers[0]) == (
        "📰 Read as of Mon 20 Dec 2021 (no date of its own; the day the original was posted): "
        "1 session(s) found."
    )
    assert "Thu 23 Dec 2021" in _text(answers[1])


async def test_a_date_of_its_own_later_than_the_message_is_not_taken(harness: Harness) -> None:
    text = (
        "Published: Mon, February 14 2022\n\n"
        "The OSCE Permanent Council will meet in Vienna on Thursday to discuss the situation "
        "in eastern Ukraine, diplomats said."
    )
    answers = await _forward(harness, text, dtm.date(2022, 1, 3), count=2)
    assert _text(answers[0]) == (
        "📰 Read as of Mon 3 Jan 2022 (the day the original was posted; Mon 14 Feb 2022, from "
        "its publication line 'Published: Mon, February 14 2022', is later): 1 session(s) found."
    )
    assert "Thu 6 Jan 2022" in _text(answers[1])


async def test_with_no_session_found_it_still_says_as_of_when(harness: Harness) -> None:
    dated = "/import Published: Sat, February 09 2019\n\nThe minister visited a school."
    (answer,) = await harness.say(dated, chat_id=ADMIN)
    assert _text(answer) == (
        "📰 Read as of Sat 9 Feb 2019 (its publication line 'Published: Sat, February 09 "
        "2019'): I found no dated session in that text."
    )
    (undated,) = await harness.say("/import The minister visited a school.", chat_id=ADMIN)
    assert _text(undated) == (
        "📰 Read as of Wed 5 Jan 2022 (no date of its own; the day you sent it): "
        "I found no dated session in that text."
    )


async def test_unknown_commands_and_chatter(harness: Harness) -> None:
    (answer,) = await harness.say("/teleport")
    assert "Unknown command /teleport" in _text(answer)
    (chatter,) = await harness.say("hello there")
    assert "/help" in _text(chatter)
    (long_arg,) = await harness.say("/subscribe " + "x" * 5000)
    assert "too long" in _text(long_arg)

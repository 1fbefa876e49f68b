"""Bad input to the bot: a specific reply, nothing stored, and the bot keeps serving others."""

from __future__ import annotations

import datetime as dtm
import random

from bot.devtools.localapi.records import SentRecord
from bot.models import ChatKind
from tests.tg.conftest import ADMIN, READER, Harness


def _text(record: SentRecord) -> str:
    assert record.plain_text is not None, record
    return record.plain_text


async def test_reminder_offsets_out_of_range_are_refused(harness: Harness) -> None:
    chat_before = await harness.services.following.chat(READER, ChatKind.PRIVATE, "reader")
    for command, problem in [
        ("/remind 0m", "1 minute at least"),
        ("/remind 400d", "30 days at most"),
        ("/remind 1d 2h 3h 4h 5h 6h", "5 reminders per session at most"),
        ("/remind 1x", "cannot read '1x'"),
    ]:
        (answer,) = await harness.say(command)
        assert problem in _text(answer), command
    chat_after = await harness.store.chats.get(READER)
    assert chat_after is not None
    assert chat_after.reminder_offsets == chat_before.reminder_offsets


async def test_a_huge_add_line_is_refused_with_an_example(harness: Harness) -> None:
    before = await harness.store.events.count()
    (answer,) = await harness.say("/add 20 January 2022 | " + "T" * 4000, chat_id=ADMIN)
    assert "too long" in _text(answer)
    assert await harness.store.events.count() == before


async def test_a_one_megabyte_import_is_read_and_a_larger_file_refused(harness: Harness) -> None:
    sentence = "Filler text without any date at all, repeated to make a long article. "
    body = (sentence * (1024 * 1024 // len(sentence))).encode()
    body += b"\n\nThe OSCE Permanent Council will meet in Vienna on 20 January 2022."
    since = harness.api.last_sent_id
    harness.api.inject_document(
        body, chat_id=ADMIN, file_name="article.txt", caption="/import", user_id=ADMIN
    )
    answers = await harness.api.wait_for_sent(count=2, since=since, timeout=20)
    assert "1 session(s) found" in _text(answers[0])
    assert "20 Jan 2022" in _text(answers[1])
    since = harness.api.last_sent_id
    harness.api.inject_document(
        b"x" * (3 * 1024 * 1024),
        chat_id=ADMIN,
        file_name="huge.txt",
        caption="/import",
        user_id=ADMIN,
    )
    (refused,) = await harness.api.wait_for_sent(since=since, timeout=10)
    assert "too large" in _text(refused)
    since = harness.api.last_sent_id
    harness.api.inject_document(
        b"\x89PNG\r\n",
        chat_id=ADMIN,
        file_name="photo.png",
        mime_type="image/png",
        caption="/import",
        user_id=ADMIN,
    )
    (not_text,) = await harness.api.wait_for_sent(since=since, timeout=10)
    assert "as text, or as a .txt file" in _text(not_text)


async def test_forged_and_stale_callbacks_get_a_clear_answer(harness: Harness) -> None:
    (listing,) = await harness.say("/tracks")
    assert listing.chat_id is not None
    assert listing.message_id is not None
    for data, answer_part in [
        ("f:narnia", "unknown track"),
        ("ics:99999", "gone"),
        ("d:nosuchkey:y", "expired"),
        ("p:nosuchkey:y", "expired"),
        ("ics:abc", "gone"),
        ("d:", "not a button of mine"),
        ("p::::", "not a button of mine"),
        ("d:nosuchkey:maybe", "not a button of mine"),
        ("ics:", "not a button of mine"),
        ("g:", "not a button of mine"),
        ("zz:1", "not a button of mine"),
        ("f:" + "x" * 300, "not a button of mine"),
        ("\u00e9" * 40, "not a button of mine"),
    ]:
        since = harness.api.last_sent_id
        harness.api.press_button(
            chat_id=listing.chat_id,
            message_id=listing.message_id,
            data=data,
            user_id=READER,
            forged=True,
        )
        (record,) = await harness.api.wait_for_sent(
            lambda r: r.method == "answerCallbackQuery", since=since, timeout=5
        )
        assert answer_part in str(record.params.get("text", "")), data
    assert await harness.services.following.followed(READER) == []


async def test_a_draft_cannot_be_confirmed_by_someone_else(harness: Harness) -> None:
    (preview,) = await harness.say(
        "/add 21 January 2022 | Side meeting", chat_id=-100555, user_id=ADMIN, chat_type="group"
    )
    before = await harness.store.events.count()
    answers = await harness.press(preview, "Confirm", user_id=READER, method="answerCallbackQuery")
    assert "only the editor who typed it" in str(answers[0].params.get("text", ""))
    assert await harness.store.events.count() == before


async def test_html_and_markdown_in_titles_are_shown_as_typed(harness: Harness) -> None:
    title = "<i>Talks</i> **bold** _x_ & <script>alert(1)</script>"
    (preview,) = await harness.say(f"/add 22 January 2022 | {title}", chat_id=ADMIN)
    assert title in _text(preview)
    await harness.press(preview, "Confirm", user_id=ADMIN, method="editMessageText")
    (listing,) = await harness.say("/upcoming")
    assert title in _text(listing)


async def test_the_bot_keeps_serving_after_bad_input(harness: Harness) -> None:
    for bad in ("/event ../../etc/passwd", "/timezone " + "Z" * 300, "/edit", "/cancel"):
        await harness.say(bad, chat_id=ADMIN)
    harness.clock.set(dtm.datetime(2022, 1, 5, 9, tzinfo=dtm.UTC))
    (answer,) = await harness.say("/upcoming", chat_id=7007)
    assert "OSCE Permanent Council session" in _text(answer)


async def test_random_commands_always_get_a_clear_answer(harness: Harness) -> None:
    rng = random.Random(20220112)
    words = [
        "12",
        "January",
        "2022",
        "10:00",
        "|",
        "Brussels",
        "osce",
        "all",
        "-",
        "9-10",
        "<b>",
        "&amp;",
        "1d",
        "0m",
        "x" * 60,
        "Europe/Moscow",
        "Mars/X",
        "tomorrow",
        "..",
        "💥",
        "when",
        "title",
        "status",
        "cancelled",
        "none",
        "99",
        "#1",
        "reset",
        "weekly",
        "off",
        "25:61",
    ]
    commands = [
        "/upcoming",
        "/past",
        "/next",
        "/event",
        "/tracks",
        "/subscribe",
        "/unsubscribe",
        "/subscriptions",
        "/remind",
        "/timezone",
        "/alldaytime",
        "/digest",
        "/feed",
        "/add",
        "/edit",
        "/cancel",
        "/import",
        "/help",
        "/start",
        "/nosuch",
    ]
    for _ in range(120):
        text = " ".join([rng.choice(commands), *rng.choices(words, k=rng.randint(0, 6))])
        user = rng.choice([ADMIN, READER])
        answers = await harness.say(text, chat_id=user)
        for answer in answers:
            assert "something went wrong" not in _text(answer), text


async def test_a_ten_megabyte_pasted_import_is_refused_for_its_size(harness: Harness) -> None:
    before = await harness.store.events.count()
    text = "/import " + "The OSCE meets in Vienna on 20 January 2022. " * (10 * 1024 * 1024 // 45)
    (answer,) = await harness.say(text, chat_id=ADMIN)
    assert "the pasted text is too large (10.0 MB; 2 MB at most)" in _text(answer)
    assert await harness.store.events.count() == before

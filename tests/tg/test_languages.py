"""The bot in Russian and in English, through the real application and the local Bot API."""

from __future__ import annotations

import datetime as dtm
import json

from telegram.ext import Application

from bot.devtools.localapi.records import SentRecord
from bot.reminders import Dispatcher, Planner
from bot.tg.app import EDITOR_COMMANDS, READER_COMMANDS, announce_commands
from bot.tg.sender import TelegramSender
from tests.tg.conftest import ADMIN, Harness

RUSSIAN = 7007  # a private chat whose user's Telegram is in Russian


def _text(record: SentRecord) -> str:
    assert record.plain_text is not None, record
    return record.plain_text


async def _say_ru(harness: Harness, text: str) -> str:
    (answer,) = await harness.say(text, chat_id=RUSSIAN, language_code="ru")
    return _text(answer)


async def test_a_russian_speaking_user_is_welcomed_and_helped_in_russian(harness: Harness) -> None:
    welcome = await _say_ru(harness, "/start")
    assert "Добро пожаловать в negbot" in welcome
    assert "/upcoming [трек] — предстоящие встречи" in welcome
    assert "Welcome" not in welcome
    chat = await harness.store.chats.get(RUSSIAN)
    assert chat is not None
    assert chat.language == "ru"
    help_text = await _say_ru(harness, "/help")
    assert "ведёт календарь дипломатических переговорных треков" in help_text
    assert "<b>" not in help_text  # still Telegram HTML, rendered


async def test_english_stays_the_default_for_other_languages(harness: Harness) -> None:
    (answer,) = await harness.say("/start", chat_id=8008, language_code="de")
    assert "Welcome to negbot" in _text(answer)
    chat = await harness.store.chats.get(8008)
    assert chat is not None
    assert chat.language == "en"


async def test_upcoming_in_russian_has_babel_dates(harness: Harness) -> None:
    text = await _say_ru(harness, "/upcoming")
    assert text.startswith("Предстоящие встречи")
    assert "9—10 янв. 2022\u202fг. (весь день)" in text
    assert "чт, 13 янв. 2022\u202fг." in text
    assert "Sun 9" not in text
    # Sessions with their track's usual title take the catalogue's Russian title.
    assert "Российско-американские переговоры по безопасности" in text
    assert "Заседание Постоянного совета ОБСЕ" in text
    assert "OSCE Permanent Council session" not in text


async def test_bad_input_is_refused_in_russian(harness: Harness) -> None:
    assert "неизвестный трек 'narnia'" in await _say_ru(harness, "/upcoming narnia")
    assert "напишите, например, /event 7" in await _say_ru(harness, "/event")


async def test_language_shows_buttons_switches_and_refuses_a_bad_value(harness: Harness) -> None:
    await _say_ru(harness, "/start")
    (shown,) = await harness.say("/language", chat_id=RUSSIAN)
    assert "Язык этого чата — Русский" in _text(shown)
    refused = await _say_ru(harness, "/language xx")
    assert refused == "⚠️ неизвестный язык 'xx': напишите /language ru или /language en"
    chat = await harness.store.chats.get(RUSSIAN)
    assert chat is not None
    assert chat.language == "ru"
    switched = await _say_ru(harness, "/language en")
    assert switched == "🗣 negbot speaks English here now."
    assert "Upcoming sessions" in await _say_ru(harness, "/upcoming")
    (pressed,) = await harness.press(shown, "Русский", method="sendMessage")
    assert _text(pressed) == "🗣 Язык negbot в этом чате: Русский."
    assert "Предстоящие встречи" in await _say_ru(harness, "/upcoming")


async def test_subscriptions_and_settings_answer_in_russian(harness: Harness) -> None:
    subscribed = await _say_ru(harness, "/subscribe osce")
    assert subscribed.startswith("✅ Подписка оформлена: OSCE.")
    assert "Напомню за 1 день, 1 час до каждой встречи" in subscribed
    listed = await _say_ru(harness, "/subscriptions")
    assert listed.startswith("Ваши подписки\n• OSCE")
    assert "за 3 дня, 5 минут до" in await _say_ru(harness, "/remind 3d 5m")
    assert "даты показываются в поясе Asia/Tokyo" in await _say_ru(harness, "/timezone Tokyo")
    assert "Напомню за 1 минуту до" in await _say_ru(harness, "/remind 1m")


async def test_next_and_event_detail_in_russian(harness: Harness) -> None:
    detail = await _say_ru(harness, "/next")
    assert "Источники" in detail
    assert "версия" in detail


async def test_a_reminder_comes_in_russian_with_the_right_plural(harness: Harness) -> None:
    await _say_ru(harness, "/subscribe osce")
    await _say_ru(harness, "/remind 3d")
    planner = Planner(harness.store, harness.clock)
    await planner.plan_all()
    # The OSCE session is all day on Thursday 13 January; three days before, at 09:00 UTC.
    harness.clock.set(dtm.datetime(2022, 1, 10, 9, 0, 30, tzinfo=dtm.UTC))
    async with _bot_app(harness) as app:
        sender = TelegramSender(app.bot)
        report = await Dispatcher(
            harness.store, sender, harness.clock, "test", per_chat_interval=0
        ).run_once()
    assert report.sent == 1
    (sent,) = [r for r in harness.api.sent_to(RUSSIAN) if "Напоминание" in (r.plain_text or "")]
    assert _text(sent).startswith("⏰ Напоминание: через 3 дня\n")
    assert "Заседание Постоянного совета ОБСЕ" in _text(sent)
    assert "(весь день)" in _text(sent)


async def test_the_menus_come_in_both_languages_and_editors_see_theirs(harness: Harness) -> None:
    async with _bot_app(harness) as app:
        await announce_commands(app, frozenset({ADMIN}))
    menus = harness.api.world.commands
    default = json.dumps({"type": "default"})
    readers = [name for name, _ in READER_COMMANDS]
    assert [c.command for c in menus[(default, "")]] == readers
    russian = {c.command: c.description for c in menus[(default, "ru")]}
    assert russian["upcoming"] == "предстоящие встречи [трек]"
    assert "add" not in russian
    admin_chat = json.dumps({"chat_id": ADMIN, "type": "chat"}, sort_keys=True)
    editors = [c.command for c in menus[(admin_chat, "ru")]]
    assert {name for name, _ in EDITOR_COMMANDS} <= set(editors)
    admins = json.dumps({"type": "all_chat_administrators"})
    assert "import" in [c.command for c in menus[(admins, "")]]


def _bot_app(harness: Harness) -> Application:  # type: ignore[type-arg]
    return (
        Application.builder()
        .token(harness.api.token)
        .base_url(harness.api.base_url)
        .base_file_url(harness.api.base_file_url)
        .job_queue(None)
        .build()
    )


async def test_a_russian_speaking_editor_is_guided_in_russian(harness: Harness) -> None:
    (question,) = await harness.say("/add", chat_id=ADMIN, language_code="ru")
    assert _text(question).startswith("➕ Как называется встреча?")
    (stopped,) = await harness.say("отмена", chat_id=ADMIN)
    assert _text(stopped) == "Прервано; ничего не добавлено."
    (refused,) = await harness.say("/cancel", chat_id=RUSSIAN, language_code="ru")
    assert _text(refused).startswith("🔒 Календарь меняют только редакторы")

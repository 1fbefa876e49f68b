"""A running bot: the real python-telegram-bot application, the store, and a local Bot API."""

from __future__ import annotations

import datetime as dtm
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass

import pytest

from bot.articles import read_article
from bot.clock import ManualClock
from bot.config import Settings
from bot.devtools.localapi import LocalBotApi
from bot.devtools.localapi.models import ChatType
from bot.devtools.localapi.records import SentRecord
from bot.services.container import Services
from bot.store import Store
from bot.tg.app import build_application
from tests.conftest import SEEDS

ADMIN = 1001
READER = 2002
# A bound on waiting for the bot's answers, not a wait: they usually come within a second, but
# a 10 MB message takes about 6 s through the local Bot API on a loaded machine.
WAIT = 30.0


@dataclass
class Harness:
    """The bot under test and the Telegram it talks to."""

    api: LocalBotApi
    services: Services
    store: Store
    clock: ManualClock

    async def say(
        self,
        text: str,
        *,
        chat_id: int = READER,
        user_id: int | None = None,
        chat_type: ChatType | None = None,
        count: int = 1,
        language_code: str | None = None,
    ) -> list[SentRecord]:
        """Write in a chat as a user (whose Telegram is in `language_code`) and return the
        bot's answers."""
        since = self.api.last_sent_id
        self.api.inject_message(
            text,
            chat_id=chat_id,
            user_id=user_id if user_id is not None else chat_id,
            chat_type=chat_type,
            language_code=language_code,
        )
        return await self.api.wait_for_sent(count=count, since=since, timeout=WAIT)

    async def press(
        self,
        record: SentRecord,
        label_part: str,
        *,
        user_id: int | None = None,
        count: int = 1,
        method: str | None = None,
    ) -> list[SentRecord]:
        """Press the inline button whose label contains `label_part`; return what follows."""
        markup = record.reply_markup or {}
        for row in markup.get("inline_keyboard", []):
            for button in row:
                if label_part in button.get("text", ""):
                    since = self.api.last_sent_id
                    assert record.chat_id is not None
                    assert record.message_id is not None
                    self.api.press_button(
                        chat_id=record.chat_id,
                        message_id=record.message_id,
                        data=button["callback_data"],
                        user_id=user_id if user_id is not None else record.chat_id,
                    )
                    predicate: Callable[[SentRecord], bool] | None = (
                        (lambda r: r.method == method) if method else None
                    )
                    return await self.api.wait_for_sent(
                        predicate=predicate, count=count, since=since, timeout=WAIT
                    )
        raise AssertionError(f"no button with {label_part!r} in {markup}")


@pytest.fixture
async def harness(store: Store, clock: ManualClock) -> AsyncIterator[Harness]:
    """Run the bot on the seeds' calendar, on 5 January 2022."""
    clock.set(dtm.datetime(2022, 1, 5, 9, 0, tzinfo=dtm.UTC))
    settings = Settings(
        _env_file=None,
        database_url="sqlite://",
        admin_ids=str(ADMIN),
        public_url="https://negbot.example",
    )
    services = Services.build(settings, store, clock, bot_username="negbot_local_bot")
    await services.importer.import_articles([read_article(p) for p in sorted(SEEDS.glob("*.txt"))])
    async with LocalBotApi(clock=lambda: clock.now().timestamp()) as api:
        application, _ = build_application(services, api.token, api.base_url, polling_timeout=1)
        async with application:
            await application.start()
            assert application.updater is not None
            await application.updater.start_polling(poll_interval=0, timeout=1)
            try:
                yield Harness(api, services, store, clock)
            finally:
                await application.updater.stop()
                await application.stop()

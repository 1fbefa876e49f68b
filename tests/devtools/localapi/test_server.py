"""The local Bot API against the real python-telegram-bot: polling, webhook, faults, control."""

from __future__ import annotations

import asyncio
import base64
import contextlib
import datetime as dtm
from collections.abc import AsyncIterator, Callable
from typing import Any, TypeAlias

import aiohttp
import pytest
from aiohttp import web
from telegram import (
    BotCommand,
    ChatMemberAdministrator,
    ChatMemberMember,
    ChatMemberOwner,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    MessageOriginChannel,
    Update,
)
from telegram.constants import ParseMode
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Conflict,
    EndPointNotFound,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
)
from telegram.ext import (
    AIORateLimiter,
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot.devtools.localapi import SECRET_HEADER, ChannelOrigin, Fault, LocalBotApi, SentRecord

PRIVATE = 4242
GROUP = -1001234567890
Context = ContextTypes.DEFAULT_TYPE
App: TypeAlias = Application[Any, Any, Any, Any, Any, Any]


@pytest.fixture
async def api() -> AsyncIterator[LocalBotApi]:
    async with LocalBotApi() as server:
        yield server


@pytest.fixture(autouse=True)
def _timedelta_retry_after(monkeypatch: pytest.MonkeyPatch) -> None:
    # PTB 22 warns when RetryAfter.retry_after is read as an int; opt in to timedelta.
    monkeypatch.setenv("PTB_TIMEDELTA", "true")


def build(api: LocalBotApi, token: str | None = None) -> App:
    return (
        Application.builder()
        .token(token or api.token)
        .base_url(api.base_url)
        .base_file_url(api.base_file_url)
        .build()
    )


@contextlib.asynccontextmanager
async def running(app: App) -> AsyncIterator[App]:
    """Run an application with PTB's manual lifecycle, polling with a short timeout."""
    async with app:
        await app.start()
        assert app.updater is not None
        await app.updater.start_polling(poll_interval=0, timeout=1)
        try:
            yield app
        finally:
            await app.updater.stop()
            await app.stop()


async def start(update: Update, context: Context) -> None:
    """Greet the user in HTML."""
    assert update.effective_message is not None
    await update.effective_message.reply_text("Hello, <b>analyst</b>!", parse_mode=ParseMode.HTML)


def sent_by(method: str, chat_id: int | None = None) -> Callable[[SentRecord], bool]:
    def wanted(record: SentRecord) -> bool:
        return record.method == method and (chat_id is None or record.chat_id == chat_id)

    return wanted


async def test_start_command_gets_a_reply(api: LocalBotApi) -> None:
    app = build(api)
    app.add_handler(CommandHandler("start", start))
    async with running(app):
        api.inject_message("/start", chat_id=PRIVATE, username="ana")
        [reply] = await api.wait_for_sent(lambda r: r.method == "sendMessage", timeout=2)
    assert reply.chat_id == PRIVATE
    assert reply.text == "Hello, <b>analyst</b>!"
    assert reply.parse_mode == "HTML"
    assert reply.plain_text == "Hello, analyst!"
    assert reply.message is not None
    assert [e.type for e in reply.message.entities] == ["bold"]


async def test_group_command_addressed_to_the_bot(api: LocalBotApi) -> None:
    app = build(api)
    app.add_handler(CommandHandler("start", start))
    async with running(app):
        api.inject_message("/start@negbot_local_bot", chat_id=GROUP, user_id=7)
        [reply] = await api.wait_for_sent(timeout=2)
    assert reply.chat_id == GROUP
    assert api.world.chats[GROUP].type == "supergroup"


async def test_inline_button_round_trip(api: LocalBotApi) -> None:
    async def menu(update: Update, context: Context) -> None:
        """Offer a choice."""
        assert update.effective_message is not None
        keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("OSCE", callback_data="t:osce")]])
        await update.effective_message.reply_text("Pick a track", reply_markup=keyboard)

    async def chosen(update: Update, context: Context) -> None:
        """Confirm the choice and drop the keyboard."""
        query = update.callback_query
        assert query is not None
        await query.answer("Subscribed")
        await query.edit_message_text(f"Subscribed to {query.data}")

    app = build(api)
    app.add_handler(CommandHandler("menu", menu))
    app.add_handler(CallbackQueryHandler(chosen))
    async with running(app):
        api.inject_message("/menu", chat_id=PRIVATE)
        [offer] = await api.wait_for_sent(timeout=2)
        assert offer.reply_markup is not None
        assert offer.message_id is not None
        api.press_button(chat_id=PRIVATE, message_id=offer.message_id, data="t:osce")
        [answer] = await api.wait_for_sent(sent_by("answerCallbackQuery"), timeout=2)
        [edit] = await api.wait_for_sent(sent_by("editMessageText"), timeout=2)
    assert answer.text == "Subscribed"
    assert edit.message_id == offer.message_id
    shown = api.messages(PRIVATE)[-1]
    assert shown.text == "Subscribed to t:osce"
    assert shown.reply_markup is None  # an edit without reply_markup drops the keyboard


async def test_document_upload_keeps_bytes_and_name(api: LocalBotApi) -> None:
    content = b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"
    api.add_chat(PRIVATE)
    async with build(api) as app:
        message = await app.bot.send_document(
            PRIVATE, document=content, filename="osce.ics", caption="<i>Feed</i>", parse_mode="HTML"
        )
        assert message.document is not None
        assert message.document.file_name == "osce.ics"
        assert message.caption == "Feed"
        file = await app.bot.get_file(message.document.file_id)
        downloaded = await file.download_as_bytearray()
    [record] = api.sent
    assert record.document is not None
    assert record.document.content == content
    assert record.document.file_name == "osce.ics"
    assert record.caption == "<i>Feed</i>"
    assert bytes(downloaded) == content


async def test_commands_are_kept_per_scope(api: LocalBotApi) -> None:
    commands = [BotCommand("upcoming", "Next sessions"), BotCommand("subscribe", "Follow a track")]
    async with build(api) as app:
        assert await app.bot.set_my_commands(commands)
        assert tuple(await app.bot.get_my_commands()) == tuple(commands)
        assert await app.bot.get_my_commands(language_code="ru") == ()
        with pytest.raises(BadRequest, match=r"(?i)bot_command_invalid"):
            await app.bot.set_my_commands([BotCommand("Upcoming", "capitals are refused")])
        assert await app.bot.delete_my_commands()
        assert await app.bot.get_my_commands() == ()


async def test_offset_confirms_updates_so_none_is_delivered_twice(api: LocalBotApi) -> None:
    async with build(api) as app:
        for text in ("one", "two", "three"):
            api.inject_message(text, chat_id=PRIVATE)
        first = await app.bot.get_updates(limit=2)
        assert [u.message.text for u in first if u.message] == ["one", "two"]
        rest = await app.bot.get_updates(offset=first[-1].update_id + 1)
        assert [u.message.text for u in rest if u.message] == ["three"]
        assert await app.bot.get_updates(offset=rest[-1].update_id + 1) == ()
        api.inject_message("four", chat_id=PRIVATE)
        [fresh] = await app.bot.get_updates(offset=rest[-1].update_id + 1)
    assert fresh.update_id == rest[-1].update_id + 1


async def test_long_poll_returns_as_soon_as_an_update_arrives(api: LocalBotApi) -> None:
    async with build(api) as app:
        poll = asyncio.create_task(app.bot.get_updates(timeout=10))
        await api.wait_for_call("getUpdates", timeout=2)
        api.inject_message("/upcoming", chat_id=PRIVATE)
        async with asyncio.timeout(2):
            [update] = await poll
    assert update.message is not None
    assert update.message.text == "/upcoming"
    assert update.message.entities[0].type == "bot_command"


async def test_allowed_updates_filter_new_updates(api: LocalBotApi) -> None:
    async with build(api) as app:
        assert await app.bot.get_updates(allowed_updates=["callback_query"]) == ()
        api.inject_message("ignored", chat_id=PRIVATE)
        assert await app.bot.get_updates() == ()


@pytest.mark.parametrize(
    ("fault", "error", "check"),
    [
        (Fault.too_many_requests(7), RetryAfter, "retry_after"),
        (Fault.bot_blocked(), Forbidden, "blocked"),
        (Fault.chat_migrated(-1009876543210), ChatMigrated, "migrated"),
        (Fault.server_error(502), NetworkError, "Bad Gateway"),
    ],
)
async def test_injected_faults_raise_ptbs_errors(
    api: LocalBotApi, fault: Fault, error: type[Exception], check: str
) -> None:
    api.add_chat(PRIVATE)
    api.inject_fault(fault, method="sendMessage", chat_id=PRIVATE, times=1)
    async with build(api) as app:
        with pytest.raises(error) as raised:
            await app.bot.send_message(PRIVATE, "reminder")
        assert type(raised.value) is error
        if isinstance(raised.value, RetryAfter):
            assert raised.value.retry_after == dtm.timedelta(seconds=7)
        elif isinstance(raised.value, ChatMigrated):
            assert raised.value.new_chat_id == -1009876543210
        else:
            assert check in str(raised.value)
        await app.bot.send_message(PRIVATE, "reminder")  # the fault was for one call only
    assert len(api.sent) == 1


async def test_blocked_and_migrated_chats_stay_so(api: LocalBotApi) -> None:
    api.add_chat(PRIVATE)
    api.add_chat(-555, chat_type="group", title="Editors")
    api.block_bot(PRIVATE)
    api.migrate_chat(-555, -1005550000000)
    async with build(api) as app:
        for _ in range(2):
            with pytest.raises(Forbidden):
                await app.bot.send_message(PRIVATE, "x")
            with pytest.raises(ChatMigrated):
                await app.bot.send_message(-555, "x")
        chat = await app.bot.get_chat(-1005550000000)
        assert chat.type == "supergroup"
        assert chat.title == "Editors"
    assert api.stats.errors == {403: 2, 400: 2}


async def test_slow_answers_are_delayed(api: LocalBotApi) -> None:
    loop = asyncio.get_running_loop()
    async with build(api) as app:
        api.inject_fault(Fault.slow(0.3), method="getMe", times=1)
        began = loop.time()
        await app.bot.get_me()
        slow = loop.time() - began
        began = loop.time()
        await app.bot.get_me()
        fast = loop.time() - began
    assert slow >= 0.3 > fast
    assert api.stats.calls["getMe"] == 3  # initialize() called it first


async def test_wrong_token_and_unknown_method_look_like_invalid_token(api: LocalBotApi) -> None:
    # Application.__aenter__ leaks the bot's HTTP client when getMe fails (its shutdown()
    # returns early while not initialized), so check the token on the Bot, which cleans up.
    with pytest.raises(InvalidToken, match="rejected by the server"):
        async with build(api, token="999:wrong-token").bot:
            pass
    async with build(api) as app:
        with pytest.raises(EndPointNotFound):
            await app.bot.do_api_request("noSuchMethod")
    async with aiohttp.ClientSession() as session:
        async with session.post(f"{api.base_url}999:nope/getMe") as response:
            assert response.status == 401
            assert await response.json() == {
                "ok": False,
                "error_code": 401,
                "description": "Unauthorized",
            }
        async with session.post(f"{api.base_url}{api.token}/GETME") as response:
            assert (await response.json())["result"]["is_bot"] is True  # names ignore case


async def test_bad_html_and_unmodified_edits_are_refused(api: LocalBotApi) -> None:
    api.add_chat(PRIVATE)
    async with build(api) as app:
        with pytest.raises(BadRequest, match="parse entities"):
            await app.bot.send_message(PRIVATE, "<b>Geneva</i>", parse_mode="HTML")
        with pytest.raises(BadRequest, match="parse entities"):
            await app.bot.send_message(PRIVATE, "talks < 2 days", parse_mode="HTML")
        with pytest.raises(BadRequest, match="too long"):
            await app.bot.send_message(PRIVATE, "x" * 4097)
        sent = await app.bot.send_message(PRIVATE, "Geneva &amp; Vienna", parse_mode="HTML")
        assert sent.text == "Geneva & Vienna"
        with pytest.raises(BadRequest, match="not modified"):
            await sent.edit_text("Geneva &amp; Vienna", parse_mode="HTML")


async def test_chat_members_follow_the_admins_set(api: LocalBotApi) -> None:
    api.inject_message("hello", chat_id=GROUP, user_id=30)
    api.set_admins(GROUP, [20], creator_id=10)
    async with build(api) as app:
        owner = await app.bot.get_chat_member(GROUP, 10)
        admin = await app.bot.get_chat_member(GROUP, 20)
        member = await app.bot.get_chat_member(GROUP, 30)
        admins = await app.bot.get_chat_administrators(GROUP)
    assert isinstance(owner, ChatMemberOwner)
    assert isinstance(admin, ChatMemberAdministrator)
    assert isinstance(member, ChatMemberMember)
    assert [m.user.id for m in admins] == [10, 20]


async def test_forwarded_article_carries_its_origin(api: LocalBotApi) -> None:
    seen: asyncio.Queue[Update] = asyncio.Queue()

    async def remember(update: Update, context: Context) -> None:
        """Keep the update for the test."""
        await seen.put(update)

    app = build(api)
    app.add_handler(MessageHandler(filters.FORWARDED, remember))
    async with running(app):
        api.inject_forward(
            "Talks resume in Geneva on January 10",
            chat_id=PRIVATE,
            origin=ChannelOrigin(title="TASS"),
        )
        async with asyncio.timeout(2):
            update = await seen.get()
    assert update.message is not None
    origin = update.message.forward_origin
    assert isinstance(origin, MessageOriginChannel)
    assert origin.chat.title == "TASS"


async def test_webhook_posts_updates_with_the_secret(api: LocalBotApi) -> None:
    received: asyncio.Queue[tuple[str | None, dict[str, object]]] = asyncio.Queue()

    async def receive(request: web.Request) -> web.Response:
        await received.put((request.headers.get(SECRET_HEADER), await request.json()))
        return web.Response()

    receiver = web.Application()
    receiver.router.add_post("/hook", receive)
    runner = web.AppRunner(receiver)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    try:
        async with build(api) as app:
            url = f"http://127.0.0.1:{port}/hook"
            assert await app.bot.set_webhook(url, secret_token="s3cret")
            update = api.inject_message("/start", chat_id=PRIVATE)
            async with asyncio.timeout(2):
                secret, body = await received.get()
            assert secret == "s3cret"
            assert body["update_id"] == update.update_id
            with pytest.raises(Conflict, match="webhook is active"):
                await app.bot.get_updates()
            info = await app.bot.get_webhook_info()
            assert info.url == url
            assert await app.bot.delete_webhook()
            assert await app.bot.get_updates() == ()
    finally:
        await runner.cleanup()


async def test_overlapping_long_polls_conflict(api: LocalBotApi) -> None:
    async with build(api) as first, build(api) as second:
        older = asyncio.create_task(first.bot.get_updates(timeout=5))
        await api.wait_for_call("getUpdates", timeout=2)
        assert await second.bot.get_updates(timeout=0) == ()
        with pytest.raises(Conflict, match="terminated by other getUpdates request"):
            async with asyncio.timeout(2):
                await older


async def test_flood_limiter_answers_429_beyond_the_rate() -> None:
    async with LocalBotApi(flood_limit=5) as api:
        api.add_chat(PRIVATE)
        async with build(api) as app:
            results = await asyncio.gather(
                *(app.bot.send_message(PRIVATE, f"n{i}") for i in range(8)),
                return_exceptions=True,
            )
        refused = [r for r in results if isinstance(r, RetryAfter)]
        assert len(refused) == 3
        assert all(r.retry_after == dtm.timedelta(seconds=1) for r in refused)
        assert api.stats.too_many_requests == 3
        assert api.stats.calls["sendMessage"] == 8
        assert len(api.sent) == 5


async def test_stop_answers_a_pending_long_poll() -> None:
    api = LocalBotApi()
    await api.start()
    async with aiohttp.ClientSession() as session:
        url = f"{api.base_url}{api.token}/getUpdates"
        poll = asyncio.create_task(session.post(url, data={"timeout": "30"}))
        await api.wait_for_call("getUpdates", timeout=2)
        async with asyncio.timeout(2):
            await api.stop()
            response = await poll
        assert await response.json() == {"ok": True, "result": []}
        response.release()


async def test_http_control_drives_a_running_bot(api: LocalBotApi) -> None:
    app = build(api)
    app.add_handler(CommandHandler("start", start))
    control = f"{api.root_url}/control"
    async with running(app), aiohttp.ClientSession() as session:
        body = {"text": "/start", "chat_id": PRIVATE, "username": "ana"}
        async with session.post(f"{control}/messages", json=body) as response:
            assert (await response.json())["update"]["message"]["text"] == "/start"
        wait = {"chat_id": PRIVATE, "method": "sendMessage", "timeout": 2}
        async with session.post(f"{control}/sent/wait", json=wait) as response:
            [record] = (await response.json())["sent"]
        assert record["plain_text"] == "Hello, analyst!"

        fault = {"kind": "retry_after", "retry_after": 3, "method": "sendMessage"}
        async with session.post(f"{control}/faults", json=fault) as response:
            assert response.status == 200
        with pytest.raises(RetryAfter):
            await app.bot.send_message(PRIVATE, "x")
        async with session.get(f"{control}/stats") as response:
            assert (await response.json())["too_many_requests"] == 1

        await app.bot.send_document(PRIVATE, b"abc", filename="a.txt")
        async with session.get(f"{control}/sent", params={"since": record["id"]}) as response:
            [document] = (await response.json())["sent"]
        assert base64.b64decode(document["document"]["content_base64"]) == b"abc"

        async with session.post(f"{control}/messages", json={"chat_id": 1}) as response:
            assert response.status == 400
        async with session.get(f"{api.base_url}{api.token}/control/stats") as response:
            assert response.status == 404


async def test_html_entities_use_utf16_offsets_as_ptb_expects(api: LocalBotApi) -> None:
    api.add_chat(PRIVATE)
    async with build(api) as app:
        sent = await app.bot.send_message(
            PRIVATE,
            "🇷🇺 <b>Moscow</b> → <a href='https://example.org/x'>link</a>\n"
            '<pre><code class="language-python">x = 1</code></pre>',
            parse_mode="HTML",
        )
    bold, link, pre = sent.entities
    assert sent.parse_entity(bold) == "Moscow"
    assert sent.parse_entity(link) == "link"
    assert link.url == "https://example.org/x"
    assert (pre.type, pre.language, sent.parse_entity(pre)) == ("pre", "python", "x = 1")


async def test_json_bodies_and_query_strings_are_accepted(api: LocalBotApi) -> None:
    api.add_chat(PRIVATE)
    keyboard = {"inline_keyboard": [[{"text": "OK", "callback_data": "ok"}]]}
    async with aiohttp.ClientSession() as session:
        url = f"{api.base_url}{api.token}/sendMessage"
        body = {"chat_id": PRIVATE, "text": "json", "reply_markup": keyboard}
        async with session.post(url, json=body) as response:
            message = (await response.json())["result"]
        async with session.get(url, params={"chat_id": str(PRIVATE), "text": "query"}) as response:
            assert (await response.json())["result"]["text"] == "query"
    assert message["reply_markup"] == keyboard
    assert isinstance(message["date"], int)
    assert message["chat"] == {"id": PRIVATE, "type": "private", "first_name": f"User{PRIVATE}"}


async def test_ptbs_rate_limiter_obeys_retry_after(api: LocalBotApi) -> None:
    api.add_chat(PRIVATE)
    api.inject_fault(Fault.too_many_requests(1), method="sendMessage", times=1)
    app = (
        Application.builder()
        .token(api.token)
        .base_url(api.base_url)
        .base_file_url(api.base_file_url)
        .rate_limiter(AIORateLimiter(max_retries=1))
        .build()
    )
    async with app:
        await app.bot.send_message(PRIVATE, "reminder")
    assert api.stats.calls["sendMessage"] == 2
    assert api.stats.too_many_requests == 1
    assert [r.text for r in api.sent] == ["reminder"]


async def test_webhook_retries_after_a_failed_delivery(api: LocalBotApi) -> None:
    statuses = [500, 200]
    received: asyncio.Queue[int] = asyncio.Queue()

    async def receive(request: web.Request) -> web.Response:
        await received.put((await request.json())["update_id"])
        return web.Response(status=statuses.pop(0))

    receiver = web.Application()
    receiver.router.add_post("/hook", receive)
    runner = web.AppRunner(receiver)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    try:
        async with build(api) as app:
            await app.bot.set_webhook(f"http://127.0.0.1:{runner.addresses[0][1]}/hook")
            update = api.inject_message("hello", chat_id=PRIVATE)
            async with asyncio.timeout(2):
                assert [await received.get(), await received.get()] == [update.update_id] * 2
            info = await app.bot.get_webhook_info()
            with pytest.raises(BadRequest, match="loopback"):
                await app.bot.set_webhook("https://example.org/hook")
    finally:
        await runner.cleanup()
    assert info.last_error_message == "Wrong response from the webhook: 500 Internal Server Error"

"""A private chat between the terminal user and the real bot, through the local Bot API.

The bot is the application `negbot run` starts, polling a LocalBotApi on 127.0.0.1: what the
user types is injected there as a Telegram message (a number presses a button), and a
background task prints every message the bot sends to this chat, in order, as it arrives.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dtm
import logging
import mimetypes
import signal
import tempfile
from pathlib import Path

from rich.console import Console
from rich.text import Text

from bot.clock import ManualClock
from bot.devtools.localapi import LocalBotApi, SentRecord
from bot.devtools.terminal.moments import parse_moment, parse_span, shown
from bot.devtools.terminal.render import Button, buttons, html_text, keyboard_text
from bot.devtools.terminal.simulation import Simulation
from bot.devtools.terminal.terminal import PROMPT, LineCancelled, LineReader
from bot.devtools.terminal.terminal_chat import TERMINAL_CHAT_ID
from bot.errors import InputError
from bot.runtime import Running

log = logging.getLogger(__name__)

ANSWER_TIMEOUT = 30.0  # seconds to wait for the bot to handle what the user typed
MAX_UPLOAD = 1024 * 1024
_DIM = "dim"


class ChatSession:
    """The terminal side of the chat: read, inject, wait for the answer, print what arrives."""

    def __init__(
        self,
        api: LocalBotApi,
        running: Running,
        console: Console,
        *,
        chat_id: int = TERMINAL_CHAT_ID,
        clock: ManualClock | None = None,
        downloads: Path | None = None,
    ) -> None:
        self._api = api
        self._running = running
        self._console = console
        self._chat_id = chat_id
        self._clock = clock
        self._downloads = downloads
        self._seen = api.last_sent_id
        self._offer: tuple[int, list[list[Button]]] | None = None  # the latest buttons
        self._hinted = False
        self._last_header: str | None = None  # messages arriving together share one time
        self._awaiting = False  # while True, arriving messages are the answer to the user
        self._watcher: asyncio.Task[None] | None = None
        self._action: asyncio.Task[bool] | None = None
        self._terminated = False
        self._printed = asyncio.Condition()  # notified when the watcher has printed more

    # -- lifecycle ---------------------------------------------------------------------------

    async def run(self, reader: LineReader) -> None:
        """Read and handle lines until /quit, Ctrl-D, the end of input, or SIGTERM."""
        loop = asyncio.get_running_loop()
        main = asyncio.current_task()
        assert main is not None
        loop.add_signal_handler(signal.SIGINT, self._interrupt, reader)
        loop.add_signal_handler(signal.SIGTERM, self._terminate, main)
        self._watcher = asyncio.create_task(self._watch(), name="negbot-chat-watcher")
        try:
            await self._loop(reader)
            await self._drain()
        except asyncio.CancelledError:
            if not self._terminated:
                raise
            main.uncancel()
        finally:
            for sig in (signal.SIGINT, signal.SIGTERM):
                loop.remove_signal_handler(sig)
            self._watcher.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._watcher

    async def _loop(self, reader: LineReader) -> None:
        while True:
            try:
                line = await reader.read()
            except LineCancelled:
                continue
            if line is None:
                return
            line = line.strip()
            if not line:
                continue
            if reader.echoes:
                self._console.print(Text(PROMPT + line, style="bold"), soft_wrap=True)
            self._action = asyncio.create_task(self.handle(line))
            try:
                if not await self._action:
                    return
            except asyncio.CancelledError:
                task = asyncio.current_task()
                if task is not None and task.cancelling():
                    raise
                # A terminal shows ^C where the cursor was: start a line of our own.
                lead = "" if reader.echoes else "\n"
                self._note(f"{lead}Stopped (Ctrl-C). /quit or Ctrl-D leaves the chat.")
            finally:
                self._action = None

    def _interrupt(self, reader: LineReader) -> None:
        """Ctrl-C between prompts: stop what runs (waiting for an answer, moving the clock)."""
        if self._action is not None and not self._action.done():
            self._action.cancel()
        elif reader.echoes:
            self._note("^C: /quit or the end of input leaves the chat.")

    def _terminate(self, main: asyncio.Task[None]) -> None:
        """SIGTERM: stop what runs and end the session cleanly."""
        self._terminated = True
        if self._action is not None:
            self._action.cancel()
        main.cancel()

    # -- what the user does ------------------------------------------------------------------

    async def handle(self, line: str) -> bool:
        """Handle one line; return False when the user leaves."""
        word, _, rest = line.partition(" ")
        command = word.lower()
        if command in ("/quit", "/exit"):
            return False
        if command == "/clock":
            await (self.set_clock(rest) if rest.strip() else self.show_clock())
        elif command == "/wait":
            await self.wait(rest)
        elif command == "/upload":
            await self.upload(rest)
        elif line.isdigit():
            await self.press(int(line))
        else:
            await self.say(line)
        return True

    async def say(self, text: str) -> None:
        """Write in the chat and print the bot's answer."""
        update = self._api.inject_message(
            text, chat_id=self._chat_id, user_id=self._chat_id, first_name="You"
        )
        await self._answer(update.update_id)

    async def press(self, number: int) -> None:
        """Press the numbered button of the latest message that offered buttons."""
        if self._offer is None:
            self._note("No buttons to press: no message offers any now.")
            return
        message_id, rows = self._offer
        offered = [button for row in rows for button in row]
        chosen = next((b for b in offered if b.number == number), None)
        if chosen is None:
            numbers = "1" if len(offered) == 1 else f"1 to {len(offered)}"
            self._note(f"No button {number}: the latest message offers {numbers}.")
            return
        if chosen.data is None:
            self._note(f"[{number}] {chosen.label} opens {chosen.url or 'nothing'}.")
            return
        try:
            update = self._api.press_button(
                chat_id=self._chat_id, message_id=message_id, data=chosen.data
            )
        except LookupError:
            self._note("That message is gone, and its buttons with it.")
            return
        await self._answer(update.update_id)

    async def upload(self, rest: str) -> None:
        """Send a file to the bot, with an optional caption (/upload article.txt /import)."""
        name, _, caption = rest.strip().partition(" ")
        if not name:
            self._note("Write it like /upload seeds/article.txt /import")
            return
        try:
            path, content = await asyncio.to_thread(_read_upload, name)
        except InputError as exc:
            self._note(str(exc))
            return
        update = self._api.inject_document(
            content,
            chat_id=self._chat_id,
            user_id=self._chat_id,
            file_name=path.name,
            mime_type=mimetypes.guess_type(path.name)[0] or "application/octet-stream",
            caption=caption.strip() or None,
        )
        await self._answer(update.update_id)

    async def show_clock(self) -> None:
        """Print the clock the session runs on."""
        now = self._running.services.clock.now()
        kind = "simulated: /clock TIME or /wait 2h moves it" if self._clock else "real time"
        self._note(f"🕒 {shown(now, await self._zone())} ({kind})", style=None)

    async def set_clock(self, text: str) -> None:
        """Move the simulated clock to a moment typed at the prompt."""
        if self._clock is None:
            self._refuse_clock()
            return
        try:
            target = parse_moment(text, await self._zone())
        except InputError as exc:
            self._note(str(exc))
            return
        await self._advance(target)

    async def wait(self, text: str) -> None:
        """Let simulated time pass: /wait 2h."""
        if self._clock is None:
            self._refuse_clock()
            return
        if not text.strip():
            self._note("Write it like /wait 2h, /wait 1d 2h or /wait 30m.")
            return
        try:
            span = parse_span(text)
        except InputError as exc:
            self._note(str(exc))
            return
        await self._advance(self._clock.now() + span)

    def _refuse_clock(self) -> None:
        self._note(
            "The clock is the real one: start with --at (e.g. negbot chat --at "
            "2022-01-08T09:00+00:00) to run on a simulated clock you can move."
        )

    async def _advance(self, target: dtm.datetime) -> None:
        assert self._clock is not None
        assert self._running.reminders is not None
        zone = await self._zone()
        now = self._clock.now()
        if target < now:
            self._note(f"The simulated clock only moves forward: it is {shown(now, zone)}.")
            return
        self._note(f"⏩ {shown(now, zone)} → {shown(target, zone)}", style=None)
        simulation = Simulation(self._running.reminders, self._running.store, self._clock)

        async def caught_up(_: dtm.datetime) -> None:
            await self._drain()

        await simulation.advance(target, caught_up)
        self._note(f"🕒 {shown(target, zone)}", style=None)

    # -- answers and arrivals ----------------------------------------------------------------

    async def _answer(self, update_id: int) -> None:
        """Wait until the bot has handled the update, and its answer is printed."""
        self._awaiting = True
        try:
            handled = await self._handled(update_id)
            await self._drain()
        finally:
            self._awaiting = False
        if not handled:
            self._note("(No answer yet; it will show here when it comes.)")

    async def _handled(self, update_id: int) -> bool:
        # The bot confirms an update (and the server forgets it) with its next getUpdates,
        # which its poller makes only once the update is handled.
        loop = asyncio.get_running_loop()
        deadline = loop.time() + ANSWER_TIMEOUT
        while any(u.update_id == update_id for u in self._api.world.pending()):
            if loop.time() > deadline:
                return False
            await asyncio.sleep(0.02)
        return True

    async def _drain(self) -> None:
        """Wait (a few seconds at most) until every message recorded so far is printed."""
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(5.0), self._printed:
                await self._printed.wait_for(lambda: self._seen >= self._api.last_sent_id)

    async def _watch(self) -> None:
        """Print what the bot sends to this chat, in order, as it arrives."""
        while True:
            try:
                await self._api.wait_for_sent(since=self._seen, timeout=3600)
            except TimeoutError:
                continue
            for record in self._api.sent:
                if record.id <= self._seen:
                    continue
                try:
                    if record.chat_id == self._chat_id:
                        await self._show(record)
                except Exception:  # one bad record must not stop the chat
                    log.exception("could not show message %d", record.id)
                self._seen = record.id
            async with self._printed:
                self._printed.notify_all()

    async def _show(self, record: SentRecord) -> None:
        header = None
        if not self._awaiting and record.method in ("sendMessage", "sendDocument"):
            header = (
                f"── {shown(dtm.datetime.fromtimestamp(record.time, dtm.UTC), await self._zone())}"
            )
        body = self._body(record)
        if body is None:
            return
        if header and header != self._last_header:
            self._console.print(Text(header, style="bold yellow"), soft_wrap=True)
        self._last_header = header
        self._console.print(body, soft_wrap=True)
        self._keep_buttons(record)

    def _body(self, record: SentRecord) -> Text | None:
        method = record.method
        if method == "sendMessage":
            text = html_text(record.text)
        elif method == "editMessageText":
            text = Text("✎ ", style=_DIM) + html_text(record.text)
        elif method == "editMessageReplyMarkup":
            text = Text("✎ the buttons changed", style=_DIM)
        elif method == "answerCallbackQuery":
            if not record.text:
                return None
            text = Text(f"» {record.text}", style="italic")
        elif method == "sendDocument":
            text = self._save(record)
        elif method == "deleteMessage":
            text = Text("(the bot deleted a message)", style=_DIM)
        else:
            return None
        rows = buttons(record.reply_markup)
        if rows and method != "answerCallbackQuery":
            text.append("\n")
            text.append_text(keyboard_text(rows))
            if not self._hinted:
                text.append("\n(type a button's number to press it)", style=_DIM)
                self._hinted = True
        text.append("\n")
        return text

    def _keep_buttons(self, record: SentRecord) -> None:
        """Remember the latest buttons offered; forget them when their message loses them."""
        if record.method in (
            "sendMessage",
            "sendDocument",
            "editMessageText",
            "editMessageReplyMarkup",
        ):
            rows = buttons(record.reply_markup)
            if rows and record.message_id is not None:
                self._offer = (record.message_id, rows)
                return
        if record.method != "answerCallbackQuery" and self._offered(record.message_id):
            self._offer = None

    def _offered(self, message_id: int | None) -> bool:
        return self._offer is not None and self._offer[0] == message_id

    def _save(self, record: SentRecord) -> Text:
        document = record.document
        if document is None:
            return Text("📎 (a file without content)")
        if self._downloads is None:
            self._downloads = Path(tempfile.mkdtemp(prefix="negbot-chat-"))
        name = Path(document.file_name or "file").name or "file"
        target = self._downloads / name
        stem, suffix, number = target.stem, target.suffix, 1
        while target.exists():
            number += 1
            target = self._downloads / f"{stem}-{number}{suffix}"
        target.write_bytes(document.content)
        text = Text(f"📎 {name} ({len(document.content)} bytes) saved to {target}")
        if record.caption:
            text.append("\n")
            text.append_text(html_text(record.caption))
        return text

    async def _zone(self) -> str:
        chat = await self._running.store.chats.get(self._chat_id)
        return chat.timezone if chat is not None else self._running.settings.default_timezone

    def _note(self, text: str, style: str | None = _DIM) -> None:
        """Print a line of the terminal's own (never sent to the bot)."""
        self._last_header = None
        self._console.print(Text(text + "\n", style=style or ""), soft_wrap=True)


def _read_upload(name: str) -> tuple[Path, bytes]:
    """Read a file the user sends to the bot; raise InputError saying what is wrong."""
    path = Path(name).expanduser()
    try:
        if path.stat().st_size > MAX_UPLOAD:
            raise InputError(f"{path} is too large to send here (1 MB at most).")
        content = path.read_bytes()
    except OSError as exc:
        raise InputError(f"Cannot read {path}: {exc.strerror or exc}.") from None
    if not content:
        raise InputError(f"{path} is empty.")
    return path, content

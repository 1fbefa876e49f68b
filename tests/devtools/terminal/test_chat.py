"""`negbot chat` driven as a person would: in a pseudo-terminal with pexpect, and piped."""

from __future__ import annotations

import asyncio
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pexpect
import pytest

from bot.models import ChatKind
from bot.store import Store

PROMPT = "you> "
START = ["-m", "bot", "chat", "--seeds", "seeds", "--at", "2022-01-08T06:00+00:00"]


# Escape sequences of the prompt's rendering (colours, cursor moves, modes), dropped before
# reading; what is left is the text a person sees, in order.
_ESCAPES = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b[()][0-9A-Za-z]|\x1b[=>78]|\r")
_FRESH_PROMPT = re.compile(rf"(?:^|\n){PROMPT.strip()} ?$")


class Person:
    """Someone at the terminal: types a line, reads what shows up until the next prompt."""

    def __init__(self, child: pexpect.spawn) -> None:  # type: ignore[type-arg]
        self.child = child
        self._raw = ""

    def wait_prompt(self, timeout: float = 30.0) -> str:
        """Return the text shown since the last prompt, once a fresh prompt waits for input."""
        deadline = time.monotonic() + timeout
        while True:
            shown = _ESCAPES.sub("", self._raw)
            found = _FRESH_PROMPT.search(shown)
            if found:
                self._raw = ""
                return shown[: found.start()]
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError(f"no prompt within {timeout}s; the screen shows:\n{shown}")
            try:
                self._raw += self.child.read_nonblocking(4096, timeout=min(remaining, 1.0))
            except pexpect.TIMEOUT:
                continue

    def type(self, line: str) -> str:
        """Type a line and Enter; return what shows up until the next prompt."""
        self.child.send(line + "\r")
        return self.wait_prompt()


@pytest.fixture
def person(workdir: Path, environment: dict[str, str]) -> Iterator[Person]:
    env = environment | {
        "TERM": "xterm",
        "NO_COLOR": "1",
        # Nobody answers the prompt's cursor position requests in a pexpect terminal.
        "PROMPT_TOOLKIT_NO_CPR": "1",
    }
    child = pexpect.spawn(
        sys.executable,
        START,
        cwd=str(workdir),
        env=env,
        encoding="utf-8",
        timeout=30,
        dimensions=(50, 250),
    )
    yield Person(child)
    if child.isalive():
        child.terminate(force=True)


@pytest.mark.slow
def test_a_person_chats_presses_a_button_and_gets_a_reminder_on_a_moved_clock(
    person: Person,
) -> None:
    banner = person.wait_prompt()
    assert "through a local Bot API on 127.0.0.1" in banner
    assert "web page: http://127.0.0.1:" in banner
    assert "imported 8 sessions from seeds" in banner
    assert "clock Sat 8 Jan 2022 09:00 MSK, simulated" in banner

    help_text = person.type("/help")
    assert "/upcoming [track] — the sessions ahead" in help_text

    upcoming = person.type("/upcoming")
    titles = ["US–Russia security talks", "NATO–Russia Council meeting", "OSCE Permanent"]
    positions = [upcoming.index(title) for title in titles]
    assert positions == sorted(positions)
    assert "Sun 9 – Mon 10 Jan 2022 (all day) · Geneva" in upcoming

    tracks = person.type("/tracks")
    found = re.search(r"\[(\d+)\] Subscribe: OSCE\b", tracks)
    assert found, tracks
    pressed = person.type(found.group(1))
    assert "» Subscribed to OSCE" in pressed
    assert "• OSCE" in person.type("/subscriptions")

    assert "Subscribed to every track" in person.type("/subscribe all")
    assert "reminded 1 hour before each session" in person.type("/remind 1h")
    # The up arrow brings the last line back; Enter sends it again.
    again = person.type("\x1b[A")
    assert "/remind 1h" in again
    assert "reminded 1 hour before each session" in again

    assert "simulated" in person.type("/clock")
    moved = person.type("/clock 2022-01-12T10:00+03:00")
    assert "⏩ Sat 8 Jan 2022 09:00 MSK → Wed 12 Jan 2022 10:00 MSK" in moved
    geneva = moved.index("── Sun 9 Jan 2022 09:00 MSK")
    brussels = moved.index("── Wed 12 Jan 2022 09:00 MSK")
    assert geneva < moved.index("US–Russia security talks") < brussels
    assert "Note: sources disagree" in moved
    assert brussels < moved.index("NATO–Russia Council meeting")
    assert "🕒 Wed 12 Jan 2022 10:00 MSK" in moved

    waited = person.type("/wait 1d")
    assert "── Thu 13 Jan 2022 09:00 MSK" in waited
    assert "OSCE Permanent Council session" in waited

    # Ctrl-C drops the line being typed; the chat goes on.
    person.child.send("/upcom")
    person.child.sendintr()
    person.wait_prompt()
    assert "Unknown command /nonsense" in person.type("/nonsense")
    assert "only moves forward" in person.type("/clock 2022-01-01")
    assert "No button 99" in person.type("99")

    person.child.send("/quit\r")
    person.child.expect(pexpect.EOF)
    person.child.close()
    assert person.child.exitstatus == 0


@pytest.mark.slow
def test_ctrl_d_ends_the_chat(person: Person) -> None:
    person.wait_prompt()
    person.child.sendeof()
    person.child.expect(pexpect.EOF)
    person.child.close()
    assert person.child.exitstatus == 0


@pytest.mark.slow
def test_piped_commands_run_in_order_and_the_end_of_input_ends_it(
    workdir: Path, environment: dict[str, str]
) -> None:
    lines = ["/upcoming", "/tracks", "999", "/subscribe osce", "/wait 1d", "/frobnicate"]
    done = subprocess.run(
        [sys.executable, *START, "--no-web"],
        cwd=workdir,
        env=environment,
        input="\n".join(lines) + "\n",
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "web page" not in out
    echoed = [out.index(f"{PROMPT}{line}\n") for line in lines]
    assert echoed == sorted(echoed)
    assert "OSCE Permanent Council session" in out[echoed[0] : echoed[1]]
    assert "[16] Subscribe to all tracks" in out[echoed[1] : echoed[2]]
    assert "No button 999: the latest message offers 1 to 16." in out
    assert "Subscribed to OSCE" in out[echoed[3] : echoed[4]]
    assert "Unknown command /frobnicate" in out[echoed[5] :]
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--at", "soon"], "negbot chat: cannot read 'soon' as a time"),
        (["--seeds", "no-such-dir"], "negbot chat: no-such-dir: no such directory of articles"),
    ],
)
def test_bad_options_are_usage_errors(
    options: list[str], message: str, workdir: Path, environment: dict[str, str]
) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "bot", "chat", *options],
        cwd=workdir,
        env=environment,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [done.stderr.strip()]
    assert done.stderr.startswith(message)


@pytest.mark.parametrize(
    ("token", "options", "message"),
    [
        (None, [], "negbot chat would take over their reminders. Set NEGBOT_TELEGRAM_TOKEN"),
        (
            "123456:ABCdefGHIjkl",
            ["--at", "2022-01-08T09:00+03:00"],
            "on a simulated clock (--at) negbot chat would send them reminders at simulated",
        ),
    ],
)
def test_a_database_serving_telegram_chats_is_refused(
    token: str | None,
    options: list[str],
    message: str,
    workdir: Path,
    environment: dict[str, str],
) -> None:
    """Without a token, the terminal's reminders would claim the Telegram chats' ones and,
    failing to reach them through the local Bot API, deactivate them; with one, a simulated
    clock would remind them at simulated times."""

    async def telegram_chat() -> None:
        store = await Store.open(environment["NEGBOT_DATABASE_URL"])
        try:
            await store.chats.ensure(4242, ChatKind.PRIVATE, None, "UTC")
        finally:
            await store.close()

    asyncio.run(telegram_chat())
    env = environment | ({"NEGBOT_TELEGRAM_TOKEN": token} if token else {})
    done = subprocess.run(
        [sys.executable, "-m", "bot", "chat", "--no-web", *options],
        cwd=workdir,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 1
    assert "serves 1 other chat(s)" in done.stderr
    assert message in done.stderr
    assert "NEGBOT_DATABASE_URL=sqlite:///chat.db" in done.stderr
    assert "Traceback" not in done.stderr
    if token:
        assert token not in done.stderr

"""Reading the terminal user's lines: an editable prompt with history on a TTY, plain lines
from a pipe."""

from __future__ import annotations

import asyncio
import contextlib
import sys
import threading
from typing import Protocol, TextIO

from prompt_toolkit import PromptSession
from prompt_toolkit.history import InMemoryHistory
from prompt_toolkit.patch_stdout import patch_stdout

PROMPT = "you> "


class LineCancelled(Exception):
    """The user pressed Ctrl-C at the prompt: the line being typed is dropped."""


class LineReader(Protocol):
    """Where the user's lines come from."""

    echoes: bool  # True when the terminal shows nothing of what is read (piped input)

    async def read(self) -> str | None:
        """Return the next line, or None at the end of input (Ctrl-D, EOF)."""
        ...


class PromptReader:
    """A prompt_toolkit prompt: line editing, history with the arrow keys, Ctrl-C and Ctrl-D."""

    echoes = False

    def __init__(self) -> None:
        self._session: PromptSession[str] = PromptSession(history=InMemoryHistory())

    async def read(self) -> str | None:
        try:
            # Messages that arrive while the user types are printed above the prompt; between
            # prompts, output goes straight to the terminal, in order. Ctrl-C arrives as a key
            # in the prompt's raw mode; the session's SIGINT handler serves between prompts.
            with patch_stdout(raw=True):
                return await self._session.prompt_async(PROMPT, handle_sigint=False)
        except KeyboardInterrupt:
            raise LineCancelled from None
        except EOFError:
            return None


class PipeReader:
    """Lines from a stream that is not a terminal, read by a daemon thread.

    A thread, because a blocking read cannot be cancelled: a daemon one does not hold up the
    exit when the user ends the session before the input ends.
    """

    echoes = True

    def __init__(self, stream: TextIO) -> None:
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="replace")  # a stray byte is a typo, not the end of the chat
        self._stream = stream
        self._lines: asyncio.Queue[str | None] = asyncio.Queue()
        self._thread: threading.Thread | None = None

    def _start(self) -> None:
        loop = asyncio.get_running_loop()

        def pump() -> None:
            try:
                for line in self._stream:
                    loop.call_soon_threadsafe(self._lines.put_nowait, line.rstrip("\r\n"))
            except (OSError, ValueError):  # the stream closed under us
                pass
            with contextlib.suppress(RuntimeError):  # the loop may be gone already
                loop.call_soon_threadsafe(self._lines.put_nowait, None)

        self._thread = threading.Thread(target=pump, name="negbot-stdin", daemon=True)
        self._thread.start()

    async def read(self) -> str | None:
        if self._thread is None:
            self._start()
        return await self._lines.get()


def open_reader(stream: TextIO | None = None) -> LineReader:
    """Return a prompt for a terminal, or a line reader for anything else."""
    stream = stream or sys.stdin
    if stream.isatty() and sys.stdout.isatty():
        return PromptReader()
    return PipeReader(stream)

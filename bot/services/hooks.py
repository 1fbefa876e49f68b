"""What other parts must hear when the calendar or a chat changes (the reminders do)."""

from __future__ import annotations

from bot.models import Event
from bot.ports import CalendarHooks

__all__ = ["CalendarHooks", "NoHooks", "Relay"]


class NoHooks:
    """Hooks that do nothing: for commands that run without reminders."""

    async def event_created(self, event: Event) -> None:
        """Ignore a new session."""

    async def event_changed(self, before: Event, after: Event) -> None:
        """Ignore a change."""

    async def chat_changed(self, chat_id: int) -> None:
        """Ignore a chat's change."""


class Relay:
    """Hooks that pass every call on to listeners attached later (the reminders start after
    the services they listen to are built)."""

    def __init__(self) -> None:
        self._listeners: list[CalendarHooks] = []

    def attach(self, listener: CalendarHooks) -> None:
        """Pass calls on to `listener` from now on."""
        self._listeners.append(listener)

    async def event_created(self, event: Event) -> None:
        """Tell the listeners a session was added."""
        for listener in self._listeners:
            await listener.event_created(event)

    async def event_changed(self, before: Event, after: Event) -> None:
        """Tell the listeners a session changed."""
        for listener in self._listeners:
            await listener.event_changed(before, after)

    async def chat_changed(self, chat_id: int) -> None:
        """Tell the listeners a chat's settings changed."""
        for listener in self._listeners:
            await listener.chat_changed(chat_id)

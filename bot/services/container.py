"""The services of one running negbot, built once at start-up and handed to the adapters."""

from __future__ import annotations

from dataclasses import dataclass

from bot.clock import Clock
from bot.config import Settings
from bot.services.calendar import Calendar
from bot.services.editing import Editor
from bot.services.extraction import Extractor, extract_here
from bot.services.following import Following
from bot.services.hooks import CalendarHooks, NoHooks
from bot.services.importer import Importer
from bot.services.links import Links
from bot.services.sources import SourcesService
from bot.services.status import Status
from bot.store import Store


@dataclass(frozen=True, slots=True)
class Services:
    """Everything the bot, the web server and the CLI call."""

    settings: Settings
    store: Store
    clock: Clock
    calendar: Calendar
    following: Following
    editor: Editor
    importer: Importer
    links: Links
    status: Status
    sources: SourcesService
    hooks: CalendarHooks

    @classmethod
    def build(
        cls,
        settings: Settings,
        store: Store,
        clock: Clock,
        hooks: CalendarHooks | None = None,
        bot_username: str | None = None,
        extractor: Extractor = extract_here,
    ) -> Services:
        """Wire the services over one store and clock; articles are extracted by `extractor`
        (in this process unless told otherwise: `negbot run` passes a pool of processes)."""
        listeners: CalendarHooks = hooks or NoHooks()
        zone = settings.default_timezone
        importer = Importer(store, clock, zone, listeners, extractor)
        return cls(
            settings=settings,
            store=store,
            clock=clock,
            calendar=Calendar(store, clock),
            following=Following(store, zone, listeners.chat_changed),
            editor=Editor(store, clock, zone, listeners),
            importer=importer,
            links=Links(settings.base_url, bot_username or settings.bot_username),
            status=Status(store.deliveries),
            sources=SourcesService(store, importer, clock),
            hooks=listeners,
        )

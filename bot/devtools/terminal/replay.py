"""Replay a calendar through the real reminder pipeline on a simulated clock, and print what
one chat receives, when it receives it."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import datetime as dtm
import tempfile
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from pathlib import Path

from rich.console import Console
from rich.text import Text

from bot.clock import ManualClock
from bot.config import Settings
from bot.devtools.localapi import LocalBotApi
from bot.devtools.terminal.moments import known_zone, parse_moment, shown
from bot.devtools.terminal.render import html_text
from bot.devtools.terminal.simulation import Simulation
from bot.devtools.terminal.terminal_chat import TERMINAL_CHAT_ID
from bot.errors import InputError
from bot.ical.vevent import uid_for
from bot.messages import offset_text, when
from bot.models import ChatKind, DeliveryKind, DeliveryStatus, Event, EventDraft
from bot.runtime import Running, started
from bot.services.feeds import DOMAIN, Feeds
from bot.services.following import parse_offsets
from bot.services.when import parse_when
from bot.store import Store
from bot.store.urls import redacted
from bot.tracks import TrackCatalogue

MAX_PAUSE = 0.75  # real seconds between two stops at most, whatever the speed
ACTOR = "replay"
Sleep = Callable[[float], Awaitable[None]]


class ReplayError(InputError):
    """The replay cannot run as asked (an unknown session, a date it cannot read)."""


@dataclasses.dataclass(frozen=True, slots=True)
class Move:
    """Move session `ref` to `when` half-way through the replay, as an editor would."""

    ref: str
    when: str

    @classmethod
    def parse(cls, text: str) -> Move:
        """Read ID=DATE."""
        ref, sign, value = text.partition("=")
        if not sign or not ref.strip() or not value.strip():
            raise ReplayError(f"--move {text!r}: write it like --move osce-2022-01-13=2022-01-20")
        return cls(ref.strip(), value.strip())


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class ReplayPlan:
    """What to replay, checked: the window, the pace, the chat, the moves, the calendar."""

    start: dtm.datetime
    end: dtm.datetime
    speed: float
    zone: str
    offsets: tuple[int, ...]
    remind: str  # the offsets as typed, for the chat's /remind
    moves: tuple[Move, ...] = ()
    seeds: Path | None = None
    database: str | None = None

    @classmethod
    def parse(
        cls,
        *,
        start: str,
        end: str,
        speed: str,
        zone: str,
        remind: Sequence[str],
        moves: Sequence[str] = (),
        seeds: Path | None = None,
        database: str | None = None,
    ) -> ReplayPlan:
        """Check every option; raise ReplayError with a message naming the bad one."""
        try:
            tz = known_zone(zone).key
        except InputError as exc:
            raise ReplayError(f"--chat-tz: {exc}") from None
        first = _moment("--from", start, tz)
        last = _moment("--to", end, tz)
        if first >= last:
            raise ReplayError(f"--from {start} is not before --to {end}")
        try:
            pace = float(speed)
        except ValueError:
            raise ReplayError(f"--speed {speed!r} is not a number") from None
        if not pace > 0 or pace == float("inf"):
            raise ReplayError(
                f"--speed must be more than 0 (simulated seconds per real second), not {speed}"
            )
        typed = " ".join(remind)
        try:
            offsets = parse_offsets(typed)
        except InputError as exc:
            raise ReplayError(f"--remind: {exc}") from None
        if seeds is not None and database is not None:
            raise ReplayError("give --seeds or --database, not both")
        return cls(
            start=first,
            end=last,
            speed=pace,
            zone=tz,
            offsets=offsets,
            remind=typed,
            moves=tuple(Move.parse(m) for m in moves),
            seeds=seeds,
            database=database,
        )


@dataclasses.dataclass(frozen=True, slots=True)
class ReplaySummary:
    """What the chat received."""

    reminders: int
    notices: int
    messages: int


class Replay:
    """One replay: a temporary store, the real bot on a local Bot API, one subscribed chat."""

    def __init__(
        self, plan: ReplayPlan, settings: Settings, console: Console, sleep: Sleep = asyncio.sleep
    ) -> None:
        self._plan = plan
        self._settings = settings
        self._console = console
        self._sleep = sleep
        self._clock = ManualClock(plan.start)
        self._seen = 0
        self._last_header: dtm.datetime | None = None

    async def run(self) -> ReplaySummary:
        """Run the replay in a temporary database, deleted afterwards, and print it."""
        with tempfile.TemporaryDirectory(prefix="negbot-replay-") as folder:
            url = f"sqlite:///{Path(folder) / 'replay.db'}"
            if self._plan.database is not None:
                await copy_calendar(self._plan.database, url, self._clock)
            async with self._started(url) as (api, running):
                return await self._replay(api, running)

    @contextlib.asynccontextmanager
    async def _started(self, url: str) -> AsyncIterator[tuple[LocalBotApi, Running]]:
        config = self._settings.model_copy(
            update={"database_url": url, "per_chat_interval": 0.0, "telegram_max_rate": 1000.0}
        )
        async with (
            LocalBotApi(clock=lambda: self._clock.now().timestamp()) as api,
            started(
                config,
                clock=self._clock,
                seeds=self._plan.seeds,
                web=False,
                token=api.token,
                telegram_base_url=api.base_url,
                local_api=True,
                alarm=False,
            ) as running,
        ):
            yield api, running

    async def _replay(self, api: LocalBotApi, running: Running) -> ReplaySummary:
        plan = self._plan
        assert running.reminders is not None
        moves = await self._check_moves(running)
        api.add_chat(TERMINAL_CHAT_ID, chat_type="private")
        following = running.services.following
        await following.chat(TERMINAL_CHAT_ID, ChatKind.PRIVATE, None)
        await following.set_timezone(TERMINAL_CHAT_ID, plan.zone)
        await following.set_offsets(TERMINAL_CHAT_ID, plan.remind)
        await following.subscribe(TERMINAL_CHAT_ID, "all")
        await self._header(running)
        self._seen = api.last_sent_id
        simulation = Simulation(running.reminders, running.store, self._clock)

        async def show(moment: dtm.datetime) -> None:
            await self._show_new(api)

        if moves:
            await simulation.advance(plan.start + (plan.end - plan.start) / 2, show)
            for event, move in moves:
                await self._move(running, simulation, api, event, move)
        await simulation.advance(plan.end, show)
        return await self._summary(running)

    async def _check_moves(self, running: Running) -> list[tuple[Event, Move]]:
        """Find each session to move and read its new date, before anything runs."""
        checked = []
        for move in self._plan.moves:
            event = await running.store.events.get(move.ref)
            if event is None:
                known = ", ".join(e.id for e in await self._window(running))
                raise ReplayError(
                    f"--move: no session {move.ref!r}; sessions in the replay: {known or 'none'}"
                )
            today = self._plan.start.astimezone(known_zone(event.timezone)).date()
            try:
                target = parse_when(move.when, today, event.timezone)
            except InputError as exc:
                raise ReplayError(f"--move {move.ref}={move.when}: {exc}") from None
            if (target.start_date, target.end_date, target.start_at) == (
                event.start_date,
                event.end_date,
                event.start_at,
            ):
                raise ReplayError(f"--move {move.ref}={move.when}: the session is there already")
            checked.append((event, move))
        return checked

    async def _window(self, running: Running) -> list[Event]:
        plan = self._plan
        zone = known_zone(plan.zone)
        return await running.store.events.find(
            start=plan.start.astimezone(zone).date(), end=plan.end.astimezone(zone).date()
        )

    async def _header(self, running: Running) -> None:
        plan = self._plan
        if plan.database:
            source = f"the sessions stored in {redacted(plan.database)}, copied"
        else:
            source = f"the articles in {plan.seeds}/, imported"
        before = " and ".join(offset_text(m) for m in plan.offsets)
        reminded = f"reminded {before} before each session" if before else "reminders off"
        lines = [
            f"negbot replay: {shown(plan.start, plan.zone)} → {shown(plan.end, plan.zone)}, "
            f"at {_speed(plan.speed)}× speed",
            f"calendar: {source} into a temporary database (deleted at the end)",
            f"chat: a private chat in {plan.zone} following every track, {reminded}",
            "sessions in the window:",
        ]
        events = await self._window(running)
        for event in events:
            flag = " · sources disagree" if event.discrepancies else ""
            lines.append(
                f"  {event.id} · {html_text(when(event, plan.zone)).plain} · {event.title}{flag}"
            )
        if not events:
            lines.append("  none")
        for line in lines:
            self._console.print(Text(line), soft_wrap=True)

    async def _show_new(self, api: LocalBotApi) -> None:
        """Print the messages the chat received since the last look, at their simulated time."""
        records = [
            r
            for r in api.sent
            if r.id > self._seen and r.chat_id == TERMINAL_CHAT_ID and r.method == "sendMessage"
        ]
        self._seen = api.last_sent_id
        for record in records:
            self._console.print()
            await self._time(dtm.datetime.fromtimestamp(record.time, dtm.UTC))
            self._console.print(html_text(record.text), soft_wrap=True)

    async def _time(self, moment: dtm.datetime) -> None:
        """Print the simulated time, once for the messages that arrive together, after a
        pause as long as the simulated time since the last one, at the replay's speed."""
        if moment != self._last_header:
            gap = (moment - (self._last_header or self._plan.start)).total_seconds()
            if gap > 0:
                await self._sleep(min(gap / self._plan.speed, MAX_PAUSE))
            self._console.print(
                Text(f"── {shown(moment, self._plan.zone)}", style="bold yellow"), soft_wrap=True
            )
            self._last_header = moment

    async def _move(
        self,
        running: Running,
        simulation: Simulation,
        api: LocalBotApi,
        event: Event,
        move: Move,
    ) -> None:
        """Move a session through the Editor, show the change notice and the feed's bump."""
        assert running.reminders is not None
        event = await running.store.events.get(event.id) or event  # an earlier move's result
        feeds = Feeds(running.store, running.services.links)
        old = await _vevent_lines(feeds, event)
        self._console.print()
        await self._time(simulation.now)
        self._console.print(
            Text(
                f"✏️ An editor moves {event.id} to {move.when} (/edit {event.id} when {move.when})",
                style="bold",
            ),
            soft_wrap=True,
        )
        after = await running.services.editor.edit(event.id, "when", move.when, ACTOR)
        # Editor.edit stores the change but does not tell its hooks (Editor.cancel does):
        # tell the reminders here, as its hook would. Planning twice changes nothing.
        await running.reminders.event_changed(event, after)
        await simulation.run_due()
        await self._show_new(api)
        new = await _vevent_lines(feeds, after)
        self._console.print()
        self._console.print(Text(f"calendar feed, VEVENT of {event.id}:"), soft_wrap=True)
        for label, lines in (("before", old), ("after ", new)):
            self._console.print(Text(f"  {label}  {'  '.join(lines)}"), soft_wrap=True)

    async def _summary(self, running: Running) -> ReplaySummary:
        sent = await running.store.deliveries.find(
            chat_id=TERMINAL_CHAT_ID, statuses=[DeliveryStatus.SENT]
        )
        reminders = sum(d.kind is DeliveryKind.REMINDER for d in sent)
        notices = sum(d.kind is DeliveryKind.CHANGE for d in sent)
        summary = ReplaySummary(reminders, notices, len(sent))
        self._console.print()
        self._console.print(
            Text(
                f"replay over: {_count(reminders, 'reminder')} and "
                f"{_count(notices, 'change notice')} sent to the chat, "
                f"{shown(self._plan.start, self._plan.zone)} → "
                f"{shown(self._plan.end, self._plan.zone)}"
            ),
            soft_wrap=True,
        )
        return summary


def _moment(option: str, text: str, zone: str) -> dtm.datetime:
    try:
        return parse_moment(text, zone)
    except InputError as exc:
        raise ReplayError(f"{option}: {exc}") from None


def _speed(speed: float) -> str:
    return f"{speed:,.0f}" if speed >= 1 and speed == int(speed) else f"{speed:g}"


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


async def _vevent_lines(feeds: Feeds, event: Event) -> list[str]:
    """Return the UID and SEQUENCE lines of the event's VEVENT in the whole calendar's feed."""
    body = (await feeds.calendar()).body.decode("utf-8").replace("\r\n ", "")
    uid = f"UID:{uid_for(event, DOMAIN)}"
    block: list[str] = []
    for line in body.splitlines():
        if line == "BEGIN:VEVENT":
            block = []
        elif line == "END:VEVENT" and uid in block:
            return [line for line in block if line.startswith(("UID:", "SEQUENCE:"))] or [uid]
        else:
            block.append(line)
    return [uid, "(not in the feed)"]


async def copy_calendar(source_url: str, target_url: str, clock: ManualClock) -> int:
    """Copy the tracks, articles and sessions of a store into a new one; return the sessions.

    The replay sends, plans and edits in the copy, so the source is only read.
    """
    source = await Store.open(source_url, clock, migrate=False)
    try:
        tracks = await source.tracks.all()
        events = await source.events.find()
        articles = []
        for article_id in sorted({s.article_id for e in events for s in e.sources if s.article_id}):
            article = await source.articles.get(article_id)
            if article is not None:
                articles.append(article)
    finally:
        await source.close()
    target = await Store.open(target_url, clock)
    try:
        await target.tracks.sync(TrackCatalogue(tracks))
        for article in articles:
            await target.articles.add(article)
        drafts = [
            EventDraft.model_validate(event.model_dump(include=set(EventDraft.model_fields)))
            for event in events
        ]
        await target.events.create_many(drafts, ACTOR, "copied for a replay")
    finally:
        await target.close()
    return len(events)

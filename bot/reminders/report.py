"""What a dispatch run did: the tallies kept while it runs, and the report it returns."""

from __future__ import annotations

import dataclasses

from bot.models import Chat
from bot.reminders.claims import Claim


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class DispatchReport:
    """What one dispatch run did."""

    claimed: int = 0
    sent: int = 0
    late: int = 0  # of those sent, how many after LATE_AFTER
    retried: int = 0
    failed: int = 0
    skipped: int = 0
    released: int = 0  # given back unsent (stopping, or the lease running short)
    lost: int = 0  # not sent: the claim's lease ran out (another instance may have taken them)
    migrated: tuple[tuple[int, int], ...] = ()  # chats that moved: (old id, new id)
    gone: tuple[int, ...] = ()  # chats deactivated because they cannot be reached
    paused: float = 0.0  # seconds of flood-control pause left when the run ended


@dataclasses.dataclass(slots=True)
class Tally:
    """One run's counts as it goes."""

    sent: int = 0
    late: int = 0
    retried: int = 0
    failed: int = 0
    skipped: int = 0
    lost: int = 0
    migrated: list[tuple[int, int]] = dataclasses.field(default_factory=list)
    gone: list[int] = dataclasses.field(default_factory=list)

    def report(self, claimed: int, released: int, paused: float) -> DispatchReport:
        """Return the run's report."""
        return DispatchReport(
            claimed=claimed,
            sent=self.sent,
            late=self.late,
            retried=self.retried,
            failed=self.failed,
            skipped=self.skipped,
            released=released,
            lost=self.lost,
            migrated=tuple(self.migrated),
            gone=tuple(self.gone),
            paused=paused,
        )


@dataclasses.dataclass(slots=True)
class Target:
    """The chat a run's deliveries go to; it may move or go away during the run."""

    chat: Chat | None
    id: int
    gone: str | None = None


@dataclasses.dataclass(slots=True)
class Run:
    """One run: its claim, its tallies, and when it may start no more sends (monotonic)."""

    claim: Claim
    deadline: float  # after it, the rest go back for anyone to take
    tally: Tally = dataclasses.field(default_factory=Tally)

"""How `negbot sources` prints its sources, polls and proposals."""

from __future__ import annotations

import datetime as dtm
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.outlets import FeedSource, PendingProposal
    from bot.services.polling import PollReport


def _when(moment: dtm.datetime | None) -> str:
    return "never" if moment is None else moment.strftime("%Y-%m-%d %H:%M UTC")


def source_lines(source: FeedSource, waiting: int = 0) -> list[str]:
    """The lines that describe one source in `sources list`."""
    tracks = ",".join(source.tracks) or "all tracks"
    every = f"{source.every.total_seconds() / 60:g} min"
    lines = [
        f"#{source.id}  {source.url}",
        f"    {source.name or '(name not read yet)'}; {source.trust}; {tracks}; "
        f"language {source.language or 'read from the text'}; every {every}",
        f"    last poll {_when(source.last_poll_at)}; next {_when(source.next_poll_at)}; "
        f"{source.articles_read} article(s) read, {source.sessions_found} session(s) found",
    ]
    if waiting:
        lines.append(f"    {waiting} proposal(s) waiting for review (`negbot sources proposals`)")
    if source.last_error:
        backoff = f" ({source.failures} failure(s) in a row)" if source.failures else ""
        lines.append(f"    last error{backoff}: {source.last_error}")
    return lines


def print_sources(sources: Sequence[FeedSource], proposals: Sequence[PendingProposal]) -> None:
    """Print every source, how its polling stands and how many of its finds wait."""
    if not sources:
        print("no sources yet: add one with `negbot sources add URL`")
    waiting = Counter(p.source_id for p in proposals)
    for source in sources:
        print("\n".join(source_lines(source, waiting[source.id])))


def poll_lines(report: PollReport) -> list[str]:
    """The lines that say what one poll of one source did."""
    head = f"#{report.source.id}  {report.source.url}: "
    if report.error is not None:
        return [head + f"failed: {report.error}"]
    if report.busy:
        return [head + "another negbot is polling it now; left alone"]
    if report.not_modified:
        return [head + "not modified since the last poll"]
    lines = [
        head + f"{report.read} new article(s), {report.already_seen} already seen; "
        f"{report.sessions} session(s) found: {len(report.added)} added, "
        f"{len(report.updated)} updated, {report.proposed} proposed for review"
    ]
    lines += [f"    added    {event_id}" for event_id in report.added]
    lines += [f"    updated  {event_id}" for event_id in report.updated]
    lines += [f"    not read: {problem}" for problem in report.problems]
    lines += [f"    note: {note}" for note in report.notes]
    return lines


def print_poll(reports: Sequence[PollReport]) -> None:
    """Print what a poll did, source by source."""
    if not reports:
        print("no source to poll")
    for report in reports:
        print("\n".join(poll_lines(report)))


def print_proposals(proposals: Sequence[PendingProposal]) -> None:
    """Print the sessions waiting for review."""
    if not proposals:
        print("no proposals waiting")
    for p in proposals:
        where = f", {p.found.location}" if p.found.location else ""
        print(f"#{p.id}  {p.found.start_date}  {p.found.title}{where}")
        print(f"    from {p.article.outlet or 'an outlet'}: {p.article.url or p.article.file}")

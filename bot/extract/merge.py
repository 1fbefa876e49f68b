"""Merge candidates that describe the same occurrence into events, and record disagreements."""

from __future__ import annotations

import datetime as dtm
import zoneinfo
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from pathlib import PurePath

from bot.extract.candidates import Candidate, Clock, read_clock
from bot.extract.cues import Change, Family, Tense
from bot.extract.people import shown_name
from bot.extract.places import City
from bot.extract.resolve import Span
from bot.models import MAX_SESSION_DAYS, ExtractedEvent, ExtractedStatus, Source, Track
from bot.readings import choose_reading, discrepancy

_MAX_DAYS = MAX_SESSION_DAYS
_REMOTE = frozenset({"call", "video"})


def _overlap(a: Span, b: Span) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


def _same_occurrence(a: Candidate, b: Candidate) -> bool:
    """Tell whether two dated candidates describe one occurrence."""
    if a.span is None or b.span is None or not _overlap(a.span, b.span):
        return False
    if a.part != b.part and a.facts is b.facts:
        return False  # "separate calls with A and with B"
    if a.follows is b or b.follows is a:
        return False  # "He then saw Merkel": another meeting on the day of the one before
    if (a.apart or b.apart) and a.facts is not b.facts and a.names != b.names:
        return False  # "He then saw Merkel separately": another meeting of that day
    if not _compatible(a, b):
        return False
    if a.track is not None and b.track is not None:
        # One session of a track on one day, even if two articles place it differently: the
        # disagreement is recorded, not split into two sessions.
        return True
    if _bilateral_beside(a, b) or _bilateral_beside(b, a):
        return False
    if a.track is not None or b.track is not None:
        loose = b if a.track is not None else a
        tracked = a if a.track is not None else b
        if loose.city is None:
            # "По итогам сегодняшнего раунда Рябков заявил": the article's own session of
            # that day, told again by one who took part in it
            same_article = loose.article.id == tracked.article.id
            return loose.kind.session and same_article and bool(loose.names & tracked.names)
        return loose.kind.session and loose.city == tracked.city
    if a.kind.family is not b.kind.family:
        return False
    return not (a.names and b.names and not a.names & b.names)


def _told_apart(a: Candidate, b: Candidate) -> bool:
    """Tell whether two candidates are two meetings for sure, whatever joins them: one told
    as going on from the other, or both of named people and of no track, with no one in
    common ("Перед обедом там же встретятся Лавров и Помпео", beside Putin and Trump)."""
    if a.follows is b or b.follows is a:
        return True
    if a.track is not None or b.track is not None:
        return False
    return bool(a.names and b.names and not a.names & b.names)


def _bilateral_beside(tracked: Candidate, named: Candidate) -> bool:
    """Tell whether a meeting of named people, told in a sentence of its own, is a meeting
    beside a track's session or a summit of that day ("Putin went into a one-to-one with
    Macron")."""
    return (
        (tracked.track is not None or tracked.kind.name == "summit")
        and named.track is None
        and tracked.facts is not named.facts
        and named.kind.name in {"meeting", "talks"}
        and len(named.names) >= 2
    )


def _on_the_sidelines(one: Candidate, many: Candidate) -> bool:
    """Tell whether a one-day meeting of named people falls within a session of several days
    without being it: "Trump met Putin on Friday", during the two-day G20 summit."""
    if one.span is None or many.span is None:
        return False
    if one.span[0] != one.span[1] or many.span[0] == many.span[1]:
        return False
    if one.article.id != many.article.id or one.track is not None:
        return False
    return one.kind.name in {"meeting", "talks", "call", "video"} and len(one.names) >= 2


def _two_spans_written(a: Candidate, b: Candidate) -> bool:
    """Tell whether one article writes out two spans of several days that overlap without
    one holding the other: "the G7 from 26 to 28 June", "the NATO summit from 28 to 30 June"
    are two sessions (a span within another may be a part of it: "talks continue 12-14
    June" in a session of 5-15 June)."""
    if a.article.id != b.article.id or a.facts is b.facts or not (a.explicit and b.explicit):
        return False
    if a.span is None or b.span is None:
        return False
    if a.change is not None or b.change is not None:
        return False
    if a.span[0] == a.span[1] or b.span[0] == b.span[1]:
        return False
    (a_first, a_last), (b_first, b_last) = a.span, b.span
    holds = (a_first <= b_first and b_last <= a_last) or (b_first <= a_first and a_last <= b_last)
    return not holds


def _compatible(a: Candidate, b: Candidate) -> bool:
    """Tell whether two candidates of one group contradict each other: two written cities,
    two tracks, a call and a meeting held somewhere, a session and a meeting beside it."""
    if a.beside != b.beside:
        # "met Xi on the sidelines of the summit" is not the summit; it may be the meeting
        # another sentence tells without the summit, of the same people.
        plain = b if a.beside else a
        if plain.track is not None or plain.kind.name not in {"meeting", "talks"}:
            return False
        if not a.names & b.names:
            return False
    if a.track is not None and b.track is not None:
        return a.track.id == b.track.id  # two articles may place one session differently
    if _on_the_sidelines(a, b) or _on_the_sidelines(b, a):
        return False
    if _two_spans_written(a, b):
        return False
    a_city = None if a.city_from_track else a.city
    b_city = None if b.city_from_track else b.city
    if a_city is not None and b_city is not None and a_city != b_city:
        return False
    if (a.kind.name in _REMOTE) != (b.kind.name in _REMOTE):
        held = b if a.kind.name in _REMOTE else a
        if held.city is not None and not held.city_from_track:
            return False  # a phone call is not the meeting held somewhere on the same days
    return True


@dataclass(slots=True)
class _Group:
    members: list[Candidate]
    joined: list[Candidate] = field(default_factory=list)

    def all(self) -> list[Candidate]:
        return [*self.members, *self.joined]

    @property
    def span(self) -> Span:
        starts = [m.span[0] for m in self.members if m.span]
        ends = [m.span[1] for m in self.members if m.span]
        return min(starts), max(ends)

    def has_clock(self) -> bool:
        return any(c.clock is not None for c in self.all())


def _groups(dated: list[Candidate]) -> list[_Group]:
    parent = list(range(len(dated)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    by_day: dict[dtm.date, list[int]] = defaultdict(list)
    for i, candidate in enumerate(dated):
        assert candidate.span is not None
        first, last = candidate.span
        for offset in range(min((last - first).days, _MAX_DAYS) + 1):
            by_day[first + dtm.timedelta(days=offset)].append(i)
    members: dict[int, list[int]] = {i: [i] for i in range(len(dated))}
    for indices in by_day.values():
        for x, i in enumerate(indices):
            for j in indices[x + 1 :]:
                a, b = root(i), root(j)
                if a == b or not _same_occurrence(dated[i], dated[j]):
                    continue
                # Every member of one group must fit every member of the other: a city-less
                # mention must not bridge a meeting in Nairobi and a conference in Egypt.
                if all(
                    _compatible(dated[p], dated[q]) and not _told_apart(dated[p], dated[q])
                    for p in members[a]
                    for q in members[b]
                ):
                    parent[b] = a
                    members[a].extend(members.pop(b))
    grouped: dict[int, list[Candidate]] = defaultdict(list)
    for i, candidate in enumerate(dated):
        grouped[root(i)].append(candidate)
    return [_Group(sorted(m, key=lambda c: c.order)) for m in grouped.values()]


def _join_time_only(groups: list[_Group], loose: Iterable[Candidate]) -> list[Candidate]:
    """Give time-only mentions to the event they describe, in their article or another;
    return those that describe none."""
    left: list[Candidate] = []
    for part in loose:
        index = part.facts.sentence.index
        near = [
            (max(m.facts.sentence.index for m in g.members if m.article.id == part.article.id), g)
            for g in groups
            if any(
                m.article.id == part.article.id and index - 3 <= m.facts.sentence.index < index
                for m in g.members
            )
            and g.members[0].kind.family is part.kind.family
        ]
        if near:
            target = max(near, key=lambda item: item[0])[1]
            if not target.has_clock():
                target.joined.append(part)
            continue
        window = (part.reference - dtm.timedelta(days=1), part.reference)
        fits = [
            g
            for g in groups
            if not g.has_clock()
            and g.members[0].kind.family is part.kind.family
            and window[0] <= g.span[0] <= window[1]
            and any(part.names & m.names for m in g.members)
        ]
        if fits:
            min(fits, key=lambda g: abs((part.reference - g.span[0]).days)).joined.append(part)
        else:
            left.append(part)
    return left


def _files(candidates: Iterable[Candidate]) -> str:
    names = sorted({PurePath(c.article.file).name for c in candidates})
    return " and ".join(names)


def _status(group: _Group, span: Span) -> ExtractedStatus:
    changed = [c for c in group.members if c.change is not None]
    if changed:
        latest = max(changed, key=lambda c: (c.reference, c.change is Change.CANCELLED))
        assert latest.change is not None
        return ExtractedStatus(latest.change.value)
    reference = max(c.reference for c in group.members)
    if span[1] < reference:
        return ExtractedStatus.PAST
    if span[0] > reference or span[1] > reference:
        return ExtractedStatus.UPCOMING  # ahead, or under way and not over by its last day
    same = [c for c in group.members if c.span == span]
    # A speaker quoted as saying what was to come ("начнет переговоры в четверг") does not
    # outvote the text that says it happened.
    told = [c for c in same if not c.facts.quoted(c.position)] or same
    tenses = {c.tense for c in told}
    if Tense.PAST in tenses and Tense.FUTURE not in tenses:
        return ExtractedStatus.PAST
    return ExtractedStatus.UPCOMING


def _most_common_city(group: _Group) -> tuple[City | None, list[str]]:
    written = Counter(c.city for c in group.members if c.city is not None and not c.city_from_track)
    if not written:
        from_track = next((c.city for c in group.members if c.city is not None), None)
        return from_track, []
    ranked = written.most_common()
    notes = []
    if len(ranked) > 1:
        for city, _count in ranked[1:]:
            holders = [c for c in group.members if c.city == city]
            leaders = [c for c in group.members if c.city == ranked[0][0]]
            notes.append(
                f"{_files(holders)} places it in {city.name}; "
                f"{_files(leaders)} in {ranked[0][0].name}"
            )
    return ranked[0][0], notes


def _written_place(group: _Group, city: City | None) -> str | None:
    """Return the place as a sentence of the session writes it ("в Женеве" gives "Женеве",
    "la capitale autrichienne" itself), or None when no sentence of it names the place (a
    dateline's city, a track's venue)."""
    if city is None:
        return None
    for candidate in group.all():
        for place in candidate.facts.places:
            if place.city == city:
                return candidate.facts.sentence.text[place.start : place.end]
    for candidate in group.all():
        for described in candidate.facts.descriptions:
            if described.country == city.country and described.locative:
                return candidate.facts.sentence.text[described.start : described.end]
    return None


def _clock(group: _Group, city: City | None) -> Clock | None:
    for candidate in group.all():
        if candidate.clock is not None:
            return candidate.clock
    for candidate in group.all():
        if candidate.loose_time is not None:
            clock = read_clock(candidate.loose_time, city)
            if clock is not None:
                return clock
    return None


def _track(group: _Group) -> Track | None:
    tracks = Counter(c.track.id for c in group.members if c.track is not None)
    if not tracks:
        return None
    best = tracks.most_common(1)[0][0]
    return next(c.track for c in group.members if c.track is not None and c.track.id == best)


def _sources(group: _Group, order: dict[str, int]) -> tuple[Source, ...]:
    seen: set[tuple[str, str]] = set()
    sources = []
    for c in sorted(group.all(), key=lambda c: (order.get(c.article.id, 0), c.order)):
        key = (c.article.file, c.quote)
        if key in seen:
            continue
        seen.add(key)
        sources.append(
            Source(
                file=c.article.file,
                quote=c.quote,
                article_id=c.article.id,
                date_words=c.date_words,
                outlet=c.article.outlet,
                url=c.article.url,
                said_start=c.span[0] if c.span else None,
                said_end=c.span[1] if c.span else None,
            )
        )
    return tuple(sources)


def _title(group: _Group, best: Candidate) -> str:
    """Title a call or a meeting by who took part; anything else by what its sentence says."""
    if best.kind.family is not Family.CONTACT:
        return best.title
    names = Counter(name for c in group.members for name in c.names)
    first_seen = {
        name: min(c.facts.norm.lower().find(name.lower()) for c in group.members if name in c.names)
        for name in names
    }
    ranked = sorted(names, key=lambda n: (-names[n], first_seen[n]))[:3]
    ranked.sort(key=lambda n: first_seen[n])
    if ranked:
        return f"{best.kind.title}: {' – '.join(shown_name(n) for n in ranked)}"
    return best.title


def _event(group: _Group, order: dict[str, int]) -> ExtractedEvent:
    readings: dict[Span, list[Candidate]] = defaultdict(list)
    for c in group.members:
        assert c.span is not None
        readings[c.span].append(c)
    span = choose_reading(
        {r: [c.article.id for c in members] for r, members in readings.items()},
        {r: sum(1 for c in members if c.explicit) for r, members in readings.items()},
    )
    discrepancies = [
        discrepancy(
            other,
            _files(readings[other]),
            readings[other][0].date_words,
            span,
            _files(readings[span]),
            readings[span][0].date_words,
        )
        for other in sorted(readings)
        if other != span
    ]
    track = _track(group)
    city, city_notes = _most_common_city(group)
    discrepancies.extend(city_notes)
    clock = _clock(group, city)
    start_at = end_at = None
    if clock is not None:
        try:
            display = city.timezone if city is not None else clock.zone_name
            start, end = clock.on(span[0])
            duration = next((c.duration for c in group.all() if c.duration), None)
            if end is None and duration:
                end = start + dtm.timedelta(minutes=duration)
            zone = zoneinfo.ZoneInfo(display)
            start_at = start.astimezone(zone)
            end_at = end.astimezone(zone) if end is not None else None
        except OverflowError:  # a day at the edge of the calendar has no time on it
            start_at = end_at = None
    timezone = (
        city.timezone
        if city is not None
        else clock.zone_name
        if clock is not None
        else track.timezone
        if track is not None
        else None
    )
    best = max(group.members, key=lambda c: (c.kind.rank, c.confidence, -c.order[0]))
    title = track.session_title if track is not None else _title(group, best)
    articles = {c.article.id for c in group.all()}
    confidence = min(0.99, max(c.confidence for c in group.members) + 0.05 * (len(articles) - 1))
    return ExtractedEvent(
        title=title,
        track=track.id if track is not None else None,
        start_date=span[0],
        end_date=span[1],
        start_at=start_at,
        end_at=end_at,
        location=city.name if city is not None else None,
        location_text=_written_place(group, city),
        timezone=timezone,
        status=_status(group, span),
        kind=best.kind.name,
        confidence=round(confidence, 2),
        sources=_sources(group, order),
        discrepancies=tuple(discrepancies),
    )


@dataclass(slots=True)
class Merged:
    """The events, the time-only mentions no event took, and the event of each candidate
    (by the candidate's id())."""

    events: list[ExtractedEvent]
    left: list[Candidate]
    placed: dict[int, ExtractedEvent]


def merge(
    candidates: list[Candidate], order: dict[str, int], fresh: Collection[str] | None = None
) -> Merged:
    """Merge candidates into events, sorted by start; `order` ranks the articles as given.

    With `fresh` (article ids), only events that some fresh article speaks of are returned:
    the other articles are context, already imported, that a fresh one may add to.
    """
    dated = [c for c in candidates if c.span is not None]
    groups = _groups(dated)
    left = _join_time_only(groups, (c for c in candidates if c.span is None))
    if fresh is not None:
        groups = [g for g in groups if any(c.article.id in fresh for c in g.all())]
    placed: dict[int, ExtractedEvent] = {}
    events = []
    for group in groups:
        event = _event(group, order)
        events.append(event)
        placed.update((id(c), event) for c in group.all())
    ordered = sorted(
        events,
        key=lambda e: (e.start_date, e.start_at.isoformat() if e.start_at else "", e.title),
    )
    return Merged(ordered, left, placed)

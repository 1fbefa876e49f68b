"""Build candidate events from one article's sentences: a dated occurrence with its context."""

from __future__ import annotations

import dataclasses
import datetime as dtm
import functools
import re
import zoneinfo
from collections import Counter
from dataclasses import dataclass, field

from bot.extract import cues
from bot.extract.analysis import Facts
from bot.extract.cues import Change, Edge, Keyword, Kind, Role, Tense
from bot.extract.dates import DateKind, DateMention
from bot.extract.page import Page
from bot.extract.people import shown_name
from bot.extract.places import City, PlaceMention, gazetteer
from bot.extract.resolve import Span, resolve
from bot.extract.times import TimeMention, Zone
from bot.models import MAX_SESSION_DAYS, Article, Track
from bot.tracks import TrackCatalogue, TrackMention

_TRACK_THRESHOLD = 3.0
_GOVERNOR_REACH = 40  # characters: a keyword this close before a date governs it
_TITLE_STOP = re.compile(r"[,;:.()\"]|\s(?:which|that|who|where|when|after|before|while)\s")


@dataclass(frozen=True, slots=True)
class Clock:
    """A clock time on an event's day, in a zone."""

    hour: int
    minute: int
    zone: dtm.tzinfo
    zone_name: str
    until: tuple[int, int] | None = None

    def on(self, day: dtm.date) -> tuple[dtm.datetime, dtm.datetime | None]:
        """Return the aware start (and end, when the text gave one) on that day."""
        start = dtm.datetime(day.year, day.month, day.day, self.hour, self.minute, tzinfo=self.zone)
        if self.until is None:
            return start, None
        end = start.replace(hour=self.until[0], minute=self.until[1])
        return start, end + dtm.timedelta(days=1) if end <= start else end


@dataclass(slots=True)
class Candidate:
    """One dated occurrence read in one sentence of one article."""

    article: Article
    reference: dtm.date
    facts: Facts
    position: int
    date_words: str | None
    span: Span | None  # None for a time-only mention, joined to a dated event later
    kind: Kind
    tense: Tense | None
    explicit: bool
    track: Track | None = None
    city: City | None = None
    city_from_track: bool = False
    clock: Clock | None = None
    loose_time: TimeMention | None = None  # a time-only mention's time, read in its event's zone
    duration: int | None = None
    change: Change | None = None
    names: frozenset[str] = field(default_factory=frozenset)
    part: int | None = None  # "separate calls with A and with B": which of them
    edge: Edge | None = None  # the first or last day of a session of several days
    absorbed_by: Candidate | None = None  # the session whose last day this date is
    moved_to: Candidate | None = None  # the same session at the day it was moved to
    follows: Candidate | None = None  # the dated session whose day an undated sentence takes
    beside: bool = False  # held on the sidelines of another session ("en marge du sommet")

    @property
    def apart(self) -> bool:
        """Tell whether the sentence sets this meeting apart from another ("separately")."""
        return bool(self.facts.lang.phrases.apart.search(self.facts.norm))

    title: str = ""
    confidence: float = 0.5

    @property
    def order(self) -> tuple[int, int]:
        """Return where the candidate stands in its article."""
        return self.facts.sentence.index, self.position

    @property
    def quote(self) -> str:
        """Return the exact sentence the candidate came from."""
        return self.facts.sentence.text


@dataclass(slots=True)
class Decision:
    """What became of one date expression: the candidates it made, or why it made none."""

    file: str
    facts: Facts
    mention: DateMention
    spans: list[Span]
    candidates: list[Candidate] = field(default_factory=list)
    reason: str | None = None


def _speaker(facts: Facts, name: str) -> bool:
    """Tell whether a name is only the speaker of the sentence, not one who meets: "Песков
    подтвердил ...", "Kremlin spokesman Dmitry Peskov said" (the name right before a speech
    verb, or right after one), when the sentence names it once."""
    lowered = facts.norm.lower()
    at = lowered.find(name.lower())
    if at < 0 or lowered.find(name.lower(), at + 1) >= 0:
        return False
    end = at + len(name)
    for keyword in facts.keywords:
        if keyword.role is not Role.REPORT:
            continue
        if keyword.start >= end:  # "Песков подтвердил"
            gap = facts.norm[end : keyword.start]
            if len(gap) <= 20 and not any(ch in gap for ch in ",;:"):
                return True
        elif at >= keyword.end and len(facts.norm[keyword.end : at].strip()) <= 2:
            return True  # "said Peskov"
    return False


def _names_new_date(facts: Facts, cue_end: int, mention: DateMention) -> bool:
    """Tell whether a date is the new day of a session its sentence postpones: after the cue
    ("postponed to 20 January"), or before it where the language puts the verb last ("auf
    den 20. Januar verschoben")."""
    if mention.start >= cue_end:
        return facts.lang.names_new_date(facts.norm, cue_end, mention.start)
    before = facts.lang.phrases.new_date_before
    return cue_end - mention.end < 80 and before.search(facts.norm, 0, mention.start) is not None


def _is_from(facts: Facts, mention: DateMention, cue_end: int) -> bool:
    """Tell whether a date after a postponement cue is its old day ("postponed from May 3")."""
    return mention.start >= cue_end and facts.norm[cue_end : mention.start].strip() == "from"


_PARTNER_SPLIT = re.compile(r",|\s(?:and|as well as)\s(?:with\s)?")
_PARTNER_NAME = re.compile(r"(?<![\w-])[A-Z][a-z]{2,}(?:-[A-Z][a-z]+)?(?![\w-])")
_NOT_PARTNERS = frozenset(
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May "
    "June July August September October November December".split()
)


_WITH = re.compile(r"(?<![\w-])with\s+((?:[A-Z][\w'.-]*\s+){0,3}[A-Z][\w'-]*)")


def _partners(after_with: str) -> list[str]:
    """Return the last name of each partner listed after "with" ("Macron and with Scholz")."""
    partners = []
    for chunk in _PARTNER_SPLIT.split(after_with):
        names = [n for n in _PARTNER_NAME.findall(chunk) if n not in _NOT_PARTNERS]
        if not names:
            break
        partners.append(names[-1])
    return partners


def _no_event(facts: Facts) -> str:
    if _best_kind(facts.keywords) is cues.ELECTION:
        return "an election, not a session"
    return "no event word in its sentence"


def _no_day(mention: DateMention) -> str:
    if mention.kind is DateKind.VAGUE:
        return "names no day (a month, a week or a season)"
    if mention.kind is DateKind.ANCHORED:
        return "counts from a day the text did not name just before"
    return "not a day of the calendar"


def _clause_text(facts: Facts, pos: int) -> str:
    start, end = facts.clause_span(pos)
    return facts.norm[start:end]


def _governor(facts: Facts, mention: DateMention) -> Keyword | None:
    """Return the keyword that says what the date is the date of, if any."""
    clause = facts.clause_of(mention.start)
    inside = [k for k in facts.keywords if facts.clause_of(k.start) == clause]
    left = [k for k in inside if k.end <= mention.start]
    right = [k for k in inside if k.start >= mention.end]
    nearest_left = max(left, key=lambda k: k.end) if left else None
    nearest_right = min(right, key=lambda k: k.start) if right else None
    if nearest_left and mention.start - nearest_left.end <= _GOVERNOR_REACH:
        return nearest_left
    if (
        nearest_left is not None
        and nearest_left.role in {Role.KIND, Role.GENERIC}
        and (nearest_right is None or nearest_right.role in {Role.REPORT, Role.PRESS})
    ):
        # "The OSCE meeting ... on January 13 was cancelled, the organisation said": the
        # speech act after the date is about the news, the noun before it is the occurrence.
        return nearest_left
    return nearest_right or nearest_left


def _only_verbs(keywords: list[Keyword]) -> bool:
    """Tell whether a clause's keywords are event verbs ("began", "resumed") and nothing else."""
    return bool(keywords) and all(k.role is Role.GENERIC for k in keywords)


def _best_kind(keywords: list[Keyword]) -> Kind | None:
    kinds = [k.kind for k in keywords if k.role is Role.KIND and k.kind is not None]
    return max(kinds, key=lambda kind: kind.rank) if kinds else None


def _gap(start: int, end: int, mention: DateMention) -> int:
    if mention.start >= end:
        return mention.start - end
    if start >= mention.end:
        return start - mention.end
    return 0


def _nearest(
    facts: Facts, events: list[DateMention], start: int, end: int | None = None
) -> DateMention | None:
    """Return the event mention of the sentence that an entity at [start, end) belongs to.

    The same clause first, then the smallest gap between the entity and the date: in "the
    Council on January 12, ahead of the OSCE session on January 13", OSCE goes with the 13th.
    """
    if not events:
        return None
    stop = start if end is None else end
    clause = facts.clause_of(start)

    def apart(m: DateMention) -> bool:
        # "12 апреля в Маскате, 19 апреля в Риме": a comma between parts a list's items
        between = facts.norm[stop : m.start] if m.start >= stop else facts.norm[m.end : start]
        return "," in between or ";" in between

    return min(
        events,
        key=lambda m: (abs(facts.clause_of(m.start) - clause), apart(m), _gap(start, stop, m)),
    )


# What a list's later items hold besides dates and places: "in Cairo on December 2 and 3".
def _years_carried(facts: Facts) -> list[DateMention]:
    """Give the year of a fully written date (or of a year named alone, "in 2015") to the
    dates after it in the sentence that leave it out, in calendar order: "on Jan. 30 and 31,
    2019, in Beijing on Feb. 14 and 15"."""
    carried: list[DateMention] = []
    year: int | None = None
    month = 0
    years = [
        (m.start(), int(m.group(1)))
        for m in facts.lang.phrases.bare_year.finditer(facts.norm)
        if not any(d.start <= m.start(1) < d.end for d in facts.dates)
    ]
    for mention in facts.dates:
        named = [y for pos, y in years if pos < mention.start]
        if named and (year is None or named[-1] != year):
            year, month = named[-1], 0
            years = [(pos, y) for pos, y in years if pos >= mention.start]
        first, last = mention.first, mention.last
        if mention.kind is not DateKind.ABSOLUTE or first is None or last is None:
            carried.append(mention)
            continue
        if first.year is not None:
            year, month = last.year or first.year, last.month or 0
        elif year is not None and first.month is not None and first.month >= month:
            mention = dataclasses.replace(
                mention,
                first=dataclasses.replace(first, year=year),
                last=dataclasses.replace(last, year=year + int((last.month or 0) < first.month)),
            )
            month = last.month or month
        carried.append(mention)
    return carried


def _listing_kind(facts: Facts, mention: DateMention) -> Keyword | None:
    """Return the event word a list after a colon goes on from ("held three rounds: on
    April 12 in Muscat, April 19 in Rome"), if the date is an item of such a list."""
    colon = facts.norm.rfind(":", 0, mention.start)
    if colon < 0:
        return None
    if any(k.role in (Role.KIND, Role.REPORT) and colon < k.start < mention.start
           for k in facts.keywords):  # fmt: skip
        return None  # the item says what it is itself
    # An item is a date and a place, no clause of its own: "7 мая Путина на посту президента
    # сменит Медведев" after a colon is a sentence, not an item.
    item = _ITEM_END.split(facts.norm[mention.end :], maxsplit=1)[0]
    lead = _ITEM_END.split(facts.norm[colon + 1 : mention.start])[-1]  # "on", "and on"
    if len(item.split()) > _ITEM_WORDS or len(lead.split()) > _ITEM_WORDS:
        return None
    kinds = [k for k in facts.keywords if k.role is Role.KIND and k.end <= colon]
    return kinds[-1] if kinds else None


_ITEM_END = re.compile(r"[,;.]|\s(?:and|и|а|et|und|then|затем|puis|dann)\s")
_ITEM_WORDS = 5  # "on April 26 again in the Omani capital"


def _is_list_item(facts: Facts, start: int, end: int) -> bool:
    """Tell whether a clause only lists places and dates, continuing the clause before it."""
    spans = [(d.start, d.end) for d in facts.dates] + [(p.start, p.end) for p in facts.places]
    return bool(facts.lang.phrases.list_item.match(facts.without(start, end, spans)))


def _is_stamp(facts: Facts) -> bool:
    """Tell whether a sentence is a live blog's time stamp ("19:30 мск", "14.05 Uhr"): a time
    and nothing else. The entry under it is the first of its paragraph."""
    return bool(facts.times) and not facts.dates and facts.holds_only_labels(0, len(facts.norm))


def _is_section_title(text: str) -> bool:
    """Tell whether a line is a listing's section title: "LOOKING AHEAD", "Further ahead"."""
    words = text.split()
    return (
        0 < len(words) <= 5
        and (text.upper() == text or not any(ch in text for ch in ".,;:"))
        and not any(ch.isdigit() for ch in text)
    )


_STILL_GOING = dtm.timedelta(days=7)
_CONTACT_KINDS = frozenset({"meeting", "talks", "call", "video"})
_SCENE_SENTENCES = 3  # how far back a sentence with no date looks for its day
_MOVED_WITHIN = dtm.timedelta(days=400)


def _moved_to(old: Candidate, new: Candidate) -> bool:
    """Tell whether `new` may be the session `old` was moved to: the same session, later."""
    if new is old or new.span is None or old.span is None or new.article is not old.article:
        return False
    if new.change is not None or ArticleReader._is_original_slot(new):
        return False
    if not old.span[0] < new.span[0] <= old.span[0] + _MOVED_WITHIN:
        return False
    if old.track is not None or new.track is not None:
        return old.track is not None and new.track is not None and old.track.id == new.track.id
    if old.kind is not new.kind:
        return False
    return not (old.names and new.names and not old.names & new.names)


_BOUND = "a deadline or a bound, not the day of an occurrence"
_LISTED_AFTER = re.compile(r"\s*(?:,|,?\s+and|,?\s+or)\s*$")
_NO_EVENT_WORD = "nothing in its clause says what happens on that day"
_LAST = frozenset({Edge.END, Edge.UNTIL})
_NO_VENUE = frozenset({"call", "video", "decree", "publication"})


# between the town and its day: nothing, or the preposition of a day ("on", "le", "am", "в")
_PLACE_THEN_DAY = re.compile(r"\s+(?:(?:on|le|am|в|во)\s+)?", re.IGNORECASE)
_POSSESSIVE = re.compile(r"'s\s+(?:[\w-]+\s+){0,3}?$")


def _names_the_day_s_place(facts: Facts, place: PlaceMention, mention: DateMention) -> bool:
    """Tell whether a town written without a preposition is where the date's session is: right
    before the date, in its clause ("after Geneva on 17 and 18 March"), or owning the
    event word ("Berlin's Petersberg Climate Dialogue, held on May 2")."""
    if any(t.start <= place.start < t.end for t in facts.times):
        return False
    if place.end <= mention.start and _PLACE_THEN_DAY.fullmatch(
        facts.norm, place.end, mention.start
    ):
        return True
    for keyword in facts.keywords:
        if keyword.role is Role.KIND and keyword.start > place.end:
            between = facts.norm[place.end : keyword.start]
            return bool(_POSSESSIVE.match(between)) and facts.clause_of(place.start) == (
                facts.clause_of(mention.start)
            )
    return False


def _same_days(a: Candidate, b: Candidate) -> bool:
    return (
        a.span is not None
        and b.span is not None
        and a.span[0] <= b.span[1]
        and b.span[0] <= a.span[1]
    )


def _is_venue(facts: Facts, place: PlaceMention) -> bool:
    if any(t.start <= place.start < t.end for t in facts.times):
        return False  # "Moscow time" names a zone, not a venue
    if facts.lang.phrases.resident.search(facts.norm, 0, place.start):
        return False  # "the government in Damascus", "the embassy in Moscow": who, not where
    after = facts.norm[place.end :]
    phrases = facts.lang.phrases
    return place.locative or bool(phrases.attributive.match(after) or phrases.hosts.match(after))


@functools.lru_cache(maxsize=256)
def _home(track: Track) -> City | None:
    """Return the city of a track's home venue."""
    return gazetteer().lookup(track.venue) if track.venue else None


def read_clock(time: TimeMention, city: City | None) -> Clock | None:
    """Return a time read in its zone: the one written, or the venue's."""
    zone = time.zone or Zone(local=True)
    if zone.offset_minutes is not None:
        fixed = dtm.timezone(dtm.timedelta(minutes=zone.offset_minutes))
        if city is not None:
            return Clock(time.hour, time.minute, fixed, city.timezone, time.until)
        return Clock(time.hour, time.minute, fixed, zone.iana or "UTC", time.until)
    name: str | None = zone.iana
    if zone.city is not None:
        zone_city = gazetteer().lookup(zone.city)
        name = zone_city.timezone if zone_city else None
    elif zone.local:
        name = city.timezone if city else None
    if name is None:
        return None
    return Clock(time.hour, time.minute, zoneinfo.ZoneInfo(name), name, time.until)


class ArticleReader:
    """Read one article's candidate events."""

    def __init__(
        self,
        article: Article,
        reference: dtm.date,
        sentences: list[Facts],
        catalogue: TrackCatalogue,
        page: Page | None = None,
    ) -> None:
        self.article = article
        self.page = page if page is not None else Page()
        self.reference = reference
        self.sentences = sentences
        self.catalogue = catalogue
        self.surnames = (
            frozenset().union(*(f.names for f in sentences)) if sentences else frozenset()
        )
        self._alias_counts: dict[str, int] | None = None
        self._parties: dict[int, set[str]] = {}
        self._sentence_parties: dict[int, set[str]] = {}
        self.events_by_sentence: dict[int, list[DateMention]] = {}
        self.decisions: list[Decision] = []
        self._moved_to: set[DateMention] = set()  # the new days of sessions moved

    def _drop(
        self, facts: Facts, mention: DateMention, spans: list[Span] | None, reason: str
    ) -> None:
        self.decisions.append(
            Decision(self.article.file, facts, mention, spans or [], reason=reason)
        )

    def _parties_near(self, index: int) -> set[str]:
        """Return the parties named within two sentences of sentence `index` (cached)."""
        if index not in self._parties:
            window: set[str] = set()
            for other in range(max(0, index - 2), min(len(self.sentences), index + 3)):
                if other not in self._sentence_parties:
                    norm = self.sentences[other].norm
                    self._sentence_parties[other] = self.catalogue.parties_in(norm)
                window |= self._sentence_parties[other]
            self._parties[index] = window
        return self._parties[index]

    @property
    def alias_counts(self) -> dict[str, int]:
        """Return how often the article names each track (one pass over the whole text)."""
        if self._alias_counts is None:
            counts: dict[str, int] = {}
            for mention in self.catalogue.find("\n".join(f.norm for f in self.sentences)):
                counts[mention.track.id] = counts.get(mention.track.id, 0) + 1
            self._alias_counts = counts
        return self._alias_counts

    # -- dates -------------------------------------------------------------------------------

    def read(self) -> list[Candidate]:
        """Return the article's candidates: dated events, then time-only mentions."""
        found: list[Candidate] = []
        anchor: Span | None = None
        anchor_sentence = anchor_paragraph = -10
        # First every sentence's event dates, then their candidates: a candidate looks at the
        # sentences around it, and whether they have dates of their own.
        dated: list[list[tuple[DateMention, list[Span], Tense | None]]] = []
        named_year: int | None = None  # the year the text named last
        for i, facts in enumerate(self.sentences):
            events: list[tuple[DateMention, list[Span], Tense | None]] = []
            dated.append(events)
            for mention in _years_carried(facts):
                first, last = mention.first, mention.last
                if mention.year_as_before and named_year is not None and first and last:
                    mention = dataclasses.replace(
                        mention,
                        first=dataclasses.replace(first, year=named_year),
                        last=dataclasses.replace(last, year=named_year),
                    )
                elif first is not None and first.year is not None:
                    named_year = first.year
                if mention.kind is DateKind.DEICTIC and facts.quoted(mention.start):
                    self._drop(facts, mention, None, "a speaker's word inside a quotation")
                    continue  # a speaker's "today" is not the article's
                tense = self._tense(facts, mention)
                # "the same day", "the next day" count from a day named just before: in the
                # two sentences before, or in the paragraph before (a listing's heading)
                near = (
                    anchor
                    if i - anchor_sentence <= 2
                    or (
                        i - anchor_sentence <= 4
                        and facts.sentence.paragraph - anchor_paragraph == 1
                    )
                    else None
                )
                try:
                    spans = resolve(mention, self.reference, tense, near)
                except OverflowError:  # a reference date at the edge of the calendar
                    self._drop(facts, mention, None, "beyond the edge of the calendar")
                    continue
                if not spans:
                    self._drop(facts, mention, None, _no_day(mention))
                    continue
                anchor, anchor_sentence = spans[-1], i
                anchor_paragraph = facts.sentence.paragraph
                reason = self._not_an_event(facts, mention)
                if reason == _NO_EVENT_WORD and events and self._edge(facts, mention) in _LAST:
                    reason = None  # "a conference that opens on Monday and runs until Aug. 26"
                if reason is None:
                    events.append((mention, spans, tense))
                else:
                    self._drop(facts, mention, spans, reason)
            self.events_by_sentence[i] = [m for m, _, _ in events]
        for facts, events in zip(self.sentences, dated, strict=True):
            moved = self._moved_from(facts, [m for m, _, _ in events])
            for mention, spans, tense in events:
                if mention in moved:
                    self._drop(facts, mention, spans, moved[mention])
                    continue
                made = []
                for span in spans:
                    candidate = self._candidate(facts, mention, span, tense)
                    if candidate is not None:
                        made.extend(self._separate(candidate))
                found.extend(made)
                if made:
                    self.decisions.append(
                        Decision(self.article.file, facts, mention, spans, candidates=made)
                    )
                else:
                    self._drop(facts, mention, spans, _no_event(facts))
        found.extend(self._listed(self._headings()))
        found.extend(self._stamped())
        found.sort(key=lambda c: c.order)
        found.extend(self._dated_by_context(found))
        found.sort(key=lambda c: c.order)
        found = self._join_edges(found)
        found = self._drop_moved_slots(found)
        self._place_from_context(found)
        found.extend(self._time_only())
        self._attach_durations(found)
        self.decisions.sort(key=lambda d: (d.facts.sentence.index, d.mention.start))
        return found

    def _dated_by_context(self, found: list[Candidate]) -> list[Candidate]:
        """Return the meetings and calls of sentences with no date that go on from a dated
        session before them: "On Monday Putin met Macron. He then saw Merkel separately.",
        "Утром председатель КНР встретился с Мишустиным", "Am Rande traf er ...". A sentence
        so dated dates the next one in turn."""
        made: list[Candidate] = []
        dated = [c for c in found if c.span is not None]
        for facts in self.sentences:
            phrases = facts.lang.phrases
            if facts.dates or not self._names(facts):
                continue
            if not any(p.search(facts.norm) for p in (phrases.follows_on, phrases.sidelines)):
                continue
            contact = [
                k
                for k in facts.keywords
                if k.role is Role.KIND and k.kind is not None and k.kind.name in _CONTACT_KINDS
            ]
            before = self._scene(facts, dated + made)
            if not contact or before is None or before.span is None:
                continue
            word = contact[0]
            mention = DateMention(
                DateKind.ANCHORED,
                word.start,
                word.end,
                facts.norm[word.start : word.end],
                same_day=True,
            )
            candidate = self._candidate(facts, mention, before.span, before.tense)
            if candidate is None:
                continue
            candidate.follows = before
            parts = self._separate(candidate)
            made.extend(parts)
            self.decisions.append(
                Decision(self.article.file, facts, mention, [before.span], candidates=parts)
            )
        return made

    @staticmethod
    def _scene(facts: Facts, dated: list[Candidate]) -> Candidate | None:
        """Return the session whose day a sentence with no date goes on in: the last one of
        the sentences just before it in its paragraph, if it is one day's and did not move."""
        index, paragraph = facts.sentence.index, facts.sentence.paragraph
        near = [c for c in dated if index - _SCENE_SENTENCES <= c.facts.sentence.index < index]
        before = [c for c in near if c.facts.sentence.paragraph == paragraph]
        if not before:
            # A paragraph may go on with the day of the news the one before it ended on (a
            # day's programme), never with a day the article remembers.
            before = [
                c
                for c in near
                if c.facts.sentence.paragraph == paragraph - 1
                and c.span is not None
                and abs(c.span[0] - c.reference) <= _STILL_GOING
            ]
        if not before:
            return None
        last = max(before, key=lambda c: (c.facts.sentence.index, c.position))
        assert last.span is not None
        if last.span[0] != last.span[1] or last.change is not None:
            return None  # a day of a longer session, or a slot that moved, says no day
        return last

    def _tense(self, facts: Facts, mention: DateMention) -> Tense | None:
        """Return the tense that picks a date's year and weekday.

        A clause that reports a change of plan ("the meeting on 24 February was called off")
        speaks in the past about a date that is usually still ahead: its tense says nothing.
        """
        start, end = facts.clause_span(mention.start)
        clause = facts.norm[start:end]
        if facts.lang.change(clause) is not None:
            if facts.lang.tense(clause) is Tense.FUTURE:
                # "wird verschoben", "est reportée", "откладывается": what is put off now
                # was still ahead
                return Tense.FUTURE
            return Tense.NEAREST
        if facts.lang.phrases.original_slot.search(clause[: mention.start - start]):
            return Tense.NEAREST  # "were originally meant to begin on Monday"
        if facts.lang.phrases.nominal.search(clause[: mention.start - start]):
            return None  # "after the rounds of 16 May": a name for a day, the nearest one
        if facts.lang.phrases.since.search(clause[: mention.start - start]):
            return Tense.PAST  # "under way since Monday"
        if not clause[: mention.start - start].strip(" ,-").lower().removeprefix("on").strip():
            # A date that opens its clause: its verb follows ("On Thursday, X met in ...").
            opening = facts.lang.tense_after(clause, mention.end - start)
            if opening is not None:
                return opening
        local = facts.lang.tense_at(clause, mention.start - start)
        if (
            local is None
            and facts.lang.tense(clause) is None
            and facts.lang.scheduled_present(clause)
        ):
            return None
        return (
            local
            or facts.lang.tense(clause)
            or facts.lang.tense_before(facts.norm, start)
            or facts.lang.tense(facts.norm)
        )

    def _press_topic(self, facts: Facts, mention: DateMention) -> bool:
        """Tell whether the date is a briefing's ("will brief the press on the talks on
        Thursday"): a press keyword before it, and no event verb between them."""
        clause = facts.clause_of(mention.start)
        press = [
            k
            for k in facts.keywords
            if k.role is Role.PRESS
            and k.end <= mention.start
            and facts.clause_of(k.start) == clause
        ]
        if not press:
            return False
        after = press[-1].end
        return not any(
            k.role is Role.GENERIC and after <= k.start < mention.start for k in facts.keywords
        )

    def _clause_keywords(self, facts: Facts, mention: DateMention) -> tuple[list[Keyword], bool]:
        """Return the keywords that speak of a date's clause, and whether a track is named there.

        A clause that only adds a date ("…on Tuesday, January 11, and Wednesday, January 12")
        speaks of what the clause before it named.
        """
        clause = facts.clause_of(mention.start)
        label = self._label_span(facts, mention)
        if label is not None and label[1] < len(facts.norm):
            # "Washington, Wednesday 22 March: Foreign ministers meet ...": what follows.
            keywords = [k for k in facts.keywords if k.start >= label[1]]
            tracked = any(t.start >= label[1] for t in facts.tracks)
            return keywords, tracked
        start, end = facts.clause_span(mention.start)
        # "met in Vienna on Oct. 30, and again on Nov. 14, when ...": a clause that opens with
        # another day or place goes on with the event of the clause before it.
        listed = _is_list_item(facts, start, end) or bool(
            facts.lang.phrases.continues.match(facts.norm, start, mention.start + 1)
        )
        verbs: list[Keyword] = []  # the clause's event verbs, while it names no kind
        for number in range(clause, -1, -1):
            keywords = [k for k in facts.keywords if facts.clause_of(k.start) == number]
            tracked = any(facts.clause_of(t.start) == number for t in facts.tracks)
            if number == clause and not tracked and _only_verbs(keywords):
                # "the ninth, which began on Aug. 22", "- were launched in Nairobi on May 9":
                # the verb's subject, and so the kind, is in a clause before.
                verbs = keywords
                continue
            if keywords or tracked:
                if verbs and not tracked and not any(k.role is Role.KIND for k in keywords):
                    return verbs, False
                return [*keywords, *verbs], tracked
            if verbs:
                continue
            if number != clause and not listed:
                return keywords, tracked
            rest = (facts.norm[start : mention.start] + facts.norm[mention.end : end]).split()
            if not listed and len([w for w in rest if w.isalpha()]) > 3:
                return keywords, tracked
        return [], False

    def _is_label(self, facts: Facts, mention: DateMention) -> bool:
        """Tell whether a date's clause holds only dates and places: a listing's label
        ("Monday 20 October, Luxembourg:") or a heading ("TUESDAY 29 NOV | CAIRO")."""
        return self._label_span(facts, mention) is not None

    @staticmethod
    def _label_span(facts: Facts, mention: DateMention) -> tuple[int, int] | None:
        """Return the stretch of clauses, from the date's, that hold only dates and places
        ("Wednesday 23 July - Istanbul"), if the date's clause is such a label."""
        start, end = facts.clause_span(mention.start)
        if not facts.holds_only_labels(start, end):
            return None
        while end < len(facts.norm):
            following = facts.clause_span(end + 1)
            if following[0] < end or not facts.holds_only_labels(end, following[1]):
                break
            if any(end <= k.start < following[1] for k in facts.keywords) or not any(
                end <= p.start < following[1] for p in facts.places
            ):
                break  # what the label announces, not more of the label
            end = following[1]
        return start, end

    def _headings(self) -> dict[int, tuple[DateMention, list[Span], Tense | None]]:
        """Return the listing headings of the article, by sentence: a line that holds a date
        (and a place) and nothing else, followed by what happens that day."""
        found = {}
        for i, facts in enumerate(self.sentences):
            if self.events_by_sentence.get(i) or len(facts.dates) != 1:
                continue
            mention = facts.dates[0]
            if mention.kind not in {DateKind.ABSOLUTE, DateKind.WEEKDAY}:
                continue
            if not facts.holds_only_labels(0, len(facts.norm)):
                continue
            if i + 1 >= len(self.sentences):
                continue
            tense = self._tense(facts, mention)
            try:
                spans = resolve(mention, self.reference, tense, None)
            except OverflowError:
                continue
            page_range = (
                bool(spans)
                and i < 4
                and mention.first is not None
                and mention.first.year is not None
                and (spans[0][1] - spans[0][0]).days >= 4
            )
            if spans and not page_range:  # not the page's own "1-7 July 2019" line
                found[i] = (mention, spans, tense)
        return found

    def _listed(
        self, headings: dict[int, tuple[DateMention, list[Span], Tense | None]]
    ) -> list[Candidate]:
        """Read the entries under each heading: the first sentence of each paragraph that
        says what happens, until the next heading or a section title."""
        found: list[Candidate] = []
        for index, (mention, spans, tense) in headings.items():
            heading = self.sentences[index]
            venues = list(heading.places)
            label_end = index  # the heading's last sentence: "3–4 декабря. Лондон."
            for entry in self.sentences[index + 1 :]:
                i = entry.sentence.index
                if i in headings:
                    break
                if _is_section_title(entry.sentence.text) and not any(
                    k.role is Role.KIND for k in entry.keywords
                ):
                    break  # "LOOKING AHEAD"; "Trump meets Carney" is an entry's own title
                if (
                    i == label_end + 1
                    and entry.sentence.paragraph == heading.sentence.paragraph
                    and entry.places
                    and not entry.dates
                    and entry.holds_only_labels(0, len(entry.norm))
                ):
                    venues.extend(entry.places)  # the heading's place, after its date
                    label_end = i
                    continue
                own = self.events_by_sentence.get(i, [])
                if any(self._edge(entry, m) not in {Edge.UNTIL, Edge.END} for m in own):
                    continue  # an entry with its own day: read as it is
                previous = self.sentences[i - 1]
                if (
                    previous.sentence.paragraph == entry.sentence.paragraph
                    and i - 1 != label_end
                    and not _is_stamp(previous)
                ):
                    continue  # a detail of the entry before
                if not any(k.role is Role.KIND for k in entry.keywords):
                    continue
                pseudo = dataclasses.replace(mention, start=0, end=0)
                self.events_by_sentence[i] = [pseudo]
                made = []
                entry_tense, entry_spans = tense, spans
                if mention.kind is DateKind.WEEKDAY and tense is None:
                    # A live blog's "Monday, 15:10" over "Trump signed the order": the tense of
                    # the entry (or of the body under its title) tells which Monday
                    told = self._entry_tense(entry)
                    if told is not None:
                        entry_tense = told
                        entry_spans = resolve(mention, self.reference, told, None) or spans
                for span in entry_spans:
                    candidate = self._candidate(entry, pseudo, span, entry_tense)
                    if candidate is None:
                        continue
                    if len(venues) == 1 and (candidate.city is None or candidate.city_from_track):
                        candidate.city, candidate.city_from_track = venues[0].city, False
                    made.append(candidate)
                self.events_by_sentence[i] = []
                if made:
                    found.extend(made)
                    self.decisions.append(
                        Decision(self.article.file, heading, mention, spans, candidates=made)
                    )
        return found

    def _stamped(self) -> list[Candidate]:
        """Read a live blog's entries that name no day: the first sentence under each time
        stamp ("11:20 мск" over "Утром председатель КНР встретился с ...") is of the day the
        blog is written, when the page has time stamps (two at least) and no day headings."""
        stamps = [i for i, facts in enumerate(self.sentences) if _is_stamp(facts)]
        if len(stamps) < 2:
            return []
        found: list[Candidate] = []
        day = (self.reference, self.reference)
        for i in stamps:
            entry = self._stamp_entry(i)
            if entry is None:
                continue
            kinds = [k for k in entry.keywords if k.role is Role.KIND and k.kind is not None]
            mention = DateMention(
                DateKind.ANCHORED, kinds[0].start, kinds[0].start, "", same_day=True
            )
            # A live entry reports what has happened, unless it says what is to come.
            told = entry.lang.tense(entry.norm)
            tense = told if told is Tense.FUTURE else Tense.PAST
            # the entry's own date, so that its time and places go with it ("got under way
            # at 10:00 local time at NATO headquarters")
            self.events_by_sentence[entry.sentence.index] = [mention]
            candidate = self._candidate(entry, mention, day, tense)
            if candidate is None:
                del self.events_by_sentence[entry.sentence.index]
                continue
            made = self._separate(candidate)
            found.extend(made)
            self.decisions.append(
                Decision(self.article.file, entry, mention, [day], candidates=made)
            )
        return found

    def _stamp_entry(self, stamp: int) -> Facts | None:
        """Return the sentence of the entry under a time stamp that says what happened: its
        first, or its second under a short title ("Рукопожатие на фоне флагов."), when that
        sentence names no day of its own."""
        for i in range(stamp + 1, min(stamp + 3, len(self.sentences))):
            entry = self.sentences[i]
            if entry.sentence.paragraph != self.sentences[stamp + 1].sentence.paragraph:
                return None
            if self.events_by_sentence.get(i) or any(
                d.kind is not DateKind.VAGUE for d in entry.dates
            ):
                return None
            if any(k.role is Role.KIND for k in entry.keywords):
                return entry
        return None

    def _entry_tense(self, entry: Facts) -> Tense | None:
        """Return the tense of a listing's entry: its own, else that of the sentence under it
        when the entry is a title line ("Trump meets Carney" over "Trump held a meeting")."""
        for facts in self.sentences[entry.sentence.index : entry.sentence.index + 2]:
            told = facts.lang.tense(facts.norm)
            if told in {Tense.PAST, Tense.FUTURE}:
                return told
        return None

    def _not_an_event(self, facts: Facts, mention: DateMention) -> str | None:
        """Return why a date is not the day of an occurrence, or None when it is one."""
        start, end = facts.clause_span(mention.start)
        left = facts.norm[start : mention.start]
        if facts.lang.is_deadline(left, facts.norm[start:end], facts.norm[mention.end : end]):
            return _BOUND
        listed = [d for d in facts.dates if d.end <= mention.start]
        if (
            listed
            and _LISTED_AFTER.match(facts.norm, listed[-1].end, mention.start)
            and self._not_an_event(facts, listed[-1]) == _BOUND
        ):
            return _BOUND  # "in the weeks beginning 28 August, 18 September and 9 October"
        if facts.lang.is_denied(left):
            return "a plan the text denies"
        governor = _governor(facts, mention)
        if governor is not None and governor.role is Role.REPORT:
            return f"the day something was said ({facts.norm[governor.start : governor.end]!r})"
        if (governor is not None and governor.role is Role.PRESS) or self._press_topic(
            facts, mention
        ):
            return "the day of a press conference or briefing"
        in_clause, has_track = self._clause_keywords(facts, mention)
        if (
            _best_kind(in_clause) is None
            and not has_track
            and _listing_kind(facts, mention) is None
            and self._told_before(facts, self._edge(facts, mention) is not None) is None
        ):
            return _NO_EVENT_WORD
        return None

    def _told_before(self, facts: Facts, edge: bool = False) -> Kind | None:
        """Return the kind of the session the sentence before told of, when this one goes on
        about it with an event verb, or a verb that opens or closes it (`edge`), and no noun:
        "It will now be held in Glasgow from 1 to 12 November 2021", "Они завершились в
        среду"."""
        if not facts.lang.phrases.pronoun_start.match(facts.norm):
            return None
        if not edge and not any(k.role is Role.GENERIC for k in facts.keywords):
            return None
        index = facts.sentence.index
        if index == 0:
            return None
        previous = self.sentences[index - 1]
        if previous.sentence.paragraph != facts.sentence.paragraph:
            return None
        return _best_kind(previous.keywords)

    def _separate(self, candidate: Candidate) -> list[Candidate]:
        """Split "separate calls with Macron and with Scholz" into one candidate per partner."""
        facts = candidate.facts
        start, end = facts.clause_span(candidate.position)
        found = facts.lang.phrases.separate.search(facts.norm, start, end)
        if found is None:
            return [candidate]
        partners = _partners(facts.norm[found.end() : end])
        if len(partners) == 1:
            # "speaking first with Putin and then, in a separate call, with Zelenskiy": the
            # partner before the phrase is the other call's
            before = _WITH.findall(facts.norm, start, found.start())
            earlier = _partners(before[-1]) if before else []
            partners = [*earlier[:1], *partners]
        if len(partners) < 2:
            return [candidate]
        hosts = candidate.names - set(partners)
        parts = []
        for number, partner in enumerate(sorted(partners, key=facts.norm.find)):
            part = dataclasses.replace(candidate, names=hosts | {partner}, part=number)
            part.title = self._title(part, [])
            parts.append(part)
        return parts

    def _moved_from(self, facts: Facts, mentions: list[DateMention]) -> dict[DateMention, str]:
        """Return the original days of a session the sentence moves ("planned for 10 February,
        it was postponed to 3 March"): one session at its new day, not two."""
        found = facts.lang.change(facts.norm)
        if found is None or found[0] is not Change.POSTPONED:
            return {}
        cue_end = found[1]
        new = [m for m in mentions if _names_new_date(facts, cue_end, m)]
        if new:
            old = [
                m
                for m in mentions
                if m not in new and (m.end <= cue_end or _is_from(facts, m, cue_end))
            ]
        else:
            # "due to open on Feb. 23, after being pushed back from Feb. 8"
            old = [m for m in mentions if _is_from(facts, m, cue_end)]
            new = [m for m in mentions if m.end <= cue_end]
            if not old or not new:
                return {}
        self._moved_to.update(new)
        return dict.fromkeys(old, f"the original day of a session moved to {new[0].words!r}")

    def _candidate(
        self, facts: Facts, mention: DateMention, span: Span, tense: Tense | None
    ) -> Candidate | None:
        events = self.events_by_sentence[facts.sentence.index]
        if facts.lang.change(facts.norm) is not None:
            # "X, planned for March 3, was postponed to March 10": everything the sentence
            # names belongs to both dates.
            events = [mention]
        in_clause, _ = self._clause_keywords(facts, mention)
        own_tracks = [t for t in facts.tracks if _nearest(facts, events, t.start, t.end) is mention]
        if not own_tracks and len(events) > 1:
            own_tracks = self._coordinated_tracks(facts, mention, events)
        keywords = facts.keywords
        hosts = facts.hosts
        if hosts:
            # "met Xi on the sidelines of the G20 summit": a meeting beside the summit, not
            # the summit; "they last saw each other on the sidelines of ...": a meeting too.
            in_clause = [k for k in in_clause if (k.start, k.end) not in hosts]
            own_tracks = [t for t in own_tracks if (t.start, t.end) not in hosts]
            keywords = [k for k in keywords if (k.start, k.end) not in hosts]
        kind = (
            _best_kind(in_clause)
            or (cues.MEETING if own_tracks else _best_kind(keywords))
            or (cues.MEETING if hosts else self._told_before(facts))
        )
        if kind is None or kind is cues.ELECTION:
            return None  # no word says what happens; or an election, which is no session
        candidate = Candidate(
            article=self.article,
            reference=self.reference,
            facts=facts,
            position=mention.start,
            date_words=mention.words,
            span=span,
            kind=kind,
            tense=tense,
            explicit=mention.kind is DateKind.ABSOLUTE,
            beside=bool(hosts),
        )
        candidate.names = self._names(facts)
        self._place_and_track(candidate, facts, mention, events, own_tracks)
        candidate.clock = self._clock(facts, mention, events, candidate)
        candidate.duration = facts.duration
        candidate.change = self._change(facts, mention)
        candidate.edge = self._edge(facts, mention)
        if candidate.edge is not Edge.UNTIL and span[0] == span[1]:
            start, end = facts.clause_span(mention.start)
            days = facts.lang.days_long(facts.norm[start:end])
            if days is not None and candidate.edge is Edge.END:
                # "closed the summit on Sunday, after the two-day meeting"
                candidate.span = (span[0] - dtm.timedelta(days=days - 1), span[0])
            elif days is not None:  # "the two-day meeting, which began on Monday"
                candidate.span = (span[0], span[0] + dtm.timedelta(days=days - 1))
        candidate.title = self._title(candidate, in_clause)
        candidate.confidence = self._confidence(candidate, mention)
        return candidate

    def _edge(self, facts: Facts, mention: DateMention) -> Edge | None:
        """Tell whether the date is the first or the last day of a session ("began on
        Monday", "runs until Friday"), reading back to the previous date of its clause and on
        to the next one."""
        start, end = facts.clause_span(mention.start)
        before = [d.end for d in facts.dates if start <= d.end <= mention.start]
        after = [d.start for d in facts.dates if mention.end <= d.start <= end]
        left = facts.norm[max([start, *before]) : mention.start]
        return facts.lang.edge(left, facts.norm[mention.end : min([end, *after])])

    def _join_edges(self, found: list[Candidate]) -> list[Candidate]:
        """Make one session of its first and last days: "opened on Wednesday and closed on
        Friday", "began on Monday. ... It runs until Thursday." Return what is left."""
        kept: list[Candidate] = []
        for candidate in found:
            if candidate.edge not in {Edge.END, Edge.UNTIL} or candidate.span is None:
                kept.append(candidate)
                continue
            first = self._first_day_of(kept, candidate)
            if first is None or first.span is None:
                running = candidate.facts.lang.phrases.ongoing
                ongoing = candidate.span[0] > candidate.reference and running.search(
                    candidate.facts.norm
                )
                if ongoing:  # "is under way in Brussels and runs until Thursday"
                    candidate.span = (candidate.reference, candidate.span[1])
                if ongoing or candidate.edge is Edge.END:
                    kept.append(candidate)  # "the summit closed on Friday": its day
                continue  # "talks will continue until January 31": a bound
            first.span = (first.span[0], candidate.span[1])
            candidate.absorbed_by = first
            placed = candidate.city is not None and not candidate.city_from_track
            if placed and (first.city is None or first.city_from_track):
                # "COP30 opens in Belém and runs until Friday 21 November"
                first.city, first.city_from_track = candidate.city, False
        for candidate in kept:
            span = candidate.span
            if (
                candidate.edge is Edge.START
                and span is not None
                and span[0] == span[1]
                and span[0] < candidate.reference <= span[0] + _STILL_GOING
            ):
                # "the round, which began on Thursday": under way as the article is written
                candidate.span = (span[0], candidate.reference)
        return kept

    def _drop_moved_slots(self, found: list[Candidate]) -> list[Candidate]:
        """Keep one session of a session the article moves: its original day ("had been
        planned for 9 to 19 November 2020", "had been set for 3 May before Oman postponed it")
        goes when the article gives the same session a later day elsewhere."""
        kept = []
        for candidate in found:
            if candidate.span is None or not self._is_original_slot(candidate):
                kept.append(candidate)
                continue
            later = next((c for c in found if _moved_to(candidate, c)), None)
            if later is None:
                kept.append(candidate)
                continue
            candidate.moved_to = later
        return kept

    @staticmethod
    def _is_original_slot(candidate: Candidate) -> bool:
        if candidate.change is Change.POSTPONED:
            return True
        start, end = candidate.facts.clause_span(candidate.position)
        phrases = candidate.facts.lang.phrases
        return bool(phrases.original_slot.search(candidate.facts.norm, start, end))

    @staticmethod
    def _first_day_of(kept: list[Candidate], last: Candidate) -> Candidate | None:
        """Return the candidate whose session `last` ends: the nearest before it, in its
        sentence or up to two before, that starts a session a few days earlier."""
        assert last.span is not None
        index = last.facts.sentence.index
        for candidate in reversed(kept):
            if candidate.span is None or candidate.article is not last.article:
                continue
            if candidate.facts.sentence.index < index - 2:
                break
            if candidate.edge in {Edge.END, Edge.UNTIL} or candidate.change is not None:
                continue
            days = (last.span[1] - candidate.span[0]).days
            if not 0 < days <= MAX_SESSION_DAYS:
                continue
            if candidate.track is not None and last.track is not None:
                if candidate.track.id != last.track.id:
                    continue
            elif candidate.kind.family is not last.kind.family:
                continue
            if candidate.edge is Edge.START or candidate.facts is last.facts:
                return candidate
        return None

    def _coordinated_tracks(
        self, facts: Facts, mention: DateMention, events: list[DateMention]
    ) -> list[TrackMention]:
        """Give a bare coordinated date the tracks of the clause it continues."""
        clause = facts.clause_of(mention.start)
        start, end = facts.clause_span(mention.start)
        rest = (facts.norm[start : mention.start] + facts.norm[mention.end : end]).split()
        if clause == 0 or len([w for w in rest if w.isalpha()]) > 3:
            return []
        return [t for t in facts.tracks if facts.clause_of(t.start) == clause - 1]

    # -- context -----------------------------------------------------------------------------

    def _names(self, facts: Facts) -> frozenset[str]:
        # a surname the article names in full elsewhere, here alone ("Первым Трамп принял
        # Пашиняна"), in any of its forms
        key = facts.lang.surname_key
        words = {
            key(w)
            for w in re.findall(r"(?<![\w-])[^\W\d_][^\W\d_]{2,}", facts.norm)
            if w[0].isupper()
        }
        return frozenset(n for n in facts.names | (words & self.surnames) if not _speaker(facts, n))

    def _place_and_track(
        self,
        candidate: Candidate,
        facts: Facts,
        mention: DateMention,
        events: list[DateMention],
        own_tracks: list[TrackMention],
    ) -> None:
        venues = [
            p
            for p in facts.places
            if _is_venue(facts, p) and _nearest(facts, events, p.start, p.end) is mention
        ]
        if not venues:
            venues = [p for p in facts.places if _names_the_day_s_place(facts, p, mention)]
        label = self._label_span(facts, mention) if not venues else None
        if label is not None:
            # "Vienna, 5-6 March - OPEC meets", "Geneva - US-China trade talks"
            venues = [p for p in facts.places if label[0] <= p.start < label[1]]
        if venues:
            # The venue nearest the date: "The Geneva meeting resumed the round in Busan, which
            # ran from Nov. 25" took place in Busan.
            nearest = min(venues, key=lambda p: _gap(p.start, p.end, mention))
            city: City | None = nearest.city
            gap = _gap(nearest.start, nearest.end, mention)
            closer = [
                d for d in facts.descriptions if d.locative and _gap(d.start, d.end, mention) < gap
            ]
            if closer:
                # "vom 29. November bis 6. Dezember in der ägyptischen Hauptstadt angesetzt
                # war, teilte das Ministerium in Moskau mit": the description is the venue
                described, named = self._described_city(facts, mention, events)
                if described and named is not None:
                    city = named
        else:
            described, city = self._described_city(facts, mention, events)
            if not described:
                city = self._neighbour_venue(facts, candidate.span)
            if city is None and not described:
                # "to start at 9 a.m. Singapore time": the clock's city, when none other is named
                zoned = [t.zone.city for t in facts.times if t.zone is not None and t.zone.city]
                if zoned:
                    city = gazetteer().lookup(zoned[0])
            if city is None and not described and not facts.places:
                city = self._article_venue()
        candidate.track = self._track(candidate, facts, mention, events, own_tracks, city)
        if candidate.kind.name in {"call", "video"}:
            return  # a phone or video call has no venue
        if candidate.kind.name in {"decree", "publication"}:
            return  # a decree or a publication happens on a day, not at a venue (a signing has one)
        if city is None and candidate.track is not None and candidate.track.venue:
            city = gazetteer().lookup(candidate.track.venue)
            candidate.city_from_track = city is not None
        candidate.city = city

    def _described_city(
        self, facts: Facts, mention: DateMention, events: list[DateMention]
    ) -> tuple[bool, City | None]:
        """Return whether a description near the date names its place, and the city it stands
        for: "the Austrian capital" is Vienna; "the Swiss city" the Swiss city named last."""
        for described in facts.descriptions:
            if not described.locative or _nearest(facts, events, described.start) is not mention:
                continue
            if described.capital:
                return True, gazetteer().capital(described.country)
            named: list[PlaceMention] = []  # the country's cities named before, latest first
            for earlier in range(facts.sentence.index, -1, -1):
                named += reversed([
                    p
                    for p in self.sentences[earlier].places
                    if p.city.country == described.country
                    and (earlier < facts.sentence.index or p.start < described.start)
                ])  # fmt: skip
            if named:
                # The one named as a venue ("talks in Jeddah") before the one named as a
                # government ("Riyadh and Washington mediate").
                return True, next((p for p in named if p.locative), named[0]).city
            dateline = self.page.dateline
            if dateline is not None and dateline.city is not None:
                return True, dateline.city if dateline.city.country == described.country else None
            return True, None
        return False, None

    def _place_from_context(self, found: list[Candidate]) -> None:
        """Place a session its sentence does not place: where the article places the other
        sessions of its track, else where the sessions around it (its paragraph) take place,
        else where most of the article's sessions take place."""
        placed = [c for c in found if c.city is not None and not c.city_from_track]
        # The article's main place: where most of its placed sessions are (two at least).
        counts = Counter(c.city for c in placed).most_common(1)
        main = counts[0][0] if counts and 2 <= counts[0][1] > len(placed) / 2 else None
        for candidate in found:
            if candidate.kind.name in _NO_VENUE:
                continue
            there = self._there(candidate, placed)
            if there is not None:
                candidate.city, candidate.city_from_track = there, False
                continue
            if candidate.city is not None and not candidate.city_from_track:
                continue
            if any(_is_venue(candidate.facts, p) for p in candidate.facts.places):
                continue  # its sentence names a venue, even if not for this date
            city = None
            if candidate.follows is not None and candidate.follows.city is not None:
                # "Перед обедом там же встретятся ...": the programme of the day it goes on with
                city = candidate.follows.city
            elif candidate.track is not None:
                same = Counter(
                    c.city
                    for c in placed
                    if c.track is not None and c.track.id == candidate.track.id
                )
                if same:
                    city = same.most_common(1)[0][0]
            if city is None:
                paragraph = candidate.facts.sentence.paragraph
                # A session told after it lends its place only if it is of the same days: "Напомним,
                # что 4-5 июля в Астане прошел раунд" does not place the summit of 7 July.
                near = {
                    c.city
                    for c in placed
                    if c.facts.sentence.paragraph == paragraph
                    and (c.order <= candidate.order or _same_days(c, candidate))
                }
                if len(near) == 1:
                    city = next(iter(near))
            if city is None and candidate.city is None:
                city = main
            if city is not None:
                candidate.city, candidate.city_from_track = city, False

    def _there(self, candidate: Candidate, placed: list[Candidate]) -> City | None:
        """Return the place a session's clause points back to ("вторая встреча прошла там
        же", "met there again"): the place named before the pointer in its sentence, else the
        venue the sentence before it, in its paragraph, names, else where that sentence's
        session is ("in the Saudi port city ... signed there")."""
        facts = candidate.facts
        start, end = facts.clause_span(candidate.position)
        pointer = facts.lang.phrases.there.search(facts.norm, start, end)
        if pointer is None:
            return None
        before = [p for p in facts.places if p.end <= pointer.start() and p.city is not None]
        index = facts.sentence.index
        if not before and index > 0:
            # "normally meets in Geneva. Its last session opened there on Oct. 5"
            previous = self.sentences[index - 1]
            if previous.sentence.paragraph == facts.sentence.paragraph:
                before = [p for p in previous.places if p.city and _is_venue(previous, p)]
                if not before:
                    cities = [c.city for c in placed if c.facts is previous and c.city]
                    return cities[-1] if cities else None
        return before[-1].city if before else None

    def _article_venue(self) -> City | None:
        """Return where the article's story happens, when it says so once for all: its
        dateline's city, else the place its headline names."""
        headline = self._headline_venue()
        dateline = self.page.dateline
        if dateline is not None and dateline.city is not None:
            # "МОСКВА, 24 февраля — ..." under "... подготовила в Женеве проект": the desk
            # writes from Moscow, the story happens where its headline says ("Delhi" under
            # "NEW DELHI:" is the dateline's city, told short)
            here = dateline.city.name
            if headline is None or headline.name in here or here in headline.name:
                return dateline.city
            return headline
        return headline

    def _headline_venue(self) -> City | None:
        """Return the one venue the headline names, if it names one."""
        if self.sentences and self.page.headline is not None:
            first = self.sentences[0]
            # the headline, or a sentence of it ("Саммит G20 в Гамбурге: ... . Хроника")
            if first.sentence.text.strip() in self.page.headline:
                venues = [p for p in first.places if _is_venue(first, p)]
                if len(venues) == 1:
                    return venues[0].city
        return None

    def _neighbour_venue(self, facts: Facts, span: Span | None) -> City | None:
        index = facts.sentence.index
        for other in (index - 1, index + 1):
            if not 0 <= other < len(self.sentences):
                continue
            neighbour = self.sentences[other]
            if neighbour.sentence.paragraph != facts.sentence.paragraph:
                continue
            if self.events_by_sentence.get(other):
                continue  # its places belong to its own dates
            venues = [p for p in neighbour.places if _is_venue(neighbour, p)]
            if len(venues) == 1:
                return venues[0].city
        return None

    def _track(
        self,
        candidate: Candidate,
        facts: Facts,
        mention: DateMention,
        events: list[DateMention],
        own_tracks: list[TrackMention],
        city: City | None,
    ) -> Track | None:
        if not candidate.kind.session:
            return None  # a call, a decree, a publication: news about a track, not its session
        if candidate.beside:
            # A meeting on the sidelines of a session belongs to a track only when named for it.
            named = {t.track.id: t.track for t in own_tracks}
            return next(iter(named.values())) if len(named) == 1 else None
        scores: dict[str, float] = {}
        local: set[str] = set()  # tracks with evidence near the date, not just in the article

        def add(track: Track, points: float, *, near: bool = False) -> None:
            scores[track.id] = scores.get(track.id, 0.0) + points
            if near and points > 0:
                local.add(track.id)

        for t in own_tracks:
            add(t.track, 5, near=True)
        for t in facts.tracks:
            if t not in own_tracks and _nearest(facts, events, t.start, t.end) is None:
                add(t.track, 3, near=True)
        index = facts.sentence.index
        for other in (index - 1, index + 1):
            if not 0 <= other < len(self.sentences):
                continue
            # The sentence before may have dates of its own and still set the topic ("Talks on
            # the Iran deal resumed on Monday. The next session is set for January 3.").
            if other == index + 1 and self.events_by_sentence.get(other):
                continue
            for t in self.sentences[other].tracks:
                add(t.track, 2, near=True)
        mentioned = self._parties_near(index)
        for track in self.catalogue:
            add(track, min(1.5, 0.5 * self.alias_counts.get(track.id, 0)))
            home = _home(track)
            if city is not None and home is not None:
                add(track, 2 if home == city else -1, near=True)
            if track.parties and set(track.parties) <= mentioned:
                add(track, 1.5)
        scores = {tid: score for tid, score in scores.items() if tid in local}
        best = max(scores.items(), key=lambda item: item[1], default=None)
        if best is None or best[1] < _TRACK_THRESHOLD:
            return None
        ties = [tid for tid, score in scores.items() if score == best[1]]
        if len(ties) > 1:
            return None  # two tracks fit equally well: better none than a wrong one
        return self.catalogue.get(best[0])

    def _clock(
        self,
        facts: Facts,
        mention: DateMention,
        events: list[DateMention],
        candidate: Candidate,
    ) -> Clock | None:
        for time in facts.times:
            if _nearest(facts, events, time.start) is mention:
                clock = read_clock(time, candidate.city)
                if clock is None:
                    # "um 9 Uhr Ortszeit im Hotel Capella": local to a venue the article
                    # places later; the merge reads it in the city the session ends up in
                    candidate.loose_time = time
                return clock
        return None

    def _change(self, facts: Facts, mention: DateMention) -> Change | None:
        if mention in self._moved_to:
            return None  # the new day of a session moved: it stands
        start, end = facts.clause_span(mention.start)
        found = facts.lang.change(facts.norm[start:end])
        if found is not None:
            kind, cue_end = found[0], start + found[1]
        else:
            whole = facts.lang.change(facts.norm)
            if whole is None or self._took_place(facts, start, end):
                return None
            kind, cue_end = whole
        if kind is Change.POSTPONED and _names_new_date(facts, cue_end, mention):
            return None  # "postponed to 20 January": the new date stands
        if kind is Change.POSTPONED and facts.lang.names_new_time(facts.norm, cue_end):
            return None  # "pushed back to 7 p.m.": the same day, at another hour
        return kind

    @staticmethod
    def _took_place(facts: Facts, start: int, end: int) -> bool:
        """Tell whether a clause says in the past that its session took place ("Второй раунд
        прошел здесь 3 марта, хотя ... в тот день переговоры отложили"): another clause's
        change of plan is not its own."""
        generic = any(k.role is Role.GENERIC and start <= k.start < end for k in facts.keywords)
        return generic and facts.lang.tense(facts.norm[start:end]) is Tense.PAST

    def _title(self, candidate: Candidate, in_clause: list[Keyword]) -> str:
        if candidate.track is not None:
            return candidate.track.session_title
        kind = candidate.kind
        if kind.family is cues.Family.CONTACT:
            lowered = candidate.facts.norm.lower()
            names = sorted(candidate.names, key=lambda n: lowered.find(n.lower()))
            if names:
                return f"{kind.title}: {' – '.join(shown_name(n) for n in names[:3])}"
            if candidate.city is not None:
                return f"{kind.title} in {candidate.city.name}"
            return kind.title
        keyword = next((k for k in in_clause if k.kind == kind), None)
        if keyword is None:
            return kind.title
        rest = candidate.facts.norm[keyword.end :]
        stop = _TITLE_STOP.search(rest)
        words = (rest[: stop.start()] if stop else rest).split()[:12]
        while words and words[0].lower() in {"a", "an", "the"} and kind.name != "decree":
            words = words[1:]
        phrase = " ".join(words).strip()
        if not phrase:
            return kind.title
        joiner = (
            " " if phrase.split()[0].lower() in {"on", "of", "about", "for", "against"} else ": "
        )
        return f"{kind.title}{joiner}{phrase}"

    def _confidence(self, candidate: Candidate, mention: DateMention) -> float:
        score = 0.45
        score += {DateKind.ABSOLUTE: 0.25, DateKind.WEEKDAY: 0.15, DateKind.DEICTIC: 0.15}.get(
            mention.kind, 0.05
        )
        if candidate.track is not None:
            score += 0.15
        if candidate.city is not None and not candidate.city_from_track:
            score += 0.05
        if candidate.tense is Tense.FUTURE:
            score += 0.05
        return round(min(score, 0.95), 2)

    # -- time-only mentions and durations ----------------------------------------------------

    def _time_only(self) -> list[Candidate]:
        """Read times named without a date ("the talks will start at 10:00 local time")."""
        found = []
        for i, facts in enumerate(self.sentences):
            if self.events_by_sentence.get(i) or not facts.times:
                continue
            if any(d.kind is not DateKind.VAGUE for d in facts.dates if not facts.quoted(d.start)):
                continue
            if not any(k.role in {Role.KIND, Role.GENERIC} for k in facts.keywords):
                continue
            paragraph = [
                s for s in self.sentences if s.sentence.paragraph == facts.sentence.paragraph
            ]
            kind = _best_kind(facts.keywords) or _best_kind(
                [k for s in paragraph for k in s.keywords]
            )
            if kind is None:
                continue
            time = next((t for t in facts.times if t.zone is not None), facts.times[0])
            names = frozenset().union(*(self._names(s) for s in paragraph))
            found.append(
                Candidate(
                    article=self.article,
                    reference=self.reference,
                    facts=facts,
                    position=time.start,
                    date_words=None,
                    span=None,
                    kind=kind,
                    tense=None,
                    explicit=False,
                    clock=read_clock(time, None),
                    loose_time=time,
                    duration=facts.duration,
                    names=names,
                    title=kind.title,
                    confidence=0.4,
                )
            )
        return found

    def _attach_durations(self, found: list[Candidate]) -> None:
        """Give a duration named in a later sentence ("it lasted 50 minutes") to its event."""
        for facts in self.sentences:
            if facts.duration is None or self.events_by_sentence.get(facts.sentence.index):
                continue
            before = [
                c
                for c in found
                if c.facts.sentence.index < facts.sentence.index <= c.facts.sentence.index + 3
                and c.facts.sentence.paragraph == facts.sentence.paragraph
            ]
            if before:
                target = max(before, key=lambda c: c.order)
                if target.duration is None:
                    target.duration = facts.duration

"""The words around a date that tell what happens on it: its kind, tense and status."""

from __future__ import annotations

import enum
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass


class Family(enum.StrEnum):
    """Kinds that may describe the same occurrence."""

    CONTACT = "contact"  # calls and meetings between the same people
    ACT = "act"  # a decree, a signing
    PUBLICATION = "publication"
    VOTE = "vote"


@dataclass(frozen=True, slots=True)
class Kind:
    """What a dated occurrence is: a call, talks, a decree..."""

    name: str
    title: str
    family: Family
    session: bool  # a session of a negotiation track may be of this kind
    rank: int  # the more specific kind wins when a sentence names several


VIDEO = Kind("video", "Video call", Family.CONTACT, False, 9)
CALL = Kind("call", "Phone call", Family.CONTACT, False, 8)
SUMMIT = Kind("summit", "Summit", Family.CONTACT, True, 7)
DECREE = Kind("decree", "Decree", Family.ACT, False, 7)
SIGNING = Kind("signing", "Signing", Family.ACT, False, 6)
PUBLICATION = Kind("publication", "Publication", Family.PUBLICATION, False, 6)
VOTE = Kind("vote", "Vote", Family.VOTE, True, 6)
ELECTION = Kind("election", "Election", Family.VOTE, False, 7)  # "vote in a plebiscite"
VISIT = Kind("visit", "Visit", Family.CONTACT, False, 5)
TALKS = Kind("talks", "Talks", Family.CONTACT, True, 4)
MEETING = Kind("meeting", "Meeting", Family.CONTACT, True, 3)
KINDS = {
    k.name: k
    for k in (
        VIDEO,
        CALL,
        SUMMIT,
        DECREE,
        SIGNING,
        PUBLICATION,
        VOTE,
        ELECTION,
        VISIT,
        TALKS,
        MEETING,
    )
}

_KIND_WORDS: list[tuple[Kind, str]] = [
    (
        VIDEO,
        r"video ?(?:call|conference|link|talks|summit|meeting|conversation)s?|"
        r"videoconferenc(?:e|es|ing)|video-?link|virtual (?:summit|meeting|talks)|"
        r"via video|by video|online (?:summit|meeting|talks)",
    ),
    (
        CALL,
        r"(?:tele)?phone (?:call|conversation|talks?)s?|telephone|by phone|over the phone|"
        r"phone|phoned|telephoned|got in touch|spoke by|call(?:ed)? each other|"
        r"(?:in|during|on)\s+(?:a|an|the|their|his|her|its)\s+(?:[\w-]+\s+){0,2}?calls?|"
        r"(?:held|had|made|holds|has|hold)\s+(?:a\s+|an\s+|two\s+)?"
        r"(?:separate\s+|brief\s+|lengthy\s+|long\s+|short\s+|first\s+|second\s+)?"
        r"calls?|calls?\s+with|"
        # "had called Zelensky", "called both leaders": a person after it, not "called for"
        r"call(?:ed|s)?(?=\s+(?-i:(?!(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day)[A-Z][a-z])|"
        r"\s+(?:both|his|her|their|the two)\s+(?:leaders?|presidents?|counterparts?|"
        r"prime ministers?|ministers?))",
    ),
    (SUMMIT, r"summits?"),
    (DECREE, r"decrees?|executive orders?"),
    (
        SIGNING,
        r"(?!signs? off\b|signed off\b)"
        r"(?:signed|signing|will sign|to sign|signs)|initial(?:l)?ed|initial(?:l)?ing|"
        r"put (?:its|their|his|her) (?:name|names|signature|signatures) to",
    ),
    (PUBLICATION, r"published|publish(?:es|ing)?|publication|made public|unveiled|released"),
    (
        VOTE,
        r"votes?|voting|voted|"
        r"adopt(?:ed|s)?\s+(?:\w+\s+)?(?:a\s+|the\s+)?resolution",
    ),
    (ELECTION, r"elections?|runoff|polls open|referendum|plebiscite|ballot"),
    (
        VISIT,
        r"visit(?:s|ed|ing)?|trip to|tour of|"
        # "led a delegation to Beijing": a journey; "who will lead the delegation" is none
        r"(?:led|leads|headed|heads)\s+(?:a|an|the|his|her|their)\s+(?:[\w-]+\s+){0,2}?"
        r"delegation\s+to",
    ),
    (
        TALKS,
        r"talks|negotiations?|negotiat(?:e|ed|ing)|consultations?|discussions?|dialogue|"
        r"round of talks|rounds? of (?:negotiations|consultations)|parley|rounds?|mediation|"
        r"(?:negotiating|negotiation|conference) table",
    ),
    (
        MEETING,
        r"(?:prisoner|hostage|detainee)s?[- ](?:exchange|swap)s?|"
        r"(?:exchange|swap)s?\s+of\s+(?:prisoners|detainees|hostages|bodies)|swapped|swaps?|"
        r"traded\s+for|"
        r"meetings?|meet(?:s|ing)?|met|sessions?|conferences?|convene[sd]?|convening|"
        r"plenary|ministerials?|gathering|gather(?:s|ed)?|forum|hearings?|council|assembly|"
        r"congress|consultative|summit meeting|COP\s?\d{1,2}|pre-COP|COP|"
        r"conference of the parties|sherpas?|sittings?|"
        r"(?:working\s+|state\s+)?(?:lunch|luncheon|dinner|breakfast)(?:\s+meeting)?|"
        r"one-to-one|one-on-one|face-to-face|tete-a-tete|t[eê]te-[aà]-t[eê]te|bilateral|"
        r"sat down|sit down|sits down|sitting down|audience|"
        r"(?:brought|bring|brings|bringing)(?=(?:\s+[\w'-]+){1,8}\s+together\b)|"
        r"(?:held|had|hold|holds|have|has)\s+(?:\w+\s+)?contacts?|"
        r"(?:received|receives|receive|receiving|welcomed|welcomes|welcome|hosted|hosts|host|"
        r"hosting|saw|sees|called on)"
        r"(?=\s+(?:(?:the|a|his|her|their|two|both|visiting)\s+)?(?-i:[A-Z])|"
        r"\s+(?:the\s+|a\s+)?(?:two\s+)?(?:delegations?|negotiators|envoys?|leaders?|"
        r"ministers?|representatives|heads?|counterparts?|officials|presidents?))",
    ),
]
_GENERIC_EVENT = (
    r"take place|takes place|took place|taking place|will be held|was held|were held|be held|"
    r"is held|are held|held|hold|holds|holding|begin|begins|began|begun|start|starts|started|"
    r"resume|resumes|resumed|reconvene|reconvenes|reconvened|launched|was launched|"
    r"were launched|open|opens|opened|kick off|kicks off|scheduled|planned|set for|"
    r"slated|due to|is due|are due|to be held|host|hosts|hosted|will be"
)
_REPORT = (
    # "states" only before "that": "the participating states take the file to Vienna"
    r"said|says|say|told|tells|stated|states(?=\s+that\b)|wrote|writes|reported|reports|"
    r"announced|announces|"
    r"added|noted|notes|tweeted|declared|warned|commented|explained|claimed|insisted|stressed|"
    r"emphasi[sz]ed|revealed|acknowledged|replied|responded|argued|urged|recalled|informed|"
    r"quoted|according to|statement|interview|op-ed|press release|tweet|posted|remarks"
)
_PRESS = (
    r"press conference|news conference|press briefing|briefing|press event|presser|"
    r"brief(?:s|ed|ing)? (?:the )?(?:press|reporters|journalists|the media|media)"
)

_KEYWORD = re.compile(
    "|".join(
        [f"(?P<k{i}>{words})" for i, (_kind, words) in enumerate(_KIND_WORDS)]
        + [f"(?P<press>{_PRESS})", f"(?P<generic>{_GENERIC_EVENT})", f"(?P<report>(?-i:{_REPORT}))"]
    ).join([r"(?<![\w-])(?:", r")(?![\w-])"]),
    re.IGNORECASE,
)


class Role(enum.StrEnum):
    """What a keyword near a date says about it."""

    KIND = "kind"
    GENERIC = "generic"  # an event verb without a kind: took place, will be held
    REPORT = "report"  # a speech act: said, told, in a statement
    PRESS = "press"  # a press conference or briefing


@dataclass(frozen=True, slots=True)
class Keyword:
    """A word that says what a date refers to, with its span."""

    start: int
    end: int
    role: Role
    kind: Kind | None = None


_NAME_WORD = re.compile(r"[A-Z][\w'.&-]*$")
_NAME_NEXT = re.compile(r"^\s+[A-Z][a-z]")
_BODIES = frozenset(
    "council assembly congress committee commission forum conference negotiations "
    "consultations dialogue talks meeting meetings session".split()
)


_NEGATED_KIND = re.compile(r"(?<![\w-])(?:without|no|nor)\s+(?:the\s+|a\s+|any\s+)?$", re.I)


def _in_a_name(norm: str, start: int, end: int) -> bool:
    """Tell whether an event word stands inside a capitalised name, between two of its words:
    "the High Negotiations Committee" (the name's head word, "Committee", still says a body
    meets)."""
    word = norm[start:end]
    if not word[:1].isupper() or word.lower() not in _BODIES or start == 0:
        return False
    before = norm[:start].rstrip()
    if not before or before[-1] in ".!?:\"'(-":
        return False  # the start of a sentence, a clause or a quotation
    previous = before.split()[-1]
    return bool(_NAME_WORD.match(previous)) and bool(_NAME_NEXT.match(norm[end:]))


def keywords(norm: str, offset: int = 0) -> list[Keyword]:
    """Return the event, report and press keywords of a quote-folded text."""
    found = []
    for m in _KEYWORD.finditer(norm):
        group = m.lastgroup or ""
        start, end = m.start() + offset, m.end() + offset
        if group.startswith("k"):
            if _in_a_name(norm, m.start(), m.end()):
                continue  # "the High Negotiations Committee", "the Joint Military Commission"
            if _NEGATED_KIND.search(norm, max(0, m.start() - 16), m.start()):
                continue  # "ended without the signing of a protocol"
            found.append(Keyword(start, end, Role.KIND, _KIND_WORDS[int(group[1:])][0]))
        elif group == "press":
            found.append(Keyword(start, end, Role.PRESS))
        elif group == "generic":
            found.append(Keyword(start, end, Role.GENERIC))
        else:
            found.append(Keyword(start, end, Role.REPORT))
    return found


# Speech acts say when something was said, not when it happens ("it was confirmed that the
# talks will take place on January 12"): they are no tense marker.
_REPORTED = (
    r"reported|confirmed|stated|added|noted|claimed|insisted|stressed|emphasi[sz]ed|revealed|"
    r"acknowledged|replied|responded|argued|urged|informed|quoted|tweeted|declared|warned|"
    r"commented|explained|posted|announced|recalled|suggested|indicated|signalled|signaled|"
    r"underlined|mentioned|disclosed|reiterated|pointed|agreed"
)
_FUTURE = re.compile(
    r"(?<![\w-])(?:will|shall|'ll|would|is to|are to|is going to|are going to|"
    r"(?:is|are) (?:scheduled|expected|due|set(?!\s+(?:up|out|off|aside)\b)|slated|"
    r"planned|supposed)|scheduled|"
    r"to be held|to take place|to meet|to begin|to start|to resume|to open|to convene|"
    r"plans? to|planning to|kick off|will be|is due|are due)(?![\w-])",
    re.IGNORECASE,
)
_PAST = re.compile(
    r"(?<![\w-])(?:was|were|had|did|took place|held|met|signed|published|began|ended|"
    r"concluded|got|communicated|spoke|talked|discussed|reached|recalled|passed|adopted|"
    r"launched|took|came|went|visited|resumed|opened|reopened|started|"
    r"convened|hosted|wrapped up|kicked off|gathered|arrived|returned|voted|demanded|failed|"
    r"broke|collapsed|yielded|produced|ran|sat|saw|spent|led|brought|sent|gave|"
    r"left|flew|won|lost|chose|drew|fell|found|heard|kept|made|rose|stood|struck|told|wrote|"
    # irregular pasts the "-ed" rule below cannot see
    r"fought|fled|sought|sold|bought|caught|taught|thought|paid|dealt|meant|knew|grew|threw|"
    r"withdrew|overtook|undertook|underwent|upheld|swore|tore|wore|woke|shook|spoke|stole|"
    r"froze|forgave|forgot|hung|stuck|swept|slept|lent|fed|bore|bent|drove|rode|rang|sang|"
    r"sank|hid|laid|understood|became|"
    r"received|welcomed|closed|finished|telephoned|phoned|called|joined|attended|agreed|"
    r"(?!(?:scheduled|expected|planned|slated|supposed|intended|designed|aimed|timed|"
    r"billed|tipped|poised|set|due|called|named|based|tasked|charged|hoped|asked|"
    r"alleged|armed|limited|advanced|concerned|interested|related|detailed|aged|beloved|"
    r"hundred|sacred|naked|wicked|wretched|kindred|rugged|skilled|talented|unprecedented|"
    r"renewed|sustained|coordinated|dedicated|experienced|isolated|united|required|"
    rf"{_REPORTED})\b)"
    r"(?-i:[a-z]{2,}[^e\W]ed)(?!\s+by\b))(?![\w-])",  # "chaired by": a participle
    re.IGNORECASE,
)
# Adjectives and adverbs that lean one way, heard only when no verb says the tense.
_FUTURE_HINT = re.compile(
    r"(?<![\w-])(?:upcoming|forthcoming|next|coming|later this|planned)(?![\w-])",
    re.IGNORECASE,
)
_PAST_HINT = re.compile(
    r"(?<![\w-])(?:earlier|previous|previously|ago|former|"
    # "last week", "last Monday"; "its last big event" is its final one, not a past one
    r"last(?=\s+(?:week|weekend|month|year|night|time|summer|winter|spring|autumn|fall|"
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|march|april|"
    r"may|june|july|august|september|october|november|december)\b))(?![\w-])",
    re.IGNORECASE,
)
# "is held", "will be held", "to be signed": a participle after a form of "be" is no past.
_NOT_PAST_AFTER_TO_BE = re.compile(
    r"(?:(?<![\w-])(?:be|been|being|is|are|am|'s|'re)|to be)\s+(?:\w+ly\s+)?$",
    re.IGNORECASE,
)


_REPORT_AFTER = re.compile(rf"\s+(?:also\s+)?(?:{_REPORTED}|said|told)\b", re.IGNORECASE)


class Tense(enum.StrEnum):
    """Whether a clause speaks of what is coming or of what has been."""

    FUTURE = "future"
    PAST = "past"
    # The clause's tense says nothing of its date ("the meeting called for Thursday was put
    # off"): the nearest reading, a weekday's too (a plain weekday otherwise looks ahead).
    NEAREST = "nearest"


@functools.lru_cache(maxsize=4096)
def _markers(norm: str, hints: bool) -> list[tuple[int, int, Tense]]:
    """Return the tense markers of a text: (start, end, tense)."""
    found = []
    future, past = (_FUTURE_HINT, _PAST_HINT) if hints else (_FUTURE, _PAST)
    for m in future.finditer(norm):
        found.append((m.start(), m.end(), Tense.FUTURE))
    for m in past.finditer(norm):
        if not hints:
            word = m.group(0).lower()
            if word not in {"was", "were", "had", "did"}:
                if _NOT_PAST_AFTER_TO_BE.search(norm[: m.start()]):
                    continue  # "is held", "has been postponed", "will be signed"
            elif _REPORT_AFTER.match(norm, m.end()):
                continue  # "it was confirmed that ..."
        found.append((m.start(), m.end(), Tense.PAST))
    return found


Markers = Callable[[str, bool], list[tuple[int, int, Tense]]]


def tense_at(norm: str, pos: int, reach: int = 60, markers: Markers | None = None) -> Tense | None:
    """Return the tense of the marker nearest to `pos` (within `reach` characters), if any.

    "…held security talks on Monday as Moscow demanded guarantees that NATO would not…": the
    verb next to the date tells its tense; a "would" further on belongs to another clause.
    Verbs speak first; "upcoming" or "previous" only when no verb is near. `markers` reads
    the tense markers of another language.
    """
    markers = markers or _markers
    for hints in (False, True):
        best: tuple[int, Tense] | None = None
        ties = False
        for start, end, kind in markers(norm, hints):
            # The verb of a date mostly comes before it; one after it counts when close.
            gap = pos - end if end <= pos else 3 * (start - pos)
            if gap < 0 or gap > reach:
                continue
            if best is None or gap < best[0]:
                best, ties = (gap, kind), False
            elif gap == best[0] and kind is not best[1]:
                ties = True
        if best is not None and not ties:
            return best[1]
        if best is not None:
            return None
    return None


# "the Council meets in Vilnius on 6 and 7 December", "goes to the polls on 11 December": the
# present of a scheduled occurrence. A clause in it takes the nearest day, whatever tense the
# rest of its sentence speaks in ("…, and Mr Smirnov, who has ruled since 1991, faces…").
_SCHEDULED_PRESENT = re.compile(
    r"(?<![\w-])(?:meets|opens|goes|begins|starts|holds|hosts|convenes|gathers|resumes|"
    r"arrives|travels|heads|visits|sits|comes|takes place|returns|closes|ends|reconvenes|"
    r"kicks off|wraps up|votes|signs|flies)(?![\w-])",
    re.IGNORECASE,
)


def scheduled_present(norm: str) -> bool:
    """Tell whether a clause tells of an occurrence in the present ("the council meets")."""
    return _SCHEDULED_PRESENT.search(norm) is not None


def tense_before(norm: str, pos: int, markers: Markers | None = None) -> Tense | None:
    """Return the tense of the verb nearest before `pos`: in "the talks will take place in
    Geneva on 9 January, and then in Brussels on 12 January" it is "will take place"."""
    before = [(end, kind) for start, end, kind in (markers or _markers)(norm, False) if end <= pos]
    return max(before)[1] if before else None


def tense_after(norm: str, pos: int, markers: Markers | None = None) -> Tense | None:
    """Return the tense of the first verb after `pos`: "On Thursday, the committee met ..."."""
    after = [
        (start, kind) for start, end, kind in (markers or _markers)(norm, False) if start >= pos
    ]
    return min(after)[1] if after else None


def tense(norm: str, markers: Markers | None = None) -> Tense | None:
    """Return the tense a clause speaks in, or None when it does not say."""
    for hints in (False, True):
        found = (markers or _markers)(norm, hints)
        future = sum(1 for *_, kind in found if kind is Tense.FUTURE)
        past = len(found) - future
        if future > past:
            return Tense.FUTURE
        if past > future:
            return Tense.PAST
        if found:
            return None
    return None


class Change(enum.StrEnum):
    """A change of plan that a clause reports."""

    CANCELLED = "cancelled"
    POSTPONED = "postponed"


_CANCELLED = re.compile(
    r"(?<![\w-])(?:cancel(?:l)?ed|cancel(?:l)?ing|cancels|called off|calls off|call off|"
    r"scrapped|scraps|axed|(?:will|would|did|does|do|shall) not take place|won't take place|"
    r"will no longer take place|not go ahead|won't go ahead|will not go ahead)(?![\w-])",
    re.IGNORECASE,
)
_POSTPONED = re.compile(
    r"(?<![\w-])(?:postponed|postpone|postpones|postponing|delayed|put off|puts off|putting off|"
    r"pushed back|"
    r"rescheduled|reschedule|deferred|moved to a later date|moved to|moved back|shifted to|"
    r"pushed to|bumped to)(?![\w-])",
    re.IGNORECASE,
)
_NEGATED = re.compile(r"(?:not|n't|never|no)\s+(?:been\s+|be\s+)?$", re.IGNORECASE)


@functools.lru_cache(maxsize=4096)
def change(norm: str) -> tuple[Change, int] | None:
    """Return the change of plan a clause reports and where its cue ends, if it reports one."""
    for pattern, kind in ((_CANCELLED, Change.CANCELLED), (_POSTPONED, Change.POSTPONED)):
        for m in pattern.finditer(norm):
            if kind is Change.POSTPONED and _NEGATED.search(norm[: m.start()]):
                continue
            if (
                kind is Change.CANCELLED
                and "not" not in m.group(0).lower()
                and _NEGATED.search(norm[: m.start()])
            ):
                continue
            return kind, m.end()
    return None


_NOT_A_SESSION_BEFORE = re.compile(
    r"(?<![\w-])(?:by|until|till|before|after|since|no later than|not later than|as of|dated|"
    r"effective|expires?(?: on)?|expiring(?: on)?|deadline(?: of| is)?|ultimatum(?: of)?|"
    r"due by|born(?: on)?|died(?: on)?|anniversary of|ahead of|"
    r"weeks? (?:beginning|starting|commencing|of)|"
    r"(?:year|period|quarter|month|fiscal year|financial year) (?:ending|ended|to))"
    r"\s*(?:the\s+)?$",
    re.IGNORECASE,
)
_NOT_A_SESSION_IN_CLAUSE = re.compile(
    r"(?<![\w-])(?:deadline|ultimatum|expires|expire|expiry|anniversary|birthday|holiday|"
    r"christmas|new year's)(?![\w-])",
    re.IGNORECASE,
)


def is_deadline(left: str, clause: str, right: str = "") -> bool:
    """Tell whether a date is a deadline or a bound rather than the day of an occurrence."""
    bound = _NOT_A_SESSION_BEFORE.search(left)
    if bound is not None and _WHEN_AFTER.match(right):
        return False  # "since April 26, 2022, when he called on him in Moscow"
    if bound is not None:
        word = bound.group(0).split()[0].lower()
        # "under way since Monday", "runs until Friday": a session's first or last day
        return not (word in {"since", "until", "till"} and edge(left) is not None)
    # "The deadline for an agreement is January 31": the deadline word near the date, not
    # "the anniversary" of something else in a long clause.
    if edge(left) is not None:
        return False
    return bool(_NOT_A_SESSION_IN_CLAUSE.search(left[-60:]) or _DEADLINE_AFTER.match(right[:40]))


_DEADLINE_AFTER = re.compile(
    r"^[,\s]*(?:\w+\s+){0,3}?(?:deadline|ultimatum|expires|expiry)\b", re.IGNORECASE
)
_WHEN_AFTER = re.compile(r"^,?\s*when\s")


class Edge(enum.StrEnum):
    """Which end of a session of several days a date is."""

    START = "start"
    END = "end"  # "closed on Friday": the last day, a day of the session
    UNTIL = "until"  # "runs until Friday": a bound, the last day of a session under way


_START_VERB = (
    r"began|begins|begin|beginning|opened|opens|open|opening|started|starts|start|starting|"
    r"kicked off|kicks off|kick off|got under way|gets under way|get under way|"
    r"(?:under way|in session|going on|running) since|convened|convenes|convene"
)
_END_VERB = (
    r"ended|ends|end|ending|closed|closes|close|closing|concluded|concludes|conclude|"
    r"wrapped up|wraps up|wrap up|finished|finishes|finish|finishing|broke off|broke up|"
    r"went into recess|"
    r"adjourned|suspended|suspend|suspends|broke down"
)
_UNTIL_VERB = (
    r"(?:runs?|ran|running|lasts?|lasted|lasting|continues?|continued|goes on|went on|"
    r"is due to last|are due to last|due to run|will run|will last|will continue|"
    r"stretch(?:es|ed)?|extends?|extended)\s+(?:until|till|to|into|through)"
)
# The verb, then up to eight words without a comma or another date, names not counted: "began
# its fourth round in Geneva on Monday", "closed the summit at the Nasrec Expo Centre in
# Johannesburg on Sunday", "runs until Thursday". (The window is 90 characters.)
_EDGE_GAP = (
    r"(?:(?:\s+[A-Z0-9][\w'.-]*){0,4}\s+[\w'.-]+){0,8}?\s+(?:on\s+|at\s+|in\s+)?(?:the\s+)?$"
)
# Verbs in running text are in lower case: "START" is a treaty, not "start".
_START_BEFORE = re.compile(rf"(?<![\w-])(?:{_START_VERB}){_EDGE_GAP}")
_END_BEFORE = re.compile(rf"(?<![\w-])(?:{_END_VERB}){_EDGE_GAP}")
# A bare "until" bounds the date right after it ("through the night in Minsk on 11-12
# February" is no bound of that date).
_UNTIL_BEFORE = re.compile(
    rf"(?<![\w-])(?:(?:{_UNTIL_VERB}){_EDGE_GAP}|(?:until|till|through)\s+(?:the\s+)?$)"
)


def edge(left: str, right: str = "") -> Edge | None:
    """Tell whether the words before a date make it a session's first or last day (English
    writes the verb before its date: the words after it are not read)."""
    left = left[-90:]
    found = [
        (m.start(), kind)
        for pattern, kind in (
            (_START_BEFORE, Edge.START),
            (_END_BEFORE, Edge.END),
            (_UNTIL_BEFORE, Edge.UNTIL),
        )
        if (m := pattern.search(left)) is not None
    ]
    return max(found)[1] if found else None


_DAYS_LONG = re.compile(
    r"(?<![\w-])(?P<n>two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|"
    r"fourteen|\d{1,2})[- ]day\s+(?:\w+\s+){0,2}?(?P<noun>meeting|talks|summit|round|session|"
    r"conference|visit|negotiations|consultations|ministerial|gathering|forum|summit meeting)\b",
    re.IGNORECASE,
)
_NUMBERS = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
}  # fmt: skip


def days_long(clause: str) -> int | None:
    """Return how many days a session lasts, when the clause says so ("a two-day meeting"; a
    "seven-day ceasefire" is no session's length)."""
    m = _DAYS_LONG.search(clause)
    if m is None:
        return None
    word = m.group("n").lower()
    days = int(word) if word.isdigit() else _NUMBERS[word]
    return days if 2 <= days <= 14 else None


_DENIED = re.compile(
    r"(?<![\w-])(?:no plans?|not planning|no intention|(?:has|have|had) not (?:been )?"
    r"(?:planned|scheduled|agreed)|(?:is|are|was|were) not (?:planned|scheduled|expected)|"
    r"there (?:will be|is|are|was|were) no\s+(?:[\w-]+\s+){0,2}?(?:meetings?|talks|sessions?|"
    r"summits?|calls?|plans?|rounds?|negotiations|date|visit|contacts?)|"
    r"ruled out|denied (?:that|reports|plans)|"
    r"dismissed (?:reports|claims)|(?:will|would|did|does|do) not (?:meet|hold|attend)|"
    r"won't (?:meet|hold|attend)|didn't (?:meet|hold)|nor (?:will|would))(?![\w-])",
    re.IGNORECASE,
)


def is_denied(left: str) -> bool:
    """Tell whether the words before a date deny the plan ("there are no plans to meet")."""
    return bool(_DENIED.search(left))


_NEW_DATE_BEFORE = re.compile(r"(?<![\w-])(?:to|until|till|for)\s+(?:the\s+)?$", re.IGNORECASE)


_NEW_DATE_AFTER_CUE = re.compile(
    r"^\s*(?:(?:to|until|till|for)\s+)?(?:(?:the\s+)?(?:morning|afternoon|evening|noon|"
    r"midday|night)\s+(?:of\s+|on\s+)?|\d{1,2}(?:[:.]\d{2})?\s*(?:[ap]\.?m\.?)?\s+on\s+)?"
    r"(?:the\s+)?$",
    re.IGNORECASE,
)


_CUE_ENDS_WITH_TO = re.compile(r"\s(?:to|until|for)$", re.IGNORECASE)


_NEW_TIME_AFTER_CUE = re.compile(
    r"^\s*(?:(?:back\s+)?(?:to|until|till)\s+)?(?:about\s+|around\s+|roughly\s+)?"
    r"(?:\d{1,2}(?:[:.]\d{2})?\s*(?:[ap]\.?m\.?|h\b|(?:GMT|UTC)\b)|\d{1,2}[:.]\d{2}\b|noon|"
    r"midday|midnight|(?:the\s+|later\s+in\s+the\s+)(?:morning|afternoon|evening))",
    re.IGNORECASE,
)


def names_new_time(norm: str, cue_end: int) -> bool:
    """Tell whether a postponement cue moves its session to another hour, not another day:
    "the opening had been pushed back to 7 p.m."."""
    if _CUE_ENDS_WITH_TO.search(norm[max(0, cue_end - 7) : cue_end]):
        return _NEW_TIME_AFTER_CUE.match(" to" + norm[cue_end:]) is not None
    return _NEW_TIME_AFTER_CUE.match(norm[cue_end:]) is not None


def names_new_date(norm: str, cue_end: int, date_start: int) -> bool:
    """Tell whether a date after a postponement cue is the new date ("postponed to ...",
    "moved to noon on Thursday", "pushed back to March 3")."""
    left = norm[cue_end:date_start]
    if _CUE_ENDS_WITH_TO.search(norm[max(0, cue_end - 7) : cue_end]):
        return bool(_NEW_DATE_AFTER_CUE.match(left))
    if _NEW_DATE_BEFORE.search(left):
        return True
    to = re.match(r"^\s*(?:to|until|till|for)\s", left, re.IGNORECASE)
    return bool(to and _NEW_DATE_AFTER_CUE.match(left))


_CLAUSE_BREAK = re.compile(
    r";|:\s|\s-\s|,\s*(?:and|but|while|whereas|then|and then|after which|followed by|before)\s|"
    r"\s(?:and then|followed by)\s",
    re.IGNORECASE,
)


def clause_breaks(norm: str) -> list[int]:
    """Return the offsets where one clause of a sentence ends and the next begins."""
    return [m.start() for m in _CLAUSE_BREAK.finditer(norm)]

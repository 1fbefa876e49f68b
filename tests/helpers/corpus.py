"""Load the labelled corpus (tests/corpus), check its gold files, and score the extractor on it."""

from __future__ import annotations

import datetime as dtm
import json
import tomllib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from bot.articles import read_article
from bot.errors import ArticleError
from bot.extract import extract
from bot.extract.places import gazetteer
from bot.models import MILESTONE_KINDS, ExtractedEvent
from bot.tracks import TrackCatalogue, load_tracks

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
SPLITS = ("dev", "test")
GENRES = frozenset({"wire", "press-release", "feature", "live-blog", "calendar", "brief"})
PHENOMENA = frozenset(
    """weekday-today past-relative original-slot moved tense-report not-session milestone
    repeated-mention coordinated-days next-week place-date-pairs event-words full-date-past time
    place-outside-sentence status-cue track-from-parties published-from-text furniture
    call""".split()
)
STATUSES = ("upcoming", "past", "cancelled", "postponed")
KINDS = frozenset(
    "talks meeting call video summit conference visit signing vote round consultations".split()
)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class GoldSession(_Strict):
    """One session a careful reader finds in an article."""

    title: str
    track: str | None
    start: str
    end: str | None = None
    location: str | None
    timezone: str | None
    status: Literal["upcoming", "past", "cancelled", "postponed"]
    kind: str = "meeting"
    evidence: str

    @field_validator("start")
    @classmethod
    def _start_parses(cls, value: str) -> str:
        if "T" in value:
            moment = dtm.datetime.fromisoformat(value)
            if moment.tzinfo is None:
                raise ValueError(f"start {value!r} has a time but no UTC offset")
        else:
            dtm.date.fromisoformat(value)
        return value

    @field_validator("end")
    @classmethod
    def _end_is_a_day(cls, value: str | None) -> str | None:
        if value is not None:
            dtm.date.fromisoformat(value)
        return value

    @property
    def start_date(self) -> dtm.date:
        """Return the first day (the venue's local day of a timed start)."""
        return dtm.date.fromisoformat(self.start[:10])

    @property
    def end_date(self) -> dtm.date:
        """Return the last day."""
        return dtm.date.fromisoformat(self.end) if self.end else self.start_date

    @property
    def moment(self) -> dtm.datetime | None:
        """Return the start as an aware moment, when a time is given."""
        return dtm.datetime.fromisoformat(self.start) if "T" in self.start else None


class GoldMilestone(_Strict):
    """A dated milestone of a track: a publication, a decree, a statement (not scored)."""

    kind: str
    start: str
    evidence: str


class Gold(_Strict):
    """What a gold file says of its article."""

    published: dtm.date
    format: str
    genre: str
    phenomena: tuple[str, ...] = ()
    sessions: tuple[GoldSession, ...]
    milestones: tuple[GoldMilestone, ...] = ()
    notes: str = ""


@dataclass(frozen=True, slots=True)
class CorpusArticle:
    """One article of the corpus with its gold."""

    id: str
    lang: str
    split: str
    text_path: Path
    gold: Gold

    @property
    def sidecar_path(self) -> Path:
        """Return the article's metadata file."""
        return self.text_path.with_suffix(".toml")


def gold_path(text_path: Path) -> Path:
    """Return the gold file that belongs to an article file."""
    return text_path.with_name(text_path.stem + ".gold.json")


def read_gold(path: Path) -> Gold:
    """Read a gold file; raise ValueError saying what is wrong with it."""
    try:
        return Gold.model_validate(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, json.JSONDecodeError, ValidationError) as exc:
        raise ValueError(f"{path}: {exc}") from exc


def load_corpus(
    root: Path = CORPUS, langs: Iterable[str] | None = None, splits: Iterable[str] = SPLITS
) -> list[CorpusArticle]:
    """Return the corpus articles under `root`, by language, split and name."""
    wanted = set(langs) if langs is not None else None
    found = []
    for lang_dir in sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith("_")):
        if wanted is not None and lang_dir.name not in wanted:
            continue
        for split in splits:
            folder = lang_dir / split
            if not folder.is_dir():
                continue
            for text_path in sorted(folder.glob("*.txt")):
                found.append(
                    CorpusArticle(
                        id=text_path.stem,
                        lang=lang_dir.name,
                        split=split,
                        text_path=text_path,
                        gold=read_gold(gold_path(text_path)),
                    )
                )
    return found


# -- checking the gold ---------------------------------------------------------------------------


def canonical_place(name: str | None) -> str | None:
    """Return the gazetteer's name for a place (the written name when it does not know it)."""
    if name is None:
        return None
    city = gazetteer().lookup(name)
    return city.name if city is not None else name.strip().lower()


def check_article(text_path: Path, catalogue: TrackCatalogue) -> list[str]:
    """Return what is wrong with one corpus article's three files (nothing when it is sound)."""
    problems: list[str] = []
    name = text_path.name
    try:
        gold = read_gold(gold_path(text_path))
    except ValueError as exc:
        return [str(exc)]
    try:
        article = read_article(text_path)
    except ArticleError as exc:
        return [f"{name}: {exc}"]
    sidecar = tomllib.loads(text_path.with_suffix(".toml").read_text(encoding="utf-8"))
    if sidecar.get("language") is None:
        problems.append(f"{name}: the sidecar has no language")
    if "url" in sidecar:
        problems.append(f"{name}: the sidecar must not carry an outlet's URL")
    if article.published is None and "published-from-text" not in gold.phenomena:
        problems.append(f"{name}: no published date in the sidecar, and not tagged so")
    if article.published is not None and article.published != gold.published:
        problems.append(f"{name}: sidecar published {article.published} != gold {gold.published}")
    if gold.genre not in GENRES:
        problems.append(f"{name}: unknown genre {gold.genre!r} (one of {sorted(GENRES)})")
    for tag in gold.phenomena:
        if tag not in PHENOMENA:
            problems.append(f"{name}: unknown phenomenon {tag!r}")
    for i, session in enumerate(gold.sessions, 1):
        where = f"{name} session {i} ({session.start})"
        if session.evidence not in article.text:
            problems.append(f"{where}: evidence is not a substring of the text")
        if session.end is not None and session.end_date <= session.start_date:
            problems.append(f"{where}: end must be after start (or null for one day)")
        if session.track is not None and session.track not in catalogue:
            problems.append(f"{where}: unknown track {session.track!r}")
        if session.kind not in KINDS:
            problems.append(f"{where}: unknown kind {session.kind!r} (one of {sorted(KINDS)})")
        if session.location is not None:
            city = gazetteer().lookup(session.location)
            if city is None:
                problems.append(f"{where}: the gazetteer does not know {session.location!r}")
            elif session.timezone != city.timezone:
                problems.append(
                    f"{where}: timezone {session.timezone!r}, but {city.name} is in "
                    f"{city.timezone!r}"
                )
        elif session.timezone is not None and session.moment is None:
            problems.append(f"{where}: a timezone without a location or a time")
    for milestone in gold.milestones:
        if milestone.evidence not in article.text:
            problems.append(f"{name} milestone {milestone.start}: evidence not in the text")
    return problems


# -- scoring -------------------------------------------------------------------------------------

DateKey = tuple[dtm.date, dtm.date]
StrictKey = tuple[dtm.date, dtm.date, str | None, str, str | None]


def _instant(moment: dtm.datetime | None) -> str | None:
    return moment.astimezone(dtm.UTC).isoformat() if moment is not None else None


def gold_keys(session: GoldSession) -> tuple[DateKey, StrictKey]:
    """Return the keys a gold session is matched by: its days, then days, place, status, time."""
    days = (session.start_date, session.end_date)
    return days, (
        *days,
        canonical_place(session.location),
        session.status,
        _instant(session.moment),
    )


def event_keys(event: ExtractedEvent) -> tuple[DateKey, StrictKey]:
    """Return the keys an extracted event is matched by."""
    days = (event.start_date, event.end_date)
    strict = (
        *days,
        canonical_place(event.location),
        event.status.value,
        _instant(event.start_at),
    )
    return days, strict


def is_session(event: ExtractedEvent) -> bool:
    """Tell whether an extracted event is a session (milestones are kept, not scored)."""
    return event.kind not in MILESTONE_KINDS


@dataclass(slots=True)
class Tally:
    """Counts of matched, gold and found sessions, on dates and strictly."""

    gold: int = 0
    found: int = 0
    dates: int = 0
    strict: int = 0

    def add(self, other: Tally) -> None:
        """Add another tally's counts to this one."""
        self.gold += other.gold
        self.found += other.found
        self.dates += other.dates
        self.strict += other.strict

    def scores(self, level: Literal["dates", "strict"]) -> tuple[float, float, float]:
        """Return precision, recall and F1 at a level."""
        hit = self.dates if level == "dates" else self.strict
        precision = hit / self.found if self.found else (1.0 if not self.gold else 0.0)
        recall = hit / self.gold if self.gold else 1.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return precision, recall, f1


@dataclass(slots=True)
class ArticleScore:
    """How the extractor did on one article: its tally, what it missed and what it invented."""

    article: CorpusArticle
    tally: Tally
    missed: list[GoldSession] = field(default_factory=list)
    invented: list[ExtractedEvent] = field(default_factory=list)
    # Sessions found on the right days, but with a wrong place, status or time.
    wrong: list[tuple[GoldSession, ExtractedEvent]] = field(default_factory=list)
    error: str | None = None


def _matched(gold_keys_: Sequence[object], found_keys: Sequence[object]) -> int:
    return sum((Counter(gold_keys_) & Counter(found_keys)).values())


def score_article(article: CorpusArticle, catalogue: TrackCatalogue) -> ArticleScore:
    """Extract one article alone (dated by its sidecar, or by its text) and score it."""
    gold = article.gold.sessions
    try:
        events = extract([read_article(article.text_path)], catalogue).events
    except ArticleError as exc:
        return ArticleScore(article, Tally(gold=len(gold)), list(gold), error=str(exc))
    found = [e for e in events if is_session(e)]
    gold_k = [gold_keys(s) for s in gold]
    found_k = [event_keys(e) for e in found]
    tally = Tally(
        gold=len(gold),
        found=len(found),
        dates=_matched([g[0] for g in gold_k], [f[0] for f in found_k]),
        strict=_matched([g[1] for g in gold_k], [f[1] for f in found_k]),
    )
    result = ArticleScore(article, tally)
    left = list(range(len(found)))
    unmatched_gold = []
    for session, (days, strict) in zip(gold, gold_k, strict=True):
        exact = next((i for i in left if found_k[i][1] == strict), None)
        if exact is None:
            unmatched_gold.append((session, days))
        else:
            left.remove(exact)
    for session, days in unmatched_gold:
        same_days = next((i for i in left if found_k[i][0] == days), None)
        if same_days is None:
            result.missed.append(session)
        else:
            left.remove(same_days)
            result.wrong.append((session, found[same_days]))
    result.invented = [found[i] for i in left]
    return result


def score(
    articles: Sequence[CorpusArticle], catalogue: TrackCatalogue | None = None
) -> list[ArticleScore]:
    """Score the extractor on each article."""
    catalogue = catalogue if catalogue is not None else load_tracks()
    return [score_article(a, catalogue) for a in articles]


def total(scores: Iterable[ArticleScore]) -> Tally:
    """Return the sum of the articles' tallies."""
    result = Tally()
    for s in scores:
        result.add(s.tally)
    return result

"""Find the scheduled sessions that news articles announce or report.

The pipeline: sentences (text) → date, time, place, track and keyword mentions (analysis) →
the article's reference date (given, or inferred by reference) → candidate events per article
(candidates) → events merged across articles, with their disagreements (merge).
"""

from __future__ import annotations

import datetime as dtm
from collections.abc import Sequence
from dataclasses import dataclass, field

from bot.errors import ArticleError, LanguageError, ReferenceDateError
from bot.extract.analysis import Facts, analyse
from bot.extract.candidates import ArticleReader, Candidate, Decision
from bot.extract.explain import Explanation, explain
from bot.extract.lang import NAMES, SUPPORTED, Language, detect, pack
from bot.extract.merge import merge
from bot.extract.page import read_page
from bot.extract.reference import Reference, page_reference
from bot.models import Article, ExtractedEvent
from bot.tracks import TrackCatalogue, load_tracks

__all__ = ["Extraction", "extract", "extract_text", "language_of"]


@dataclass(slots=True)
class Extraction:
    """What an extraction found: the events, the articles it could not date, and notes.

    `loose` counts the times the articles name without a date that no event took (another
    article, already imported, may say which session they belong to).
    """

    events: list[ExtractedEvent]
    references: dict[str, dtm.date] = field(default_factory=dict)
    reasons: dict[str, str] = field(default_factory=dict)  # why each reference date
    problems: list[ArticleError] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    loose: int = 0
    explanations: list[Explanation] = field(default_factory=list)


def language_of(article: Article, default: str | None = None) -> Language:
    """Return the pack an article is read with: its metadata's language, else `default` (the
    user's --lang), else the language its text is written in.

    Raise LanguageError when that language has no pack.
    """
    # Too little text to tell is read as English, as before negbot read other languages.
    code = (article.language or default or detect(article.text) or "en").lower()[:2]
    if code not in SUPPORTED:
        name = NAMES.get(code, f"the language {code!r}")
        known = " and ".join(NAMES[c] for c in SUPPORTED)
        raise LanguageError(
            article.file, f"written in {name}, which negbot cannot read yet (it reads {known})"
        )
    return pack(code)


def extract(
    articles: Sequence[Article],
    catalogue: TrackCatalogue | None = None,
    published: dtm.date | None = None,
    context: Sequence[Article] = (),
    language: str | None = None,
) -> Extraction:
    """Extract the events of several articles, merging the same session across them.

    Each article's reference date is `published` when given, else its own publication date,
    else inferred from its text. An article that cannot be dated borrows the latest date of the
    others in the same batch (with a note), or, alone, is reported as a problem.

    `context` holds articles read before (each dated by its own publication date): they take
    part in merging, so that a fresh article's details join the sessions they describe, but
    only events a fresh article speaks of are returned.

    Each article is read in its language (`language_of`, with `language` as the default); an
    article in a language negbot cannot read is left out and reported as a problem.
    """
    catalogue = catalogue if catalogue is not None else load_tracks()
    problems: list[ArticleError] = []
    langs: dict[str, Language] = {}
    for a in articles:
        try:
            langs[a.id] = language_of(a, language)
        except LanguageError as exc:
            problems.append(exc)
    articles = [a for a in articles if a.id in langs]
    pages = {a.id: read_page(a.text, langs[a.id]) for a in articles}
    analysed: list[tuple[Article, list[Facts]]] = [
        (a, analyse(a.text, catalogue, langs[a.id], pages[a.id])) for a in articles
    ]
    references: dict[str, dtm.date] = {}
    reasons: dict[str, str] = {}
    for article, facts in analysed:
        if published is not None:
            found: Reference | None = Reference(published, "--published")
        elif article.published is not None:
            found = Reference(article.published, "its metadata")
        else:
            found = page_reference(pages[article.id], facts)
        if found is not None:
            references[article.id] = found.day
            reasons[article.id] = found.why
    result = Extraction(events=[], references=references, reasons=reasons, problems=problems)
    candidates: list[Candidate] = []
    decisions: list[Decision] = []
    for article, facts in analysed:
        reference = references.get(article.id)
        if reference is None:
            if not references:
                result.problems.append(
                    ReferenceDateError(
                        article.file,
                        "cannot tell when this article was written; pass --published YYYY-MM-DD",
                    )
                )
                continue
            reference = max(references.values())
            references[article.id] = reference
            reasons[article.id] = "the date of the other articles given with it"
            result.notes.append(
                f"{article.file}: no date in the text; read as of {reference.isoformat()}, "
                "the date of the other articles given with it (pass --published to be sure)"
            )
        reader = ArticleReader(article, reference, facts, catalogue, pages[article.id])
        candidates.extend(reader.read())
        decisions.extend(reader.decisions)
    fresh = {article.id for article, _ in analysed}
    for article in context:
        if article.id in fresh or article.published is None:
            continue
        try:
            lang = language_of(article, language)
        except LanguageError:
            continue  # an article stored before in a language this build cannot read
        page = read_page(article.text, lang)
        facts = analyse(article.text, catalogue, lang, page)
        reader = ArticleReader(article, article.published, facts, catalogue, page)
        candidates.extend(reader.read())
    order = {article.id: i for i, article in enumerate([*articles, *context])}
    merged = merge(candidates, order, fresh if context else None)
    result.events = merged.events
    result.loose = sum(1 for c in merged.left if c.article.id in fresh)
    result.explanations = explain(decisions, merged.placed)
    return result


def extract_text(
    text: str,
    published: dtm.date,
    catalogue: TrackCatalogue | None = None,
    source: str = "<text>",
    language: str | None = None,
) -> list[ExtractedEvent]:
    """Extract the events of one text read as of `published` (in `language`, else its own)."""
    article = Article(
        id=Article.id_for(text), file=source, text=text, published=published, language=language
    )
    return extract([article], catalogue).events

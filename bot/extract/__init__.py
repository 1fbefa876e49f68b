"""Find the scheduled sessions that news articles announce or report.

The pipeline: sentences (text) → date, time, place, track and keyword mentions (analysis) →
the article's reference date (given, or inferred by reference) → candidate events per article
(candidates) → events merged across articles, with their disagreements (merge).
"""

from __future__ import annotations

import datetime as dtm
from collections.abc import Sequence
from dataclasses import dataclass, field

from bot.errors import ReferenceDateError
from bot.extract.analysis import Facts, analyse
from bot.extract.candidates import ArticleReader, Candidate
from bot.extract.merge import merge
from bot.extract.reference import infer_reference
from bot.models import Article, ExtractedEvent
from bot.tracks import TrackCatalogue, load_tracks

__all__ = ["Extraction", "extract", "extract_text"]


@dataclass(slots=True)
class Extraction:
    """What an extraction found: the events, the articles it could not date, and notes.

    `loose` counts the times the articles name without a date that no event took (another
    article, already imported, may say which session they belong to).
    """

    events: list[ExtractedEvent]
    references: dict[str, dtm.date] = field(default_factory=dict)
    problems: list[ReferenceDateError] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    loose: int = 0


def extract(
    articles: Sequence[Article],
    catalogue: TrackCatalogue | None = None,
    published: dtm.date | None = None,
    context: Sequence[Article] = (),
) -> Extraction:
    """Extract the events of several articles, merging the same session across them.

    Each article's reference date is `published` when given, else its own publication date,
    else inferred from its text. An article that cannot be dated borrows the latest date of the
    others in the same batch (with a note), or, alone, is reported as a problem.

    `context` holds articles read before (each dated by its own publication date): they take
    part in merging, so that a fresh article's details join the sessions they describe, but
    only events a fresh article speaks of are returned.
    """
    catalogue = catalogue if catalogue is not None else load_tracks()
    analysed: list[tuple[Article, list[Facts]]] = [
        (a, analyse(a.text, catalogue)) for a in articles
    ]
    references: dict[str, dtm.date] = {}
    for article, facts in analysed:
        reference = published or article.published or infer_reference(facts)
        if reference is not None:
            references[article.id] = reference
    result = Extraction(events=[], references=references)
    candidates: list[Candidate] = []
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
            result.notes.append(
                f"{article.file}: no date in the text; read as of {reference.isoformat()}, "
                "the date of the other articles given with it (pass --published to be sure)"
            )
        candidates.extend(ArticleReader(article, reference, facts, catalogue).read())
    fresh = {article.id for article, _ in analysed}
    for article in context:
        if article.id in fresh or article.published is None:
            continue
        facts = analyse(article.text, catalogue)
        candidates.extend(ArticleReader(article, article.published, facts, catalogue).read())
    order = {article.id: i for i, article in enumerate([*articles, *context])}
    result.events, left = merge(candidates, order, fresh if context else None)
    result.loose = sum(1 for c in left if c.article.id in fresh)
    return result


def extract_text(
    text: str,
    published: dtm.date,
    catalogue: TrackCatalogue | None = None,
    source: str = "<text>",
) -> list[ExtractedEvent]:
    """Extract the events of one text read as of `published`."""
    article = Article(id=Article.id_for(text), file=source, text=text, published=published)
    return extract([article], catalogue).events

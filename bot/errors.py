"""The one error tree of negbot: every error a user can see and act on."""

from __future__ import annotations


class NegbotError(Exception):
    """Base of every error negbot raises on purpose; its message is meant for a user."""


class ArticleError(NegbotError):
    """An article could not be read or used (unreadable, empty, not UTF-8, too large)."""

    def __init__(self, source: str, problem: str) -> None:
        super().__init__(f"{source}: {problem}")
        self.source = source
        self.problem = problem

    def __reduce__(self) -> tuple[type[ArticleError], tuple[str, str]]:
        # Rebuilt from both fields: extraction reports these from a worker process (pickled).
        return type(self), (self.source, self.problem)


class ReferenceDateError(ArticleError):
    """The article's publication date is neither given nor inferable from its text."""


class LanguageError(ArticleError):
    """The article is written in a language negbot has no pack for (or says it cannot tell)."""


class TrackCatalogueError(NegbotError):
    """The tracks file is missing, malformed or inconsistent."""


class InputError(NegbotError):
    """A value typed by a user (a date, a timezone, an id) is not acceptable."""


class SourceError(NegbotError):
    """A feed or an article page could not be fetched or read (the message says why).

    `transient` errors (no answer, a server error) may go away: the fetch is tried again.
    """

    def __init__(self, message: str, *, transient: bool = False) -> None:
        super().__init__(message)
        self.transient = transient

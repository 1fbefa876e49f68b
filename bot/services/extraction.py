"""Where articles are extracted: in this process (batch imports), or in a pool of worker
processes, so that a long article does not hold up everyone else's requests.

Extraction is pure Python and holds the GIL: a thread would still slow the event loop, so the
pool runs worker processes (`concurrent.futures.ProcessPoolExecutor`, started by a fork
server: forking a process that runs an event loop and database threads is unsafe).
"""

from __future__ import annotations

import asyncio
import datetime as dtm
import functools
import logging
import multiprocessing
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Protocol

from bot.errors import InputError
from bot.extract import Extraction, extract
from bot.models import Article
from bot.tracks import TrackCatalogue

log = logging.getLogger(__name__)


class Extractor(Protocol):
    """Extract articles (see bot.extract.extract)."""

    async def __call__(
        self,
        articles: Sequence[Article],
        catalogue: TrackCatalogue,
        published: dtm.date | None,
        context: Sequence[Article] = (),
    ) -> Extraction:
        """Return what the articles announce."""
        ...


async def extract_here(
    articles: Sequence[Article],
    catalogue: TrackCatalogue,
    published: dtm.date | None,
    context: Sequence[Article] = (),
) -> Extraction:
    """Extract in this process, on the event loop: for batch imports with nothing else to serve."""
    return extract(articles, catalogue, published, context=context)


class ExtractionBusy(InputError):
    """Every worker is reading an article and the queue is full."""


class ExtractionPool:
    """Extract in up to `workers` processes; at most `waiting` more articles queue for them.

    Further requests are refused at once (ExtractionBusy) rather than queued without bound.
    The processes start on first use; `close` stops them.
    """

    def __init__(self, workers: int = 1, waiting: int = 4) -> None:
        if workers < 1 or waiting < 0:
            raise ValueError("an extraction pool needs workers >= 1 and waiting >= 0")
        self.workers = workers
        self._capacity = workers + waiting
        self._pending = 0
        self._executor: ProcessPoolExecutor | None = None

    @property
    def pending(self) -> int:
        """How many extractions are running or queued."""
        return self._pending

    async def __call__(
        self,
        articles: Sequence[Article],
        catalogue: TrackCatalogue,
        published: dtm.date | None,
        context: Sequence[Article] = (),
    ) -> Extraction:
        """Extract in a worker process; refuse when the pool is full."""
        if self._pending >= self._capacity:
            raise ExtractionBusy("I am reading other articles; send this one again in a minute")
        job = functools.partial(extract, list(articles), catalogue, published, list(context))
        self._pending += 1
        try:
            return await asyncio.get_running_loop().run_in_executor(self._pool(), job)
        except BrokenProcessPool:
            self._discard()  # a worker died (killed, out of memory): start afresh next time
            source = articles[0].file if articles else "the article"
            raise InputError(f"{source}: its reader stopped unexpectedly; send it again") from None
        finally:
            self._pending -= 1

    def _pool(self) -> ProcessPoolExecutor:
        if self._executor is None:
            context = multiprocessing.get_context("forkserver")
            context.set_forkserver_preload(["bot.extract"])
            self._executor = ProcessPoolExecutor(self.workers, mp_context=context)
            log.debug("started %d extraction worker(s)", self.workers)
        return self._executor

    def _discard(self) -> None:
        executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=False, cancel_futures=True)

    def close(self) -> None:
        """Stop the worker processes (waiting for the extractions under way)."""
        executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=True, cancel_futures=True)

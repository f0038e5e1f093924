"""Free text redacted and coded ahead, in worker processes, for the bulk paths.

A Submit tap redacts and codes its few comments as it goes. `survey import` and
`survey demo` handle tens of thousands: most of their time is redaction and
coding, which depend on the text alone. They hand each batch's texts to a pool
of worker processes (one per core) while this process validates and stores the
batch before, then prepare every response as a submission is prepared, looking
the results up in a `TextWork`. A text missing from it is worked out on the
spot, so the rows stored never depend on what was worked out ahead.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections import deque
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable, Iterable, Iterator, TypeVar

if TYPE_CHECKING:
    from analysis.pipeline import CommentCoding

Batch = TypeVar("Batch")


@dataclass
class TextWork:
    """Redactions (cleaned text -> redacted) and codings (redacted text -> coding) worked out ahead."""

    redactions: dict[str, str] = field(default_factory=dict)
    codings: dict[str, CommentCoding] = field(default_factory=dict)

    def redact(self, text: str) -> str:
        found = self.redactions.get(text)
        if found is not None:
            return found
        from analysis.redact import redact

        return redact(text)

    def code(self, redacted: str) -> CommentCoding:
        found = self.codings.get(redacted)
        if found is not None:
            return found
        from analysis.pipeline import code_comment

        return code_comment(redacted)

    def add(self, results: Iterable[tuple[str, str, CommentCoding]]) -> None:
        for text, redacted, coding in results:
            self.redactions[text] = redacted
            self.codings[redacted] = coding


ON_THE_SPOT = TextWork()


def work_out(texts: list[str]) -> list[tuple[str, str, CommentCoding]]:
    """(text, redacted, coding of the redacted text) for each text: what a worker process runs."""
    from analysis.pipeline import code_comment
    from analysis.redact import redact

    results = []
    for text in texts:
        redacted = redact(text)
        results.append((text, redacted, code_comment(redacted)))
    return results


def warm_up() -> None:
    """Load the redactor and the coder (word lists, models, TextBlob) in this process."""
    work_out(["warm up"])


def default_workers() -> int:
    """One worker per core this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


class TextPool:
    """Worker processes that redact and code batches of texts; with one worker, this process does it.

    Use as a context manager. `submit(texts)` starts a batch and returns a
    function that waits for it and gives a TextWork. The pool forks, so it is
    only for command-line use (bulk import, demo data), never inside the web
    server's threads.
    """

    def __init__(self, workers: int = 1) -> None:
        self.workers = max(1, workers)
        self._pool = None

    def __enter__(self) -> "TextPool":
        if self.workers > 1 and "fork" in multiprocessing.get_all_start_methods():
            warm_up()  # before forking, so every worker shares what it loaded
            # Out of the collector's sight while forking: a worker's collections then never walk (and
            # so never copy) the models it inherited, which made its coding about a third slower.
            gc.freeze()
            try:
                self._pool = multiprocessing.get_context("fork").Pool(self.workers)
            finally:
                gc.unfreeze()
        return self

    def __exit__(self, *exc) -> None:
        if self._pool is not None:
            self._pool.terminate()
            self._pool.join()
            self._pool = None

    def submit(self, texts: Iterable[str]):
        distinct = list(dict.fromkeys(text for text in texts if text))
        if self._pool is None or not distinct:
            return lambda: ON_THE_SPOT
        # Several parts a worker, so one that finishes early takes the next rather than waiting.
        size = max(50, -(-len(distinct) // (self.workers * 4)))
        pending = [self._pool.apply_async(work_out, (distinct[start:start + size],))
                   for start in range(0, len(distinct), size)]

        def result() -> TextWork:
            work = TextWork()
            for part in pending:
                work.add(part.get())
            return work

        return result


def worked_ahead(pool: TextPool, batches: Iterable[Batch], texts_of: Callable[[Batch], Iterable[str]],
                 depth: int) -> Iterator[tuple[Batch, TextWork]]:
    """Each batch, in order, with the TextWork of its texts; the pool works on the texts of up to
    `depth` later batches while the caller stores this one, so the workers never wait for it."""
    pending: deque = deque()
    for batch in batches:
        pending.append((batch, pool.submit(texts_of(batch))))
        if len(pending) > depth:
            done, result = pending.popleft()
            yield done, result()
    while pending:
        done, result = pending.popleft()
        yield done, result()

"""Doing the same job for every statement, on every core when there are many.

Typst renders one PDF in a few hundredths of a second, which for a thousand
members is most of the run; worker processes share the work. They are started
with "spawn" (a process forked after Typst has started its threads can hang),
and each gets the job's context (the community, the templates folder...) once.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any, TypeVar

from sif.statements.model import Statement

T = TypeVar("T")

#: Below this many statements, starting worker processes costs more than it saves.
PARALLEL_FROM = 64

_JOB: list[tuple[Callable[..., Any], tuple[Any, ...]]] = []


def _start(job: Callable[..., Any], context: tuple[Any, ...]) -> None:
    _JOB[:] = [(job, context)]


def _run(statement: Statement) -> Any:
    job, context = _JOB[0]
    return job(statement, *context)


def map_statements(
    job: Callable[..., T],
    statements: Sequence[Statement],
    context: tuple[Any, ...],
    workers: int | None = None,
) -> Iterator[T]:
    """`job(statement, *context)` for each statement, in order.

    Args:
      job: A module-level function (worker processes import it by name).
      statements: The statements.
      context: The job's other arguments; sent once to each worker.
      workers: How many processes (default: one per core; 1 runs here).
    """
    cores = workers if workers is not None else (os.cpu_count() or 1)
    if cores < 2 or len(statements) < PARALLEL_FROM:
        for statement in statements:
            yield job(statement, *context)
        return
    spawn = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(cores, spawn, _start, (job, context)) as pool:
        yield from pool.map(_run, statements, chunksize=8)

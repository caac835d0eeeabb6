"""One separate process for coordinators' CPU-heavy work (exports written row by row,
spreadsheets read cell by cell). In a thread such work holds Python's GIL and every
villager's reply waits for it; in its own process it only shares the CPU.

The process is spawned at the first use, runs at a lower priority than the bot and is
kept; if it dies (killed for its memory, a
crash in a library), the call raises `WorkerDied` and the next call gets a new one."""

from __future__ import annotations

import asyncio
import contextlib
import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

T = TypeVar("T")

_pool: ProcessPoolExecutor | None = None


class WorkerDied(Exception):
    """The worker process ended while doing the work."""


WORKER_NICENESS = 10  # below the bot: on a busy machine the kernel serves villagers first


def _lower_priority() -> None:
    """In the worker, at its start: yield the CPU to the bot's own process."""
    with contextlib.suppress(AttributeError, OSError):  # no os.nice on Windows
        os.nice(WORKER_NICENESS)


def _worker() -> ProcessPoolExecutor:
    global _pool
    if _pool is None:
        _pool = ProcessPoolExecutor(max_workers=1, initializer=_lower_priority,
                                    mp_context=multiprocessing.get_context("spawn"))
    return _pool


async def run_in_worker(work: Callable[..., T], *args: Any) -> T:
    """`work(*args)` in the worker process; `work` and its arguments must be picklable
    (a module-level function and plain values)."""
    global _pool
    loop = asyncio.get_running_loop()
    try:
        return await loop.run_in_executor(_worker(), work, *args)
    except BrokenProcessPool:
        _pool = None
        raise WorkerDied from None


def shutdown_worker() -> None:
    """Stop the worker process, if one was started (at the bot's shutdown)."""
    global _pool
    if _pool is not None:
        _pool.shutdown(wait=False, cancel_futures=True)
        _pool = None

"""Waiting that a shutdown interrupts, for every channel's poll-and-back-off loop."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable
from typing import TypeVar

T = TypeVar("T")


class Stopped(Exception):
    """`stop` was set while waiting."""


async def or_stop(call: Awaitable[T], stop: asyncio.Event) -> T:
    """The call's result, or Stopped (and the call cancelled) when `stop` comes first."""
    task = asyncio.ensure_future(call)
    stopper = asyncio.ensure_future(stop.wait())
    try:
        await asyncio.wait({task, stopper}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        stopper.cancel()
        if not task.done():
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task  # what a call stopped half-way raises no longer matters
    if task.cancelled():
        raise Stopped
    return task.result()


async def sleep_or_stop(delay: float, stop: asyncio.Event) -> None:
    """Sleep `delay` seconds, or less when `stop` is set meanwhile."""
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), delay)

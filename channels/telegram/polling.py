"""Long polling that confirms an update to Telegram only once it is handled or kept.

python-telegram-bot's Updater confirms each batch (the next getUpdates `offset`) as soon
as it has queued it, so a crash loses every update queued or being handled. Here the
offset moves only past updates whose handling finished: after a crash Telegram hands the
rest out again, and the core answers each one (again) without doing its work twice.

Telegram hands updates out in order, so one slow update (a coordinator's export) would
hold the offset, and after 100 more everybody else's messages would stop coming. An update
still being handled after `park_after` seconds while later ones wait behind it is parked
in the database (channels/parked.py) and no longer holds the offset; a crash leaves it
there and the next start handles it.

Updates received but not started yet (all `concurrency` slots busy) wait in memory and are
not confirmed; getUpdates is called again only when they are all started, and only the
updates not already in hand are parsed, so a busy bot does not re-read the same ones.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import warnings
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from telegram import Bot, Update
from telegram.error import InvalidToken, TelegramError
from telegram.warnings import PTBUserWarning

from channels.parked import ParkedUpdates
from channels.waiting import Stopped, or_stop, sleep_or_stop

log = logging.getLogger(__name__)
# getUpdates goes through do_api_request on purpose (raw JSON, parsed only when new).
warnings.filterwarnings("ignore", message=r"Please use 'Bot\.getUpdates'",
                        category=PTBUserWarning)

LONG_POLL_SECONDS = 10
READ_TIMEOUT = 10.0  # seconds on top of the long poll's own
BUSY_WAIT = 0.05  # seconds to wait for a handler to finish when nothing new arrived
PARK_AFTER = 1.0  # seconds a handler may hold the offset before its update is parked
RETRY_DELAYS = (1.0, 2.0, 5.0, 10.0, 30.0)
DRAIN_SECONDS = 10.0  # on shutdown, time left to finish updates already being handled


class OffsetTracker:
    """Which updates are in hand, and the offset that confirms only finished or parked ones."""

    def __init__(self) -> None:
        self.in_flight: set[int] = set()  # received, not finished: they hold the offset
        self.parked: set[int] = set()  # being handled, kept in the database
        self.finished: set[int] = set()  # finished, not yet confirmed
        self.highest: int | None = None

    def is_new(self, update_id: int) -> bool:
        if update_id in self.in_flight or update_id in self.finished or update_id in self.parked:
            return False
        offset = self.offset()
        return offset is None or update_id >= offset  # below it: confirmed long ago

    def start(self, update_id: int) -> None:
        self.in_flight.add(update_id)
        self.highest = update_id if self.highest is None else max(self.highest, update_id)

    def park(self, update_id: int) -> None:
        """Kept in the database: it no longer holds the offset."""
        self.in_flight.discard(update_id)
        self.parked.add(update_id)

    def finish(self, update_id: int) -> None:
        self.in_flight.discard(update_id)
        self.parked.discard(update_id)
        self.finished.add(update_id)

    def holds_back_others(self, update_id: int) -> bool:
        return self.highest is not None and update_id < self.highest

    def offset(self) -> int | None:
        """getUpdates' offset: everything below it has been handled or parked."""
        if self.highest is None:
            return None
        offset = min(self.in_flight) if self.in_flight else self.highest + 1
        self.finished = {uid for uid in self.finished if uid >= offset}
        return offset


@dataclass(frozen=True)
class Received:
    """An update as Telegram sent it (kept for parking) and as python-telegram-bot reads it."""

    update_id: int
    body: dict[str, Any]
    update: Update


class Poller:
    """Fetches updates, hands each to `process` (at most `concurrency` at once, parked ones
    aside)."""

    def __init__(self, bot: Bot, process: Callable[[Update], Awaitable[None]], *,
                 allowed_updates: list[str], concurrency: int, interval: float,
                 parked: ParkedUpdates | None = None, park_after: float | None = None) -> None:
        self.bot = bot
        self.process = process
        self.allowed_updates = allowed_updates
        self.concurrency = concurrency
        self.interval = interval
        self.parked = parked
        self.park_after = PARK_AFTER if park_after is None else park_after
        self.tracker = OffsetTracker()
        self._waiting: deque[Received] = deque()  # received, no slot yet
        self._tasks: dict[int, asyncio.Task[None]] = {}
        self._running: dict[int, tuple[Received, float]] = {}  # not parked: since when

    async def run(self, stop: asyncio.Event, ready: Callable[[], None]) -> None:
        await self._call_until_done(lambda: self.bot.delete_webhook(), stop)
        ready()
        await self._resume_parked()
        failures = 0
        while not stop.is_set():
            self._start_waiting()
            await self._park_slow()
            if self._waiting:  # every slot is busy; the next updates are already in hand
                await self._wait_for_a_handler()
                continue
            busy = bool(self._tasks)
            try:
                raw = await or_stop(self._get_updates(0 if busy else LONG_POLL_SECONDS), stop)
            except Stopped:
                break
            except asyncio.CancelledError:
                if stop.is_set():
                    break
                raise
            except InvalidToken:
                raise
            except (TelegramError, OSError) as error:
                delay = RETRY_DELAYS[min(failures, len(RETRY_DELAYS) - 1)]
                failures += 1
                log.warning("telegram: getUpdates failed (%s); trying again in %.0f s",
                            error, delay)
                await sleep_or_stop(delay, stop)
                continue
            failures = 0
            received = self._receive(raw)
            if not received and self._tasks:  # only updates already in hand came back
                await self._wait_for_a_handler()
            elif self.interval:
                await asyncio.sleep(self.interval)
        await self._drain()

    async def _get_updates(self, timeout: int) -> object:
        """getUpdates' raw JSON: parsing is left to `_receive`, for the new ones only."""
        api_kwargs: dict[str, Any] = {"timeout": timeout,
                                      "allowed_updates": self.allowed_updates}
        offset = self.tracker.offset()
        if offset is not None:
            api_kwargs["offset"] = offset
        return await self.bot.do_api_request("getUpdates", api_kwargs=api_kwargs,
                                             read_timeout=READ_TIMEOUT + timeout)

    def _receive(self, raw: object) -> int:
        """Queue the updates not already in hand; how many."""
        received = 0
        for body in raw if isinstance(raw, list) else ():
            update_id = body.get("update_id") if isinstance(body, dict) else None
            if not isinstance(update_id, int) or not self.tracker.is_new(update_id):
                continue
            try:
                update = Update.de_json(body, self.bot)
            except Exception:  # a malformed update must not stop everyone else's
                log.warning("telegram: update %s could not be read; skipped", update_id)
                self.tracker.start(update_id)
                self.tracker.finish(update_id)
                continue
            self.tracker.start(update_id)  # holds the offset from now until handled
            self._waiting.append(Received(update_id, body, update))
            received += 1
        self._start_waiting()
        return received

    def _start_waiting(self) -> None:
        while self._waiting and len(self._running) < self.concurrency:
            self._start(self._waiting.popleft())

    def _start(self, received: Received, *, parked: bool = False) -> None:
        loop = asyncio.get_running_loop()
        if not parked:
            self._running[received.update_id] = (received, loop.time())
        self._tasks[received.update_id] = asyncio.create_task(self._handle(received))

    async def _handle(self, received: Received) -> None:
        update_id = received.update_id
        try:
            await self.process(received.update)
        except asyncio.CancelledError:  # shutdown: stays unconfirmed or parked, for next time
            self._tasks.pop(update_id, None)
            self._running.pop(update_id, None)
            raise
        except Exception:  # process() has its own error handler; this is the last net
            log.exception("telegram: update %s failed", update_id)
        was_parked = update_id in self.tracker.parked
        self.tracker.finish(update_id)
        self._tasks.pop(update_id, None)
        self._running.pop(update_id, None)
        if was_parked and self.parked is not None:
            try:
                await self.parked.release(update_id)
            except Exception:  # handled again at the next start; the core answers once
                log.exception("telegram: parked update %s not released", update_id)

    async def _park_slow(self) -> None:
        """Park the updates handled for longer than `park_after` that hold others back."""
        if self.parked is None or not self._running:
            return
        now = asyncio.get_running_loop().time()
        slow = [received for received, since in self._running.values()
                if now - since >= self.park_after
                and self.tracker.holds_back_others(received.update_id)]
        if not slow:
            return
        try:
            await self.parked.park((r.update_id, r.body) for r in slow)
        except Exception:  # not parked: it keeps holding the offset, nothing is lost
            log.exception("telegram: could not park %d slow updates", len(slow))
            return
        for received in slow:
            if received.update_id in self._running:  # still being handled
                self.tracker.park(received.update_id)
                del self._running[received.update_id]
            elif self.parked is not None:  # it finished while being parked
                await self.parked.release(received.update_id)

    async def _resume_parked(self) -> None:
        """Handle what a previous run parked and did not finish."""
        if self.parked is None:
            return
        for update_id, body in await self.parked.waiting():
            try:
                update = Update.de_json(body, self.bot)
            except Exception:
                log.warning("telegram: parked update %s could not be read; dropped",
                            update_id)
                await self.parked.release(update_id)
                continue
            self.tracker.park(update_id)
            self._start(Received(update_id, body, update), parked=True)
            log.info("telegram: handling update %s parked by the previous run", update_id)

    async def _wait_for_a_handler(self) -> None:
        if self._tasks:
            await asyncio.wait(set(self._tasks.values()), timeout=BUSY_WAIT,
                               return_when=asyncio.FIRST_COMPLETED)

    async def _drain(self) -> None:
        """Finish what is under way, then confirm it so it is not handed out again."""
        if self._tasks:
            _, pending = await asyncio.wait(set(self._tasks.values()), timeout=DRAIN_SECONDS)
            for task in pending:
                task.cancel()
        if self.tracker.offset() is not None:
            with contextlib.suppress(TelegramError, OSError):
                await self._get_updates(0)

    async def _call_until_done(self, call: Callable[[], Awaitable[object]],
                               stop: asyncio.Event) -> None:
        for attempt in range(len(RETRY_DELAYS) + 1):
            try:
                await call()
                return
            except InvalidToken:
                raise
            except (TelegramError, OSError) as error:
                if attempt == len(RETRY_DELAYS):
                    raise
                log.warning("telegram: start-up call failed (%s); trying again", error)
                await sleep_or_stop(RETRY_DELAYS[attempt], stop)

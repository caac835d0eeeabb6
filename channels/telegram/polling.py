"""Long polling that confirms an update to Telegram only once its handling has finished.

python-telegram-bot's Updater confirms each batch (the next getUpdates `offset`) as soon
as it has queued it, so a crash loses every update queued or being handled. Here the
offset moves only past updates whose handling finished: after a crash Telegram hands the
rest out again, and the core answers each one (again) without doing its work twice.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable

from telegram import Bot, Update
from telegram.error import InvalidToken, TelegramError

from channels.waiting import Stopped, or_stop, sleep_or_stop

log = logging.getLogger(__name__)

LONG_POLL_SECONDS = 10
BUSY_WAIT = 0.05  # seconds to wait for a handler to finish when nothing new arrived
RETRY_DELAYS = (1.0, 2.0, 5.0, 10.0, 30.0)
DRAIN_SECONDS = 10.0  # on shutdown, time left to finish updates already being handled


class OffsetTracker:
    """Which updates are being handled, and the offset that confirms only finished ones."""

    def __init__(self) -> None:
        self.in_flight: set[int] = set()
        self.finished: set[int] = set()  # finished, not yet confirmed
        self.highest: int | None = None

    def is_new(self, update_id: int) -> bool:
        if update_id in self.in_flight or update_id in self.finished:
            return False
        offset = self.offset()
        return offset is None or update_id >= offset  # below it: confirmed long ago

    def start(self, update_id: int) -> None:
        self.in_flight.add(update_id)
        self.highest = update_id if self.highest is None else max(self.highest, update_id)

    def finish(self, update_id: int) -> None:
        self.in_flight.discard(update_id)
        self.finished.add(update_id)

    def offset(self) -> int | None:
        """getUpdates' offset: everything below it has been handled."""
        if self.highest is None:
            return None
        offset = min(self.in_flight) if self.in_flight else self.highest + 1
        self.finished = {uid for uid in self.finished if uid >= offset}
        return offset


class Poller:
    """Fetches updates, hands each to `process` (at most `concurrency` at once)."""

    def __init__(self, bot: Bot, process: Callable[[Update], Awaitable[None]], *,
                 allowed_updates: list[str], concurrency: int, interval: float) -> None:
        self.bot = bot
        self.process = process
        self.allowed_updates = allowed_updates
        self.concurrency = concurrency
        self.interval = interval
        self.tracker = OffsetTracker()
        self._tasks: dict[int, asyncio.Task[None]] = {}

    async def run(self, stop: asyncio.Event, ready: Callable[[], None]) -> None:
        await self._call_until_done(lambda: self.bot.delete_webhook(), stop)
        ready()
        failures = 0
        while not stop.is_set():
            busy = bool(self._tasks)
            try:
                updates = await or_stop(self.bot.get_updates(
                    offset=self.tracker.offset(), timeout=0 if busy else LONG_POLL_SECONDS,
                    allowed_updates=self.allowed_updates), stop)
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
            started = self._start_new(updates)
            if not started and self._tasks:  # only updates still being handled came back
                await asyncio.wait(set(self._tasks.values()), timeout=BUSY_WAIT,
                                   return_when=asyncio.FIRST_COMPLETED)
            elif self.interval:
                await asyncio.sleep(self.interval)
        await self._drain()

    def _start_new(self, updates: tuple[Update, ...]) -> int:
        started = 0
        for update in updates:
            if len(self._tasks) >= self.concurrency:
                break  # the rest come back with the next getUpdates
            if not self.tracker.is_new(update.update_id):
                continue
            self.tracker.start(update.update_id)
            self._tasks[update.update_id] = asyncio.create_task(self._handle(update))
            started += 1
        return started

    async def _handle(self, update: Update) -> None:
        try:
            await self.process(update)
        except Exception:  # process() has its own error handler; this is the last net
            log.exception("telegram: update %s failed", update.update_id)
        finally:
            self.tracker.finish(update.update_id)
            self._tasks.pop(update.update_id, None)

    async def _drain(self) -> None:
        """Finish what is under way, then confirm it so it is not handed out again."""
        if self._tasks:
            _, pending = await asyncio.wait(set(self._tasks.values()), timeout=DRAIN_SECONDS)
            for task in pending:
                task.cancel()
        offset = self.tracker.offset()
        if offset is not None:
            with contextlib.suppress(TelegramError, OSError):
                await self.bot.get_updates(offset=offset, timeout=0,
                                           allowed_updates=self.allowed_updates)

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

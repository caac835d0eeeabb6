"""Sends messages to people other than the one being answered (approvals, summaries)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Sequence

from core.model import Reply

log = logging.getLogger(__name__)

SendFunction = Callable[[str, Sequence[Reply]], Awaitable[None]]


class Notifier:
    """Each running channel registers how to send to a chat on its platform."""

    def __init__(self) -> None:
        self._senders: dict[str, SendFunction] = {}
        self._ready: asyncio.Event | None = None

    def register(self, platform: str, send: SendFunction) -> None:
        self._senders[platform] = send
        if self._ready is not None:
            self._ready.set()

    async def wait_ready(self, timeout: float, count: int = 1) -> bool:
        """Wait until `count` channels can send, at most `timeout` seconds; True if they can."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while len(self._senders) < count:
            self._ready = asyncio.Event()
            left = deadline - loop.time()
            if left <= 0:
                break
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._ready.wait(), left)
        return len(self._senders) >= count

    def unregister(self, platform: str) -> None:
        self._senders.pop(platform, None)

    @property
    def platforms(self) -> frozenset[str]:
        return frozenset(self._senders)

    async def send(self, platform: str, chat_id: str, replies: Sequence[Reply]) -> bool:
        """Deliver to a private chat; False (and a log line) when that is not possible now."""
        sender = self._senders.get(platform)
        if sender is None:
            log.warning("cannot notify on %s: channel not running", platform)
            return False
        try:
            await sender(chat_id, replies)
        except Exception:
            log.exception("notification on %s failed", platform)
            return False
        return True

    async def after_sending(self, job: Callable[[], Awaitable[object]]) -> None:
        """Run `job` once what was sent so far has gone out (here: at once)."""
        await job()


class DeferredNotifier(Notifier):
    """The notifier a handler sees: its messages wait until the handler's writes are
    committed, so nobody is told about something that was then rolled back, and no network
    call happens while the handler holds the database's write transaction."""

    def __init__(self, notifier: Notifier) -> None:
        super().__init__()
        self._notifier = notifier
        self._queue: list[tuple[str, str, list[Reply]]] = []
        self._after: list[Callable[[], Awaitable[object]]] = []

    @property
    def platforms(self) -> frozenset[str]:
        return self._notifier.platforms

    async def send(self, platform: str, chat_id: str, replies: Sequence[Reply]) -> bool:
        if platform not in self._notifier.platforms:
            log.warning("cannot notify on %s: channel not running", platform)
            return False
        self._queue.append((platform, chat_id, list(replies)))
        return True

    async def after_sending(self, job: Callable[[], Awaitable[object]]) -> None:
        """Run `job` after the flush, outside the handler's transaction (e.g. to record that
        a notice went out: a kill before the flush leaves it unrecorded, for a sweep)."""
        self._after.append(job)

    async def flush(self) -> None:
        """Send what the handler queued (after its commit), then run the `after_sending` jobs."""
        queue, self._queue = self._queue, []
        for platform, chat_id, replies in queue:
            await self._notifier.send(platform, chat_id, replies)
        after, self._after = self._after, []
        for job in after:
            try:
                await job()
            except Exception:
                log.exception("job after notifications failed")

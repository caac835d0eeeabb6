"""Sends messages to people other than the one being answered (approvals, summaries)."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence

from core.model import Reply

log = logging.getLogger(__name__)

SendFunction = Callable[[str, Sequence[Reply]], Awaitable[None]]


class Notifier:
    """Each running channel registers how to send to a chat on its platform."""

    def __init__(self) -> None:
        self._senders: dict[str, SendFunction] = {}

    def register(self, platform: str, send: SendFunction) -> None:
        self._senders[platform] = send

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

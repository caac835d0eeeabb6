"""Per-person flood limit: a token bucket per (platform, user).

Someone who sends more than `burst` messages at once, or more than `per_minute` a minute for
long, gets one polite "chậm lại" and is then ignored for `quiet_seconds`, with one log line
for the operator. Kept in memory: a restart forgives everyone.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

log = logging.getLogger(__name__)


class Verdict(Enum):
    OK = "ok"
    WARN = "warn"  # the first message over the limit: say "slow down"
    IGNORE = "ignore"


@dataclass
class _Bucket:
    tokens: float
    updated: float
    quiet_until: float = 0.0


class RateLimiter:
    def __init__(self, *, burst: int = 30, per_minute: int = 60, quiet_seconds: float = 60.0,
                 clock: Callable[[], float] = time.monotonic, max_people: int = 100_000) -> None:
        self.burst = burst
        self.rate = per_minute / 60.0
        self.quiet_seconds = quiet_seconds
        self.clock = clock
        self.max_people = max_people
        self._buckets: dict[tuple[str, str], _Bucket] = {}

    def check(self, key: tuple[str, str]) -> Verdict:
        now = self.clock()
        bucket = self._buckets.get(key)
        if bucket is None:
            if len(self._buckets) >= self.max_people:
                self._forget_idle(now)
            bucket = self._buckets[key] = _Bucket(float(self.burst), now)
        if now < bucket.quiet_until:
            return Verdict.IGNORE
        bucket.tokens = min(self.burst, bucket.tokens + (now - bucket.updated) * self.rate)
        bucket.updated = now
        if bucket.tokens >= 1:
            bucket.tokens -= 1
            return Verdict.OK
        bucket.quiet_until = now + self.quiet_seconds
        log.warning("rate limit: %s account %s sends too fast; ignored for %.0f s", key[0],
                    key[1], self.quiet_seconds)
        return Verdict.WARN

    def _forget_idle(self, now: float) -> None:
        full = self.burst / self.rate if self.rate else 0
        self._buckets = {k: b for k, b in self._buckets.items()
                         if now - b.updated < full or now < b.quiet_until}

"""Quiet hours (no notifications at night) and "daytime hours" a request has waited."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from core.clock import VIETNAM


@dataclass(frozen=True)
class QuietHours:
    """A nightly window in Vietnam time, e.g. 21:00-06:00, when nobody is messaged."""

    start: time
    end: time

    def is_quiet(self, moment: datetime) -> bool:
        local = moment.astimezone(VIETNAM).time()
        if self.start == self.end:
            return False
        if self.start < self.end:
            return self.start <= local < self.end
        return local >= self.start or local < self.end

    def next_awake(self, moment: datetime) -> datetime:
        """`moment` itself when it is daytime, else when the quiet window ends."""
        if not self.is_quiet(moment):
            return moment
        local = moment.astimezone(VIETNAM)
        end = datetime.combine(local.date(), self.end, VIETNAM)
        if end <= local:
            end += timedelta(days=1)
        return end.astimezone(moment.tzinfo)

    def awake_between(self, start: datetime, end: datetime) -> timedelta:
        """How much of [start, end) falls outside quiet hours."""
        total = timedelta()
        cursor = start
        while cursor < end:
            if self.is_quiet(cursor):
                cursor = min(self.next_awake(cursor), end)
                continue
            quiet_start = self._next_quiet_start(cursor)
            stop = min(quiet_start, end)
            total += stop - cursor
            cursor = stop
        return total

    def _next_quiet_start(self, moment: datetime) -> datetime:
        local = moment.astimezone(VIETNAM)
        begin = datetime.combine(local.date(), self.start, VIETNAM)
        if begin <= local:
            begin += timedelta(days=1)
        return begin.astimezone(moment.tzinfo)

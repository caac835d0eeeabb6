"""The requests' background work, once a minute: escalate requests nobody took in time,
put back requests whose taker left the team, send held notices once quiet hours end, and
remove request texts after the retention time. `run_due(now)` does one round (tests call
it with a test clock)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import date, datetime, timedelta

from core.clock import VIETNAM, from_iso
from handlers.requests.common import RequestServices
from handlers.requests.notices import Notices

log = logging.getLogger(__name__)
TICK_SECONDS = 60


class RequestJobs:
    """Escalation, held notices and retention."""

    def __init__(self, services: RequestServices) -> None:
        self.s = services
        self.notices = Notices(services)
        self._purged_on: date | None = None

    async def run(self, stop: asyncio.Event | None = None) -> None:
        stop = stop or asyncio.Event()
        while not stop.is_set():
            try:
                await self.run_due(self.s.clock())
            except Exception:
                log.exception("request jobs failed")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), TICK_SECONDS)

    async def run_due(self, now: datetime) -> int:
        """One round at `now`; returns how many notices went out."""
        for request_id in await self.s.store.taker_left():
            if await self.s.store.reopen(request_id, notices=self.notices.put_back()):
                log.info("help request %s put back: its taker left the team", request_id)
        await self.escalate(now)
        today = now.astimezone(VIETNAM).date()
        if self._purged_on != today:
            removed = await self.s.store.remove_old_texts(self.s.settings.retention_months)
            if removed:
                log.info("texts of %s closed help requests removed (retention)", removed)
            self._purged_on = today
        return await self.s.outbox.deliver_due(now)

    async def escalate(self, now: datetime) -> int:
        """Tell the team leader, then the coordinators, about requests waiting too long
        (counting only daytime hours)."""
        settings = self.s.settings
        first = timedelta(hours=settings.take_within_hours)
        second = timedelta(hours=settings.coordinators_after_hours)
        done = 0
        for request in await self.s.store.waiting():
            waited = self.s.quiet.awake_between(from_iso(request.waiting_since), now)
            hours = round(waited.total_seconds() / 3600)
            level = 0
            if waited >= second:
                level = 2
            elif waited >= first and request.escalation < 1:
                leaders = await self.s.store.village_team(request.village_id, leaders_only=True)
                level = 1 if leaders else 2
            if level > request.escalation and await self.s.store.escalate(
                    request.id, level, notices=self.notices.overdue(level, hours)):
                log.info("help request %s overdue: escalated to level %s", request.id, level)
                done += 1
        return done

"""Entries not checked for a while: listed to the admins once a month, and on demand (/kbcu).

The monthly list goes through the activity scheduler (`ActivityScheduler.other_jobs`): on
`faq.curation.stale_list.day` at its time, within the scheduler's catch-up window, each
admin's message claimed ("kbstale:2026-12:telegram:123") before it is sent, so neither a
restart nor a second process sends it twice. Nothing is sent when every entry is fresh.
"""

from __future__ import annotations

import logging
from datetime import date, datetime

from core.clock import VIETNAM
from core.model import Incoming, Reply
from core.notifier import Notifier
from core.roles import Role
from core.router import CommandSpec, Context, Router
from faq.curation.lifecycle import StaleEntry, stale_entries
from faq.curation.settings import CurationSettings
from faq.service import FaqService
from handlers.activity.schedule import ActivityScheduler
from handlers.faq import curation_texts as t

log = logging.getLogger(__name__)
MONTHLY_LINES = 20  # in the monthly message; /kbcu shows up to COMMAND_LINES
COMMAND_LINES = 60


class StaleEntries:
    def __init__(self, faq: FaqService, settings: CurationSettings,
                 admins: frozenset[tuple[str, str]], notifier: Notifier,
                 scheduler: ActivityScheduler | None = None) -> None:
        self.faq, self.settings, self.admins, self.notifier = faq, settings, admins, notifier
        self.scheduler = scheduler
        self._done: str | None = None  # the month whose list reached every admin
        if scheduler is not None:
            scheduler.other_jobs.append(self.monthly)

    def register(self, router: Router) -> None:
        router.command(CommandSpec("kbcu", self.command, t.COMMAND_DESCRIPTIONS["kbcu"],
                                   min_role=Role.TEAM_LEADER, private_only=True))

    def stale(self, today: date) -> list[StaleEntry]:
        return stale_entries(self.faq.kb.entries, today, self.settings.stale_after_months)

    def listing(self, stale: list[StaleEntry], limit: int, more_hint: str) -> Reply:
        """The list: id, title, month checked, then how to edit."""
        months = self.settings.stale_after_months
        lines = [t.STALE_HEADER.format(months=months, count=len(stale))]
        for item in stale[:limit]:
            lines.append(t.STALE_LINE.format(entry_id=item.entry.id, title=item.entry.title,
                                             checked=str(getattr(item.entry, "checked", ""))))
        if len(stale) > limit:
            lines.append(more_hint.format(count=len(stale) - limit))
        lines.append(t.STALE_FOOT.format(entry_id=stale[0].entry.id))
        return Reply("\n".join(lines))

    async def command(self, ctx: Context, msg: Incoming) -> list[Reply]:
        stale = self.stale(ctx.clock().astimezone(VIETNAM).date())
        if not stale:
            return [Reply(t.STALE_NONE.format(months=self.settings.stale_after_months))]
        return [self.listing(stale, COMMAND_LINES, t.STALE_MORE)]

    async def monthly(self, now: datetime) -> int:
        """Send this month's list to every admin, once, inside its window; how many went."""
        schedule = self.settings.stale_list
        if not schedule.enabled or not self.admins or self.scheduler is None:
            return 0
        local = now.astimezone(VIETNAM)
        month = f"{local.year}-{local.month:02d}"
        day = date(local.year, local.month, self.settings.stale_list_day)
        if self._done == month or not self.scheduler.in_window(now, day, schedule.at):
            return 0
        stale = self.stale(local.date())
        if not stale:
            self._done = month
            return 0
        reply = self.listing(stale, MONTHLY_LINES, t.STALE_MORE_COMMAND)
        sent, waiting = 0, False
        for platform, user_id in sorted(self.admins):
            key = f"kbstale:{month}:{platform}:{user_id}"
            if platform not in self.notifier.platforms:
                waiting = True  # that messenger is not running (yet): try again next minute
                continue
            if not await self.scheduler.claim(key, now):
                continue
            if await self.notifier.send(platform, user_id, [reply]):
                sent += 1
            else:
                waiting = True
                await self.scheduler.release(key, now)
        if not waiting:
            self._done = month
        if sent:
            log.info("stale entries: list of %d sent to %d admins", len(stale), sent)
        return sent

"""Scheduled messages: the weekly summary to coordinators and the optional reminder to members.

`run_due(now)` sends whatever is due at `now`; the loop in `run` calls it every minute, after
waiting for the channels to start. Each message is claimed in activity_sent_jobs under a key
("weekly:2026-W47:12") *before* it is sent, by an INSERT that only one process can win, so
neither a restart nor a second process on the same database sends it twice. A message is due
from its configured time until `catch_up_hours` later (after downtime it goes only if still
within that window, else it is skipped and logged), so a coordinator appointed mid-week gets
the next summary, never last week's at night.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import date, datetime, timedelta
from datetime import time as time_of_day
from sqlite3 import Row
from typing import Protocol

from activity.dates import Period
from activity.report import previous_complete
from activity.scope import Scope
from core.clock import VIETNAM, Clock, to_iso, utc_now
from core.model import Reply
from core.notifier import Notifier
from handlers.activity import texts as activity_texts
from handlers.activity.common import ActivityServices
from handlers.activity.stats_view import stats_reply

log = logging.getLogger(__name__)


class ReportMaker(Protocol):
    """What the scheduler needs of the report packs (handlers/activity/reports.py)."""

    async def pack(self, scope: Scope, kind: str, period: Period, now: datetime,
                   head: str) -> Reply: ...


TICK_SECONDS = 60
RETRY_AFTER = timedelta(minutes=5)
CHANNELS_WAIT_SECONDS = 120  # the first run waits this long at most for the channels

_COORDINATORS = (
    "SELECT co.member_id, co.level, co.commune_code FROM coordinators co"
    " JOIN members m ON m.id = co.member_id WHERE m.status = 'approved' ORDER BY co.member_id"
)
_ACCOUNTS = (
    "SELECT platform, COALESCE(chat_id, user_id) AS address FROM identities"
    " WHERE member_id = ? ORDER BY linked_at"
)
# Approved members and the day they last logged (or were approved, if they never logged).
_QUIET_MEMBERS = (
    "SELECT m.id, (SELECT MAX(l.activity_date) FROM activity_logs l"
    "              WHERE l.member_id = m.id AND l.deleted_at IS NULL) AS last_day,"
    " substr(COALESCE(m.decided_at, m.created_at), 1, 10) AS since"
    " FROM members m WHERE m.status = 'approved' ORDER BY m.id"
)


class ActivityScheduler:
    """Sends the weekly summaries and reminders that are due, each exactly once."""

    def __init__(self, services: ActivityServices, notifier: Notifier,
                 clock: Clock = utc_now, admins: frozenset[tuple[str, str]] = frozenset(),
                 ) -> None:
        self.s = services
        self.admins = admins
        self.notifier = notifier
        self.clock = clock
        self._failed: dict[str, datetime] = {}
        self._reminders_done: date | None = None
        self._missed_logged: set[str] = set()
        # Other features' lines for the weekly summary: (commune code or None) -> text or "".
        self.weekly_notes: list[Callable[[str | None], Awaitable[str]]] = []
        # Builds a report pack (handlers/activity/reports.py), set by the feature.
        self.reports: ReportMaker | None = None
        # Other features' scheduled messages, checked every minute with ours: now -> sent.
        # They claim each message through `claim` before sending it, as ours do.
        self.other_jobs: list[Callable[[datetime], Awaitable[int]]] = []

    async def run(self, stop: asyncio.Event | None = None, *, channels: int = 1) -> None:
        """Check every minute until cancelled or `stop` is set; errors are logged, not fatal.
        The first check waits for `channels` channels to be able to send."""
        stop = stop or asyncio.Event()
        if not await self.notifier.wait_ready(CHANNELS_WAIT_SECONDS, channels):
            log.warning("scheduled messages: not every channel started within %d s",
                        CHANNELS_WAIT_SECONDS)
        while not stop.is_set():
            try:
                await self.run_due(self.clock())
            except Exception:
                log.exception("scheduled activity messages failed")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), TICK_SECONDS)

    async def run_due(self, now: datetime) -> int:
        """Send what is due at `now`; returns how many messages went out."""
        sent = 0
        if self.s.settings.weekly_summary.enabled:
            sent += await self._weekly(now)
        if self.s.settings.monthly_report.enabled and self.reports is not None:
            sent += await self._reports(now)
        if self.s.settings.reminder.enabled:
            sent += await self._reminders(now)
        if self.s.settings.pending_digest.enabled and self.admins:
            sent += await self._digest(now)
        for job in self.other_jobs:
            sent += await job(now)
        return sent

    # --- requests waiting for a decision -----------------------------------------------------

    async def _digest(self, now: datetime) -> int:
        """Once a day, to every admin: open requests older than a day, per commune."""
        today = now.astimezone(VIETNAM).date()
        window = self.in_window(now, today, self.s.settings.pending_digest.at)
        if not window:
            return 0
        rows = await self.s.db.fetchall(
            "SELECT c.name, COUNT(*) AS n, MIN(r.requested_at) AS oldest"
            " FROM member_requests r JOIN villages v ON v.id = r.village_id"
            " JOIN communes c ON c.code = v.commune_code"
            " WHERE r.state = 'open' AND r.requested_at < ? GROUP BY c.code ORDER BY c.folded",
            (to_iso(now - timedelta(days=1)),))
        if not rows:
            return 0
        lines = [activity_texts.DIGEST_HEAD.format(count=sum(r["n"] for r in rows))]
        for row in rows:
            waited = (now - datetime.fromisoformat(row["oldest"].replace("Z", "+00:00"))).days
            lines.append(activity_texts.DIGEST_LINE.format(commune=row["name"], count=row["n"],
                                                           days=waited))
        lines.append(activity_texts.DIGEST_FOOT)
        reply = Reply("\n".join(lines))
        sent = 0
        for platform, user_id in sorted(self.admins):
            key = f"digest:{today.isoformat()}:{platform}:{user_id}"
            if platform not in self.notifier.platforms or not await self._claim(key, now):
                continue
            if await self.notifier.send(platform, user_id, [reply]):
                sent += 1
            else:
                await self._release(key)
                self._failed[key] = now
        return sent

    # --- weekly summary ---------------------------------------------------------------------

    def in_window(self, now: datetime, day: date, at: time_of_day) -> bool | None:
        """True inside [day at, + catch_up_hours]; False before it; None once it has passed."""
        start = datetime.combine(day, at, VIETNAM)
        if now < start:
            return False
        return True if now <= start + timedelta(hours=self.s.settings.catch_up_hours) else None

    def weekly_due(self, now: datetime) -> tuple[str, Period] | None:
        """(week label, the 7 days summarised) while this week's sending window is open."""
        schedule = self.s.settings.weekly_summary
        local = now.astimezone(VIETNAM)
        day = local.date() - timedelta(days=(local.weekday() - schedule.weekday) % 7)
        year, week, _ = day.isocalendar()
        label = f"{year}-W{week:02d}"
        window = self.in_window(now, day, schedule.at)
        if window is None:
            self._log_missed(f"weekly:{label}")
        if not window:
            return None
        return label, Period(day - timedelta(days=7), day - timedelta(days=1))

    def _log_missed(self, label: str) -> None:
        """Once per job: whatever of it was not sent in its window is skipped for good."""
        if label not in self._missed_logged:
            self._missed_logged.add(label)
            log.info("scheduled %s: sending window over; anything not sent is skipped", label)

    async def _claimed_coordinators(self, label: str,
                                    now: datetime) -> AsyncIterator[tuple[Row, str, Scope]]:
        """Each coordinator whose `label` message this process claimed, with the claim's
        key and their area (a claim whose area is gone is let go)."""
        for row in await self.s.db.fetchall(_COORDINATORS):
            key = f"{label}:{row['member_id']}"
            if not await self._claim(key, now):
                continue
            scope = await self._scope_of(row)
            if scope is None:
                await self._release(key)
                continue
            yield row, key, scope

    async def _scope_of(self, coordinator: Row) -> Scope | None:
        """The area a coordinator's summaries and packs cover (None: their commune is gone)."""
        if coordinator["level"] == "province":
            return self.s.scopes.province
        return await self.s.scopes.commune(coordinator["commune_code"])

    async def _weekly(self, now: datetime) -> int:
        due = self.weekly_due(now)
        if due is None:
            return 0
        label, period = due
        sent = 0
        async for row, key, scope in self._claimed_coordinators(f"weekly:{label}", now):
            try:
                stats = await self.s.stats.compute(scope, period)
                replies = await stats_reply(stats, self.s.catalog,
                                            head=activity_texts.WEEKLY_HEAD.format(
                                                dates=period.dates_text))
                for note in self.weekly_notes:
                    text = await note(scope.commune_code)
                    if text:
                        replies.append(Reply(text))
            except BaseException:
                await self._release(key)
                raise
            sent += await self._deliver(key, row["member_id"], replies, now)
        return sent

    # --- report packs on the 1st of the month ----------------------------------------------

    async def _reports(self, now: datetime) -> int:
        """On the 1st at the configured time: last month's pack to every coordinator (their
        commune or the province); last quarter's too on the 1st of a quarter, last year's on
        1 January. Each pack is built once per scope and sent once per coordinator."""
        assert self.reports is not None
        today = now.astimezone(VIETNAM).date()
        first = today.replace(day=1)
        label = f"report:{first:%Y-%m}"
        window = self.in_window(now, first, self.s.settings.monthly_report.at)
        if window is None and today == first:  # later in the month there was nothing due
            self._log_missed(label)
        if not window:
            return 0
        kinds = ["month"] + (["quarter"] if first.month % 3 == 1 else []) + \
            (["year"] if first.month == 1 else [])
        built: dict[str, list[Reply]] = {}
        sent = 0
        async for row, key, scope in self._claimed_coordinators(label, now):
            try:
                if scope.key not in built:
                    built[scope.key] = [
                        await self.reports.pack(scope, kind, previous_complete(kind, first),
                                                now, activity_texts.REPORT_SCHEDULED)
                        for kind in kinds]
            except BaseException:
                await self._release(key)
                raise
            sent += await self._deliver(key, row["member_id"], built[scope.key], now)
        return sent

    # --- reminders --------------------------------------------------------------------------

    async def _reminders(self, now: datetime) -> int:
        schedule = self.s.settings.reminder
        local = now.astimezone(VIETNAM)
        today = local.date()
        window = self.in_window(now, today, schedule.at)
        if window is None:
            self._log_missed(f"remind:{today.isoformat()}")
        if not window or self._reminders_done == today:
            return 0
        every = self.s.settings.reminder_after_days
        sent, failed = 0, False
        for row in await self.s.db.fetchall(_QUIET_MEMBERS):
            since = date.fromisoformat(row["last_day"] or row["since"])
            quiet = (today - since).days
            if quiet < every:
                continue
            key = f"remind:{row['id']}:{since.isoformat()}:{quiet // every}"
            if not await self._claim(key, now):
                continue
            text = (activity_texts.REMINDER.format(days=quiet) if row["last_day"]
                    else activity_texts.REMINDER_NEVER)
            delivered = await self._deliver(key, row["id"], [Reply(text)], now)
            sent += delivered
            failed = failed or not delivered
        if not failed:
            self._reminders_done = today
        return sent

    # --- sending once -----------------------------------------------------------------------

    async def _claim(self, key: str, now: datetime) -> bool:
        """Take the job `key` for this process: one INSERT that only one process can win, made
        before anything is sent. False when it was sent or claimed already, or failed lately."""
        failed_at = self._failed.get(key)
        if failed_at is not None and now - failed_at < RETRY_AFTER:
            return False
        cursor = await self.s.db.write(
            "INSERT INTO activity_sent_jobs (key, sent_at) VALUES (?, ?)"
            " ON CONFLICT (key) DO NOTHING", (key, to_iso(now)))
        return cursor.rowcount == 1

    async def claim(self, key: str, now: datetime) -> bool:
        """`_claim` for other features' jobs (keys of their own, e.g. "kbstale:2026-12:...")."""
        return await self._claim(key, now)

    async def release(self, key: str, now: datetime) -> None:
        """A claimed message that could not be sent: given back, tried after RETRY_AFTER."""
        await self._release(key)
        self._failed[key] = now

    async def _release(self, key: str) -> None:
        """Give a claimed job back (nothing was sent), so a later check tries it again."""
        await self.s.db.write("DELETE FROM activity_sent_jobs WHERE key = ?", (key,))

    async def _deliver(self, key: str, member_id: int, replies: list[Reply],
                       now: datetime) -> int:
        """Send the claimed job to the member's first reachable account; 1 when sent. When no
        account is reachable now the claim is released and tried again after RETRY_AFTER."""
        for account in await self.s.db.fetchall(_ACCOUNTS, (member_id,)):
            if account["platform"] not in self.notifier.platforms:
                continue
            if await self.notifier.send(account["platform"], account["address"], replies):
                self._failed.pop(key, None)
                return 1
        await self._release(key)
        self._failed[key] = now
        log.warning("scheduled message %s: member %s not reachable now", key, member_id)
        return 0

"""/lienket guessing: after `MAX_FAILURES` wrong codes in a row an account is locked out for
`LOCK_MINUTES`, so the 10^8 codes cannot be tried at a thousand a second. Kept in SQLite,
so a restart does not reset the count."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from core.clock import Clock, from_iso, to_iso, utc_now
from core.database import Database

log = logging.getLogger(__name__)

MAX_FAILURES = 5
LOCK_MINUTES = 60


class LinkAttempts:
    def __init__(self, db: Database, clock: Clock = utc_now) -> None:
        self.db = db
        self.clock = clock

    async def locked_until(self, platform: str, user_id: str) -> datetime | None:
        row = await self.db.fetchone(
            "SELECT locked_until FROM link_attempts WHERE platform = ? AND user_id = ?",
            (platform, user_id))
        if row is None or row["locked_until"] is None:
            return None
        until = from_iso(row["locked_until"])
        return until if until > self.clock() else None

    async def failed(self, platform: str, user_id: str) -> bool:
        """Count a wrong code; True when this one locked the account."""
        now = self.clock()
        rows = await self.db.write_returning(
            "INSERT INTO link_attempts (platform, user_id, failures, last_failed)"
            " VALUES (?, ?, 1, ?) ON CONFLICT (platform, user_id) DO UPDATE SET"
            " failures = CASE WHEN locked_until IS NOT NULL"
            " AND locked_until <= excluded.last_failed THEN 1 ELSE failures + 1 END,"
            " locked_until = CASE WHEN locked_until IS NOT NULL"
            " AND locked_until <= excluded.last_failed THEN NULL ELSE locked_until END,"
            " last_failed = excluded.last_failed RETURNING failures",
            (platform, user_id, to_iso(now)))
        if int(rows[0]["failures"]) < MAX_FAILURES:
            return False
        await self.db.write(
            "UPDATE link_attempts SET locked_until = ? WHERE platform = ? AND user_id = ?",
            (to_iso(now + timedelta(minutes=LOCK_MINUTES)), platform, user_id))
        log.warning("link codes: %s account locked out after %d wrong codes", platform,
                    MAX_FAILURES)
        return True

    async def succeeded(self, platform: str, user_id: str) -> None:
        await self.db.write("DELETE FROM link_attempts WHERE platform = ? AND user_id = ?",
                            (platform, user_id))

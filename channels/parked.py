"""Updates parked in the database while their handling takes long, so a messenger that
hands updates out in order (Telegram's getUpdates offset) can be told to move on without
a crash losing them. Rows are the messenger's own JSON; each is deleted when handled."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

from core.database import Database

log = logging.getLogger(__name__)


class ParkedUpdates:
    """The parked updates of one messenger."""

    def __init__(self, db: Database, platform: str, clock: Callable[[], datetime]) -> None:
        self.db = db
        self.platform = platform
        self.clock = clock

    async def park(self, updates: Iterable[tuple[int, dict[str, Any]]]) -> None:
        """Keep these (update id, JSON body) pairs; all or none, on disk when this returns."""
        at = self.clock().isoformat()
        rows = [(self.platform, update_id, json.dumps(body, ensure_ascii=False), at)
                for update_id, body in updates]
        if not rows:
            return
        async with self.db.transaction() as conn:
            await conn.executemany(
                "INSERT OR IGNORE INTO parked_updates (platform, update_id, body, parked_at)"
                " VALUES (?, ?, ?, ?)", rows)

    async def release(self, update_id: int) -> None:
        """Its handling ended: forget it."""
        await self.db.write("DELETE FROM parked_updates WHERE platform = ? AND update_id = ?",
                            (self.platform, update_id))

    async def waiting(self) -> list[tuple[int, dict[str, Any]]]:
        """What a previous run parked and did not finish, oldest first. A row that is not a
        JSON object (a damaged file) is dropped rather than stopping the bot."""
        rows = await self.db.fetchall(
            "SELECT update_id, body FROM parked_updates WHERE platform = ? ORDER BY update_id",
            (self.platform,))
        found = []
        for row in rows:
            try:
                body = json.loads(row["body"])
            except ValueError:
                body = None
            if isinstance(body, dict):
                found.append((int(row["update_id"]), body))
            else:
                log.warning("%s: parked update %s is not readable JSON; dropped",
                            self.platform, row["update_id"])
                await self.release(int(row["update_id"]))
        return found

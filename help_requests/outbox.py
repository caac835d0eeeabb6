"""Messages about a request to people other than the one being answered, sent once, never
during quiet hours.

A notice is written in the same transaction as the change it announces, under a unique key
("take:12:villager"), so a redelivered update adds nothing. Delivery claims a row before
sending it, so two deliverers never send the same row; a claim older than `LEASE` (the
process died mid-send) is taken again.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

import aiosqlite

from core.clock import Clock, to_iso, utc_now
from core.database import Database
from core.model import Option, Reply
from core.notifier import Notifier
from help_requests.hours import QuietHours

log = logging.getLogger(__name__)
LEASE = timedelta(minutes=5)
RETRY_AFTER = timedelta(minutes=10)
BATCH = 200


@dataclass(frozen=True)
class Notice:
    """One message for one account."""

    key: str
    platform: str
    address: str
    reply: Reply


def encode(reply: Reply) -> str:
    return json.dumps({"text": reply.text, "options": [[o.label, o.payload]
                                                       for o in reply.options]},
                      ensure_ascii=False)


def decode(body: str) -> Reply:
    data = json.loads(body)
    return Reply(data["text"], options=tuple(Option(label, payload)
                                             for label, payload in data["options"]))


async def enqueue(conn: aiosqlite.Connection, request_id: int, notices: Iterable[Notice],
                  now: datetime) -> int:
    """Add notices inside the caller's transaction; returns how many were new."""
    added = 0
    stamp = to_iso(now)
    for notice in notices:
        cursor = await conn.execute(
            "INSERT OR IGNORE INTO request_outbox (key, request_id, platform, address, body,"
            " not_before, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (notice.key, request_id, notice.platform, notice.address, encode(notice.reply),
             stamp, stamp))
        added += cursor.rowcount
    return added


class Outbox:
    """Sends due notices through the notifier, outside quiet hours."""

    def __init__(self, db: Database, notifier: Notifier, quiet: QuietHours,
                 clock: Clock = utc_now) -> None:
        self.db = db
        self.notifier = notifier
        self.quiet = quiet
        self.clock = clock

    async def deliver_due(self, now: datetime | None = None) -> int:
        """Send what is due now; returns how many messages went out."""
        now = now or self.clock()
        if self.quiet.is_quiet(now):
            return 0
        stamp, stale = to_iso(now), to_iso(now - LEASE)
        rows = await self.db.fetchall(
            "SELECT id, platform, address, body FROM request_outbox WHERE sent_at IS NULL"
            " AND not_before <= ? AND (claimed_at IS NULL OR claimed_at < ?) ORDER BY id LIMIT ?",
            (stamp, stale, BATCH))
        sent = 0
        for row in rows:
            if row["platform"] not in self.notifier.platforms:
                continue  # that messenger is not running in this process: keep it
            claimed = await self.db.write(
                "UPDATE request_outbox SET claimed_at = ?, attempts = attempts + 1 WHERE id = ?"
                " AND sent_at IS NULL AND (claimed_at IS NULL OR claimed_at < ?)",
                (stamp, row["id"], stale))
            if claimed.rowcount != 1:
                continue  # another deliverer has it
            if await self.notifier.send(row["platform"], row["address"], [decode(row["body"])]):
                await self.db.write("UPDATE request_outbox SET sent_at = ? WHERE id = ?",
                                    (stamp, row["id"]))
                sent += 1
            else:
                await self.db.write(
                    "UPDATE request_outbox SET claimed_at = NULL, not_before = ? WHERE id = ?",
                    (to_iso(now + RETRY_AFTER), row["id"]))
                log.warning("request notice %s not delivered; retried later", row["id"])
        return sent

    async def pending(self) -> int:
        row = await self.db.fetchone(
            "SELECT COUNT(*) AS n FROM request_outbox WHERE sent_at IS NULL")
        return int(row["n"]) if row else 0

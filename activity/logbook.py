"""Saving, listing and removing assistance logs. A save is idempotent on its source key, so
a redelivered message or a double-tapped button never stores a session twice."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from activity.settings import MAX_PEOPLE, UNDO_HOURS
from core.clock import Clock, from_iso, to_iso, utc_now
from core.database import Database

MAX_NOTE_CHARS = 300
_COLUMNS = (
    "id, member_id, village_id, commune_code, service_code, people, activity_date, note,"
    " created_at, deleted_at"
)


@dataclass(frozen=True)
class LogEntry:
    """One logged assistance session."""

    id: int
    member_id: int
    village_id: int
    commune_code: str
    service_code: str
    people: int
    activity_date: date
    note: str
    created_at: datetime
    deleted_at: datetime | None = None


def _entry(row) -> LogEntry:
    return LogEntry(
        row["id"], row["member_id"], row["village_id"], row["commune_code"],
        row["service_code"], row["people"], date.fromisoformat(row["activity_date"]),
        row["note"], from_iso(row["created_at"]),
        from_iso(row["deleted_at"]) if row["deleted_at"] else None,
    )


class UnknownVillage(LookupError):
    """The member's village is not in the database (should not happen for approved members)."""


class Logbook:
    """The activity_logs table; the aggregates follow by trigger in the same statement."""

    def __init__(self, db: Database, clock: Clock = utc_now) -> None:
        self.db = db
        self.clock = clock

    async def save(
        self, *, member_id: int, village_id: int, service_code: str, people: int,
        day: date, note: str, source_key: str,
    ) -> tuple[LogEntry, bool]:
        """Store a session once; returns it and whether this call created it."""
        if not 1 <= people <= MAX_PEOPLE:
            raise ValueError(f"people out of range: {people}")
        note = " ".join(note.split())[:MAX_NOTE_CHARS]
        created_at = to_iso(self.clock())
        # One statement, one round trip: the insert returns the row, and its triggers update
        # the aggregates within the same (autocommit) statement, so all of it or none is kept.
        rows = await self.db.write_returning(
            "INSERT INTO activity_logs (member_id, village_id, commune_code, service_code,"
            " people, activity_date, note, created_at, source_key)"
            " SELECT ?, v.id, v.commune_code, ?, ?, ?, ?, ?, ? FROM villages v"
            " WHERE v.id = ? ON CONFLICT (source_key) DO NOTHING"
            f" RETURNING {_COLUMNS}",
            (member_id, service_code, people, day.isoformat(), note, created_at,
             source_key, village_id),
        )
        if rows:
            return _entry(rows[0]), True
        existing = await self.by_source_key(source_key)
        if existing is None:
            raise UnknownVillage(village_id)
        return existing, False

    async def month_totals(self, member_id: int, day: date) -> tuple[int, int]:
        """(sessions, people) the member logged in the month of `day`."""
        rows = await self.db.conn.execute_fetchall(
            "SELECT COUNT(*) AS s, COALESCE(SUM(people), 0) AS p FROM activity_logs"
            " WHERE member_id = ? AND activity_date BETWEEN ? AND ? AND deleted_at IS NULL",
            (member_id, day.replace(day=1).isoformat(), day.isoformat()))
        row = next(iter(rows))
        return row["s"], row["p"]

    async def by_source_key(self, source_key: str) -> LogEntry | None:
        row = await self.db.fetchone(
            f"SELECT {_COLUMNS} FROM activity_logs WHERE source_key = ?", (source_key,))
        return _entry(row) if row else None

    async def removable(self, member_id: int, limit: int = 5,
                        offset: int = 0) -> list[LogEntry]:
        """The member's own logs saved in the last UNDO_HOURS hours, newest first (a page of
        `limit` from `offset`)."""
        since = to_iso(self.clock() - timedelta(hours=UNDO_HOURS))
        rows = await self.db.fetchall(
            f"SELECT {_COLUMNS} FROM activity_logs WHERE member_id = ? AND deleted_at IS NULL"
            " AND created_at >= ? ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?",
            (member_id, since, limit, offset),
        )
        return [_entry(row) for row in rows]

    async def remove(self, member_id: int, log_id: int) -> LogEntry | None:
        """Soft-delete one of the member's own recent logs; None when it is not removable."""
        now = self.clock()
        cursor = await self.db.write(
            "UPDATE activity_logs SET deleted_at = ? WHERE id = ? AND member_id = ?"
            " AND deleted_at IS NULL AND created_at >= ?",
            (to_iso(now), log_id, member_id, to_iso(now - timedelta(hours=UNDO_HOURS))),
        )
        if cursor.rowcount != 1:
            return None
        row = await self.db.fetchone(f"SELECT {_COLUMNS} FROM activity_logs WHERE id = ?",
                                     (log_id,))
        return _entry(row)

    async def last_day(self, member_id: int) -> date | None:
        """The latest activity date the member logged (deleted logs excluded)."""
        row = await self.db.fetchone(
            "SELECT MAX(activity_date) AS day FROM activity_logs"
            " WHERE member_id = ? AND deleted_at IS NULL", (member_id,))
        return date.fromisoformat(row["day"]) if row and row["day"] else None

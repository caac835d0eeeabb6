"""Request figures for a scope and a period: opened, taken, closed, median times, not taken in
time, by village (a commune) or by commune (the province). `RequestStats.compute` is the one
function statistics, exports and summaries call."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from activity.dates import Period
from activity.scope import Scope
from core.clock import VIETNAM, from_iso, to_iso
from core.database import Database


@dataclass(frozen=True)
class RequestCounts:
    """Figures of one group of requests; times in hours (None when nothing to measure)."""

    opened: int = 0
    taken: int = 0
    closed: int = 0
    cancelled: int = 0
    overdue: int = 0
    still_open: int = 0
    median_take_hours: float | None = None
    median_close_hours: float | None = None


@dataclass(frozen=True)
class RequestFigures:
    """A scope's requests in a period: the total and one line per village or commune."""

    total: RequestCounts
    rows: list[tuple[str, RequestCounts]] = field(default_factory=list)  # (place name, counts)


def utc_bounds(period: Period) -> tuple[str, str]:
    """The period's local days as a half-open UTC range of stored times."""
    def start_of(day: date) -> str:
        return to_iso(datetime.combine(day, time(0, 0), VIETNAM))

    return start_of(period.start), start_of(period.end + timedelta(days=1))


def counts_of(rows: list) -> RequestCounts:
    take = [_hours(r["created_at"], r["taken_at"]) for r in rows if r["taken_at"]]
    close = [_hours(r["created_at"], r["closed_at"]) for r in rows if r["state"] == "closed"]
    return RequestCounts(
        opened=len(rows),
        taken=sum(1 for r in rows if r["taken_at"]),
        closed=sum(1 for r in rows if r["state"] == "closed"),
        cancelled=sum(1 for r in rows if r["state"] == "cancelled"),
        overdue=sum(1 for r in rows if r["overdue"]),
        still_open=sum(1 for r in rows if r["state"] in ("open", "taken")),
        median_take_hours=statistics.median(take) if take else None,
        median_close_hours=statistics.median(close) if close else None,
    )


def _hours(start: str, end: str) -> float:
    return (from_iso(end) - from_iso(start)).total_seconds() / 3600


class RequestStats:
    """Reads request figures; never returns a text of a request."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def compute(self, scope: Scope, period: Period) -> RequestFigures:
        start, end = utc_bounds(period)
        where = ["r.created_at >= ?", "r.created_at < ?"]
        params: list[object] = [start, end]
        group = None
        if scope.kind == "province":
            group = "c.name"
        elif scope.kind == "commune":
            where.append("r.commune_code = ?")
            params.append(scope.commune_code)
            group = "COALESCE(v.name, '')"
        elif scope.kind == "village":
            where.append("r.village_id = ?")
            params.append(scope.village_id)
        else:
            where.append("r.taken_by = ?")
            params.append(scope.member_id)
        rows = await self.db.fetchall(
            f"SELECT r.created_at, r.taken_at, r.closed_at, r.state, r.overdue,"
            f" {group or 'NULL'} AS place FROM help_requests r"
            " JOIN communes c ON c.code = r.commune_code"
            " LEFT JOIN villages v ON v.id = r.village_id"
            f" WHERE {' AND '.join(where)} ORDER BY place", params)
        by_place: dict[str, list] = {}
        if group is not None:
            for row in rows:
                by_place.setdefault(row["place"], []).append(row)
        lines = sorted(((name, counts_of(found)) for name, found in by_place.items()),
                       key=lambda item: (-item[1].opened, item[0]))
        return RequestFigures(counts_of(rows), lines)

    async def overdue_now(self, commune_code: str | None) -> int:
        """Requests waiting right now past their time (for the weekly summary)."""
        sql = "SELECT COUNT(*) AS n FROM help_requests WHERE state = 'open' AND overdue = 1"
        params: tuple = ()
        if commune_code is not None:
            sql += " AND commune_code = ?"
            params = (commune_code,)
        row = await self.db.fetchone(sql, params)
        return int(row["n"]) if row else 0

"""Statistics of a scope over a period, read from the aggregate tables (provinces and
communes) or from the raw logs (one village, one member, which are small)."""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field

from activity.dates import Period
from activity.scope import PROVINCE, Scope
from core.database import Database

ALL_COMMUNES = "commune_code IN (SELECT code FROM communes)"


@dataclass(frozen=True)
class Count:
    sessions: int = 0
    people: int = 0

    def __add__(self, other: Count) -> Count:
        return Count(self.sessions + other.sessions, self.people + other.people)


@dataclass(frozen=True)
class AreaRow:
    """One commune, village or member in a breakdown, ranked by people helped."""

    key: str
    name: str
    count: Count
    active_members: int = 0
    members: int = 0
    active_teams: int = 0
    teams: int = 0


@dataclass(frozen=True)
class Stats:
    scope: Scope
    period: Period
    previous: Period
    totals: Count
    previous_totals: Count
    by_service: list[tuple[str, Count]]  # service code, ranked by people helped
    area_kind: str | None = None  # commune | village | member: what by_area lists
    by_area: list[AreaRow] = field(default_factory=list)
    active_members: int = 0
    members: int = 0  # approved members in the scope now
    previous_active_members: int = 0
    active_teams: int = 0
    teams: int = 0  # villages with at least one approved member
    inactive_villages: list[tuple[int, str, str]] = field(default_factory=list)  # id, name, commune


def month_masks(period: Period) -> tuple[str, str, int, int]:
    """(first month, last month, days mask of the first, of the last) for activity_member_months:
    bit d-1 of a mask is set for each day d of that month inside the period."""
    def mask(first_day: int, last_day: int) -> int:
        return sum(1 << (day - 1) for day in range(first_day, last_day + 1))

    start, end = period.start, period.end
    first, last = f"{start:%Y-%m}", f"{end:%Y-%m}"
    if first == last:
        both = mask(start.day, end.day)
        return first, last, both, both
    days_in_first = calendar.monthrange(start.year, start.month)[1]
    return first, last, mask(start.day, days_in_first), mask(1, end.day)


def _rank(rows: list[AreaRow]) -> list[AreaRow]:
    return sorted(rows, key=lambda r: (-r.count.people, -r.count.sessions, r.name))


class StatsReader:
    """Answers statistics questions; every query is limited to the scope it is given."""

    def __init__(self, db: Database) -> None:
        self.db = db.heavy  # long queries: a read-only connection with its own thread

    async def compute(self, scope: Scope, period: Period, *, with_members: bool = False) -> Stats:
        """The full statistics reply. `with_members`: a village's breakdown by member."""
        previous = period.previous()
        by_service = await self.by_service(scope, period)
        totals = sum((c for _, c in by_service), Count())
        previous_totals = sum((c for _, c in await self.by_service(scope, previous)), Count())
        stats = Stats(scope, period, previous, totals, previous_totals, by_service)
        if scope.kind == "member":
            return stats
        active_members, active_teams = await self.active(scope, period)
        previous_active, _ = await self.active(scope, previous)
        members, teams = await self._approved(scope)
        area_kind, by_area = None, []
        if scope.kind == "province":
            area_kind, by_area = "commune", await self._by_commune(period)
        elif scope.kind == "commune":
            area_kind, by_area = "village", await self._by_village(scope, period)
        elif with_members:
            area_kind, by_area = "member", await self._by_member(scope, period)
        inactive = [] if scope.kind == "village" else await self._inactive(scope, period)
        return Stats(
            scope, period, previous, totals, previous_totals, by_service, area_kind, by_area,
            active_members, members, previous_active, active_teams, teams, inactive,
        )

    # --- by service ---------------------------------------------------------------------------

    async def by_service(self, scope: Scope, period: Period) -> list[tuple[str, Count]]:
        days = (period.start.isoformat(), period.end.isoformat())
        if scope.kind in ("province", "commune"):
            where, params = self._commune_filter(scope)
            sql = (
                "SELECT service_code, SUM(sessions) AS s, SUM(people) AS p"
                f" FROM activity_commune_days WHERE {where} AND day BETWEEN ? AND ?"
                " GROUP BY service_code"
            )
            values: tuple = (*params, *days)
        elif scope.kind == "village":
            sql = (
                "SELECT service_code, COUNT(*) AS s, SUM(people) AS p FROM activity_logs"
                " WHERE commune_code = ? AND activity_date BETWEEN ? AND ? AND village_id = ?"
                " AND deleted_at IS NULL GROUP BY service_code"
            )
            values = (scope.commune_code, *days, scope.village_id)
        else:
            sql = (
                "SELECT service_code, COUNT(*) AS s, SUM(people) AS p FROM activity_logs"
                " WHERE member_id = ? AND activity_date BETWEEN ? AND ? AND deleted_at IS NULL"
                " GROUP BY service_code"
            )
            values = (scope.member_id, *days)
        rows = await self.db.fetchall(sql, values)
        found = [(r["service_code"], Count(r["s"], r["p"])) for r in rows if r["s"]]
        return sorted(found, key=lambda item: (-item[1].people, -item[1].sessions, item[0]))

    # --- active members and teams -------------------------------------------------------------

    def _member_months(self, scope: Scope, period: Period) -> tuple[str, tuple]:
        """WHERE clause selecting the activity_member_months rows active in the period."""
        first, last, first_mask, last_mask = month_masks(period)
        where, params = self._commune_filter(scope)
        clause = (
            f"{where} AND month BETWEEN ? AND ?"
            " AND (days_mask & CASE month WHEN ? THEN ? WHEN ? THEN ? ELSE -1 END) != 0"
        )
        values = (*params, first, last, first, first_mask, last, last_mask)
        if scope.kind == "village":
            clause += " AND village_id = ?"
            values = (*values, scope.village_id)
        return clause, values

    async def active(self, scope: Scope, period: Period) -> tuple[int, int]:
        """(members, villages) with at least one log in the period."""
        where, params = self._member_months(scope, period)
        row = await self.db.fetchone(
            "SELECT COUNT(DISTINCT member_id) AS m, COUNT(DISTINCT village_id) AS v"
            f" FROM activity_member_months WHERE {where}", params)
        return (row["m"], row["v"]) if row else (0, 0)

    async def _approved(self, scope: Scope) -> tuple[int, int]:
        """(approved members, villages with one) in the scope today."""
        if scope.kind == "province":
            sql, params = ("SELECT COUNT(*) AS m, COUNT(DISTINCT village_id) AS v FROM members"
                           " WHERE status = 'approved'", ())
        elif scope.kind == "commune":
            sql = ("SELECT COUNT(*) AS m, COUNT(DISTINCT m.village_id) AS v FROM members m"
                   " JOIN villages v ON v.id = m.village_id"
                   " WHERE m.status = 'approved' AND v.commune_code = ?")
            params = (scope.commune_code,)
        else:
            sql = ("SELECT COUNT(*) AS m, COUNT(DISTINCT village_id) AS v FROM members"
                   " WHERE status = 'approved' AND village_id = ?")
            params = (scope.village_id,)
        row = await self.db.fetchone(sql, params)
        return (row["m"], row["v"]) if row else (0, 0)

    async def _inactive(self, scope: Scope, period: Period) -> list[tuple[int, str, str]]:
        """Villages with approved members and no log in the period."""
        where, params = self._member_months(scope, period)
        commune_filter, commune_params = "", ()
        if scope.kind == "commune":
            commune_filter, commune_params = " AND v.commune_code = ?", (scope.commune_code,)
        rows = await self.db.fetchall(
            "SELECT v.id, v.name, c.name AS commune FROM villages v"
            " JOIN communes c ON c.code = v.commune_code"
            " WHERE EXISTS (SELECT 1 FROM members m WHERE m.village_id = v.id"
            "               AND m.status = 'approved')"
            f"{commune_filter}"
            " AND v.id NOT IN (SELECT village_id FROM activity_member_months"
            f"                 WHERE {where})"
            " ORDER BY c.folded, v.match_key",
            (*commune_params, *params),
        )
        return [(r["id"], r["name"], r["commune"]) for r in rows]

    # --- breakdowns by area -------------------------------------------------------------------

    async def _by_commune(self, period: Period) -> list[AreaRow]:
        counts = await self.db.fetchall(
            "SELECT commune_code AS k, SUM(sessions) AS s, SUM(people) AS p"
            f" FROM activity_commune_days WHERE {ALL_COMMUNES} AND day BETWEEN ? AND ?"
            " GROUP BY commune_code", (period.start.isoformat(), period.end.isoformat()))
        where, params = self._member_months(PROVINCE, period)
        active = await self.db.fetchall(
            "SELECT commune_code AS k, COUNT(DISTINCT member_id) AS m,"
            f" COUNT(DISTINCT village_id) AS v FROM activity_member_months WHERE {where}"
            " GROUP BY commune_code", params)
        totals = await self.db.fetchall(
            "SELECT v.commune_code AS k, COUNT(*) AS m, COUNT(DISTINCT m.village_id) AS v"
            " FROM members m JOIN villages v ON v.id = m.village_id"
            " WHERE m.status = 'approved' GROUP BY v.commune_code")
        names = await self.db.fetchall("SELECT code, name FROM communes")
        return self._areas(counts, active, totals, {r["code"]: r["name"] for r in names})

    async def _by_village(self, scope: Scope, period: Period) -> list[AreaRow]:
        counts = await self.db.fetchall(
            "SELECT village_id AS k, SUM(sessions) AS s, SUM(people) AS p"
            " FROM activity_village_days WHERE commune_code = ? AND day BETWEEN ? AND ?"
            " GROUP BY village_id",
            (scope.commune_code, period.start.isoformat(), period.end.isoformat()))
        where, params = self._member_months(scope, period)
        active = await self.db.fetchall(
            "SELECT village_id AS k, COUNT(DISTINCT member_id) AS m, 1 AS v"
            f" FROM activity_member_months WHERE {where} GROUP BY village_id", params)
        totals = await self.db.fetchall(
            "SELECT m.village_id AS k, COUNT(*) AS m, 1 AS v FROM members m"
            " JOIN villages v ON v.id = m.village_id"
            " WHERE m.status = 'approved' AND v.commune_code = ? GROUP BY m.village_id",
            (scope.commune_code,))
        names = await self.db.fetchall(
            "SELECT id, name FROM villages WHERE commune_code = ?", (scope.commune_code,))
        return self._areas(counts, active, totals, {str(r["id"]): r["name"] for r in names})

    async def _by_member(self, scope: Scope, period: Period) -> list[AreaRow]:
        counts = await self.db.fetchall(
            "SELECT member_id AS k, COUNT(*) AS s, SUM(people) AS p FROM activity_logs"
            " WHERE commune_code = ? AND activity_date BETWEEN ? AND ? AND village_id = ?"
            " AND deleted_at IS NULL GROUP BY member_id",
            (scope.commune_code, period.start.isoformat(), period.end.isoformat(),
             scope.village_id))
        members = await self.db.fetchall(
            "SELECT id AS k, full_name, status FROM members WHERE village_id = ?"
            " OR id IN (SELECT member_id FROM activity_logs WHERE commune_code = ?"
            "           AND village_id = ? AND activity_date BETWEEN ? AND ?)",
            (scope.village_id, scope.commune_code, scope.village_id,
             period.start.isoformat(), period.end.isoformat()))
        by_id = {str(r["k"]): Count(r["s"], r["p"]) for r in counts}
        rows = [
            AreaRow(str(r["k"]), r["full_name"], by_id.get(str(r["k"]), Count()),
                    int(str(r["k"]) in by_id), int(r["status"] == "approved"))
            for r in members if r["status"] == "approved" or str(r["k"]) in by_id
        ]
        return _rank(rows)

    @staticmethod
    def _areas(counts, active, totals, names: dict[str, str]) -> list[AreaRow]:
        count_of = {str(r["k"]): Count(r["s"], r["p"]) for r in counts}
        active_of = {str(r["k"]): (r["m"], r["v"]) for r in active}
        total_of = {str(r["k"]): (r["m"], r["v"]) for r in totals}
        keys = set(count_of) | set(total_of)
        rows = [
            AreaRow(key, names.get(key, key), count_of.get(key, Count()),
                    *_pair(active_of.get(key), total_of.get(key)))
            for key in keys
        ]
        return _rank(rows)

    @staticmethod
    def _commune_filter(scope: Scope) -> tuple[str, tuple]:
        if scope.kind == "province":
            return ALL_COMMUNES, ()
        return "commune_code = ?", (scope.commune_code,)


def _pair(active: tuple[int, int] | None, total: tuple[int, int] | None) -> tuple[int, ...]:
    active_members, active_teams = active or (0, 0)
    members, teams = total or (0, 0)
    return active_members, members, active_teams, teams

"""Targets per commune or village, indicator and year, and the progress towards them.

The rules (docs/activity.md, "Targets"), each written once here:

- An indicator counts the **people helped** in its services (config.yaml
  `activity.indicators`), from 1 January of the target's year to the last day viewed
  (year to date), counted where the log was made, like every other figure.
- A village's target is the one set for it. A commune's target is the one set for the commune
  as a whole, or, when none is, the sum of its villages' targets. The province's target is the
  sum of its communes' targets. So a coordinator reads the same figure whichever way it is
  summed.
"""

from __future__ import annotations

import calendar
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import aiosqlite

from activity.scope import Scope
from activity.settings import Indicator
from core.database import Database, Reads

WHOLE_COMMUNE = 0  # activity_targets.village_id of a target for the commune as a whole


@dataclass(frozen=True)
class Progress:
    """One indicator of one place: people counted so far this year, and the target (None when
    no target is set)."""

    indicator: Indicator
    achieved: int
    target: int | None

    @property
    def percent(self) -> int | None:
        if not self.target:
            return None
        return round(self.achieved * 100 / self.target)


@dataclass(frozen=True)
class PlaceProgress:
    """A commune or village and its progress on every indicator."""

    key: str  # commune code or village id
    name: str
    commune: str
    progress: tuple[Progress, ...]


@dataclass(frozen=True)
class TargetValue:
    """One value to store: `target` None (or 0) removes the target."""

    commune_code: str
    village_id: int  # WHOLE_COMMUNE for the commune as a whole
    indicator: str
    year: int
    target: int | None


def year_to_date(end: date) -> tuple[date, date]:
    return date(end.year, 1, 1), end


def _month_end(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def split_months(start: date, end: date) -> tuple[list[str], list[tuple[date, date]]]:
    """Whole months inside [start, end] ("2026-03") and the day ranges left at either end."""
    months: list[str] = []
    days: list[tuple[date, date]] = []
    cursor = start
    while cursor <= end:
        last = _month_end(cursor)
        if cursor.day == 1 and last <= end:
            months.append(f"{cursor:%Y-%m}")
        else:
            days.append((cursor, min(last, end)))
        cursor = last + timedelta(days=1)
    return months, days


class TargetStore:
    """Reads and writes activity_targets and computes progress; every read is limited to the
    scope it is given."""

    def __init__(self, db: Database, indicators: Sequence[Indicator]) -> None:
        self.db = db
        self.indicators = tuple(indicators)
        self._by_code = {i.code: i for i in self.indicators}

    def indicator(self, code: str) -> Indicator | None:
        return self._by_code.get(code)

    # --- writing ----------------------------------------------------------------------------

    async def save(self, values: Iterable[TargetValue], *, by: str, now: str) -> int:
        """Store every value in one transaction (all or nothing); how many were written."""
        count = 0
        async with self.db.transaction() as conn:
            for value in values:
                await self._save_one(conn, value, by, now)
                count += 1
        return count

    @staticmethod
    async def _save_one(conn: aiosqlite.Connection, value: TargetValue, by: str, now: str) -> None:
        key = (value.year, value.commune_code, value.village_id, value.indicator)
        await conn.execute(
            "DELETE FROM activity_targets WHERE year = ? AND commune_code = ?"
            " AND village_id = ? AND indicator = ?", key)
        if value.target:
            await conn.execute(
                "INSERT INTO activity_targets (year, commune_code, village_id, indicator,"
                " target, set_at, set_by) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (*key, value.target, now, by))

    # --- reading targets --------------------------------------------------------------------

    @staticmethod
    async def _commune_targets(db: Reads, scope: Scope,
                               year: int) -> dict[str, dict[str, int]]:
        """{commune code: {indicator: target}}: the commune's own target, else the sum of its
        villages' (the rule above, in one aggregate query)."""
        where, params = ("", ()) if scope.kind == "province" else \
            (" AND commune_code = ?", (scope.commune_code,))
        rows = await db.fetchall(
            "SELECT commune_code, indicator, COALESCE("
            f" MAX(CASE WHEN village_id = {WHOLE_COMMUNE} THEN target END),"
            f" SUM(CASE WHEN village_id != {WHOLE_COMMUNE} THEN target END)) AS target"
            f" FROM activity_targets WHERE year = ?{where} GROUP BY commune_code, indicator",
            (year, *params))
        found: dict[str, dict[str, int]] = defaultdict(dict)
        for r in rows:
            found[r["commune_code"]][r["indicator"]] = r["target"]
        return dict(found)

    async def targets(self, scope: Scope, year: int, *,
                      db: Reads | None = None) -> dict[str, int]:
        """{indicator code: target} of the scope for the year (see the rules above)."""
        reader = db or self.db.heavy
        if scope.kind == "member":
            return {}
        if scope.kind == "village":
            rows = await reader.fetchall(
                "SELECT indicator, target FROM activity_targets WHERE year = ?"
                " AND commune_code = ? AND village_id = ?",
                (year, scope.commune_code, scope.village_id))
            return {r["indicator"]: r["target"] for r in rows}
        total: dict[str, int] = defaultdict(int)
        for targets in (await self._commune_targets(reader, scope, year)).values():
            for code, value in targets.items():
                total[code] += value
        return dict(total)

    async def by_area(self, scope: Scope, year: int) -> dict[str, dict[str, int]]:
        """{commune code (province) or village id (commune): {indicator: target}}."""
        if scope.kind == "province":
            return await self._commune_targets(self.db.heavy, scope, year)
        rows = await self.db.heavy.fetchall(
            "SELECT village_id, indicator, target FROM activity_targets WHERE year = ?"
            f" AND commune_code = ? AND village_id != {WHOLE_COMMUNE}",
            (year, scope.commune_code))
        found: dict[str, dict[str, int]] = defaultdict(dict)
        for r in rows:
            found[str(r["village_id"])][r["indicator"]] = r["target"]
        return dict(found)

    async def set_for(self, scope: Scope, year: int) -> dict[str, int]:
        """The targets stored for exactly this commune (as a whole) or village."""
        village = scope.village_id if scope.kind == "village" else WHOLE_COMMUNE
        rows = await self.db.fetchall(
            "SELECT indicator, target FROM activity_targets WHERE year = ? AND commune_code = ?"
            " AND village_id = ?", (year, scope.commune_code, village))
        return {r["indicator"]: r["target"] for r in rows}

    # --- achieved ---------------------------------------------------------------------------

    async def people_by_service(self, scope: Scope, start: date, end: date,
                                group: str | None = None) -> dict[str, dict[str, int]]:
        """{area key ("" without grouping): {service code: people}} over [start, end].
        `group`: "commune" (province or commune scope) or "village" (commune scope)."""
        db = self.db.heavy
        found: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        if scope.kind in ("village", "member") or group == "village":
            column = "member_id" if scope.kind == "member" else "commune_code"
            value = scope.member_id if scope.kind == "member" else scope.commune_code
            where = f"{column} = ? AND activity_date BETWEEN ? AND ? AND deleted_at IS NULL"
            params: tuple = (value, start.isoformat(), end.isoformat())
            if scope.kind == "village":
                where += " AND village_id = ?"
                params = (*params, scope.village_id)
            key = "village_id" if group == "village" else "''"
            rows = await db.fetchall(
                f"SELECT {key} AS k, service_code, SUM(people) AS p FROM activity_logs"
                f" WHERE {where} GROUP BY k, service_code", params)
            for r in rows:
                found[str(r["k"])][r["service_code"]] += r["p"] or 0
            return found
        where = "commune_code IN (SELECT code FROM communes)" if scope.kind == "province" \
            else "commune_code = ?"
        base: tuple = () if scope.kind == "province" else (scope.commune_code,)
        key = "commune_code" if group == "commune" else "''"
        months, days = split_months(start, end)
        queries: list[tuple[str, tuple]] = []
        if months:
            marks = ", ".join("?" * len(months))
            queries.append((
                f"SELECT {key} AS k, service_code, SUM(people) AS p FROM activity_commune_months"
                f" WHERE {where} AND month IN ({marks}) GROUP BY k, service_code",
                (*base, *months)))
        for first, last in days:
            queries.append((
                f"SELECT {key} AS k, service_code, SUM(people) AS p FROM activity_commune_days"
                f" WHERE {where} AND day BETWEEN ? AND ? GROUP BY k, service_code",
                (*base, first.isoformat(), last.isoformat())))
        for sql, params in queries:
            for r in await db.fetchall(sql, params):
                found[str(r["k"])][r["service_code"]] += r["p"] or 0
        return found

    def _progress(self, people: dict[str, int], targets: dict[str, int]) -> tuple[Progress, ...]:
        return tuple(Progress(i, sum(people.get(code, 0) for code in i.services),
                              targets.get(i.code)) for i in self.indicators)

    async def progress(self, scope: Scope, end: date) -> tuple[Progress, ...]:
        """Every indicator of the scope, year to date at `end`; () for a member."""
        if scope.kind == "member" or not self.indicators:
            return ()
        targets = await self.targets(scope, end.year)
        people = (await self.people_by_service(scope, *year_to_date(end))).get("", {})
        return self._progress(people, targets)

    async def progress_by_area(self, scope: Scope, end: date,
                               names: dict[str, tuple[str, str]]) -> list[PlaceProgress]:
        """Per commune (province) or village (commune): progress of every place in `names`
        ({key: (name, commune name)}), in the order of `names`."""
        if scope.kind not in ("province", "commune") or not self.indicators:
            return []
        group = "commune" if scope.kind == "province" else "village"
        targets = await self.by_area(scope, end.year)
        people = await self.people_by_service(scope, *year_to_date(end), group=group)
        return [PlaceProgress(key, name, commune,
                              self._progress(people.get(key, {}), targets.get(key, {})))
                for key, (name, commune) in names.items()]

"""Statistics of a scope over a period, read from the aggregate tables (provinces and
communes) or from the raw logs (one village, one member, which are small).

Two rules make every figure agree with every other (docs/activity.md, "Statistics"):

- A log counts for the village and commune where it was made (`activity_logs.village_id`,
  the member's village when they logged), whatever happens to the member later.
- The members of a place for a period are its *roster*: everyone who was an approved member
  there at any time in the period (`member_stints`), together with everyone who logged
  there in the period. Active members are those who logged, so they are a subset of the
  roster by construction; the same holds for teams (villages), communes and coverage.
"""

from __future__ import annotations

import calendar
from collections import Counter
from dataclasses import dataclass, field

from activity.dates import Period
from activity.scope import Scope
from activity.targets import Progress, TargetStore, split_months
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


ACTIVE, QUIET, NO_TEAM = "active", "quiet", "no_team"


@dataclass(frozen=True)
class PlaceState:
    """A commune or village of a scope and how it stands in the period: ACTIVE (a log),
    QUIET (a roster but no log) or NO_TEAM (no member there at any time in the period)."""

    key: str  # commune code or village id
    name: str
    commune: str  # the commune's name (the place itself for a commune)
    state: str


@dataclass(frozen=True)
class Coverage:
    """Every commune and every known village of a scope, with its state; so active ⊆ with a
    team ⊆ all by construction. Villages exist once a member or an import names them."""

    communes: list[PlaceState] = field(default_factory=list)
    villages: list[PlaceState] = field(default_factory=list)

    @staticmethod
    def _count(places: list[PlaceState], *states: str) -> int:
        return sum(p.state in states for p in places)

    def counts(self, level: str) -> tuple[int, int, int]:
        """(active, with a team, all) communes or villages."""
        places = self.communes if level == "commune" else self.villages
        return (self._count(places, ACTIVE), self._count(places, ACTIVE, QUIET), len(places))

    def listed(self, level: str, state: str) -> list[PlaceState]:
        places = self.communes if level == "commune" else self.villages
        return [p for p in places if p.state == state]


@dataclass(frozen=True)
class Stats:
    scope: Scope
    period: Period
    previous: Period
    totals: Count
    previous_totals: Count
    by_service: list[tuple[str, Count]]  # service code, ranked by people helped
    area_kind: str | None = None  # commune | village | member: what by_area lists
    by_area: list[AreaRow] = field(default_factory=list)  # every area of the scope, ranked
    active_members: int = 0
    members: int = 0  # the roster: members there at any time in the period, or who logged
    previous_active_members: int = 0
    active_teams: int = 0
    teams: int = 0  # villages with a roster in the period
    coverage: Coverage = field(default_factory=Coverage)
    progress: tuple[Progress, ...] = ()  # every indicator, year to date at period.end

    @property
    def inactive_villages(self) -> list[PlaceState]:
        """Villages with a team and no log in the period."""
        return self.coverage.listed("village", QUIET)


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


def rank(rows: list[AreaRow]) -> list[AreaRow]:
    return sorted(rows, key=lambda r: (-r.count.people, -r.count.sessions, r.name, r.key))


def _commune_filter(scope: Scope) -> tuple[str, tuple]:
    if scope.kind == "province":
        return ALL_COMMUNES, ()
    return "commune_code = ?", (scope.commune_code,)


def active_source(scope: Scope, period: Period) -> tuple[str, tuple]:
    """(member_id, village_id, commune_code) of every member who logged in the scope and
    period, from activity_member_months (one row per member, village and month)."""
    first, last, first_mask, last_mask = month_masks(period)
    where, params = _commune_filter(scope)
    sql = (
        "SELECT member_id, village_id, commune_code FROM activity_member_months"
        f" WHERE {where} AND month BETWEEN ? AND ?"
        " AND (days_mask & CASE month WHEN ? THEN ? WHEN ? THEN ? ELSE -1 END) != 0"
    )
    values = (*params, first, last, first, first_mask, last, last_mask)
    if scope.kind == "village":
        sql += " AND village_id = ?"
        values = (*values, scope.village_id)
    return sql, values


def stint_source(scope: Scope, period: Period) -> tuple[str, tuple]:
    """(member_id, village_id, commune_code) of every stay as an approved member in the scope
    that overlaps the period (member_stints)."""
    where, params = _commune_filter(scope)
    sql = (
        "SELECT member_id, village_id, commune_code FROM member_stints"
        f" WHERE {where} AND first_day <= ? AND (last_day IS NULL OR last_day >= ?)"
    )
    values: tuple = (*params, period.end.isoformat(), period.start.isoformat())
    if scope.kind == "village":
        sql += " AND village_id = ?"
        values = (*values, scope.village_id)
    return sql, values


SHIFT = 32  # a (member, village) pair read as one integer: member << 32 | village
VILLAGE_BITS = (1 << SHIFT) - 1


def pairs_source(source: tuple[str, tuple]) -> tuple[str, tuple]:
    """A (member_id, village_id, commune_code) source as one integer per (member, village):
    sets of integers are what Python counts fastest."""
    sql, params = source
    return f"SELECT (member_id << {SHIFT}) | village_id FROM ({sql})", params


def roster_of(stints: set[int], active: set[int]) -> set[int]:
    """The roster of a place for a period: members approved there at any time in the period,
    and members who logged there in it, as (member, village) pairs. The one definition of
    "members of a place for a period"; `active` is a subset of it by construction."""
    return stints | active


@dataclass(frozen=True)
class Tally:
    """Distinct members and villages of a set of (member, village) pairs, in all and per
    commune or village: counted once in Python from rows read once."""

    members: int
    villages: int
    by_commune: dict[str, tuple[int, int]]
    by_village: dict[str, tuple[int, int]]

    @classmethod
    def of(cls, pairs: set[int], commune_of: dict[int, str], *,
           per_village: bool = True) -> Tally:
        """`commune_of`: each village's commune. `per_village`: also count members per
        village (a commune's breakdown; the province needs only which villages appear)."""
        villages = {p & VILLAGE_BITS for p in pairs}
        members = {p >> SHIFT for p in pairs}
        commune_members = Counter(c for c, _ in {
            (commune_of[p & VILLAGE_BITS], p >> SHIFT) for p in pairs})
        commune_villages = Counter(commune_of[v] for v in villages)
        if per_village:
            by_village = {str(v): (n, 1) for v, n in Counter(
                p & VILLAGE_BITS for p in pairs).items()}  # pairs are distinct: n members
        else:
            by_village = {str(v): (0, 1) for v in villages}
        return cls(
            len(members), len(villages),
            {k: (n, commune_villages[k]) for k, n in commune_members.items()}, by_village,
        )


class StatsReader:
    """Answers statistics questions; every query is limited to the scope it is given."""

    def __init__(self, db: Database, targets: TargetStore | None = None) -> None:
        self.db = db.heavy  # long queries: a read-only connection with its own thread
        self.targets = targets

    async def compute(self, scope: Scope, period: Period, *, with_members: bool = False) -> Stats:
        """The full statistics reply. `with_members`: a village's breakdown by member."""
        previous = period.previous()
        by_commune_service = await self._commune_services(scope, period) \
            if scope.kind == "province" else []
        by_service = _ranked_services(by_commune_service) if scope.kind == "province" else \
            await self.by_service(scope, period)
        totals = sum((c for _, c in by_service), Count())
        previous_totals = sum((c for _, c in await self.by_service(scope, previous)), Count())
        stats = Stats(scope, period, previous, totals, previous_totals, by_service)
        if scope.kind == "member":
            return stats
        villages = await self._villages(scope)
        commune_of = {r["id"]: r["commune_code"] for r in villages}
        active_pairs = await self._pairs(active_source(scope, period))
        roster_pairs = roster_of(await self._pairs(stint_source(scope, period)), active_pairs)
        per_village = scope.kind != "province"
        active = Tally.of(active_pairs, commune_of, per_village=per_village)
        roster = Tally.of(roster_pairs, commune_of, per_village=per_village)
        previous_active = await self._members(active_source(scope, previous))
        area_kind, by_area = None, []
        if scope.kind == "province":
            area_kind, by_area = "commune", await self._by_commune(by_commune_service, active,
                                                                   roster)
        elif scope.kind == "commune":
            area_kind, by_area = "village", await self._by_village(scope, period, active,
                                                                    roster)
        elif with_members:
            area_kind, by_area = "member", await self._by_member(scope, period, roster_pairs)
        coverage = await self._coverage(scope, villages, active, roster)
        progress = await self.targets.progress(scope, period.end) if self.targets else ()
        return Stats(
            scope, period, previous, totals, previous_totals, by_service, area_kind, by_area,
            active.members, roster.members, previous_active, active.villages, roster.villages,
            coverage, progress,
        )

    # --- by service ---------------------------------------------------------------------------

    async def by_service(self, scope: Scope, period: Period) -> list[tuple[str, Count]]:
        days = (period.start.isoformat(), period.end.isoformat())
        values: tuple
        if scope.kind in ("province", "commune"):
            return _ranked_services(await self._commune_services(scope, period))
        if scope.kind == "village":
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
        return _ranked_services(await self.db.fetchall(sql, values))

    async def _commune_services(self, scope: Scope, period: Period) -> list:
        """Sessions and people per commune and service (several rows per pair when the period
        has whole months and loose days): whole months from activity_commune_months, the
        days left from activity_commune_days. Read once for both the by-service figures and
        the ranking of communes."""
        where, params = _commune_filter(scope)
        months, days = split_months(period.start, period.end)
        head = "SELECT commune_code AS k, service_code, SUM(sessions) AS s, SUM(people) AS p"
        rows: list = []
        if months:
            marks = ", ".join("?" * len(months))
            rows += await self.db.fetchall(
                f"{head} FROM activity_commune_months WHERE {where} AND month IN ({marks})"
                " GROUP BY commune_code, service_code", (*params, *months))
        for first, last in days:
            rows += await self.db.fetchall(
                f"{head} FROM activity_commune_days WHERE {where} AND day BETWEEN ? AND ?"
                " GROUP BY commune_code, service_code",
                (*params, first.isoformat(), last.isoformat()))
        return rows

    # --- members and teams --------------------------------------------------------------------

    async def active(self, scope: Scope, period: Period) -> tuple[int, int]:
        """(members, villages) with at least one log in the period."""
        pairs = await self._pairs(active_source(scope, period))
        return len({p >> SHIFT for p in pairs}), len({p & VILLAGE_BITS for p in pairs})

    async def _pairs(self, source: tuple[str, tuple]) -> set[int]:
        """The distinct (member, village) pairs of a source, read once."""
        sql, params = pairs_source(source)
        return {r[0] for r in await self.db.fetchall(sql, params)}

    async def _villages(self, scope: Scope) -> list:
        """The villages of the scope with their commune, in the order coverage lists them."""
        params: tuple[object, ...]
        where, params = ("1", ()) if scope.kind == "province" else \
            ("v.commune_code = ?", (scope.commune_code,))
        if scope.kind == "village":
            where, params = "v.id = ?", (scope.village_id,)
        return await self.db.fetchall(
            "SELECT v.id, v.name, v.commune_code, c.name AS commune FROM villages v"
            f" JOIN communes c ON c.code = v.commune_code WHERE {where}"
            " ORDER BY c.folded, v.match_key", params)

    async def _members(self, source: tuple[str, tuple]) -> int:
        """Distinct members of a source, counted by SQLite."""
        sql, params = source
        row = await self.db.fetchone(f"SELECT COUNT(DISTINCT member_id) AS m FROM ({sql})",
                                     params)
        return int(row["m"]) if row else 0

    # --- breakdowns by area -------------------------------------------------------------------

    async def _by_commune(self, commune_services: list, active: Tally,
                          roster: Tally) -> list[AreaRow]:
        sums: dict[str, list[int]] = {}
        for r in commune_services:
            found = sums.setdefault(r["k"], [0, 0])
            found[0] += r["s"]
            found[1] += r["p"]
        counts = [{"k": k, "s": v[0], "p": v[1]} for k, v in sums.items()]
        names = await self.db.fetchall("SELECT code AS k, name FROM communes")
        return self._areas(counts, active.by_commune, roster.by_commune,
                           {r["k"]: r["name"] for r in names})

    async def _by_village(self, scope: Scope, period: Period, active: Tally,
                          roster: Tally) -> list[AreaRow]:
        counts = await self.db.fetchall(
            "SELECT village_id AS k, SUM(sessions) AS s, SUM(people) AS p"
            " FROM activity_village_days WHERE commune_code = ? AND day BETWEEN ? AND ?"
            " GROUP BY village_id",
            (scope.commune_code, period.start.isoformat(), period.end.isoformat()))
        names = await self.db.fetchall(
            "SELECT id, name FROM villages WHERE commune_code = ?", (scope.commune_code,))
        return self._areas(counts, active.by_village, roster.by_village,
                           {str(r["id"]): r["name"] for r in names})

    async def _by_member(self, scope: Scope, period: Period, roster: set[int]) -> list[AreaRow]:
        counts = await self.db.fetchall(
            "SELECT member_id AS k, COUNT(*) AS s, SUM(people) AS p FROM activity_logs"
            " WHERE commune_code = ? AND activity_date BETWEEN ? AND ? AND village_id = ?"
            " AND deleted_at IS NULL GROUP BY member_id",
            (scope.commune_code, period.start.isoformat(), period.end.isoformat(),
             scope.village_id))
        ids = sorted({p >> SHIFT for p in roster})
        marks = ", ".join("?" * len(ids))
        members = await self.db.fetchall(
            f"SELECT id AS k, full_name FROM members WHERE id IN ({marks})", ids) if ids else []
        by_id = {str(r["k"]): Count(r["s"], r["p"]) for r in counts}
        return rank([
            AreaRow(str(r["k"]), r["full_name"], by_id.get(str(r["k"]), Count()),
                    int(str(r["k"]) in by_id), 1, int(str(r["k"]) in by_id), 1)
            for r in members
        ])

    @staticmethod
    def _areas(counts, active: dict, roster: dict, names: dict[str, str]) -> list[AreaRow]:
        """Every area of the scope (those without a team too), ranked by people helped."""
        count_of = {str(r["k"]): Count(r["s"], r["p"]) for r in counts}
        rows = [
            AreaRow(key, name, count_of.get(key, Count()),
                    *_pair(active.get(key), roster.get(key)))
            for key, name in names.items()
        ]
        return rank(rows)

    # --- coverage -----------------------------------------------------------------------------

    async def _coverage(self, scope: Scope, villages: list, active: Tally,
                        roster: Tally) -> Coverage:
        """Communes and villages of the scope: without a team, with a quiet team, active."""
        commune_where, commune_params = ("code IN (SELECT code FROM communes)", ()) \
            if scope.kind == "province" else ("code = ?", (scope.commune_code,))
        communes = await self.db.fetchall(
            f"SELECT code, name FROM communes WHERE {commune_where} ORDER BY folded",
            commune_params)

        def state(tallies: tuple[dict, dict], key: str) -> str:
            if key in tallies[0]:
                return ACTIVE
            return QUIET if key in tallies[1] else NO_TEAM

        by_commune = (active.by_commune, roster.by_commune)
        by_village = (active.by_village, roster.by_village)
        return Coverage(
            [PlaceState(r["code"], r["name"], r["name"], state(by_commune, r["code"]))
             for r in communes],
            [PlaceState(str(r["id"]), r["name"], r["commune"], state(by_village, str(r["id"])))
             for r in villages])


def _ranked_services(rows: list) -> list[tuple[str, Count]]:
    """(service code, count) ranked by people helped, from rows of service_code, s, p (one or
    several rows per service)."""
    sums: dict[str, Count] = {}
    for r in rows:
        if r["s"]:
            sums[r["service_code"]] = sums.get(r["service_code"], Count()) + Count(r["s"], r["p"])
    return sorted(sums.items(), key=lambda item: (-item[1].people, -item[1].sessions, item[0]))


def _pair(active: tuple[int, int] | None, total: tuple[int, int] | None) -> tuple[int, ...]:
    active_members, active_teams = active or (0, 0)
    members, teams = total or (0, 0)
    return active_members, members, active_teams, teams


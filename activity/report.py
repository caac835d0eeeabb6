"""The report pack: one XLSX in a fixed layout a coordinator can forward as it is (summary,
per commune or village, by service, coverage, targets, requests for help), for a month, a
quarter or a year, for one commune or the province. Every figure comes from `Stats` (the
same as /thongke) and from the other features' tables; every cell goes through core/cells."""

from __future__ import annotations

import calendar
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from types import ModuleType

from activity.dates import Period, vn_date
from activity.export import Table, workbook_bytes
from activity.stats import ACTIVE, NO_TEAM, QUIET, Stats
from activity.targets import PlaceProgress
from faq.normalize import fold

KINDS = ("month", "quarter", "year")
_MONTH = re.compile(r"\bthang\s+(\d{1,2})(?:\s*/\s*(\d{4}))?\b")
_QUARTER = re.compile(r"\bquy\s*([1-4])(?:\s*/\s*(\d{4}))?\b")
_YEAR = re.compile(r"\bnam\s+(\d{4})\b")


def period_of(kind: str, year: int, index: int) -> Period:
    """Month `index` (1–12), quarter `index` (1–4) or the year."""
    if kind == "month":
        return Period(date(year, index, 1),
                      date(year, index, calendar.monthrange(year, index)[1]))
    if kind == "quarter":
        first = 3 * (index - 1) + 1
        return Period(date(year, first, 1),
                      date(year, first + 2, calendar.monthrange(year, first + 2)[1]))
    return Period(date(year, 1, 1), date(year, 12, 31))


def previous_complete(kind: str, today: date) -> Period:
    """The last whole month, quarter or year before `today`."""
    if kind == "month":
        year, month = (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)
        return period_of("month", year, month)
    if kind == "quarter":
        quarter = (today.month - 1) // 3
        return period_of("quarter", today.year, quarter) if quarter else \
            period_of("quarter", today.year - 1, 4)
    return period_of("year", today.year - 1, 1)


class ReportPeriodError(ValueError):
    """The typed report period is not a whole period that has ended."""


def read_request(text: str, today: date) -> tuple[str, Period, str]:
    """(kind, period, the rest of the text: a place) from "quý", "năm", "tháng 10",
    "quý 3/2026", "năm 2025 Quảng Phú"; the previous complete month by default."""
    folded = fold(text.replace("/", " / "))
    folded = re.sub(r"\s*/\s*", "/", folded)
    for kind, pattern in (("month", _MONTH), ("quarter", _QUARTER), ("year", _YEAR)):
        match = pattern.search(folded)
        if match is None:
            continue
        if kind == "year":
            year, index = int(match.group(1)), 1
        else:
            index = int(match.group(1))
            year = int(match.group(2)) if match.group(2) else today.year
            if kind == "month" and not 1 <= index <= 12:
                raise ReportPeriodError(text)
        period = period_of(kind, year, index)
        if period.end >= today:
            raise ReportPeriodError(text)
        rest = (folded[:match.start()] + " " + folded[match.end():]).split()
        return kind, period, " ".join(rest)
    words = folded.split()
    kind = "month"
    if words and words[0] in ("quy", "quarter"):
        kind, words = "quarter", words[1:]
    elif words and words[0] in ("nam", "year"):
        kind, words = "year", words[1:]
    elif words and words[0] in ("thang", "month"):
        words = words[1:]
    return kind, previous_complete(kind, today), " ".join(words)


@dataclass
class Pack:
    """What goes into one report pack."""

    stats: Stats
    scope_name: str
    period_name: str
    made_at: str  # local time text
    by_area: list[PlaceProgress] = field(default_factory=list)
    extra_summary: list[tuple[str, object]] = field(default_factory=list)
    extra_tables: list[Table] = field(default_factory=list)
    targets: Table | None = None


def _ratio(part: int, whole: int, unit: str) -> str:
    return f"{part}/{whole} {unit}"


def summary_rows(pack: Pack, t: ModuleType) -> list[tuple[str, object]]:
    stats = pack.stats
    r = t.REPORT_ROWS
    rows: list[tuple[str, object]] = [
        (r["scope"], pack.scope_name),
        (r["period"], pack.period_name),
        (r["dates"], f"{vn_date(stats.period.start)} – {vn_date(stats.period.end)}"),
        (r["made"], pack.made_at),
        ("", ""),
        (r["sessions"], stats.totals.sessions),
        (r["people"], stats.totals.people),
        (r["previous"], f"{stats.previous_totals.sessions} lượt, "
                        f"{stats.previous_totals.people} người"),
        (r["members"], _ratio(stats.active_members, stats.members, t.UNIT_MEMBERS)),
    ]
    if stats.scope.kind == "province":
        active, teams, total = stats.coverage.counts("commune")
        rows += [(r["communes_active"], _ratio(active, total, t.UNIT_COMMUNES_ACTIVE)),
                 (r["communes_quiet"], teams - active),
                 (r["communes_none"], total - teams)]
    active, teams, total = stats.coverage.counts("village")
    rows += [(r["villages_active"], _ratio(active, teams, t.UNIT_VILLAGES_ACTIVE)),
             (r["villages_quiet"], teams - active),
             (r["villages_none"], total - teams)]
    year = stats.period.end.year
    for p in stats.progress:
        value = (f"{p.achieved}/{p.target} ({p.percent}%)" if p.target
                 else f"{p.achieved} ({t.NO_TARGET})")
        rows.append((t.REPORT_TARGET_ROW.format(name=p.indicator.name, year=year), value))
    rows += pack.extra_summary
    rows += [("", ""), (r["definition"], t.FOOTNOTE.removeprefix("ⓘ "))]
    return rows


def area_table(pack: Pack, t: ModuleType) -> Table:
    """Every commune (province) or village (commune) with its figures, state and targets."""
    stats = pack.stats
    level = "commune" if stats.scope.kind == "province" else "village"
    states = {p.key: p.state for p in (stats.coverage.communes if level == "commune"
                                       else stats.coverage.villages)}
    progress = {p.key: p.progress for p in pack.by_area}
    indicators = [p.indicator for p in stats.progress]
    headers = (t.COL_RANK, t.AREA_COLUMN[level], t.COL_SESSIONS, t.COL_PEOPLE,
               t.COL_ACTIVE_MEMBERS, t.COL_MEMBERS, t.COL_STATE,
               *(t.REPORT_COL_PROGRESS.format(code=i.code) for i in indicators))
    rows = []
    for rank, row in enumerate(stats.by_area, start=1):
        cells: list[object] = [rank, row.name, row.count.sessions, row.count.people,
                               row.active_members, row.members,
                               t.STATES[states.get(row.key, NO_TEAM)]]
        for p in progress.get(row.key, ()):
            cells.append(f"{p.achieved}/{p.target}" if p.target else p.achieved)
        rows.append(tuple(cells))
    return Table(t.SHEET_AREAS[level], headers, rows)


def coverage_lists(pack: Pack, t: ModuleType) -> Table:
    """Places by state, the ones to act on first: no team, then quiet, then active."""
    stats = pack.stats
    rows: list[tuple] = []
    for state in (NO_TEAM, QUIET, ACTIVE):
        if stats.scope.kind == "province":
            rows += [(t.STATES[state], t.LEVELS["commune"], p.name, "")
                     for p in stats.coverage.listed("commune", state)]
        rows += [(t.STATES[state], t.LEVELS["village"], p.commune, p.name)
                 for p in stats.coverage.listed("village", state)]
    return Table(t.SHEET_COVERAGE, (t.COL_STATE, t.COL_LEVEL, t.COL_COMMUNE, t.COL_VILLAGE),
                 rows)


def pack_tables(pack: Pack, t: ModuleType, catalog_name) -> list[Table]:
    """The sheets in their fixed order."""
    stats = pack.stats
    tables = [
        Table(t.SHEET_REPORT_SUMMARY, (t.REPORT_TITLE, ""), summary_rows(pack, t)),
        area_table(pack, t),
        Table(t.SHEET_SERVICES, (t.COL_CODE, t.COL_SERVICE, t.COL_SESSIONS, t.COL_PEOPLE),
              [(code, catalog_name(code), c.sessions, c.people)
               for code, c in stats.by_service]),
        coverage_lists(pack, t),
    ]
    if pack.targets is not None:
        tables.append(pack.targets)
    return tables + pack.extra_tables


def pack_bytes(tables: Sequence[Table]) -> bytes:
    """The pack's workbook: wider columns and the header row kept in view."""
    return workbook_bytes(tables, first_width=40, other_width=18, freeze_header=True)

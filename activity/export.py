"""Statistics as files: an XLSX workbook (one sheet per breakdown), the same tables as one CSV,
and the raw logs of a scope and period as CSV (zipped when large)."""

from __future__ import annotations

import csv
import io
import sqlite3
import tempfile
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

from activity.catalog import ServiceCatalog
from activity.dates import Period
from activity.scope import Scope
from activity.stats import Stats
from activity.targets import PlaceProgress, Progress
from core.cells import safe_cell, safe_row
from core.database import Database

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_MIME = "text/csv"
ZIP_MIME = "application/zip"
ZIP_ABOVE_ROWS = 20_000
MAX_RAW_ROWS = 1_000_000


@dataclass(frozen=True)
class Table:
    """One breakdown: a sheet in the workbook, a block in the CSV."""

    title: str
    headers: tuple[str, ...]
    rows: list[tuple]


def stats_tables(stats: Stats, catalog: ServiceCatalog, labels: ModuleType,
                 scope_name: str = "", period_name: str = "") -> list[Table]:
    """The breakdowns of `stats`; `labels` is handlers.activity.texts (column and sheet
    names). Every figure comes from `stats`, so the files say what /thongke says."""
    t = labels
    s = t.SUMMARY_ROWS
    summary = [
        (s["scope"], scope_name or t.SCOPE_LABELS[stats.scope.kind].format(
            name=stats.scope.name, commune=stats.scope.commune_name)),
        (s["period"], period_name or stats.period.dates_text),
        (s["sessions"], stats.totals.sessions),
        (s["people"], stats.totals.people),
        (s["previous_period"], stats.previous.dates_text),
        (s["previous_sessions"], stats.previous_totals.sessions),
        (s["previous_people"], stats.previous_totals.people),
    ]
    if stats.scope.kind != "member":
        summary += [(s["active_members"], stats.active_members), (s["members"], stats.members),
                    (s["active_teams"], stats.active_teams), (s["teams"], stats.teams),
                    (s["villages"], len(stats.coverage.villages))]
    if stats.scope.kind == "province":
        active, teams, total = stats.coverage.counts("commune")
        summary += [(s["active_communes"], active), (s["team_communes"], teams),
                    (s["communes"], total)]
    if stats.scope.kind != "member":
        summary.append((s["definition"], t.FOOTNOTE.removeprefix("ⓘ ")))
    tables = [
        Table(t.SHEET_SUMMARY, (t.COL_NAME, ""), summary),
        Table(t.SHEET_SERVICES, (t.COL_CODE, t.COL_SERVICE, t.COL_SESSIONS, t.COL_PEOPLE),
              [(code, catalog.name(code), c.sessions, c.people) for code, c in stats.by_service]),
    ]
    if stats.area_kind:
        tables.append(Table(
            t.SHEET_AREAS[stats.area_kind],
            (t.COL_RANK, t.AREA_COLUMN[stats.area_kind], t.COL_SESSIONS, t.COL_PEOPLE,
             t.COL_ACTIVE_MEMBERS, t.COL_MEMBERS, t.COL_ACTIVE_TEAMS, t.COL_TEAMS),
            [(rank, r.name, r.count.sessions, r.count.people, r.active_members, r.members,
              r.active_teams, r.teams) for rank, r in enumerate(stats.by_area, start=1)]))
    if stats.scope.kind in ("commune", "province"):
        tables.append(coverage_table(stats, labels))
    return tables


def coverage_table(stats: Stats, labels: ModuleType) -> Table:
    """Every commune (for the province) and every known village with its state."""
    t = labels
    rows = [(t.LEVELS["commune"], p.name, "", t.STATES[p.state])
            for p in stats.coverage.communes] if stats.scope.kind == "province" else []
    rows += [(t.LEVELS["village"], p.commune, p.name, t.STATES[p.state])
             for p in stats.coverage.villages]
    return Table(t.SHEET_COVERAGE, (t.COL_LEVEL, t.COL_COMMUNE, t.COL_VILLAGE, t.COL_STATE), rows)


def targets_table(stats: Stats, by_area: Sequence[PlaceProgress], labels: ModuleType,
                  scope_name: str) -> Table:
    """Progress on every indicator: the scope's total first, then each commune or village
    that has a target (year to date at the period's end)."""
    t = labels

    def rows(place: str, progress: Sequence[Progress], *, all_indicators: bool) -> list[tuple]:
        return [(place, p.indicator.name, p.indicator.code, p.achieved,
                 p.target if p.target else "", p.percent if p.percent is not None else "")
                for p in progress if all_indicators or p.target]

    found = rows(scope_name, stats.progress, all_indicators=True)
    for area in by_area:
        name = area.name if stats.scope.kind == "province" else f"{area.name}, {area.commune}"
        found += rows(name, area.progress, all_indicators=False)
    return Table(t.SHEET_TARGETS, (t.COL_PLACE, t.COL_INDICATOR, t.COL_CODE, t.COL_ACHIEVED,
                                   t.COL_TARGET, t.COL_PERCENT), found)


def workbook_bytes(tables: Sequence[Table], *, first_width: int = 32,
                   other_width: int | None = None, freeze_header: bool = False) -> bytes:
    """The workbook, a sheet a table: a bold header row, column widths set, every cell
    escaped (core/cells); `freeze_header` keeps the header row in view."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    book.remove(book.worksheets[0])
    for table in tables:
        sheet = book.create_sheet(table.title[:31])
        sheet.append(safe_row(table.headers))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in table.rows:
            sheet.append(safe_row(row))
        sheet.column_dimensions["A"].width = first_width
        if other_width is not None:
            for column in "BCDEFGHIJKL":
                sheet.column_dimensions[column].width = other_width
        if freeze_header:
            sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def tables_csv(tables: Sequence[Table], table_column: str) -> bytes:
    """Every table in one CSV; the first column names the table (UTF-8 with BOM for Excel)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for table in tables:
        writer.writerow([table_column, *table.headers])
        writer.writerows(safe_row([table.title, *row]) for row in table.rows)
        writer.writerow([])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _raw_filter(scope: Scope) -> tuple[str, tuple]:
    if scope.kind == "province":  # lets SQLite walk the (commune, date) index per commune
        return " AND l.commune_code IN (SELECT code FROM communes)", ()
    if scope.kind == "commune":
        return " AND l.commune_code = ?", (scope.commune_code,)
    if scope.kind == "village":
        return " AND l.commune_code = ? AND l.village_id = ?", (scope.commune_code,
                                                                  scope.village_id)
    return " AND l.member_id = ?", (scope.member_id,)


async def count_raw(db: Database, scope: Scope, period: Period) -> int:
    """How many logs an export would hold (from the daily aggregates for a commune or more)."""
    days = (period.start.isoformat(), period.end.isoformat())
    if scope.kind in ("province", "commune"):
        where = "commune_code IN (SELECT code FROM communes)" if scope.kind == "province" \
            else "commune_code = ?"
        params = () if scope.kind == "province" else (scope.commune_code,)
        row = await db.heavy.fetchone(
            "SELECT COALESCE(SUM(sessions), 0) AS n FROM activity_commune_days"
            f" WHERE {where} AND day BETWEEN ? AND ?", (*params, *days))
        return row["n"] if row else 0
    where, params = _raw_filter(scope)
    row = await db.heavy.fetchone(
        "SELECT COUNT(*) AS n FROM activity_logs l WHERE l.activity_date BETWEEN ? AND ?"
        f" AND l.deleted_at IS NULL{where}", (*days, *params))
    return row["n"] if row else 0


def _raw_query(scope: Scope, period: Period) -> tuple[str, tuple]:
    where, params = _raw_filter(scope)
    return (
        "SELECT l.id, strftime('%d/%m/%Y', l.activity_date), c.name, v.name, m.full_name,"
        " l.service_code, l.people, l.note, strftime('%d/%m/%Y %H:%M', l.created_at, '+7 hours')"
        " FROM activity_logs l JOIN communes c ON c.code = l.commune_code"
        " JOIN villages v ON v.id = l.village_id JOIN members m ON m.id = l.member_id"
        " WHERE l.activity_date BETWEEN ? AND ? AND l.deleted_at IS NULL"
        f"{where} ORDER BY l.commune_code, l.activity_date, l.id",
        (period.start.isoformat(), period.end.isoformat(), *params))


async def raw_export(db: Database, scope: Scope, period: Period, catalog: ServiceCatalog,
                     headers: Sequence[str], base_name: str) -> tuple[str, bytes, str, int]:
    """The raw logs of the scope and period (no phone numbers; times in Vietnam, UTC+7) as
    (filename, bytes, mime type, rows). Written row by row to a temporary file, zipped when
    large, in the worker process (core/worker_process.py) on a read-only connection of its
    own, so neither villagers' replies (the writing holds Python's GIL) nor the bot's memory
    grow with the export; only the finished file comes back."""
    sql, params = _raw_query(scope, period)
    names = {s.code: s.name for s in catalog.services}
    return await db.read_in_worker(_export_raw, sql, params, names, tuple(headers), base_name)


def _export_raw(conn: sqlite3.Connection, sql: str, params: tuple, names: dict[str, str],
                headers: tuple[str, ...], base_name: str) -> tuple[str, bytes, str, int]:
    """In the worker process: the export as raw_export returns it."""
    with tempfile.TemporaryDirectory(prefix="export-") as folder:
        plain = Path(folder) / f"{base_name}.csv"
        count = _write_raw_csv(plain, conn.execute(sql, params), names, headers)
        if count <= ZIP_ABOVE_ROWS:
            return plain.name, plain.read_bytes(), CSV_MIME, count
        packed = Path(folder) / f"{base_name}.zip"
        with zipfile.ZipFile(packed, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
            archive.write(plain, plain.name)
        return packed.name, packed.read_bytes(), ZIP_MIME, count


def _write_raw_csv(path: Path, rows: Iterable, names: dict[str, str],
                   headers: Sequence[str]) -> int:
    """The rows as CSV (UTF-8 with BOM, for Excel), written as they are read; how many.
    Places, names and services repeat from row to row: each is escaped once."""
    escaped: dict[object, object] = {}

    def safe(value: object) -> object:
        cell = escaped.get(value)
        if cell is None:
            cell = escaped[value] = safe_cell(value)
        return cell

    count = 0

    def cells() -> Iterator[tuple[object, ...]]:
        nonlocal count
        for i, day, commune, village, member, code, people, note, created in rows:
            count += 1
            yield (i, day, safe(commune), safe(village), safe(member), safe(code),
                   safe(names.get(code, code)), people, safe_cell(note), created)

    with path.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(headers)
        writer.writerows(cells())
    return count

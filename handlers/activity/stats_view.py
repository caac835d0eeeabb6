"""How statistics are shown: the text of a reply, its ranking pages and its bar chart."""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from datetime import date

from activity.catalog import ServiceCatalog
from activity.chart import Panel, bar_count, render_png
from activity.dates import Period, vn_date
from activity.scope import Scope
from activity.stats import QUIET, AreaRow, Stats
from activity.targets import Progress
from core.model import Option, OutgoingFile, Reply
from core.worker_process import run_in_worker
from handlers.activity import texts
from handlers.activity.common import number

TOP_LINES = 10  # a ranking shows its top ...
BOTTOM_LINES = 5  # ... and its bottom, when it is longer than both
RANKING_PAGE = 20  # lines per "Xem thêm xếp hạng" page
MAX_PLACE_NAMES = 25


def scope_label(scope: Scope) -> str:
    name = scope.name or (texts.PROVINCE_UNNAMED if scope.kind == "province" else "")
    return texts.SCOPE_LABELS[scope.kind].format(name=name, commune=scope.commune_name)


def period_title(period: Period) -> str:
    """ "tháng này (01/11–18/11/2026)", "tháng 11/2026", "quý 4/2026", "ngày 16/11/2026"."""
    named = texts.PERIOD_NAMES.get(period.name)
    if named:
        return texts.TITLE_DATES.format(name=named, dates=period.dates_text)
    start, end = period.start, period.end
    if start == end:
        return texts.PERIOD_DAY.format(day=vn_date(start))
    last_day = calendar.monthrange(end.year, end.month)[1]
    whole_months = start.day == 1 and end.day == last_day
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    if whole_months and months == 1:
        return texts.PERIOD_MONTH.format(month=start.month, year=start.year)
    if whole_months and months == 3 and start.month % 3 == 1:
        return texts.PERIOD_QUARTER.format(quarter=(start.month + 2) // 3, year=start.year)
    if whole_months and months == 12 and start.month == 1:
        return texts.PERIOD_YEAR.format(year=start.year)
    return texts.PERIOD_RANGE.format(start=vn_date(start), end=vn_date(end))


def change(now: int, before: int) -> str:
    """ "+12 (+25%)", "−3 (−10%)", "+5" when there was nothing before."""
    diff = now - before
    sign = "+" if diff >= 0 else "−"
    text = f"{sign}{number(abs(diff))}"
    if before:
        text += f" ({sign}{abs(diff) * 100 / before:.0f}%)"
    return text


def area_line(stats: Stats, rank: int, row: AreaRow) -> str:
    active = texts.AREA_ACTIVE.format(active=row.active_members, total=row.members) \
        if stats.area_kind != "member" else ""
    return texts.AREA_LINE.format(rank=rank, name=row.name, sessions=number(row.count.sessions),
                                  people=number(row.count.people), active=active)


def ranking_lines(stats: Stats) -> list[str]:
    """The top of the ranking, and its bottom when the list is long (all areas, ranked)."""
    rows = stats.by_area
    if len(rows) <= TOP_LINES + BOTTOM_LINES:
        return [area_line(stats, i, row) for i, row in enumerate(rows, start=1)]
    lines = [area_line(stats, i, row) for i, row in enumerate(rows[:TOP_LINES], start=1)]
    lines.append(texts.AREA_GAP)
    first_bottom = len(rows) - BOTTOM_LINES
    lines += [area_line(stats, first_bottom + i, row)
              for i, row in enumerate(rows[first_bottom:], start=1)]
    return lines


def ranking_page(stats: Stats, offset: int) -> tuple[str, int | None]:
    """One page of the full ranking from `offset` (0-based), and the next offset if any."""
    rows = stats.by_area[offset:offset + RANKING_PAGE]
    last = offset + len(rows)
    lines = [texts.RANKING_HEAD.format(scope=scope_label(stats.scope),
                                       period=period_title(stats.period), first=offset + 1,
                                       last=last, count=len(stats.by_area))]
    lines += [area_line(stats, offset + i, row) for i, row in enumerate(rows, start=1)]
    return "\n".join(lines), (last if last < len(stats.by_area) else None)


def has_more_ranking(stats: Stats) -> bool:
    return len(stats.by_area) > TOP_LINES + BOTTOM_LINES


def _names(places: list, with_commune: bool) -> str:
    names = [f"{p.name} ({p.commune})" if with_commune else p.name
             for p in places[:MAX_PLACE_NAMES]]
    text = ", ".join(names)
    if len(places) > MAX_PLACE_NAMES:
        text += " " + texts.MORE_LINES.format(count=len(places) - MAX_PLACE_NAMES)
    return text


def stats_text(stats: Stats, catalog: ServiceCatalog) -> str:
    lines = [texts.TITLE.format(scope=scope_label(stats.scope),
                                period=period_title(stats.period))]
    totals, before = stats.totals, stats.previous_totals
    lines.append(texts.TOTAL.format(sessions=number(totals.sessions),
                                    people=number(totals.people)))
    lines.append(texts.CHANGE.format(
        dates=stats.previous.dates_text, sessions=change(totals.sessions, before.sessions),
        people=change(totals.people, before.people)))
    if stats.by_service:
        lines += ["", texts.BY_SERVICE]
        lines += [texts.SERVICE_LINE.format(service=catalog.name(code),
                                            sessions=number(c.sessions), people=number(c.people))
                  for code, c in stats.by_service]
    else:
        lines += ["", texts.NO_DATA]
    if stats.area_kind and stats.by_area:
        lines += ["", texts.AREA_HEADINGS[stats.area_kind].format(count=len(stats.by_area))]
        lines += ranking_lines(stats)
    if stats.scope.kind == "member":
        return "\n".join(lines)
    lines += ["", texts.ACTIVE_MEMBERS.format(
        active=number(stats.active_members), total=number(stats.members),
        previous=number(stats.previous_active_members))]
    coverage = stats.coverage
    if stats.scope.kind == "province":
        active, teams, total = coverage.counts("commune")
        lines.append(texts.COVERAGE_COMMUNES.format(
            active=number(active), total=number(total), quiet=number(teams - active),
            none=number(total - teams)))
    if stats.scope.kind in ("province", "commune"):
        active, teams, _ = coverage.counts("village")
        lines.append(texts.COVERAGE_VILLAGES.format(active=number(active), teams=number(teams)))
    if stats.scope.kind == "commune":
        quiet = coverage.listed("village", QUIET)
        if quiet:
            lines.append(texts.INACTIVE.format(count=len(quiet), names=_names(quiet, False)))
        empty = coverage.listed("village", "no_team")
        if empty:
            lines.append(texts.NO_TEAM_VILLAGES.format(count=len(empty),
                                                       names=_names(empty, False)))
    lines += progress_lines(stats.progress, stats.period.end)
    lines.append(texts.FOOTNOTE)
    return "\n".join(lines)


def progress_lines(progress: Sequence[Progress], end: date) -> list[str]:
    """ "🎯 Chỉ tiêu năm 2026 (lũy kế đến 18/11/2026):" and a line per indicator; one line
    saying none is set when no indicator has a target."""
    if not progress:
        return []
    if not any(p.target for p in progress):
        return [texts.PROGRESS_NONE.format(year=end.year)]
    lines = [texts.PROGRESS_HEAD.format(year=end.year, end=vn_date(end))]
    for p in progress:
        if p.target:
            lines.append(texts.PROGRESS_LINE.format(
                name=p.indicator.name, achieved=number(p.achieved), target=number(p.target),
                percent=p.percent))
        else:
            lines.append(texts.PROGRESS_NO_TARGET.format(name=p.indicator.name,
                                                         achieved=number(p.achieved)))
    return lines


def chart_panels(stats: Stats, catalog: ServiceCatalog) -> list[Panel]:
    panels = [Panel(texts.CHART_SERVICES, tuple(
        (catalog.name(code), c.people) for code, c in stats.by_service))]
    if stats.area_kind and stats.by_area:
        panels.append(Panel(texts.CHART_AREAS[stats.area_kind], tuple(
            (row.name, row.count.people) for row in stats.by_area if row.count.people)))
    return panels


async def stats_reply(stats: Stats, catalog: ServiceCatalog, *, head: str = "",
                      options: tuple[Option, ...] = ()) -> list[Reply]:
    """The statistics as text, plus a bar chart when there is more than one bar to draw."""
    text = stats_text(stats, catalog)
    if head:
        text = f"{head}\n{text}"
    panels = chart_panels(stats, catalog)
    if bar_count(panels) <= 1:
        return [Reply(text, options=options)]
    title = f"{scope_label(stats.scope)} — {period_title(stats.period)}"
    png = await run_in_worker(render_png, title, panels)
    image = OutgoingFile(f"thongke-{stats.period.start:%Y%m%d}.png", png, "image/png")
    return [Reply(text, options=options, image=image)]

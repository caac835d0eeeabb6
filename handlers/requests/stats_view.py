"""Request figures in /thongke, its exports and the weekly summary: the one place the
statistics feature calls (`RequestSection`, added to StatsHandlers.sections)."""

from __future__ import annotations

from activity.dates import Period
from activity.export import Table
from activity.scope import Scope
from core.model import Reply
from handlers.requests import texts
from help_requests.stats import RequestCounts, RequestStats

MAX_ROWS = 20


def hours_text(value: float | None) -> str:
    if value is None:
        return texts.NO_VALUE
    shown = f"{value:.1f}".replace(".", ",").removesuffix(",0")
    return texts.HOURS.format(value=shown)


class RequestSection:
    """Opened, taken, closed, median times and requests not taken in time, for a scope."""

    def __init__(self, stats: RequestStats) -> None:
        self.stats = stats

    async def reply(self, scope: Scope, period: Period) -> Reply | None:
        figures = await self.stats.compute(scope, period)
        total = figures.total
        if total.opened == 0:
            return Reply(texts.STATS_NONE.format(dates=period.dates_text))
        lines = [texts.STATS_HEAD.format(dates=period.dates_text),
                 texts.STATS_TOTAL.format(**_counts(total)),
                 texts.STATS_TIMES.format(take=hours_text(total.median_take_hours),
                                          close=hours_text(total.median_close_hours),
                                          overdue=total.overdue)]
        lines += [texts.STATS_ROW.format(place=place or texts.NO_VILLAGE_NAME, **_counts(c))
                  for place, c in figures.rows[:MAX_ROWS]]
        return Reply("\n".join(lines))

    async def tables(self, scope: Scope, period: Period) -> list[Table]:
        figures = await self.stats.compute(scope, period)
        rows = [_row(place or texts.NO_VILLAGE_NAME, c) for place, c in figures.rows]
        rows.append(_row(texts.SHEET_TOTAL, figures.total))
        return [Table(texts.SHEET_REQUESTS, texts.SHEET_COLUMNS, rows)]

    async def summary(self, scope: Scope, period: Period) -> list[tuple[str, object]]:
        """Rows for the summary sheet of a report pack."""
        total = (await self.stats.compute(scope, period)).total
        s = texts.REPORT_SUMMARY
        return [(s["opened"], total.opened), (s["closed"], total.closed),
                (s["still_open"], total.still_open), (s["overdue"], total.overdue)]

    async def weekly_note(self, commune_code: str | None) -> str:
        count = await self.stats.overdue_now(commune_code)
        return texts.WEEKLY_OVERDUE.format(count=count) if count else ""


def _counts(c: RequestCounts) -> dict:
    return dict(opened=c.opened, taken=c.taken, closed=c.closed, cancelled=c.cancelled,
                still_open=c.still_open, overdue=c.overdue)


def _row(place: str, c: RequestCounts) -> tuple:
    def rounded(value: float | None) -> float | str:
        return round(value, 1) if value is not None else ""

    return (place, c.opened, c.taken, c.closed, c.cancelled, c.still_open, c.overdue,
            rounded(c.median_take_hours), rounded(c.median_close_hours))

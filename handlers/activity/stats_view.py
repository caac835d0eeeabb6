"""How statistics are shown: the text of a reply and its bar chart."""

from __future__ import annotations

import asyncio

from activity.catalog import ServiceCatalog
from activity.chart import Panel, bar_count, render_png
from activity.scope import Scope
from activity.stats import Stats
from core.model import Option, OutgoingFile, Reply
from handlers.activity import stats_texts as texts
from handlers.activity.common import number

MAX_AREA_LINES = 20
MAX_INACTIVE_NAMES = 25


def scope_label(scope: Scope) -> str:
    return texts.SCOPE_LABELS[scope.kind].format(name=scope.name, commune=scope.commune_name)


def period_label(stats: Stats) -> str:
    return texts.PERIOD_NAMES.get(stats.period.name, "")


def change(now: int, before: int) -> str:
    """ "+12 (+25%)", "−3 (−10%)", "+5" when there was nothing before."""
    diff = now - before
    sign = "+" if diff >= 0 else "−"
    text = f"{sign}{number(abs(diff))}"
    if before:
        text += f" ({sign}{abs(diff) * 100 / before:.0f}%)"
    return text


def stats_text(stats: Stats, catalog: ServiceCatalog) -> str:
    name = period_label(stats)
    lines = [texts.TITLE.format(scope=scope_label(stats.scope), period=name or "kỳ",
                                dates=stats.period.dates_text)]
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
        lines += ["", texts.AREA_HEADINGS[stats.area_kind]]
        for rank, row in enumerate(stats.by_area[:MAX_AREA_LINES], start=1):
            active = texts.AREA_ACTIVE.format(active=row.active_members, total=row.members) \
                if stats.area_kind != "member" else ""
            lines.append(texts.AREA_LINE.format(
                rank=rank, name=row.name, sessions=number(row.count.sessions),
                people=number(row.count.people), active=active))
        if len(stats.by_area) > MAX_AREA_LINES:
            lines.append(texts.MORE_LINES.format(count=len(stats.by_area) - MAX_AREA_LINES))
    if stats.scope.kind != "member":
        lines += ["", texts.ACTIVE_MEMBERS.format(
            active=number(stats.active_members), total=number(stats.members),
            previous=number(stats.previous_active_members))]
        lines.append(texts.ACTIVE_TEAMS.format(active=number(stats.active_teams),
                                               total=number(stats.teams)))
    if stats.inactive_villages:
        names = [_village_name(stats, v) for v in stats.inactive_villages[:MAX_INACTIVE_NAMES]]
        text = ", ".join(names)
        if len(stats.inactive_villages) > MAX_INACTIVE_NAMES:
            text += " " + texts.MORE_LINES.format(
                count=len(stats.inactive_villages) - MAX_INACTIVE_NAMES)
        lines.append(texts.INACTIVE.format(count=len(stats.inactive_villages), names=text))
    return "\n".join(lines)


def _village_name(stats: Stats, village: tuple[int, str, str]) -> str:
    _, name, commune = village
    return name if stats.scope.kind == "commune" else f"{name} ({commune})"


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
    title = f"{scope_label(stats.scope)} — {stats.period.dates_text}"
    png = await asyncio.to_thread(render_png, title, panels)
    image = OutgoingFile(f"thongke-{stats.period.start:%Y%m%d}.png", png, "image/png")
    return [Reply(text, options=options, image=image)]

"""/baocao: the report pack of a month, quarter or year (the previous complete one by default),
for the coordinator's commune or the province; the scheduler sends the same pack on the 1st."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime

from activity import report
from activity.dates import Period
from activity.export import XLSX_MIME, targets_table
from activity.report import ReportPeriodError
from activity.scope import Scope, can_see
from core.clock import local_text
from core.model import Incoming, OutgoingFile, Reply
from core.roles import Role
from core.router import CommandSpec, Context, Router
from core.worker_process import run_in_worker
from faq.normalize import fold
from handlers.activity import texts
from handlers.activity.common import ActivityServices, local_today
from handlers.activity.stats import StatsSection
from handlers.activity.stats_view import period_title, scope_label

log = logging.getLogger(__name__)


class ReportHandlers:
    """Builds report packs; `sections` are the other features' figures (requests)."""

    def __init__(self, services: ActivityServices, sections: Sequence[StatsSection]) -> None:
        self.s = services
        self.sections = sections

    def register(self, router: Router) -> None:
        router.command(CommandSpec("baocao", self.command, texts.COMMAND_DESCRIPTIONS["baocao"],
                                   aliases=("reportpack",), min_role=Role.COMMUNE_COORDINATOR,
                                   private_only=True))

    async def command(self, ctx: Context, msg: Incoming) -> list[Reply]:
        """ "/baocao", "/baocao quý", "/baocao năm 2025", "/baocao tháng 10 Quảng Phú"."""
        try:
            kind, period, rest = report.read_request(msg.args, local_today(ctx.clock()))
        except ReportPeriodError:
            return [Reply(texts.REPORT_PERIOD_ERROR)]
        own = await self.s.scopes.default(ctx.principal)
        if own is None:
            return [Reply(texts.NO_SCOPE)]
        scope = own
        if fold(rest):
            found = [m for m in await self.s.scopes.search(rest, ctx.principal)
                     if m.kind in ("commune", "province")]
            if len(found) != 1:
                return [Reply(texts.REPORT_WHICH.format(text=rest[:40]))]
            if not can_see(ctx.principal, found[0]):
                return [Reply(texts.SCOPE_FORBIDDEN.format(own=scope_label(own)))]
            scope = found[0]
        log.info("report pack %s %s for %s", kind, period.start, scope.key)
        return [await self.pack(scope, kind, period, ctx.clock(), texts.REPORT_READY)]

    async def pack(self, scope: Scope, kind: str, period: Period, now: datetime,
                   head: str) -> Reply:
        """One report pack as a reply with its XLSX. Statistics run on the heavy reader, the
        workbook in a worker thread: the event loop only waits."""
        stats = await self.s.stats.compute(scope, period)
        scope_name = scope_label(scope)
        title = period_title(period)
        pack = report.Pack(stats, scope_name, title,
                           local_text(now))
        if stats.progress:
            level = stats.coverage.communes if scope.kind == "province" \
                else stats.coverage.villages
            names = {p.key: (p.name, p.commune) for p in level}
            pack.by_area = await self.s.targets.progress_by_area(scope, period.end, names)
            pack.targets = targets_table(stats, pack.by_area, texts, scope_name)
        for section in self.sections:
            pack.extra_summary += await section.summary(scope, period)
            pack.extra_tables += await section.tables(scope, period)
        tables = report.pack_tables(pack, texts, self.s.catalog.name)
        data = await run_in_worker(report.pack_bytes, tables)
        name = f"baocao-{scope.key.replace(':', '')}-{kind}-{period.start:%Y%m%d}.xlsx"
        text = head.format(period=title, scope=scope_name)
        return Reply(text, file=OutgoingFile(name, data, XLSX_MIME))

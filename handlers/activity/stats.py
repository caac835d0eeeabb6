"""/thongke and /xuat: statistics of a scope over a period, never outside the asker's area."""

from __future__ import annotations

import asyncio
import logging
from typing import Protocol

from activity import export
from activity.dates import DateInputError, Period, find_period, named_period, period_from_key
from activity.export import Table
from activity.scope import Scope, can_see, sees_members
from activity.settings import MAX_RANGE_DAYS
from activity.stats import Stats
from core.dialogs import Payload, payload
from core.model import Incoming, Option, OutgoingFile, Reply
from core.paging import Page
from core.roles import Principal, Role
from core.router import CommandSpec, Context, Router
from core.worker_process import run_in_worker
from faq.normalize import fold
from handlers.activity import texts
from handlers.activity.common import ActivityServices, local_today
from handlers.activity.stats_view import (
    has_more_ranking,
    period_title,
    ranking_page,
    scope_label,
    stats_reply,
)

log = logging.getLogger(__name__)

PREFIX = "tk"
RANKING_PREFIX = "tkr"
PICK_PREFIX = "tkp"
PICK_PAGE = 6  # places per screen of a pick list
PICK_TEXT_CHARS = 30  # of the typed name kept in the "Xem thêm" payload (Telegram: 64 bytes)
EXPORT_PREFIX = "xuat"
SELF_WORDS = ("toi", "ca nhan", "cua toi", "minh", "me")
DEFAULT_PERIOD = "thang_nay"


class ScopeProblem(Exception):
    """The typed scope cannot be used; carries the reply."""

    def __init__(self, reply: Reply) -> None:
        super().__init__(reply.text)
        self.reply = reply


class StatsSection(Protocol):
    """Another feature's figures shown with the statistics (requests for help, issue 12)."""

    async def reply(self, scope: Scope, period: Period) -> Reply | None: ...

    async def tables(self, scope: Scope, period: Period) -> list[export.Table]: ...

    async def summary(self, scope: Scope, period: Period) -> list[tuple[str, object]]: ...


class StatsHandlers:
    """Statistics for members (themselves, their village) and coordinators (their area)."""

    def __init__(self, services: ActivityServices) -> None:
        self.s = services
        self.sections: list[StatsSection] = []  # added by other features, shown after ours

    def register(self, router: Router) -> None:
        d = texts.COMMAND_DESCRIPTIONS
        router.command(CommandSpec("thongke", self.stats, d["thongke"], aliases=("stats",),
                                   min_role=Role.MEMBER))
        router.command(CommandSpec("xuat", self.export, d["xuat"], aliases=("report",),
                                   min_role=Role.MEMBER, private_only=True))
        router.button(PREFIX, self.stats_pressed)
        router.button(EXPORT_PREFIX, self.export_pressed, private_only=True)
        router.button(RANKING_PREFIX, self.ranking_pressed)
        router.button(PICK_PREFIX, self.pick_pressed)

    # --- reading the request ------------------------------------------------------------------

    async def request(self, ctx: Context, args: str) -> tuple[Period, Scope]:
        """Period and scope from "/thongke tháng trước Quảng Phú"; ScopeProblem otherwise."""
        today = local_today(ctx.clock())
        try:
            period, rest = find_period(args, today)
        except DateInputError as error:
            raise ScopeProblem(Reply(texts.PERIOD_ERRORS[error.reason].format(
                max=MAX_RANGE_DAYS))) from None
        if rest[:1] in ("-", "–", "—"):  # "1/1-x": a range with a broken end
            raise ScopeProblem(Reply(texts.PERIOD_ERRORS["malformed"]))
        shown = rest if period else args  # as typed, with its diacritics, when possible
        period = period or named_period(DEFAULT_PERIOD, today)
        return period, await self.scope(ctx.principal, shown, period)

    async def scope(self, principal: Principal, text: str, period: Period) -> Scope:
        own = await self.s.scopes.default(principal)
        if own is None:
            raise ScopeProblem(Reply(texts.NO_SCOPE))
        folded = fold(text)
        if not folded:
            return own
        if folded in SELF_WORDS and principal.member_id is not None:
            found = await self.s.scopes.member(principal.member_id)
            if found is not None:
                return found
        matches = await self.s.scopes.search(text, principal)
        if not matches:
            raise ScopeProblem(Reply(texts.SCOPE_NOT_FOUND.format(text=text.strip()[:40])))
        allowed = [m for m in matches if can_see(principal, m)]
        if not allowed:
            log.info("statistics outside scope refused for role %s", principal.role.name)
            raise ScopeProblem(Reply(texts.SCOPE_FORBIDDEN.format(own=scope_label(own))))
        if len(allowed) > 1:
            raise ScopeProblem(self.pick(allowed, text, period, 0))
        return allowed[0]

    @staticmethod
    def pick(places: list[Scope], text: str, period: Period, offset: int) -> Reply:
        """Which of several places: a page of them, and "Xem thêm" while more are left."""
        page = Page.of(places, offset, PICK_PAGE)
        options = [Option(scope_label(m), payload(PREFIX, period.key, m.key)) for m in page.items]
        options += page.more(lambda next_offset: payload(
            PICK_PREFIX, next_offset, period.key, fold(text)[:PICK_TEXT_CHARS]))
        kinds = {m.kind for m in places}
        head = texts.SCOPE_PICK_VILLAGE if kinds == {"village"} else texts.SCOPE_PICK
        return Reply(head.format(text=text.strip()[:40], count=len(places)),
                     options=tuple(options))

    async def pick_pressed(self, ctx: Context, msg: Incoming) -> list[Reply]:
        """ "tkp:6:thang_nay:hoang": the next page of places matching what was typed."""
        read = Payload.parse(msg.payload)
        offset, text = read.part(0), read.rest(2)
        try:
            period = period_from_key(read.part(1), local_today(ctx.clock()))
        except DateInputError:
            period = None
        if not offset.isdigit() or period is None or not text:
            return [Reply(texts.SCOPE_FORBIDDEN.format(own=await self._own_label(ctx)))]
        matches = await self.s.scopes.search(text, ctx.principal)
        allowed = [m for m in matches if can_see(ctx.principal, m)]
        return [self.pick(allowed, text, period, int(offset))]

    async def from_payload(self, ctx: Context, pressed: str) -> tuple[Period, Scope] | None:
        """ "tk:thang_nay:c:26734" → the period and scope, if the asker may still see it."""
        read = Payload.parse(pressed)
        period_key, scope_key = read.part(0), read.rest(1)
        try:
            period = period_from_key(period_key, local_today(ctx.clock()))
        except DateInputError:
            return None
        scope = await self.s.scopes.from_key(scope_key)
        if scope is None or not can_see(ctx.principal, scope):
            return None
        return period, scope

    # --- /thongke ---------------------------------------------------------------------------

    async def stats(self, ctx: Context, msg: Incoming) -> list[Reply]:
        try:
            period, scope = await self.request(ctx, msg.args)
        except ScopeProblem as problem:
            return [problem.reply]
        return await self.show(ctx, period, scope, private=msg.is_private)

    async def stats_pressed(self, ctx: Context, msg: Incoming) -> list[Reply]:
        found = await self.from_payload(ctx, msg.payload or "")
        if found is None:
            return [Reply(texts.SCOPE_FORBIDDEN.format(own=await self._own_label(ctx)))]
        return await self.show(ctx, *found, private=msg.is_private)

    async def show(self, ctx: Context, period: Period, scope: Scope, *,
                   private: bool = True) -> list[Reply]:
        """The statistics reply. In a group chat no member's name is shown: a village's
        figures come without the breakdown by member, and one member's figures not at all."""
        if not private and scope.kind == "member":
            return [Reply(texts.NAMES_PRIVATE_ONLY)]
        with_members = private and sees_members(ctx.principal, scope)
        stats = await self.s.stats.compute(scope, period, with_members=with_members)
        options = [Option(label, payload(PREFIX, key, scope.key))
                   for key, label in texts.OPTION_PERIODS.items() if key != period.name]
        if has_more_ranking(stats):
            options.insert(0, Option(texts.OPTION_RANKING,
                                     payload(RANKING_PREFIX, 0, period.key, scope.key)))
        options.append(Option(texts.OPTION_EXPORT, payload(EXPORT_PREFIX, period.key, scope.key)))
        replies = await stats_reply(stats, self.s.catalog, options=tuple(options))
        if not private and sees_members(ctx.principal, scope):
            replies.append(Reply(texts.MEMBERS_IN_PRIVATE))
        for section in self.sections:
            extra = await section.reply(scope, period)
            if extra is not None:
                replies.append(extra)
        return replies

    async def ranking_pressed(self, ctx: Context, msg: Incoming) -> list[Reply]:
        """ "tkr:20:thang_nay:p": the full ranking, a page at a time ("Xem thêm")."""
        read = Payload.parse(msg.payload)
        offset_text = read.part(0)
        found = await self.from_payload(ctx, payload(PREFIX, read.rest(1))) \
            if offset_text.isdigit() else None
        if found is None:
            return [Reply(texts.SCOPE_FORBIDDEN.format(own=await self._own_label(ctx)))]
        period, scope = found
        stats = await self.s.stats.compute(scope, period)
        text, next_offset = ranking_page(stats, int(offset_text))
        options: tuple[Option, ...] = ()
        if next_offset is not None:
            options = (Option(texts.OPTION_RANKING,
                              payload(RANKING_PREFIX, next_offset, period.key, scope.key)),)
        return [Reply(text, options=options)]

    async def _own_label(self, ctx: Context) -> str:
        own = await self.s.scopes.default(ctx.principal)
        return scope_label(own) if own else "-"

    # --- /xuat ------------------------------------------------------------------------------

    async def export(self, ctx: Context, msg: Incoming) -> list[Reply]:
        try:
            period, scope = await self.request(ctx, msg.args)
        except ScopeProblem as problem:
            if problem.reply.options:  # several places: pick, then export
                return [problem.reply.with_options(tuple(
                    Option(o.label, payload(EXPORT_PREFIX, *Payload.parse(o.payload).parts))
                    if Payload.parse(o.payload).prefix == PREFIX else o
                    for o in problem.reply.options))]
            return [problem.reply]
        return await self.files(ctx, period, scope)

    async def export_pressed(self, ctx: Context, msg: Incoming) -> list[Reply]:
        if not msg.is_private:
            return [Reply(texts.SCOPE_FORBIDDEN.format(own=await self._own_label(ctx)))]
        found = await self.from_payload(ctx, msg.payload or "")
        if found is None:
            return [Reply(texts.SCOPE_FORBIDDEN.format(own=await self._own_label(ctx)))]
        return await self.files(ctx, *found)

    async def files(self, ctx: Context, period: Period, scope: Scope) -> list[Reply]:
        """XLSX + CSV of the statistics; the raw logs too for coordinators (read at the same
        time, on their own connection)."""
        base = f"thongke-{scope.key.replace(':', '')}-{period.start:%Y%m%d}-{period.end:%Y%m%d}"
        raw = None
        if ctx.principal.role >= Role.COMMUNE_COORDINATOR:
            raw = asyncio.ensure_future(self._raw(period, scope, base))
        try:
            stats = await self.s.stats.compute(scope, period,
                                               with_members=sees_members(ctx.principal, scope))
            tables = export.stats_tables(stats, self.s.catalog, texts, scope_label(scope),
                                         period_title(period))
            if stats.progress:
                tables.append(await self.targets_table(stats))
            for section in self.sections:
                tables += await section.tables(scope, period)
            xlsx = await run_in_worker(export.workbook_bytes, tables)
        except BaseException:
            if raw is not None:
                raw.cancel()
            raise
        csv_data = export.tables_csv(tables, texts.COL_TABLE)
        replies = [
            Reply(texts.EXPORT_DONE.format(scope=scope_label(scope), dates=period.dates_text),
                  file=OutgoingFile(f"{base}.xlsx", xlsx, export.XLSX_MIME)),
            Reply(file=OutgoingFile(f"{base}.csv", csv_data, export.CSV_MIME)),
        ]
        if raw is not None:
            replies.append(await raw)
        return replies

    async def targets_table(self, stats: Stats) -> Table:
        """The "Chỉ tiêu" sheet: the scope's progress, then each commune or village's."""
        level = "commune" if stats.scope.kind == "province" else "village"
        places = stats.coverage.communes if level == "commune" else stats.coverage.villages
        names = {p.key: (p.name, p.commune) for p in places}
        by_area = await self.s.targets.progress_by_area(stats.scope, stats.period.end, names)
        return export.targets_table(stats, by_area, texts, scope_label(stats.scope))

    async def _raw(self, period: Period, scope: Scope, base: str) -> Reply:
        count = await export.count_raw(self.s.db, scope, period)
        if count > export.MAX_RAW_ROWS:
            return Reply(texts.EXPORT_RAW_TOO_MANY.format(count=count))
        name, data, mime, rows = await export.raw_export(
            self.s.db, scope, period, self.s.catalog, texts.RAW_COLUMNS, f"nhatky-{base[8:]}")
        return Reply(texts.EXPORT_RAW.format(count=rows), file=OutgoingFile(name, data, mime))

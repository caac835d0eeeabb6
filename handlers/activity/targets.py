"""/chitieu, /mauchitieu and /nhapchitieu: targets per commune or village, indicator and year.

Who sets what (docs/activity.md, "Targets"): province coordinators and admins any commune (as a
whole) or village; a commune coordinator the villages of their own commune, not the commune's
own target (that is the province's to set). Everyone from a commune coordinator up reads the
targets and progress of their scope.
"""

from __future__ import annotations

import logging
import re

from activity.scope import Scope, can_see
from activity.target_sheet import (
    MAX_TARGET,
    MAX_YEAR,
    MIN_YEAR,
    Places,
    read_number,
    read_upload,
    template_bytes,
)
from activity.targets import WHOLE_COMMUNE, TargetValue
from core.clock import to_iso
from core.dialogs import Dialog
from core.model import Incoming, OutgoingFile, Reply
from core.roles import Principal, Role
from core.router import CommandSpec, Context, Router
from faq.normalize import fold
from handlers.activity import texts
from handlers.activity.common import ActivityServices, local_today, number
from handlers.activity.stats_view import progress_lines, scope_label
from members.spreadsheet import XLSX_MIME, FileRefused, read_table

log = logging.getLogger(__name__)
IMPORT_DIALOG = "targets_import"
MAX_PROBLEM_LINES = 20
_YEAR = re.compile(r"\bnam\s+(\d{4})\b")


def may_set(principal: Principal, commune_code: str, village_id: int) -> bool:
    """The one rule of who may set a target (see the module docstring)."""
    if principal.role >= Role.PROVINCE_COORDINATOR:
        return True
    return (principal.role == Role.COMMUNE_COORDINATOR and village_id != WHOLE_COMMUNE
            and principal.commune_code == commune_code)


class TargetHandlers:
    """Setting targets by command or spreadsheet, and reading them."""

    def __init__(self, services: ActivityServices) -> None:
        self.s = services

    def register(self, router: Router) -> None:
        d = texts.COMMAND_DESCRIPTIONS
        coordinator = Role.COMMUNE_COORDINATOR
        router.command(CommandSpec("chitieu", self.targets, d["chitieu"], aliases=("targets",),
                                   min_role=coordinator))
        router.command(CommandSpec("mauchitieu", self.template, d["mauchitieu"],
                                   aliases=("targettemplate",), min_role=coordinator))
        router.command(CommandSpec("nhapchitieu", self.start_import, d["nhapchitieu"],
                                   aliases=("importtargets",), min_role=coordinator,
                                   private_only=True))
        router.dialog(IMPORT_DIALOG, self.import_step, prefix="tgi", private_only=True)

    def _codes(self) -> str:
        return "\n".join(texts.TARGET_CODE_LINE.format(code=i.code, name=i.name)
                         for i in self.s.targets.indicators)

    # --- /chitieu ---------------------------------------------------------------------------

    async def targets(self, ctx: Context, msg: Incoming) -> list[Reply]:
        """No arguments: progress of the asker's scope and how to set; otherwise
        "/chitieu vneid 1200 Quảng Phú [năm 2027]"."""
        words = msg.args.split()
        today = local_today(ctx.clock())
        if not words:
            return await self._overview(ctx)
        indicator = self.s.targets.indicator(fold(words[0]))
        if indicator is None:
            return [Reply(texts.TARGET_UNKNOWN.format(text=words[0][:20], codes=self._codes()))]
        limit = number(MAX_TARGET)
        value = read_number(words[1]) if len(words) > 1 else None
        if value is None or value > MAX_TARGET:
            return [Reply(texts.TARGET_NOT_NUMBER.format(limit=limit))]
        rest = " ".join(words[2:])
        year = today.year
        match = _YEAR.search(fold(rest))
        if match:
            year = int(match.group(1))
            rest = _YEAR.sub(" ", fold(rest)).strip()
            if not MIN_YEAR <= year <= MAX_YEAR:
                return [Reply(texts.TARGET_YEAR_RANGE.format(first=MIN_YEAR, last=MAX_YEAR))]
        found = await self._place(ctx.principal, rest)
        if isinstance(found, Reply):
            return [found]
        village = found.village_id if found.kind == "village" else WHOLE_COMMUNE
        assert found.commune_code is not None
        await self.s.targets.save(
            [TargetValue(found.commune_code, village or WHOLE_COMMUNE, indicator.code, year,
                         value or None)],
            by=f"{msg.sender.platform}:{msg.sender.user_id}", now=to_iso(ctx.clock()))
        log.info("target %s %d set for %s by role %s", indicator.code, year, found.key,
                 ctx.principal.role.name)
        place = scope_label(found)
        if not value:
            return [Reply(texts.TARGET_REMOVED.format(year=year, name=indicator.name,
                                                      place=place))]
        return [Reply(texts.TARGET_SAVED.format(year=year, name=indicator.name, place=place,
                                                target=number(value)))]

    async def _place(self, principal: Principal, text: str) -> Scope | Reply:
        """The commune or village named, if the principal may set its targets."""
        if not fold(text):
            if principal.role >= Role.PROVINCE_COORDINATOR:
                return Reply(texts.TARGET_NO_PLACE)
            return Reply(texts.TARGET_NO_PLACE_COMMUNE)
        found_any = await self.s.scopes.search(text, principal)
        if not found_any:
            return Reply(texts.SCOPE_NOT_FOUND.format(text=text.strip()[:40]))
        matches = [m for m in found_any if can_see(principal, m)]
        if not matches:
            own = await self.s.scopes.default(principal)
            return Reply(texts.SCOPE_FORBIDDEN.format(own=scope_label(own) if own else "-"))
        if any(m.kind == "province" for m in matches):
            return Reply(texts.TARGET_PROVINCE)
        if len(matches) > 1:
            names = ", ".join(scope_label(m) for m in matches[:8])
            return Reply(texts.TARGET_AMBIGUOUS.format(count=len(matches), text=text[:40],
                                                       names=names))
        found = matches[0]
        village = found.village_id if found.kind == "village" else WHOLE_COMMUNE
        if not may_set(principal, found.commune_code or "", village or WHOLE_COMMUNE):
            return Reply(texts.TARGET_COMMUNE_LEVEL if found.kind == "commune"
                         else texts.SCOPE_FORBIDDEN.format(own=scope_label(found)))
        return found

    async def _overview(self, ctx: Context) -> list[Reply]:
        own = await self.s.scopes.default(ctx.principal)
        lines = []
        if own is not None:
            today = local_today(ctx.clock())
            progress = await self.s.targets.progress(own, today)
            lines = [f"{scope_label(own)}:", *progress_lines(progress, today), ""]
        lines.append(texts.TARGETS_USAGE.format(codes=self._codes()))
        return [Reply("\n".join(lines))]

    # --- /mauchitieu ------------------------------------------------------------------------

    async def template(self, ctx: Context, msg: Incoming) -> list[Reply]:
        """A row per commune (province) or per village of the commune, targets filled in."""
        year = local_today(ctx.clock()).year
        principal = ctx.principal
        commune = None if principal.role >= Role.PROVINCE_COORDINATOR \
            else principal.commune_code
        rows = await self._template_rows(commune, year)
        data = template_bytes(self.s.targets.indicators, rows, texts)
        name = f"chi-tieu-{year}.xlsx"
        return [Reply(texts.TEMPLATE_READY.format(year=year, rows=len(rows)),
                      file=OutgoingFile(name, data, XLSX_MIME))]

    async def _template_rows(self, commune: str | None,
                             year: int) -> list[tuple[str, str, int, dict[str, int]]]:
        db = self.s.db
        where, params = ("c.code = ?", (commune,)) if commune else ("1", ())
        stored: dict[tuple[str, int], dict[str, int]] = {}
        for r in await db.fetchall(
                "SELECT t.commune_code, t.village_id, t.indicator, t.target"
                " FROM activity_targets t JOIN communes c ON c.code = t.commune_code"
                f" WHERE t.year = ? AND {where}", (year, *params)):
            stored.setdefault((r["commune_code"], r["village_id"]), {})[r["indicator"]] = \
                r["target"]
        communes = await db.fetchall(
            f"SELECT c.code, c.name FROM communes c WHERE {where} ORDER BY c.folded", params)
        villages = await db.fetchall(
            "SELECT v.id, v.name, v.commune_code FROM villages v JOIN communes c"
            f" ON c.code = v.commune_code WHERE {where} ORDER BY c.folded, v.match_key", params)
        rows: list[tuple[str, str, int, dict[str, int]]] = []
        for c in communes:
            if not commune:  # the province sets communes as a whole
                rows.append((c["name"], "", year, stored.get((c["code"], WHOLE_COMMUNE), {})))
            for v in villages:
                if v["commune_code"] != c["code"]:
                    continue
                targets = stored.get((c["code"], v["id"]))
                if commune or targets:  # a commune lists all its villages
                    rows.append((c["name"], v["name"], year, targets or {}))
        return rows

    # --- /nhapchitieu -----------------------------------------------------------------------

    async def start_import(self, ctx: Context, msg: Incoming) -> list[Reply]:
        if msg.attachment is not None:
            return await self._import(ctx, msg)
        await ctx.dialogs.save(msg.sender, Dialog(IMPORT_DIALOG, "file", {}))
        return [Reply(texts.IMPORT_ASK_FILE)]

    async def import_step(self, ctx: Context, msg: Incoming, dialog: Dialog) -> list[Reply]:
        if not ctx.principal.at_least(Role.COMMUNE_COORDINATOR):
            await ctx.dialogs.end(msg.sender)
            return [Reply(texts.SCOPE_FORBIDDEN.format(own="-"))]
        if msg.attachment is None:
            return [Reply(texts.IMPORT_ASK_FILE)]
        await ctx.dialogs.end(msg.sender)
        return await self._import(ctx, msg)

    async def _import(self, ctx: Context, msg: Incoming) -> list[Reply]:
        """Every row checked first; one problem and nothing is written."""
        assert msg.attachment is not None
        try:
            rows = read_table(msg.attachment.filename, msg.attachment.data)
        except FileRefused as refused:
            log.info("targets upload refused: %s", type(refused).__name__)
            return [Reply(texts.IMPORT_FILE_PROBLEM.format(reason=str(refused)))]
        places = Places.from_rows(
            await self.s.db.fetchall("SELECT code, name, folded FROM communes"),
            await self.s.db.fetchall("SELECT id, name, match_key, commune_code FROM villages"))
        principal = ctx.principal
        upload = read_upload(rows, self.s.targets.indicators, places,
                             lambda code, village: may_set(principal, code, village),
                             local_today(ctx.clock()).year, texts)
        if upload.problems:
            log.info("targets upload: %d rows refused, nothing saved", len(upload.problems))
            if upload.problems[0][0] == 0:
                return [Reply(texts.IMPORT_FILE_PROBLEM.format(reason=upload.problems[0][1]))]
            lines = [texts.IMPORT_REFUSED.format(count=len(upload.problems))]
            lines += [texts.IMPORT_ROW.format(row=row, reason=reason)
                      for row, reason in upload.problems[:MAX_PROBLEM_LINES]]
            if len(upload.problems) > MAX_PROBLEM_LINES:
                lines.append(texts.IMPORT_MORE.format(
                    count=len(upload.problems) - MAX_PROBLEM_LINES))
            return [Reply("\n".join(lines))]
        count = await self.s.targets.save(
            upload.values, by=f"{msg.sender.platform}:{msg.sender.user_id}",
            now=to_iso(ctx.clock()))
        log.info("targets upload: %d values for %d places saved by role %s", count,
                 upload.places, principal.role.name)
        return [Reply(texts.IMPORT_SAVED.format(count=count, places=upload.places))]

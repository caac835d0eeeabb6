"""Coordinators' lists: /thanhvien, /xuatds, /maunhap and bulk import with /nhapds."""

from __future__ import annotations

import logging

from core.clock import VIETNAM
from core.dialogs import MORE, Dialog, Payload, payload
from core.model import Incoming, Option, OutgoingFile, Reply
from core.paging import TYPED_CHARS, Page
from core.roles import Role
from core.router import CommandSpec, Context, Router
from faq.normalize import fold
from handlers.members.admin import scope_of
from handlers.members.common import MembersServices, account_of, member_line
from members import texts, validation
from members.export import FORMATS, export_file, template_file
from members.importer import plain
from members.model import Member
from members.places import COMMUNE_PAGE, Commune
from members.principals import sees_commune
from members.spreadsheet import CSV_MIME, to_csv
from members.validation import Invalid

log = logging.getLogger(__name__)
LIST_PREFIX = "mlist"
MAX_LINES = 40
MAX_REPORT_LINES = 30
MAX_VILLAGE_OPTIONS = 12  # villages a screen under a long commune list
VILLAGES_MORE = "cv"  # "mlist:cv:<commune>:<offset>": the next screen of its villages
IMPORT_DIALOG = "members_import"


class ListHandlers:
    """Who is in the teams of a village, a commune or the province, as text or a file."""

    def __init__(self, services: MembersServices) -> None:
        self.s = services

    def register(self, router: Router) -> None:
        d = texts.COMMAND_DESCRIPTIONS
        coordinator = Role.COMMUNE_COORDINATOR
        router.command(CommandSpec("thanhvien", self.members, d["thanhvien"],
                                   aliases=("members",), min_role=coordinator,
                                   private_only=True))
        router.command(CommandSpec("xuatds", self.export, d["xuatds"], aliases=("export",),
                                   min_role=coordinator, private_only=True))
        router.command(CommandSpec("maunhap", self.template, d["maunhap"],
                                   aliases=("template",), min_role=coordinator))
        router.command(CommandSpec("nhapds", self.start_import, d["nhapds"],
                                   aliases=("import",), min_role=coordinator, private_only=True))
        router.button(LIST_PREFIX, self.list_pressed, private_only=True)
        router.dialog(IMPORT_DIALOG, self.import_step, prefix="imp", private_only=True)
        router.attachment(self.file_sent)

    # --- /thanhvien -------------------------------------------------------------------------

    async def members(self, ctx: Context, msg: Incoming) -> list[Reply]:
        scope = scope_of(ctx.principal)
        args = msg.args.strip()
        if scope is not None:
            commune = self.s.directory.get(scope)
            if commune is None:
                return [Reply(texts.NO_SCOPE)]
            if not args or fold(args) in (commune.folded, commune.core):
                return await self._commune_list(commune)
            return await self._village_in(commune, args)
        if not args:
            return await self._province_summary()
        found = self.s.directory.matches(args)
        if not found:
            return [Reply(texts.COMMUNE_NOT_FOUND.format(
                text=args[:60], province=self.s.directory.province_name))]
        if len(found) == 1:
            return await self._commune_list(found[0])
        return [self._which_commune(found, args, 0)]

    @staticmethod
    def _which_commune(found: list[Commune], typed: str, offset: int) -> Reply:
        """A screen of the communes `typed` matches, and «Xem thêm» while more are left."""
        page = Page.of(found, offset, COMMUNE_PAGE)
        return Reply(texts.WHICH_COMMUNE, options=(
            *(Option(c.name, payload(LIST_PREFIX, "c", c.code)) for c in page.items),
            *page.more(lambda next_offset: payload(
                LIST_PREFIX, MORE, next_offset, fold(typed)[:TYPED_CHARS]))))

    async def _village_in(self, commune: Commune, text: str) -> list[Reply]:
        try:
            key, _ = validation.village(text)
        except Invalid as error:
            return [Reply(str(error))]
        villages = await self.s.registry.villages_of(commune.code)
        village = next((v for v in villages if v.match_key == key), None)
        if village is None:
            return [Reply(texts.VILLAGE_NOT_IN_COMMUNE.format(text=text[:60],
                                                              commune=commune.name))]
        members = await self.s.registry.members(village_id=village.id)
        return [Reply(self._list_text(f"{village.name}, {commune.name}", members))]

    async def _commune_list(self, commune: Commune) -> list[Reply]:
        members = await self.s.registry.members(commune_code=commune.code)
        text = self._list_text(commune.name, members)
        options = self._village_options(commune, members, 0) if len(members) > MAX_LINES \
            else ()
        return [Reply(text, options=options)]

    @staticmethod
    def _village_options(commune: Commune, members: list[Member],
                         offset: int) -> tuple[Option, ...]:
        """A screen of the commune's villages (members in each) to list one, «Xem thêm»."""
        counts: dict[int, tuple[str, int]] = {}
        for m in members:
            name, count = counts.get(m.village_id, (m.village_name, 0))
            counts[m.village_id] = (name, count + 1)
        page = Page.of(list(counts.items()), offset, MAX_VILLAGE_OPTIONS)
        return (*(Option(texts.VILLAGE_OPTION.format(name=name, count=count),
                         payload(LIST_PREFIX, "v", vid)) for vid, (name, count) in page.items),
                *page.more(lambda next_offset: payload(
                    LIST_PREFIX, VILLAGES_MORE, commune.code, next_offset)))

    @staticmethod
    def _list_text(place: str, members: list[Member]) -> str:
        if not members:
            return texts.LIST_EMPTY.format(place=place)
        pending = sum(1 for m in members if m.status == "pending")
        villages = len({m.village_id for m in members})
        lines = [texts.LIST_HEADER.format(place=place, count=len(members), pending=pending,
                                          villages=villages)]
        lines += [member_line(n, m) for n, m in enumerate(members[:MAX_LINES], start=1)]
        if len(members) > MAX_LINES:
            lines.append(texts.LIST_MORE.format(count=len(members) - MAX_LINES))
        return "\n".join(lines)

    async def _province_summary(self) -> list[Reply]:
        counts = await self.s.registry.counts_by_commune()
        if not counts:
            return [Reply(texts.LIST_EMPTY.format(place=self.s.directory.province_name))]
        total = sum(a for _, _, a, _ in counts)
        pending = sum(p for _, _, _, p in counts)
        lines = [texts.PROVINCE_HEADER.format(
            province=self.s.directory.province_name, count=total, pending=pending,
            communes=len(counts), all_communes=len(self.s.directory.communes))]
        for _, name, approved, waiting in counts[:MAX_LINES]:
            lines.append(texts.PROVINCE_LINE.format(name=name, approved=approved,
                                                    pending=waiting))
        if len(counts) > MAX_LINES:
            lines.append(texts.PROVINCE_MORE.format(count=len(counts) - MAX_LINES))
        lines.append(texts.PROVINCE_FOOTER)
        return [Reply("\n".join(lines))]

    async def list_pressed(self, ctx: Context, msg: Incoming) -> list[Reply]:
        """ "mlist:c:<commune code>" or "mlist:v:<village id>", scope checked again."""
        pressed = Payload.parse(msg.payload)
        kind, code = pressed.part(0), pressed.part(1)
        if not ctx.principal.at_least(Role.COMMUNE_COORDINATOR):
            return [Reply(texts.CANNOT_SEE)]
        if kind == MORE and code.isdigit() and ctx.principal.at_least(
                Role.PROVINCE_COORDINATOR):  # the next screen of "/thanhvien hoang"
            return [self._which_commune(self.s.directory.matches(pressed.rest(2)),
                                        pressed.rest(2), int(code))]
        if kind == VILLAGES_MORE and pressed.part(2).isdigit():  # the next screen of villages
            commune = self.s.directory.get(code)
            if commune is None or not sees_commune(ctx.principal, commune.code):
                return [Reply(texts.CANNOT_SEE)]
            members = await self.s.registry.members(commune_code=commune.code)
            return [Reply(texts.WHICH_VILLAGE.format(commune=commune.name),
                          options=self._village_options(commune, members,
                                                        int(pressed.part(2))))]
        if len(pressed.parts) != 2:
            return [Reply(texts.CANNOT_SEE)]
        if kind == "c":
            commune = self.s.directory.get(code)
            if commune is None or not sees_commune(ctx.principal, commune.code):
                return [Reply(texts.CANNOT_SEE)]
            return await self._commune_list(commune)
        village = await self.s.registry.village(int(code)) if code.isdigit() else None
        if village is None or not sees_commune(ctx.principal, village.commune_code):
            return [Reply(texts.CANNOT_SEE)]
        commune = self.s.directory.get(village.commune_code)
        members = await self.s.registry.members(village_id=village.id)
        place = f"{village.name}, {commune.name if commune else ''}"
        return [Reply(self._list_text(place, members))]

    # --- /xuatds, /maunhap ------------------------------------------------------------------

    async def export(self, ctx: Context, msg: Incoming) -> list[Reply]:
        """ "/xuatds", "/xuatds xlsx", "/xuatds csv Quảng Phú" (a commune: province level)."""
        words = msg.args.split()
        formats = [w.lower() for w in words if w.lower() in FORMATS] or list(FORMATS)
        place = " ".join(w for w in words if w.lower() not in FORMATS)
        scope = scope_of(ctx.principal)
        commune: Commune | None = None
        if scope is not None:
            commune = self.s.directory.get(scope)
            if commune is None or (place and fold(place) not in (commune.folded, commune.core)):
                return [Reply(texts.EXPORT_OWN_COMMUNE_ONLY)]
        elif place:
            exact = self.s.directory.exact(place)
            found = [exact] if exact else self.s.directory.search(place)
            if len(found) != 1:
                return [Reply(texts.EXPORT_WHICH_COMMUNE.format(text=place[:60]))]
            commune = found[0]
        members = await self.s.registry.members(
            commune_code=commune.code if commune else None,
            statuses=("approved", "pending", "left"),
        )
        label = commune.name if commune else self.s.directory.province_name
        stem = "thanh-vien-" + fold(label).replace(" ", "-") + "-" + _today(ctx)
        log.info("export of %d members (%s) by %s", len(members), label, msg.sender.platform)
        return [
            Reply(texts.EXPORT_READY.format(place=label, count=len(members), fmt=fmt.upper()),
                  file=export_file(members, fmt, stem))
            for fmt in sorted(formats, reverse=True)
        ]

    async def template(self, ctx: Context, msg: Incoming) -> list[Reply]:
        fmt = "csv" if msg.args.strip().lower() == "csv" else "xlsx"
        return [Reply(texts.TEMPLATE_READY, file=template_file(fmt))]

    # --- /nhapds ----------------------------------------------------------------------------

    async def start_import(self, ctx: Context, msg: Incoming) -> list[Reply]:
        if msg.attachment is not None:
            return await self._import(ctx, msg)
        await ctx.dialogs.save(msg.sender, Dialog(IMPORT_DIALOG, "file", {}))
        return [Reply(texts.IMPORT_SEND_FILE)]

    async def file_sent(self, ctx: Context, msg: Incoming) -> list[Reply]:
        """A spreadsheet sent without /nhapds: coordinators import it, others are told why not."""
        if not ctx.principal.at_least(Role.COMMUNE_COORDINATOR):
            return [Reply(texts.FILE_NOT_EXPECTED)]
        if not msg.is_private:
            return [Reply(texts.IMPORT_PRIVATE_ONLY)]
        return await self._import(ctx, msg)

    async def import_step(self, ctx: Context, msg: Incoming, dialog: Dialog) -> list[Reply]:
        if not ctx.principal.at_least(Role.COMMUNE_COORDINATOR):
            await ctx.dialogs.end(msg.sender)
            return [Reply(texts.CANNOT_SEE)]
        if msg.attachment is None:
            return [Reply(texts.IMPORT_SEND_FILE)]
        await ctx.dialogs.end(msg.sender)
        return await self._import(ctx, msg)

    async def _import(self, ctx: Context, msg: Incoming) -> list[Reply]:
        assert msg.attachment is not None
        scope = scope_of(ctx.principal)
        report = await self.s.importer.import_file(
            msg.attachment.filename, msg.attachment.data, scope=scope, by=account_of(msg).key,
        )
        reply = Reply("\n".join(report.lines(MAX_REPORT_LINES)))
        if len(report.problems) <= MAX_REPORT_LINES:
            return [reply]
        rows = [[p.row, plain(p.reason)] for p in report.problems]
        data = to_csv(texts.IMPORT_REPORT_HEADERS, rows)
        file = OutgoingFile("bao-cao-nhap-" + _today(ctx) + ".csv", data, CSV_MIME)
        return [reply, Reply(texts.IMPORT_REPORT_FILE, file=file)]


def _today(ctx: Context) -> str:
    return ctx.clock().astimezone(VIETNAM).strftime("%Y%m%d")

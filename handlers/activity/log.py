"""/ghinhan (guided dialog and quick form), /xoaghinhan and /cuatoi."""

from __future__ import annotations

import logging
import re
import uuid
from datetime import date, timedelta

from activity.dates import DateInputError, check_log_day, named_period, parse_day, vn_date
from activity.logbook import MAX_NOTE_CHARS, LogEntry
from activity.settings import MAX_PEOPLE, ServiceCategory
from core.dialogs import Dialog
from core.model import EventKind, Incoming, Option, Reply
from core.roles import Role
from core.router import CommandSpec, Context, Router
from handlers.activity import texts
from handlers.activity.common import ActivityServices, day_text, local_today, number

log = logging.getLogger(__name__)

DIALOG = "activity_log"
PREFIX = "gh"
UNDO_PREFIX = "xoagh"
_PEOPLE = re.compile(r"^\s*(\d{1,6})\s*(?:nguoi|người|ng)?\s*\.?\s*$", re.IGNORECASE)
_TWO_WORD_DAYS = ("hom nay", "hom qua", "hôm nay", "hôm qua")


class InvalidAnswer(ValueError):
    """An answer refused; the message says why."""


def source_key(msg: Incoming) -> str:
    """What makes a save idempotent: the messenger's own id of the message."""
    ident = msg.update_id or uuid.uuid4().hex
    return f"{msg.sender.platform}:{msg.sender.user_id}:{ident}"


class ActivityLogHandlers:
    """Logging assistance sessions, removing a wrong one, and a member's own totals."""

    def __init__(self, services: ActivityServices) -> None:
        self.s = services

    def register(self, router: Router) -> None:
        d = texts.COMMAND_DESCRIPTIONS
        router.command(CommandSpec("ghinhan", self.start, d["ghinhan"], aliases=("log",),
                                   min_role=Role.MEMBER))
        router.command(CommandSpec("xoaghinhan", self.undo, d["xoaghinhan"], aliases=("undo",),
                                   min_role=Role.MEMBER))
        router.command(CommandSpec("cuatoi", self.mine, d["cuatoi"], aliases=("mine",),
                                   min_role=Role.MEMBER))
        router.dialog(DIALOG, self.step, prefix=PREFIX)
        router.button(UNDO_PREFIX, self.undo_pressed)

    # --- parsing answers ------------------------------------------------------------------------

    def people(self, text: str) -> int:
        match = _PEOPLE.match(text)
        if match is None:
            raise InvalidAnswer(texts.PEOPLE_NOT_NUMBER)
        value = int(match.group(1))
        if not 1 <= value <= MAX_PEOPLE:
            raise InvalidAnswer(texts.PEOPLE_OUT_OF_RANGE.format(max=MAX_PEOPLE, value=value))
        return value

    def day(self, text: str, today: date) -> date:
        try:
            day = parse_day(text, today)
            check_log_day(day, today, self.s.settings.max_age_days)
        except DateInputError as error:
            if error.reason == "future":
                raise InvalidAnswer(texts.DAY_FUTURE.format(day=vn_date(day))) from None
            if error.reason == "too_old":
                raise InvalidAnswer(texts.DAY_TOO_OLD.format(
                    days=self.s.settings.max_age_days, day=vn_date(day))) from None
            raise InvalidAnswer(texts.DAY_MALFORMED.format(text=text.strip()[:30])) from None
        return day

    def service(self, text: str) -> ServiceCategory:
        found = self.s.catalog.find(text)
        if found is None:
            raise InvalidAnswer(texts.SERVICE_UNKNOWN.format(
                text=text.strip()[:30], codes=self.s.catalog.codes_text()))
        return found

    def summary(self, data: dict, today: date) -> str:
        note = texts.SUMMARY_NOTE.format(note=data["note"]) if data.get("note") else ""
        service = self.s.catalog.get(data["service"])
        return texts.SUMMARY.format(
            service=service.label if service else data["service"],
            people=data["people"], day=day_text(date.fromisoformat(data["day"]), today),
            note=note)

    # --- /ghinhan ---------------------------------------------------------------------------

    async def start(self, ctx: Context, msg: Incoming) -> list[Reply]:
        if ctx.principal.member_id is None or ctx.principal.village_id is None:
            return [Reply(texts.NOT_MEMBER)]
        data: dict = {"key": source_key(msg)}
        args = msg.args.strip()
        if args:
            return await self.quick(ctx, msg, args, data)
        dialog = Dialog(DIALOG, "service", data)
        await ctx.dialogs.save(msg.sender, dialog)
        return [self.question(dialog, local_today(ctx.clock()))]

    async def quick(self, ctx: Context, msg: Incoming, args: str, data: dict) -> list[Reply]:
        """ "/ghinhan vneid 5", "/ghinhan dich vu cong 3 hôm qua ghi chú"."""
        today = local_today(ctx.clock())
        words = args.split()
        service, used = self.s.catalog.find_prefix(words)
        if service is None:
            return [Reply(texts.SERVICE_UNKNOWN.format(
                text=words[0][:30], codes=self.s.catalog.codes_text()) + "\n\n" + texts.QUICK_HELP)]
        data["service"] = service.code
        rest = words[used:]
        if not rest:
            dialog = Dialog(DIALOG, "people", data)
            await ctx.dialogs.save(msg.sender, dialog)
            return [self.question(dialog, today)]
        if not rest[0].isdigit():
            return [Reply(texts.QUICK_NO_PEOPLE)]
        try:
            data["people"] = self.people(rest[0])
            rest = rest[1:]
            day = today
            if len(rest) >= 2 and " ".join(rest[:2]).lower() in _TWO_WORD_DAYS:
                day, rest = self.day(" ".join(rest[:2]), today), rest[2:]
            elif rest and (re.fullmatch(r"\d{1,2}[/.]\d{1,2}(?:[/.]\d{4})?", rest[0])
                           or rest[0].lower() in ("hn", "hq")):
                day, rest = self.day(rest[0], today), rest[1:]
        except InvalidAnswer as error:
            return [Reply(f"{error}\n\n{texts.QUICK_HELP}")]
        data["day"] = day.isoformat()
        data["note"] = " ".join(rest)[:MAX_NOTE_CHARS]
        return await self.save(ctx, msg, data)

    def question(self, dialog: Dialog, today: date, reason: str | None = None) -> Reply:
        """The current step's question; no options on the step that takes a number."""
        step = dialog.step
        options: tuple[Option, ...] = ()
        if step == "service":
            text = texts.ASK_SERVICE
            options = tuple(Option(s.name, f"{PREFIX}:service:{s.code}")
                            for s in self.s.catalog.services)
        elif step == "people":
            text = texts.ASK_PEOPLE.format(max=MAX_PEOPLE)
        elif step == "day":
            yesterday = today - timedelta(days=1)
            text = texts.ASK_DAY.format(example=f"{yesterday:%d/%m}")
            options = (
                Option(texts.OPTION_TODAY.format(day=f"{today:%d/%m}"), f"{PREFIX}:day:0"),
                Option(texts.OPTION_YESTERDAY.format(day=f"{yesterday:%d/%m}"),
                       f"{PREFIX}:day:1"),
            )
        elif step == "note":
            text = texts.ASK_NOTE
            options = (Option(texts.OPTION_SKIP, f"{PREFIX}:note:skip"),)
        else:
            text = texts.ASK_CONFIRM.format(summary=self.summary(dialog.data, today))
            options = (Option(texts.OPTION_SAVE, f"{PREFIX}:confirm:save"),
                       Option(texts.OPTION_RESTART, f"{PREFIX}:confirm:restart"),
                       Option(texts.OPTION_CANCEL, f"{PREFIX}:confirm:cancel"))
        if reason:
            text = f"{reason}\n{text}"
        return Reply(text, options=options)

    async def step(self, ctx: Context, msg: Incoming, dialog: Dialog) -> list[Reply]:
        if ctx.principal.member_id is None:
            await ctx.dialogs.end(msg.sender)
            return [Reply(texts.NOT_MEMBER)]
        today = local_today(ctx.clock())
        step, value, pressed = dialog.step, msg.text.strip(), msg.kind is EventKind.BUTTON
        if pressed:
            _, button_step, value = [*(msg.payload or "").split(":", 2), "", ""][:3]
            if button_step != step:
                return [self.question(dialog, today)]
        try:
            next_step = await self._answer(ctx, msg, dialog, step, value, pressed, today)
        except InvalidAnswer as error:
            return [self.question(dialog, today, str(error) or None)]
        if isinstance(next_step, list):
            return next_step
        dialog.step = next_step
        await ctx.dialogs.save(msg.sender, dialog)
        return [self.question(dialog, today)]

    async def _answer(self, ctx: Context, msg: Incoming, dialog: Dialog, step: str, value: str,
                      pressed: bool, today: date) -> str | list[Reply]:
        """Store one answer; the next step, or the last replies when the dialog ended."""
        data = dialog.data
        if step == "service":
            service = self.s.catalog.get(value) if pressed else self.service(value)
            if service is None:
                raise InvalidAnswer(texts.SERVICE_UNKNOWN.format(
                    text=value, codes=self.s.catalog.codes_text()))
            data["service"] = service.code
            return "people"
        if step == "people":
            data["people"] = self.people(value)
            return "day"
        if step == "day":
            day = today - timedelta(days=int(value)) if pressed and value in ("0", "1") \
                else self.day(value, today)
            data["day"] = day.isoformat()
            return "note"
        if step == "note":
            note = "" if pressed else " ".join(value.split())
            data["note"] = note[:MAX_NOTE_CHARS]
            return "confirm"
        if not pressed:
            raise InvalidAnswer("")
        if value == "restart":
            data.clear()
            data["key"] = source_key(msg)
            return "service"
        if value not in ("save", "cancel"):
            raise InvalidAnswer("")
        replies = [Reply(texts.CANCELLED)] if value == "cancel" \
            else await self.save(ctx, msg, data)
        await ctx.dialogs.end(msg.sender)
        return replies

    async def save(self, ctx: Context, msg: Incoming, data: dict) -> list[Reply]:
        principal = ctx.principal
        assert principal.member_id is not None and principal.village_id is not None
        entry, created = await self.s.logbook.save(
            member_id=principal.member_id, village_id=principal.village_id,
            service_code=data["service"], people=data["people"],
            day=date.fromisoformat(data["day"]), note=data.get("note", ""),
            source_key=data["key"],
        )
        today = local_today(ctx.clock())
        summary = self.summary(_entry_data(entry), today)
        if not created:
            return [Reply(texts.ALREADY_SAVED.format(id=entry.id, summary=summary))]
        log.info("activity log %s saved by member %s", entry.id, principal.member_id)
        sessions, people = await self.s.logbook.month_totals(principal.member_id, today)
        return [Reply(texts.SAVED.format(id=entry.id, summary=summary, sessions=sessions,
                                         people=number(people)))]

    # --- /xoaghinhan ------------------------------------------------------------------------

    async def undo(self, ctx: Context, msg: Incoming) -> list[Reply]:
        if ctx.principal.member_id is None:
            return [Reply(texts.NOT_MEMBER)]
        entries = await self.s.logbook.removable(ctx.principal.member_id)
        if not entries:
            return [Reply(texts.UNDO_NOTHING)]
        options = tuple(Option(texts.UNDO_OPTION.format(
            id=e.id, day=f"{e.activity_date:%d/%m}", service=self.s.catalog.name(e.service_code),
            people=e.people), f"{UNDO_PREFIX}:{e.id}") for e in entries)
        return [Reply(texts.UNDO_PICK, options=options)]

    async def undo_pressed(self, ctx: Context, msg: Incoming) -> list[Reply]:
        value = (msg.payload or "").partition(":")[2]
        if ctx.principal.member_id is None or not value.isdigit():
            return [Reply(texts.UNDO_GONE)]
        entry = await self.s.logbook.remove(ctx.principal.member_id, int(value))
        if entry is None:
            return [Reply(texts.UNDO_GONE)]
        log.info("activity log %s removed by member %s", entry.id, entry.member_id)
        return [Reply(texts.UNDO_DONE.format(
            id=entry.id, service=self.s.catalog.name(entry.service_code), people=entry.people,
            day=vn_date(entry.activity_date)))]

    # --- /cuatoi ----------------------------------------------------------------------------

    async def mine(self, ctx: Context, msg: Incoming) -> list[Reply]:
        member_id = ctx.principal.member_id
        if member_id is None:
            return [Reply(texts.NOT_MEMBER)]
        scope = await self.s.scopes.member(member_id)
        if scope is None:
            return [Reply(texts.NOT_MEMBER)]
        today = local_today(ctx.clock())
        lines = [texts.MINE_TITLE.format(name=scope.name)]
        last = await self.s.logbook.last_day(member_id)
        if last is None:
            return [Reply("\n".join([*lines, texts.MINE_NONE]))]
        month: list = []
        for key, label in texts.MINE_PERIODS.items():
            found = await self.s.stats.by_service(scope, named_period(key, today))
            lines.append(texts.MINE_LINE.format(
                label=label, sessions=number(sum(c.sessions for _, c in found)),
                people=number(sum(c.people for _, c in found))))
            if key == "thang_nay":
                month = found
        if month:
            lines.append(texts.MINE_SERVICES)
            lines += [texts.MINE_SERVICE_LINE.format(
                service=self.s.catalog.name(code), sessions=number(c.sessions),
                people=number(c.people)) for code, c in month]
        lines.append(texts.MINE_LAST.format(day=vn_date(last)))
        return [Reply("\n".join(lines))]


def _entry_data(entry: LogEntry) -> dict:
    return {"service": entry.service_code, "people": entry.people,
            "day": entry.activity_date.isoformat(), "note": entry.note}

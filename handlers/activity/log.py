"""/ghinhan (guided dialog and quick form), /xoaghinhan and /cuatoi."""

from __future__ import annotations

import logging
import re
import uuid
from datetime import date, timedelta
from enum import StrEnum

from activity.dates import DateInputError, check_log_day, named_period, parse_day, vn_date
from activity.logbook import MAX_NOTE_CHARS, LogEntry
from activity.settings import MAX_PEOPLE, ServiceCategory
from core.dialogs import Done, Next, Payload, Retry, Step, StepDialog, Turn, payload
from core.model import Incoming, Option, Reply
from core.paging import Page
from core.roles import Role
from core.router import CommandSpec, Context, Router
from handlers.activity import texts
from handlers.activity.common import ActivityServices, day_text, local_today, number

log = logging.getLogger(__name__)

DIALOG = "activity_log"
PREFIX = "gh"
UNDO_PAGE = 5  # logs per screen of /xoaghinhan
UNDO_PREFIX = "xoagh"
_PEOPLE = re.compile(r"^\s*(\d{1,6})\s*(?:nguoi|người|ng)?\s*\.?\s*$", re.IGNORECASE)
_TWO_WORD_DAYS = ("hom nay", "hom qua", "hôm nay", "hôm qua")


class LogStep(StrEnum):
    """The /ghinhan dialog's steps, in the order they are asked."""

    SERVICE = "service"
    PEOPLE = "people"
    DAY = "day"
    NOTE = "note"
    CONFIRM = "confirm"


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
        self.dialog = StepDialog(DIALOG, PREFIX, self._steps(), retry_on=(InvalidAnswer,),
                                 precheck=self._still_member)

    def register(self, router: Router) -> None:
        d = texts.COMMAND_DESCRIPTIONS
        router.command(CommandSpec("ghinhan", self.start, d["ghinhan"], aliases=("log",),
                                   min_role=Role.MEMBER))
        router.command(CommandSpec("xoaghinhan", self.undo, d["xoaghinhan"], aliases=("undo",),
                                   min_role=Role.MEMBER))
        router.command(CommandSpec("cuatoi", self.mine, d["cuatoi"], aliases=("mine",),
                                   min_role=Role.MEMBER))
        router.dialog(DIALOG, self.dialog.handle, prefix=PREFIX)
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
        return await self.dialog.start(ctx, msg, LogStep.SERVICE, data)

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
            return await self.dialog.start(ctx, msg, LogStep.PEOPLE, data)
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

    async def prefilled(self, ctx: Context, msg: Incoming, *, service: str, note: str,
                        key: str) -> list[Reply]:
        """The confirmation of a log already filled in (one person, today) that one press
        saves: help given through another feature (a request) is counted like any session,
        and `key` makes it counted once however often it is saved."""
        data = {"key": key, "fixed_key": True, "service": service, "people": 1,
                "day": local_today(ctx.clock()).isoformat(), "note": note}
        return await self.dialog.start(ctx, msg, LogStep.CONFIRM, data)

    # --- the /ghinhan dialog, one step a question -----------------------------------------------

    def _steps(self) -> dict[str, Step]:
        return {
            LogStep.SERVICE: Step(self._ask_service, text=self._typed_service,
                                  button=self._pressed_service),
            LogStep.PEOPLE: Step(self._ask_people, text=self._typed_people),
            LogStep.DAY: Step(self._ask_day, text=self._typed_day, button=self._pressed_day),
            LogStep.NOTE: Step(self._ask_note, text=self._typed_note, button=self._skip_note),
            LogStep.CONFIRM: Step(self._ask_confirm, button=self._confirmed),
        }

    async def _still_member(self, turn: Turn) -> list[Reply] | None:
        return [Reply(texts.NOT_MEMBER)] if turn.ctx.principal.member_id is None else None

    def _ask_service(self, turn: Turn) -> Reply:
        return Reply(texts.ASK_SERVICE, options=self.dialog.options(
            LogStep.SERVICE, ((s.name, s.code) for s in self.s.catalog.services)))

    def _typed_service(self, turn: Turn, text: str) -> Next:
        turn.data["service"] = self.service(text).code
        return LogStep.PEOPLE

    def _pressed_service(self, turn: Turn, value: str) -> Next:
        service = self.s.catalog.get(value)
        if service is None:
            raise Retry(texts.SERVICE_UNKNOWN.format(text=value,
                                                     codes=self.s.catalog.codes_text()))
        turn.data["service"] = service.code
        return LogStep.PEOPLE

    def _ask_people(self, turn: Turn) -> Reply:
        return Reply(texts.ASK_PEOPLE.format(max=MAX_PEOPLE))

    def _typed_people(self, turn: Turn, text: str) -> Next:
        turn.data["people"] = self.people(text)
        return LogStep.DAY

    def _ask_day(self, turn: Turn) -> Reply:
        today = local_today(turn.ctx.clock())
        yesterday = today - timedelta(days=1)
        return Reply(texts.ASK_DAY.format(example=f"{yesterday:%d/%m}"), options=(
            self.dialog.option(texts.OPTION_TODAY.format(day=f"{today:%d/%m}"), LogStep.DAY, 0),
            self.dialog.option(texts.OPTION_YESTERDAY.format(day=f"{yesterday:%d/%m}"),
                               LogStep.DAY, 1),
        ))

    def _typed_day(self, turn: Turn, text: str) -> Next:
        turn.data["day"] = self.day(text, local_today(turn.ctx.clock())).isoformat()
        return LogStep.NOTE

    def _pressed_day(self, turn: Turn, value: str) -> Next:
        if value not in ("0", "1"):
            return self._typed_day(turn, value)
        day = local_today(turn.ctx.clock()) - timedelta(days=int(value))
        turn.data["day"] = day.isoformat()
        return LogStep.NOTE

    def _ask_note(self, turn: Turn) -> Reply:
        return Reply(texts.ASK_NOTE,
                     options=(self.dialog.option(texts.OPTION_SKIP, LogStep.NOTE, "skip"),))

    def _typed_note(self, turn: Turn, text: str) -> Next:
        turn.data["note"] = " ".join(text.split())[:MAX_NOTE_CHARS]
        return LogStep.CONFIRM

    def _skip_note(self, turn: Turn, value: str) -> Next:
        turn.data["note"] = ""
        return LogStep.CONFIRM

    def _ask_confirm(self, turn: Turn) -> Reply:
        summary = self.summary(turn.data, local_today(turn.ctx.clock()))
        return Reply(texts.ASK_CONFIRM.format(summary=summary), options=self.dialog.options(
            LogStep.CONFIRM, ((texts.OPTION_SAVE, "save"), (texts.OPTION_RESTART, "restart"),
                              (texts.OPTION_CANCEL, "cancel"))))

    async def _confirmed(self, turn: Turn, value: str) -> Next:
        if value == "restart":
            fixed = turn.data.get("fixed_key")
            key = turn.data["key"] if fixed else source_key(turn.msg)
            turn.data.clear()
            turn.data.update(key=key, fixed_key=fixed)
            return LogStep.SERVICE
        if value == "cancel":
            return Done([Reply(texts.CANCELLED)])
        if value == "save":
            return Done(await self.save(turn.ctx, turn.msg, turn.data))
        raise Retry()

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
        return [await self._undo_page(ctx.principal.member_id, 0)]

    async def _undo_page(self, member_id: int, offset: int) -> Reply:
        """A page of the member's removable logs, with «Xem thêm» while older ones are left."""
        page = Page.fetched(await self.s.logbook.removable(member_id, UNDO_PAGE + 1, offset),
                            offset, UNDO_PAGE)
        if not page.items:
            return Reply(texts.UNDO_NOTHING)
        options = [Option(texts.UNDO_OPTION.format(
            id=e.id, day=f"{e.activity_date:%d/%m}", service=self.s.catalog.name(e.service_code),
            people=e.people), payload(UNDO_PREFIX, e.id)) for e in page.items]
        options += page.more(lambda next_offset: payload(UNDO_PREFIX, "more", next_offset))
        return Reply(texts.UNDO_PICK, options=tuple(options))

    async def undo_pressed(self, ctx: Context, msg: Incoming) -> list[Reply]:
        read = Payload.parse(msg.payload)
        if read.part(0) == "more" and read.part(1).isdigit() and ctx.principal.member_id:
            return [await self._undo_page(ctx.principal.member_id, int(read.part(1)))]
        value = read.part(0)
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

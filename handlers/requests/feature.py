"""The requests feature: /nhotro, /tothon, /thon, /yeucau, /congkhai, the request buttons,
the relay between member and villager, and the villager's feedback."""

from __future__ import annotations

import logging

from activity.catalog import ServiceCatalog
from core.clock import Clock, from_iso, local_text, utc_now
from core.database import Database
from core.dialogs import Done, Next, Payload, Retry, Step, StepDialog, Turn
from core.model import Incoming, Option, Reply
from core.notifier import Notifier
from core.roles import Principal, Role
from core.router import CommandSpec, Context, Router
from handlers.activity.log import ActivityLogHandlers
from handlers.activity.schedule import ActivityScheduler
from handlers.activity.stats import StatsHandlers
from handlers.requests import texts
from handlers.requests.common import (
    PREFIX,
    RequestServices,
    contact_line,
    details,
    option,
    role_label,
    village_text,
)
from handlers.requests.dialog import RequestDialog, Then, new_request
from handlers.requests.jobs import RequestJobs
from handlers.requests.notices import Notices, taker_options
from handlers.requests.stats_view import RequestSection
from help_requests.model import HelpRequest
from help_requests.settings import RequestSettings
from members.places import CommuneDirectory
from members.principals import sees_commune
from members.registry import MemberRegistry
from members.validation import display_phone

log = logging.getLogger(__name__)

RELAY_DIALOG = "request_relay"
RELAY_PREFIX = "rqr"
FEEDBACK_DIALOG = "request_feedback"
FEEDBACK_PREFIX = "rqf"
MAX_RELAY_CHARS = 1000
MAX_FEEDBACK_CHARS = 300
MAX_LISTED = 8


class RequestsFeature:
    """Adds the request commands, buttons and dialogs to the router."""

    def __init__(self, services: RequestServices, registry: MemberRegistry,
                 logging_: ActivityLogHandlers | None) -> None:
        self.s = services
        self.registry = registry
        self.logging = logging_
        self.notices = Notices(services)
        self.jobs = RequestJobs(services)
        self.section = RequestSection(services.stats)
        self.ask = RequestDialog(services, registry, self._send, self._team_reply)
        self.relay = StepDialog(RELAY_DIALOG, RELAY_PREFIX, {
            "text": Step(self._ask_relay, text=self._relayed)},
            choose_please=texts.RELAY_TYPE_TEXT, type_please=texts.RELAY_TYPE_TEXT,
            precheck=self._relay_still_open)
        self.ask.dialog.precheck = _private_only
        self.feedback = StepDialog(FEEDBACK_DIALOG, FEEDBACK_PREFIX, {
            "text": Step(lambda t: Reply(texts.ASK_FEEDBACK_TEXT, options=(
                self.feedback.option(texts.OPTION_SKIP, "text", "skip"),)),
                text=self._feedback_text, button=self._feedback_skip)})

    @classmethod
    def build(cls, db: Database, settings: RequestSettings, notifier: Notifier,
              catalog: ServiceCatalog, directory: CommuneDirectory,
              logging_: ActivityLogHandlers | None, clock: Clock = utc_now) -> RequestsFeature:
        services = RequestServices.build(db, settings, notifier, catalog, directory, clock)
        return cls(services, MemberRegistry(db, clock), logging_)

    def attach_statistics(self, stats: StatsHandlers,
                          scheduler: ActivityScheduler | None = None) -> None:
        """Show request figures in /thongke and its exports, and overdue ones weekly."""
        stats.sections.append(self.section)
        if scheduler is not None:
            scheduler.weekly_notes.append(self.section.weekly_note)

    def register(self, router: Router) -> None:
        d = texts.COMMAND_DESCRIPTIONS
        router.command(CommandSpec("nhotro", self.ask_team, d["nhotro"], aliases=("hotro",),
                                   private_only=True))
        router.command(CommandSpec("tothon", self.team, d["tothon"], private_only=True))
        router.command(CommandSpec("thon", self.place, d["thon"], private_only=True))
        router.command(CommandSpec("yeucau", self.requests, d["yeucau"], aliases=("requests",),
                                   private_only=True))
        router.command(CommandSpec("congkhai", self.listing, d["congkhai"],
                                   min_role=Role.MEMBER, private_only=True))
        router.dialog(self.ask.dialog.name, self.ask.dialog.handle, prefix=self.ask.dialog.prefix)
        router.dialog(RELAY_DIALOG, self.relay.handle, prefix=RELAY_PREFIX)
        router.dialog(FEEDBACK_DIALOG, self.feedback.handle, prefix=FEEDBACK_PREFIX)
        router.button(PREFIX, self.pressed)

    # --- villagers: place, team, asking ---------------------------------------------------------

    async def ask_team(self, ctx: Context, msg: Incoming) -> list[Reply]:
        service = self.s.catalog.find(msg.args) if msg.args else None
        return await self.ask.start(ctx, msg, Then.REQUEST, service.code if service else None)

    async def place(self, ctx: Context, msg: Incoming) -> list[Reply]:
        return await self.ask.start(ctx, msg, Then.PLACE)

    async def team(self, ctx: Context, msg: Incoming) -> list[Reply]:
        place = await self.s.store.place_of(*msg.sender.key)
        if place is None and ctx.principal.village_id is not None:
            village = await self.registry.village(ctx.principal.village_id)
            if village is not None:
                return await self._team_reply(ctx, msg, village.commune_code, village.id)
        if place is None:
            return await self.ask.start(ctx, msg, Then.TEAM)
        return await self._team_reply(ctx, msg, place.commune_code, place.village_id)

    async def _team_reply(self, ctx: Context, msg: Incoming, commune_code: str,
                          village_id: int | None) -> list[Reply]:
        commune = self.s.directory.get(commune_code)
        commune_name = commune.name if commune else commune_code
        ask = (Option(texts.OPTION_ASK_TEAM, f"{PREFIX}:new"),)
        coordinators = await self.s.store.coordinators(commune_code)
        names = ", ".join(c.full_name for c in coordinators)
        tail = [texts.COORDINATORS_LINE.format(names=names)] if names else []
        if village_id is None:
            return [Reply("\n".join([texts.TEAM_NO_VILLAGE.format(commune=commune_name), *tail]),
                          options=ask)]
        village = await self.registry.village(village_id)
        village_name = village.name if village else ""
        count, entries = await self.s.store.team(village_id)
        if count == 0:
            return [Reply("\n".join([texts.TEAM_NONE.format(village=village_name,
                                                            commune=commune_name), *tail]),
                          options=ask)]
        lines = [texts.TEAM_HEAD.format(village=village_name, commune=commune_name)]
        lines += [texts.TEAM_LINE.format(
            name=e.full_name, role=role_label(e.team_role),
            phone=texts.TEAM_PHONE.format(phone=display_phone(e.phone)) if e.phone else "")
            for e in entries]
        lines.append(texts.TEAM_MORE.format(count=count))
        return [Reply("\n".join(lines), options=ask)]

    async def _send(self, ctx: Context, msg: Incoming, data: dict) -> list[Reply]:
        """Gửi: open the request and tell the village team (or the coordinators)."""
        new = new_request(msg, data)
        if new.village_id is not None:
            recipients = await self.s.store.village_team(new.village_id)
        else:
            recipients = []
        to_coordinators = not recipients
        if to_coordinators:
            recipients = await self.s.store.coordinators(new.commune_code)
        reachable = [c for c in recipients if c.accounts]
        commune = self.s.directory.get(new.commune_code)
        commune_name = commune.name if commune else new.commune_code
        if not reachable:
            return [Reply(texts.NOBODY_TO_SEND.format(commune=commune_name))]
        opened = await self.s.store.open(
            new, max_per_day=self.s.settings.max_per_day, to_coordinators=to_coordinators,
            notices=self.notices.opened(reachable, to_coordinators=to_coordinators))
        if opened.outcome == "same_service" and opened.request:
            return [Reply(texts.SAME_SERVICE_OPEN.format(id=opened.request.id))]
        if opened.outcome == "too_many" or opened.request is None:
            return [Reply(texts.TOO_MANY.format(max=self.s.settings.max_per_day))]
        request = opened.request
        log.info("help request %s opened on %s", request.id, msg.sender.platform)
        await self.s.outbox.deliver_due()
        if to_coordinators:
            text = texts.SENT_TO_COORDINATORS.format(id=request.id, count=len(reachable),
                                                     commune=commune_name)
        else:
            text = texts.SENT_TO_TEAM.format(id=request.id, count=len(reachable),
                                             village=village_text(request))
        return [Reply(_with_note(text, self.s.held_note(ctx.clock())))]

    # --- /yeucau ----------------------------------------------------------------------------

    async def requests(self, ctx: Context, msg: Incoming) -> list[Reply]:
        principal = ctx.principal
        if principal.at_least(Role.COMMUNE_COORDINATOR):
            return await self._scope_list(ctx)
        replies = []
        if principal.member_id is not None:
            replies += await self._member_list(ctx)
        mine = await self.s.store.of_villager(*msg.sender.key)
        if mine:
            lines = [texts.MINE_HEAD] + [self._mine_line(r) for r in mine]
            options: list[Option] = []
            for request in mine:
                if request.state == "taken":
                    options.append(option(texts.OPTION_MESSAGE_TAKER, "msg", request))
                options.append(option(texts.OPTION_CANCEL_REQUEST, "cancel", request))
            replies.append(Reply("\n".join(lines), options=tuple(options)))
        if not replies:
            replies.append(Reply(texts.MEMBER_NONE if principal.member_id else texts.MINE_NONE))
        return replies

    def _mine_line(self, request: HelpRequest) -> str:
        state = texts.STATE_TAKEN.format(name=request.taker_name) if request.state == "taken" \
            else texts.STATE_OPEN
        return texts.MINE_LINE.format(id=request.id, service=self.s.catalog.name(
            request.service_code), state=state, created=_local(request.created_at))

    async def _member_list(self, ctx: Context) -> list[Reply]:
        principal = ctx.principal
        assert principal.member_id is not None
        replies = []
        taken = await self.s.store.taken_by(principal.member_id)
        if taken:
            options = tuple(o for r in taken for o in taker_options(r))
            lines = [texts.MY_TAKEN_HEAD] + [f"#{r.id} {self.s.catalog.name(r.service_code)}"
                                             f" — {r.detail}" for r in taken]
            replies.append(Reply("\n".join(lines), options=options))
        if principal.village_id is not None:
            waiting = await self.s.store.open_in_village(principal.village_id)
            if waiting:
                village = waiting[0].village_name
                lines = [texts.VILLAGE_OPEN_HEAD.format(village=village)]
                lines += [f"#{r.id} {self.s.catalog.name(r.service_code)} — {r.detail}"
                          for r in waiting]
                replies.append(Reply("\n".join(lines), options=tuple(
                    option(texts.OPTION_TAKE, "take", r) for r in waiting[:MAX_LISTED])))
        return replies

    async def _scope_list(self, ctx: Context) -> list[Reply]:
        principal = ctx.principal
        commune = None if principal.at_least(Role.PROVINCE_COORDINATOR) else \
            principal.commune_code
        found = await self.s.store.open_in(commune)
        if not found:
            return [Reply(texts.SCOPE_NONE)]
        now = ctx.clock()
        found.sort(key=lambda r: (not r.overdue, r.created_at))
        lines = [texts.SCOPE_HEAD.format(count=len(found))]
        options: list[Option] = []
        for request in found[:MAX_LISTED]:
            lines.append(self._scope_line(request, principal, now))
            if request.state == "open":
                options.append(option(texts.OPTION_ASSIGN, "assign", request))
            options.append(option(texts.OPTION_CLOSE, "close", request))
        if len(found) > MAX_LISTED:
            lines.append(texts.SCOPE_MORE.format(count=len(found) - MAX_LISTED))
        return [Reply("\n".join(lines), options=tuple(options))]

    def _scope_line(self, request: HelpRequest, principal: Principal, now) -> str:
        hours = int((now - from_iso(request.created_at)).total_seconds() // 3600)
        age = texts.AGE_DAYS.format(days=hours // 24) if hours >= 48 else \
            texts.AGE_HOURS.format(hours=hours)
        state = texts.STATE_TAKEN.format(name=request.taker_name) \
            if request.state == "taken" else texts.STATE_OPEN
        line = texts.SCOPE_LINE.format(
            id=request.id, village=village_text(request), service=self.s.catalog.name(
                request.service_code), state=state, age=age,
            overdue=texts.OVERDUE_MARK if request.overdue and request.state == "open" else "")
        own_commune = principal.role == Role.COMMUNE_COORDINATOR and \
            principal.commune_code == request.commune_code
        if request.phone and own_commune:
            line += f" ☎ {display_phone(request.phone)}"
        return line

    # --- buttons -----------------------------------------------------------------------------

    async def pressed(self, ctx: Context, msg: Incoming) -> list[Reply]:
        pressed = Payload.parse(msg.payload)
        name = pressed.part(0)
        if not msg.is_private:  # a request's details and phone never go to a group
            return [Reply(texts.PRIVATE_ONLY)]
        if name == "new":
            return await self.ask.start(ctx, msg, Then.REQUEST)
        if name == "team":
            return await self.team(ctx, msg)
        if name == "list":
            return await self._listing_pressed(ctx, pressed.part(1))
        request_id = pressed.part(1)
        request = await self.s.store.get(int(request_id)) if request_id.isdigit() else None
        if request is None:
            return [Reply(texts.REQUEST_GONE)]
        handlers = {"take": self._take, "done": self._done, "msg": self._message,
                    "cancel": self._cancel, "fb": self._feedback, "assign": self._assign,
                    "to": self._assigned, "close": self._close}
        handler = handlers.get(name)
        if handler is None:
            return [Reply(texts.REQUEST_GONE)]
        return await handler(ctx, msg, request, pressed.rest(2))

    async def _take(self, ctx: Context, msg: Incoming, request: HelpRequest,
                    _: str) -> list[Reply]:
        principal = ctx.principal
        if principal.member_id is None:
            return [Reply(texts.NOT_A_MEMBER_NOW)]
        in_team = request.village_id is not None and principal.village_id == request.village_id
        if not in_team and not sees_commune(principal, request.commune_code):
            return [Reply(texts.NOT_IN_TEAM.format(village=village_text(request)))]
        won, now = await self.s.store.take(request.id, principal.member_id,
                                           notices=self.notices.taken())
        if not won or now is None:
            if now is not None and now.state == "taken":
                return [Reply(texts.TAKEN_LOST.format(id=request.id, name=now.taker_name))]
            return [Reply(texts.REQUEST_GONE)]
        log.info("help request %s taken by member %s", request.id, principal.member_id)
        await self.s.outbox.deliver_due()
        return [Reply(texts.TAKEN_WON.format(id=now.id, details=details(now, self.s.catalog),
                                             contact=contact_line(now)),
                      options=taker_options(now))]

    async def _done(self, ctx: Context, msg: Incoming, request: HelpRequest,
                    _: str) -> list[Reply]:
        member_id = ctx.principal.member_id
        closed = None
        if member_id is not None:
            closed = await self.s.store.close(request.id, "taker", state="closed",
                                              notices=self.notices.closed(),
                                              only_taker=member_id)
        if closed is None:
            return [Reply(texts.DONE_NOT_YOURS.format(id=request.id))]
        log.info("help request %s closed by its taker", request.id)
        await self.s.outbox.deliver_due()
        head = Reply(texts.DONE_THEN_LOG.format(id=request.id))
        if self.logging is None or ctx.principal.village_id is None:
            return [head]
        logged = await self.logging.prefilled(
            ctx, msg, service=request.service_code, note=texts.LOG_NOTE.format(id=request.id),
            key=f"request:{request.id}")
        return [head, *logged]

    async def _message(self, ctx: Context, msg: Incoming, request: HelpRequest,
                       _: str) -> list[Reply]:
        side = self._side(ctx, msg, request)
        if side is None:
            return [Reply(texts.REQUEST_GONE)]
        if request.state != "taken":
            return [Reply(texts.RELAY_CLOSED.format(id=request.id))]
        return await self.relay.start(ctx, msg, "text", {"id": request.id, "from": side,
                                                          "taker": request.taker_name})

    def _side(self, ctx: Context, msg: Incoming, request: HelpRequest) -> str | None:
        """Who is writing about `request`: "villager", "taker" or None (neither)."""
        if request.is_villager(*msg.sender.key):
            return "villager"
        if request.taken_by is not None and ctx.principal.member_id == request.taken_by:
            return "taker"
        return None

    async def _cancel(self, ctx: Context, msg: Incoming, request: HelpRequest,
                      _: str) -> list[Reply]:
        closed = await self.s.store.close(request.id, "villager", state="cancelled",
                                          notices=self.notices.closed(by_villager=True),
                                          only_villager=msg.sender.key)
        if closed is None:
            return [Reply(texts.REQUEST_GONE)]
        log.info("help request %s cancelled by the villager", request.id)
        await self.s.outbox.deliver_due()
        return [Reply(texts.VILLAGER_CANCEL_DONE.format(id=request.id))]

    async def _feedback(self, ctx: Context, msg: Incoming, request: HelpRequest,
                        value: str) -> list[Reply]:
        if value not in ("1", "-1") or not await self.s.store.feedback(
                request.id, *msg.sender.key, value=int(value)):
            return [Reply(texts.FEEDBACK_NOT_YOURS)]
        return await self.feedback.start(ctx, msg, "text", {"id": request.id})

    async def _assign(self, ctx: Context, msg: Incoming, request: HelpRequest,
                      _: str) -> list[Reply]:
        if not sees_commune(ctx.principal, request.commune_code):
            return [Reply(texts.OUT_OF_SCOPE)]
        team = await self.s.store.village_team(request.village_id)
        if not team:
            members = await self.registry.members(commune_code=request.commune_code,
                                                  statuses=("approved",))
            team = [c for m in members[:MAX_LISTED * 2]
                    if (c := await self.s.store.contact(m.id)) is not None]
        if not team:
            return [Reply(texts.NO_ASSIGNEE.format(id=request.id))]
        return [Reply(texts.PICK_ASSIGNEE.format(id=request.id), options=tuple(
            option(f"{c.full_name} ({role_label(c.team_role)})", "to", request, c.member_id)
            for c in team[:MAX_LISTED * 2]))]

    async def _assigned(self, ctx: Context, msg: Incoming, request: HelpRequest,
                        value: str) -> list[Reply]:
        if not sees_commune(ctx.principal, request.commune_code):
            return [Reply(texts.OUT_OF_SCOPE)]
        member = await self.registry.by_id(int(value)) if value.isdigit() else None
        if member is None or member.status != "approved" or \
                member.commune_code != request.commune_code:
            return [Reply(texts.NO_ASSIGNEE.format(id=request.id))]
        by = f"{msg.sender.platform}:{msg.sender.user_id}"
        won, _ = await self.s.store.take(request.id, member.id, assigned_by=by,
                                         notices=self.notices.taken(assigned=True))
        if not won:
            return [Reply(texts.REQUEST_GONE)]
        log.info("help request %s assigned by a coordinator", request.id)
        await self.s.outbox.deliver_due()
        return [Reply(texts.ASSIGNED.format(id=request.id, name=member.full_name))]

    async def _close(self, ctx: Context, msg: Incoming, request: HelpRequest,
                     _: str) -> list[Reply]:
        if not sees_commune(ctx.principal, request.commune_code):
            return [Reply(texts.OUT_OF_SCOPE)]
        closed = await self.s.store.close(request.id, "coordinator", state="cancelled",
                                          notices=self.notices.closed())
        if closed is None:
            return [Reply(texts.REQUEST_GONE)]
        log.info("help request %s closed by a coordinator", request.id)
        await self.s.outbox.deliver_due()
        return [Reply(texts.CLOSED_BY_COORDINATOR.format(id=request.id))]

    # --- the relay ---------------------------------------------------------------------------

    def _ask_relay(self, turn: Turn) -> Reply:
        if turn.data["from"] == "villager":
            return Reply(texts.ASK_RELAY_TO_MEMBER.format(
                id=turn.data["id"], name=turn.data.get("taker", "người nhận")))
        return Reply(texts.ASK_RELAY_TO_VILLAGER.format(id=turn.data["id"]))

    async def _relay_still_open(self, turn: Turn) -> list[Reply] | None:
        if not turn.msg.is_private:
            return [Reply(texts.PRIVATE_ONLY)]
        request = await self.s.store.get(turn.data["id"])
        if request is None or request.state != "taken" or \
                self._side(turn.ctx, turn.msg, request) != turn.data["from"]:
            return [Reply(texts.RELAY_CLOSED.format(id=turn.data["id"]))]
        return None

    async def _relayed(self, turn: Turn, text: str) -> Next:
        if not text:
            raise Retry(texts.RELAY_TYPE_TEXT)
        if len(text) > MAX_RELAY_CHARS:
            raise Retry(texts.RELAY_TOO_LONG.format(length=len(text), max=MAX_RELAY_CHARS))
        request = await self.s.store.get(turn.data["id"])
        assert request is not None  # checked by the precheck
        key = f"relay:{request.id}:{turn.msg.sender.platform}:{turn.msg.update_id}"
        reply_option = (option(texts.OPTION_REPLY, "msg", request),)
        if turn.data["from"] == "villager":
            taker = await self.s.store.contact(request.taken_by or 0)
            reply = Reply(texts.RELAY_FROM_VILLAGER.format(id=request.id, text=text),
                          options=reply_option)
            builder = self.notices.relay(key, reply, [taker] if taker else [], request)
        else:
            reply = Reply(texts.RELAY_FROM_MEMBER.format(name=request.taker_name, id=request.id,
                                                         text=text), options=reply_option)
            builder = self.notices.relay(key, reply, None, request)
        if await self.s.store.notify(request.id, builder) is None:
            return Done([Reply(texts.RELAY_CLOSED.format(id=request.id))])
        await self.s.outbox.deliver_due()
        return Done([Reply(_with_note(texts.RELAY_SENT, self.s.held_note(turn.ctx.clock())))])

    # --- feedback ------------------------------------------------------------------------------

    async def _feedback_text(self, turn: Turn, text: str) -> Next:
        await self.s.store.feedback(turn.data["id"], *turn.msg.sender.key,
                                    text=" ".join(text.split())[:MAX_FEEDBACK_CHARS])
        return Done([Reply(texts.FEEDBACK_THANKS)])

    def _feedback_skip(self, turn: Turn, value: str) -> Next:
        return Done([Reply(texts.FEEDBACK_THANKS)])

    # --- /congkhai ---------------------------------------------------------------------------

    async def listing(self, ctx: Context, msg: Incoming) -> list[Reply]:
        assert ctx.principal.member_id is not None
        now = await self.s.store.listing_of(ctx.principal.member_id)
        return [Reply(texts.LISTING_ASK.format(now=_listing_text(now)), options=tuple(
            Option(label, f"{PREFIX}:list:{code}")
            for code, label in texts.OPTION_LISTING.items()))]

    async def _listing_pressed(self, ctx: Context, value: str) -> list[Reply]:
        if ctx.principal.member_id is None or value not in texts.OPTION_LISTING:
            return [Reply(texts.NOT_A_MEMBER_NOW)]
        await self.s.store.set_listing(ctx.principal.member_id, value != "none",
                                       value == "phone")
        now = await self.s.store.listing_of(ctx.principal.member_id)
        return [Reply(texts.LISTING_SAVED.format(now=_listing_text(now)))]


async def _private_only(turn: Turn) -> list[Reply] | None:
    """A dialog about a request stops when it is continued in a group chat."""
    return None if turn.msg.is_private else [Reply(texts.PRIVATE_ONLY)]


def _listing_text(now: tuple[bool, bool] | None) -> str:
    if not now or not now[0]:
        return texts.LISTING_HIDDEN
    return texts.LISTING_PHONE if now[1] else texts.LISTING_NAME


def _with_note(text: str, note: str) -> str:
    return f"{text}\n{note}" if note else text


def _local(stamp: str) -> str:
    return local_text(from_iso(stamp))

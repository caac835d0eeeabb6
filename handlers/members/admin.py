"""Coordinators and admins: deciding requests (/choduyet) and appointing coordinators."""

from __future__ import annotations

import logging
import re

from core.dialogs import MORE, Payload, payload
from core.model import Incoming, Option, Reply
from core.paging import TYPED_CHARS, Page
from core.roles import Principal, Role
from core.router import CommandSpec, Context, Router
from faq.normalize import fold
from handlers.members.common import (
    APPROVAL_PREFIX,
    MembersServices,
    account_of,
    notify_accounts,
    request_reply,
)
from members import texts, validation
from members.approvals import Decision
from members.model import Account, CoordinatorLevel, Member, Request
from members.places import COMMUNE_PAGE, Commune, means_province
from members.principals import sees_commune
from members.validation import Invalid

log = logging.getLogger(__name__)
APPOINT_PREFIX = "appoint"
MAX_LISTED_REQUESTS = 10
_APPOINT_ARGS = re.compile(r"^\s*(\+?\d[\d .\-]{7,16}\d)\s*(.*)$")


def scope_of(principal: Principal) -> str | None:
    """The commune a coordinator may see; None for the whole province."""
    return None if principal.at_least(Role.PROVINCE_COORDINATOR) else principal.commune_code


class AdminHandlers:
    """Approve or reject requests; appoint and dismiss coordinators."""

    def __init__(self, services: MembersServices) -> None:
        self.s = services

    def register(self, router: Router) -> None:
        d = texts.COMMAND_DESCRIPTIONS
        router.command(CommandSpec("choduyet", self.pending, d["choduyet"], aliases=("pending",),
                                   min_role=Role.COMMUNE_COORDINATOR, private_only=True))
        router.command(CommandSpec("bonhiem", self.appoint, d["bonhiem"], aliases=("appoint",),
                                   min_role=Role.ADMIN, private_only=True))
        router.command(CommandSpec("miennhiem", self.dismiss, d["miennhiem"],
                                   aliases=("dismiss",), min_role=Role.ADMIN, private_only=True))
        router.button(APPROVAL_PREFIX, self.decide_pressed, private_only=True)
        router.button(APPOINT_PREFIX, self.appoint_pressed, private_only=True)

    # --- requests ---------------------------------------------------------------------------

    async def pending(self, ctx: Context, msg: Incoming) -> list[Reply]:
        requests = await self.s.approvals.open_requests(scope_of(ctx.principal))
        if not requests:
            return [Reply(texts.NO_PENDING)]
        replies = [Reply(texts.PENDING_HEADER.format(count=len(requests)))]
        for request in requests[:MAX_LISTED_REQUESTS]:
            member = await self.s.registry.by_id(request.member_id)
            if member is not None:
                replies.append(request_reply(request, member))
        if len(requests) > MAX_LISTED_REQUESTS:
            replies.append(Reply(texts.PENDING_MORE.format(
                count=len(requests) - MAX_LISTED_REQUESTS)))
        return replies

    async def decide_pressed(self, ctx: Context, msg: Incoming) -> list[Reply]:
        """ "appr:<request id>:y|n", pressed in a notification or in /choduyet."""
        pressed = Payload.parse(msg.payload)
        request_id, verdict = pressed.part(0), pressed.part(1)
        if len(pressed.parts) != 2 or not request_id.isdigit() or verdict not in ("y", "n"):
            return [Reply(texts.OLD_CHOICE)]
        if not ctx.principal.at_least(Role.COMMUNE_COORDINATOR):
            return [Reply(texts.CANNOT_DECIDE)]
        request = await self.s.approvals.request(int(request_id))
        if request is None or not sees_commune(ctx.principal, request.commune_code):
            return [Reply(texts.CANNOT_DECIDE)]
        if request.member_id == ctx.principal.member_id and not ctx.principal.at_least(
                Role.ADMIN):
            return [Reply(texts.CANNOT_DECIDE_OWN)]
        member_before = await self.s.registry.by_id(request.member_id)
        decision = await self.s.approvals.decide(request.id, verdict == "y", account_of(msg))
        if decision.outcome == "decided":
            return [Reply(texts.ALREADY_DECIDED)]
        if decision.outcome in ("missing", "conflict") or member_before is None:
            return [Reply(texts.DECISION_CONFLICT)]
        await self._tell_member(ctx, decision, request, member_before)
        log.info("request %s %s by %s", request.id, decision.outcome, msg.sender.platform)
        done = texts.DECIDED_APPROVED if decision.outcome == "approved" else texts.DECIDED_REJECTED
        return [Reply(done.format(name=member_before.full_name))]

    async def _tell_member(self, ctx: Context, decision: Decision, request: Request,
                           member: Member) -> None:
        text = texts.OUTCOME_MESSAGES[(request.kind, decision.outcome)]
        if request.kind == "change":
            accounts = await self.s.registry.accounts_of(member.id)
        else:
            accounts = [Account(request.platform or "", request.user_id or "",
                                chat_id=request.chat_id)]
        await notify_accounts(ctx, accounts, text)

    # --- coordinators -----------------------------------------------------------------------

    async def _approved_member(self, phone_text: str) -> Member | str:
        try:
            phone = validation.phone(phone_text)
        except Invalid as error:
            return str(error)
        member = await self.s.registry.by_phone(phone)
        if member is None or member.status != "approved":
            return texts.NOT_AN_APPROVED_MEMBER
        return member

    async def appoint(self, ctx: Context, msg: Incoming) -> list[Reply]:
        """ "/bonhiem 0912345678 Quảng Phú" or "/bonhiem 0912345678 tỉnh"."""
        match = _APPOINT_ARGS.match(msg.args)
        if not match or not match.group(2).strip():
            return [Reply(texts.APPOINT_USAGE)]
        member = await self._approved_member(match.group(1))
        if isinstance(member, str):
            return [Reply(member)]
        place = match.group(2).strip()
        if means_province(place):
            return await self._appoint(ctx, msg, member, None)
        found = self._communes(place)
        if not found:
            return [Reply(texts.COMMUNE_NOT_FOUND.format(
                text=place[:60], province=self.s.directory.province_name))]
        if len(found) == 1:
            return await self._appoint(ctx, msg, member, found[0].code)
        return [self._which_commune(member.id, found, place, 0)]

    def _communes(self, place: str) -> list[Commune]:
        exact = self.s.directory.exact(place)
        return [exact] if exact else self.s.directory.matches(place)

    @staticmethod
    def _which_commune(member_id: int, found: list[Commune], place: str, offset: int) -> Reply:
        """A screen of the communes `place` matches, and «Xem thêm» while more are left."""
        page = Page.of(found, offset, COMMUNE_PAGE)
        typed = fold(place)[:TYPED_CHARS]
        options = (*(Option(c.name, payload(APPOINT_PREFIX, member_id, c.code))
                     for c in page.items),
                   *page.more(lambda next_offset: payload(
                       APPOINT_PREFIX, member_id, MORE, next_offset, typed)))
        return Reply(texts.APPOINT_WHICH_COMMUNE, options=options)

    async def appoint_pressed(self, ctx: Context, msg: Incoming) -> list[Reply]:
        pressed = Payload.parse(msg.payload)
        member_id, commune_code = pressed.part(0), pressed.part(1)
        if not ctx.principal.at_least(Role.ADMIN):
            return [Reply(texts.CANNOT_DECIDE)]
        if commune_code == MORE and member_id.isdigit() and pressed.part(2).isdigit():
            found = self._communes(pressed.rest(3))
            return [self._which_commune(int(member_id), found, pressed.rest(3),
                                        int(pressed.part(2)))]
        if (len(pressed.parts) != 2 or not member_id.isdigit()
                or self.s.directory.get(commune_code) is None):
            return [Reply(texts.OLD_CHOICE)]
        member = await self.s.registry.by_id(int(member_id))
        if member is None or member.status != "approved":
            return [Reply(texts.NOT_AN_APPROVED_MEMBER)]
        return await self._appoint(ctx, msg, member, commune_code)

    async def _appoint(self, ctx: Context, msg: Incoming, member: Member,
                       commune_code: str | None) -> list[Reply]:
        level: CoordinatorLevel = "province" if commune_code is None else "commune"
        await self.s.approvals.appoint(member.id, level, commune_code, account_of(msg))
        commune = self.s.directory.get(commune_code)
        duty = texts.COORDINATOR_LABELS[level].format(commune=commune.name if commune else "")
        await notify_accounts(ctx, await self.s.registry.accounts_of(member.id),
                              texts.APPOINTED_NOTICE.format(duty=duty))
        return [Reply(texts.APPOINTED.format(name=member.full_name, duty=duty))]

    async def dismiss(self, ctx: Context, msg: Incoming) -> list[Reply]:
        if not msg.args.strip():
            return [Reply(texts.DISMISS_USAGE)]
        member = await self._approved_member(msg.args)
        if isinstance(member, str):
            return [Reply(member)]
        if not await self.s.approvals.dismiss(member.id):
            return [Reply(texts.NOT_A_COORDINATOR.format(name=member.full_name))]
        await notify_accounts(ctx, await self.s.registry.accounts_of(member.id),
                              texts.DISMISSED_NOTICE)
        return [Reply(texts.DISMISSED.format(name=member.full_name))]

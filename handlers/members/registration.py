"""/dangky: the registration dialog, one question a step, state kept in SQLite."""

from __future__ import annotations

import logging
from enum import StrEnum
from typing import Any

from core.dialogs import Done, Goto, Next, Step, StepDialog, Turn
from core.model import Incoming, Reply
from core.router import CommandSpec, Context, Router
from handlers.members.common import (
    MembersServices,
    account_of,
    notify_reviewers,
    registration_lines,
)
from handlers.members.steps import SharedSteps
from members import texts, validation
from members.registry import NewMember
from members.validation import Invalid

log = logging.getLogger(__name__)

DIALOG = "members_register"
PREFIX = "reg"


class RegStep(StrEnum):
    """The registration dialog's steps (a *_PICK step offers what a typed answer found)."""

    NAME = "name"
    PHONE = "phone"
    CLAIM = "claim"
    COMMUNE = "commune"
    COMMUNE_PICK = "commune_pick"
    VILLAGE = "village"
    VILLAGE_PICK = "village_pick"
    ROLE = "role"
    ORG = "org"
    CONFIRM = "confirm"


class RegistrationDialog:
    """Name → phone → commune → village → team role → organisation → summary."""

    def __init__(self, services: MembersServices) -> None:
        self.s = services
        plain = self._plain
        shared = SharedSteps(services, PREFIX, texts.REGISTER_STEPS)
        self.dialog = StepDialog(DIALOG, PREFIX, {
            RegStep.NAME: Step(plain, text=self._name),
            RegStep.PHONE: Step(plain, text=self._phone),
            RegStep.CLAIM: Step(self._ask_claim, text=self._phone, button=self._claim_pressed),
            RegStep.COMMUNE: Step(plain, text=shared.commune_typed(RegStep.COMMUNE_PICK)),
            RegStep.COMMUNE_PICK: shared.commune_pick(
                RegStep.COMMUNE_PICK, retype=RegStep.COMMUNE, then=RegStep.VILLAGE),
            RegStep.VILLAGE: Step(plain, text=shared.village_typed(RegStep.VILLAGE_PICK)),
            RegStep.VILLAGE_PICK: shared.village_pick(
                RegStep.VILLAGE_PICK, retype=RegStep.VILLAGE, then=lambda turn, _: RegStep.ROLE),
            RegStep.ROLE: shared.role(RegStep.ROLE, then=self._role),
            RegStep.ORG: shared.organisation(RegStep.ORG, then=self._org),
            RegStep.CONFIRM: Step(self._ask_confirm, button=self._confirm_pressed),
        }, retry_on=(Invalid,), old_choice=texts.OLD_CHOICE, choose_please=texts.CHOOSE_PLEASE,
            type_please=texts.TYPE_PLEASE)

    def register(self, router: Router) -> None:
        router.command(CommandSpec(
            "dangky", self.start, texts.COMMAND_DESCRIPTIONS["dangky"],
            aliases=("register",), private_only=True, audience="unregistered",
        ))
        router.dialog(DIALOG, self.dialog.handle, prefix=PREFIX, private_only=True)

    async def start(self, ctx: Context, msg: Incoming) -> list[Reply]:
        member = await self.s.registry.by_account(msg.sender.platform, msg.sender.user_id)
        if member is not None and member.active:
            return [Reply(texts.ALREADY_REGISTERED.format(
                status=texts.STATUS_LABELS[member.status]))]
        return [Reply(texts.REGISTER_INTRO), *await self.dialog.start(ctx, msg, RegStep.NAME)]

    # --- asking -----------------------------------------------------------------------------

    @staticmethod
    def _plain(turn: Turn) -> Reply:
        return Reply(texts.REGISTER_STEPS[turn.dialog.step])

    def _ask_claim(self, turn: Turn) -> Reply:
        return Reply(texts.REGISTER_STEPS[RegStep.CLAIM], options=self.dialog.options(
            RegStep.CLAIM, ((texts.OPTION_CLAIM_YES, "yes"), (texts.OPTION_CLAIM_NO, "no"))))

    def _ask_confirm(self, turn: Turn) -> Reply:
        text = texts.REGISTER_STEPS[RegStep.CONFIRM].format(summary=self.summary(turn.data))
        return Reply(text, options=self.dialog.options(RegStep.CONFIRM, (
            (texts.OPTION_SEND, "send"), (texts.OPTION_RESTART, "restart"))))

    def summary(self, data: dict[str, Any]) -> str:
        commune = self.s.directory.get(data["commune"])
        return "\n".join(registration_lines(
            data["name"], data["phone"], commune.name if commune else data["commune"],
            data["village_name"], data["role"], data["org"]))

    # --- reading answers --------------------------------------------------------------------

    def _name(self, turn: Turn, text: str) -> Next:
        turn.data["name"] = validation.full_name(text)
        return RegStep.PHONE

    async def _phone(self, turn: Turn, text: str) -> Next:
        phone = validation.phone(text)
        existing = await self.s.registry.by_phone(phone)
        turn.data["phone"] = phone
        if existing is not None:
            sender = turn.msg.sender
            accounts = await self.s.registry.accounts_of(existing.id)
            mine = any(a.platform == sender.platform and a.user_id == sender.user_id
                       for a in accounts)
            if accounts and not mine:
                return Goto(RegStep.PHONE, texts.PHONE_TAKEN)
            if not accounts:
                return RegStep.CLAIM
        return RegStep.COMMUNE

    async def _claim_pressed(self, turn: Turn, value: str) -> Next:
        if value == "yes":
            return await self._claim(turn)
        return RegStep.PHONE

    @staticmethod
    def _role(turn: Turn, role: str) -> Next:
        turn.data["role"] = role
        return RegStep.ORG

    @staticmethod
    def _org(turn: Turn, organisation: str) -> Next:
        turn.data["org"] = organisation
        return RegStep.CONFIRM

    async def _confirm_pressed(self, turn: Turn, value: str) -> Next:
        if value == "send":
            return await self._send(turn)
        turn.dialog.data = {}
        return RegStep.NAME

    # --- finishing --------------------------------------------------------------------------

    async def _send(self, turn: Turn) -> Next:
        data, msg = turn.data, turn.msg
        new = NewMember(data["name"], data["phone"], data["commune"], data["village_key"],
                        data["village_name"], data["role"], data["org"], data.get("village_id"))
        result = await self.s.registry.register(account_of(msg), new)
        if result.outcome == "duplicate":
            return Goto(RegStep.PHONE, texts.PHONE_TAKEN)
        if result.outcome == "member":
            return Done([Reply(texts.ALREADY_REGISTERED.format(
                status=texts.STATUS_LABELS["pending"]))])
        if result.outcome == "claim":
            return Done(await self._claimed(turn.ctx, result.request_id))
        log.info("registration %s from %s", result.member_id, msg.sender.platform)
        assert result.request_id is not None
        if not await notify_reviewers(self.s, turn.ctx, result.request_id):
            return Done([Reply(texts.REGISTER_NO_REVIEWER)])
        return Done([Reply(texts.REGISTER_SENT)])

    async def _claim(self, turn: Turn) -> Next:
        new = NewMember("", turn.data["phone"], "", "", "", "member", "other")
        result = await self.s.registry.register(account_of(turn.msg), new)
        if result.outcome != "claim":
            return Goto(RegStep.PHONE, texts.PHONE_TAKEN)
        return Done(await self._claimed(turn.ctx, result.request_id))

    async def _claimed(self, ctx: Context, request_id: int | None) -> list[Reply]:
        assert request_id is not None
        if not await notify_reviewers(self.s, ctx, request_id):
            return [Reply(texts.REGISTER_NO_REVIEWER)]
        return [Reply(texts.CLAIM_SENT)]

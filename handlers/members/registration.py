"""/dangky: the registration dialog, one question a step, state kept in SQLite."""

from __future__ import annotations

import logging
from enum import StrEnum
from typing import Any

from core.dialogs import Done, Goto, Next, Retry, Step, StepDialog, Turn
from core.model import Incoming, Option, Reply
from core.router import CommandSpec, Context, Router
from handlers.members.common import (
    NEW_VILLAGE,
    RETYPE,
    MembersServices,
    account_of,
    commune_matches,
    commune_options,
    notify_reviewers,
    registration_lines,
    village_choice,
    village_reply_from,
)
from members import texts, validation
from members.model import ORGANISATIONS, TEAM_ROLES
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


def role_options(dialog: StepDialog, step: str) -> tuple[Option, ...]:
    return dialog.options(step, ((texts.TEAM_ROLE_LABELS[r], r) for r in TEAM_ROLES))


def organisation_options(dialog: StepDialog, step: str) -> tuple[Option, ...]:
    return dialog.options(step, ((texts.ORGANISATION_LABELS[o], o) for o in ORGANISATIONS))


def store_village_choice(data: dict[str, Any], key: str, name: str, choice: Any) -> None:
    """Keep a typed village and what it matched in the dialog, for the confirmation step."""
    data.update(
        village_key=key, village_name=name,
        village_same={"id": choice.same.id, "name": choice.same.name,
                      "key": choice.same.match_key} if choice.same else None,
        village_close=[{"id": v.id, "name": v.name, "key": v.match_key} for v in choice.close],
        village_commune=choice.commune,
    )


def offered_village(data: dict[str, Any], value: str) -> dict[str, Any] | None:
    """The village a pressed button names, among those the dialog offered."""
    offered = {v["id"]: v for v in [data.get("village_same"), *data["village_close"]] if v}
    return offered.get(int(value)) if value.isdigit() else None


class RegistrationDialog:
    """Name → phone → commune → village → team role → organisation → summary."""

    def __init__(self, services: MembersServices) -> None:
        self.s = services
        plain = self._plain
        self.dialog = StepDialog(DIALOG, PREFIX, {
            RegStep.NAME: Step(plain, text=self._name),
            RegStep.PHONE: Step(plain, text=self._phone),
            RegStep.CLAIM: Step(self._ask_claim, text=self._phone, button=self._claim_pressed),
            RegStep.COMMUNE: Step(plain, text=self._commune_typed),
            RegStep.COMMUNE_PICK: Step(self._ask_commune, text=self._commune_typed,
                                       button=self._commune_pressed),
            RegStep.VILLAGE: Step(plain, text=self._village_typed),
            RegStep.VILLAGE_PICK: Step(self._ask_village, text=self._village_typed,
                                       button=self._village_pressed),
            RegStep.ROLE: Step(self._ask_role, text=self._role_typed, button=self._role_pressed),
            RegStep.ORG: Step(self._ask_org, text=self._org_typed, button=self._org_pressed),
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

    def _ask_commune(self, turn: Turn) -> Reply:
        communes = [self.s.directory.get(code) for code in turn.data.get("communes", [])]
        return Reply(texts.REGISTER_STEPS[RegStep.COMMUNE_PICK], options=commune_options(
            [c for c in communes if c], self.dialog, RegStep.COMMUNE_PICK))

    def _ask_village(self, turn: Turn) -> Reply:
        return village_reply_from(turn.data, self.dialog, RegStep.VILLAGE_PICK)

    def _ask_role(self, turn: Turn) -> Reply:
        return Reply(texts.REGISTER_STEPS[RegStep.ROLE],
                     options=role_options(self.dialog, RegStep.ROLE))

    def _ask_org(self, turn: Turn) -> Reply:
        return Reply(texts.REGISTER_STEPS[RegStep.ORG],
                     options=organisation_options(self.dialog, RegStep.ORG))

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

    def _commune_typed(self, turn: Turn, text: str) -> Next:
        turn.data["communes"] = [c.code for c in commune_matches(self.s.directory, text)]
        return RegStep.COMMUNE_PICK

    def _commune_pressed(self, turn: Turn, value: str) -> Next:
        if value == RETYPE:
            return RegStep.COMMUNE
        if value not in turn.data.get("communes", []):
            raise Retry(texts.OLD_CHOICE)
        turn.data["commune"] = value
        return RegStep.VILLAGE

    async def _village_typed(self, turn: Turn, text: str) -> Next:
        key, name = validation.village(text)
        choice = await village_choice(self.s, turn.data["commune"], key, name)
        store_village_choice(turn.data, key, name, choice)
        return RegStep.VILLAGE_PICK

    def _village_pressed(self, turn: Turn, value: str) -> Next:
        data = turn.data
        if value == RETYPE:
            return RegStep.VILLAGE
        if value == NEW_VILLAGE:
            data["village_id"] = None
            return RegStep.ROLE
        chosen = offered_village(data, value)
        if chosen is None:
            raise Retry(texts.OLD_CHOICE)
        data.update(village_id=chosen["id"], village_name=chosen["name"],
                    village_key=chosen["key"])
        return RegStep.ROLE

    def _role_typed(self, turn: Turn, text: str) -> Next:
        turn.data["role"] = validation.team_role(text)
        return RegStep.ORG

    def _role_pressed(self, turn: Turn, value: str) -> Next:
        if value not in TEAM_ROLES:
            raise Retry(texts.OLD_CHOICE)
        turn.data["role"] = value
        return RegStep.ORG

    def _org_typed(self, turn: Turn, text: str) -> Next:
        turn.data["org"] = validation.organisation(text)
        return RegStep.CONFIRM

    def _org_pressed(self, turn: Turn, value: str) -> Next:
        if value not in ORGANISATIONS:
            raise Retry(texts.OLD_CHOICE)
        turn.data["org"] = value
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

"""/dangky: the registration dialog, one question a step, state kept in SQLite."""

from __future__ import annotations

import logging

from core.dialogs import Dialog
from core.model import EventKind, Incoming, Option, Reply
from core.router import CommandSpec, Context, Router
from handlers.members.common import (
    MembersServices,
    account_of,
    commune_matches,
    commune_options,
    notify_reviewers,
    village_choice,
    village_reply_from,
)
from members import texts, validation
from members.model import ORGANISATIONS, TEAM_ROLES
from members.registry import NewMember
from members.validation import Invalid, display_phone

log = logging.getLogger(__name__)

DIALOG = "members_register"
PREFIX = "reg"
# Steps whose options are buttons, and the payload step name they answer to.
BUTTON_STEPS = {"commune_pick": "commune", "village_pick": "village", "role": "role",
                "org": "org", "confirm": "confirm", "claim": "claim"}


def role_options(prefix: str) -> tuple[Option, ...]:
    return tuple(Option(texts.TEAM_ROLE_LABELS[r], f"{prefix}:{r}") for r in TEAM_ROLES)


def organisation_options(prefix: str) -> tuple[Option, ...]:
    return tuple(Option(texts.ORGANISATION_LABELS[o], f"{prefix}:{o}") for o in ORGANISATIONS)


class RegistrationDialog:
    """Name → phone → commune → village → team role → organisation → summary."""

    def __init__(self, services: MembersServices) -> None:
        self.s = services

    def register(self, router: Router) -> None:
        router.command(CommandSpec(
            "dangky", self.start, texts.COMMAND_DESCRIPTIONS["dangky"],
            aliases=("register",), private_only=True,
        ))
        router.dialog(DIALOG, self.step, prefix=PREFIX)

    async def start(self, ctx: Context, msg: Incoming) -> list[Reply]:
        member = await self.s.registry.by_account(msg.sender.platform, msg.sender.user_id)
        if member is not None and member.active:
            return [Reply(texts.ALREADY_REGISTERED.format(
                status=texts.STATUS_LABELS[member.status]))]
        dialog = Dialog(DIALOG, "name", {})
        await ctx.dialogs.save(msg.sender, dialog)
        return [Reply(texts.REGISTER_INTRO), self.question(dialog)]

    # --- asking -----------------------------------------------------------------------------

    def question(self, dialog: Dialog, reason: str | None = None) -> Reply:
        """The current step's question; never options on a step that takes a typed number."""
        data, step = dialog.data, dialog.step
        text = texts.REGISTER_STEPS[step]
        options: tuple[Option, ...] = ()
        if step == "commune_pick":
            communes = [self.s.directory.get(code) for code in data.get("communes", [])]
            options = commune_options([c for c in communes if c], f"{PREFIX}:commune")
        elif step == "village_pick":
            return self._with_reason(village_reply_from(dialog.data, f"{PREFIX}:village"), reason)
        elif step == "role":
            options = role_options(f"{PREFIX}:role")
        elif step == "org":
            options = organisation_options(f"{PREFIX}:org")
        elif step == "confirm":
            text = text.format(summary=self.summary(data))
            options = (Option(texts.OPTION_SEND, f"{PREFIX}:confirm:send"),
                       Option(texts.OPTION_RESTART, f"{PREFIX}:confirm:restart"))
        elif step == "claim":
            options = (Option(texts.OPTION_CLAIM_YES, f"{PREFIX}:claim:yes"),
                       Option(texts.OPTION_CLAIM_NO, f"{PREFIX}:claim:no"))
        return self._with_reason(Reply(text, options=options), reason)

    @staticmethod
    def _with_reason(reply: Reply, reason: str | None) -> Reply:
        if not reason:
            return reply
        return Reply(f"{reason}\n{reply.text}", reply.options)

    def summary(self, data: dict) -> str:
        commune = self.s.directory.get(data["commune"])
        lines = [
            texts.FIELD_LINE.format(label=texts.LABEL_NAME, value=data["name"]),
            texts.FIELD_LINE.format(label=texts.LABEL_PHONE, value=display_phone(data["phone"])),
            texts.FIELD_LINE.format(label=texts.LABEL_COMMUNE,
                                    value=commune.name if commune else data["commune"]),
            texts.FIELD_LINE.format(label=texts.LABEL_VILLAGE, value=data["village_name"]),
            texts.FIELD_LINE.format(label=texts.LABEL_ROLE,
                                    value=texts.TEAM_ROLE_LABELS[data["role"]]),
            texts.FIELD_LINE.format(label=texts.LABEL_ORGANISATION,
                                    value=texts.ORGANISATION_LABELS[data["org"]]),
        ]
        return "\n".join(lines)

    async def _go(self, ctx: Context, msg: Incoming, dialog: Dialog, step: str,
                  reason: str | None = None) -> list[Reply]:
        dialog.step = step
        await ctx.dialogs.save(msg.sender, dialog)
        return [self.question(dialog, reason)]

    # --- answering --------------------------------------------------------------------------

    async def step(self, ctx: Context, msg: Incoming, dialog: Dialog) -> list[Reply]:
        if msg.kind is EventKind.BUTTON:
            _, _, rest = (msg.payload or "").partition(":")
            step_name, _, value = rest.partition(":")
            if BUTTON_STEPS.get(dialog.step) != step_name:
                return [self.question(dialog, texts.OLD_CHOICE)]
            return await self._button(ctx, msg, dialog, value)
        if msg.attachment is not None:
            return [self.question(dialog, texts.TYPE_PLEASE)]
        try:
            return await self._text(ctx, msg, dialog, msg.text.strip())
        except Invalid as error:
            return [self.question(dialog, str(error))]

    async def _text(self, ctx: Context, msg: Incoming, dialog: Dialog, text: str) -> list[Reply]:
        data, step = dialog.data, dialog.step
        if step == "name":
            data["name"] = validation.full_name(text)
            return await self._go(ctx, msg, dialog, "phone")
        if step in ("phone", "claim"):
            return await self._phone(ctx, msg, dialog, validation.phone(text))
        if step in ("commune", "commune_pick"):
            data["communes"] = [c.code for c in commune_matches(self.s.directory, text)]
            return await self._go(ctx, msg, dialog, "commune_pick")
        if step in ("village", "village_pick"):
            return await self._village_typed(ctx, msg, dialog, text)
        if step == "role":
            data["role"] = validation.team_role(text)
            return await self._go(ctx, msg, dialog, "org")
        if step == "org":
            data["org"] = validation.organisation(text)
            return await self._go(ctx, msg, dialog, "confirm")
        return [self.question(dialog, texts.CHOOSE_PLEASE)]

    async def _phone(self, ctx: Context, msg: Incoming, dialog: Dialog,
                     phone: str) -> list[Reply]:
        existing = await self.s.registry.by_phone(phone)
        dialog.data["phone"] = phone
        if existing is not None:
            accounts = await self.s.registry.accounts_of(existing.id)
            mine = any(a.platform == msg.sender.platform and a.user_id == msg.sender.user_id
                       for a in accounts)
            if accounts and not mine:
                return await self._go(ctx, msg, dialog, "phone", texts.PHONE_TAKEN)
            if not accounts:
                return await self._go(ctx, msg, dialog, "claim")
        return await self._go(ctx, msg, dialog, "commune")

    async def _village_typed(self, ctx: Context, msg: Incoming, dialog: Dialog,
                             text: str) -> list[Reply]:
        key, name = validation.village(text)
        choice = await village_choice(self.s, dialog.data["commune"], key, name)
        dialog.data.update(
            village_key=key, village_name=name,
            village_same={"id": choice.same.id, "name": choice.same.name,
                          "key": choice.same.match_key} if choice.same else None,
            village_close=[{"id": v.id, "name": v.name, "key": v.match_key}
                           for v in choice.close],
        )
        return await self._go(ctx, msg, dialog, "village_pick")

    async def _button(self, ctx: Context, msg: Incoming, dialog: Dialog,
                      value: str) -> list[Reply]:
        data, step = dialog.data, dialog.step
        if value == "retype":
            return await self._go(ctx, msg, dialog, step.removesuffix("_pick"))
        if step == "commune_pick":
            if value not in data.get("communes", []):
                return [self.question(dialog, texts.OLD_CHOICE)]
            data["commune"] = value
            return await self._go(ctx, msg, dialog, "village")
        if step == "village_pick":
            offered = {v["id"]: v for v in [data.get("village_same"), *data["village_close"]]
                       if v}
            if value == "new":
                data["village_id"] = None
            elif value.isdigit() and int(value) in offered:
                chosen = offered[int(value)]
                data.update(village_id=chosen["id"], village_name=chosen["name"],
                            village_key=chosen["key"])
            else:
                return [self.question(dialog, texts.OLD_CHOICE)]
            return await self._go(ctx, msg, dialog, "role")
        if step == "role" and value in TEAM_ROLES:
            data["role"] = value
            return await self._go(ctx, msg, dialog, "org")
        if step == "org" and value in ORGANISATIONS:
            data["org"] = value
            return await self._go(ctx, msg, dialog, "confirm")
        if step == "claim":
            if value == "yes":
                return await self._claim(ctx, msg, dialog)
            return await self._go(ctx, msg, dialog, "phone")
        if step == "confirm":
            if value == "send":
                return await self._send(ctx, msg, dialog)
            dialog.data = {}
            return await self._go(ctx, msg, dialog, "name")
        return [self.question(dialog, texts.OLD_CHOICE)]

    # --- finishing --------------------------------------------------------------------------

    async def _send(self, ctx: Context, msg: Incoming, dialog: Dialog) -> list[Reply]:
        data = dialog.data
        new = NewMember(data["name"], data["phone"], data["commune"], data["village_key"],
                        data["village_name"], data["role"], data["org"], data.get("village_id"))
        result = await self.s.registry.register(account_of(msg), new)
        if result.outcome == "duplicate":
            return await self._go(ctx, msg, dialog, "phone", texts.PHONE_TAKEN)
        await ctx.dialogs.end(msg.sender)
        if result.outcome == "member":
            return [Reply(texts.ALREADY_REGISTERED.format(status=texts.STATUS_LABELS["pending"]))]
        if result.outcome == "claim":
            return await self._claimed(ctx, result.request_id)
        log.info("registration %s from %s", result.member_id, msg.sender.platform)
        assert result.request_id is not None
        await notify_reviewers(self.s, ctx, result.request_id)
        return [Reply(texts.REGISTER_SENT)]

    async def _claim(self, ctx: Context, msg: Incoming, dialog: Dialog) -> list[Reply]:
        new = NewMember("", dialog.data["phone"], "", "", "", "member", "other")
        result = await self.s.registry.register(account_of(msg), new)
        if result.outcome != "claim":
            return await self._go(ctx, msg, dialog, "phone", texts.PHONE_TAKEN)
        await ctx.dialogs.end(msg.sender)
        return await self._claimed(ctx, result.request_id)

    async def _claimed(self, ctx: Context, request_id: int | None) -> list[Reply]:
        assert request_id is not None
        await notify_reviewers(self.s, ctx, request_id)
        return [Reply(texts.CLAIM_SENT)]

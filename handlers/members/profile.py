"""A member's own commands: /toi, /sua, /roito, /lienket."""

from __future__ import annotations

from core.dialogs import Dialog
from core.model import EventKind, Incoming, Option, Reply
from core.router import CommandSpec, Context, Router
from handlers.members.common import (
    MembersServices,
    account_of,
    commune_matches,
    commune_options,
    notify_reviewers,
    profile_lines,
    village_choice,
    village_reply_from,
)
from handlers.members.registration import organisation_options, role_options
from members import texts, validation
from members.model import ORGANISATIONS, TEAM_ROLES, Member
from members.validation import Invalid

DIALOG = "members_edit"
PREFIX = "edit"
FIELDS = ("name", "phone", "place", "role", "org")
BUTTON_STEPS = {"field": "field", "commune": "commune", "commune_pick": "commune",
                "village_pick": "village", "role": "role", "org": "org"}


class ProfileHandlers:
    """What a registered person can do about their own membership."""

    def __init__(self, services: MembersServices) -> None:
        self.s = services

    def register(self, router: Router) -> None:
        d = texts.COMMAND_DESCRIPTIONS
        router.command(CommandSpec("toi", self.me, d["toi"], aliases=("me", "hoso"),
                                   private_only=True))
        router.command(CommandSpec("sua", self.edit, d["sua"], aliases=("edit",),
                                   private_only=True))
        router.command(CommandSpec("roito", self.leave, d["roito"], aliases=("leave",),
                                   private_only=True))
        router.command(CommandSpec("lienket", self.link, d["lienket"], aliases=("link",),
                                   private_only=True))
        router.dialog(DIALOG, self.edit_step, prefix=PREFIX)
        router.button("leave", self.leave_pressed)

    async def _member(self, msg: Incoming) -> Member | None:
        member = await self.s.registry.by_account(msg.sender.platform, msg.sender.user_id)
        return member if member is not None and member.active else None

    # --- /toi -------------------------------------------------------------------------------

    async def me(self, ctx: Context, msg: Incoming) -> list[Reply]:
        member = await self._member(msg)
        if member is None:
            return [Reply(texts.NOT_REGISTERED)]
        lines = [texts.PROFILE_HEADER, *profile_lines(member)]
        coordinator = await self.s.approvals.coordinator_of(member.id)
        if coordinator is not None and member.status == "approved":
            level, code = coordinator
            commune = self.s.directory.get(code)
            lines.append(texts.FIELD_LINE.format(
                label=texts.LABEL_DUTY,
                value=texts.COORDINATOR_LABELS[level].format(
                    commune=commune.name if commune else ""),
            ))
        accounts = await self.s.registry.accounts_of(member.id)
        names = ", ".join(texts.PLATFORM_LABELS.get(a.platform, a.platform) for a in accounts)
        lines.append(texts.FIELD_LINE.format(label=texts.LABEL_ACCOUNTS, value=names))
        for request in await self.s.approvals.open_for_member(member.id):
            if request.kind == "change":
                lines.append(texts.PROFILE_CHANGE_PENDING)
        lines.append(texts.PROFILE_FOOTER)
        return [Reply("\n".join(lines))]

    # --- /roito -----------------------------------------------------------------------------

    async def leave(self, ctx: Context, msg: Incoming) -> list[Reply]:
        if await self._member(msg) is None:
            return [Reply(texts.NOT_REGISTERED)]
        return [Reply(texts.LEAVE_CONFIRM, options=(
            Option(texts.OPTION_LEAVE_YES, "leave:yes"),
            Option(texts.OPTION_LEAVE_NO, "leave:no"),
        ))]

    async def leave_pressed(self, ctx: Context, msg: Incoming) -> list[Reply]:
        if msg.payload != "leave:yes":
            return [Reply(texts.LEAVE_KEPT)]
        member = await self._member(msg)
        if member is None:
            return [Reply(texts.NOT_REGISTERED)]
        await self.s.registry.leave(member.id)
        await ctx.dialogs.end(msg.sender)
        return [Reply(texts.LEFT)]

    # --- /lienket ---------------------------------------------------------------------------

    async def link(self, ctx: Context, msg: Incoming) -> list[Reply]:
        code = validation.link_code(msg.args) if msg.args else None
        if msg.args and code is None:
            return [Reply(texts.LINK_BAD_CODE)]
        if code is None:
            member = await self._member(msg)
            if member is None:
                return [Reply(texts.LINK_HOW)]
            minutes = self.s.settings.link_code_minutes
            new_code = await self.s.registry.new_link_code(member.id, minutes)
            shown = f"{new_code[:4]} {new_code[4:]}"
            return [Reply(texts.LINK_CODE.format(code=shown, raw=new_code, minutes=minutes))]
        outcome, _ = await self.s.registry.use_link_code(code, account_of(msg))
        return [Reply(texts.LINK_OUTCOMES[outcome])]

    # --- /sua -------------------------------------------------------------------------------

    async def edit(self, ctx: Context, msg: Incoming) -> list[Reply]:
        member = await self._member(msg)
        if member is None:
            return [Reply(texts.NOT_REGISTERED)]
        dialog = Dialog(DIALOG, "field", {})
        await ctx.dialogs.save(msg.sender, dialog)
        return [self.question(dialog, member)]

    def question(self, dialog: Dialog, member: Member, reason: str | None = None) -> Reply:
        step, data = dialog.step, dialog.data
        text = texts.EDIT_STEPS[step]
        options: tuple[Option, ...] = ()
        if step == "field":
            options = tuple(Option(texts.EDIT_FIELD_LABELS[f], f"{PREFIX}:field:{f}")
                            for f in FIELDS)
        elif step == "commune":
            options = (Option(texts.OPTION_KEEP_COMMUNE.format(name=member.commune_name),
                              f"{PREFIX}:commune:{member.commune_code}"),)
        elif step == "commune_pick":
            communes = [self.s.directory.get(code) for code in data.get("communes", [])]
            options = commune_options([c for c in communes if c], f"{PREFIX}:commune")
        elif step == "village_pick":
            reply = village_reply_from(dialog.data, f"{PREFIX}:village")
            text, options = reply.text, reply.options
        elif step == "role":
            options = role_options(f"{PREFIX}:role")
        elif step == "org":
            options = organisation_options(f"{PREFIX}:org")
        if reason:
            text = f"{reason}\n{text}"
        return Reply(text, options=options)

    async def _go(self, ctx: Context, msg: Incoming, dialog: Dialog, member: Member, step: str,
                  reason: str | None = None) -> list[Reply]:
        dialog.step = step
        await ctx.dialogs.save(msg.sender, dialog)
        return [self.question(dialog, member, reason)]

    async def edit_step(self, ctx: Context, msg: Incoming, dialog: Dialog) -> list[Reply]:
        member = await self._member(msg)
        if member is None:
            await ctx.dialogs.end(msg.sender)
            return [Reply(texts.NOT_REGISTERED)]
        if msg.kind is EventKind.BUTTON:
            _, _, rest = (msg.payload or "").partition(":")
            step_name, _, value = rest.partition(":")
            if BUTTON_STEPS.get(dialog.step) != step_name:
                return [self.question(dialog, member, texts.OLD_CHOICE)]
            return await self._button(ctx, msg, dialog, member, value)
        if msg.attachment is not None:
            return [self.question(dialog, member, texts.TYPE_PLEASE)]
        try:
            return await self._text(ctx, msg, dialog, member, msg.text.strip())
        except Invalid as error:
            return [self.question(dialog, member, str(error))]

    async def _text(self, ctx: Context, msg: Incoming, dialog: Dialog, member: Member,
                    text: str) -> list[Reply]:
        step, data = dialog.step, dialog.data
        if step == "name":
            return await self._save_detail(ctx, msg, dialog, member, "full_name",
                                           validation.full_name(text))
        if step == "phone":
            return await self._save_detail(ctx, msg, dialog, member, "phone",
                                           validation.phone(text))
        if step in ("commune", "commune_pick"):
            data["communes"] = [c.code for c in commune_matches(self.s.directory, text)]
            return await self._go(ctx, msg, dialog, member, "commune_pick")
        if step in ("village", "village_pick"):
            key, name = validation.village(text)
            choice = await village_choice(self.s, data["commune"], key, name)
            data.update(
                village_key=key, village_name=name,
                village_same={"id": choice.same.id, "name": choice.same.name,
                              "key": choice.same.match_key} if choice.same else None,
                village_close=[{"id": v.id, "name": v.name, "key": v.match_key}
                               for v in choice.close],
            )
            return await self._go(ctx, msg, dialog, member, "village_pick")
        if step == "role":
            return await self._change(ctx, msg, member, team_role=validation.team_role(text))
        if step == "org":
            return await self._save_detail(ctx, msg, dialog, member, "organisation",
                                           validation.organisation(text))
        return [self.question(dialog, member, texts.CHOOSE_PLEASE)]

    async def _button(self, ctx: Context, msg: Incoming, dialog: Dialog, member: Member,
                      value: str) -> list[Reply]:
        step, data = dialog.step, dialog.data
        if step == "field" and value in FIELDS:
            first = {"name": "name", "phone": "phone", "place": "commune", "role": "role",
                     "org": "org"}[value]
            return await self._go(ctx, msg, dialog, member, first)
        if value == "retype" and step in ("commune_pick", "village_pick"):
            return await self._go(ctx, msg, dialog, member, step.removesuffix("_pick"))
        if step in ("commune", "commune_pick"):
            allowed = [member.commune_code, *data.get("communes", [])]
            if value not in allowed or (step == "commune" and value != member.commune_code):
                return [self.question(dialog, member, texts.OLD_CHOICE)]
            data["commune"] = value
            return await self._go(ctx, msg, dialog, member, "village")
        if step == "village_pick":
            offered = {v["id"]: v for v in [data.get("village_same"), *data["village_close"]]
                       if v}
            if value == "new":
                village = (None, data["commune"], data["village_key"], data["village_name"])
            elif value.isdigit() and int(value) in offered:
                chosen = offered[int(value)]
                village = (chosen["id"], data["commune"], chosen["key"], chosen["name"])
            else:
                return [self.question(dialog, member, texts.OLD_CHOICE)]
            return await self._change(ctx, msg, member, village=village)
        if step == "role" and value in TEAM_ROLES:
            return await self._change(ctx, msg, member, team_role=value)
        if step == "org" and value in ORGANISATIONS:
            return await self._save_detail(ctx, msg, dialog, member, "organisation", value)
        return [self.question(dialog, member, texts.OLD_CHOICE)]

    async def _save_detail(self, ctx: Context, msg: Incoming, dialog: Dialog, member: Member,
                           field: str, value: str) -> list[Reply]:
        if not await self.s.registry.update_details(member.id, field, value):
            return await self._go(ctx, msg, dialog, member, "phone", texts.PHONE_TAKEN)
        await ctx.dialogs.end(msg.sender)
        return [Reply(texts.EDIT_SAVED)]

    async def _change(self, ctx: Context, msg: Incoming, member: Member, *,
                      village: tuple[int | None, str, str, str] | None = None,
                      team_role: str | None = None) -> list[Reply]:
        await ctx.dialogs.end(msg.sender)
        same_village = village is None or village[0] == member.village_id
        if same_village and (team_role is None or team_role == member.team_role):
            return [Reply(texts.EDIT_NOTHING)]
        request_id, applied = await self.s.registry.request_change(
            member, account_of(msg), village=village, team_role=team_role,
        )
        if request_id is not None:
            await notify_reviewers(self.s, ctx, request_id)
        return [Reply(texts.EDIT_SAVED if applied else texts.EDIT_NEEDS_APPROVAL)]

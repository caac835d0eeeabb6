"""A member's own commands: /toi, /sua, /roito, /lienket."""

from __future__ import annotations

from enum import StrEnum

from core.clock import from_iso, local_text
from core.dialogs import Done, Goto, Next, Payload, Retry, Step, StepDialog, Turn, payload
from core.model import Incoming, Option, Reply
from core.router import CommandSpec, Context, Router
from handlers.members.common import (
    MembersServices,
    account_of,
    notify_reviewers,
    profile_lines,
)
from handlers.members.steps import SharedSteps
from members import texts, validation
from members.link_attempts import LOCK_MINUTES, MAX_FAILURES, LinkAttempts
from members.model import Member
from members.validation import Invalid

DIALOG = "members_edit"
PREFIX = "edit"
LEAVE_PREFIX = "leave"


class EditStep(StrEnum):
    """The /sua dialog's steps: which field, then that field's own questions."""

    FIELD = "field"
    NAME = "name"
    PHONE = "phone"
    COMMUNE = "commune"
    COMMUNE_PICK = "commune_pick"
    VILLAGE = "village"
    VILLAGE_PICK = "village_pick"
    ROLE = "role"
    ORG = "org"


class EditField(StrEnum):
    """What /sua offers to change (the first button)."""

    NAME = "name"
    PHONE = "phone"
    PLACE = "place"
    ROLE = "role"
    ORG = "org"


FIRST_STEP = {EditField.NAME: EditStep.NAME, EditField.PHONE: EditStep.PHONE,
              EditField.PLACE: EditStep.COMMUNE, EditField.ROLE: EditStep.ROLE,
              EditField.ORG: EditStep.ORG}


class ProfileHandlers:
    """What a registered person can do about their own membership."""

    def __init__(self, services: MembersServices) -> None:
        self.s = services
        self.link_attempts = LinkAttempts(services.registry.db, services.registry.clock)
        self.dialog = StepDialog(
            DIALOG, PREFIX, self._steps(), retry_on=(Invalid,), old_choice=texts.OLD_CHOICE,
            choose_please=texts.CHOOSE_PLEASE, type_please=texts.TYPE_PLEASE,
            precheck=self._still_member)

    def register(self, router: Router) -> None:
        d = texts.COMMAND_DESCRIPTIONS
        router.command(CommandSpec("toi", self.me, d["toi"], aliases=("me", "hoso"),
                                   private_only=True, audience="registered"))
        router.command(CommandSpec("sua", self.edit, d["sua"], aliases=("edit",),
                                   private_only=True, audience="registered"))
        router.command(CommandSpec("roito", self.leave, d["roito"], aliases=("leave",),
                                   private_only=True, audience="registered"))
        router.command(CommandSpec("lienket", self.link, d["lienket"], aliases=("link",),
                                   private_only=True, audience="registered"))
        router.command(CommandSpec("dulieucuatoi", self.my_data, d["dulieucuatoi"],
                                   aliases=("mydata",), private_only=True))
        router.dialog(DIALOG, self.dialog.handle, prefix=PREFIX, private_only=True)
        router.button(LEAVE_PREFIX, self.leave_pressed, private_only=True)

    async def _member(self, msg: Incoming) -> Member | None:
        member = await self.s.registry.by_account(msg.sender.platform, msg.sender.user_id)
        return member if member is not None and member.active else None

    # --- /toi -------------------------------------------------------------------------------

    async def me(self, ctx: Context, msg: Incoming) -> list[Reply]:
        member = await self._member(msg)
        if member is None:
            former = await self.s.registry.by_account(msg.sender.platform, msg.sender.user_id)
            if former is not None and former.status in ("left", "rejected"):
                return [Reply(texts.FORMER_MEMBER[former.status].format(
                    name=former.full_name, village=former.village_name,
                    commune=former.commune_name))]
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

    # --- /dulieucuatoi ---------------------------------------------------------------------

    async def my_data(self, ctx: Context, msg: Incoming) -> list[Reply]:
        """Everything the bot holds about this person (Luật Bảo vệ dữ liệu cá nhân)."""
        db = self.s.registry.db
        platform, user_id = msg.sender.key
        lines = [texts.MY_DATA_HEADER]
        member = await self._member(msg)
        if member is None:
            lines.append(texts.MY_DATA_NOT_MEMBER)
        else:
            lines += profile_lines(member)
            consent = await db.fetchone("SELECT consent_at FROM members WHERE id = ?",
                                        (member.id,))
            if consent is not None and consent["consent_at"]:
                lines.append(texts.FIELD_LINE.format(
                    label=texts.LABEL_CONSENT, value=local_text(from_iso(consent["consent_at"]))))
            accounts = await self.s.registry.accounts_of(member.id)
            lines.append(texts.FIELD_LINE.format(label=texts.LABEL_ACCOUNTS, value=", ".join(
                f"{texts.PLATFORM_LABELS.get(a.platform, a.platform)} {a.user_id}"
                for a in accounts)))
            logs = await db.fetchone(
                "SELECT COUNT(*) AS n, SUM(people) AS people, MAX(activity_date) AS last"
                " FROM activity_logs WHERE member_id = ? AND deleted_at IS NULL", (member.id,))
            if logs is not None:
                lines.append(texts.MY_DATA_LOGS.format(count=logs["n"], people=logs["people"] or 0,
                                                       last=logs["last"] or "—"))
        questions = await db.fetchall(
            "SELECT text, asked_at FROM faq_questions WHERE platform = ? AND user_id = ?"
            " ORDER BY asked_at DESC", (platform, user_id))
        lines.append(texts.MY_DATA_QUESTIONS.format(count=len(questions)))
        lines += [f"  – {local_text(from_iso(q['asked_at']))}: {q['text'][:80]}"
                  for q in questions[:5]]
        lines.append(texts.MY_DATA_FOOTER)
        return [Reply("\n".join(lines))]

    # --- /roito -----------------------------------------------------------------------------

    async def leave(self, ctx: Context, msg: Incoming) -> list[Reply]:
        if await self._member(msg) is None:
            return [Reply(texts.NOT_REGISTERED)]
        return [Reply(texts.LEAVE_CONFIRM, options=(
            Option(texts.OPTION_LEAVE_YES, payload(LEAVE_PREFIX, "yes")),
            Option(texts.OPTION_LEAVE_ERASE, payload(LEAVE_PREFIX, "erase")),
            Option(texts.OPTION_LEAVE_NO, payload(LEAVE_PREFIX, "no")),
        ))]

    async def leave_pressed(self, ctx: Context, msg: Incoming) -> list[Reply]:
        choice = Payload.parse(msg.payload).part(0)
        if choice not in ("yes", "erase"):
            return [Reply(texts.LEAVE_KEPT)]
        member = await self._member(msg)
        if member is None:
            return [Reply(texts.NOT_REGISTERED)]
        await self.s.registry.leave(member.id)
        await ctx.dialogs.end(msg.sender)
        if choice == "erase":
            await self.s.registry.erase(member.id)
            return [Reply(texts.LEFT_ERASED)]
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
        platform, user_id = msg.sender.key
        locked = await self.link_attempts.locked_until(platform, user_id)
        if locked is not None:
            return [Reply(texts.LINK_LOCKED.format(time=local_text(locked)))]
        outcome, _ = await self.s.registry.use_link_code(code, account_of(msg))
        if outcome == "invalid":
            if await self.link_attempts.failed(platform, user_id):
                return [Reply(texts.LINK_LOCKED_NOW.format(
                    count=MAX_FAILURES, minutes=LOCK_MINUTES))]
        else:
            await self.link_attempts.succeeded(platform, user_id)
        return [Reply(texts.LINK_OUTCOMES[outcome])]

    # --- /sua -------------------------------------------------------------------------------

    async def edit(self, ctx: Context, msg: Incoming) -> list[Reply]:
        member = await self._member(msg)
        if member is None:
            return [Reply(texts.NOT_REGISTERED)]
        return await self.dialog.start(ctx, msg, EditStep.FIELD)

    def _steps(self) -> dict[str, Step]:
        plain = self._plain
        shared = SharedSteps(self.s, PREFIX, texts.EDIT_STEPS)
        return {
            EditStep.FIELD: Step(self._ask_field, button=self._field_pressed),
            EditStep.NAME: Step(plain, text=self._name_typed),
            EditStep.PHONE: Step(plain, text=self._phone_typed),
            EditStep.COMMUNE: Step(self._ask_commune, text=shared.commune_typed(
                EditStep.COMMUNE_PICK), button=self._commune_kept),
            EditStep.COMMUNE_PICK: shared.commune_pick(
                EditStep.COMMUNE_PICK, retype=EditStep.COMMUNE, then=EditStep.VILLAGE,
                also_reads=(EditStep.COMMUNE,), also_allowed=self._own_commune),
            EditStep.VILLAGE: Step(plain, text=shared.village_typed(EditStep.VILLAGE_PICK)),
            EditStep.VILLAGE_PICK: shared.village_pick(
                EditStep.VILLAGE_PICK, retype=EditStep.VILLAGE, then=self._village_chosen),
            EditStep.ROLE: shared.role(EditStep.ROLE, then=self._role_chosen),
            EditStep.ORG: shared.organisation(EditStep.ORG, then=self._org_chosen),
        }

    async def _still_member(self, turn: Turn) -> list[Reply] | None:
        member = await self._member(turn.msg)
        if member is None:
            return [Reply(texts.NOT_REGISTERED)]
        turn.memo["member"] = member
        return None

    # --- asking -----------------------------------------------------------------------------

    @staticmethod
    def _plain(turn: Turn) -> Reply:
        return Reply(texts.EDIT_STEPS[turn.dialog.step])

    def _ask_field(self, turn: Turn) -> Reply:
        return Reply(texts.EDIT_STEPS[EditStep.FIELD], options=self.dialog.options(
            EditStep.FIELD, ((texts.EDIT_FIELD_LABELS[f], f) for f in EditField)))

    async def _ask_commune(self, turn: Turn) -> Reply:
        member = turn.memo.get("member") or await self._member(turn.msg)
        options = () if member is None else (self.dialog.option(
            texts.OPTION_KEEP_COMMUNE.format(name=member.commune_name), EditStep.COMMUNE,
            member.commune_code),)
        return Reply(texts.EDIT_STEPS[EditStep.COMMUNE], options=options)

    # --- reading answers --------------------------------------------------------------------

    def _field_pressed(self, turn: Turn, value: str) -> Next:
        if value not in FIRST_STEP:
            raise Retry(texts.OLD_CHOICE)
        return FIRST_STEP[EditField(value)]

    async def _name_typed(self, turn: Turn, text: str) -> Next:
        return await self._save_detail(turn, "full_name", validation.full_name(text))

    async def _phone_typed(self, turn: Turn, text: str) -> Next:
        return await self._save_detail(turn, "phone", validation.phone(text))

    @staticmethod
    def _own_commune(turn: Turn) -> tuple[str, ...]:
        member: Member = turn.memo["member"]
        return (member.commune_code,)

    def _commune_kept(self, turn: Turn, value: str) -> Next:
        """ «Giữ xã hiện tại»: the village is asked again in the same commune."""
        if value not in self._own_commune(turn):
            raise Retry(texts.OLD_CHOICE)
        turn.data["commune"] = value
        return EditStep.VILLAGE

    async def _village_chosen(self, turn: Turn, _: str) -> Next:
        data = turn.data
        return await self._change(turn, village=(
            data["village_id"], data["commune"], data["village_key"], data["village_name"]))

    async def _role_chosen(self, turn: Turn, role: str) -> Next:
        return await self._change(turn, team_role=role)

    async def _org_chosen(self, turn: Turn, organisation: str) -> Next:
        return await self._save_detail(turn, "organisation", organisation)

    # --- finishing --------------------------------------------------------------------------

    async def _save_detail(self, turn: Turn, field: str, value: str) -> Next:
        member: Member = turn.memo["member"]
        if not await self.s.registry.update_details(member.id, field, value):
            return Goto(EditStep.PHONE, texts.PHONE_TAKEN)
        return Done([Reply(texts.EDIT_SAVED)])

    async def _change(self, turn: Turn, *,
                      village: tuple[int | None, str, str, str] | None = None,
                      team_role: str | None = None) -> Next:
        member: Member = turn.memo["member"]
        same_village = village is None or village[0] == member.village_id
        if same_village and (team_role is None or team_role == member.team_role):
            return Done([Reply(texts.EDIT_NOTHING)])
        request_id, applied = await self.s.registry.request_change(
            member, account_of(turn.msg), village=village, team_role=team_role,
        )
        if request_id is not None and not await notify_reviewers(self.s, turn.ctx, request_id):
            return Done([Reply(texts.EDIT_SAVED if applied else texts.EDIT_NO_REVIEWER)])
        return Done([Reply(texts.EDIT_SAVED if applied else texts.EDIT_NEEDS_APPROVAL)])

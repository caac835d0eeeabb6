"""Curating the knowledge base in the chat: edit or propose entries, approve, undo, switch off.

Admins (and coordinators when `faq.curation.coordinators_edit` is on) save directly; team
leaders and coordinators otherwise send a proposal that an admin approves or rejects with
a reason. The edit dialog lives in SQLite (core/dialogs.py), so a restart resumes it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, fields
from datetime import date
from typing import Any

from core.clock import VIETNAM, from_iso
from core.dialogs import Dialog
from core.model import Incoming, Option, Reply
from core.roles import ROLE_LABELS, Principal, Role
from core.router import CommandSpec, Context, Router
from faq.curation.fields import (
    clean_text,
    new_entry_id,
    outside_allow_list,
    parse_checked,
    parse_ids,
    parse_links,
)
from faq.curation.overlay import EntryState
from faq.curation.service import CurationService, Outcome, raw_fields
from faq.curation.settings import CurationSettings
from faq.curation.store import Author, Proposal
from faq.knowledge_base import MAX_ANSWER_CHARS, Entry
from handlers.faq import curation_texts as t

log = logging.getLogger(__name__)
EDIT_DIALOG, EDIT_PREFIX = "kbedit", "ke"
REJECT_DIALOG, REJECT_PREFIX = "kbreject", "kr"
SEARCH_RESULTS = 5
PREVIEW_CHARS = 300
PROVENANCE = {f.name for f in fields(Entry)} >= {"checked", "sources"}
EDIT_FIELDS = ("title", "answer", "links", *(("sources",) if PROVENANCE else ()),
               *(("checked",) if PROVENANCE else ()), "related")


def author_of(msg: Incoming) -> Author:
    return Author(f"{msg.sender.platform}:{msg.sender.user_id}", msg.sender.display_name)


def local_time(iso: str) -> str:
    return from_iso(iso).astimezone(VIETNAM).strftime("%H:%M %d/%m/%Y") if iso else ""


@dataclass
class Draft:
    """The edit dialog's data: what is being edited and the editor's unsaved changes."""

    mode: str  # "edit" or "new"
    entry: str | None
    theme: str | None
    base: int
    fields: dict[str, Any]
    questions: list[str]
    touched: list[str]
    awaiting: str | None = None
    qids: tuple[int, ...] = ()
    hosts_ok: tuple[str, ...] = ()

    @classmethod
    def of(cls, dialog: Dialog) -> Draft:
        d = dialog.data
        return cls(d["mode"], d.get("entry"), d.get("theme"), int(d.get("base", 0)),
                   dict(d.get("fields") or {}), list(d.get("questions") or ()),
                   list(d.get("touched") or ()), d.get("awaiting"), tuple(d.get("qids") or ()),
                   tuple(d.get("hosts_ok") or ()))

    def dialog(self, step: str = "menu") -> Dialog:
        return Dialog(EDIT_DIALOG, step, {
            "mode": self.mode, "entry": self.entry, "theme": self.theme, "base": self.base,
            "fields": self.fields, "questions": self.questions, "touched": self.touched,
            "awaiting": self.awaiting, "qids": list(self.qids), "hosts_ok": list(self.hosts_ok),
        })

    def set(self, name: str, value: Any) -> None:
        self.fields[name] = value
        if name not in self.touched:
            self.touched.append(name)

    def changes(self) -> dict[str, Any]:
        return {name: self.fields[name] for name in self.touched}


class CurationHandlers:
    """Commands /suakb, /themkb, /duyetkb, /lichsukb, /tatkb, /batkb and their buttons."""

    def __init__(self, curation: CurationService, settings: CurationSettings,
                 admins: frozenset[tuple[str, str]],
                 on_saved: Callable[[tuple[int, ...], str], Any] | None = None) -> None:
        self.curation = curation
        self.settings = settings
        self.admins = admins
        self.on_saved = on_saved  # (inbox question ids, entry id) after a draft from the inbox

    @property
    def faq(self):
        return self.curation.faq

    def register(self, router: Router) -> None:
        d = t.COMMAND_DESCRIPTIONS
        for name, handler, role in (
            ("suakb", self.edit, Role.TEAM_LEADER), ("themkb", self.new, Role.TEAM_LEADER),
            ("duyetkb", self.proposals, Role.ADMIN), ("lichsukb", self.history, Role.ADMIN),
            ("tatkb", self.disable, Role.ADMIN), ("batkb", self.enable, Role.ADMIN),
        ):
            router.command(CommandSpec(name, handler, d[name], min_role=role, private_only=True))
        router.dialog(EDIT_DIALOG, self.edit_step, prefix=EDIT_PREFIX)
        router.dialog(REJECT_DIALOG, self.reject_reason, prefix=REJECT_PREFIX)
        router.button("ko", self.open_button)
        router.button("kp", self.proposal_button)
        router.button("ku", self.undo_button)

    # --- who may do what -------------------------------------------------------------------

    def saves_directly(self, principal: Principal) -> bool:
        if principal.at_least(Role.ADMIN):
            return True
        return self.settings.coordinators_edit and principal.at_least(Role.COMMUNE_COORDINATOR)

    @staticmethod
    def refuse(msg: Incoming, principal: Principal, role: Role) -> list[Reply] | None:
        if not msg.is_private:
            return [Reply(t.PRIVATE_ONLY)]
        if not principal.at_least(role):
            return [Reply(t.NOT_ALLOWED.format(role=ROLE_LABELS[role]))]
        return None

    def search(self, words: str, limit: int = SEARCH_RESULTS) -> list[Entry]:
        entry = self.faq.kb.get(words.strip().lower())
        if entry is not None:
            return [entry]
        ranking = self.faq.match(words).ranking
        return [e for e, score in ranking[:limit] if score > 0]

    # --- starting an edit ------------------------------------------------------------------

    async def edit(self, ctx: Context, msg: Incoming) -> list[Reply]:
        if not msg.args.strip():
            return [Reply(t.EDIT_USAGE)]
        found = self.search(msg.args)
        if not found:
            return [Reply(t.EDIT_NOT_FOUND.format(words=msg.args[:60]))]
        if len(found) == 1:
            return await self.start_edit(ctx, msg, found[0].id)
        options = [Option(t.EDIT_OPEN.format(title=e.title), f"ko:{e.id}") for e in found]
        return [Reply(t.EDIT_PICK, options=tuple(options))]

    async def open_button(self, ctx: Context, msg: Incoming) -> list[Reply]:
        refused = self.refuse(msg, ctx.principal, Role.TEAM_LEADER)
        if refused:
            return refused
        return await self.start_edit(ctx, msg, (msg.payload or "").partition(":")[2])

    async def start_edit(self, ctx: Context, msg: Incoming, entry_id: str) -> list[Reply]:
        entry = self.faq.kb.get(entry_id)
        if entry is None:
            return [Reply(t.UNKNOWN_ENTRY.format(entry_id=entry_id[:60]))]
        draft = Draft("edit", entry.id, entry.theme, self.curation.version(entry.id),
                      raw_fields(entry), [], [])
        await ctx.dialogs.save(msg.sender, draft.dialog())
        return [self.card(ctx, draft)]

    async def new(self, ctx: Context, msg: Incoming) -> list[Reply]:
        return await self.start_new(ctx, msg, question="")

    async def start_new(self, ctx: Context, msg: Incoming, question: str,
                        qids: tuple[int, ...] = ()) -> list[Reply]:
        today = ctx.clock().astimezone(VIETNAM).date()
        initial: dict[str, Any] = {"title": "", "answer": "", "links": [], "related": []}
        if PROVENANCE:
            initial.update(checked=f"{today.year}-{today.month:02d}", sources=[])
        draft = Draft("new", None, None, 0, initial, [question] if question else [],
                      list(initial), qids=qids)
        await ctx.dialogs.save(msg.sender, draft.dialog("theme"))
        options = [Option(th.title, f"{EDIT_PREFIX}:theme:{th.id}")
                   for th in self.faq.kb.themes if not th.hidden]
        return [Reply(t.THEME_PROMPT, options=tuple(options))]

    # --- the edit dialog -------------------------------------------------------------------

    async def edit_step(self, ctx: Context, msg: Incoming, dialog: Dialog) -> list[Reply]:
        draft = Draft.of(dialog)
        if msg.payload:
            _, _, action = msg.payload.partition(":")
            return await self._button(ctx, msg, draft, action)
        if draft.awaiting is None:
            return [self.card(ctx, draft)]
        problem = self._set_field(ctx, draft, draft.awaiting, msg.text)
        if problem:
            return [Reply(problem)]
        following = None
        if draft.mode == "new" and draft.awaiting == "title" and not draft.fields.get("answer"):
            following = "answer"
        draft.awaiting = following
        await ctx.dialogs.save(msg.sender, draft.dialog("field" if following else "menu"))
        if following:
            return [Reply(t.PROMPTS[following])]
        return [self.card(ctx, draft)]

    async def _button(self, ctx: Context, msg: Incoming, draft: Draft, action: str) -> list[Reply]:
        verb, _, arg = action.partition(":")
        if verb == "theme":
            if all(th.id != arg for th in self.faq.kb.themes):
                return [Reply(t.THEME_PROMPT)]
            draft.theme, draft.awaiting = arg, "title"
            await ctx.dialogs.save(msg.sender, draft.dialog("field"))
            return [Reply(t.PROMPTS["title"])]
        if verb == "field" and arg in EDIT_FIELDS:
            draft.awaiting = arg
            await ctx.dialogs.save(msg.sender, draft.dialog("field"))
            return [Reply(t.PROMPTS[arg])]
        if verb == "cancel":
            await ctx.dialogs.end(msg.sender)
            return [Reply(t.EDIT_CANCELLED)]
        if verb == "keep":
            draft.hosts_ok = tuple(outside_allow_list(draft.fields, self.settings.link_domains))
            return await self.save(ctx, msg, draft)
        if verb == "save":
            return await self.save(ctx, msg, draft)
        if verb == "rebase":
            draft.base = self.curation.version(draft.entry or "")
            return await self.save(ctx, msg, draft)
        if verb == "view" and draft.entry:
            entry = self.faq.kb.get(draft.entry)
            latest = Draft("edit", draft.entry, draft.theme, draft.base,
                           raw_fields(entry) if entry else {}, [], [])
            return [self.card(ctx, latest, header_only=True), self.card(ctx, draft)]
        if verb == "off" and draft.entry and ctx.principal.at_least(Role.ADMIN):
            await ctx.dialogs.end(msg.sender)
            return await self._switch(ctx, msg, draft.entry, disabled=True)
        draft.awaiting = None
        await ctx.dialogs.save(msg.sender, draft.dialog())
        return [self.card(ctx, draft)]

    def _set_field(self, ctx: Context, draft: Draft, name: str, text: str) -> str | None:
        """Put what the editor typed into the draft; the problem to tell them, or None."""
        if name in ("links", "sources"):
            links = parse_links(text)
            if isinstance(links, str):
                return t.BAD_LINK_LINE.format(line=links[:80])
            draft.set(name, links)
            return None
        if name == "checked":
            today: date = ctx.clock().astimezone(VIETNAM).date()
            month = parse_checked(text, today)
            if month is None:
                return t.BAD_CHECKED
            draft.set(name, month)
            return None
        if name == "related":
            ids = [] if text.strip() == "-" else parse_ids(text)
            unknown = [i for i in ids if self.faq.kb.get(i) is None]
            if unknown:
                return t.UNKNOWN_IDS.format(ids=", ".join(unknown)[:200])
            draft.set(name, ids)
            return None
        value = clean_text(text, multiline=name == "answer")
        if not value:
            return t.EMPTY_TEXT
        if name == "answer" and len(value) > MAX_ANSWER_CHARS:
            return t.TEXT_TOO_LONG.format(length=len(value), limit=MAX_ANSWER_CHARS)
        draft.set(name, value)
        return None

    def card(self, ctx: Context, draft: Draft, header_only: bool = False) -> Reply:
        f = draft.fields
        answer = str(f.get("answer") or t.NONE)
        if len(answer) > PREVIEW_CHARS:
            answer = answer[:PREVIEW_CHARS].rstrip() + "…"
        checked = str(f.get("checked") or t.NONE)
        if len(checked) == 7:
            checked = f"{checked[5:]}/{checked[:4]}"
        header = (t.EDIT_CARD_EDIT.format(entry_id=draft.entry) if draft.mode == "edit"
                  else t.EDIT_CARD_NEW.format(theme=draft.theme))
        status = ""
        if draft.touched and draft.mode == "edit":
            status = t.EDIT_CHANGED.format(
                fields=", ".join(t.FIELD_LABELS.get(n, n) for n in draft.touched))
        text = t.EDIT_CARD.format(
            header=header, title=f.get("title") or t.NONE, answer=answer,
            links=", ".join(link["url"] for link in f.get("links") or ()) or t.NONE,
            checked=checked, related=", ".join(f.get("related") or ()) or t.NONE, status=status,
        )
        if header_only:
            return Reply(text.rsplit("\n", 1)[0])
        save = t.OPTION_SAVE if self.saves_directly(ctx.principal) else t.OPTION_PROPOSE
        options = [Option(t.OPTION_FIELD[n], f"{EDIT_PREFIX}:field:{n}") for n in EDIT_FIELDS]
        options.append(Option(save, f"{EDIT_PREFIX}:save"))
        if draft.mode == "edit" and ctx.principal.at_least(Role.ADMIN):
            options.append(Option(t.OPTION_DISABLE, f"{EDIT_PREFIX}:off"))
        options.append(Option(t.OPTION_CANCEL, f"{EDIT_PREFIX}:cancel"))
        return Reply(text, options=tuple(options))

    # --- saving ----------------------------------------------------------------------------

    def _state(self, draft: Draft) -> tuple[str, EntryState]:
        if draft.mode == "edit":
            assert draft.entry is not None
            return draft.entry, self.curation.state(draft.entry).with_fields(draft.changes())
        fields_ = dict(draft.fields)
        if PROVENANCE and not fields_.get("sources") and fields_.get("links"):
            fields_["sources"] = fields_["links"]
        if not draft.entry:
            taken = [e.id for e in self.faq.kb.entries] + list(self.faq.overlay.states)
            draft.entry = new_entry_id(draft.theme or "muc", str(fields_.get("title")), taken)
        questions = tuple(q for q in draft.questions if q) or (str(fields_.get("title")),)
        return draft.entry, EntryState(new=True, theme=draft.theme, fields=fields_,
                                       questions=questions)

    async def save(self, ctx: Context, msg: Incoming, draft: Draft) -> list[Reply]:
        outside = [h for h in outside_allow_list(draft.changes(), self.settings.link_domains)
                   if h not in draft.hosts_ok]
        if outside:
            hosts = ", ".join(outside)
            await ctx.dialogs.save(msg.sender, draft.dialog())
            if not ctx.principal.at_least(Role.ADMIN):
                return [Reply(t.LINKS_REFUSED.format(hosts=hosts), options=self._back())]
            return [Reply(t.LINKS_OUTSIDE.format(hosts=hosts), options=(
                Option(t.OPTION_KEEP_LINKS, f"{EDIT_PREFIX}:keep"), *self._back()))]
        entry_id, state = self._state(draft)
        if not self.saves_directly(ctx.principal):
            proposal_id = await self.curation.store.propose(
                entry_id, "create" if draft.mode == "new" else "edit", draft.base,
                state if draft.mode == "new" else EntryState(fields=draft.changes()),
                msg.sender.platform, msg.sender.user_id, msg.sender.display_name,
            )
            await ctx.dialogs.end(msg.sender)
            proposal = await self.curation.store.proposal(proposal_id)
            if proposal is not None:
                await self._tell_admins(ctx, proposal)
            return [Reply(t.PROPOSED.format(proposal=proposal_id))]
        outcome = await self.curation.commit(
            entry_id, state, action="create" if draft.mode == "new" else "edit",
            author=author_of(msg), expected_version=draft.base,
        )
        if not outcome.ok:
            await ctx.dialogs.save(msg.sender, draft.dialog())
            return self._not_saved(outcome)
        await ctx.dialogs.end(msg.sender)
        if draft.qids and self.on_saved is not None:
            await self.on_saved(draft.qids, entry_id)
        entry = self.faq.kb.get(entry_id)
        return [Reply(t.SAVED.format(title=entry.title if entry else entry_id,
                                     change=outcome.change_id),
                      options=(self._undo_option(outcome.change_id),))]

    def _not_saved(self, outcome: Outcome) -> list[Reply]:
        if outcome.conflict is not None:
            c = outcome.conflict
            return [Reply(t.CONFLICT.format(by=c.by or t.SOMEONE, at=local_time(c.at)), options=(
                Option(t.OPTION_VIEW_NEW, f"{EDIT_PREFIX}:view"),
                Option(t.OPTION_REBASE, f"{EDIT_PREFIX}:rebase"),
                Option(t.OPTION_CANCEL, f"{EDIT_PREFIX}:cancel"),
            ))]
        return [Reply(t.REFUSED.format(error="\n".join(outcome.errors)[:600]),
                      options=self._back())]

    @staticmethod
    def _back() -> tuple[Option, ...]:
        return (Option(t.OPTION_BACK, f"{EDIT_PREFIX}:menu"),)

    @staticmethod
    def _undo_option(change_id: int | None) -> Option:
        return Option(t.UNDO.format(change=change_id), f"ku:{change_id}")

    # --- proposals -------------------------------------------------------------------------

    def _proposal_reply(self, p: Proposal, *, force: bool = False) -> Reply:
        title = p.state.fields.get("title") or (
            self.faq.kb.get(p.entry_id).title if self.faq.kb.get(p.entry_id) else p.entry_id)
        answer = str(p.state.fields.get("answer") or t.NONE)[:PREVIEW_CHARS]
        text = t.PROPOSAL_CARD.format(
            proposal=p.id, name=p.author_name or p.platform, at=local_time(p.created_at),
            action=t.PROPOSAL_ACTIONS.get(p.action, p.action), entry_id=p.entry_id,
            title=title, answer=answer,
        )
        approve = (Option(t.OPTION_FORCE.format(proposal=p.id), f"kp:force:{p.id}") if force
                   else Option(t.OPTION_APPROVE.format(proposal=p.id), f"kp:ok:{p.id}"))
        return Reply(text, options=(
            approve, Option(t.OPTION_REJECT.format(proposal=p.id), f"kp:no:{p.id}")))

    async def _tell_admins(self, ctx: Context, proposal: Proposal) -> None:
        replies = [Reply(t.NEW_PROPOSAL), self._proposal_reply(proposal)]
        for platform, user_id in sorted(self.admins):
            await ctx.notifier.send(platform, user_id, replies)

    async def proposals(self, ctx: Context, msg: Incoming) -> list[Reply]:
        pending = await self.curation.store.proposals()
        if not pending:
            return [Reply(t.PROPOSALS_EMPTY)]
        return [self._proposal_reply(p) for p in pending]

    async def proposal_button(self, ctx: Context, msg: Incoming) -> list[Reply]:
        refused = self.refuse(msg, ctx.principal, Role.ADMIN)
        if refused:
            return refused
        parts = (msg.payload or "").split(":")
        verb, number = [*parts, "", ""][1:3]
        proposal = await self.curation.store.proposal(int(number)) if number.isdigit() else None
        if proposal is None or proposal.status != "pending":
            return [Reply(t.PROPOSAL_DECIDED.format(proposal=number[:12]))]
        if verb == "no":
            await ctx.dialogs.save(msg.sender, Dialog(REJECT_DIALOG, "reason", {"id": proposal.id}))
            return [Reply(t.REJECT_PROMPT.format(proposal=proposal.id))]
        if not await self.curation.store.decide(proposal.id, "approved", author_of(msg).key):
            return [Reply(t.PROPOSAL_DECIDED.format(proposal=proposal.id))]
        if proposal.action == "create":
            state, expected = proposal.state, 0
        else:
            state = self.curation.state(proposal.entry_id).with_fields(proposal.state.fields)
            expected = (self.curation.version(proposal.entry_id) if verb == "force"
                        else proposal.base_version)
        outcome = await self.curation.commit(
            proposal.entry_id, state, action=proposal.action, author=author_of(msg),
            expected_version=expected, note=f"đề xuất #{proposal.id} của {proposal.author_name}",
        )
        if not outcome.ok:
            await self.curation.store.reopen(proposal.id)
            if outcome.conflict is not None:
                return [Reply(t.PROPOSAL_CONFLICT.format(entry_id=proposal.entry_id,
                                                         proposal=proposal.id)),
                        self._proposal_reply(proposal, force=True)]
            return [Reply(t.REFUSED.format(error="\n".join(outcome.errors)[:600]))]
        entry = self.faq.kb.get(proposal.entry_id)
        title = entry.title if entry else proposal.entry_id
        await ctx.notifier.send(proposal.platform, proposal.user_id, [
            Reply(t.TOLD_APPROVED.format(proposal=proposal.id, title=title))])
        return [Reply(t.APPROVED.format(proposal=proposal.id, title=title,
                                        change=outcome.change_id),
                      options=(self._undo_option(outcome.change_id),))]

    async def reject_reason(self, ctx: Context, msg: Incoming, dialog: Dialog) -> list[Reply]:
        proposal_id = int(dialog.data.get("id", 0))
        reason = clean_text(msg.text or "", multiline=False)[:300]
        if not reason:
            return [Reply(t.REJECT_PROMPT.format(proposal=proposal_id))]
        await ctx.dialogs.end(msg.sender)
        proposal = await self.curation.store.proposal(proposal_id)
        if proposal is None or not await self.curation.store.decide(
                proposal_id, "rejected", author_of(msg).key, reason):
            return [Reply(t.PROPOSAL_DECIDED.format(proposal=proposal_id))]
        entry = self.faq.kb.get(proposal.entry_id)
        title = proposal.state.fields.get("title") or (entry.title if entry else proposal.entry_id)
        await ctx.notifier.send(proposal.platform, proposal.user_id, [
            Reply(t.TOLD_REJECTED.format(proposal=proposal_id, title=title, reason=reason))])
        return [Reply(t.REJECTED.format(proposal=proposal_id))]

    # --- history and undo ------------------------------------------------------------------

    async def history(self, ctx: Context, msg: Incoming) -> list[Reply]:
        changes = await self.curation.history(msg.args.strip().lower() or None, limit=10)
        if not changes:
            return [Reply(t.HISTORY_EMPTY)]
        lines = [t.HISTORY_HEADER]
        options: list[Option] = []
        for c in changes:
            lines.append(t.HISTORY_LINE.format(
                change=c.id, at=local_time(c.created_at), name=c.author_name or c.author,
                action=t.ACTIONS.get(c.action, c.action), entry_id=c.entry_id,
                undone=t.HISTORY_UNDONE if c.undone_by else "",
            ))
            if c.undone_by is None and c.action != "undo" and len(options) < 5:
                options.append(self._undo_option(c.id))
        return [Reply("\n".join(lines), options=tuple(options))]

    async def undo_button(self, ctx: Context, msg: Incoming) -> list[Reply]:
        number = (msg.payload or "").partition(":")[2]
        change = await self.curation.store.change(int(number)) if number.isdigit() else None
        if change is None:
            return [Reply(t.UNDO_REFUSED.format(error=number[:12]))]
        mine = change.author == author_of(msg).key
        refused = self.refuse(msg, ctx.principal, Role.COMMUNE_COORDINATOR if mine else Role.ADMIN)
        if refused:
            return refused
        outcome = await self.curation.undo(change.id, author_of(msg))
        if not outcome.ok:
            error = "\n".join(outcome.errors) if outcome.errors else t.SOMEONE
            return [Reply(t.UNDO_REFUSED.format(error=error[:600]))]
        return [Reply(t.UNDONE.format(change=change.id, entry_id=change.entry_id,
                                      new=outcome.change_id))]

    # --- switching off and on --------------------------------------------------------------

    async def disable(self, ctx: Context, msg: Incoming) -> list[Reply]:
        return await self._switch(ctx, msg, msg.args.strip().lower(), disabled=True)

    async def enable(self, ctx: Context, msg: Incoming) -> list[Reply]:
        return await self._switch(ctx, msg, msg.args.strip().lower(), disabled=False)

    async def _switch(self, ctx: Context, msg: Incoming, entry_id: str,
                      *, disabled: bool) -> list[Reply]:
        if not entry_id:
            return [Reply(t.SWITCH_USAGE.format(command="tatkb" if disabled else "batkb"))]
        state = self.curation.state(entry_id)
        if self.faq.kb.get(entry_id) is None and not state.disabled:
            return [Reply(t.UNKNOWN_ENTRY.format(entry_id=entry_id[:60]))]
        if state.disabled == disabled:
            return [Reply(t.ALREADY.format(entry_id=entry_id,
                                           state=t.STATE_OFF if disabled else t.STATE_ON))]
        outcome = await self.curation.commit(
            entry_id, state.switched(disabled), action="disable" if disabled else "enable",
            author=author_of(msg), expected_version=self.curation.version(entry_id),
        )
        if not outcome.ok:
            error = "\n".join(outcome.errors) or t.CONFLICT_SHORT
            return [Reply(t.UNDO_REFUSED.format(error=error[:600]))]
        text = t.DISABLED if disabled else t.ENABLED
        return [Reply(text.format(entry_id=entry_id),
                      options=(self._undo_option(outcome.change_id),))]


def follow_up_replies(answer: Callable[[Entry], Reply]) -> Callable[..., list[Reply]]:
    """The message to a villager whose question now has an answer: a notice, then the answer."""

    def compose(asked_at: Any, question: str, entry: Entry) -> list[Reply]:
        day = asked_at.astimezone(VIETNAM).strftime("%d/%m")
        short = " ".join(question.split())[:120]
        return [Reply(t.FOLLOW_UP.format(day=day, question=short)), answer(entry)]

    return compose

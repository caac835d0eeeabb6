"""The actions of the /cauhoimoi inbox: one press turns a villager's question into an answer.

For each grouped question: attach it as a new phrasing to one of the matcher's top entries
(one press) or to an entry found by search, draft a new entry from it, or mark it out of
scope. Whatever is done, the group's questions leave the inbox, and the person who acted
sees how the bot now answers the question.
"""

from __future__ import annotations

from datetime import timedelta

from rapidfuzz import fuzz, process

from core.clock import to_iso
from core.database import Database
from core.dialogs import Dialog
from core.model import Incoming, Option, Reply
from core.roles import Role
from core.router import Context, Router
from faq.curation.fields import clean_text
from faq.curation.service import CurationService
from faq.grouping import SIMILAR_QUESTION, AskedQuestion, QuestionGroup, group_questions
from handlers.faq import curation_texts as t
from handlers.faq.curation import CurationHandlers, author_of

SEARCH_DIALOG, SEARCH_PREFIX = "kbfind", "kf"
INBOX_DAYS = 30
SUGGESTIONS = 3
MAX_PHRASING = 200
MAX_LABEL = 40

_OPEN = (
    "SELECT id, text, folded, outcome, feedback FROM faq_questions"
    " WHERE asked_at >= ? AND (outcome = 'unanswered' OR feedback = -1)"
    " AND id NOT IN (SELECT question_id FROM faq_inbox_handled)"
    " ORDER BY asked_at DESC LIMIT 5000"
)


class InboxHandlers:
    """Buttons ib (open a group), ia (attach), is (search), in (draft), io (out of scope)."""

    def __init__(self, db: Database, curation: CurationService, editor: CurationHandlers) -> None:
        self.db = db
        self.curation = curation
        self.editor = editor
        editor.on_saved = self.drafted

    @property
    def faq(self):
        return self.curation.faq

    def register(self, router: Router) -> None:
        router.button("ib", self.open_group)
        router.button("ia", self.attach)
        router.button("is", self.search)
        router.button("in", self.draft)
        router.button("io", self.out_of_scope)
        router.dialog(SEARCH_DIALOG, self.search_words, prefix=SEARCH_PREFIX)

    # --- what /cauhoimoi shows ---------------------------------------------------------------

    async def visible(self, groups: list[QuestionGroup]) -> list[QuestionGroup]:
        """The groups minus those like a question marked out of scope."""
        marked = await self.curation.store.out_of_scope()
        if not marked:
            return groups
        return [
            g for g in groups
            if process.extractOne(g.questions[0].folded or g.example.lower(), marked,
                                  scorer=fuzz.token_sort_ratio,
                                  score_cutoff=SIMILAR_QUESTION) is None
        ]

    def pick_options(self, groups: list[QuestionGroup]) -> tuple[Option, ...]:
        return tuple(
            Option(t.INBOX_PICK.format(rank=rank, example=_short(g.example)), f"ib:{g.ids[0]}")
            for rank, g in enumerate(groups, start=1) if g.ids
        )

    # --- a group ---------------------------------------------------------------------------

    async def group(self, ctx: Context, question_id: int) -> tuple[str, list[int]] | None:
        """The example's text and the ids of its group of open questions (itself first),
        grouped as /cauhoimoi groups them."""
        since = to_iso(ctx.clock() - timedelta(days=INBOX_DAYS))
        rows = await self.db.fetchall(_OPEN, (since,))
        example = next((r for r in rows if r["id"] == question_id), None)
        if example is None:
            return None
        groups = group_questions(
            AskedQuestion(r["id"], r["text"], r["folded"], r["outcome"] == "unanswered",
                          r["feedback"] == -1) for r in rows)
        group = next((g for g in groups if question_id in g.ids), None)
        others = [i for i in (group.ids if group else ()) if i != question_id]
        return example["text"], [question_id, *others]

    async def _allowed_group(self, ctx: Context, msg: Incoming
                             ) -> tuple[list[str], tuple[str, list[int]] | None, list[Reply]]:
        parts = (msg.payload or "").split(":")
        refused = self.editor.refuse(msg, ctx.principal, Role.COMMUNE_COORDINATOR)
        if refused:
            return parts, None, refused
        found = await self.group(ctx, int(parts[1])) if len(parts) > 1 and parts[1].isdigit() \
            else None
        return parts, found, [] if found else [Reply(t.INBOX_GONE)]

    async def open_group(self, ctx: Context, msg: Incoming) -> list[Reply]:
        _, found, stop = await self._allowed_group(ctx, msg)
        if found is None:
            return stop
        text, ids = found
        qid = ids[0]
        suggestions = [e for e, score in self.faq.match(text).ranking[:SUGGESTIONS] if score > 0]
        options = [Option(t.ATTACH_TO.format(title=e.title), f"ia:{qid}:{e.id}")
                   for e in suggestions]
        options += [Option(t.SEARCH_OTHER, f"is:{qid}"), Option(t.DRAFT_NEW, f"in:{qid}"),
                    Option(t.OUT_OF_SCOPE, f"io:{qid}")]
        return [Reply(t.INBOX_CARD.format(example=text[:200], count=len(ids)),
                      options=tuple(options))]

    async def attach(self, ctx: Context, msg: Incoming) -> list[Reply]:
        parts, found, stop = await self._allowed_group(ctx, msg)
        if found is None:
            return stop
        text, ids = found
        entry_id = parts[2] if len(parts) > 2 else ""
        entry = self.faq.kb.get(entry_id)
        if entry is None:
            return [Reply(t.UNKNOWN_ENTRY.format(entry_id=entry_id[:60]))]
        phrasing = clean_text(text, multiline=False)[:MAX_PHRASING]
        outcome = await self.curation.commit(
            entry.id, self.curation.state(entry.id).with_question(phrasing), action="phrasing",
            author=author_of(msg), expected_version=None, note=phrasing,
        )
        if not outcome.ok:
            return self.editor._not_saved(outcome)[:1]
        await self.curation.store.mark_handled(ids, "attached", entry.id)
        result = self.faq.match(text)
        lines = [t.ATTACHED.format(question=phrasing, title=entry.title)]
        if result.decision == "answer" and result.entry is not None:
            lines.append(t.NOW_ANSWERS.format(title=result.entry.title, score=result.score))
        else:
            lines.append(t.STILL_UNSURE.format(decision=t.DECISIONS[result.decision],
                                               entry_id=entry.id))
        return [Reply("\n".join(lines), options=(
            Option(t.UNDO.format(change=outcome.change_id), f"ku:{outcome.change_id}"),))]

    async def out_of_scope(self, ctx: Context, msg: Incoming) -> list[Reply]:
        _, found, stop = await self._allowed_group(ctx, msg)
        if found is None:
            return stop
        text, ids = found
        rows = await self.db.fetchall(
            "SELECT folded FROM faq_questions WHERE id = ?", (ids[0],))
        await self.curation.store.mark_out_of_scope(
            rows[0]["folded"] or text.lower(), author_of(msg).key)
        await self.curation.store.mark_handled(ids, "out_of_scope", None)
        return [Reply(t.MARKED_OUT_OF_SCOPE.format(question=text[:200]))]

    async def draft(self, ctx: Context, msg: Incoming) -> list[Reply]:
        _, found, stop = await self._allowed_group(ctx, msg)
        if found is None:
            return stop
        text, ids = found
        phrasing = clean_text(text, multiline=False)[:MAX_PHRASING]
        return await self.editor.start_new(ctx, msg, phrasing, tuple(ids))

    async def drafted(self, question_ids: tuple[int, ...], entry_id: str) -> None:
        await self.curation.store.mark_handled(question_ids, "drafted", entry_id)

    # --- attaching to an entry found by search --------------------------------------------

    async def search(self, ctx: Context, msg: Incoming) -> list[Reply]:
        _, found, stop = await self._allowed_group(ctx, msg)
        if found is None:
            return stop
        await ctx.dialogs.save(msg.sender, Dialog(SEARCH_DIALOG, "words", {"qid": found[1][0]}))
        return [Reply(t.SEARCH_PROMPT)]

    async def search_words(self, ctx: Context, msg: Incoming, dialog: Dialog) -> list[Reply]:
        words = clean_text(msg.text or "", multiline=False)
        entries = self.editor.search(words) if words else []
        if not entries:
            return [Reply(t.SEARCH_NONE.format(words=words[:60]))]
        await ctx.dialogs.end(msg.sender)
        qid = int(dialog.data.get("qid", 0))
        options = tuple(Option(t.ATTACH_TO.format(title=e.title), f"ia:{qid}:{e.id}")
                        for e in entries)
        return [Reply(t.SEARCH_RESULTS.format(words=words[:60]), options=options)]


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= MAX_LABEL else text[: MAX_LABEL - 1].rstrip() + "…"

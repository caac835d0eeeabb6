"""The villager's question-and-answer experience: welcome, questions, topics, feedback."""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import Protocol

from core.app import SHOWN_PREFIX
from core.config_errors import ConfigError
from core.dialogs import Payload, payload
from core.model import Incoming, Option, Reply
from core.roles import Role
from core.router import CommandSpec, Context, Router
from faq.knowledge_base import Entry
from faq.privacy import mask_personal, question_scope
from faq.question_log import QuestionGroup, QuestionLog
from faq.service import FaqService
from handlers.faq import texts
from handlers.requests.common import SHOW_TEAM, ask_team_option

log = logging.getLogger(__name__)


class InboxActions(Protocol):
    """What curation adds to /cauhoimoi: hide what was dealt with, one action button a group."""

    async def visible(self, groups: list[QuestionGroup]) -> list[QuestionGroup]: ...

    def pick_options(self, groups: list[QuestionGroup]) -> tuple[Option, ...]: ...

TEAM_ENTRY = "team.about"
HELP_ENTRY = "bot.help"
MAX_RELATED = 3
OPEN_QUESTION_DAYS = 30


class FaqHandlers:
    """Answers free-text questions from the knowledge base and lets people browse it."""

    def __init__(self, faq: FaqService, questions: QuestionLog,
                 inbox: InboxActions | None = None) -> None:
        self.faq = faq
        self.questions = questions
        self.inbox = inbox

    def register(self, router: Router) -> None:
        d = texts.COMMAND_DESCRIPTIONS
        router.command(CommandSpec("start", self.start, d["start"], aliases=("batdau",)))
        router.command(CommandSpec("help", self.help, d["help"], aliases=("huongdan", "trogiup")))
        router.command(CommandSpec("chude", self.themes, d["chude"], aliases=("topics",)))
        router.command(CommandSpec(
            "cauhoimoi", self.open_questions, d["cauhoimoi"], min_role=Role.COMMUNE_COORDINATOR,
            private_only=True,
        ))
        router.command(CommandSpec("taikb", self.reload, d["taikb"], min_role=Role.ADMIN))
        router.button("menu", self.menu)
        router.button("theme", self.theme)
        router.button("faq", self.entry)
        router.button("fb", self.feedback)
        router.button("nf", self.none_fits)
        router.fallback(self.question)

    # --- commands -------------------------------------------------------------------------

    async def start(self, ctx: Context, msg: Incoming) -> list[Reply]:
        name = msg.sender.display_name or "anh/chị"
        return [Reply(texts.WELCOME.format(name=name), options=self._menu_options())]

    async def help(self, ctx: Context, msg: Incoming) -> list[Reply]:
        lines = [texts.HELP_HEADER]
        for spec in ctx.router.commands_for(ctx.principal):
            lines.append(f"/{spec.name} — {spec.description}")
        lines.append(texts.HELP_FOOTER)
        return [Reply("\n".join(lines))]

    async def themes(self, ctx: Context, msg: Incoming) -> list[Reply]:
        options = [Option(t.title, payload("theme", t.id))
                   for t in self.faq.kb.themes if not t.hidden]
        return [Reply(texts.THEMES, options=tuple(options))]

    async def open_questions(self, ctx: Context, msg: Incoming) -> list[Reply]:
        scope = question_scope(ctx.principal)
        groups = await self.questions.open_questions(OPEN_QUESTION_DAYS, commune_code=scope)
        hidden = 0
        if scope is not None:  # the rest are counted, not shown (faq/privacy.py)
            hidden = (await self.questions.count_open_questions(OPEN_QUESTION_DAYS)
                      - await self.questions.count_open_questions(OPEN_QUESTION_DAYS,
                                                                  commune_code=scope))
        if self.inbox is not None:
            groups = await self.inbox.visible(groups)
        if not groups and not hidden:
            return [Reply(texts.OPEN_QUESTIONS_EMPTY.format(days=OPEN_QUESTION_DAYS))]
        lines = [texts.OPEN_QUESTIONS_HEADER.format(days=OPEN_QUESTION_DAYS)]
        for rank, group in enumerate(groups, start=1):
            lines.append(texts.OPEN_QUESTIONS_LINE.format(
                rank=rank, example=mask_personal(group.example)[:120], count=group.count,
                unanswered=group.unanswered, disliked=group.disliked,
            ))
        if hidden:
            lines.append(texts.OPEN_QUESTIONS_HIDDEN.format(count=hidden))
        options = self.inbox.pick_options(groups) if self.inbox is not None else ()
        return [Reply("\n".join(lines), options=options)]

    async def reload(self, ctx: Context, msg: Incoming) -> list[Reply]:
        try:
            kb = await self.faq.reload()
        except ConfigError as error:
            log.warning("knowledge base reload refused: %s", error)
            return [Reply(texts.KB_RELOAD_FAILED.format(error=error))]
        shown = sum(1 for t in kb.themes if not t.hidden)  # faq validate counts them all
        return [Reply(texts.KB_RELOADED.format(entries=len(kb.entries), themes=len(kb.themes),
                                               shown=shown))]

    # --- buttons --------------------------------------------------------------------------

    async def menu(self, ctx: Context, msg: Incoming) -> list[Reply]:
        choice = Payload.parse(msg.payload).rest()
        if choice == "browse":
            return await self.themes(ctx, msg)
        if choice == "help":
            return await self.help(ctx, msg)
        if choice == "team":
            entry = self.faq.kb.get(TEAM_ENTRY)
            if entry is not None:
                return [self._answer(entry, None)]
        return [Reply(texts.ASK_PROMPT)]

    async def theme(self, ctx: Context, msg: Incoming) -> list[Reply]:
        theme_id = Payload.parse(msg.payload).rest()
        theme = next((t for t in self.faq.kb.themes if t.id == theme_id), None)
        if theme is None:
            return [Reply(texts.UNKNOWN_ENTRY)]
        options = []
        for entry_id in theme.entry_ids:
            entry = self.faq.kb.get(entry_id)
            if entry is not None:
                options.append(Option(entry.title, payload("faq", entry.id)))
        return [Reply(texts.THEME_ENTRIES.format(title=theme.title), options=tuple(options))]

    async def entry(self, ctx: Context, msg: Incoming) -> list[Reply]:
        """An entry chosen from a list: "faq:<id>" or, from suggestions, "faq:<id>:<qid>"."""
        pressed = Payload.parse(msg.payload)
        entry_id, question = pressed.part(0), pressed.part(1)
        entry = self.faq.kb.get(entry_id)
        if entry is None:
            return [Reply(texts.UNKNOWN_ENTRY)]
        question_id = int(question) if question.isdigit() else None
        if question_id is not None:
            await self.questions.resolve(msg.sender, question_id, "answered", entry.id)
        return [self._answer(entry, question_id)]

    async def feedback(self, ctx: Context, msg: Incoming) -> list[Reply]:
        """ "fb:1:<qid>" or "fb:-1:<qid>"."""
        pressed = Payload.parse(msg.payload)
        verdict, question = pressed.part(0), pressed.part(1)
        if len(pressed.parts) != 2 or verdict not in ("1", "-1") or not question.isdigit():
            return [Reply(texts.UNKNOWN_ENTRY)]
        helpful = verdict == "1"
        if not await self.questions.feedback(msg.sender, int(question), helpful):
            return [Reply(texts.FEEDBACK_NOT_YOURS)]
        if helpful:
            return [Reply(texts.THANKS_FEEDBACK)]
        return [Reply(texts.SORRY_FEEDBACK, options=self._fallback_options())]

    async def none_fits(self, ctx: Context, msg: Incoming) -> list[Reply]:
        """None of the suggestions fitted: the question counts as unanswered."""
        question = Payload.parse(msg.payload).rest()
        if question.isdigit():
            await self.questions.resolve(msg.sender, int(question), "unanswered", None)
        return [Reply(texts.NO_ANSWER, options=self._fallback_options())]

    # --- free text ------------------------------------------------------------------------

    async def question(self, ctx: Context, msg: Incoming) -> list[Reply]:
        text = msg.text.strip()
        if text.rstrip(".)").isdigit():  # a number, and no list waiting for it
            return [self._bare_number(msg)]
        result = self.faq.match(text)
        if not result.folded.strip():
            return [Reply(texts.EMPTY_QUESTION)]
        private = msg.is_private
        if result.decision == "answer" and result.entry is not None:
            if result.entry.theme in self._hidden_themes():  # a greeting or a thanks
                return [Reply(result.entry.answer.strip())]
            qid = await self.questions.record(
                msg.sender, text, result.folded, "answered", result.entry.id, result.score,
                private=private,
            )
            reply = self._answer(result.entry, qid, also=result.also)
            if result.shortened:
                reply = replace(reply, text=f"{texts.SHORTENED}\n{reply.text}")
            return [reply]
        if result.decision == "suggest" and result.suggestions:
            qid = await self.questions.record(
                msg.sender, text, result.folded, "suggested", None, result.score,
                private=private,
            )
            options = [Option(e.title, payload("faq", e.id, qid)) for e in result.suggestions[:3]]
            options.append(Option(texts.NONE_OF_THESE, payload("nf", qid)))
            return [Reply(texts.DID_YOU_MEAN, options=tuple(options))]
        await self.questions.record(msg.sender, text, result.folded, "unanswered", None,
                                    result.score, private=private)
        return [Reply(texts.NO_ANSWER, options=self._fallback_options())]

    # --- building replies -----------------------------------------------------------------

    def _hidden_themes(self) -> set[str]:
        return {t.id for t in self.faq.kb.themes if t.hidden}

    @staticmethod
    def _bare_number(msg: Incoming) -> Reply:
        """A typed number that picks nothing: past the end of the last list, or no list."""
        if msg.payload and msg.payload.startswith(SHOWN_PREFIX):
            count = msg.payload.removeprefix(SHOWN_PREFIX)
            return Reply(texts.NUMBER_OUT_OF_RANGE.format(count=count))
        return Reply(texts.NUMBER_WITHOUT_LIST, options=FaqHandlers._menu_options())

    def _answer(self, entry: Entry, question_id: int | None, also: Entry | None = None) -> Reply:
        options = []
        if also is not None:
            label = texts.ALSO_ASKED.format(title=also.title)
            options.append(Option(label, payload("faq", also.id)))
        for related_id in [r for r in entry.related if also is None or r != also.id][:MAX_RELATED]:
            related = self.faq.kb.get(related_id)
            if related is not None:
                options.append(Option(texts.RELATED_PREFIX + related.title,
                                      payload("faq", related.id)))
        if question_id is not None:
            options.append(Option(texts.HELPFUL, payload("fb", 1, question_id)))
            options.append(Option(texts.NOT_HELPFUL, payload("fb", -1, question_id)))
        options.append(ask_team_option())
        return Reply(
            text=answer_text(entry),
            options=tuple(options),
            links=tuple((link.title, link.url) for link in entry.links),
        )

    @staticmethod
    def _menu_options() -> tuple[Option, ...]:
        return (
            Option(texts.OPTION_ASK, payload("menu", "ask")),
            Option(texts.OPTION_BROWSE, payload("menu", "browse")),
            Option(texts.OPTION_TEAM, SHOW_TEAM),
            Option(texts.OPTION_HELP, payload("menu", "help")),
        )

    @staticmethod
    def _fallback_options() -> tuple[Option, ...]:
        return (
            ask_team_option(),
            Option(texts.OPTION_BROWSE, payload("menu", "browse")),
            Option(texts.OPTION_TEAM, SHOW_TEAM),
        )


def answer_text(entry: Entry) -> str:
    """The title, the answer and, for an entry with checked facts, one line of where from."""
    text = f"{entry.title}\n\n{entry.answer.strip()}"
    if entry.checked is None or not entry.sources:
        return text
    sources = ", ".join(dict.fromkeys(source.title for source in entry.sources))
    return text + "\n" + texts.SOURCES_LINE.format(sources=sources, checked=entry.checked)

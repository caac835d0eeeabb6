"""Multi-step dialogs: their state in SQLite (a restart never loses a half-finished dialog),
the step-table helper they are written with, and the one way button payloads are built and read."""

from __future__ import annotations

import inspect
import json
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, TypeVar

from core import texts
from core.clock import Clock, to_iso, utc_now
from core.database import Database
from core.model import EventKind, Incoming, Option, Reply, Sender
from core.paging import Page
from core.voice import join_polite

if TYPE_CHECKING:
    from core.router import Context


@dataclass
class Dialog:
    """Where one person is in a multi-step conversation."""

    name: str
    step: str
    data: dict[str, Any] = field(default_factory=dict)


class DialogStore:
    """Reads and writes dialog state keyed by (platform, user)."""

    def __init__(self, db: Database, clock: Clock = utc_now) -> None:
        self.db = db
        self.clock = clock

    async def get(self, sender: Sender) -> Dialog | None:
        row = await self.db.lookup(
            "SELECT name, step, data FROM dialogs WHERE platform = ? AND user_id = ?",
            sender.key,
        )
        if row is None:
            return None
        return Dialog(row["name"], row["step"], json.loads(row["data"]))

    async def save(self, sender: Sender, dialog: Dialog) -> None:
        """Start or advance a dialog."""
        await self.db.write(
            "INSERT INTO dialogs (platform, user_id, name, step, data, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (platform, user_id) DO UPDATE SET name = excluded.name,"
            " step = excluded.step, data = excluded.data, updated_at = excluded.updated_at",
            (*sender.key, dialog.name, dialog.step,
             json.dumps(dialog.data, ensure_ascii=False), to_iso(self.clock())),
        )

    async def end(self, sender: Sender) -> bool:
        """Forget the dialog; True when there was one."""
        cursor = await self.db.write(
            "DELETE FROM dialogs WHERE platform = ? AND user_id = ?", sender.key
        )
        return cursor.rowcount > 0


_T = TypeVar("_T")

# --- button payloads -----------------------------------------------------------------------

SEPARATOR = ":"


@dataclass(frozen=True)
class Payload:
    """What a button carries: a routing prefix and its parts, "prefix:part:part".

    The one place payloads are written and read, so no handler splits strings itself:

        >>> Payload.of("appr", 12, "y").text
        'appr:12:y'
        >>> Payload.parse("appr:12:y").part(1)
        'y'
    """

    prefix: str
    parts: tuple[str, ...] = ()

    @classmethod
    def of(cls, prefix: str, *parts: str | int) -> Payload:
        return cls(prefix, tuple(str(p) for p in parts))

    @classmethod
    def parse(cls, payload: str | None) -> Payload:
        prefix, *parts = (payload or "").split(SEPARATOR)
        return cls(prefix, tuple(parts))

    @property
    def text(self) -> str:
        return SEPARATOR.join((self.prefix, *self.parts))

    def part(self, index: int, default: str = "") -> str:
        """One part (0 is the first after the prefix), or `default` when there is none."""
        return self.parts[index] if index < len(self.parts) else default

    def rest(self, index: int = 0) -> str:
        """Everything from part `index` on, as it was written (may itself contain ':')."""
        return SEPARATOR.join(self.parts[index:])


def payload(prefix: str, *parts: str | int) -> str:
    """A button payload: `payload("gh", "day", 0)` is "gh:day:0"."""
    return Payload.of(prefix, *parts).text


# --- step tables ---------------------------------------------------------------------------


class Retry(Exception):
    """Raised by a reader: ask the same question again, after `reason` when it is not empty."""

    def __init__(self, reason: str = "") -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Goto:
    """A reader's answer: save the dialog and ask `step`, after `reason` when given."""

    step: str
    reason: str | None = None


@dataclass(frozen=True)
class Done:
    """A reader's answer: the dialog is over; send these replies."""

    replies: list[Reply]


Next = str | Goto | Done
"""What a reader returns: a step name (go there), Goto, or Done."""


@dataclass
class Turn:
    """One answer being read: the handler's context, the message and the dialog so far."""

    ctx: Context
    msg: Incoming
    dialog: Dialog
    memo: dict[str, Any] = field(default_factory=dict)  # this turn only, never saved

    @property
    def data(self) -> dict[str, Any]:
        return self.dialog.data


Asker = Callable[[Turn], "Reply | Awaitable[Reply]"]
Reader = Callable[[Turn, str], "Next | Awaitable[Next]"]


@dataclass(frozen=True)
class Step:
    """One step: how its question is asked, and how a typed text or a button press is read.

    `text` gets the stripped text; `button` gets the value after "prefix:step:". A step
    without `text` answers typing with the dialog's `choose_please`; a step without
    `button` treats any press as an old one.
    """

    ask: Asker
    text: Reader | None = None
    button: Reader | None = None
    also_reads: tuple[str, ...] = ()  # earlier steps whose buttons this step still reads


class StepDialog:
    """A multi-step dialog written as a table of steps; its state lives in SQLite.

    Every answer is read by the current step's reader, which returns where to go next.
    State is saved after each step, so a restart continues where the person was.
    Example (a two-step dialog)::

        class HelloStep(StrEnum):
            NAME = "name"
            CONFIRM = "confirm"

        def ask_confirm(turn: Turn) -> Reply:
            return Reply(f"Tên: {turn.data['name']}. Gửi ạ?",
                         options=(hello.option("Gửi", HelloStep.CONFIRM, "send"),))

        def read_name(turn: Turn, text: str) -> Next:
            if not text:
                raise Retry("Anh/chị vui lòng gõ tên ạ.")
            turn.data["name"] = text
            return HelloStep.CONFIRM

        async def read_confirm(turn: Turn, value: str) -> Next:
            return Done([Reply("Đã gửi ạ.")])

        hello = StepDialog("hello", "hl", {
            HelloStep.NAME: Step(lambda turn: Reply("Anh/chị tên gì ạ?"), text=read_name),
            HelloStep.CONFIRM: Step(ask_confirm, button=read_confirm),
        })
        router.dialog(hello.name, hello.handle, prefix=hello.prefix)
        # and in a command handler: return await hello.start(ctx, msg, HelloStep.NAME)

    Askers and readers may be plain functions or coroutines; `precheck` (a coroutine) runs
    before every answer and ends the dialog with its replies when it returns some, and may
    leave what it looked up in `turn.memo` for the readers.
    `retry_on` lists exception types whose message is a reason to ask again (domain
    validation errors); `old_choice` is said before the question when a button of another
    step, or a value no longer offered, is pressed; `type_please` when a file is sent.
    """

    def __init__(
        self, name: str, prefix: str, steps: Mapping[str, Step], *,
        retry_on: tuple[type[Exception], ...] = (),
        old_choice: str | None = None, choose_please: str | None = None,
        type_please: str | None = None,
        precheck: Callable[[Turn], Awaitable[list[Reply] | None]] | None = None,
    ) -> None:
        self.name = name
        self.prefix = prefix
        self.steps = dict(steps)
        self.retry_on = retry_on
        self.old_choice = old_choice
        self.choose_please = choose_please
        self.type_please = type_please
        self.precheck = precheck

    def option(self, label: str, step: str, value: str | int) -> Option:
        """A button answering `step` with `value`."""
        return Option(label, payload(self.prefix, step, value))

    def options(self, step: str, choices: Iterable[tuple[str, str | int]]) -> tuple[Option, ...]:
        """Buttons for (label, value) pairs, all answering `step`."""
        return tuple(self.option(label, step, value) for label, value in choices)

    async def ask(self, turn: Turn, reason: str | None = None) -> Reply:
        """The current step's question, after `reason` when there is one (joined with one
        "Dạ" and one "ạ", core/voice.py)."""
        reply = await _result(self.steps[turn.dialog.step].ask(turn))
        if not reason:
            return reply
        return replace(reply, text=join_polite(reason, reply.text))

    async def start(self, ctx: Context, msg: Incoming, step: str,
                    data: dict[str, Any] | None = None) -> list[Reply]:
        """Begin (or begin again) at `step`; returns its question."""
        dialog = Dialog(self.name, str(step), data if data is not None else {})
        await ctx.dialogs.save(msg.sender, dialog)
        return [await self.ask(Turn(ctx, msg, dialog))]

    async def handle(self, ctx: Context, msg: Incoming, dialog: Dialog) -> list[Reply]:
        """Read one answer to the current step (register this with Router.dialog)."""
        turn = Turn(ctx, msg, dialog)
        if self.precheck is not None:
            stop = await self.precheck(turn)
            if stop is not None:
                await ctx.dialogs.end(msg.sender)
                return stop
        step = self.steps.get(dialog.step)
        if step is None:  # a step a newer or older version no longer has
            await ctx.dialogs.end(msg.sender)
            return [Reply(texts.DIALOG_EXPIRED)]
        try:
            result = await self._read(turn, step)
        except Retry as retry:
            return [await self.ask(turn, retry.reason)]
        except self.retry_on as error:
            return [await self.ask(turn, str(error))]
        if isinstance(result, Done):
            await ctx.dialogs.end(msg.sender)
            return result.replies
        goto = result if isinstance(result, Goto) else Goto(result)
        dialog.step = str(goto.step)
        await ctx.dialogs.save(msg.sender, dialog)
        return [await self.ask(turn, goto.reason)]

    async def _read(self, turn: Turn, step: Step) -> Next:
        msg = turn.msg
        if msg.kind is EventKind.BUTTON:
            pressed = Payload.parse(msg.payload)
            if step.button is None or pressed.part(0) not in (turn.dialog.step, *step.also_reads):
                raise Retry(self.old_choice or "")
            result = step.button(turn, pressed.rest(1))
        elif msg.attachment is not None and self.type_please is not None:
            raise Retry(self.type_please)
        elif step.text is None:
            raise Retry(self.choose_please or "")
        else:
            result = step.text(turn, msg.text.strip())
        return await _result(result)


async def _result(value: _T | Awaitable[_T]) -> _T:
    """What a reader or an asker gave, awaited when it is a coroutine."""
    if inspect.isawaitable(value):
        return await value
    return value


# --- pick lists longer than a screen -------------------------------------------------------

MORE = "more"  # the button value of «Xem thêm»: "more:<offset>"


def paged_choice(
    prefix: str, step: str, question: Callable[[Turn], str],
    choices: Callable[[Turn], Sequence[tuple[str, str | int]]], *, size: int, then: Reader,
    after: Sequence[tuple[str, str | int]] = (), text: Reader | None = None,
    also_reads: tuple[str, ...] = (),
) -> Step:
    """A step offering `choices(turn)` a screen of `size` at a time with «Xem thêm»
    (core/paging.py), then the fixed options `after` ("type again") on every screen.

    A pressed choice or `after` value goes to `then(turn, value)`, which checks it. Only
    the answer to «Xem thêm» shows a later screen (the offset lives in its button), so a
    typed answer, a retry or a restart shows the first."""

    def ask(turn: Turn) -> Reply:
        page = Page.of(choices(turn), turn.memo.get(MORE, 0), size)
        return Reply(question(turn), options=(
            *(Option(label, payload(prefix, step, value)) for label, value in page.items),
            *page.more(lambda offset: payload(prefix, step, MORE, offset)),
            *(Option(label, payload(prefix, step, value)) for label, value in after)))

    async def pressed(turn: Turn, value: str) -> Next:
        more = Payload.parse(value)
        if more.prefix == MORE and more.part(0).isdigit() and int(more.part(0)) < len(
                choices(turn)):
            turn.memo[MORE] = int(more.part(0))
            return step
        return await _result(then(turn, value))

    return Step(ask, text=text, button=pressed, also_reads=also_reads)

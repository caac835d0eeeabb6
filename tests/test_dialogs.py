"""The step-table dialog helper and the button payload helper (core/dialogs.py)."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import pytest

from core import texts as core_texts
from core.app import BotCore
from core.database import Database
from core.dialogs import Dialog, Done, Goto, Next, Payload, Retry, Step, StepDialog, Turn, payload
from core.model import Incoming, Reply
from core.notifier import Notifier
from core.roles import ConfigAdmins
from core.router import CommandSpec, Context, Router
from core.testing import Conversation
from core.voice import join_polite

OLD_CHOICE = "Lựa chọn đó đã cũ."
CHOOSE = "Anh/chị vui lòng bấm một lựa chọn."


class AskStep(StrEnum):
    NAME = "name"
    AGE = "age"
    CONFIRM = "confirm"


class AgeDialog:
    """Name → age (a number, checked) → confirm (send, or start again)."""

    def __init__(self) -> None:
        self.sent: list[dict] = []
        self.dialog = StepDialog("age", "ag", {
            AskStep.NAME: Step(lambda turn: Reply("Tên anh/chị là gì?"), text=self.read_name),
            AskStep.AGE: Step(lambda turn: Reply("Anh/chị bao nhiêu tuổi?"), text=self.read_age),
            AskStep.CONFIRM: Step(self.ask_confirm, button=self.read_confirm),
        }, retry_on=(ValueError,), old_choice=OLD_CHOICE, choose_please=CHOOSE)

    def register(self, router: Router) -> None:
        router.command(CommandSpec("tuoi", self.start, "Hỏi tuổi"))
        router.dialog(self.dialog.name, self.dialog.handle, prefix=self.dialog.prefix)

    async def start(self, ctx: Context, msg: Incoming) -> list[Reply]:
        return await self.dialog.start(ctx, msg, AskStep.NAME)

    def read_name(self, turn: Turn, text: str) -> Next:
        if not text:
            raise Retry("Em chưa thấy tên.")
        turn.data["name"] = text
        return AskStep.AGE

    async def read_age(self, turn: Turn, text: str) -> Next:
        age = int(text)  # ValueError is a reason to ask again
        if age > 120:
            return Goto(AskStep.NAME, "Tuổi lạ quá, xin nhập lại từ tên.")
        turn.data["age"] = age
        return AskStep.CONFIRM

    def ask_confirm(self, turn: Turn) -> Reply:
        return Reply(f"{turn.data['name']}, {turn.data['age']} tuổi?", options=self.dialog.options(
            AskStep.CONFIRM, (("Gửi", "send"), ("Làm lại", "restart"))))

    def read_confirm(self, turn: Turn, value: str) -> Next:
        if value == "restart":
            turn.data.clear()
            return AskStep.NAME
        self.sent.append(dict(turn.data))
        return Done([Reply("Đã gửi.")])


async def make_core(path: Path, feature: AgeDialog) -> BotCore:
    router = Router()
    feature.register(router)
    router.fallback(lambda ctx, msg: _echo(msg))
    return BotCore(await Database.open(path), router, ConfigAdmins(frozenset()), Notifier())


async def _echo(msg: Incoming) -> list[Reply]:
    return [Reply(f"echo {msg.text}")]


@pytest.fixture
async def feature_core(tmp_path: Path):
    feature = AgeDialog()
    core = await make_core(tmp_path / "d.sqlite3", feature)
    yield feature, core
    await core.db.close()


async def test_steps_run_in_order_and_the_last_one_ends_the_dialog(feature_core) -> None:
    feature, core = feature_core
    chat = Conversation(core)
    assert (await chat.say("/tuoi"))[0].text == "Tên anh/chị là gì?"
    assert (await chat.say("  Lan "))[0].text == "Anh/chị bao nhiêu tuổi?"
    assert chat.text == "Anh/chị bao nhiêu tuổi?"
    assert (await chat.say("30"))[0].text == "Lan, 30 tuổi?"
    assert [o.payload for o in chat.options] == ["ag:confirm:send", "ag:confirm:restart"]
    assert (await chat.press("Gửi"))[0].text == "Đã gửi."
    assert feature.sent == [{"name": "Lan", "age": 30}]
    assert (await chat.say("Lan"))[0].text == "echo Lan"  # the dialog is over


async def test_a_refused_answer_asks_again_with_the_reason(feature_core) -> None:
    _, core = feature_core
    chat = Conversation(core)
    await chat.say("/tuoi")
    assert (await chat.say(""))[0].text == "Em chưa thấy tên.\nTên anh/chị là gì?"
    await chat.say("Lan")
    refused = await chat.say("ba mươi")
    assert refused[0].text.endswith("\nAnh/chị bao nhiêu tuổi?")  # the ValueError's message
    again = await chat.say("130")
    assert again[0].text == "Tuổi lạ quá, xin nhập lại từ tên.\nTên anh/chị là gì?"
    assert (await chat.say("Lan"))[0].text == "Anh/chị bao nhiêu tuổi?"


def test_a_reason_and_a_question_share_one_da_and_one_a() -> None:
    assert join_polite("Dạ, số chưa đúng ạ.", "Dạ, anh/chị gõ lại số ạ?") == (
        "Dạ, số chưa đúng.\nAnh/chị gõ lại số ạ?")
    assert join_polite("Số chưa đúng ạ.", "Dạ, anh/chị gõ lại số ạ?") == (
        "Số chưa đúng.\nDạ, anh/chị gõ lại số ạ?")
    assert join_polite("Dạ, lựa chọn đó đã cũ.", "Anh/chị chọn xã ạ:") == (
        "Dạ, lựa chọn đó đã cũ.\nAnh/chị chọn xã ạ:")  # nothing twice: kept as written
    assert join_polite("", "Anh/chị chọn xã ạ:") == "Anh/chị chọn xã ạ:"


async def test_asking_again_says_da_and_a_once(tmp_path: Path) -> None:
    def refuse(turn: Turn, text: str) -> Next:
        if not text.isdigit():
            raise Retry("Dạ, em chỉ đọc được số ạ.")
        return Done([Reply("Đã ghi.")])

    polite = StepDialog("polite", "po", {
        "age": Step(lambda turn: Reply("Dạ, anh/chị bao nhiêu tuổi ạ?"), text=refuse)})
    router = Router()
    router.command(CommandSpec("tuoi", lambda ctx, msg: polite.start(ctx, msg, "age"), "Tuổi"))
    router.dialog(polite.name, polite.handle, prefix=polite.prefix)
    core = BotCore(await Database.open(tmp_path / "p.db"), router, ConfigAdmins(frozenset()),
                   Notifier())
    try:
        chat = Conversation(core)
        await chat.say("/tuoi")
        assert (await chat.say("ba mươi"))[0].text == (
            "Dạ, em chỉ đọc được số.\nAnh/chị bao nhiêu tuổi ạ?")
    finally:
        await core.db.close()


async def test_typing_on_a_button_step_and_old_buttons_are_answered(feature_core) -> None:
    _, core = feature_core
    chat = Conversation(core)
    await chat.say("/tuoi")
    await chat.say("Lan")
    await chat.say("30")
    confirm = chat.last
    assert (await chat.say("gửi đi"))[0].text == f"{CHOOSE}\nLan, 30 tuổi?"
    await chat.press("Làm lại")
    chat.last = confirm  # the person scrolls up and presses an earlier button
    assert (await chat.press("Gửi"))[0].text == f"{OLD_CHOICE}\nTên anh/chị là gì?"


async def test_numbered_options_work_like_buttons(feature_core) -> None:
    feature, core = feature_core
    chat = Conversation(core, buttons=False)
    await chat.say("/tuoi")
    await chat.say("Lan")
    await chat.say("30")
    assert "1. Gửi" in chat.text
    assert (await chat.say("1"))[0].text == "Đã gửi."
    assert feature.sent == [{"name": "Lan", "age": 30}]


async def test_a_restart_continues_at_the_same_step(tmp_path: Path) -> None:
    path = tmp_path / "restart.sqlite3"
    first_feature = AgeDialog()
    first = await make_core(path, first_feature)
    chat = Conversation(first)
    await chat.say("/tuoi")
    await chat.say("Lan")
    await first.db.close()

    feature = AgeDialog()
    second = await make_core(path, feature)
    chat.core = second
    assert (await chat.say("41"))[0].text == "Lan, 41 tuổi?"
    await chat.press("Gửi")
    assert feature.sent == [{"name": "Lan", "age": 41}]
    await second.db.close()


async def test_a_step_this_version_does_not_know_ends_the_dialog(feature_core) -> None:
    _, core = feature_core
    chat = Conversation(core)
    await core.dialogs.save(chat.sender, Dialog("age", "removed_step", {}))
    assert (await chat.say("Lan"))[0].text == core_texts.DIALOG_EXPIRED
    assert (await chat.say("Lan"))[0].text == "echo Lan"


def test_payloads_are_built_and_read_by_one_helper() -> None:
    assert payload("gh", "day", 0) == "gh:day:0"
    read = Payload.parse("appr:12:y")
    assert (read.prefix, read.part(0), read.part(1), read.part(2)) == ("appr", "12", "y", "")
    assert Payload.parse("faq:q:a:b").rest(1) == "a:b"
    assert Payload.parse(None) == Payload("")
    assert Payload.parse(Payload.of("x", "1", 2).text) == Payload("x", ("1", "2"))

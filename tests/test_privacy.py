"""Personal data stays with those allowed to see it: no lists in groups, question texts
only to the villager's own coordinators, phone and ID numbers masked."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from core.model import Chat, EventKind, Incoming, Sender
from core.testing import Conversation
from core.texts import PRIVATE_ONLY
from faq.privacy import mask_personal
from faq.question_log import QuestionLog
from tests.activity_kit import World, make_world

LAN_QUESTION = "con tôi tên Nguyễn Văn Tý số 0912 345 678 cccd 038190012345 hỏi về trồng lúa"
AN_QUESTION = "cách nuôi cá trắm cỏ ở ao nhà, gọi 0987654321"


@pytest.fixture
async def world(config) -> AsyncIterator[World]:
    built = await make_world(config)
    yield built
    await built.app.close()


def in_group(world: World, user_id: str) -> Conversation:
    return Conversation(world.app.core, user_id=user_id, chat_id="-100", group=True)


def test_masking() -> None:
    masked = mask_personal(LAN_QUESTION)
    assert "0912" not in masked and "038190012345" not in masked and "345 678" not in masked
    assert "Nguyễn Văn Tý" in masked  # names are not guessed at; texts are scoped instead
    assert mask_personal("+84 912.345.678 hoặc abc@gmail.com") == "••• hoặc •••"
    assert mask_personal("thôn 3, năm 2025, 500 nghìn") == "thôn 3, năm 2025, 500 nghìn"


async def test_open_questions_are_refused_in_a_group(world: World) -> None:
    await world.people.chat("lan").say(LAN_QUESTION)
    replies = await in_group(world, "tinh").say("/cauhoimoi")
    assert [r.text for r in replies] == [PRIVATE_ONLY]


async def test_a_commune_coordinator_reads_only_their_communes_questions_masked(
        world: World) -> None:
    log = QuestionLog(world.app.db, world.clock)  # as the FAQ stores a question it cannot answer
    for user, text in (("lan", LAN_QUESTION),  # registered in the home commune
                       ("an", AN_QUESTION),  # registered in the other commune
                       ("khach", "cách làm bánh chưng ngon nhất")):  # not registered
        await log.record(Sender("test", user), text, text, "unanswered", None, 10.0)
    home = (await world.people.chat("xa").say("/cauhoimoi"))[0].text
    assert "trồng lúa" in home and "0912" not in home and "038190012345" not in home
    assert "cá trắm" not in home and "bánh chưng" not in home
    assert "Còn 2 câu hỏi" in home
    away = (await world.people.chat("xa2").say("/cauhoimoi"))[0].text
    assert "cá trắm" in away and "0987654321" not in away and "trồng lúa" not in away
    province = (await world.people.chat("tinh").say("/cauhoimoi"))[0].text
    assert all(t in province for t in ("trồng lúa", "cá trắm", "bánh chưng"))
    assert "0912" not in province and "Còn" not in province


async def test_a_forged_member_list_button_in_a_group_is_refused(world: World) -> None:
    group = in_group(world, "xa")
    pressed = Incoming(EventKind.BUTTON, group.sender, Chat("-100", is_group=True),
                       payload=f"mlist:v:{world.home.village_id}", update_id="forged-g1")
    replies = await world.app.core.handle(pressed)
    assert [r.text for r in replies] == [PRIVATE_ONLY]
    private = Incoming(EventKind.BUTTON, group.sender, Chat("xa"),
                       payload=f"mlist:v:{world.home.village_id}", update_id="forged-p1")
    shown = "\n".join(r.text for r in await world.app.core.handle(private))
    assert "Nguyễn Thị Lan" in shown  # the same press in the private chat works


async def test_a_private_dialog_does_not_answer_in_a_group(world: World) -> None:
    private = Conversation(world.app.core, user_id="moi")
    await private.say("/dangky")
    before = await world.app.core.dialogs.get(private.sender)
    await in_group(world, "moi").say("Trần Văn Mới", addressed_to_bot=True)
    after = await world.app.core.dialogs.get(private.sender)
    assert before is not None and after == before  # the group message did not answer a step

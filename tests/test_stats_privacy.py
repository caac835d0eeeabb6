"""/thongke in a group chat: the figures, never a member's name (issue 13, privacy)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date

import pytest

from core.model import Chat, EventKind, Incoming, Sender
from core.testing import Conversation
from handlers.activity import texts as activity_texts
from tests.activity_kit import World, make_world


@pytest.fixture
async def world(config) -> AsyncIterator[World]:
    built = await make_world(config)
    logbook = built.app.activity.services.logbook
    for index, (who, place) in enumerate((("hoa", built.second), ("lan", built.home))):
        await logbook.save(member_id=built.ids[who], village_id=place.village_id,
                           service_code="vneid", people=4, day=date(2026, 11, 10), note="",
                           source_key=f"privacy-{index}")
    yield built
    await built.app.close()


def in_group(world: World, user_id: str) -> Conversation:
    return Conversation(world.app.core, user_id=user_id, display_name=user_id,
                        chat_id="group-1", group=True)


async def test_team_leader_stats_in_a_group_show_figures_without_names(world: World):
    private = world.people.chat("hoa")  # team leader of Thôn 2
    await private.say("/thongke")
    assert "Theo thành viên" in private.text and "Lê Thị Hoa" in private.text

    group = in_group(world, "hoa")
    await group.say("/thongke")
    assert "Tổng: 1 lượt hỗ trợ, 4 người được giúp." in group.text
    assert "Lê Thị Hoa" not in group.text and "Theo thành viên" not in group.text
    assert activity_texts.MEMBERS_IN_PRIVATE in group.text
    # Another period from the group's buttons: still no names.
    await group.press("Tháng trước")
    assert "Lê Thị Hoa" not in group.text and "Theo thành viên" not in group.text


async def test_one_members_figures_are_refused_in_a_group(world: World):
    group = in_group(world, "lan")
    await group.say("/thongke tôi")
    assert group.text == activity_texts.NAMES_PRIVATE_ONLY
    assert "Nguyễn Thị Lan" not in group.text and "lượt" not in group.text
    # A forged button naming a member, pressed in a group by her team leader.
    forged = Incoming(EventKind.BUTTON, Sender("test", "hoa"), Chat("group-1", is_group=True),
                      payload=f"tk:thang_nay:m:{world.ids['hoa']}", update_id="forged-m")
    replies = await world.app.core.handle(forged)
    shown = "\n".join(r.text for r in replies)
    assert "Lê Thị Hoa" not in shown and "lượt" not in shown
    # In private she reads her own figures.
    own = world.people.chat("lan")
    await own.say("/thongke tôi")
    assert "Tổng: 1 lượt hỗ trợ, 4 người được giúp." in own.text

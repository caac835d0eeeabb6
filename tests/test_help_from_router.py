"""/help lists exactly the commands each kind of person can run, derived from the router:
every listed command runs for them, every other one is refused (or says why not yet)."""

from __future__ import annotations

import pytest

from core.roles import Principal
from core.testing import Conversation
from tests.activity_kit import World, make_world

REFUSALS = ("chỉ dành cho", "chờ điều phối viên duyệt")


@pytest.fixture
async def world(config):
    built = await make_world(config, flood_limit=False)  # every command within a second
    await built.people.member(built.home, "roi", status="left")
    yield built
    await built.app.close()


def listed(text: str) -> set[str]:
    return {line.split(" ", 1)[0][1:] for line in text.splitlines() if line.startswith("/")}


@pytest.mark.parametrize("who", ["stranger", "cho", "roi", "lan", "hoa", "xa", "tinh", "admin"])
async def test_help_is_exactly_what_the_router_lets_them_run(world: World, who: str):
    chat = Conversation(world.app.core, user_id=who, display_name=who)
    await chat.say("/help")
    shown = listed(chat.text)
    router = world.app.core.router
    principal: Principal = await world.app.core.principals.principal_of(chat.sender)
    assert shown == {spec.name for spec in router.commands_for(principal)}
    assert "huy" in shown
    for spec in router.commands():
        if spec.name in ("help", "start"):
            continue
        await chat.say(f"/{spec.name}")
        refused = any(r in chat.text for r in REFUSALS)
        if spec.name in shown:
            assert not refused, (who, spec.name, chat.text)
        elif not principal.at_least(spec.min_role):
            assert refused, (who, spec.name, chat.text)
        await chat.say("/huy")


async def test_a_pending_member_is_told_approval_is_pending(world: World):
    chat = Conversation(world.app.core, user_id="cho")
    await chat.say("/ghinhan vneid 3")
    assert "đang chờ điều phối viên duyệt" in chat.text
    assert "chỉ dành cho" not in chat.text


async def test_after_leaving_the_profile_says_so(world: World):
    chat = Conversation(world.app.core, user_id="roi")
    await chat.say("/toi")
    assert "đã rời tổ" in chat.text and "chưa đăng ký" not in chat.text


async def test_admin_only_commands_say_admins_only(world: World):
    chat = Conversation(world.app.core, user_id="lan")
    await chat.say("/taikb")
    assert "chỉ dành cho quản trị viên." in chat.text and "trở lên" not in chat.text

"""Place pick lists page («Xem thêm») to their end in /dangky, /sua and /bonhiem, with
buttons and as numbered lists (Zalo, the console): typing "hoang" reaches all eight
Hoằng communes of Thanh Hóa, not only the first five."""

from __future__ import annotations

import pytest

from bot import App
from core import texts as core_texts
from core.roles import Role
from core.testing import Conversation
from tests.test_members_kit import Outbox, approve_last, register

HOANG = ["Xã Hoằng Châu", "Xã Hoằng Giang", "Xã Hoằng Hóa", "Xã Hoằng Lộc", "Xã Hoằng Phú",
         "Xã Hoằng Sơn", "Xã Hoằng Thanh", "Xã Hoằng Tiến"]
RETYPE = "Nhập lại"


@pytest.fixture
def outbox(app: App) -> Outbox:
    box = Outbox()
    box.install(app)
    return box


async def page_to_the_end(chat: Conversation) -> list[str]:
    """Every place offered, pressing «Xem thêm» until it is gone."""
    seen: list[str] = []
    for _ in range(10):
        labels = [o.label for o in chat.options]
        seen += [label for label in labels if label.startswith("Xã ")]
        if core_texts.MORE not in labels:
            return seen
        await chat.press(core_texts.MORE)
    raise AssertionError("«Xem thêm» never ended")


@pytest.mark.parametrize("buttons", [True, False])
async def test_registration_pages_through_every_matching_commune(app: App,
                                                                 buttons: bool) -> None:
    lan = Conversation(app.core, user_id="lan", buttons=buttons)
    await lan.say("/dangky")
    await lan.say("Nguyễn Thị Lan")
    await lan.say("0912345678")
    await lan.say("hoang")
    first = [o.label for o in lan.options]
    assert first[:5] == HOANG[:5] and core_texts.MORE in first and RETYPE in first[-1]
    assert await page_to_the_end(lan) == HOANG
    assert RETYPE in lan.options[-1].label  # the last screen still lets them type again
    await lan.press("Hoằng Tiến")
    assert "thôn/bản/tổ dân phố" in lan.text
    await lan.say("Thôn 1")
    await lan.press(1)
    await lan.press("Thành viên")
    await lan.press("Đoàn thanh niên")
    assert "Xã Hoằng Tiến" in lan.text  # the summary names the commune of the last screen


async def test_an_old_more_button_shows_its_screen_again(app: App) -> None:
    lan = Conversation(app.core, user_id="lan")
    await lan.say("/dangky")
    await lan.say("Nguyễn Thị Lan")
    await lan.say("0912345678")
    await lan.say("hoang")
    first = lan.last
    await lan.press(core_texts.MORE)
    await lan.press("Hoằng Sơn")
    lan.last = first
    await lan.press(core_texts.MORE)
    assert "đã cũ" in lan.text  # the dialog has moved on: nothing changes


@pytest.mark.parametrize("buttons", [True, False])
async def test_profile_edit_pages_the_communes_too(app: App, outbox: Outbox,
                                                   admin: Conversation, buttons: bool) -> None:
    lan = Conversation(app.core, user_id="lan", buttons=buttons)
    await register(lan)
    await approve_last(outbox, admin)
    await lan.say("/sua")
    await lan.press("Xã/thôn")
    await lan.say("hoang")
    assert await page_to_the_end(lan) == HOANG
    await lan.press("Hoằng Thanh")
    assert "Thôn/bản/tổ dân phố mới" in lan.text


@pytest.mark.parametrize("buttons", [True, False])
async def test_appointing_pages_through_every_matching_commune(app: App, outbox: Outbox,
                                                               buttons: bool) -> None:
    admin = Conversation(app.core, user_id="admin", buttons=buttons)
    lan = Conversation(app.core, user_id="lan")
    await register(lan, phone="0912345678")
    await approve_last(outbox, Conversation(app.core, user_id="admin"))
    await admin.say("/bonhiem 0912345678 hoang")
    assert [o.label for o in admin.options][:5] == HOANG[:5]
    assert await page_to_the_end(admin) == HOANG
    await admin.press("Hoằng Tiến")
    assert "Điều phối viên Xã Hoằng Tiến" in admin.text
    principal = await app.core.principals.principal_of(lan.sender)
    assert principal.role == Role.COMMUNE_COORDINATOR


@pytest.mark.parametrize("buttons", [True, False])
async def test_asking_for_the_team_pages_through_every_matching_commune(
        app: App, buttons: bool) -> None:
    from handlers.requests import texts as request_texts

    villager = Conversation(app.core, user_id="dan", buttons=buttons)
    await villager.say("/tothon")
    await villager.say("hoang")
    assert request_texts.PICK_COMMUNE in villager.text
    assert await page_to_the_end(villager) == HOANG
    await villager.press("Hoằng Tiến")
    assert request_texts.PICK_COMMUNE not in villager.text
    assert not any(o.label.startswith("Xã ") for o in villager.options)


@pytest.mark.parametrize("buttons", [True, False])
async def test_the_province_member_list_pages_the_communes_it_asks_about(
        app: App, buttons: bool) -> None:
    admin = Conversation(app.core, user_id="admin", buttons=buttons)
    await admin.say("/thanhvien hoang")
    assert await page_to_the_end(admin) == HOANG
    await admin.press("Hoằng Thanh")
    assert "Xã Hoằng Thanh" in admin.text and not admin.options


@pytest.mark.parametrize("buttons", [True, False])
async def test_a_long_commune_list_pages_its_villages(config, buttons: bool) -> None:
    from tests.activity_kit import make_world

    world = await make_world(config)
    try:
        commune = (world.home.commune_code, world.home.commune_name)
        added = [f"Thôn Mới {n}" for n in range(1, 15)]
        for n, name in enumerate(added):
            village = await world.people.village(commune, name)
            for k in range(3):
                await world.people.member(village, f"p{n}-{k}")
        xa = world.people.chat("xa", buttons=buttons)
        await xa.say("/thanhvien")
        villages: list[str] = []
        for _ in range(5):
            labels = [o.label for o in xa.options]
            villages += [label.split(" (")[0] for label in labels if label != core_texts.MORE]
            if core_texts.MORE not in labels:
                break
            await xa.press(core_texts.MORE)
        assert set(added) <= set(villages) and len(villages) == len(set(villages))
        last = villages[-1]  # on the last screen
        await xa.press(last)
        number = int(last.rsplit(" ", 1)[1])
        assert last in xa.text and f"Người p{number - 1}-0" in xa.text
    finally:
        await world.app.close()

"""A member's own commands: /toi, /sua, /roito and linking a second messenger account."""

from __future__ import annotations

import re

import pytest

from bot import App
from core.roles import Role
from core.testing import Conversation
from tests.test_members_kit import Outbox, approve_last, approved_member, coordinator, register


@pytest.fixture
def outbox(app: App) -> Outbox:
    box = Outbox()
    box.install(app)
    return box


async def role_of(app: App, chat: Conversation) -> Role:
    return (await app.core.principals.principal_of(chat.sender)).role


async def test_profile_needs_registration_and_shows_own_data(
    app: App, outbox: Outbox, admin: Conversation,
) -> None:
    stranger = Conversation(app.core, user_id="s")
    await stranger.say("/toi")
    assert "chưa đăng ký" in stranger.text
    lan = await approved_member(app, outbox, admin, "lan", phone="0912345678")
    await lan.say("/toi")
    assert "0912 345 678" in lan.text and "Thôn 3" in lan.text and "đã được duyệt" in lan.text
    group = Conversation(app.core, user_id="lan", chat_id="group", group=True)
    await group.say("/toi")
    assert "tin nhắn riêng" in group.text and "0912" not in group.text


async def test_name_and_phone_change_at_once(app: App, outbox: Outbox,
                                             admin: Conversation) -> None:
    lan = await approved_member(app, outbox, admin, "lan", phone="0912345678")
    await register(Conversation(app.core, user_id="other"), phone="0988000001")
    await lan.say("/sua")
    await lan.press("Họ tên")
    await lan.say("1234")
    assert "chữ cái" in lan.text
    await lan.say("Nguyễn Thị Lan Anh")
    assert "đã cập nhật" in lan.text
    await lan.say("/sua")
    await lan.press("Số điện thoại")
    await lan.say("0988000001")
    assert "đã được đăng ký" in lan.text  # somebody else's number
    await lan.say("0977 000 111")
    await lan.say("/toi")
    assert "Nguyễn Thị Lan Anh" in lan.text and "0977 000 111" in lan.text
    assert await role_of(app, lan) == Role.MEMBER


async def test_role_change_needs_approval_again(app: App, outbox: Outbox,
                                                admin: Conversation) -> None:
    lan = await approved_member(app, outbox, admin, "lan")
    outbox.clear()
    await lan.say("/sua")
    await lan.press("Vai trò")
    await lan.press("Tổ trưởng")
    assert "chờ duyệt" in lan.text
    assert await role_of(app, lan) == Role.MEMBER  # the old role holds meanwhile
    assert "Thành viên → Tổ trưởng" in outbox.text_to("admin")
    await lan.say("/toi")
    assert "Thành viên" in lan.text and "đang chờ duyệt" in lan.text
    await approve_last(outbox, admin)
    assert await role_of(app, lan) == Role.TEAM_LEADER
    assert "đã được duyệt" in outbox.text_to("lan")


async def test_moving_to_another_commune_asks_that_communes_coordinator(
    app: App, outbox: Outbox, admin: Conversation,
) -> None:
    hac_thanh = await coordinator(app, outbox, admin, "ht", "0912000002", "Hạc Thành")
    lan = await approved_member(app, outbox, admin, "lan")
    outbox.clear()
    await lan.say("/sua")
    await lan.press("Xã/thôn")
    assert "Giữ Phường Quảng Phú" in lan.text
    await lan.say("hac thanh")
    await lan.press("Phường Hạc Thành")
    await lan.say("TDP 5")
    await lan.press("Tổ dân phố 5")
    assert "chờ duyệt" in lan.text
    assert "Thôn 3, Phường Quảng Phú → Tổ dân phố 5, Phường Hạc Thành" in outbox.text_to("ht")
    principal = await app.core.principals.principal_of(lan.sender)
    assert principal.commune_code == "16522"
    await approve_last(outbox, hac_thanh)
    principal = await app.core.principals.principal_of(lan.sender)
    assert principal.commune_code == "14797" and principal.role == Role.MEMBER


async def test_pending_member_edit_moves_the_request(app: App, outbox: Outbox,
                                                     admin: Conversation) -> None:
    lan = Conversation(app.core, user_id="lan")
    await register(lan)
    await lan.say("/sua")
    await lan.press("Xã/thôn")
    await lan.press("Giữ")
    await lan.say("Bản Na")
    await lan.press("Bản Na")
    assert "đã cập nhật" in lan.text
    await admin.say("/choduyet")
    assert "Bản Na" in admin.text and "Thôn 3" not in admin.text


async def test_leaving_keeps_the_record_and_ends_the_role(app: App, outbox: Outbox,
                                                          admin: Conversation) -> None:
    lan = await coordinator(app, outbox, admin, "lan", "0912345678")
    await lan.say("/roito")
    await lan.press("Không")
    assert await role_of(app, lan) == Role.COMMUNE_COORDINATOR
    await lan.say("/roito")
    await lan.press("Đồng ý")
    assert "đã rời tổ" in lan.text
    assert await role_of(app, lan) == Role.VILLAGER
    row = await app.db.fetchone("SELECT status, left_at FROM members WHERE phone = '+84912345678'")
    assert row["status"] == "left" and row["left_at"]
    assert await app.db.fetchone("SELECT * FROM coordinators") is None
    await lan.say("/toi")
    assert "đã rời tổ công nghệ số" in lan.text and "/dangky" in lan.text
    await register(lan)  # coming back: the same member, pending again
    rows = await app.db.fetchall("SELECT status FROM members")
    assert [r["status"] for r in rows] == ["pending"]


async def test_linking_a_zalo_account(app: App, outbox: Outbox, admin: Conversation) -> None:
    lan = await approved_member(app, outbox, admin, "lan")
    zalo = Conversation(app.core, platform="zalo", user_id="z-lan")
    await zalo.say("/lienket")
    assert "tài khoản đã đăng ký" in zalo.text
    await zalo.say("/lienket 1234 5678")
    assert "không đúng hoặc đã hết hạn" in zalo.text
    await lan.say("/lienket")
    code = re.search(r"/lienket (\d{8})", lan.text).group(1)
    await zalo.say(f"/lienket {code[:4]} {code[4:]}")
    assert "đã liên kết" in zalo.text
    principal = await app.core.principals.principal_of(zalo.sender)
    assert principal.role == Role.MEMBER
    assert principal.member_id == (await app.core.principals.principal_of(lan.sender)).member_id
    other = Conversation(app.core, platform="telegram", user_id="t-other")
    await other.say(f"/lienket {code}")
    assert "không đúng hoặc đã hết hạn" in other.text  # a code works once
    await zalo.say("/toi")
    assert "test" in zalo.text and "Zalo" in zalo.text


async def test_account_of_another_member_cannot_be_linked(
    app: App, outbox: Outbox, admin: Conversation,
) -> None:
    lan = await approved_member(app, outbox, admin, "lan", phone="0912345678")
    binh = await approved_member(app, outbox, admin, "binh", phone="0912345679")
    await lan.say("/lienket")
    code = re.search(r"/lienket (\d{8})", lan.text).group(1)
    await binh.say(f"/lienket {code}")
    assert "hồ sơ khác" in binh.text
    assert (await app.core.principals.principal_of(binh.sender)).member_id != \
        (await app.core.principals.principal_of(lan.sender)).member_id


async def test_expired_link_code_is_refused(app: App, outbox: Outbox,
                                            admin: Conversation) -> None:
    lan = await approved_member(app, outbox, admin, "lan")
    await lan.say("/lienket")
    code = re.search(r"/lienket (\d{8})", lan.text).group(1)
    await app.db.write("UPDATE link_codes SET expires_at = '2000-01-01T00:00:00Z'")
    zalo = Conversation(app.core, platform="zalo", user_id="z")
    await zalo.say(f"/lienket {code}")
    assert "hết hạn" in zalo.text
    assert await app.db.fetchone("SELECT * FROM identities WHERE platform = 'zalo'") is None

"""Approvals, appointments and who may see what."""

from __future__ import annotations

import pytest

from bot import App
from core.roles import Role
from core.testing import Conversation
from tests.test_members_kit import Outbox, approve_last, coordinator, register


@pytest.fixture
def outbox(app: App) -> Outbox:
    box = Outbox()
    box.install(app)
    return box


@pytest.fixture
async def coordinators(app: App, outbox: Outbox, admin: Conversation):
    """A coordinator of Quảng Phú and one of Hạc Thành."""
    quang_phu = await coordinator(app, outbox, admin, "coord_qp", "0912000001", "Quảng Phú")
    hac_thanh = await coordinator(app, outbox, admin, "coord_ht", "0912000002", "Hạc Thành")
    outbox.clear()
    return quang_phu, hac_thanh


async def test_request_goes_to_the_commune_coordinator(
    app: App, outbox: Outbox, coordinators, admin: Conversation,
) -> None:
    quang_phu, hac_thanh = coordinators
    assert (await app.core.principals.principal_of(quang_phu.sender)).role == \
        Role.COMMUNE_COORDINATOR
    lan = Conversation(app.core, user_id="lan")
    await register(lan, phone="0988111222")
    assert "0988 111 222" in outbox.text_to("coord_qp")
    assert outbox.to("coord_ht") == [] and outbox.to("admin") == []

    # The coordinator of another commune presses the same button: nothing, and no data.
    hac_thanh.last = outbox.to("coord_qp")
    await hac_thanh.press("Duyệt")
    assert "không có quyền" in hac_thanh.text
    assert "Lan" not in hac_thanh.text and "0988" not in hac_thanh.text
    assert (await app.core.principals.principal_of(lan.sender)).role == Role.VILLAGER

    await approve_last(outbox, quang_phu)
    assert "Đã duyệt: Nguyễn Thị Lan" in quang_phu.text
    assert "được duyệt" in outbox.text_to("lan")
    assert (await app.core.principals.principal_of(lan.sender)).role == Role.MEMBER

    # A second press (or a press of the reject button afterwards) changes nothing.
    quang_phu.last = outbox.to("coord_qp")
    await quang_phu.press("Từ chối")
    assert "đã được xử lý" in quang_phu.text
    assert (await app.core.principals.principal_of(lan.sender)).role == Role.MEMBER


async def test_villager_and_member_cannot_decide(app: App, outbox: Outbox, coordinators) -> None:
    lan = Conversation(app.core, user_id="lan")
    await register(lan, phone="0988111222")
    intruder = Conversation(app.core, user_id="intruder")
    intruder.last = outbox.to("coord_qp")
    await intruder.press("Duyệt")
    assert "không có quyền" in intruder.text
    row = await app.db.fetchone("SELECT status FROM members WHERE phone = '+84988111222'")
    assert row["status"] == "pending"


async def test_pending_list_shows_only_the_coordinators_commune(
    app: App, outbox: Outbox, coordinators, admin: Conversation,
) -> None:
    quang_phu, hac_thanh = coordinators
    await register(Conversation(app.core, user_id="a"), name="Lê Thị A", phone="0988000001")
    await register(Conversation(app.core, user_id="b"), name="Trần Văn B", phone="0988000002",
                   commune="hac thanh")
    await quang_phu.say("/choduyet")
    assert "Lê Thị A" in quang_phu.text and "Trần Văn B" not in quang_phu.text
    await hac_thanh.say("/choduyet")
    assert "Trần Văn B" in hac_thanh.text and "Lê Thị A" not in hac_thanh.text
    await admin.say("/choduyet")
    assert "Lê Thị A" in admin.text and "Trần Văn B" in admin.text
    await hac_thanh.press("Duyệt")
    assert "Đã duyệt: Trần Văn B" in hac_thanh.text


async def test_coordinator_cannot_approve_their_own_change(
    app: App, outbox: Outbox, coordinators,
) -> None:
    quang_phu, _ = coordinators
    await quang_phu.say("/sua")
    await quang_phu.press("Vai trò")
    await quang_phu.press("Tổ trưởng")
    assert "chờ duyệt" in quang_phu.text
    quang_phu.last = outbox.to("coord_qp")[-1:]
    await quang_phu.press("Duyệt")
    assert "điều phối viên khác" in quang_phu.text


@pytest.mark.parametrize("command", [
    "/thanhvien", "/xuatds", "/choduyet", "/nhapds", "/maunhap", "/bonhiem 0912345678 tỉnh",
    "/miennhiem 0912345678",
])
async def test_villagers_get_a_refusal_and_nothing_else(app: App, command: str) -> None:
    villager = Conversation(app.core, user_id="v")
    await villager.say(command)
    assert "chỉ dành cho" in villager.text
    assert not villager.last[0].file and not villager.options


async def test_member_cannot_list_or_appoint(app: App, outbox: Outbox,
                                             admin: Conversation) -> None:
    lan = Conversation(app.core, user_id="lan")
    await register(lan)
    await approve_last(outbox, admin)
    for command in ("/thanhvien", "/xuatds", "/bonhiem 0912345678 tỉnh"):
        await lan.say(command)
        assert "chỉ dành cho" in lan.text


async def test_commune_coordinator_sees_only_their_commune(
    app: App, outbox: Outbox, coordinators, admin: Conversation,
) -> None:
    quang_phu, hac_thanh = coordinators
    await register(Conversation(app.core, user_id="b"), name="Trần Văn B", phone="0988000002",
                   commune="hac thanh", village="Tổ dân phố 5")
    await quang_phu.say("/thanhvien")
    assert "Phường Quảng Phú" in quang_phu.text and "coord" not in quang_phu.text
    assert "Trần Văn B" not in quang_phu.text
    await quang_phu.say("/thanhvien Hạc Thành")
    assert "Trần Văn B" not in quang_phu.text and "0988" not in quang_phu.text
    village = await app.db.fetchone("SELECT id FROM villages WHERE commune_code = '14797'"
                                    " AND match_key = 'tdp 5'")
    from core.model import EventKind, Incoming
    pressed = Incoming(EventKind.BUTTON, quang_phu.sender, quang_phu.chat,
                       payload=f"mlist:v:{village['id']}", update_id="forged-1")
    replies = await app.core.handle(pressed)
    assert "không có quyền" in replies[0].text and "Trần Văn B" not in replies[0].text
    await hac_thanh.say("/thanhvien tdp 5")
    assert "Trần Văn B" in hac_thanh.text and "0988 000 002" in hac_thanh.text
    await admin.say("/thanhvien")
    assert "Phường Hạc Thành" in admin.text and "Phường Quảng Phú" in admin.text
    await admin.say("/thanhvien hac thanh")
    assert "Trần Văn B" in admin.text


async def test_admin_appoints_and_dismisses(app: App, outbox: Outbox,
                                            admin: Conversation) -> None:
    lan = Conversation(app.core, user_id="lan")
    await register(lan, phone="0912345678")
    await admin.say("/bonhiem 0912345678 Quảng Phú")
    assert "chưa thuộc thành viên nào đã được duyệt" in admin.text
    await approve_last(outbox, admin)
    await admin.say("/bonhiem 0912 345 678 phu")
    assert len(admin.options) > 1  # several communes: the admin chooses
    await admin.press("Quảng Phú")
    assert "Điều phối viên Phường Quảng Phú" in admin.text
    assert "được giao nhiệm vụ" in outbox.text_to("lan")
    principal = await app.core.principals.principal_of(lan.sender)
    assert (principal.role, principal.commune_code) == (Role.COMMUNE_COORDINATOR, "16522")
    await admin.say("/bonhiem 0912345678 tỉnh")
    assert (await app.core.principals.principal_of(lan.sender)).role == \
        Role.PROVINCE_COORDINATOR
    await admin.say("/miennhiem 0912345678")
    assert "thôi nhiệm vụ" in admin.text
    assert (await app.core.principals.principal_of(lan.sender)).role == Role.MEMBER
    await lan.say("/bonhiem 0912345678 tỉnh")
    assert "chỉ dành cho" in lan.text


async def test_province_coordinator_receives_requests_when_commune_has_none(
    app: App, outbox: Outbox, admin: Conversation,
) -> None:
    province = await coordinator(app, outbox, admin, "prov", "0912000009", "tỉnh")
    outbox.clear()
    await register(Conversation(app.core, user_id="x"), phone="0988000003", commune="sam son")
    assert "0988 000 003" in outbox.text_to("prov") and outbox.to("admin") == []
    await approve_last(outbox, province)
    assert "Đã duyệt" in province.text

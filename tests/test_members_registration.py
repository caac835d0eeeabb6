"""/dangky: the whole dialog, each invalid answer, restarts and duplicates."""

from __future__ import annotations

import re

import pytest

from bot import App, Config, build_app
from core.model import Sender
from core.roles import Role
from core.testing import Conversation
from tests.test_members_kit import Outbox, approve_last, register


@pytest.fixture
def outbox(app: App) -> Outbox:
    box = Outbox()
    box.install(app)
    return box


async def start_at_phone(chat: Conversation) -> None:
    await chat.say("/dangky")
    await chat.say("Nguyễn Thị Lan")


async def start_at_village(chat: Conversation) -> None:
    await start_at_phone(chat)
    await chat.say("0912345678")
    await chat.say("quang phu")
    await chat.press("Phường Quảng Phú")


async def test_registration_happy_path_waits_for_approval(app: App, outbox: Outbox,
                                                          admin: Conversation) -> None:
    lan = Conversation(app.core, user_id="lan")
    await lan.say("/dangky")
    assert "Họ và tên" in lan.text and not lan.options
    await lan.say("nguyễn thị lan")
    assert "Số điện thoại" in lan.text and not lan.options
    await lan.say("091 234 5678")
    assert "xã/phường nào" in lan.text
    await lan.say("quang phu")
    assert lan.options[0].label == "Phường Quảng Phú"
    await lan.press("Phường Quảng Phú")
    assert "thôn/bản/tổ dân phố" in lan.text and not lan.options
    await lan.say("thon ba")
    assert "Thôn mới: Thôn 3" in lan.text
    await lan.press("Thôn mới")
    await lan.press("Tổ trưởng")
    await lan.press("Hội phụ nữ")
    summary = lan.text
    for expected in ("Nguyễn Thị Lan", "0912 345 678", "Phường Quảng Phú", "Thôn 3",
                     "Tổ trưởng", "Hội phụ nữ"):
        assert expected in summary
    await lan.press("Gửi đăng ký")
    assert "chờ" in lan.text or "duyệt" in lan.text

    principal = await app.core.principals.principal_of(lan.sender)
    assert principal.role == Role.VILLAGER  # pending: nothing more than a villager yet
    # No coordinator for the commune yet: the admin gets the request.
    request = outbox.text_to("admin")
    assert "Nguyễn Thị Lan" in request and "0912 345 678" in request
    await approve_last(outbox, admin)
    assert "Đã duyệt" in admin.text
    assert "được duyệt" in outbox.text_to("lan")
    principal = await app.core.principals.principal_of(lan.sender)
    assert principal.role == Role.TEAM_LEADER
    assert principal.commune_code == "16522"
    await lan.say("/dangky")
    assert "đã đăng ký rồi" in lan.text


@pytest.mark.parametrize(("answer", "reason"), [
    ("12345", "chữ cái"),
    ("😀😀😀", "chữ cái"),
    ("<b>Lan</b>", "chữ cái"),
    ("**Lan**", "chữ cái"),
    ("Robert'); DROP TABLE members;--", "chữ cái"),
    ("A" * 81, "dài quá"),
])
async def test_bad_names_are_asked_again(app: App, answer: str, reason: str) -> None:
    chat = Conversation(app.core, user_id="x")
    await chat.say("/dangky")
    await chat.say(answer)
    assert reason in chat.text
    assert "Họ và tên" in chat.text  # the same question again
    await chat.say("Lê Văn Tám")
    assert "Số điện thoại" in chat.text


@pytest.mark.parametrize(("answer", "reason"), [
    ("02373852111", "máy bàn"),
    ("+1 202 555 0123", "Việt Nam"),
    ("091234567", "không đúng"),
    ("không có", "không phải số điện thoại"),
])
async def test_bad_phones_are_asked_again(app: App, answer: str, reason: str) -> None:
    chat = Conversation(app.core, user_id="x")
    await start_at_phone(chat)
    await chat.say(answer)
    assert reason in chat.text
    assert "Số điện thoại di động" in chat.text


async def test_commune_outside_the_province_is_refused(app: App) -> None:
    chat = Conversation(app.core, user_id="x")
    await start_at_phone(chat)
    await chat.say("0912345678")
    await chat.say("Hoàn Kiếm")
    assert "không tìm thấy" in chat.text and "Thanh Hóa" in chat.text
    await chat.say("Hac Thanh")
    assert chat.options[0].label == "Phường Hạc Thành"
    await chat.press("Nhập lại")
    assert "xã/phường nào" in chat.text


async def test_bad_village_role_and_organisation_are_asked_again(app: App) -> None:
    chat = Conversation(app.core, user_id="x")
    await start_at_village(chat)
    await chat.say("Thôn " + "Đông" * 60)
    assert "dài quá" in chat.text
    await chat.say("x'; DROP TABLE villages; --")
    assert "chỉ gồm chữ, số" in chat.text
    await chat.say("Bản Na")
    await chat.press("Bản Na")
    await chat.say("giám đốc")
    assert "tổ trưởng, tổ phó hoặc thành viên" in chat.text
    assert [o.label for o in chat.options] == ["Tổ trưởng", "Tổ phó", "Thành viên"]
    await chat.say("to pho")
    assert "tổ chức" in chat.text
    await chat.say("câu lạc bộ cờ tướng")
    assert "chọn một tổ chức" in chat.text
    await chat.say("bưu điện")
    assert "Tổ phó" in chat.text and "Bưu điện" in chat.text and "Bản Na" in chat.text


async def test_old_buttons_change_nothing(app: App) -> None:
    chat = Conversation(app.core, user_id="x")
    await start_at_phone(chat)
    await chat.say("0912345678")
    await chat.say("quang phu")
    old_commune_options = chat.last
    await chat.press("Phường Quảng Phú")
    chat.last = old_commune_options
    await chat.press("Phường Quảng Phú")  # a second press of the old message
    assert "đã cũ" in chat.text and "thôn/bản/tổ dân phố" in chat.text


async def test_same_village_typed_differently_is_offered(app: App, outbox: Outbox) -> None:
    first = Conversation(app.core, user_id="first")
    await register(first, phone="0912000001", village="Thôn 3")
    second = Conversation(app.core, user_id="second")
    await start_at_village(second)
    await second.say("TH.3")
    assert "Xã đã có \"Thôn 3\"" in second.text
    assert "Đúng: Thôn 3" in second.options[0].label
    third = Conversation(app.core, user_id="third")
    await start_at_village(third)
    await third.say("3")
    assert "Thôn 3" in [o.label for o in third.options]  # close: offered, not forced
    rows = await app.db.fetchall("SELECT name FROM villages WHERE commune_code = '16522'")
    assert [r["name"] for r in rows] == ["Thôn 3"]


async def test_duplicate_phone_is_refused(app: App, outbox: Outbox) -> None:
    await register(Conversation(app.core, user_id="lan"), phone="0912345678")
    other = Conversation(app.core, user_id="other", platform="zalo")
    await start_at_phone(other)
    await other.say("+84 912 345 678")
    assert "đã được đăng ký" in other.text and "/lienket" in other.text
    assert "Nguyễn Thị Lan" not in other.text
    count = await app.db.fetchone("SELECT COUNT(*) AS n FROM members")
    assert count["n"] == 1


async def test_cancel_in_the_middle_keeps_nothing(app: App) -> None:
    chat = Conversation(app.core, user_id="x")
    await start_at_village(chat)
    await chat.say("/huy")
    assert "hủy" in chat.text
    await chat.say("Thôn 3")  # now just a question for the FAQ, not a village
    assert await app.db.fetchone("SELECT id FROM villages") is None
    assert await app.db.fetchone("SELECT id FROM members") is None


async def test_registration_survives_a_restart(config: Config) -> None:
    first = await build_app(config)
    chat = Conversation(first.core, user_id="lan", buttons=False)
    await start_at_village(chat)
    await first.close()

    second = await build_app(config)
    try:
        chat = Conversation(second.core, user_id="lan", buttons=False)
        await chat.say("Bản Na")
        assert "Bản Na" in chat.text
        await chat.say("1")
        await chat.say("3")  # Thành viên
        await chat.say("8")  # Người dân
        assert "Nguyễn Thị Lan" in chat.text and "Người dân" in chat.text
        await chat.say("1")
        assert "đã gửi đăng ký" in chat.text.lower()
        row = await second.db.fetchone("SELECT full_name, status FROM members")
        assert (row["full_name"], row["status"]) == ("Nguyễn Thị Lan", "pending")
    finally:
        await second.close()


async def test_numbers_typed_on_free_text_steps_are_answers(app: App) -> None:
    """Zalo/console: "3" at the village step is a village, not the 3rd option shown."""
    chat = Conversation(app.core, user_id="z", platform="zalo", buttons=False)
    await chat.say("/dangky")
    await chat.say("Trần Văn Ba")
    await chat.say("0987654321")
    await chat.say("quang phu")
    await chat.say("1")
    assert "thôn/bản/tổ dân phố" in chat.text
    await chat.say("3")
    assert "Phường Quảng Phú chưa có «3»" in chat.text


async def test_registration_only_in_private_chat(app: App) -> None:
    group = Conversation(app.core, user_id="g", chat_id="group-1", group=True)
    await group.say("/dangky")
    assert "tin nhắn riêng" in group.text


async def test_rejected_member_is_told_and_may_register_again(
    app: App, outbox: Outbox, admin: Conversation,
) -> None:
    lan = Conversation(app.core, user_id="lan")
    await register(lan)
    admin.last = outbox.to("admin")[-1:]
    await admin.press("Từ chối")
    assert "Đã từ chối" in admin.text
    assert "chưa được duyệt" in outbox.text_to("lan")
    assert (await app.core.principals.principal_of(lan.sender)).role == Role.VILLAGER
    await register(lan, name="Nguyễn Thị Lan Anh")
    rows = await app.db.fetchall("SELECT full_name, status FROM members")
    assert [(r["full_name"], r["status"]) for r in rows] == [("Nguyễn Thị Lan Anh", "pending")]


async def test_principal_of_unknown_sender_is_villager(app: App) -> None:
    principal = await app.core.principals.principal_of(Sender("telegram", "999"))
    assert principal.role == Role.VILLAGER and principal.member_id is None


async def test_admin_from_config_is_admin_without_registering(app: App) -> None:
    principal = await app.core.principals.principal_of(Sender("test", "admin"))
    assert principal.role == Role.ADMIN and principal.member_id is None


async def test_outcome_goes_to_the_private_chat_the_member_used(
    app: App, outbox: Outbox, admin: Conversation,
) -> None:
    lan = Conversation(app.core, platform="zalo", user_id="u-lan", chat_id="chat-lan")
    await register(lan)
    await approve_last(outbox, admin)
    assert "được duyệt" in outbox.text_to("chat-lan", "zalo")
    assert outbox.to("u-lan", "zalo") == []


async def test_a_refused_phone_is_asked_again_with_one_da_and_one_a(app: App) -> None:
    lan = Conversation(app.core, user_id="lan")
    await start_at_phone(lan)
    await lan.say("12345")
    assert "thiếu hoặc thừa chữ số" in lan.text and "Số điện thoại di động" in lan.text
    assert lan.text.count("Dạ") == 1 and len(re.findall(r"(?<!\w)ạ(?!\w)", lan.text)) == 1

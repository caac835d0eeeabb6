"""Logging assistance sessions: guided and quick, validation, duplicates, undo, /cuatoi."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta

import pytest

from core.model import Chat, EventKind, Incoming, Sender
from tests.activity_kit import World, make_world


@pytest.fixture
async def world(config) -> AsyncIterator[World]:
    built = await make_world(config)
    yield built
    await built.app.close()


async def logs(world: World, member: str, *, deleted: bool = False) -> list:
    return await world.app.db.fetchall(
        "SELECT service_code, people, activity_date, note, deleted_at FROM activity_logs"
        f" WHERE member_id = ? AND deleted_at IS {'NOT ' if deleted else ''}NULL ORDER BY id",
        (world.ids[member],))


@pytest.mark.parametrize("buttons", [True, False])
async def test_guided_logging_saves_what_the_confirmation_says(world: World, buttons: bool):
    lan = world.people.chat("lan", buttons=buttons)
    await lan.say("/ghinhan")
    await lan.press("Dịch vụ công")
    assert "bao nhiêu người" in lan.text
    assert lan.options == []  # a typed number must never pick an option here
    await lan.say("12")
    await lan.press("Hôm qua")
    await lan.say("Hỗ trợ tại nhà văn hóa")
    assert "kiểm tra lại" in lan.text and "12" in lan.text and "17/11/2026" in lan.text
    await lan.press("Lưu")
    assert "đã lưu" in lan.text
    assert "Dịch vụ công trực tuyến" in lan.text and "17/11/2026" in lan.text
    assert "Hỗ trợ tại nhà văn hóa" in lan.text
    rows = await logs(world, "lan")
    assert [(r["service_code"], r["people"], r["activity_date"], r["note"]) for r in rows] == [
        ("dvc", 12, "2026-11-17", "Hỗ trợ tại nhà văn hóa")]


async def test_invalid_answers_are_asked_again_with_the_reason(world: World):
    lan = world.people.chat("lan")
    await lan.say("/ghinhan")
    await lan.say("nấu ăn")
    assert "không có dịch vụ «nấu ăn»" in lan.text and "vneid" in lan.text
    await lan.say("dinh danh")  # an alias, without diacritics
    await lan.say("năm")
    assert "cần là một số" in lan.text
    await lan.say("0")
    assert "từ 1 đến 500" in lan.text
    await lan.say("501")
    assert "từ 1 đến 500" in lan.text
    await lan.say("40")
    await lan.say("20/12")
    assert "chưa tới" in lan.text
    await lan.say("01/10/2026")
    assert "31 ngày" in lan.text
    await lan.say("abc")
    assert "dd/mm" in lan.text
    await lan.say("15/11")
    await lan.press("Bỏ qua")
    await lan.press("Lưu")
    rows = await logs(world, "lan")
    assert [(r["service_code"], r["people"], r["activity_date"], r["note"]) for r in rows] == [
        ("vneid", 40, "2026-11-15", "")]


async def test_quick_form_with_codes_names_dates_and_notes(world: World):
    lan = world.people.chat("lan")
    await lan.say("/ghinhan vneid 5")
    assert "đã lưu" in lan.text and "VNeID" in lan.text and "hôm nay" in lan.text
    await lan.say("/ghinhan dvc 3 hôm qua ghi chú ở chợ")
    await lan.say("/ghinhan dich vu cong 2 16/11")
    await lan.say("/ghinhan Chữ ký số 1")
    rows = await logs(world, "lan")
    assert [(r["service_code"], r["people"], r["activity_date"], r["note"]) for r in rows] == [
        ("vneid", 5, "2026-11-18", ""), ("dvc", 3, "2026-11-17", "ghi chú ở chợ"),
        ("dvc", 2, "2026-11-16", ""), ("chukyso", 1, "2026-11-18", "")]


async def test_quick_form_refusals_name_the_problem(world: World):
    lan = world.people.chat("lan")
    await lan.say("/ghinhan nauan 5")
    assert "«nauan»" in lan.text and "vneid" in lan.text and "bhxh" in lan.text
    await lan.say("/ghinhan vneid 900")
    assert "từ 1 đến 500" in lan.text
    await lan.say("/ghinhan vneid 5 25/12")
    assert "chưa tới" in lan.text
    await lan.say("/ghinhan vneid nhieu")
    assert "thiếu số người" in lan.text
    assert await logs(world, "lan") == []


async def test_only_approved_members_log(world: World):
    for user, reason in (("stranger", "chỉ dành cho"), ("cho", "đang chờ điều phối viên duyệt")):
        chat = world.people.chat(user)
        await chat.say("/ghinhan vneid 5")
        assert reason in chat.text
    count = await world.app.db.fetchone("SELECT COUNT(*) AS n FROM activity_logs")
    assert count["n"] == 0


async def test_redelivered_message_and_double_confirm_save_once(world: World):
    lan = world.people.chat("lan")
    await lan.say("/ghinhan vneid 5", update_id="u-77")
    await lan.say("/ghinhan vneid 5", update_id="u-77")  # the messenger delivers it again
    # A restarted core has forgotten the update: the log's own key still stops a second save.
    world.app.core._recent.clear()
    await world.app.db.write("DELETE FROM processed_updates")
    await lan.say("/ghinhan vneid 5", update_id="u-77")
    assert "đã được lưu rồi" in lan.text
    await lan.say("/ghinhan")
    await lan.press("VNeID")
    await lan.say("2")
    await lan.press("Hôm nay")
    await lan.press("Bỏ qua")
    confirm = lan.find_option("Lưu")
    press = Incoming(EventKind.BUTTON, Sender("test", "lan"), Chat("lan"),
                     payload=confirm.payload, update_id="u-90")
    await world.app.core.handle(press)
    await world.app.core.handle(press)
    assert [r["people"] for r in await logs(world, "lan")] == [5, 2]


async def test_undo_removes_only_own_recent_logs_and_keeps_them_for_audit(world: World):
    lan, minh = world.people.chat("lan"), world.people.chat("minh")
    await lan.say("/ghinhan vneid 5")
    await lan.say("/ghinhan dvc 3")
    await minh.say("/ghinhan bhxh 4")
    await lan.say("/xoaghinhan")
    assert len(lan.options) == 2 and all("bhxh" not in o.label.lower() for o in lan.options)
    await lan.press("Dịch vụ công")
    assert "đã xóa" in lan.text
    assert [r["service_code"] for r in await logs(world, "lan")] == ["vneid"]
    assert [r["service_code"] for r in await logs(world, "lan", deleted=True)] == ["dvc"]
    # Another member's log cannot be removed by forging the button.
    minh_log = await world.app.db.fetchone(
        "SELECT id FROM activity_logs WHERE member_id = ?", (world.ids["minh"],))
    forged = Incoming(EventKind.BUTTON, Sender("test", "lan"), Chat("lan"),
                      payload=f"xoagh:{minh_log['id']}", update_id="forged")
    replies = await world.app.core.handle(forged)
    assert "không còn xóa được" in replies[0].text
    assert len(await logs(world, "minh")) == 1
    # After 24 hours nothing is removable.
    world.clock.now += timedelta(hours=25)
    await lan.say("/xoaghinhan")
    assert "không có ghi nhận nào" in lan.text


async def test_my_totals(world: World):
    lan = world.people.chat("lan")
    await lan.say("/cuatoi")
    assert "chưa ghi nhận" in lan.text
    await lan.say("/ghinhan vneid 5")
    await lan.say("/ghinhan vneid 2 hôm qua")
    await lan.say("/ghinhan dvc 3 02/11")
    await lan.say("/cuatoi")
    assert "Hôm nay: 1 lượt, 5 người" in lan.text
    assert "Tuần này: 2 lượt, 7 người" in lan.text
    assert "Tháng này: 3 lượt, 10 người" in lan.text
    assert "VNeID: 2 lượt, 7 người" in lan.text


async def test_undo_reaches_every_own_log_of_the_window_a_page_at_a_time(world: World):
    lan = world.people.chat("lan", buttons=False)  # numbered list, as on Zalo
    for people in range(1, 13):
        await lan.say(f"/ghinhan vneid {people}")
    await lan.say("/xoaghinhan")
    seen = [o.label for o in lan.options if "Xem thêm" not in o.label]
    while any("Xem thêm" in o.label for o in lan.options):
        await lan.press("Xem thêm")
        seen += [o.label for o in lan.options if "Xem thêm" not in o.label]
    assert len(seen) == 12 and len(set(seen)) == 12
    await lan.press(len(lan.options))  # the oldest, last on the last page
    assert "đã xóa" in lan.text and "1 người" in lan.text

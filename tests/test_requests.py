"""Requests for help: a villager asks, the village team takes it (one winner), they talk
through the bot, it is closed, logged once, rated and counted; escalation and quiet hours
with a test clock; privacy and retention."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from datetime import timedelta

import pytest

from core.database import Database
from core.testing import Conversation
from handlers.requests import texts
from help_requests.store import RequestStore
from tests.activity_kit import World, make_world
from tests.requests_kit import ask_for_help, deliver, notices, vn
from tests.test_members_kit import Outbox


@pytest.fixture
async def world(config) -> AsyncIterator[World]:
    built = await make_world(config, flood_limit=False)  # dozens of messages a second
    yield built
    await built.app.close()


@pytest.fixture
def outbox(world: World) -> Outbox:
    """Records notices; on "test", like Zalo, a typed number then picks a notice's option."""
    recorder = Outbox()
    recorder.install(world.app)

    async def send(chat_id: str, replies) -> None:
        recorder.sent.append(("test", chat_id, list(replies)))
        if any(reply.options for reply in replies):
            await world.app.core.remember_shown("test", chat_id, chat_id, replies)

    world.app.core.notifier.register("test", send)
    return recorder


def villager(world: World, user_id: str = "dan", *, buttons: bool = True) -> Conversation:
    return Conversation(world.app.core, user_id=user_id, display_name="Bà Tư", buttons=buttons)


async def request_row(world: World, request_id: int = 1):
    return await world.app.db.fetchone("SELECT * FROM help_requests WHERE id = ?",
                                       (request_id,))


@pytest.mark.parametrize("buttons", [True, False])
async def test_a_request_goes_to_the_village_team_is_taken_closed_logged_once_and_rated(
    world: World, outbox: Outbox, buttons: bool, caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO)
    dan = villager(world, buttons=buttons)
    said = await ask_for_help(world, dan)
    # Thôn 1 has three approved members (Lan, Minh and the commune coordinator); not the
    # pending one.
    assert "#1" in said and "3 thành viên" in said and "Thôn 1" in said
    lan, minh = world.people.chat("lan"), world.people.chat("minh")
    for member in (lan, minh, world.people.chat("xa")):
        [notice] = notices(outbox, member)
        assert "định danh mức 2 cho mẹ" in notice.text and "Tại nhà" in notice.text
        assert "912" not in notice.text  # no phone before someone takes it
    assert outbox.to("cho") == [] and outbox.to("hoa") == []  # pending member, other village

    notices(outbox, lan)
    await lan.press("Tôi nhận")
    assert "Anh/chị đã nhận yêu cầu #1" in lan.text and "0912 345 678" in lan.text
    taken = lan.last
    assert "Lan" in outbox.text_to("dan") and "đã nhận yêu cầu #1" in outbox.text_to("dan")
    assert "Nguyễn Thị Lan nhận" in outbox.text_to("minh")
    notices(outbox, minh)
    await minh.press("Tôi nhận")
    assert "đã có Nguyễn Thị Lan nhận trước" in minh.text

    outbox.clear()
    await lan.press("Đã hỗ trợ xong")
    assert "đã đóng yêu cầu #1" in lan.text and "VNeID" in lan.text and "1" in lan.text
    await lan.press("Lưu")
    lan.last = taken
    await lan.press("Đã hỗ trợ xong")  # pressed again: nothing more is closed or counted
    assert "không do anh/chị nhận, hoặc đã đóng" in lan.text
    logs = await world.app.db.fetchall(
        "SELECT service_code, people, source_key FROM activity_logs WHERE member_id = ?",
        (world.ids["lan"],))
    assert [(r["service_code"], r["people"], r["source_key"]) for r in logs] == [
        ("vneid", 1, "request:1")]

    notices(outbox, dan)
    assert "đã xong" in dan.text
    await dan.press("Chưa được")
    await dan.say("Tổ đến hơi muộn")
    assert "cảm ơn" in dan.text
    row = await request_row(world)
    assert (row["state"], row["feedback"], row["feedback_text"]) == (
        "closed", -1, "Tổ đến hơi muộn")
    assert row["phone"] == "+84912345678" and row["phone_consent_at"] is not None
    for secret in ("912345678", "912 345 678", "định danh mức 2", "hơi muộn"):
        assert secret not in caplog.text  # nothing personal in the logs


async def test_member_and_villager_talk_through_the_bot_until_the_request_closes(
    world: World, outbox: Outbox,
) -> None:
    dan = villager(world)
    await ask_for_help(world, dan, phone=None)
    lan = world.people.chat("lan")
    notices(outbox, lan)
    await lan.press("Tôi nhận")
    assert "không để số" in lan.text
    await lan.press("Nhắn người dân")
    await lan.say("Chiều nay 3 giờ em qua nhà được không ạ?")
    assert texts.RELAY_SENT in lan.text
    outbox_text = outbox.text_to("dan")
    assert "Tin từ Nguyễn Thị Lan" in outbox_text and "Chiều nay 3 giờ" in outbox_text
    notices(outbox, dan)
    await dan.press("Trả lời")
    await dan.say("quên mật khẩu vneid")  # a relayed reply, never taken for a question
    assert texts.RELAY_SENT in dan.text
    assert "quên mật khẩu vneid" in outbox.text_to("lan")
    asked = await world.app.db.fetchone("SELECT COUNT(*) AS n FROM faq_questions")
    assert asked["n"] == 0
    await dan.say("quên mật khẩu vneid")  # the relay took one message: now it is a question
    assert "VNeID" in dan.text and texts.RELAY_SENT not in dan.text

    await lan.say("/yeucau")
    await lan.press("Đã hỗ trợ xong")
    notices(outbox, dan)
    await dan.press("Trả lời")  # an old relay button after closing
    assert "đã đóng" in dan.text


async def test_two_presses_at_the_same_instant_have_exactly_one_winner(
    world: World, outbox: Outbox,
) -> None:
    await ask_for_help(world, villager(world))
    lan, minh = world.people.chat("lan"), world.people.chat("minh")
    notices(outbox, lan)
    notices(outbox, minh)
    outbox.clear()
    await asyncio.gather(lan.press("Tôi nhận"), minh.press("Tôi nhận"))
    said = [lan.text, minh.text]
    assert sum("Anh/chị đã nhận yêu cầu #1" in text for text in said) == 1
    assert sum("nhận trước" in text for text in said) == 1
    row = await request_row(world)
    assert row["taken_by"] in (world.ids["lan"], world.ids["minh"])
    taken_notices = [t for t in outbox.text_to("dan").split("\n") if "đã nhận yêu cầu #1" in t]
    assert len(taken_notices) == 1  # the villager is told once


async def test_two_processes_taking_the_same_request_have_one_winner(
    world: World, outbox: Outbox,
) -> None:
    await ask_for_help(world, villager(world))
    path = world.app.db.path
    other = await Database.open(path)  # a second process's connection to the same file
    try:
        async def nothing(request, conn):
            return []

        stores = [RequestStore(world.app.db, world.clock), RequestStore(other, world.clock)]
        for _ in range(5):
            await world.app.db.write("UPDATE help_requests SET state = 'open', taken_by = NULL")
            results = await asyncio.gather(
                stores[0].take(1, world.ids["lan"], notices=nothing),
                stores[1].take(1, world.ids["minh"], notices=nothing))
            assert sorted(won for won, _ in results) == [False, True]
    finally:
        await other.close()


async def test_one_open_request_per_service_and_a_few_per_day(
    world: World, outbox: Outbox,
) -> None:
    dan = villager(world)
    await ask_for_help(world, dan)
    said = await ask_for_help(world, dan, first_time=False)
    assert "đã có yêu cầu #1" in said
    await ask_for_help(world, dan, service="Dịch vụ công", first_time=False)
    await ask_for_help(world, dan, service="Chữ ký số", first_time=False)
    said = await ask_for_help(world, dan, service="Sổ sức khỏe", first_time=False)
    assert "đã gửi 3 yêu cầu" in said
    count = await world.app.db.fetchone("SELECT COUNT(*) AS n FROM help_requests")
    assert count["n"] == 3
    await dan.say("/yeucau")
    await dan.press("Hủy yêu cầu #1")
    assert "đã hủy yêu cầu #1" in dan.text
    assert "đã hủy yêu cầu #1" in outbox.text_to("lan")


async def test_a_village_without_a_team_reaches_the_commune_coordinators(
    world: World, outbox: Outbox,
) -> None:
    await world.people.village((world.home.commune_code, world.home.commune_name), "Thôn 7")
    dan = villager(world)
    await dan.say("/tothon")
    await dan.say(world.home.commune_name)
    await dan.press(world.home.commune_name)
    await dan.press("Thôn 7")
    assert "chưa có tổ công nghệ số" in dan.text and "Điều phối xã" in dan.text
    said = await ask_for_help(world, dan, first_time=False)
    assert "điều phối viên" in said
    assert "thôn chưa có tổ" in outbox.text_to("xa")
    assert outbox.to("lan") == []
    xa = world.people.chat("xa")
    await xa.say("/yeucau")
    assert "#1" in xa.text and "0912 345 678" in xa.text  # the commune's coordinator may see it
    await xa.press("Giao #1")
    await xa.press("Trần Văn Minh")
    assert "đã giao yêu cầu #1 cho Trần Văn Minh" in xa.text
    assert "giao cho anh/chị yêu cầu #1" in outbox.text_to("minh")
    assert "0912 345 678" in outbox.text_to("minh")
    other = world.people.chat("xa2")  # a coordinator of another commune
    await other.say("/yeucau")
    assert "#1" not in other.text


async def test_my_village_not_listed_goes_to_coordinators(world: World, outbox: Outbox) -> None:
    said = await ask_for_help(world, villager(world), village="none")
    assert "điều phối viên" in said
    row = await request_row(world)
    assert row["village_id"] is None and row["escalation"] == 2


async def test_the_team_list_shows_only_what_members_agreed_to(
    world: World, outbox: Outbox,
) -> None:
    await world.people.member(world.home, "truong", name="Đỗ Văn Trưởng", team_role="leader")
    minh = world.people.chat("minh")
    await minh.say("/congkhai")
    await minh.press("Hiện tên và số điện thoại")
    assert "hiện tên và số điện thoại" in minh.text
    dan = villager(world)
    await dan.say("/thon")
    await dan.say(world.home.commune_name)
    await dan.press(world.home.commune_name)
    await dan.say("thon 1")  # typed without diacritics
    assert "đã ghi nhớ: Thôn 1" in dan.text
    await dan.say("/tothon")
    assert "Đỗ Văn Trưởng — Tổ trưởng" in dan.text  # the leader, without a phone
    assert "Trần Văn Minh — Thành viên, ☎" in dan.text
    assert "Nguyễn Thị Lan" not in dan.text  # did not agree to be listed
    assert "4 thành viên" in dan.text


async def test_not_taken_in_time_the_leader_then_the_coordinators_are_told(
    world: World, outbox: Outbox,
) -> None:
    await world.people.member(world.home, "truong", name="Đỗ Văn Trưởng", team_role="leader")
    jobs = world.app.requests.jobs
    world.clock.now = vn(18, 17, 0)  # Wednesday 17:00
    await ask_for_help(world, villager(world))
    outbox.clear()
    world.clock.now = vn(18, 20, 59)
    await jobs.run_due(world.clock.now)
    assert "chưa ai nhận" not in outbox.text_to("truong")
    world.clock.now = vn(18, 21, 30)  # 4 daytime hours have passed, but it is night
    await jobs.run_due(world.clock.now)
    assert outbox.sent == []  # held for the morning
    assert (await request_row(world))["escalation"] == 1
    world.clock.now = vn(19, 6, 1)
    await jobs.run_due(world.clock.now)
    assert "chưa ai nhận" in outbox.text_to("truong")
    assert outbox.to("xa", "test") == [] or "chưa ai nhận sau" not in outbox.text_to("xa")
    world.clock.now = vn(19, 9, 59)  # 4 + 3.98 daytime hours
    await jobs.run_due(world.clock.now)
    assert "chưa ai nhận sau" not in outbox.text_to("xa")
    world.clock.now = vn(19, 10, 1)
    await jobs.run_due(world.clock.now)
    assert "chưa ai nhận sau 8 giờ" in outbox.text_to("xa")
    await jobs.run_due(world.clock.now + timedelta(hours=5))  # told once
    assert outbox.text_to("xa").count("chưa ai nhận sau") == 1
    xa = world.people.chat("xa")
    await xa.say("/yeucau")
    assert "quá hạn" in xa.text
    weekly = await world.app.requests.section.weekly_note(world.home.commune_code)
    assert "1 yêu cầu hỗ trợ đang quá hạn" in weekly  # the line the weekly summary adds
    assert await world.app.requests.section.weekly_note(world.away.commune_code) == ""


async def test_a_request_at_night_reaches_the_team_in_the_morning(
    world: World, outbox: Outbox,
) -> None:
    world.clock.now = vn(18, 22, 15)
    said = await ask_for_help(world, villager(world))
    assert "06:00" in said
    assert outbox.sent == []
    world.clock.now = vn(19, 5, 59)
    assert await deliver(world) == 0
    world.clock.now = vn(19, 6, 0)
    assert await deliver(world) == 3
    assert await deliver(world) == 0  # sent once
    assert "Tôi nhận" in notices(outbox, world.people.chat("lan"))[0].options[0].label


async def test_a_taker_who_leaves_the_team_puts_the_request_back(
    world: World, outbox: Outbox,
) -> None:
    dan = villager(world)
    await ask_for_help(world, dan)
    lan = world.people.chat("lan")
    notices(outbox, lan)
    await lan.press("Tôi nhận")
    await lan.say("/roito")
    await lan.press(1)
    outbox.clear()
    await world.app.requests.jobs.run_due(world.clock.now)
    assert "không còn trong tổ" in outbox.text_to("dan")
    assert "Tôi nhận" in notices(outbox, world.people.chat("minh"))[0].options[0].label
    notices(outbox, lan)
    lan.last = notices(outbox, world.people.chat("minh"))
    await lan.press("Tôi nhận")  # the one who left cannot take it again
    assert "không còn là thành viên" in lan.text


async def test_request_texts_are_removed_after_the_retention_time_and_counts_stay(
    world: World, outbox: Outbox,
) -> None:
    dan = villager(world)
    await ask_for_help(world, dan)
    lan = world.people.chat("lan")
    notices(outbox, lan)
    await lan.press("Tôi nhận")
    await lan.press("Đã hỗ trợ xong")
    jobs = world.app.requests.jobs
    world.clock.now += timedelta(days=300)
    await jobs.run_due(world.clock.now)
    assert (await request_row(world))["detail"] == "định danh mức 2 cho mẹ"
    world.clock.now += timedelta(days=80)  # past 12 months after closing
    await jobs.run_due(world.clock.now)
    row = await request_row(world)
    assert (row["detail"], row["place"], row["timing"], row["phone"]) == ("", "", "", None)
    assert row["state"] == "closed" and row["texts_removed_at"] is not None
    left = await world.app.db.fetchone("SELECT COUNT(*) AS n FROM request_outbox")
    assert left["n"] == 0


async def test_thongke_and_its_export_count_requests_as_they_happened(
    world: World, outbox: Outbox,
) -> None:
    import io
    import statistics

    from openpyxl import load_workbook

    jobs = world.app.requests.jobs
    lan, minh = world.people.chat("lan"), world.people.chat("minh")
    happened = []  # (village, opened, taken, closed) hours of the day, None when not
    world.clock.now = vn(18, 8, 0)
    await ask_for_help(world, villager(world, "d4"), village="Thôn 2")  # #1: nobody takes it
    happened.append(("Thôn 2", 8, None, None))
    world.clock.now = vn(18, 9, 0)
    await ask_for_help(world, villager(world, "d1"))  # #2: taken at 10, closed at 12
    await ask_for_help(world, villager(world, "d3"), village="Thôn 2")  # #3: cancelled
    world.clock.now = vn(18, 9, 30)
    await ask_for_help(world, villager(world, "d2"))  # #4: taken at 11:30, still open
    world.clock.now = vn(18, 10, 0)
    lan.last = [r for r in outbox.to("lan") if "#2" in r.text]
    await lan.press("Tôi nhận")
    taken_2 = lan.last
    world.clock.now = vn(18, 11, 30)
    minh.last = [r for r in outbox.to("minh") if "#4" in r.text]
    await minh.press("Tôi nhận")
    world.clock.now = vn(18, 12, 0)
    lan.last = taken_2
    await lan.press("Đã hỗ trợ xong")
    d3 = villager(world, "d3")
    await d3.say("/yeucau")
    await d3.press("Hủy yêu cầu #3")
    happened += [("Thôn 1", 9, 10, 12), ("Thôn 2", 9, None, None), ("Thôn 1", 9.5, 11.5, None)]
    world.clock.now = vn(18, 13, 0)  # #1 has waited 5 daytime hours: overdue
    await jobs.run_due(world.clock.now)

    take = [t - o for _, o, t, _ in happened if t is not None]
    close = [c - o for _, o, _, c in happened if c is not None]
    xa = world.people.chat("xa")
    await xa.say("/thongke hôm nay")
    shown = xa.text
    assert (f"Gửi {len(happened)} · đã nhận {len(take)} · đã xong {len(close)} · hủy 1 · "
            f"còn mở 2") in shown
    median_take = f"{statistics.median(take):.1f}".replace(".", ",").removesuffix(",0")
    assert f"Nhận sau (trung vị) {median_take} giờ" in shown  # 1,5 giờ
    assert f"xong sau (trung vị) {statistics.median(close):.0f} giờ" in shown
    assert "không ai nhận đúng hạn 1" in shown
    assert "• Thôn 1: gửi 2, xong 1, quá hạn 0" in shown
    assert "• Thôn 2: gửi 2, xong 0, quá hạn 1" in shown
    await xa.say("/thongke hôm qua")
    assert "Không có yêu cầu hỗ trợ nào" in xa.text

    await xa.say("/xuat hôm nay")
    [book_reply] = [r for r in xa.last if r.file and r.file.filename.endswith(".xlsx")]
    sheet = load_workbook(io.BytesIO(book_reply.file.data))["Yêu cầu hỗ trợ"]
    rows = {row[0]: row[1:] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows["Tổng"][:6] == (4, 2, 1, 1, 2, 1)
    assert rows["Thôn 1"][0] == 2 and rows["Thôn 2"][5] == 1


def test_every_request_text_speaks_in_the_bot_s_voice() -> None:
    import re

    values = [v for name, v in vars(texts).items() if name.isupper()]
    found = [v for v in values if isinstance(v, str)]
    found += [v for d in values if isinstance(d, dict) for v in d.values()]
    for text in found:
        assert text.count("Dạ") <= 1 and len(re.findall(r"\bạ\b", text)) <= 1, text
        assert not re.search(r"\b(bạn|mình|bot)\b", text, re.IGNORECASE), text


async def test_nothing_of_a_request_happens_in_a_group_chat(world: World, outbox: Outbox) -> None:
    group = Conversation(world.app.core, user_id="dan", chat_id="-100", group=True)
    await group.say("/nhotro")
    assert "tin nhắn riêng" in group.text
    await group.say("quên mật khẩu vneid")  # an answer in the group offers the team...
    await group.press("Nhờ tổ hỗ trợ")  # ...but asking happens only in private
    assert "tin nhắn riêng" in group.text
    dan = villager(world)
    await dan.say("/nhotro")
    await group.say(world.home.commune_name)  # the dialog is not continued in the group
    assert "tin nhắn riêng" in group.text
    count = await world.app.db.fetchone("SELECT COUNT(*) AS n FROM help_requests")
    assert count["n"] == 0


@pytest.mark.parametrize("buttons", [True, False])
async def test_every_village_of_a_large_commune_can_be_picked_page_by_page(
    world: World, outbox: Outbox, buttons: bool,
) -> None:
    commune = (world.home.commune_code, world.home.commune_name)
    extra = [f"Thôn Đông {n}" for n in range(1, 16)]
    for name in extra:
        await world.people.village(commune, name)
    dan = villager(world, buttons=buttons)
    await dan.say("/nhotro")
    await dan.say(world.home.commune_name)
    await dan.press(world.home.commune_name)
    seen = [o.label for o in dan.options if "Xem thêm" not in o.label]
    while any("Xem thêm" in o.label for o in dan.options):
        await dan.press("Xem thêm")
        seen += [o.label for o in dan.options if "Xem thêm" not in o.label]
    assert set(extra) <= set(seen) and "Thôn 1" in seen
    assert len(dan.options) <= 10  # a screen, not the whole commune
    last = [o.label for o in dan.options if o.label.startswith("Thôn")][-1]
    await dan.press(last)  # a village of the last screen
    assert last not in [o.label for o in dan.options]  # on to the next question
    await dan.press("VNeID")
    await dan.say("cài VNeID cho bố")
    await dan.press("Tại nhà")
    await dan.press("Buổi sáng")
    await dan.press("Không để số")
    await dan.press("Gửi")
    row = await request_row(world)
    village = await world.app.db.fetchone("SELECT name FROM villages WHERE id = ?",
                                          (row["village_id"],))
    assert village["name"] == last

"""Statistics: every breakdown against counts computed here from the rows the test created,
the chart and the workbook, and scope enforcement."""

from __future__ import annotations

import io
import random
from collections import defaultdict
from collections.abc import AsyncIterator
from datetime import date, timedelta

import matplotlib.image
import openpyxl
import pytest

from core.model import Chat, EventKind, Incoming, Sender
from tests.activity_kit import World, make_world

NOVEMBER = (date(2026, 11, 1), date(2026, 11, 18))  # "tháng này" on 18/11/2026
OCTOBER = (date(2026, 10, 1), date(2026, 10, 18))  # the same days of the month before
LOGGERS = ("lan", "minh", "hoa", "an", "xa")
SERVICES = ("vneid", "dvc", "bhxh", "khac")


@pytest.fixture
async def world(config) -> AsyncIterator[World]:
    built = await make_world(config)
    yield built
    await built.app.close()


@pytest.fixture
async def rows(world: World) -> list[dict]:
    """~60 logs over October and November, one of them removed again."""
    rng = random.Random(5)
    logbook = world.app.activity.services.logbook
    village_of = {"lan": world.home, "minh": world.home, "xa": world.home,
                  "hoa": world.second, "an": world.away}
    created = []
    for index in range(60):
        who = rng.choice(LOGGERS)
        day = date(2026, 10, 1) + timedelta(days=rng.randrange(49))
        place = village_of[who]
        entry, _ = await logbook.save(
            member_id=world.ids[who], village_id=place.village_id,
            service_code=rng.choice(SERVICES), people=rng.randint(1, 30), day=day, note="",
            source_key=f"seed-{index}")
        created.append({"id": entry.id, "who": who, "village": place.village_name,
                        "commune": place.commune_name, "service": entry.service_code,
                        "people": entry.people, "day": day})
    removed = created.pop(0)
    await world.app.db.write("UPDATE activity_logs SET deleted_at = '2026-11-18T00:00:00Z'"
                             " WHERE id = ?", (removed["id"],))
    return created


def counted(rows: list[dict], key: str, period: tuple[date, date], **where) -> dict:
    """{key value: (sessions, people)} over the rows in the period matching `where`."""
    found: dict = defaultdict(lambda: [0, 0])
    for row in rows:
        if period[0] <= row["day"] <= period[1] and all(row[k] == v for k, v in where.items()):
            found[row[key]][0] += 1
            found[row[key]][1] += row["people"]
    return {k: tuple(v) for k, v in found.items()}


def sheet(book, title: str) -> list[tuple]:
    return [tuple(r) for r in book[title].iter_rows(min_row=2, values_only=True)]


async def workbook(chat, command: str):
    replies = await chat.say(command)
    files = [r.file for r in replies if r.file]
    xlsx = next(f for f in files if f.filename.endswith(".xlsx"))
    return openpyxl.load_workbook(io.BytesIO(xlsx.data)), files


async def test_commune_statistics_match_the_logs(world: World, rows: list[dict]):
    commune = world.home.commune_name
    xa = world.people.chat("xa")
    book, files = await workbook(xa, "/xuat")
    by_service = counted(rows, "service", NOVEMBER, commune=commune)
    assert {r[0]: (r[2], r[3]) for r in sheet(book, "Theo dịch vụ")} == by_service
    by_village = counted(rows, "village", NOVEMBER, commune=commune)
    villages = {r[1]: (r[2], r[3]) for r in sheet(book, "Theo thôn")}
    assert {k: v for k, v in villages.items() if v != (0, 0)} == by_village
    assert villages["Thôn 9"] == (0, 0)
    ranked = [r[3] for r in sheet(book, "Theo thôn")]
    assert ranked == sorted(ranked, reverse=True)
    summary = dict(sheet(book, "Tổng quan"))
    assert summary["Số lượt"] == sum(s for s, _ in by_service.values())
    assert summary["Số người"] == sum(p for _, p in by_service.values())
    before = counted(rows, "service", OCTOBER, commune=commune)
    assert summary["Số người kỳ trước"] == sum(p for _, p in before.values())
    active = {r["who"] for r in rows if NOVEMBER[0] <= r["day"] <= NOVEMBER[1]
              and r["commune"] == commune}
    assert summary["Thành viên hoạt động"] == len(active)
    assert summary["Thành viên trong kỳ"] == 5  # lan, minh, hoa, tam, xa (not the pending one)
    teams = {r["village"] for r in rows if NOVEMBER[0] <= r["day"] <= NOVEMBER[1]
             and r["commune"] == commune}
    assert summary["Tổ (thôn) có hoạt động"] == len(teams)
    assert summary["Tổ (thôn) có thành viên"] == 3
    assert [r for r in sheet(book, "Độ phủ") if r[3] != "Có hoạt động"] == [
        ("Thôn/tổ dân phố", commune, "Thôn 9", "Có thành viên, chưa hoạt động")]
    raw = next(f for f in files if f.filename.startswith("nhatky"))
    lines = raw.data.decode("utf-8-sig").strip().splitlines()
    assert len(lines) - 1 == sum(s for s, _ in by_service.values())
    assert all("+84" not in line for line in lines)  # no phone numbers in exports
    # The text reply says the same.
    await xa.say("/thongke")
    for code, name in (("vneid", "VNeID"), ("dvc", "Dịch vụ công"), ("bhxh", "BHXH, BHYT")):
        if code in by_service:
            sessions, people = by_service[code]
            assert f"• {name}: {sessions} lượt, {people} người" in xa.text
    assert "Thôn có thành viên nhưng chưa hoạt động (1): Thôn 9" in xa.text


async def test_province_statistics_rank_communes(world: World, rows: list[dict]):
    tinh = world.people.chat("tinh")
    book, _ = await workbook(tinh, "/xuat tháng này")
    by_commune = counted(rows, "commune", NOVEMBER)
    communes = [(r[1], (r[2], r[3])) for r in sheet(book, "Theo xã") if r[3]]
    assert dict(communes) == by_commune
    assert len(sheet(book, "Theo xã")) == 166  # every commune is ranked, not only the active
    assert [c for c, _ in communes] == sorted(by_commune, key=lambda c: -by_commune[c][1])
    assert {r[0]: (r[2], r[3]) for r in sheet(book, "Theo dịch vụ")} == counted(
        rows, "service", NOVEMBER)
    # A typed range and a chosen commune.
    book, _ = await workbook(tinh, f"/xuat 01/10/2026-18/10/2026 {world.away.commune_name}")
    assert {r[0]: (r[2], r[3]) for r in sheet(book, "Theo dịch vụ")} == counted(
        rows, "service", OCTOBER, commune=world.away.commune_name)


async def test_member_and_team_leader_views(world: World, rows: list[dict]):
    hoa = world.people.chat("hoa")  # team leader of Thôn 2: sees who logged
    await hoa.say("/thongke")
    sessions, people = counted(rows, "village", NOVEMBER, village="Thôn 2").get("Thôn 2", (0, 0))
    assert f"Tổng: {sessions} lượt hỗ trợ, {people} người được giúp." in hoa.text
    assert "Theo thành viên" in hoa.text
    lan = world.people.chat("lan")
    await lan.say("/thongke tôi")
    mine = counted(rows, "who", NOVEMBER, who="lan").get("lan", (0, 0))
    assert f"Tổng: {mine[0]} lượt hỗ trợ, {mine[1]} người được giúp." in lan.text
    _, files = await workbook(lan, "/xuat")
    assert not any(f.filename.startswith("nhatky") for f in files)  # raw logs: coordinators


async def test_chart_is_a_real_png(world: World, rows: list[dict]):
    replies = await world.people.chat("xa").say("/thongke tháng trước")
    image = replies[0].image
    assert image is not None and image.data.startswith(b"\x89PNG\r\n\x1a\n")
    pixels = matplotlib.image.imread(io.BytesIO(image.data), format="png")
    assert pixels.shape[0] > 100 and pixels.shape[1] > 300


async def test_no_data_outside_scope(world: World, rows: list[dict]):
    villager = world.people.chat("stranger")
    await villager.say("/thongke")
    assert "chỉ dành cho" in villager.text and "lượt" not in villager.text
    other = world.people.chat("xa2")  # coordinator of the second commune
    await other.say(f"/thongke {world.home.commune_name}")
    assert "phạm vi anh/chị phụ trách" in other.text and "lượt" not in other.text
    await other.say("/thongke tỉnh")
    assert "phạm vi anh/chị phụ trách" in other.text
    forged = Incoming(EventKind.BUTTON, Sender("test", "xa2"), Chat("xa2"),
                      payload=f"xuat:thang_nay:c:{world.home.commune_code}", update_id="f1")
    replies = await world.app.core.handle(forged)
    assert all(r.file is None for r in replies) and "phạm vi" in replies[0].text
    lan = world.people.chat("lan")
    await lan.say("/thongke Thôn 2")
    assert "phạm vi anh/chị phụ trách" in lan.text


async def test_bad_periods_say_the_accepted_forms(world: World):
    xa = world.people.chat("xa")
    await xa.say("/thongke 01/01/2025-31/12/2026")
    assert "400 ngày" in xa.text
    await xa.say("/thongke 31/13/2026")
    assert "Các kỳ dùng được" in xa.text
    await xa.say("/thongke 1/1-x")
    assert "Các kỳ dùng được" in xa.text


async def test_aggregates_kept_by_triggers_equal_a_rebuild_from_the_logs(world: World,
                                                                          rows: list[dict]):
    from activity.aggregates import AGGREGATE_TABLES, rebuild_aggregates

    async def snapshot() -> dict:
        return {t: sorted(tuple(r) for r in await world.app.db.fetchall(f"SELECT * FROM {t}"))
                for t in AGGREGATE_TABLES}

    kept = await snapshot()
    assert all(kept.values())
    await rebuild_aggregates(world.app.db)
    assert await snapshot() == kept


async def test_every_matching_commune_can_be_reached_a_page_at_a_time(world: World):
    tinh = world.people.chat("tinh", buttons=False)  # numbered list, as on Zalo
    await tinh.say("/thongke hoang")
    seen = [o.label for o in tinh.options if "Xem thêm" not in o.label]
    while any("Xem thêm" in o.label for o in tinh.options):
        await tinh.press("Xem thêm")
        seen += [o.label for o in tinh.options if "Xem thêm" not in o.label]
    hoang = [r["name"] for r in await world.app.db.fetchall(
        "SELECT name FROM communes WHERE folded LIKE '% hoang %' ORDER BY folded")]
    assert len(hoang) > 6 and sorted(seen) == sorted(hoang)
    await tinh.press(len(tinh.options))  # the last one of the last page
    assert f"Thống kê {seen[-1]}" in tinh.text


async def test_a_village_name_in_several_communes_asks_which(world: World):
    await world.people.village((world.away.commune_code, world.away.commune_name), "Thôn 1")
    tinh = world.people.chat("tinh")
    await tinh.say("/thongke thôn 1")
    labels = [o.label for o in tinh.options]
    assert len(labels) == 2
    assert {f"Thôn 1, {world.home.commune_name}", f"Thôn 1, {world.away.commune_name}"} == set(
        labels)
    await tinh.press(f"Thôn 1, {world.away.commune_name}")
    assert f"Thống kê Thôn 1, {world.away.commune_name}" in tinh.text


async def test_the_province_ranking_pages_through_every_commune(world: World, rows: list[dict]):
    tinh = world.people.chat("tinh")
    await tinh.say("/thongke")
    assert "Toàn tỉnh Thanh Hóa" in tinh.text
    assert "Xếp hạng xã/phường theo số người (166 xã/phường)" in tinh.text
    assert "166. " in tinh.text  # the bottom of the ranking is shown, not only the top
    ranks = []
    await tinh.press("Xem thêm xếp hạng")
    while True:
        ranks += [int(line.split(".")[0]) for line in tinh.text.splitlines()
                  if line[:1].isdigit() and " lượt, " in line]
        if not any("Xem thêm" in o.label for o in tinh.options):
            break
        await tinh.press("Xem thêm xếp hạng")
    assert ranks == list(range(1, 167))

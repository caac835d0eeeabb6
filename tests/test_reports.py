"""Report packs: /baocao for the previous complete month, quarter or year, for a commune and the
province, and the pack on the 1st of the month through the claim-before-send scheduler; the
XLSX opened and compared with counts computed here from the logs the test made."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta

import openpyxl
import pytest

from tests.activity_kit import World, make_world
from tests.test_members_kit import Outbox

FIRST_DEC_0800 = datetime(2026, 12, 1, 1, 0, tzinfo=UTC)  # 08:00 in Vietnam


@pytest.fixture
async def world(config) -> AsyncIterator[World]:
    built = await make_world(config)
    yield built
    await built.app.close()


@pytest.fixture
async def october(world: World) -> list[tuple[str, object, str, int, date]]:
    """Logs of October (and two outside it), a formula-looking village, help requests."""
    odd = await world.people.village(
        (world.home.commune_code, world.home.commune_name), "=HYPERLINK(1)")
    world.ids["odd"] = await world.people.member(odd, "odd")
    rows = [("lan", world.home, "vneid", 4, date(2026, 10, 2)),
            ("minh", world.home, "dvc", 6, date(2026, 10, 31)),
            ("hoa", world.second, "vneid", 3, date(2026, 10, 15)),
            ("an", world.away, "khac", 8, date(2026, 10, 20)),
            ("odd", odd, "vneid", 2, date(2026, 10, 9)),
            ("lan", world.home, "vneid", 50, date(2026, 9, 30)),
            ("lan", world.home, "vneid", 70, date(2026, 11, 1))]
    for index, (who, place, service, people, day) in enumerate(rows):
        await world.app.activity.services.logbook.save(
            member_id=world.ids[who], village_id=place.village_id, service_code=service,
            people=people, day=day, note="", source_key=f"r{index}")
    for index, (state, overdue) in enumerate((("closed", 0), ("open", 1), ("open", 0))):
        stamp = f"2026-10-1{index}T03:00:00Z"
        await world.app.db.write(
            "INSERT INTO help_requests (platform, user_id, chat_id, commune_code, village_id,"
            " service_code, state, created_at, waiting_since, closed_at, overdue)"
            " VALUES ('test', ?, ?, ?, ?, 'vneid', ?, ?, ?, ?, ?)",
            (f"v{index}", f"v{index}", world.home.commune_code, world.home.village_id, state,
             stamp, stamp, stamp if state == "closed" else None, overdue))
    return [r for r in rows if r[4].month == 10]


def book_of(replies) -> openpyxl.Workbook:
    file = next(r.file for r in replies if r.file)
    assert file.filename.endswith(".xlsx")
    return openpyxl.load_workbook(io.BytesIO(file.data))


def summary(book) -> dict:
    return {r[0]: r[1] for r in book["Tổng hợp"].iter_rows(min_row=2, values_only=True) if r[0]}


async def test_province_pack_of_last_month(world: World, october):
    tinh = world.people.chat("tinh")
    replies = await tinh.say("/baocao")
    assert "báo cáo tháng 10/2026" in tinh.text and "Toàn tỉnh Thanh Hóa" in tinh.text
    book = book_of(replies)
    assert book.sheetnames[:4] == ["Tổng hợp", "Theo xã", "Theo dịch vụ", "Độ phủ"]
    figures = summary(book)
    assert figures["Kỳ báo cáo"] == "tháng 10/2026"
    assert figures["Từ ngày – đến ngày"] == "01/10/2026 – 31/10/2026"
    assert figures["Số lượt hỗ trợ"] == len(october)
    assert figures["Số người được hỗ trợ"] == sum(r[3] for r in october)
    communes = await world.app.db.fetchall("SELECT code FROM communes")
    active = {r[1].commune_code for r in october}
    assert figures["Xã/phường có hoạt động"] == f"{len(active)}/{len(communes)} xã có hoạt động"
    assert figures["Xã/phường chưa có thành viên"] == len(communes) - 2
    assert figures["Yêu cầu hỗ trợ nhận được"] == 3
    assert figures["Yêu cầu đã xử lý xong"] == 1
    assert figures["Yêu cầu còn mở"] == 2
    assert figures["Yêu cầu quá hạn chưa ai nhận kịp"] == 1
    by_commune = {r[1]: r for r in book["Theo xã"].iter_rows(min_row=2, values_only=True)}
    assert len(by_commune) == len(communes)  # every commune, not only the active ones
    home = [r for r in october if r[1].commune_code == world.home.commune_code]
    assert by_commune[world.home.commune_name][2:4] == (len(home), sum(r[3] for r in home))
    assert by_commune[world.home.commune_name][6] == "Có hoạt động"
    services = {r[0]: r[2:] for r in book["Theo dịch vụ"].iter_rows(min_row=2, values_only=True)}
    assert services["vneid"] == (3, 9)


async def test_commune_pack_lists_villages_and_escapes_cells(world: World, october):
    xa = world.people.chat("xa")
    book = book_of(await xa.say("/baocao"))
    villages = {r[1]: r for r in book["Theo thôn"].iter_rows(min_row=2, values_only=True)}
    assert villages["Thôn 1"][2:6] == (2, 10, 2, 3)  # lan, minh active of lan, minh, xa
    assert villages["Thôn 9"][6] == "Có thành viên, chưa hoạt động"
    assert "'=HYPERLINK(1)" in villages  # a formula-looking name stays text
    coverage = [r for r in book["Độ phủ"].iter_rows(min_row=2, values_only=True)]
    quiet = [r[3] for r in coverage if r[0] == "Có thành viên, chưa hoạt động"]
    assert quiet == ["Thôn 9"]
    figures = summary(book)
    assert figures["Thôn/tổ dân phố có hoạt động"] == "3/4 thôn có hoạt động"
    assert figures["Đơn vị"] == world.home.commune_name


async def test_quarter_year_and_refusals(world: World, october):
    tinh = world.people.chat("tinh")
    book = book_of(await tinh.say("/baocao quý"))
    assert summary(book)["Kỳ báo cáo"] == "quý 3/2026"
    assert summary(book)["Số người được hỗ trợ"] == 50  # only the log of 30/09
    book = book_of(await tinh.say("/baocao năm"))
    assert summary(book)["Từ ngày – đến ngày"] == "01/01/2025 – 31/12/2025"
    book = book_of(await tinh.say(f"/baocao tháng 10 {world.away.commune_name}"))
    assert summary(book)["Đơn vị"] == world.away.commune_name
    assert summary(book)["Số người được hỗ trợ"] == 8
    await tinh.say("/baocao tháng 11")
    assert "chỉ làm cho kỳ đã kết thúc" in tinh.text
    xa = world.people.chat("xa")
    await xa.say(f"/baocao {world.away.commune_name}")
    assert "trong phạm vi anh/chị phụ trách" in xa.text
    lan = world.people.chat("lan")
    await lan.say("/baocao")
    assert "chỉ dành cho" in lan.text


async def test_pack_shows_targets(world: World, october):
    tinh = world.people.chat("tinh")
    await tinh.say(f"/chitieu vneid 20 {world.home.commune_name}")
    book = book_of(await tinh.say(f"/baocao {world.home.commune_name}"))
    # Year to date at 31/10: the VNeID log of 30/09 and October's, in the first commune.
    achieved = 50 + sum(r[3] for r in october
                        if r[2] == "vneid" and r[1].commune_code == world.home.commune_code)
    assert summary(book)["Chỉ tiêu năm 2026: Tài khoản VNeID mức 2 (đạt/chỉ tiêu)"] == \
        f"{achieved}/20 ({round(achieved * 5)}%)"
    assert "Chỉ tiêu" in book.sheetnames


async def test_the_first_of_the_month_sends_each_coordinator_one_pack(world: World, october):
    outbox = Outbox()
    outbox.install(world.app)
    jobs = world.app.activity.jobs
    assert await jobs.run_due(FIRST_DEC_0800 - timedelta(minutes=1)) == 0
    assert await jobs.run_due(FIRST_DEC_0800) == 3  # xa, xa2, tinh
    assert await jobs.run_due(FIRST_DEC_0800 + timedelta(minutes=5)) == 0  # once
    files = {chat: [r.file for r in replies if r.file] for _, chat, replies in outbox.sent}
    assert sorted(files) == ["tinh", "xa", "xa2"]
    assert all(len(f) == 1 and "-month-20261101" in f[0].filename for f in files.values())
    assert "báo cáo tháng 11/2026" in outbox.text_to("xa")
    book = openpyxl.load_workbook(io.BytesIO(files["xa"][0].data))
    assert summary(book)["Số người được hỗ trợ"] == 70  # the log of 1 November


async def test_after_downtime_the_pack_goes_only_within_the_morning(world: World):
    outbox = Outbox()
    outbox.install(world.app)
    jobs = world.app.activity.jobs
    hours = world.app.activity.services.settings.catch_up_hours
    assert await jobs.run_due(FIRST_DEC_0800 + timedelta(hours=hours, minutes=1)) == 0
    assert await jobs.run_due(FIRST_DEC_0800 + timedelta(days=1)) == 0
    assert outbox.sent == []
    first_jan = datetime(2027, 1, 1, 1, 30, tzinfo=UTC)
    assert await jobs.run_due(first_jan) == 3
    names = sorted(r.file.filename for r in outbox.to("tinh") if r.file)
    assert names == ["baocao-p-month-20261201.xlsx", "baocao-p-quarter-20261001.xlsx",
                     "baocao-p-year-20260101.xlsx"]

"""Targets: set by command and by spreadsheet (template, row-numbered refusals, nothing written
half), who may set what, and progress in /thongke and the export against counts computed here
from the logs the test made."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator
from datetime import date
from pathlib import Path

import openpyxl
import pytest
import yaml

from bot import load_config
from core.config_errors import ConfigError
from tests.activity_kit import World, make_world

ROOT = Path(__file__).resolve().parents[1]
VNEID = "Tài khoản VNeID mức 2"


@pytest.fixture
async def world(config) -> AsyncIterator[World]:
    built = await make_world(config)
    yield built
    await built.app.close()


async def log(world: World, who: str, place, service: str, people: int, day: date,
              key: str) -> None:
    await world.app.activity.services.logbook.save(
        member_id=world.ids[who], village_id=place.village_id, service_code=service,
        people=people, day=day, note="", source_key=key)


@pytest.fixture
async def logs(world: World) -> dict[str, int]:
    """VNeID logs of 2025 (not counted) and 2026 in both communes; people per place."""
    rows = [("lan", world.home, "vneid", 7, date(2026, 2, 3)),
            ("minh", world.home, "vneid", 5, date(2026, 11, 17)),
            ("hoa", world.second, "vneid", 4, date(2026, 6, 30)),
            ("hoa", world.second, "dvc", 9, date(2026, 6, 30)),
            ("an", world.away, "vneid", 11, date(2026, 10, 1)),
            ("lan", world.home, "vneid", 30, date(2025, 12, 31))]
    for index, (who, place, service, people, day) in enumerate(rows):
        await log(world, who, place, service, people, day, f"t{index}")
    counted: dict[str, int] = {}
    for _, place, service, people, day in rows:
        if service == "vneid" and day.year == 2026:
            counted[place.village_name] = counted.get(place.village_name, 0) + people
    return counted


def sheet_rows(data: bytes, title: str) -> list[tuple]:
    book = openpyxl.load_workbook(io.BytesIO(data))
    return [tuple(r) for r in book[title].iter_rows(values_only=True)]


def xlsx(rows: list[list[object]]) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


async def test_province_sets_commune_targets_and_reads_progress(world: World, logs):
    tinh = world.people.chat("tinh")
    first = world.home.commune_name
    await tinh.say(f"/chitieu vneid 100 {first}")
    assert f"đã đặt chỉ tiêu năm 2026 «{VNEID}» cho {first}: 100" in tinh.text
    achieved = logs["Thôn 1"] + logs["Thôn 2"]
    xa = world.people.chat("xa")
    await xa.say("/thongke")
    assert "Chỉ tiêu năm 2026 (lũy kế đến 18/11/2026):" in xa.text
    assert f"• {VNEID}: {achieved}/100 ({achieved}%)" in xa.text
    assert "Người dùng dịch vụ công trực tuyến: 9 (chưa đặt chỉ tiêu)" in xa.text
    # The province: the sum of the communes' targets, the people of the whole province.
    await tinh.say(f"/chitieu vneid 40 {world.away.commune_name}")
    await tinh.say("/thongke")
    province = achieved + logs["Thôn A"]
    assert f"• {VNEID}: {province}/140 ({round(province * 100 / 140)}%)" in tinh.text
    # 0 removes it again.
    await tinh.say(f"/chitieu vneid 0 {world.away.commune_name}")
    assert "đã bỏ chỉ tiêu" in tinh.text
    await tinh.say("/thongke")
    assert f"• {VNEID}: {province}/100" in tinh.text


async def test_a_commune_target_is_the_sum_of_its_villages_unless_set(world: World, logs):
    xa = world.people.chat("xa")
    await xa.say("/chitieu vneid 20 thôn 1")
    assert "cho Thôn 1" in xa.text
    await xa.say("/chitieu vneid 30 thôn 2")
    await xa.say("/thongke")
    achieved = logs["Thôn 1"] + logs["Thôn 2"]
    assert f"• {VNEID}: {achieved}/50 ({round(achieved * 2)}%)" in xa.text
    await xa.say("/thongke thôn 1")
    assert f"• {VNEID}: {logs['Thôn 1']}/20 ({round(logs['Thôn 1'] * 5)}%)" in xa.text
    await world.people.chat("tinh").say(f"/chitieu vneid 80 {world.home.commune_name}")
    await xa.say("/thongke")
    assert f"• {VNEID}: {achieved}/80" in xa.text


async def test_who_may_set_what(world: World):
    xa = world.people.chat("xa")
    await xa.say(f"/chitieu vneid 100 {world.home.commune_name}")
    assert "chỉ tiêu của cả xã do điều phối viên tỉnh đặt" in xa.text
    await xa.say(f"/chitieu vneid 100 thôn a, {world.away.commune_name}")
    assert "trong phạm vi anh/chị phụ trách" in xa.text
    await xa.say("/chitieu vneid nhiều thôn 1")
    assert "số nguyên" in xa.text
    await xa.say("/chitieu abc 5 thôn 1")
    assert "không có chỉ tiêu mã «abc»" in xa.text and "• vneid — " in xa.text
    lan = world.people.chat("lan")
    await lan.say("/chitieu vneid 5 thôn 1")
    assert "chỉ dành cho" in lan.text
    rows = await world.app.db.fetchall("SELECT * FROM activity_targets")
    assert rows == []


async def test_template_upload_refuses_every_bad_row_and_writes_nothing(world: World, logs):
    tinh = world.people.chat("tinh")
    await tinh.say(f"/chitieu dvc 12 {world.away.commune_name}")
    replies = await tinh.say("/mauchitieu")
    template = next(r.file for r in replies if r.file)
    rows = sheet_rows(template.data, "Chỉ tiêu")
    header = rows[0]
    assert header[:3] == ("Xã/phường", "Thôn/tổ dân phố (để trống: cả xã)", "Năm")
    assert f"{VNEID} (vneid)" in header
    communes = await world.app.db.fetchall("SELECT name FROM communes")
    assert len(rows) - 1 == len(communes)  # one row per commune of the province
    dvc = header.index("Người dùng dịch vụ công trực tuyến (dvc)")
    away = next(r for r in rows if r[0] == world.away.commune_name)
    assert away[dvc] == 12 and away[2] == 2026

    vneid = header.index(f"{VNEID} (vneid)")

    def row(commune: str, village: str, value: object) -> list[object]:
        cells: list[object] = [commune, village, 2026] + [None] * (len(header) - 3)
        cells[vneid] = value
        return cells

    bad = xlsx([list(header),
                row(world.home.commune_name, "", 150),
                row("Xã Không Có", "", 10),
                row(world.home.commune_name, "Thôn 77", 10),
                row(world.home.commune_name, "Thôn 1", "mười"),
                row(world.home.commune_name, "", 20)])
    await tinh.say("/nhapchitieu")
    await tinh.send_file("chitieu.xlsx", bad)
    text = tinh.text
    assert "chưa lưu gì vì tệp có 4 dòng lỗi" in text
    assert "Dòng 3: không có xã/phường «Xã Không Có»" in text
    assert "Dòng 4:" in text and "chưa có thôn «Thôn 77»" in text
    assert "Dòng 5: «mười» ở cột" in text
    assert "Dòng 6: trùng nơi và năm với dòng 2" in text
    stored = await world.app.db.fetchall("SELECT indicator, target FROM activity_targets")
    assert [(r["indicator"], r["target"]) for r in stored] == [("dvc", 12)]

    good = xlsx([list(header), row(world.home.commune_name, "", "1.500"),
                 row(world.home.commune_name, "Thôn 1", 400)])
    await tinh.say("/nhapchitieu")
    await tinh.send_file("chitieu.xlsx", good)
    assert "đã lưu 2 chỉ tiêu cho 2 nơi" in tinh.text
    replies = await tinh.say(f"/xuat năm nay {world.home.commune_name}")
    export = next(r.file for r in replies if r.file and r.file.filename.endswith(".xlsx"))
    sheet = sheet_rows(export.data, "Chỉ tiêu")
    assert sheet[0] == ("Nơi", "Chỉ tiêu", "Mã", "Đã đạt (lũy kế năm)", "Chỉ tiêu năm",
                        "Tỉ lệ (%)")
    achieved = logs["Thôn 1"] + logs["Thôn 2"]
    assert (world.home.commune_name, VNEID, "vneid", achieved, 1500,
            round(achieved * 100 / 1500)) in sheet
    assert (f"Thôn 1, {world.home.commune_name}", VNEID, "vneid", logs["Thôn 1"], 400,
            round(logs["Thôn 1"] * 100 / 400)) in sheet


async def test_a_commune_coordinator_uploads_only_their_villages(world: World):
    xa = world.people.chat("xa")
    replies = await xa.say("/mauchitieu")
    template = next(r.file for r in replies if r.file)
    rows = sheet_rows(template.data, "Chỉ tiêu")
    assert sorted(r[1] for r in rows[1:]) == ["Thôn 1", "Thôn 2", "Thôn 9"]
    header = list(rows[0])
    upload = [header,
              [world.home.commune_name, "Thôn 2", None, 50],
              [world.home.commune_name, "", None, 50],
              [world.away.commune_name, "Thôn A", None, 50]]
    await xa.say("/nhapchitieu")
    await xa.send_file("chitieu.xlsx", xlsx(upload))
    assert "Dòng 3: chỉ tiêu cả xã do điều phối viên tỉnh đặt" in xa.text
    assert "Dòng 4: nơi này ngoài phạm vi anh/chị phụ trách" in xa.text
    assert await world.app.db.fetchall("SELECT * FROM activity_targets") == []
    await xa.say("/nhapchitieu")
    await xa.send_file("chitieu.csv", f"Xã/phường,Thôn,{VNEID}\n"
                       f"{world.home.commune_name},Thôn 2,50\n".encode())
    assert "đã lưu 1 chỉ tiêu cho 1 nơi" in xa.text
    await xa.say("/chitieu")
    assert f"• {VNEID}: 0/50 (0%)" in xa.text and "/chitieu <mã> <số> <nơi>" in xa.text


async def test_a_file_that_is_not_a_target_sheet_is_refused(world: World):
    tinh = world.people.chat("tinh")
    await tinh.say("/nhapchitieu")
    await tinh.send_file("x.xlsx", xlsx([["Họ tên", "SĐT"], ["A", "0912"]]))
    assert "tệp cần cột «Xã/phường»" in tinh.text
    await tinh.say("/nhapchitieu")
    await tinh.send_file("x.pdf", b"%PDF")
    assert "chưa lưu gì" in tinh.text


def test_an_indicator_with_an_unknown_service_stops_start_up(tmp_path: Path):
    data = yaml.safe_load((ROOT / "config.yaml").read_text(encoding="utf-8"))
    data["activity"]["indicators"][1]["services"] = ["dvc", "dichvucong"]
    path = tmp_path / "config.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ConfigError) as error:
        load_config(path)
    assert error.value.file == str(path)
    assert error.value.entry == "activity.indicators[1].services[1]"
    assert "không có dịch vụ mã 'dichvucong'" in error.value.reason

"""Bulk import (chat and CLI), templates and exports."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from bot import App, Config
from core.roles import Role
from core.testing import Conversation
from members.__main__ import main as cli_main
from members.spreadsheet import header_field
from tests.conftest import ROOT
from tests.test_members_kit import Outbox, approve_last, coordinator

GOOD_ROWS = [
    ["Nguyễn Văn An", "0912000101", "Quảng Phú", "Thôn 1", "Tổ trưởng", "Công an"],
    ["Lê Thị Bình", "912000102", "phuong quang phu", "thon mot", "", "Hội phụ nữ"],
    ["Trần Văn Cường", "+84 912 000 103", "Hạc Thành", "TDP 5", "thành viên", ""],
]
BAD_ROWS = [
    ["12345", "0912000104", "Quảng Phú", "Thôn 1", "", ""],             # name
    ["Phạm Thị Dung", "02373852111", "Quảng Phú", "Thôn 1", "", ""],     # landline
    ["Hoàng Văn Em", "0912000106", "Hoàn Kiếm", "Thôn 1", "", ""],       # not in province
    ["Đỗ Thị Gấm", "0912000101", "Quảng Phú", "Thôn 2", "", ""],         # phone twice
    ["Vũ Văn Hải", "0912000108", "Quảng Phú", "", "", ""],               # no village
    ["Ngô Thị Hoa", "0912000109", "Quảng Phú", "Thôn 1", "chủ tịch", ""],  # role
]
HEADERS = ["Họ và tên", "Số điện thoại", "Xã/Phường", "Thôn/Tổ dân phố", "Vai trò", "Tổ chức"]


def xlsx(rows: list[list[str]], headers: list[str] = HEADERS, title: str | None = None) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    if title:
        sheet.append([title])
        sheet.append([])
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def csv_bytes(rows: list[list[str]], headers: list[str] = HEADERS, delimiter: str = ",") -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(headers)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8-sig")


@pytest.fixture
def outbox(app: App) -> Outbox:
    box = Outbox()
    box.install(app)
    return box


async def member_count(app: App) -> int:
    return (await app.db.fetchone("SELECT COUNT(*) AS n FROM members"))["n"]


@pytest.mark.parametrize(("header", "field"), [
    ("Họ và tên", "full_name"), ("ho ten", "full_name"), ("Name", "full_name"),
    ("HỌ VÀ TÊN THÀNH VIÊN", "full_name"), ("Số điện thoại", "phone"), ("SĐT", "phone"),
    ("phone", "phone"), ("Điện thoại di động", "phone"), ("Xã/Phường", "commune"),
    ("xa phuong", "commune"), ("Tên xã", "commune"), ("Thôn/Tổ dân phố", "village"),
    ("Tên thôn", "village"), ("Vai trò", "team_role"), ("Vai trò trong tổ", "team_role"),
    ("Tổ chức", "organisation"), ("Đơn vị", "organisation"), ("STT", None), ("Ghi chú", None),
])
def test_headers_match_with_or_without_diacritics(header: str, field: str | None) -> None:
    assert header_field(header) == field


async def test_admin_imports_a_mixed_file(app: App, admin: Conversation) -> None:
    await admin.say("/nhapds")
    assert "gửi tệp" in admin.text
    await admin.say("không có tệp")
    assert "gửi tệp" in admin.text
    await admin.send_file("to-cds.xlsx", xlsx(GOOD_ROWS + BAD_ROWS, title="DANH SÁCH TỔ CĐS"))
    report = admin.text
    assert "3 thành viên mới" in report and "6 dòng bị từ chối" in report
    # Row numbers as the spreadsheet shows them: title, blank line, header, then data.
    for row, reason in ((7, "chữ cái"), (8, "máy bàn"), (9, "Hoàn Kiếm"),
                        (10, "trùng với dòng 4"), (11, "thiếu Thôn"), (12, "vai trò")):
        assert reason.lower() in report.split(f"Dòng {row}: ")[1].split("\n")[0].lower()
    assert await member_count(app) == 3
    rows = await app.db.fetchall(
        "SELECT m.full_name, m.team_role, m.organisation, m.status, v.name FROM members m"
        " JOIN villages v ON v.id = m.village_id ORDER BY m.phone")
    assert [tuple(r) for r in rows] == [
        ("Nguyễn Văn An", "leader", "police", "approved", "Thôn 1"),
        ("Lê Thị Bình", "member", "women_union", "approved", "Thôn 1"),
        ("Trần Văn Cường", "member", "other", "approved", "Tổ dân phố 5"),
    ]

    # The same file again changes nothing.
    await admin.say("/nhapds")
    await admin.send_file("to-cds.xlsx", xlsx(GOOD_ROWS + BAD_ROWS, title="DANH SÁCH TỔ CĐS"))
    assert "0 thành viên mới, 0 cập nhật, 3 không đổi" in admin.text
    assert await member_count(app) == 3


async def test_file_sent_without_command(app: App, admin: Conversation,
                                         villager: Conversation) -> None:
    await villager.send_file("to-cds.xlsx", xlsx(GOOD_ROWS))
    assert "chỉ nhận tệp danh sách" in villager.text
    assert await member_count(app) == 0
    await admin.send_file("to-cds.xlsx", xlsx(GOOD_ROWS))
    assert "3 thành viên mới" in admin.text
    assert await member_count(app) == 3


async def test_csv_in_any_column_order_and_updates(app: App, admin: Conversation) -> None:
    headers = ["SĐT", "Tổ chức", "Thôn", "Tên", "Xã"]
    rows = [[r[1], r[5], r[3], r[0], r[2]] for r in GOOD_ROWS]
    await admin.say("/nhapds")
    await admin.send_file("ds.csv", csv_bytes(rows, headers, delimiter=";"))
    assert "3 thành viên mới" in admin.text and "0 dòng bị từ chối" in admin.text
    rows[0][3] = "Nguyễn Văn An Khang"
    await admin.say("/nhapds")
    await admin.send_file("ds.csv", csv_bytes(rows, headers, delimiter=";"))
    assert "0 thành viên mới, 1 cập nhật, 2 không đổi" in admin.text


async def test_refused_file_leaves_nothing(app: App, admin: Conversation) -> None:
    await admin.say("/nhapds")
    await admin.send_file("ds.xlsx", xlsx(GOOD_ROWS, headers=["Họ và tên", "Thôn", "Xã"]))
    assert "thiếu cột: Số điện thoại" in admin.text and "chưa có gì thay đổi" in admin.text
    await admin.say("/nhapds")
    await admin.send_file("ds.xlsx", b"this is not a spreadsheet")
    assert "không đọc được" in admin.text
    await admin.say("/nhapds")
    await admin.send_file("ds.pdf", b"%PDF-1.4")
    assert "CSV hoặc Excel" in admin.text
    assert await member_count(app) == 0
    assert await app.db.fetchone("SELECT id FROM villages") is None


async def test_commune_coordinator_imports_only_their_commune(
    app: App, outbox: Outbox, admin: Conversation,
) -> None:
    quang_phu = await coordinator(app, outbox, admin, "qp", "0912999001", "Quảng Phú")
    await quang_phu.say("/nhapds")
    await quang_phu.send_file("ds.xlsx", xlsx(GOOD_ROWS))
    assert "2 thành viên mới" in quang_phu.text and "Dòng 4: Xã/phường này ngoài phạm vi" \
        in quang_phu.text
    rows = await app.db.fetchall("SELECT v.commune_code FROM members m"
                                 " JOIN villages v ON v.id = m.village_id")
    assert {r["commune_code"] for r in rows} == {"16522"}


async def test_imported_member_claims_their_record(app: App, outbox: Outbox,
                                                   admin: Conversation) -> None:
    await admin.say("/nhapds")
    await admin.send_file("ds.xlsx", xlsx(GOOD_ROWS[:1]))
    an = Conversation(app.core, platform="zalo", user_id="z-an")
    await an.say("/dangky")
    await an.say("Nguyễn Văn An")
    await an.say("0912 000 101")
    assert "đã có trong danh sách" in an.text and "Nguyễn Văn An" not in an.text
    await an.press("Đúng số này")
    assert "xác nhận" in an.text
    request = outbox.text_to("admin")
    assert "Zalo" in request and "Nguyễn Văn An" in request
    await approve_last(outbox, admin)
    principal = await app.core.principals.principal_of(an.sender)
    assert principal.role == Role.TEAM_LEADER
    assert "xác nhận là của anh/chị" in outbox.text_to("z-an", "zalo")
    assert await member_count(app) == 1


async def test_export_as_csv_and_xlsx(app: App, outbox: Outbox, admin: Conversation) -> None:
    await admin.say("/nhapds")
    await admin.send_file("ds.xlsx", xlsx(GOOD_ROWS))
    quang_phu = await coordinator(app, outbox, admin, "qp", "0912999001", "Quảng Phú")
    await quang_phu.say("/xuatds")
    files = {r.file.filename.rsplit(".", 1)[1]: r.file for r in quang_phu.last if r.file}
    assert set(files) == {"csv", "xlsx"}
    text = files["csv"].data.decode("utf-8-sig")
    assert "Nguyễn Văn An" in text and "0912 000 101" in text and "Trần Văn Cường" not in text
    sheet = load_workbook(io.BytesIO(files["xlsx"].data)).active
    names = [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert sorted(names) == ["Lê Thị Bình", "Nguyễn Thị Lan", "Nguyễn Văn An"]
    await quang_phu.say("/xuatds csv Hạc Thành")
    assert "chỉ xuất được" in quang_phu.text and not any(r.file for r in quang_phu.last)
    await admin.say("/xuatds csv hac thanh")
    assert len([r for r in admin.last if r.file]) == 1
    assert "Trần Văn Cường" in admin.last[0].file.data.decode("utf-8-sig")


async def test_template_has_the_import_headers(app: App, admin: Conversation) -> None:
    await admin.say("/maunhap")
    sheet = load_workbook(io.BytesIO(admin.last[0].file.data)).active
    headers = next(sheet.iter_rows(values_only=True))
    assert [header_field(h) for h in headers] == [
        "full_name", "phone", "commune", "village", "team_role", "organisation"]


# --- the offline CLI ---------------------------------------------------------------------


def cli_config(config: Config, tmp_path: Path) -> Path:
    path = tmp_path / "config.yaml"
    text = (ROOT / "config.yaml").read_text(encoding="utf-8")
    text = text.replace("database: data/bot.sqlite3", f"database: {config.bot.database}")
    path.write_text(text, encoding="utf-8")
    return path


def test_cli_import_exit_codes(config: Config, tmp_path: Path,
                               capsys: pytest.CaptureFixture[str]) -> None:
    path = cli_config(config, tmp_path)
    good = tmp_path / "good.xlsx"
    good.write_bytes(xlsx(GOOD_ROWS))
    mixed = tmp_path / "mixed.csv"
    mixed.write_bytes(csv_bytes(GOOD_ROWS + BAD_ROWS))
    refused = tmp_path / "refused.csv"
    refused.write_bytes(csv_bytes(GOOD_ROWS, headers=["Tên", "Ghi chú"]))

    assert cli_main(["import", str(good), "--config", str(path)]) == 0
    assert "3 thành viên mới" in capsys.readouterr().out
    assert cli_main(["import", str(mixed), "--config", str(path)]) == 1
    out = capsys.readouterr().out
    assert "3 không đổi" in out and "Dòng 5: Họ tên" in out
    assert cli_main(["import", str(refused), "--config", str(path)]) == 2
    assert "thiếu cột" in capsys.readouterr().out


def test_cli_template_runs_as_a_module(tmp_path: Path) -> None:
    target = tmp_path / "mau.csv"
    result = subprocess.run(
        [sys.executable, "-m", "members", "template", "--format", "csv", "-o", str(target)],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stderr
    header = target.read_text(encoding="utf-8-sig").splitlines()[0]
    assert header == "Họ và tên,Số điện thoại,Xã/Phường,Thôn/Tổ dân phố,Vai trò,Tổ chức"

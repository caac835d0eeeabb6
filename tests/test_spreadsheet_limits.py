"""Crafted spreadsheets (made here) are refused in Vietnamese with bounded memory: a huge
declared dimension, a broken shared-string table, zip bombs; checked in a child process
limited to 300 MB of address space."""

from __future__ import annotations

import contextlib
import io
import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from members.spreadsheet import FileRefused, read_rows
from tests.conftest import ROOT

LIMIT_BYTES = 300 * 1024 * 1024


def normal_xlsx(rows: int = 3) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(["Họ và tên", "Số điện thoại", "Xã/Phường", "Thôn"])
    for n in range(rows):
        sheet.append([f"Người {n}", f"09123450{n:02d}", "Quảng Phú", "Thôn 3"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def rewrite(data: bytes, changes: dict[str, bytes], extra: dict[str, bytes] | None = None,
            level: int = 6) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as target:
        for info in source.infolist():
            target.writestr(info.filename, changes.get(info.filename, source.read(info)))
        for name, body in (extra or {}).items():
            target.writestr(name, body)
    return out.getvalue()


def huge_dimension() -> bytes:
    data = normal_xlsx(50)
    sheet = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml")
    sheet = re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:XFD50000"/>', sheet)
    return rewrite(data, {"xl/worksheets/sheet1.xml": sheet})


def bad_shared_strings() -> bytes:
    data = normal_xlsx(5)
    sheet = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml")
    sheet = re.sub(rb'(<c r="A3"[^>]*t="s"[^>]*><v>)\d+(</v>)', rb"\g<1>99999999\g<2>", sheet)
    return rewrite(data, {"xl/worksheets/sheet1.xml": sheet})


def many_shared_strings() -> bytes:
    data = normal_xlsx(2)
    body = b"".join(b"<si><t>x</t></si>" for _ in range(1_500_000))
    table = (b'<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/'
             b'spreadsheetml/2006/main">' + body + b"</sst>")
    return rewrite(data, {}, {"xl/sharedStrings.xml": table}, level=9)


def zip_bomb() -> bytes:
    return rewrite(normal_xlsx(2), {}, {"xl/media/image1.bin": b"\0" * (200 * 1024 * 1024)},
                   level=9)


CRAFTED = {
    "huge_dimension": huge_dimension,
    "bad_shared_strings": bad_shared_strings,
    "many_shared_strings": many_shared_strings,
    "zip_bomb": zip_bomb,
}


@pytest.fixture(scope="module")
def crafted(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("crafted")
    paths = {}
    for name, make in CRAFTED.items():
        path = folder / f"{name}.xlsx"
        path.write_bytes(make())
        paths[name] = path
    return paths


CHILD = r"""
import json, resource, sys, time
resource.setrlimit(resource.RLIMIT_AS, ({limit}, {limit}))
sys.path.insert(0, {root!r})
from members.spreadsheet import FileRefused, read_rows
out = {{}}
for path in sys.argv[1:]:
    start = time.perf_counter()
    try:
        rows = read_rows(path, open(path, "rb").read())
        out[path] = ["rows", len(rows), time.perf_counter() - start]
    except FileRefused as error:
        out[path] = ["refused", str(error), time.perf_counter() - start]
    except MemoryError:
        out[path] = ["memory", "", time.perf_counter() - start]
print(json.dumps(out, ensure_ascii=False))
"""


def test_crafted_files_are_refused_within_300_mb(crafted: dict[str, Path]) -> None:
    for path in crafted.values():
        assert path.stat().st_size < 2 * 1024 * 1024  # small files, as an attacker sends
    code = CHILD.format(limit=LIMIT_BYTES, root=str(ROOT))
    result = subprocess.run([sys.executable, "-c", code, *map(str, crafted.values())],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    outcomes = json.loads(result.stdout.strip().splitlines()[-1])
    by_name = {Path(p).stem: o for p, o in outcomes.items()}
    huge = by_name.pop("huge_dimension")
    broken = by_name.pop("bad_shared_strings")  # a bad index: refused or read, never a crash
    assert broken[0] in ("refused", "rows") and broken[2] < 10
    assert huge[0] == "rows" and huge[1] == 50 and huge[2] < 10  # read, as what it holds
    for name, (kind, text, seconds) in by_name.items():
        assert kind == "refused", (name, kind, text)
        assert "em không đọc" in text or "không đọc được" in text, (name, text)
        assert seconds < 30, (name, seconds)


def test_only_the_first_columns_and_a_bounded_cell_are_read() -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["Họ và tên", "Số điện thoại", "Xã/Phường", "Thôn"])
    sheet.append(["A" * 50_000, "0912345678", "Quảng Phú", "Thôn 3"])
    sheet.cell(row=2, column=16_000, value="xa lắm")
    out = io.BytesIO()
    book.save(out)
    [row] = read_rows("ds.xlsx", out.getvalue())
    assert len(row.cells["full_name"]) <= 1000


def test_a_broken_shared_string_table_is_a_refusal_not_a_crash() -> None:
    with contextlib.suppress(FileRefused):  # refused or read; any other error fails
        read_rows("ds.xlsx", bad_shared_strings())

"""Formula injection: whatever a person typed comes out of every export as text."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import AsyncIterator

import openpyxl
import pytest

from core.cells import safe_cell
from tests.activity_kit import World, make_world

PAYLOADS = (
    '=HYPERLINK("http://evil.example/x","Bấm vào đây")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    "=1+1",
)


@pytest.fixture
async def world(config) -> AsyncIterator[World]:
    built = await make_world(config)
    yield built
    await built.app.close()


def cells_of(files) -> list[str]:
    """Every text cell of every CSV, zipped CSV and XLSX in the replies."""
    found: list[str] = []
    for file in files:
        datas = [(file.filename, file.data)]
        if file.filename.endswith(".zip"):
            with zipfile.ZipFile(io.BytesIO(file.data)) as archive:
                datas = [(n, archive.read(n)) for n in archive.namelist()]
        for name, data in datas:
            if name.endswith(".csv"):
                text = data.decode("utf-8-sig")
                found += [c for row in csv.reader(io.StringIO(text)) for c in row]
            elif name.endswith(".xlsx"):
                book = openpyxl.load_workbook(io.BytesIO(data))
                for sheet in book.worksheets:
                    for row in sheet.iter_rows():
                        for cell in row:
                            assert cell.data_type != "f", f"formula in {name}: {cell.value!r}"
                            if isinstance(cell.value, str):
                                found.append(cell.value)
    return found


def assert_no_formula(cells: list[str]) -> None:
    live = [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
    assert not live, live


def test_the_rule() -> None:
    for payload in PAYLOADS:
        assert safe_cell(payload) == "'" + payload
    assert safe_cell("Thôn 3") == "Thôn 3"
    assert safe_cell(-5) == -5


async def test_statistics_and_raw_log_exports_write_typed_text_as_text(world: World) -> None:
    lan = world.people.chat("lan")
    for number, payload in enumerate(PAYLOADS, start=1):
        replies = await lan.say(f"/ghinhan vneid {number} {payload}")
        assert "vneid" in replies[0].text.lower() or replies[0].text
    await world.app.db.write("UPDATE villages SET name = ? WHERE id = ?",
                             ('=HYPERLINK("http://evil.example/v","Thôn")',
                              world.second.village_id))
    await world.app.db.write("UPDATE members SET full_name = ? WHERE id = ?",
                             ("@SUM(1+1)", world.ids["minh"]))
    await world.people.chat("minh").say("/ghinhan dvc 2")
    replies = await world.people.chat("xa").say("/xuat")
    files = [r.file for r in replies if r.file]
    assert {f.filename.rsplit(".", 1)[1] for f in files} >= {"xlsx", "csv"}
    cells = cells_of(files)
    assert_no_formula(cells)
    notes = [c for c in cells if "evil.example/x" in c]
    assert notes and all(c.startswith("'=") for c in notes)  # kept, readable, as text
    assert "'@SUM(1+1)" in cells


async def test_member_export_writes_typed_text_as_text(world: World) -> None:
    await world.app.db.write("UPDATE members SET full_name = ? WHERE id = ?",
                             (PAYLOADS[0], world.ids["lan"]))
    xa = world.people.chat("xa")
    files = [r.file for fmt in ("xlsx", "csv") for r in await xa.say(f"/xuatds {fmt}")
             if r.file]
    assert len(files) == 2
    cells = cells_of(files)
    assert_no_formula(cells)
    assert "'" + PAYLOADS[0] in cells

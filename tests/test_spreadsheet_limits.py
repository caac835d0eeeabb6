"""Crafted spreadsheets (tests/crafted_xlsx.py) are refused in Vietnamese with bounded
memory, or read as what they hold: a huge declared dimension, broken shared-string tables,
zip bombs, an inflated sheet, lying zip sizes, missing parts, bytes that are no zip;
checked in a child process limited to 300 MB of address space."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import Workbook

from members import texts
from members.spreadsheet import FileRefused, read_rows
from tests.conftest import ROOT
from tests.crafted_xlsx import CRAFTED, READ_AS_HELD, sst_index_out_of_range

LIMIT_BYTES = 300 * 1024 * 1024


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
    assert set(by_name) == set(CRAFTED)
    for name, (kind, text, seconds) in by_name.items():
        assert seconds < 10, (name, seconds)
        if name in READ_AS_HELD:  # read as what it holds, never padded to its declaration
            assert (kind, text) == ("rows", READ_AS_HELD[name]), name
            continue
        assert kind == "refused", (name, kind, text)
        assert "em không đọc" in text, (name, text)


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
    with pytest.raises(FileRefused) as refused:
        read_rows("ds.xlsx", sst_index_out_of_range())
    assert str(refused.value) == texts.IMPORT_UNREADABLE

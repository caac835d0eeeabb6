"""Crafted XLSX files an attacker (or a broken exporter) could send a coordinator's bot:
made here, small on disk, each breaking one thing a reader might trust. Shared by the
spreadsheet tests and `benchmarks/crafted_file_latency.py`."""

from __future__ import annotations

import io
import re
import struct
import zipfile
from collections.abc import Callable

from openpyxl import Workbook

SST_PART = "xl/sharedStrings.xml"
SST_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
SST_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
SHEET = "xl/worksheets/sheet1.xml"
_INLINE = re.compile(rb'<c r="([A-Z]+\d+)"([^>]*) t="inlineStr"><is><t>([^<]*)</t></is></c>')


def _letters(n: int) -> str:
    """A name part made of letters only ("Ab", "Ac", ...), as the validator wants."""
    abc = "abcdeghiklmnopqrstuvxy"
    return (abc[n // len(abc) % len(abc)] + abc[n % len(abc)]).title()


def member_rows(rows: int) -> list[list[str]]:
    table = [["Họ và tên", "Số điện thoại", "Xã/Phường", "Thôn"]]
    table += [[f"Nguyễn Văn {_letters(n)}", f"0912{n:06d}", "Quảng Phú", "Thôn 3"]
              for n in range(rows)]
    return table


def inline_xlsx(rows: int = 3) -> bytes:
    """A member list as openpyxl writes it (strings inline in the sheet)."""
    book = Workbook()
    sheet = book.worksheets[0]
    for row in member_rows(rows):
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def rewrite(data: bytes, changes: dict[str, bytes], extra: dict[str, bytes] | None = None,
            level: int = 6, drop: tuple[str, ...] = ()) -> bytes:
    """The zip `data` with parts replaced, added or left out."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as target:
        for info in source.infolist():
            if info.filename not in drop:
                target.writestr(info.filename, changes.get(info.filename, source.read(info)))
        for name, body in (extra or {}).items():
            target.writestr(name, body)
    return out.getvalue()


def shared_xlsx(rows: int = 3) -> bytes:
    """The same list with its text in a shared-string table, as Excel writes it."""
    data = inline_xlsx(rows)
    archive = zipfile.ZipFile(io.BytesIO(data))
    strings: list[bytes] = []

    def to_shared(match: re.Match[bytes]) -> bytes:
        strings.append(match.group(3))
        return b'<c r="%s"%s t="s"><v>%d</v></c>' % (match.group(1), match.group(2),
                                                      len(strings) - 1)

    sheet = _INLINE.sub(to_shared, archive.read(SHEET))
    table = (f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN}" count="{len(strings)}"'
             f' uniqueCount="{len(strings)}">').encode()
    table += b"".join(b"<si><t>%s</t></si>" % s for s in strings) + b"</sst>"
    types = archive.read("[Content_Types].xml").replace(b"</Types>", (
        f'<Override PartName="/{SST_PART}" ContentType="{SST_TYPE}" /></Types>').encode())
    rels = archive.read("xl/_rels/workbook.xml.rels").replace(b"</Relationships>", (
        f'<Relationship Type="{SST_REL}" Target="sharedStrings.xml" Id="rId9" />'
        "</Relationships>").encode())
    return rewrite(data, {SHEET: sheet, "[Content_Types].xml": types,
                          "xl/_rels/workbook.xml.rels": rels}, {SST_PART: table})


def _part(data: bytes, name: str) -> bytes:
    return zipfile.ZipFile(io.BytesIO(data)).read(name)


def huge_dimension() -> bytes:
    """50 rows that declare A1:XFD50000 (openpyxl would pad every row to 16,384 cells)."""
    data = inline_xlsx(50)
    sheet = re.sub(rb'<dimension ref="[^"]*"\s*/>', b'<dimension ref="A1:XFD50000"/>',
                   _part(data, SHEET))
    return rewrite(data, {SHEET: sheet})


def sst_index_out_of_range() -> bytes:
    data = shared_xlsx(5)
    sheet = re.sub(rb'(<c r="A3"[^>]*t="s"><v>)\d+(</v>)', rb"\g<1>99999999\g<2>",
                   _part(data, SHEET))
    return rewrite(data, {SHEET: sheet})


def sst_not_a_number() -> bytes:
    data = shared_xlsx(5)
    sheet = re.sub(rb'(<c r="B2"[^>]*t="s"><v>)\d+(</v>)', rb"\g<1>abc\g<2>",
                   _part(data, SHEET))
    return rewrite(data, {SHEET: sheet})


def sst_broken_xml() -> bytes:
    """A shared-string table cut off in the middle of a string."""
    data = shared_xlsx(5)
    table = _part(data, SST_PART)
    return rewrite(data, {SST_PART: table[:len(table) // 2]})


def sst_declares_billions() -> bytes:
    """A table declaring two billion strings while holding a few, and strings nested 50,000
    deep in rich-text runs."""
    data = shared_xlsx(5)
    table = _part(data, SST_PART).replace(b'count="', b'count="2000000000" x="', 1)
    table = table.replace(b'uniqueCount="', b'uniqueCount="2000000000" y="', 1)
    deep = b"<si>" + b"<r>" * 50_000 + b"<t>x</t>" + b"</r>" * 50_000 + b"</si>"
    table = table.replace(b"</sst>", deep + b"</sst>")
    return rewrite(data, {SST_PART: table})


def many_shared_strings() -> bytes:
    data = inline_xlsx(2)
    body = b"".join(b"<si><t>x</t></si>" for _ in range(1_500_000))
    table = (f'<?xml version="1.0"?><sst xmlns="{MAIN}">').encode() + body + b"</sst>"
    return rewrite(data, {}, {SST_PART: table}, level=9)


def zip_bomb() -> bytes:
    """An extra part of 200 MB of zeros, 200 KB compressed."""
    return rewrite(inline_xlsx(2), {}, {"xl/media/image1.bin": b"\0" * (200 * 1024 * 1024)},
                   level=9)


def inflated_sheet() -> bytes:
    """The sheet itself inflates to 72 MB (twelve million empty rows) from ~70 KB."""
    data = inline_xlsx(2)
    sheet = _part(data, SHEET).replace(b"</sheetData>", b"<row/>" * 12_000_000 + b"</sheetData>")
    return rewrite(data, {SHEET: sheet}, level=9)


def _central_entry(data: bytes, name: str) -> int:
    """Where the zip's central directory entry of `name` starts."""
    found = data.find(b"PK\x01\x02")
    while found >= 0:
        name_len = struct.unpack("<H", data[found + 28:found + 30])[0]
        if data[found + 46:found + 46 + name_len] == name.encode():
            return found
        found = data.find(b"PK\x01\x02", found + 4)
    raise LookupError(name)


def lying_sizes() -> bytes:
    """The inflated sheet, its zip headers stating 2 KB: the size checks read the
    directory, so the reader itself must stop at the stated size (and find it broken)."""
    data = inflated_sheet()
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo(SHEET)
    out = bytearray(data)
    stated = struct.pack("<I", 2048)
    out[info.header_offset + 22:info.header_offset + 26] = stated  # local header
    central = _central_entry(data, SHEET)
    out[central + 24:central + 28] = stated  # central directory
    return bytes(out)


def missing_workbook() -> bytes:
    return rewrite(inline_xlsx(3), {}, drop=("xl/workbook.xml",))


def missing_sheet() -> bytes:
    return rewrite(inline_xlsx(3), {}, drop=(SHEET,))


def not_a_zip() -> bytes:
    """A CSV (or anything) renamed to .xlsx."""
    return "Họ và tên,Số điện thoại\nNgười 1,0912000001\n".encode() * 50


def truncated_zip() -> bytes:
    data = inline_xlsx(20)
    return data[: len(data) // 2]


CRAFTED: dict[str, Callable[[], bytes]] = {
    "huge_dimension": huge_dimension,
    "sst_index_out_of_range": sst_index_out_of_range,
    "sst_not_a_number": sst_not_a_number,
    "sst_broken_xml": sst_broken_xml,
    "sst_declares_billions": sst_declares_billions,
    "many_shared_strings": many_shared_strings,
    "zip_bomb": zip_bomb,
    "inflated_sheet": inflated_sheet,
    "lying_sizes": lying_sizes,
    "missing_workbook": missing_workbook,
    "missing_sheet": missing_sheet,
    "not_a_zip": not_a_zip,
    "truncated_zip": truncated_zip,
}
# Not refused: read as what they hold, with these many rows.
READ_AS_HELD = {"huge_dimension": 50, "sst_declares_billions": 5}

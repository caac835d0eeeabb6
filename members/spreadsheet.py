"""Reading and writing member lists as CSV or XLSX, with Vietnamese headers in any order."""

from __future__ import annotations

import csv
import io
import logging
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from openpyxl.utils.exceptions import InvalidFileException

from core.cells import safe_row
from faq.normalize import fold
from members import texts

log = logging.getLogger(__name__)

FIELDS = ("full_name", "phone", "commune", "village", "team_role", "organisation")
REQUIRED = ("full_name", "phone", "commune", "village")
MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 50_000
# An XLSX is a zip of XML: bounded by what it holds, never by what its headers declare.
MAX_UNZIPPED = 60 * 1024 * 1024  # all parts together, as the zip directory states them
MAX_SHARED_STRINGS = 10 * 1024 * 1024  # openpyxl keeps this part's strings in memory
MAX_RATIO = 200  # a part this much smaller compressed than plain is a zip bomb
MAX_COLUMNS = 64  # cells beyond this column are not read
MAX_CELLS = 1_500_000  # cells read in all, whatever the sheet's declared dimension
MAX_CELL_CHARS = 1000
HEADER_SEARCH_ROWS = 15
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_MIME = "text/csv"

# Folded header → field; checked as whole headers first, then as phrases inside a header,
# in this order ("Tên thôn" is a village, "Tổ chức" is not a "tổ dân phố").
HEADER_EXACT = {
    "ho va ten": "full_name", "ho ten": "full_name", "ten": "full_name", "name": "full_name",
    "full name": "full_name", "fullname": "full_name", "ho ten thanh vien": "full_name",
    "sdt": "phone", "so dt": "phone", "dt": "phone", "phone": "phone", "mobile": "phone",
    "xa": "commune", "phuong": "commune", "xa phuong": "commune", "commune": "commune",
    "ward": "commune", "thon": "village", "village": "village", "thon to dan pho": "village",
    "vai tro": "team_role", "role": "team_role", "chuc vu": "team_role",
    "to chuc": "organisation", "don vi": "organisation", "organisation": "organisation",
    "organization": "organisation",
}
HEADER_PHRASES: tuple[tuple[str, str], ...] = (
    ("dien thoai", "phone"), ("sdt", "phone"), ("so dt", "phone"), ("phone", "phone"),
    ("vai tro", "team_role"), ("chuc vu", "team_role"), ("chuc danh", "team_role"),
    ("role", "team_role"),
    ("to chuc", "organisation"), ("don vi", "organisation"), ("co quan", "organisation"),
    ("organi", "organisation"),
    ("thon", "village"), ("to dan pho", "village"), ("tdp", "village"), ("khu pho", "village"),
    ("ban", "village"), ("xom", "village"), ("village", "village"),
    ("xa", "commune"), ("phuong", "commune"), ("commune", "commune"), ("ward", "commune"),
    ("ho ten", "full_name"), ("ho va ten", "full_name"), ("ten", "full_name"),
    ("name", "full_name"),
)


class FileRefused(ValueError):
    """The whole file cannot be imported; str() says why, in Vietnamese."""


@dataclass(frozen=True)
class SheetRow:
    """One data row: its number as the spreadsheet shows it and its cells by field."""

    number: int
    cells: dict[str, str]


def header_field(header: str) -> str | None:
    """Which field a column header names, or None for columns the import ignores."""
    folded = fold(header)
    if not folded:
        return None
    if folded in HEADER_EXACT:
        return HEADER_EXACT[folded]
    padded = f" {folded} "
    for phrase, field in HEADER_PHRASES:
        if f" {phrase} " in padded:
            return field
    return None


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


def _raw_rows(filename: str, data: bytes) -> list[list[str]]:
    name = filename.lower()
    if name.endswith((".xlsx", ".xlsm")):
        return _xlsx_rows(data)
    if name.endswith((".csv", ".txt")):
        return _csv_rows(data)
    raise FileRefused(texts.IMPORT_BAD_TYPE)


def _check_zip(data: bytes) -> None:
    """Refuse a zip whose parts would unpack to more than the limits allow (zip bombs).
    zipfile never inflates a part past the size its directory states, so these bound it."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError):
        raise FileRefused(texts.IMPORT_UNREADABLE) from None
    total = 0
    for info in archive.infolist():
        total += info.file_size
        limit = MAX_SHARED_STRINGS if info.filename.endswith("sharedStrings.xml") \
            else MAX_UNZIPPED
        big = info.file_size > 1024 * 1024
        if info.file_size > limit or total > MAX_UNZIPPED:
            mb = limit // (1024 * 1024)
            raise FileRefused(texts.IMPORT_TOO_COMPLEX.format(
                reason=texts.IMPORT_REASON_UNZIPPED.format(mb=mb)))
        if big and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise FileRefused(texts.IMPORT_TOO_COMPLEX.format(reason=texts.IMPORT_REASON_RATIO))


def _xlsx_rows(data: bytes) -> list[list[str]]:
    _check_zip(data)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise FileRefused(texts.IMPORT_UNREADABLE) from None
    except Exception as error:  # malformed XML inside: a refusal, never a crash
        log.warning("spreadsheet: unreadable XLSX (%s)", type(error).__name__)
        raise FileRefused(texts.IMPORT_UNREADABLE) from None
    try:
        sheet = workbook.worksheets[0]
        # The sheet's own <dimension> may claim A1:XFD1048576; count the cells that exist.
        sheet.reset_dimensions()
        rows = []
        cells = 0
        for values in sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS):
            row = [_cell_text(v)[:MAX_CELL_CHARS] for v in values[:MAX_COLUMNS]]
            cells += len(row)
            if cells > MAX_CELLS:
                raise FileRefused(texts.IMPORT_TOO_COMPLEX.format(
                    reason=texts.IMPORT_REASON_CELLS.format(count=f"{MAX_CELLS:,}")))
            rows.append(row)
            if len(rows) > MAX_ROWS + HEADER_SEARCH_ROWS:
                raise FileRefused(texts.IMPORT_TOO_MANY.format(limit=MAX_ROWS))
        return rows
    except FileRefused:
        raise
    except Exception as error:  # a bad shared-string index, broken XML: refused
        log.warning("spreadsheet: unreadable XLSX (%s)", type(error).__name__)
        raise FileRefused(texts.IMPORT_UNREADABLE) from None
    finally:
        workbook.close()


def _decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1258", errors="replace")


def _csv_rows(data: bytes) -> list[list[str]]:
    text = _decode(data)
    try:
        dialect = csv.Sniffer().sniff(text[:8192], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    try:
        rows = [[_cell_text(c)[:MAX_CELL_CHARS] for c in row[:MAX_COLUMNS]]
                for row in csv.reader(io.StringIO(text), dialect)]
    except csv.Error:
        raise FileRefused(texts.IMPORT_UNREADABLE) from None
    if len(rows) > MAX_ROWS + HEADER_SEARCH_ROWS:
        raise FileRefused(texts.IMPORT_TOO_MANY.format(limit=MAX_ROWS))
    return rows


def read_table(filename: str, data: bytes) -> list[list[str]]:
    """Every row of a CSV or the first sheet of an XLSX as cell texts, within the same bounds
    as a member import (size, zip bombs, cells, rows); FileRefused otherwise. For other
    features' uploads (activity targets)."""
    if len(data) > MAX_BYTES:
        raise FileRefused(texts.IMPORT_TOO_BIG.format(mb=MAX_BYTES // (1024 * 1024)))
    return _raw_rows(filename, data)


def _find_header(rows: list[list[str]]) -> tuple[int, dict[int, str]]:
    """The header row (maybe under a title) and which column holds which field."""
    best: tuple[int, dict[int, str]] = (-1, {})
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        columns: dict[int, str] = {}
        for column, header in enumerate(row):
            field = header_field(header)
            if field is not None and field not in columns.values():
                columns[column] = field
        if len(columns) > len(best[1]):
            best = (index, columns)
    return best


def read_rows(filename: str, data: bytes) -> list[SheetRow]:
    """The data rows of a CSV or XLSX; FileRefused when it cannot be imported at all."""
    if len(data) > MAX_BYTES:
        raise FileRefused(texts.IMPORT_TOO_BIG.format(mb=MAX_BYTES // (1024 * 1024)))
    rows = _raw_rows(filename, data)
    header_index, columns = _find_header(rows)
    missing = [f for f in REQUIRED if f not in columns.values()]
    if header_index < 0 or missing:
        names = ", ".join(texts.IMPORT_FIELD_LABELS[f] for f in missing)
        raise FileRefused(texts.IMPORT_MISSING_COLUMNS.format(columns=names))
    result = []
    for offset, row in enumerate(rows[header_index + 1:], start=header_index + 2):
        cells = {field: (row[col] if col < len(row) else "") for col, field in columns.items()}
        if any(cells.values()):
            result.append(SheetRow(offset, cells))
    if not result:
        raise FileRefused(texts.IMPORT_NO_ROWS)
    return result


def to_csv(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> bytes:
    """UTF-8 with BOM, so Excel shows the diacritics."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(headers)
    writer.writerows([safe_row(row) for row in rows])
    return out.getvalue().encode("utf-8-sig")


def to_xlsx(
    headers: Sequence[str], rows: Sequence[Sequence[object]], *, title: str,
    notes: Sequence[str] = (),
) -> bytes:
    """One sheet with a bold header row; `notes` go on a second sheet."""
    workbook = Workbook(write_only=False)
    sheet = workbook.worksheets[0]
    sheet.title = title[:31]
    sheet.append(list(headers))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(safe_row(row))
    for column, header in zip("ABCDEFGHIJKLMNOP", headers, strict=False):
        sheet.column_dimensions[column].width = max(12, len(header) + 4)
    sheet.freeze_panes = "A2"
    if notes:
        help_sheet = workbook.create_sheet(texts.TEMPLATE_NOTES_SHEET)
        for line in notes:
            help_sheet.append([line])
        help_sheet.column_dimensions["A"].width = 100
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()

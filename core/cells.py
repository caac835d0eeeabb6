"""The one escaping rule for every spreadsheet cell the bot writes (CSV and XLSX).

A value a person typed (a name, a village, a note) that begins with `=`, `+`, `-`, `@`, a
tab or a carriage return would be read by Excel, LibreOffice or Google Sheets as a formula
(`=HYPERLINK("http://…")`). Such text is written with a leading apostrophe, which those
programs take as "this is text" (OWASP's advice for CSV injection). Numbers stay numbers.
"""

from __future__ import annotations

from collections.abc import Iterable

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> object:
    """`value` as a spreadsheet cell that can never be a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_row(values: Iterable[object]) -> list[object]:
    return [safe_cell(value) for value in values]

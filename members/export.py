"""Member lists and the import template as CSV or XLSX files."""

from __future__ import annotations

from core.clock import from_iso, local_text
from core.model import OutgoingFile
from members import texts
from members.model import Member
from members.spreadsheet import CSV_MIME, XLSX_MIME, to_csv, to_xlsx
from members.validation import display_phone

FORMATS = ("csv", "xlsx")


def member_rows(members: list[Member]) -> list[list[object]]:
    return [
        [
            number, m.full_name, display_phone(m.phone), m.commune_name, m.village_name,
            texts.TEAM_ROLE_LABELS[m.team_role], texts.ORGANISATION_LABELS[m.organisation],
            texts.STATUS_LABELS[m.status], local_text(from_iso(m.created_at))[:10],
        ]
        for number, m in enumerate(members, start=1)
    ]


def export_file(members: list[Member], fmt: str, stem: str) -> OutgoingFile:
    """The list as `stem`.csv or `stem`.xlsx."""
    rows = member_rows(members)
    if fmt == "csv":
        return OutgoingFile(f"{stem}.csv", to_csv(texts.EXPORT_HEADERS, rows), CSV_MIME)
    data = to_xlsx(texts.EXPORT_HEADERS, rows, title=texts.TEMPLATE_SHEET)
    return OutgoingFile(f"{stem}.xlsx", data, XLSX_MIME)


def template_file(fmt: str) -> OutgoingFile:
    """An empty list with the import's headers (and, in XLSX, a sheet of instructions)."""
    if fmt == "csv":
        return OutgoingFile("mau-nhap-thanh-vien.csv", to_csv(texts.TEMPLATE_HEADERS, []),
                            CSV_MIME)
    data = to_xlsx(texts.TEMPLATE_HEADERS, [], title=texts.TEMPLATE_SHEET,
                   notes=texts.TEMPLATE_NOTES)
    return OutgoingFile("mau-nhap-thanh-vien.xlsx", data, XLSX_MIME)

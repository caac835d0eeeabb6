"""Targets as a spreadsheet: the template the bot sends (one row per place, one column per
indicator, current targets filled in) and the reading of an upload, every row checked before
anything is written. The file itself is read by members/spreadsheet.py's bounded reader."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from types import ModuleType

from activity.settings import Indicator
from activity.targets import WHOLE_COMMUNE, TargetValue
from faq.normalize import fold
from members.places import strip_type
from members.spreadsheet import HEADER_SEARCH_ROWS, to_xlsx
from members.villages import match_key

MAX_TARGET = 10_000_000
MIN_YEAR, MAX_YEAR = 2020, 2100
_THOUSANDS = re.compile(r"^\d{1,3}([.,\s]\d{3})+$")


@dataclass(frozen=True)
class Places:
    """The communes and villages an upload may name: {folded name: code}, {code: name},
    {(code, village match key): (village id, name)}."""

    communes: dict[str, str]
    commune_names: dict[str, str]
    villages: dict[tuple[str, str], tuple[int, str]]

    @classmethod
    def from_rows(cls, communes: Sequence, villages: Sequence) -> Places:
        by_name: dict[str, str] = {}
        for r in communes:
            by_name.setdefault(r["folded"], r["code"])
            by_name.setdefault(strip_type(r["folded"]), r["code"])
            by_name.setdefault(str(int(r["code"])), r["code"])
        return cls(by_name, {r["code"]: r["name"] for r in communes},
                   {(r["commune_code"], r["match_key"]): (r["id"], r["name"]) for r in villages})

    def commune(self, text: str) -> str | None:
        folded = fold(text)
        return self.communes.get(folded) or self.communes.get(strip_type(folded))


@dataclass
class Upload:
    """What an upload would store, or why not: (row number, reason) per refused row."""

    values: list[TargetValue] = field(default_factory=list)
    problems: list[tuple[int, str]] = field(default_factory=list)
    places: int = 0


def headers(indicators: Sequence[Indicator], labels: ModuleType) -> list[str]:
    return [labels.TARGET_COL_COMMUNE, labels.TARGET_COL_VILLAGE, labels.TARGET_COL_YEAR,
            *(f"{i.name} ({i.code})" for i in indicators)]


def template_bytes(indicators: Sequence[Indicator], rows: Sequence[tuple[str, str, int,
                   dict[str, int]]], labels: ModuleType) -> bytes:
    """The template: a row per (commune, village or "", year, {indicator: target})."""
    body = [[commune, village, year, *(targets.get(i.code, "") for i in indicators)]
            for commune, village, year, targets in rows]
    return to_xlsx(headers(indicators, labels), body, title=labels.TARGET_SHEET,
                   notes=labels.TARGET_NOTES)


def _column_of(header: str, indicators: Sequence[Indicator]) -> str | None:
    """Which column a header is: "commune", "village", "year" or an indicator code."""
    folded = fold(header)
    if not folded:
        return None
    for indicator in indicators:
        if header.strip().endswith(f"({indicator.code})") or folded in (
                indicator.code, fold(indicator.name)):
            return indicator.code
    words = f" {folded} "
    if any(f" {w} " in words for w in ("thon", "to dan pho", "village", "ban", "xom")):
        return "village"
    if any(f" {w} " in words for w in ("xa", "phuong", "commune", "ma xa")):
        return "commune"
    if folded in ("nam", "year"):
        return "year"
    return None


def _header(rows: list[list[str]], indicators: Sequence[Indicator]) -> tuple[int, dict[int, str]]:
    best: tuple[int, dict[int, str]] = (-1, {})
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        columns: dict[int, str] = {}
        for column, text in enumerate(row):
            found = _column_of(text, indicators)
            if found is not None and found not in columns.values():
                columns[column] = found
        if len(columns) > len(best[1]):
            best = (index, columns)
    return best


def read_number(text: str) -> int | None:
    """ "1200", "1.200", "1,200" → 1200; None when not a whole number."""
    cleaned = text.strip()
    if _THOUSANDS.match(cleaned):
        cleaned = re.sub(r"[.,\s]", "", cleaned)
    return int(cleaned) if cleaned.isdigit() else None


def read_upload(rows: list[list[str]], indicators: Sequence[Indicator], places: Places,
                may_set: Callable[[str, int], bool], default_year: int,
                labels: ModuleType) -> Upload:
    """Every row checked; `may_set(commune code, village id or 0)` says whether the uploader
    may set that place's targets. Blank cell: unchanged; 0: the target is removed."""
    t = labels
    upload = Upload()
    header_index, columns = _header(rows, indicators)
    if header_index < 0 or "commune" not in columns.values() or not any(
            c not in ("commune", "village", "year") for c in columns.values()):
        upload.problems.append((0, t.TARGET_FILE_COLUMNS))
        return upload
    seen: dict[tuple[str, int, int], int] = {}
    for number, row in enumerate(rows[header_index + 1:], start=header_index + 2):
        cells = {name: (row[col] if col < len(row) else "") for col, name in columns.items()}
        if not any(cells.values()):
            continue
        problem, values = _row(cells, indicators, places, may_set, default_year, t)
        if problem is None and values:
            key = (values[0].commune_code, values[0].village_id, values[0].year)
            if key in seen:
                problem = t.TARGET_ROW_DUPLICATE.format(row=seen[key])
            seen.setdefault(key, number)
        if problem is not None:
            upload.problems.append((number, problem))
        elif values:
            upload.values += values
            upload.places += 1
    if not upload.values and not upload.problems:
        upload.problems.append((0, t.TARGET_FILE_EMPTY))
    return upload


def _row(cells: dict[str, str], indicators: Sequence[Indicator], places: Places,
         may_set: Callable[[str, int], bool], default_year: int,
         t: ModuleType) -> tuple[str | None, list[TargetValue]]:
    commune_text = cells.get("commune", "")
    if not commune_text:
        return t.TARGET_ROW_NO_COMMUNE, []
    code = places.commune(commune_text)
    if code is None:
        return t.TARGET_ROW_UNKNOWN_COMMUNE.format(text=commune_text[:60]), []
    village_id = WHOLE_COMMUNE
    village_text = cells.get("village", "")
    if village_text:
        found = places.villages.get((code, match_key(village_text)))
        if found is None:
            return t.TARGET_ROW_UNKNOWN_VILLAGE.format(
                text=village_text[:60], commune=places.commune_names[code]), []
        village_id = found[0]
    if not may_set(code, village_id):
        return (t.TARGET_ROW_COMMUNE_LEVEL if village_id == WHOLE_COMMUNE
                else t.TARGET_ROW_OUT_OF_SCOPE), []
    year_text = cells.get("year", "")
    year = read_number(year_text) if year_text else default_year
    if year is None or not MIN_YEAR <= year <= MAX_YEAR:
        return t.TARGET_ROW_YEAR.format(text=year_text[:20]), []
    values = []
    for indicator in indicators:
        text = cells.get(indicator.code, "")
        if not text:
            continue
        value = read_number(text)
        if value is None or value > MAX_TARGET:
            return t.TARGET_ROW_NUMBER.format(text=text[:20], column=indicator.name,
                                              limit=f"{MAX_TARGET:,}".replace(",", ".")), []
        values.append(TargetValue(code, village_id, indicator.code, year, value or None))
    return None, values

"""Dates and periods as members type them: "hôm nay", "hôm qua", "21/11", "tháng trước",
"01/10/2026-31/10/2026". Every date here is a local (Asia/Ho_Chi_Minh) calendar date."""

from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta

from activity.settings import MAX_RANGE_DAYS
from faq.normalize import fold, fold_token

# A typed dd/mm in the future by more than this is taken as last year's ("30/12" on 2 Jan).
LAST_YEAR_AFTER_DAYS = 180
_DAY = r"(\d{1,2})[/.](\d{1,2})(?:[/.](\d{4}))?"
_RANGE = re.compile(_DAY + r"\s*(?:-|–|—|đến|den|tới|toi)\s*" + _DAY)
_SINGLE = re.compile(r"(?<![\d/.])" + _DAY + r"(?![\d/.])")
_MONTH = re.compile(r"\bthang\s+(\d{1,2})(?:\s*(?:/|nam)\s*(\d{4}))?(?![\d/.])")
NAMED_PERIODS = ("hom_nay", "hom_qua", "tuan_nay", "tuan_truoc", "thang_nay", "thang_truoc",
                 "nam_nay", "nam_truoc")
_NAMED = re.compile(r"\b(" + "|".join(n.replace("_", " ?") for n in NAMED_PERIODS) + r")\b")


class DateInputError(ValueError):
    """Typed date or period refused; `reason` names why (the handler words the message)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason  # malformed | future | too_old | reversed | too_long


def vn_date(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def _guess_year(day: int, month: int, today: date) -> date:
    candidate = date(today.year, month, day)
    if (candidate - today).days > LAST_YEAR_AFTER_DAYS:
        candidate = date(today.year - 1, month, day)
    return candidate


def _make_date(day: str, month: str, year: str | None, today: date) -> date:
    try:
        if year:
            return date(int(year), int(month), int(day))
        return _guess_year(int(day), int(month), today)
    except ValueError:
        raise DateInputError("malformed") from None


def parse_day(text: str, today: date) -> date:
    """ "hôm nay", "hôm qua", "dd/mm", "dd/mm/yyyy" → a date; DateInputError("malformed")."""
    folded = fold(text)
    if folded in ("hom nay", "homnay", "hn"):
        return today
    if folded in ("hom qua", "homqua", "hq"):
        return today - timedelta(days=1)
    match = re.fullmatch(_DAY, text.strip())
    if match is None:
        raise DateInputError("malformed")
    day, month, year = match.groups()
    return _make_date(day, month, year, today)


def check_log_day(day: date, today: date, max_age_days: int) -> None:
    """A logged activity happened neither in the future nor too long ago."""
    if day > today:
        raise DateInputError("future")
    if (today - day).days > max_age_days:
        raise DateInputError("too_old")


@dataclass(frozen=True)
class Period:
    """An inclusive range of local dates; `name` is the key of a named period ("thang_nay")."""

    start: date
    end: date
    name: str = ""

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def key(self) -> str:
        """Short form for button payloads; a named period is re-read when the button is used."""
        return self.name or f"{self.start:%Y%m%d}-{self.end:%Y%m%d}"

    @property
    def dates_text(self) -> str:
        if self.start == self.end:
            return vn_date(self.start)
        if self.start.year == self.end.year:
            return f"{self.start:%d/%m}–{vn_date(self.end)}"
        return f"{vn_date(self.start)}–{vn_date(self.end)}"

    def previous(self) -> Period:
        """The period of the same length just before: whole months compare with the months
        before, a month or year so far with the same days of the month or year before."""
        start, end = self.start, self.end
        if start.day == 1 and end.day == _month_end(end).day:
            months = (end.year - start.year) * 12 + end.month - start.month + 1
            first = _add_months(start, -months)
            return Period(first, start - timedelta(days=1))
        if start.day == 1 and (start.month == 1 or (start.year, start.month) == (
                end.year, end.month)):
            step = -12 if start.month == 1 and end.month != 1 else -1
            first = _add_months(start, step)
            last = first + timedelta(days=self.days - 1)
            bound = start - timedelta(days=1)
            return Period(first, min(last, bound))
        return Period(start - timedelta(days=self.days), start - timedelta(days=1))


def _month_end(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def named_period(name: str, today: date) -> Period:
    """One of NAMED_PERIODS; current periods end today (the figures so far)."""
    monday = today - timedelta(days=today.weekday())
    first = today.replace(day=1)
    ranges = {
        "hom_nay": (today, today),
        "hom_qua": (today - timedelta(days=1), today - timedelta(days=1)),
        "tuan_nay": (monday, today),
        "tuan_truoc": (monday - timedelta(days=7), monday - timedelta(days=1)),
        "thang_nay": (first, today),
        "thang_truoc": (_add_months(first, -1), first - timedelta(days=1)),
        "nam_nay": (date(today.year, 1, 1), today),
        "nam_truoc": (date(today.year - 1, 1, 1), date(today.year - 1, 12, 31)),
    }
    start, end = ranges[name]
    return Period(start, end, name)


def period_from_key(key: str, today: date) -> Period:
    """The inverse of Period.key (for button payloads)."""
    if key in NAMED_PERIODS:
        return named_period(key, today)
    match = re.fullmatch(r"(\d{8})-(\d{8})", key)
    if match is None:
        raise DateInputError("malformed")
    try:
        start = date(int(key[:4]), int(key[4:6]), int(key[6:8]))
        end = date(int(key[9:13]), int(key[13:15]), int(key[15:17]))
    except ValueError:
        raise DateInputError("malformed") from None
    return checked_range(start, end, today)


def checked_range(start: date, end: date, today: date) -> Period:
    """A typed range: not reversed, not longer than MAX_RANGE_DAYS, clipped to today."""
    if end < start:
        raise DateInputError("reversed")
    if (end - start).days + 1 > MAX_RANGE_DAYS:
        raise DateInputError("too_long")
    if start > today:
        raise DateInputError("future")
    return Period(start, min(end, today))


def find_period(text: str, today: date) -> tuple[Period | None, str]:
    """The period named anywhere in `text` and the text left around it (the scope).

    No period in the text gives (None, text); a date that is there but wrong raises
    DateInputError.
    """
    raw = _semi_fold(text)
    match = _RANGE.search(raw)
    if match:
        d1, m1, y1, d2, m2, y2 = match.groups()
        end = _make_date(d2, m2, y2, today)
        start = _make_date(d1, m1, y1 or str(end.year), today)
        if not y1 and start > end:
            start = _make_date(d1, m1, str(end.year - 1), today)
        return checked_range(start, end, today), _cut(raw, match)
    match = _MONTH.search(raw)
    if match:
        month, year = int(match.group(1)), match.group(2)
        if not 1 <= month <= 12:
            raise DateInputError("malformed")
        first = _make_date("1", str(month), year, today)
        return checked_range(first, _month_end(first), today), _cut(raw, match)
    match = _SINGLE.search(raw)
    if match:
        day = _make_date(match.group(1), match.group(2), match.group(3), today)
        return checked_range(day, day, today), _cut(raw, match)
    if re.search(r"\d+\s*[/.-]\s*\d+", raw):
        raise DateInputError("malformed")
    match = _NAMED.search(raw)
    if match:
        name = match.group(1).replace(" ", "")
        key = next(n for n in NAMED_PERIODS if n.replace("_", "") == name)
        return named_period(key, today), _cut(raw, match)
    return None, raw


def _semi_fold(text: str) -> str:
    """Lower case without diacritics, but keeping "/" and "." inside dates."""
    words = unicodedata.normalize("NFC", text.lower()).split()
    return " ".join(fold_token(word) for word in words)


def _cut(text: str, match: re.Match[str]) -> str:
    return " ".join((text[: match.start()] + " " + text[match.end():]).split())

"""Dates, periods and service names as members type them, and the period day masks."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from activity.catalog import ServiceCatalog
from activity.dates import (
    DateInputError,
    Period,
    check_log_day,
    find_period,
    parse_day,
    period_from_key,
)
from activity.settings import ActivitySettings, default_services
from activity.stats import month_masks
from core.config_errors import ConfigError, SectionReader

TODAY = date(2026, 11, 22)  # a Sunday


@pytest.mark.parametrize(("typed", "expected"), [
    ("hôm nay", TODAY), ("hom nay", TODAY), ("Hôm qua", date(2026, 11, 21)),
    ("hq", date(2026, 11, 21)), ("16/11", date(2026, 11, 16)), ("3.11", date(2026, 11, 3)),
    ("16/11/2026", date(2026, 11, 16)), ("01/12/2025", date(2025, 12, 1)),
])
def test_log_dates_in_every_accepted_form(typed: str, expected: date):
    assert parse_day(typed, TODAY) == expected


def test_day_and_month_without_a_year_early_in_january_mean_last_december():
    assert parse_day("30/12", date(2027, 1, 2)) == date(2026, 12, 30)
    assert parse_day("25/11", TODAY) == date(2026, 11, 25)  # near future: refused later


@pytest.mark.parametrize("typed", ["mai", "32/11", "29/02/2026", "16-11-2026", "16/11/26x", ""])
def test_malformed_log_dates(typed: str):
    with pytest.raises(DateInputError) as refused:
        parse_day(typed, TODAY)
    assert refused.value.reason == "malformed"


def test_log_date_window():
    check_log_day(TODAY, TODAY, 31)
    check_log_day(TODAY - timedelta(days=31), TODAY, 31)
    for day, reason in ((TODAY + timedelta(days=1), "future"),
                        (TODAY - timedelta(days=32), "too_old")):
        with pytest.raises(DateInputError) as refused:
            check_log_day(day, TODAY, 31)
        assert refused.value.reason == reason


@pytest.mark.parametrize(("typed", "start", "end", "rest"), [
    ("hôm nay", TODAY, TODAY, ""),
    ("tuần này", date(2026, 11, 16), TODAY, ""),
    ("tuan truoc", date(2026, 11, 9), date(2026, 11, 15), ""),
    ("tháng này xã Quảng Phú", date(2026, 11, 1), TODAY, "xa quang phu"),
    ("thôn 3 tháng trước", date(2026, 10, 1), date(2026, 10, 31), "thon 3"),
    ("năm nay", date(2026, 1, 1), TODAY, ""),
    ("tháng 9", date(2026, 9, 1), date(2026, 9, 30), ""),
    ("tháng 12/2025", date(2025, 12, 1), date(2025, 12, 31), ""),
    ("01/10/2026-31/10/2026", date(2026, 10, 1), date(2026, 10, 31), ""),
    ("1/10 - 5/10 thôn 3", date(2026, 10, 1), date(2026, 10, 5), "thon 3"),
    ("20/12-10/01", date(2025, 12, 20), date(2026, 1, 10), ""),
    ("15/11/2026", date(2026, 11, 15), date(2026, 11, 15), ""),
    ("01/11/2026-31/12/2026", date(2026, 11, 1), TODAY, ""),  # clipped to today
])
def test_periods_and_the_place_left_around_them(typed, start, end, rest):
    period, left = find_period(typed, TODAY)
    assert (period.start, period.end, left) == (start, end, rest)


def test_no_period_leaves_the_text_for_the_place():
    assert find_period("Quảng Phú", TODAY) == (None, "quang phu")


@pytest.mark.parametrize(("typed", "reason"), [
    ("31/13/2026", "malformed"), ("01-10-2026", "malformed"), ("tháng 13", "malformed"),
    ("31/10/2026-01/10/2026", "reversed"), ("01/12/2026-05/12/2026", "future"),
    ("01/01/2025-05/02/2026", "too_long"),
])
def test_refused_periods(typed: str, reason: str):
    with pytest.raises(DateInputError) as refused:
        find_period(typed, TODAY)
    assert refused.value.reason == reason


def test_four_hundred_days_is_the_longest_range():
    start = TODAY - timedelta(days=399)
    period, _ = find_period(f"{start:%d/%m/%Y}-{TODAY:%d/%m/%Y}", TODAY)
    assert period.days == 400
    with pytest.raises(DateInputError):
        find_period(f"{start - timedelta(days=1):%d/%m/%Y}-{TODAY:%d/%m/%Y}", TODAY)


@pytest.mark.parametrize(("start", "end", "prev_start", "prev_end"), [
    (date(2026, 10, 1), date(2026, 10, 31), date(2026, 9, 1), date(2026, 9, 30)),
    (date(2026, 11, 1), TODAY, date(2026, 10, 1), date(2026, 10, 22)),  # month so far
    (date(2026, 3, 1), date(2026, 3, 31), date(2026, 2, 1), date(2026, 2, 28)),
    (date(2026, 1, 1), TODAY, date(2025, 1, 1), date(2025, 11, 22)),  # year so far
    (date(2025, 1, 1), date(2025, 12, 31), date(2024, 1, 1), date(2024, 12, 31)),
    (date(2026, 11, 16), TODAY, date(2026, 11, 9), date(2026, 11, 15)),  # a week
    (TODAY, TODAY, TODAY - timedelta(days=1), TODAY - timedelta(days=1)),
    (date(2026, 10, 5), date(2026, 10, 14), date(2026, 9, 25), date(2026, 10, 4)),
])
def test_previous_period_just_before(start, end, prev_start, prev_end):
    previous = Period(start, end).previous()
    assert (previous.start, previous.end) == (prev_start, prev_end)
    assert previous.end < start  # never overlapping the period itself


def test_button_keys_come_back_as_the_same_period():
    for typed in ("tháng trước", "12/10/2026-03/11/2026", "hôm nay"):
        period, _ = find_period(typed, TODAY)
        again = period_from_key(period.key, TODAY)
        assert (again.start, again.end) == (period.start, period.end)
    with pytest.raises(DateInputError):
        period_from_key("20261301-20261302", TODAY)


@pytest.mark.parametrize(("start", "end"), [
    (date(2026, 11, 1), date(2026, 11, 30)), (date(2026, 10, 20), date(2026, 11, 3)),
    (date(2026, 11, 22), date(2026, 11, 22)), (date(2026, 1, 31), date(2026, 4, 2)),
])
def test_month_masks_select_exactly_the_days_of_the_period(start: date, end: date):
    first, last, first_mask, last_mask = month_masks(Period(start, end))
    in_period = set()
    day = date(start.year, start.month, 1)
    while day <= end.replace(day=28) + timedelta(days=4):
        month = f"{day:%Y-%m}"
        if first <= month <= last:
            mask = first_mask if month == first else last_mask if month == last else -1
            if mask & (1 << (day.day - 1)):
                in_period.add(day)
        day += timedelta(days=1)
    expected = {start + timedelta(days=n) for n in range((end - start).days + 1)}
    assert in_period == expected


def test_services_by_code_or_name_with_or_without_diacritics():
    catalog = ServiceCatalog(default_services())
    for typed, code in (("vneid", "vneid"), ("DVC", "dvc"), ("dich vu cong", "dvc"),
                        ("Dịch vụ công", "dvc"), ("dichvucong", "dvc"), ("vssid", "bhxh"),
                        ("so suc khoe", "sosuckhoe"), ("chu ky so", "chukyso")):
        assert catalog.find(typed).code == code, typed
    assert catalog.find("karaoke") is None
    found, used = catalog.find_prefix(["dich", "vu", "cong", "3", "hom", "qua"])
    assert (found.code, used) == ("dvc", 3)


def test_default_services_have_no_shared_spelling():
    owners: dict[str, str] = {}
    for service in default_services():
        for spelling in service.spellings():
            assert owners.setdefault(spelling, service.code) == service.code, spelling


def test_config_refuses_a_spelling_shared_by_two_services():
    reader = SectionReader("config.yaml", "activity", {"services": [
        {"code": "vneid", "name": "VNeID"}, {"code": "dinhdanh", "name": "vneid"}]})
    with pytest.raises(ConfigError) as refused:
        ActivitySettings.from_config(reader)
    assert "activity.services[1]" in str(refused.value) and "vneid" in str(refused.value)

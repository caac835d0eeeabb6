"""The `activity:` section of config.yaml: service categories, limits and scheduled messages."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from datetime import time
from pathlib import Path

import yaml

from core.config_errors import SectionReader
from faq.normalize import fold

MAX_PEOPLE = 500  # people helped in one logged session
MAX_RANGE_DAYS = 400  # longest statistics period
UNDO_HOURS = 24  # how long a member can remove their own log
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_CODE = re.compile(r"^[a-z][a-z0-9_]{0,19}$")
_TIME = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


@dataclass(frozen=True)
class ServiceCategory:
    """A kind of help: a short code for the quick form, a short name and a full label."""

    code: str
    name: str  # "Dịch vụ công"
    label: str  # "Dịch vụ công trực tuyến"
    aliases: tuple[str, ...] = ()

    def spellings(self) -> set[str]:
        """Folded spellings a member may type: code, name, label and aliases, spaced or not."""
        spellings = {self.code, fold(self.name), fold(self.label), *map(fold, self.aliases)}
        return {s for s in spellings if s} | {s.replace(" ", "") for s in spellings if s}


SHIPPED_CONFIG = Path(__file__).resolve().parents[1] / "config.yaml"


@functools.cache
def default_services() -> tuple[ServiceCategory, ...]:
    """The services of the shipped config.yaml, the one source of the list: used when a
    config file has no `activity.services` (read once, when first needed)."""
    data = yaml.safe_load(SHIPPED_CONFIG.read_text(encoding="utf-8")) or {}
    section = data.get("activity") if isinstance(data, dict) else None
    return _services(SectionReader(str(SHIPPED_CONFIG), "activity", section))


@dataclass(frozen=True)
class Indicator:
    """Something a province sets targets for ("Tài khoản VNeID mức 2"): what counts toward
    it is the people helped in its service categories (docs/activity.md, "Targets")."""

    code: str
    name: str
    services: tuple[str, ...]


DEFAULT_INDICATORS = (
    Indicator("vneid", "Tài khoản VNeID mức 2", ("vneid",)),
    Indicator("dvc", "Người dùng dịch vụ công trực tuyến", ("dvc",)),
    Indicator("kynangso", "Hộ có người thạo 5 kỹ năng số cơ bản", ("khac", "attt")),
    Indicator("thanhtoan", "Tài khoản thanh toán không dùng tiền mặt", ("thanhtoan",)),
)


@dataclass(frozen=True)
class ScheduleSettings:
    """A message sent at a local time of day (on one weekday, for weekly ones)."""

    enabled: bool
    at: time
    weekday: int = 0  # 0 = Monday

    @classmethod
    def from_config(cls, reader: SectionReader, *, enabled: bool, at: str,
                    weekly: bool, extra_keys: tuple[str, ...] = ()) -> ScheduleSettings:
        reader.only(("enabled", "time", *(("weekday",) if weekly else ()), *extra_keys))
        on = reader.bool("enabled", enabled)
        text = reader.str("time", at)
        match = _TIME.match(text.strip())
        if not match:
            raise reader.fail("time", f"phải có dạng HH:MM (giờ Việt Nam), không phải {text!r}")
        weekday = 0
        if weekly:
            weekday = WEEKDAYS.index(reader.choice("weekday", "monday", WEEKDAYS))
        return cls(on, time(int(match.group(1)), int(match.group(2))), weekday)


@dataclass(frozen=True)
class ActivitySettings:
    """Validated `activity:` settings."""

    services: tuple[ServiceCategory, ...] = field(default_factory=default_services)
    max_age_days: int = 31
    weekly_summary: ScheduleSettings = field(
        default_factory=lambda: ScheduleSettings(True, time(8, 0), 0))
    reminder: ScheduleSettings = field(default_factory=lambda: ScheduleSettings(False, time(19, 0)))
    reminder_after_days: int = 7
    pending_digest: ScheduleSettings = field(
        default_factory=lambda: ScheduleSettings(True, time(8, 0)))
    catch_up_hours: int = 4  # after downtime, a late message still goes within this many hours
    indicators: tuple[Indicator, ...] = DEFAULT_INDICATORS
    monthly_report: ScheduleSettings = field(
        default_factory=lambda: ScheduleSettings(True, time(8, 0)))

    @classmethod
    def from_config(cls, reader: SectionReader) -> ActivitySettings:
        reader.only(("services", "max_age_days", "weekly_summary", "reminder", "pending_digest",
                     "catch_up_hours", "indicators", "monthly_report"))
        services = _services(reader) if "services" in reader.data else default_services()
        indicators = _indicators(reader, services) if "indicators" in reader.data \
            else _default_indicators(services)
        reminder = reader.section("reminder")
        return cls(
            indicators=indicators,
            monthly_report=ScheduleSettings.from_config(
                reader.section("monthly_report"), enabled=True, at="08:00", weekly=False),
            services=services,
            max_age_days=reader.int("max_age_days", 31, minimum=1, maximum=366),
            weekly_summary=ScheduleSettings.from_config(
                reader.section("weekly_summary"), enabled=True, at="08:00", weekly=True),
            reminder=ScheduleSettings.from_config(
                reminder, enabled=False, at="19:00", weekly=False, extra_keys=("after_days",)),
            reminder_after_days=reminder.int("after_days", 7, minimum=1, maximum=365),
            pending_digest=ScheduleSettings.from_config(
                reader.section("pending_digest"), enabled=True, at="08:00", weekly=False),
            catch_up_hours=reader.int("catch_up_hours", 4, minimum=0, maximum=23),
        )


def _services(reader: SectionReader) -> tuple[ServiceCategory, ...]:
    found: list[ServiceCategory] = []
    owners: dict[str, str] = {}
    for index, item in enumerate(reader.list("services")):
        entry = reader.item("services", index, item).only(("code", "name", "label", "aliases"))
        code = entry.str("code", required=True).strip()
        if not _CODE.match(code):
            raise entry.fail("code", "phải là chữ thường không dấu, số hoặc _ (tối đa 20 ký tự)")
        name = entry.str("name", required=True).strip()
        label = (entry.str("label") or name).strip()
        aliases = entry.list("aliases")
        if not name or not all(isinstance(a, str) and fold(a) for a in aliases):
            raise entry.fail("aliases", "tên và các tên gọi khác phải là chuỗi có chữ")
        service = ServiceCategory(code, name, label, tuple(aliases))
        for key in sorted(service.spellings()):
            if owners.get(key, code) != code:
                raise entry.fail("code", f"«{key}» trùng với dịch vụ {owners[key]}")
            owners[key] = code
        found.append(service)
    if not found:
        raise reader.fail("services", "cần ít nhất một loại dịch vụ")
    return tuple(found)


def _indicators(reader: SectionReader,
                services: tuple[ServiceCategory, ...]) -> tuple[Indicator, ...]:
    """The `indicators` list; each service code must be one of `services`."""
    known = {s.code for s in services}
    found: list[Indicator] = []
    for index, item in enumerate(reader.list("indicators")):
        entry = reader.item("indicators", index, item).only(("code", "name", "services"))
        code = entry.str("code", required=True).strip()
        if not _CODE.match(code):
            raise entry.fail("code", "phải là chữ thường không dấu, số hoặc _ (tối đa 20 ký tự)")
        if any(i.code == code for i in found):
            raise entry.fail("code", f"«{code}» đã có ở một chỉ tiêu khác")
        name = entry.str("name", required=True).strip()
        if not fold(name):
            raise entry.fail("name", "tên chỉ tiêu phải có chữ")
        codes = entry.list("services")
        if not codes:
            raise entry.fail("services", "cần ít nhất một mã dịch vụ")
        for position, value in enumerate(codes):
            if not isinstance(value, str) or value not in known:
                raise entry.fail(f"services[{position}]", (
                    f"không có dịch vụ mã {value!r} trong activity.services"
                    f" (các mã: {', '.join(sorted(known))})"))
        found.append(Indicator(code, name, tuple(codes)))
    return tuple(found)


def _default_indicators(services: tuple[ServiceCategory, ...]) -> tuple[Indicator, ...]:
    """The default indicators, kept only while their services are configured (a province
    that renamed its services and wrote no `indicators` has none)."""
    known = {s.code for s in services}
    return tuple(i for i in DEFAULT_INDICATORS if set(i.services) <= known)

"""Time: stored in UTC as ISO strings, shown in Asia/Ho_Chi_Minh."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

Clock = Callable[[], datetime]
VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")


def utc_now() -> datetime:
    return datetime.now(UTC)


def to_iso(moment: datetime) -> str:
    """The storage form: "2026-11-22T03:10:00Z"."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def from_iso(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)


def local_text(moment: datetime, tz: ZoneInfo = VIETNAM) -> str:
    """How a time is shown to people: "22/11/2026 10:10"."""
    return moment.astimezone(tz).strftime("%d/%m/%Y %H:%M")

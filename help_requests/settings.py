"""The `requests:` section of config.yaml: how long a request may wait, quiet hours, limits."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import time

from core.config_errors import SectionReader

_TIME = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


@dataclass(frozen=True)
class RequestSettings:
    """Validated `requests:` settings (defaults as the issue asks)."""

    take_within_hours: float = 4.0  # daytime hours before the team leader is told
    coordinators_after_hours: float = 8.0  # daytime hours before the coordinators are told
    quiet_from: time = time(21, 0)  # no notifications from (Asia/Ho_Chi_Minh) ...
    quiet_until: time = time(6, 0)  # ... until
    retention_months: int = 12  # request texts removed this long after closing
    max_per_day: int = 3  # requests one person may open in 24 hours

    @classmethod
    def from_config(cls, reader: SectionReader) -> RequestSettings:
        reader.only(("take_within_hours", "coordinators_after_hours", "quiet_hours",
                     "retention_months", "max_per_day"))
        take = reader.number("take_within_hours", 4.0, minimum=0.25, maximum=72)
        coordinators = reader.number("coordinators_after_hours", take * 2, minimum=take,
                                     maximum=168)
        quiet = reader.section("quiet_hours").only(("from", "until"))
        return cls(
            take_within_hours=float(take),
            coordinators_after_hours=float(coordinators),
            quiet_from=_clock_time(quiet, "from", "21:00"),
            quiet_until=_clock_time(quiet, "until", "06:00"),
            retention_months=reader.int("retention_months", 12, minimum=1, maximum=120),
            max_per_day=reader.int("max_per_day", 3, minimum=1, maximum=50),
        )


def _clock_time(reader: SectionReader, key: str, default: str) -> time:
    text = reader.str(key, default)
    match = _TIME.match(text.strip())
    if not match:
        raise reader.fail(key, f"phải có dạng HH:MM (giờ Việt Nam), không phải {text!r}")
    return time(int(match.group(1)), int(match.group(2)))

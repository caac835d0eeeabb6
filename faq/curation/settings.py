"""The `faq.curation:` section of config.yaml: who may edit, link allow-list, follow-ups."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import time

from activity.settings import ScheduleSettings
from core.config_errors import SectionReader

DEFAULT_DOMAINS = ("gov.vn", "chinhphu.vn", "vbpl.vn", "tinnhiemmang.vn", "csgt.vn")


@dataclass(frozen=True)
class CurationSettings:
    coordinators_edit: bool = False
    """Commune and province coordinators save edits directly (otherwise they propose)."""
    notify_askers: bool = True
    notify_days: int = 7
    stale_after_months: int = 12
    link_domains: tuple[str, ...] = DEFAULT_DOMAINS
    stale_list: ScheduleSettings = field(
        default_factory=lambda: ScheduleSettings(True, time(8, 30)))
    """The monthly list of entries not checked for `stale_after_months`, to admins."""
    stale_list_day: int = 1

    @classmethod
    def from_config(cls, reader: SectionReader) -> CurationSettings:
        domains = reader.list("link_domains") if "link_domains" in reader.data else DEFAULT_DOMAINS
        cleaned = []
        for index, domain in enumerate(domains):
            if not isinstance(domain, str) or "." not in domain or " " in domain.strip():
                raise reader.fail(f"link_domains[{index}]", "phải là tên miền, ví dụ gov.vn")
            cleaned.append(domain.strip().lower().lstrip("."))
        stale = reader.section("stale_list")
        schedule = ScheduleSettings.from_config(stale, enabled=True, at="08:30", weekly=False,
                                                extra_keys=("day",))
        return cls(
            stale_list=schedule, stale_list_day=stale.int("day", 1, minimum=1, maximum=28),
            coordinators_edit=reader.bool("coordinators_edit", False),
            notify_askers=reader.bool("notify_askers", True),
            notify_days=reader.int("notify_days", 7, minimum=1, maximum=30),
            stale_after_months=reader.int("stale_after_months", 12, minimum=1, maximum=120),
            link_domains=tuple(cleaned),
        )

"""What the activity and statistics handlers share: stores, settings and the local date."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from activity.catalog import ServiceCatalog
from activity.dates import vn_date
from activity.logbook import Logbook
from activity.scope import ScopeFinder
from activity.settings import ActivitySettings
from activity.stats import StatsReader
from activity.targets import TargetStore
from core.clock import VIETNAM, Clock, utc_now
from core.database import Database


@dataclass
class ActivityServices:
    """The stores and settings every activity handler uses."""

    db: Database
    settings: ActivitySettings
    catalog: ServiceCatalog
    logbook: Logbook
    stats: StatsReader
    scopes: ScopeFinder
    targets: TargetStore

    @classmethod
    def build(cls, db: Database, settings: ActivitySettings, clock: Clock = utc_now,
              province_name: str = "") -> ActivityServices:
        targets = TargetStore(db, settings.indicators)
        return cls(db, settings, ServiceCatalog(settings.services), Logbook(db, clock),
                   StatsReader(db, targets), ScopeFinder(db, province_name), targets)


def local_today(moment: datetime) -> date:
    """The calendar date in Vietnam at `moment`."""
    return moment.astimezone(VIETNAM).date()


def day_text(day: date, today: date) -> str:
    """ "hôm nay (22/11/2026)" / "hôm qua (21/11/2026)" / "20/11/2026"."""
    if day == today:
        return f"hôm nay ({vn_date(day)})"
    if (today - day).days == 1:
        return f"hôm qua ({vn_date(day)})"
    return vn_date(day)


def number(value: int) -> str:
    """Vietnamese thousands separator: 12.345."""
    return f"{value:,}".replace(",", ".")

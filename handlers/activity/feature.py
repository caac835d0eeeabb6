"""The activity feature: logging (/ghinhan, /xoaghinhan, /cuatoi), statistics (/thongke,
/xuat) and the scheduled weekly summary and reminders."""

from __future__ import annotations

from activity.settings import ActivitySettings
from core.clock import Clock, utc_now
from core.database import Database
from core.notifier import Notifier
from core.router import Router
from handlers.activity.common import ActivityServices
from handlers.activity.log import ActivityLogHandlers
from handlers.activity.reports import ReportHandlers
from handlers.activity.schedule import ActivityScheduler
from handlers.activity.stats import StatsHandlers
from handlers.activity.targets import TargetHandlers


class ActivityFeature:
    """Adds the activity commands to the router; `jobs` runs the scheduled messages."""

    def __init__(self, services: ActivityServices, jobs: ActivityScheduler) -> None:
        self.services = services
        self.jobs = jobs
        self.logging = ActivityLogHandlers(services)
        self.statistics = StatsHandlers(services)
        self.targets = TargetHandlers(services)
        self.reports = ReportHandlers(services, self.statistics.sections)
        jobs.reports = self.reports
        self.parts = (self.logging, self.statistics, self.targets, self.reports)

    @classmethod
    def build(cls, db: Database, settings: ActivitySettings, notifier: Notifier,
              clock: Clock = utc_now, province_name: str = "",
              admins: frozenset[tuple[str, str]] = frozenset()) -> ActivityFeature:
        services = ActivityServices.build(db, settings, clock, province_name)
        return cls(services, ActivityScheduler(services, notifier, clock, admins))

    def register(self, router: Router) -> None:
        for part in self.parts:
            part.register(router)

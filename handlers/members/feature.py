"""The members feature: registration, profile, approvals, lists, import and export."""

from __future__ import annotations

from core.clock import Clock, utc_now
from core.database import Database
from core.router import Router
from handlers.members.admin import AdminHandlers
from handlers.members.common import MembersServices
from handlers.members.lists import ListHandlers
from handlers.members.profile import ProfileHandlers
from handlers.members.registration import RegistrationDialog
from members.approvals import Approvals
from members.importer import MemberImporter
from members.places import CommuneDirectory
from members.registry import MemberRegistry
from members.settings import MembersSettings


class MembersHandlers:
    """Adds every members command, button and dialog to the router (see handlers.routes)."""

    def __init__(self, services: MembersServices) -> None:
        self.services = services
        self.parts = (
            RegistrationDialog(services), ProfileHandlers(services),
            AdminHandlers(services), ListHandlers(services),
        )

    @classmethod
    def build(
        cls, db: Database, settings: MembersSettings, admins: frozenset[tuple[str, str]],
        clock: Clock = utc_now,
    ) -> MembersHandlers:
        directory = CommuneDirectory(settings.province_code, settings.province_name)
        return cls(MembersServices(
            registry=MemberRegistry(db, clock),
            approvals=Approvals(db, clock),
            importer=MemberImporter(db, directory, clock),
            directory=directory,
            settings=settings,
            admins=admins,
        ))

    def register(self, router: Router) -> None:
        for part in self.parts:
            part.register(router)

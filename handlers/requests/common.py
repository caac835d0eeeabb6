"""What the request handlers share: services, payloads, and how a request is shown."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from activity.catalog import ServiceCatalog
from core.clock import VIETNAM, Clock, utc_now
from core.database import Database
from core.dialogs import Payload
from core.model import Option
from core.notifier import Notifier
from handlers.requests import texts
from help_requests.hours import QuietHours
from help_requests.model import HelpRequest
from help_requests.outbox import Outbox
from help_requests.settings import RequestSettings
from help_requests.stats import RequestStats
from help_requests.store import RequestStore
from members import texts as member_texts
from members.places import CommuneDirectory
from members.validation import display_phone

PREFIX = "rq"
ASK_TEAM = Payload.of(PREFIX, "new").text  # "Nhờ tổ hỗ trợ", offered by the FAQ too
SHOW_TEAM = Payload.of(PREFIX, "team").text  # "Liên hệ tổ ở thôn"


def ask_team_option() -> Option:
    """The "Nhờ tổ hỗ trợ" button other features put under their replies."""
    return Option(texts.OPTION_ASK_TEAM, ASK_TEAM)


@dataclass
class RequestServices:
    """The stores and settings every request handler uses."""

    db: Database
    store: RequestStore
    outbox: Outbox
    stats: RequestStats
    settings: RequestSettings
    quiet: QuietHours
    catalog: ServiceCatalog
    directory: CommuneDirectory
    clock: Clock

    @classmethod
    def build(cls, db: Database, settings: RequestSettings, notifier: Notifier,
              catalog: ServiceCatalog, directory: CommuneDirectory,
              clock: Clock = utc_now) -> RequestServices:
        quiet = QuietHours(settings.quiet_from, settings.quiet_until)
        return cls(db, RequestStore(db, clock), Outbox(db, notifier, quiet, clock),
                   RequestStats(db), settings, quiet, catalog, directory, clock)

    def held_note(self, now: datetime) -> str:
        """Said when a message will wait for the morning; empty in the daytime."""
        if not self.quiet.is_quiet(now):
            return ""
        morning = self.quiet.next_awake(now).astimezone(VIETNAM)
        return texts.HELD_FOR_MORNING.format(time=f"{morning:%H:%M}")


def action(name: str, request_id: int, *parts: str | int) -> str:
    """A request button: "rq:take:12"."""
    return Payload.of(PREFIX, name, request_id, *parts).text


def option(label: str, name: str, request: HelpRequest | int, *parts: str | int) -> Option:
    request_id = request if isinstance(request, int) else request.id
    return Option(label.format(id=request_id), action(name, request_id, *parts))


def place_text(code: str) -> str:
    return texts.WHERE_CHOICES.get(code, code)


def timing_text(code: str) -> str:
    return texts.WHEN_CHOICES.get(code, code)


def village_text(request: HelpRequest) -> str:
    return request.village_name or texts.NO_VILLAGE_NAME


def details(request: HelpRequest, catalog: ServiceCatalog, *,
            for_coordinators: bool = False) -> str:
    """The request as the team reads it (never the villager's phone or account);
    `for_coordinators`: sent to them because the village has no team on the bot."""
    template = texts.FOR_COORDINATOR if for_coordinators or request.village_id is None \
        else texts.NEW_REQUEST
    return template.format(
        id=request.id, village=village_text(request), commune=request.commune_name,
        service=catalog.name(request.service_code), detail=request.detail,
        place=place_text(request.place), timing=timing_text(request.timing))


def contact_line(request: HelpRequest) -> str:
    """How the taker reaches the villager: the phone they agreed to share, or the relay."""
    if request.phone:
        return texts.CONTACT_PHONE.format(phone=display_phone(request.phone))
    return texts.CONTACT_RELAY


def role_label(team_role: str) -> str:
    return member_texts.TEAM_ROLE_LABELS.get(team_role, team_role)

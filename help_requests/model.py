"""What a request for help is, as the store returns it."""

from __future__ import annotations

from dataclasses import dataclass

OPEN_STATES = ("open", "taken")


@dataclass(frozen=True)
class HelpRequest:
    """One "Nhờ tổ hỗ trợ" request, with the names of its place and its taker."""

    id: int
    platform: str
    user_id: str
    chat_id: str
    commune_code: str
    commune_name: str
    village_id: int | None
    village_name: str
    service_code: str
    detail: str
    place: str
    timing: str
    phone: str | None
    phone_consent_at: str | None
    state: str
    created_at: str
    waiting_since: str
    taken_at: str | None
    taken_by: int | None
    taker_name: str
    closed_at: str | None
    closed_by: str | None
    escalation: int
    overdue: bool
    feedback: int | None

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    def is_villager(self, platform: str, user_id: str) -> bool:
        return (self.platform, self.user_id) == (platform, user_id)


@dataclass(frozen=True)
class NewRequest:
    """What a villager filled in."""

    platform: str
    user_id: str
    chat_id: str
    commune_code: str
    village_id: int | None
    service_code: str
    detail: str
    place: str
    timing: str
    phone: str | None  # only with consent


@dataclass(frozen=True)
class Contact:
    """A member who can be messaged about a request: their id, name and accounts."""

    member_id: int
    full_name: str
    team_role: str
    accounts: tuple[tuple[str, str], ...]  # (platform, address)


@dataclass(frozen=True)
class TeamEntry:
    """A line of "Liên hệ tổ ở thôn": shown only with the member's agreement."""

    full_name: str
    team_role: str
    phone: str | None


REQUEST_COLUMNS = (
    "r.id, r.platform, r.user_id, r.chat_id, r.commune_code, c.name AS commune_name,"
    " r.village_id, COALESCE(v.name, '') AS village_name, r.service_code, r.detail, r.place,"
    " r.timing, r.phone, r.phone_consent_at, r.state, r.created_at, r.waiting_since,"
    " r.taken_at, r.taken_by, COALESCE(m.full_name, '') AS taker_name, r.closed_at, r.closed_by,"
    " r.escalation, r.overdue, r.feedback"
)
REQUEST_FROM = (
    "help_requests r JOIN communes c ON c.code = r.commune_code"
    " LEFT JOIN villages v ON v.id = r.village_id LEFT JOIN members m ON m.id = r.taken_by"
)


def request_from_row(row) -> HelpRequest:
    return HelpRequest(
        row["id"], row["platform"], row["user_id"], row["chat_id"], row["commune_code"],
        row["commune_name"], row["village_id"], row["village_name"], row["service_code"],
        row["detail"], row["place"], row["timing"], row["phone"], row["phone_consent_at"],
        row["state"], row["created_at"], row["waiting_since"], row["taken_at"], row["taken_by"],
        row["taker_name"], row["closed_at"], row["closed_by"], row["escalation"],
        bool(row["overdue"]), row["feedback"],
    )

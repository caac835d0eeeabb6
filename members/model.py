"""What the members feature stores: places, members and the requests coordinators decide."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

TEAM_ROLES = ("leader", "deputy", "member")
ORGANISATIONS = (
    "police", "youth_union", "women_union", "farmers_union", "post", "telecom",
    "village_head", "citizen", "other",
)
MemberStatus = Literal["pending", "approved", "rejected", "left"]
STATUSES: tuple[MemberStatus, ...] = ("pending", "approved", "rejected", "left")
RequestKind = Literal["join", "change", "claim"]
RequestState = Literal["open", "approved", "rejected", "cancelled"]
CoordinatorLevel = Literal["commune", "province"]


@dataclass(frozen=True)
class Account:
    """A messenger account: ("telegram", "123456")."""

    platform: str
    user_id: str
    display_name: str = ""
    chat_id: str | None = None  # the private chat with the bot, if it is not the user id

    @property
    def key(self) -> str:
        return f"{self.platform}:{self.user_id}"

    @property
    def address(self) -> str:
        """Where to send this account a private message."""
        return self.chat_id or self.user_id


@dataclass(frozen=True)
class Village:
    id: int
    commune_code: str
    name: str
    match_key: str


@dataclass(frozen=True)
class Member:
    """A team member with the names of their village and commune."""

    id: int
    full_name: str
    phone: str
    village_id: int
    village_name: str
    commune_code: str
    commune_name: str
    team_role: str
    organisation: str
    status: MemberStatus
    source: str
    created_at: str

    @property
    def active(self) -> bool:
        return self.status in ("pending", "approved")


@dataclass(frozen=True)
class Request:
    """Something a coordinator of `commune_code` (or above) approves or rejects."""

    id: int
    member_id: int
    kind: RequestKind
    village_id: int
    village_name: str
    commune_code: str
    commune_name: str
    team_role: str | None
    platform: str | None
    user_id: str | None
    display_name: str
    chat_id: str | None
    state: RequestState
    requested_at: str


MEMBER_COLUMNS = (
    "m.id, m.full_name, m.phone, m.village_id, v.name AS village_name, v.commune_code,"
    " c.name AS commune_name, m.team_role, m.organisation, m.status, m.source, m.created_at"
)
MEMBER_FROM = (
    "members m JOIN villages v ON v.id = m.village_id JOIN communes c ON c.code = v.commune_code"
)


def member_from_row(row) -> Member:
    return Member(
        row["id"], row["full_name"], row["phone"], row["village_id"], row["village_name"],
        row["commune_code"], row["commune_name"], row["team_role"], row["organisation"],
        row["status"], row["source"], row["created_at"],
    )

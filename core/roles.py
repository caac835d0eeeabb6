"""Roles and who a sender is to the bot."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum
from typing import Protocol

from core import texts
from core.model import Sender


class Role(IntEnum):
    """Ordered: each role can do what the roles below it can."""

    VILLAGER = 0
    MEMBER = 1
    TEAM_LEADER = 2
    COMMUNE_COORDINATOR = 3
    PROVINCE_COORDINATOR = 4
    ADMIN = 5


ROLE_LABELS: dict[Role, str] = {role: texts.ROLE_LABELS[role.name] for role in Role}


@dataclass(frozen=True)
class Principal:
    """A sender's role and the area it applies to."""

    role: Role = Role.VILLAGER
    member_id: int | None = None
    commune_code: str | None = None  # the member's commune, or a commune coordinator's scope
    village_id: int | None = None
    status: str | None = None  # of the sender's member record: pending, approved, left, ...

    @property
    def registered(self) -> bool:
        """Has a member record that is pending or approved (not left, not rejected)."""
        return self.status in ("pending", "approved")

    def at_least(self, role: Role) -> bool:
        return self.role >= role


class PrincipalResolver(Protocol):
    """Finds out who a sender is."""

    async def principal_of(self, sender: Sender) -> Principal: ...


class ConfigAdmins:
    """Admins listed in config.yaml; everyone else is a villager."""

    def __init__(self, admins: frozenset[tuple[str, str]]) -> None:
        self.admins = admins

    def is_admin(self, sender: Sender) -> bool:
        return sender.key in self.admins

    async def principal_of(self, sender: Sender) -> Principal:
        return Principal(Role.ADMIN) if self.is_admin(sender) else Principal()

"""Who a sender is: admin (config), coordinator (appointed), member (approved) or villager."""

from __future__ import annotations

from core.database import Database
from core.model import Sender
from core.roles import ConfigAdmins, Principal, Role

_QUERY = (
    "SELECT m.id, m.status, m.team_role, m.village_id, v.commune_code,"
    " co.level, co.commune_code AS scope"
    " FROM identities i JOIN members m ON m.id = i.member_id"
    " JOIN villages v ON v.id = m.village_id"
    " LEFT JOIN coordinators co ON co.member_id = m.id"
    " WHERE i.platform = ? AND i.user_id = ?"
)


class MemberPrincipals:
    """core.roles.PrincipalResolver backed by the members tables; reads the database on every
    call, so an approval, appointment or departure applies to the very next message.

    - an admin listed in config.yaml is ADMIN (with their member data if they registered);
    - an approved member is MEMBER, or TEAM_LEADER when their team role is leader;
    - an approved member appointed coordinator is COMMUNE_COORDINATOR (commune_code = the
      commune they coordinate) or PROVINCE_COORDINATOR;
    - anyone else, including pending, rejected and departed members, is VILLAGER.
    """

    def __init__(self, db: Database, admins: ConfigAdmins) -> None:
        self.db = db
        self.admins = admins

    async def principal_of(self, sender: Sender) -> Principal:
        row = await self.db.lookup(_QUERY, sender.key)
        is_admin = self.admins.is_admin(sender)
        if row is None or row["status"] != "approved":
            status = row["status"] if row is not None else None
            return Principal(Role.ADMIN if is_admin else Role.VILLAGER, status=status)
        commune = row["commune_code"]
        if is_admin:
            role = Role.ADMIN
        elif row["level"] == "province":
            role = Role.PROVINCE_COORDINATOR
        elif row["level"] == "commune":
            role, commune = Role.COMMUNE_COORDINATOR, row["scope"]
        elif row["team_role"] == "leader":
            role = Role.TEAM_LEADER
        else:
            role = Role.MEMBER
        return Principal(role, row["id"], commune, row["village_id"], "approved")


def sees_commune(principal: Principal, commune_code: str | None) -> bool:
    """Whether a coordinator's area covers `commune_code`: province coordinators and admins
    every commune and the whole province (None), a commune coordinator their own commune.
    The one place-visibility rule: requests, approvals, member lists and statistics
    (activity.scope.can_see) all ask it."""
    if principal.at_least(Role.PROVINCE_COORDINATOR):
        return True
    return (
        principal.role == Role.COMMUNE_COORDINATOR
        and commune_code is not None
        and principal.commune_code == commune_code
    )

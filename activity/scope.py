"""Whose figures a statistics request covers, and who may see them.

Members and team leaders see themselves and their own village; a commune coordinator their
commune and its villages; province coordinators and admins everything.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from core.database import Database
from core.roles import Principal, Role
from faq.normalize import fold
from members.places import means_province, strip_type
from members.principals import sees_commune
from members.villages import match_key

ScopeKind = Literal["member", "village", "commune", "province"]


@dataclass(frozen=True)
class Scope:
    """A member, a village, a commune or the whole province."""

    kind: ScopeKind
    name: str = ""
    commune_code: str | None = None
    village_id: int | None = None
    member_id: int | None = None
    commune_name: str = ""

    @property
    def key(self) -> str:
        """Short form for button payloads: "p", "c:26734", "v:12", "m:40"."""
        if self.kind == "province":
            return "p"
        if self.kind == "commune":
            return f"c:{self.commune_code}"
        if self.kind == "village":
            return f"v:{self.village_id}"
        return f"m:{self.member_id}"


PROVINCE = Scope("province")


def province_title(name: str) -> str:
    """ "tỉnh Thanh Hóa", "thành phố Hà Nội": how the province is named after "Toàn"."""
    if not name:
        return ""
    lowered = name[0].lower() + name[1:]
    if lowered.startswith(("thành phố ", "tỉnh ")):
        return lowered
    return f"tỉnh {name}"


def can_see(principal: Principal, scope: Scope) -> bool:
    """No figures outside the principal's area, ever: the coordinators' rule is
    members.principals.sees_commune; members also see their own village and themselves."""
    in_area = sees_commune(principal, scope.commune_code)
    if in_area or scope.kind in ("province", "commune"):
        return in_area
    if scope.kind == "village":
        return (principal.role >= Role.MEMBER and principal.village_id is not None
                and scope.village_id == principal.village_id)
    return principal.member_id is not None and scope.member_id == principal.member_id


def sees_members(principal: Principal, scope: Scope) -> bool:
    """Team leaders and coordinators see who in a village logged; members see totals."""
    return scope.kind == "village" and principal.role >= Role.TEAM_LEADER and can_see(
        principal, scope)


class ScopeFinder:
    """Builds scopes from ids and from what a person typed ("xã Quảng Phú", "thôn 3")."""

    def __init__(self, db: Database, province_name: str = "") -> None:
        self.db = db
        self.province = Scope("province", province_title(province_name))

    async def default(self, principal: Principal) -> Scope | None:
        """The area a person sees when they name none."""
        if principal.role >= Role.PROVINCE_COORDINATOR:
            return self.province
        if principal.role == Role.COMMUNE_COORDINATOR and principal.commune_code:
            return await self.commune(principal.commune_code)
        if principal.role >= Role.MEMBER and principal.village_id is not None:
            return await self.village(principal.village_id)
        return None

    async def commune(self, code: str) -> Scope | None:
        row = await self.db.fetchone("SELECT code, name FROM communes WHERE code = ?", (code,))
        if row is None:
            return None
        return Scope("commune", row["name"], row["code"], commune_name=row["name"])

    async def village(self, village_id: int) -> Scope | None:
        row = await self.db.fetchone(
            "SELECT v.id, v.name, v.commune_code, c.name AS commune_name FROM villages v"
            " JOIN communes c ON c.code = v.commune_code WHERE v.id = ?", (village_id,))
        if row is None:
            return None
        return Scope("village", row["name"], row["commune_code"], row["id"],
                     commune_name=row["commune_name"])

    async def member(self, member_id: int) -> Scope | None:
        row = await self.db.fetchone(
            "SELECT m.id, m.full_name, m.village_id, v.commune_code, c.name AS commune_name"
            " FROM members m JOIN villages v ON v.id = m.village_id"
            " JOIN communes c ON c.code = v.commune_code WHERE m.id = ?", (member_id,))
        if row is None:
            return None
        return Scope("member", row["full_name"], row["commune_code"], row["village_id"],
                     row["id"], row["commune_name"])

    async def from_key(self, key: str) -> Scope | None:
        kind, _, value = key.partition(":")
        if kind == "p" and not value:
            return self.province
        if kind == "c" and value:
            return await self.commune(value)
        if kind in ("v", "m") and value.isdigit():
            finder = self.village if kind == "v" else self.member
            return await finder(int(value))
        return None

    async def search(self, text: str, principal: Principal) -> list[Scope]:
        """Areas matching typed text, the most likely first (several when ambiguous).

        "tỉnh" is the province; otherwise communes by name or code, then villages of the
        person's own commune (or, for the province, "thôn 3, xã Quảng Phú")."""
        folded = fold(text)
        if not folded:
            return []
        if means_province(text):
            return [self.province]
        village_text, _, commune_text = text.partition(",")
        if commune_text.strip():
            communes = await self._communes(commune_text)
            if len(communes) != 1:
                return communes
            return await self._villages(village_text, communes[0].commune_code or "")
        communes = await self._communes(text)
        if communes:
            return communes
        if principal.role >= Role.PROVINCE_COORDINATOR:  # "thôn 3" of any commune: ask which
            return await self._villages(text, None)
        home = principal.commune_code
        if home is None:
            return []
        return await self._villages(text, home)

    async def _communes(self, text: str) -> list[Scope]:
        folded = fold(text)
        if folded.isdigit():
            found = await self.commune(f"{int(folded):05d}")
            return [found] if found else []
        core = strip_type(folded)
        rows = await self.db.fetchall("SELECT code, name, folded FROM communes ORDER BY folded")
        exact = [r for r in rows if folded in (r["folded"], strip_type(r["folded"]))]
        partial = [r for r in rows if core and f" {core} " in f" {strip_type(r['folded'])} "]
        chosen = exact or partial
        return [Scope("commune", r["name"], r["code"], commune_name=r["name"]) for r in chosen]

    async def _villages(self, text: str, commune_code: str | None) -> list[Scope]:
        """Villages matching `text` in one commune, or in all of them (None), by commune."""
        key = match_key(text)
        where, params = ("v.commune_code = ?", (commune_code,)) if commune_code else ("1", ())
        rows = await self.db.fetchall(
            "SELECT v.id, v.name, v.match_key, v.commune_code, c.name AS commune_name"
            " FROM villages v JOIN communes c ON c.code = v.commune_code"
            f" WHERE {where} ORDER BY c.folded, v.match_key", params)
        exact = [r for r in rows if r["match_key"] == key]
        tail = [r for r in rows if r["match_key"].endswith(" " + key)]
        return [Scope("village", r["name"], r["commune_code"], r["id"],
                      commune_name=r["commune_name"]) for r in (exact or tail)]

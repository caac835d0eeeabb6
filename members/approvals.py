"""Requests coordinators decide, and who the coordinators are."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import aiosqlite

from core.clock import Clock, to_iso, utc_now
from core.database import Database
from members.model import (
    MEMBER_COLUMNS,
    MEMBER_FROM,
    Account,
    CoordinatorLevel,
    Member,
    Request,
    member_from_row,
)

_REQUEST_QUERY = (
    "SELECT r.id, r.member_id, r.kind, r.village_id, v.name AS village_name, v.commune_code,"
    " c.name AS commune_name, r.team_role, r.platform, r.user_id, r.display_name, r.chat_id,"
    " r.state, r.requested_at FROM member_requests r JOIN villages v ON v.id = r.village_id"
    " JOIN communes c ON c.code = v.commune_code"
)


DecisionOutcome = Literal["approved", "rejected", "decided", "missing", "conflict"]


@dataclass(frozen=True)
class Decision:
    """outcome: "approved", "rejected", "decided" (already, by someone), "missing" or
    "conflict" (the request can no longer be applied: the account was linked meanwhile...)."""

    outcome: DecisionOutcome
    request: Request | None = None


@dataclass(frozen=True)
class Coordinator:
    member: Member
    level: CoordinatorLevel
    commune_code: str | None


def _request(row: aiosqlite.Row) -> Request:
    return Request(
        row["id"], row["member_id"], row["kind"], row["village_id"], row["village_name"],
        row["commune_code"], row["commune_name"], row["team_role"], row["platform"],
        row["user_id"], row["display_name"], row["chat_id"], row["state"], row["requested_at"],
    )


class Approvals:
    """Join, change and claim requests, and coordinator appointments."""

    def __init__(self, db: Database, clock: Clock = utc_now) -> None:
        self.db = db
        self.clock = clock

    async def request(self, request_id: int) -> Request | None:
        row = await self.db.fetchone(f"{_REQUEST_QUERY} WHERE r.id = ?", (request_id,))
        return _request(row) if row else None

    async def open_requests(self, commune_code: str | None) -> list[Request]:
        """Open requests in one commune, or in the whole province (None), oldest first."""
        sql = f"{_REQUEST_QUERY} WHERE r.state = 'open'"
        params: tuple = ()
        if commune_code is not None:
            sql += " AND v.commune_code = ?"
            params = (commune_code,)
        rows = await self.db.fetchall(sql + " ORDER BY r.id", params)
        return [_request(r) for r in rows]

    async def open_for_member(self, member_id: int) -> list[Request]:
        rows = await self.db.fetchall(
            f"{_REQUEST_QUERY} WHERE r.member_id = ? AND r.state = 'open' ORDER BY r.id",
            (member_id,),
        )
        return [_request(r) for r in rows]

    async def coordinator_of(self, member_id: int) -> tuple[str, str | None] | None:
        """(level, commune code) when the member is a coordinator."""
        row = await self.db.fetchone(
            "SELECT level, commune_code FROM coordinators WHERE member_id = ?", (member_id,)
        )
        return (row["level"], row["commune_code"]) if row else None

    async def decide(self, request_id: int, approve: bool, decider: Account) -> Decision:
        """Apply or refuse a request, once: the second press of a button changes nothing."""
        now = to_iso(self.clock())
        async with self.db.transaction() as conn:
            async with conn.execute(f"{_REQUEST_QUERY} WHERE r.id = ?", (request_id,)) as cur:
                row = await cur.fetchone()
            if row is None:
                return Decision("missing")
            request = _request(row)
            if request.state != "open":
                return Decision("decided", request)
            if approve and not await _apply(conn, request, now, decider):
                return Decision("conflict", request)
            if not approve and request.kind == "join":
                await conn.execute(
                    "UPDATE members SET status = 'rejected', decided_at = ?, decided_by = ?,"
                    " updated_at = ? WHERE id = ? AND status = 'pending'",
                    (now, decider.key, now, request.member_id),
                )
            await conn.execute(
                "UPDATE member_requests SET state = ?, decided_at = ?, decided_by = ?"
                " WHERE id = ?",
                ("approved" if approve else "rejected", now, decider.key, request.id),
            )
        return Decision("approved" if approve else "rejected", request)

    # --- coordinators ----------------------------------------------------------------------

    async def appoint(
        self, member_id: int, level: CoordinatorLevel, commune_code: str | None, by: Account,
    ) -> None:
        await self.db.write(
            "INSERT INTO coordinators (member_id, level, commune_code, appointed_at, appointed_by)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT (member_id) DO UPDATE SET level = excluded.level,"
            " commune_code = excluded.commune_code, appointed_at = excluded.appointed_at,"
            " appointed_by = excluded.appointed_by",
            (member_id, level, commune_code if level == "commune" else None,
             to_iso(self.clock()), by.key),
        )

    async def dismiss(self, member_id: int) -> bool:
        cursor = await self.db.write("DELETE FROM coordinators WHERE member_id = ?", (member_id,))
        return cursor.rowcount > 0

    async def coordinators(self, commune_code: str | None = None) -> list[Coordinator]:
        """Approved coordinators: of one commune plus the province ones, or all (None)."""
        sql = (f"SELECT {MEMBER_COLUMNS}, co.level, co.commune_code AS scope FROM {MEMBER_FROM}"
               " JOIN coordinators co ON co.member_id = m.id WHERE m.status = 'approved'")
        params: tuple = ()
        if commune_code is not None:
            sql += " AND (co.level = 'province' OR co.commune_code = ?)"
            params = (commune_code,)
        rows = await self.db.fetchall(sql + " ORDER BY co.level, m.full_name", params)
        return [Coordinator(member_from_row(r), r["level"], r["scope"]) for r in rows]

    async def reviewers(self, commune_code: str) -> list[Account]:
        """Whom to ask about a request in `commune_code`: its coordinators, else the
        province coordinators (empty: the caller falls back to the admins)."""
        coordinators = await self.coordinators(commune_code)
        local = [c for c in coordinators if c.level == "commune"]
        chosen = local or [c for c in coordinators if c.level == "province"]
        accounts: list[Account] = []
        for coordinator in chosen:
            rows = await self.db.fetchall(
                "SELECT platform, user_id, display_name, chat_id FROM identities"
                " WHERE member_id = ?",
                (coordinator.member.id,),
            )
            accounts += [Account(r["platform"], r["user_id"], r["display_name"], r["chat_id"])
                         for r in rows]
        return accounts


async def _apply(conn: aiosqlite.Connection, request: Request, now: str, by: Account) -> bool:
    """Make an approved request true; False when it no longer can be."""
    if request.kind == "join":
        cursor = await conn.execute(
            "UPDATE members SET status = 'approved', decided_at = ?, decided_by = ?,"
            " updated_at = ? WHERE id = ? AND status = 'pending'",
            (now, by.key, now, request.member_id),
        )
        return cursor.rowcount == 1
    if request.kind == "change":
        cursor = await conn.execute(
            "UPDATE members SET village_id = ?, team_role = COALESCE(?, team_role),"
            " updated_at = ? WHERE id = ? AND status = 'approved'",
            (request.village_id, request.team_role, now, request.member_id),
        )
        return cursor.rowcount == 1
    async with conn.execute(
        "SELECT 1 FROM identities WHERE (platform = ? AND user_id = ?)"
        " OR (member_id = ? AND platform = ?)",
        (request.platform, request.user_id, request.member_id, request.platform),
    ) as cursor:
        if await cursor.fetchone() is not None:
            return False
    await conn.execute(
        "INSERT INTO identities (platform, user_id, member_id, display_name, chat_id, linked_at)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        (request.platform, request.user_id, request.member_id, request.display_name,
         request.chat_id, now),
    )
    return True

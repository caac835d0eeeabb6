"""The members' registry: villages, members and their messenger accounts (SQLite)."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Literal

import aiosqlite

from core.clock import Clock, to_iso, utc_now
from core.database import Database, given_clauses
from members.model import (
    MEMBER_COLUMNS,
    MEMBER_FROM,
    Account,
    Member,
    Village,
    member_from_row,
)

LINK_CODE_DIGITS = 8
ERASED_NAME = "(đã xóa theo yêu cầu)"


@dataclass(frozen=True)
class NewMember:
    """What a registration or an import row says about a person."""

    full_name: str
    phone: str
    commune_code: str
    village_key: str
    village_name: str
    team_role: str
    organisation: str
    village_id: int | None = None  # an existing village the person confirmed


RegistrationOutcome = Literal["pending", "claim", "duplicate", "member"]
LinkOutcome = Literal["linked", "invalid", "same", "taken"]


@dataclass(frozen=True)
class Registration:
    """How a registration ended: outcome is "pending", "claim", "duplicate" or "member"."""

    outcome: RegistrationOutcome
    member_id: int | None = None
    request_id: int | None = None


async def village_id_for(
    conn: aiosqlite.Connection, commune_code: str, key: str, name: str, now: str,
) -> int:
    """The village with this match key in the commune, created on first use."""
    await conn.execute(
        "INSERT OR IGNORE INTO villages (commune_code, name, match_key, created_at)"
        " VALUES (?, ?, ?, ?)", (commune_code, name, key, now),
    )
    async with conn.execute(
        "SELECT id FROM villages WHERE commune_code = ? AND match_key = ?", (commune_code, key)
    ) as cursor:
        row = await cursor.fetchone()
    assert row is not None  # inserted or already there, in this transaction
    return int(row["id"])


async def open_request(
    conn: aiosqlite.Connection, member_id: int, kind: str, village_id: int, now: str,
    *, team_role: str | None = None, account: Account | None = None,
) -> int:
    """Cancel the member's open request of the same kind and open a new one."""
    await conn.execute(
        "UPDATE member_requests SET state = 'cancelled', decided_at = ?"
        " WHERE member_id = ? AND kind = ? AND state = 'open'", (now, member_id, kind),
    )
    cursor = await conn.execute(
        "INSERT INTO member_requests (member_id, kind, village_id, team_role, platform, user_id,"
        " display_name, chat_id, requested_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (member_id, kind, village_id, team_role, account.platform if account else None,
         account.user_id if account else None, account.display_name if account else "",
         account.chat_id if account else None, now),
    )
    return int(cursor.lastrowid or 0)


class MemberRegistry:
    """Reads and writes members; every multi-row change is one transaction."""

    def __init__(self, db: Database, clock: Clock = utc_now) -> None:
        self.db = db
        self.clock = clock

    def now(self) -> str:
        return to_iso(self.clock())

    # --- reading ---------------------------------------------------------------------------

    async def by_account(self, platform: str, user_id: str) -> Member | None:
        row = await self.db.fetchone(
            f"SELECT {MEMBER_COLUMNS} FROM {MEMBER_FROM}"
            " JOIN identities i ON i.member_id = m.id WHERE i.platform = ? AND i.user_id = ?",
            (platform, user_id),
        )
        return member_from_row(row) if row else None

    async def by_id(self, member_id: int) -> Member | None:
        row = await self.db.fetchone(
            f"SELECT {MEMBER_COLUMNS} FROM {MEMBER_FROM} WHERE m.id = ?", (member_id,)
        )
        return member_from_row(row) if row else None

    async def by_phone(self, phone: str) -> Member | None:
        row = await self.db.fetchone(
            f"SELECT {MEMBER_COLUMNS} FROM {MEMBER_FROM} WHERE m.phone = ?", (phone,)
        )
        return member_from_row(row) if row else None

    async def accounts_of(self, member_id: int) -> list[Account]:
        rows = await self.db.fetchall(
            "SELECT platform, user_id, display_name, chat_id FROM identities WHERE member_id = ?"
            " ORDER BY platform", (member_id,),
        )
        return [Account(r["platform"], r["user_id"], r["display_name"], r["chat_id"])
                for r in rows]

    async def villages_of(self, commune_code: str) -> list[Village]:
        rows = await self.db.fetchall(
            "SELECT id, commune_code, name, match_key FROM villages WHERE commune_code = ?"
            " ORDER BY match_key", (commune_code,),
        )
        return [Village(r["id"], r["commune_code"], r["name"], r["match_key"]) for r in rows]

    async def village(self, village_id: int) -> Village | None:
        row = await self.db.fetchone(
            "SELECT id, commune_code, name, match_key FROM villages WHERE id = ?", (village_id,)
        )
        if row is None:
            return None
        return Village(row["id"], row["commune_code"], row["name"], row["match_key"])

    async def members(
        self, *, commune_code: str | None = None, village_id: int | None = None,
        statuses: tuple[str, ...] = ("approved", "pending"),
    ) -> list[Member]:
        """Members of a village, a commune or (both None) the whole province, by place and name."""
        where, params = given_clauses(("v.commune_code = ?", commune_code),
                                      ("m.village_id = ?", village_id))
        where.insert(0, f"m.status IN ({', '.join('?' * len(statuses))})")
        params[:0] = statuses
        rows = await self.db.fetchall(
            f"SELECT {MEMBER_COLUMNS} FROM {MEMBER_FROM} WHERE {' AND '.join(where)}"
            " ORDER BY c.folded, v.match_key, m.full_name", params,
        )
        return [member_from_row(r) for r in rows]

    async def counts_by_commune(self) -> list[tuple[str, str, int, int]]:
        """(code, name, approved, pending) for each commune that has members."""
        rows = await self.db.fetchall(
            "SELECT c.code, c.name, SUM(m.status = 'approved') AS approved,"
            " SUM(m.status = 'pending') AS pending FROM members m"
            " JOIN villages v ON v.id = m.village_id JOIN communes c ON c.code = v.commune_code"
            " WHERE m.status IN ('approved', 'pending') GROUP BY c.code ORDER BY c.folded"
        )
        return [(r["code"], r["name"], r["approved"], r["pending"]) for r in rows]

    # --- registration ----------------------------------------------------------------------

    async def register(self, account: Account, new: NewMember) -> Registration:
        """A person registers from `account`: a pending member and a join request, all or
        nothing. A phone already on file is refused, except an imported member nobody has
        claimed yet: then the account asks to be linked to it (a "claim" request)."""
        now = self.now()
        async with self.db.transaction() as conn:
            own = await _one(conn, "SELECT m.id, m.status FROM identities i JOIN members m"
                             " ON m.id = i.member_id WHERE i.platform = ? AND i.user_id = ?",
                             (account.platform, account.user_id))
            if own is not None and own["status"] in ("pending", "approved"):
                return Registration("member", own["id"])
            same_phone = await _one(conn, "SELECT id, (SELECT COUNT(*) FROM identities"
                                    " WHERE member_id = members.id) AS accounts, village_id"
                                    " FROM members WHERE phone = ?", (new.phone,))
            if same_phone is not None and (own is None or same_phone["id"] != own["id"]):
                if same_phone["accounts"] or own is not None:
                    return Registration("duplicate", None)
                request_id = await open_request(conn, same_phone["id"], "claim",
                                                same_phone["village_id"], now, account=account)
                return Registration("claim", same_phone["id"], request_id)
            village_id = await self._village(conn, new, now)
            if own is not None:
                member_id = own["id"]
                await conn.execute(
                    "UPDATE members SET full_name = ?, phone = ?, village_id = ?, team_role = ?,"
                    " organisation = ?, status = 'pending', updated_at = ?, decided_at = NULL,"
                    " decided_by = NULL, left_at = NULL, consent_at = ? WHERE id = ?",
                    (new.full_name, new.phone, village_id, new.team_role, new.organisation,
                     now, now, member_id),
                )
            else:
                cursor = await conn.execute(
                    "INSERT INTO members (full_name, phone, village_id, team_role, organisation,"
                    " status, source, created_at, updated_at, consent_at)"
                    " VALUES (?, ?, ?, ?, ?, 'pending', 'chat', ?, ?, ?)",
                    (new.full_name, new.phone, village_id, new.team_role, new.organisation,
                     now, now, now),
                )
                member_id = int(cursor.lastrowid or 0)
                await conn.execute(
                    "INSERT INTO identities (platform, user_id, member_id, display_name,"
                    " chat_id, linked_at) VALUES (?, ?, ?, ?, ?, ?)",
                    (account.platform, account.user_id, member_id, account.display_name,
                     account.chat_id, now),
                )
            request_id = await open_request(conn, member_id, "join", village_id, now,
                                            team_role=new.team_role, account=account)
        return Registration("pending", member_id, request_id)

    @staticmethod
    async def _village(conn: aiosqlite.Connection, new: NewMember, now: str) -> int:
        if new.village_id is not None:
            row = await _one(conn, "SELECT id FROM villages WHERE id = ? AND commune_code = ?",
                             (new.village_id, new.commune_code))
            if row is not None:
                return int(row["id"])
        return await village_id_for(conn, new.commune_code, new.village_key, new.village_name,
                                    now)

    # --- profile changes -------------------------------------------------------------------

    async def update_details(self, member_id: int, field: str, value: str) -> bool:
        """Change the name, phone or organisation at once; False when the phone is taken."""
        if field not in ("full_name", "phone", "organisation"):
            raise ValueError(field)
        async with self.db.transaction() as conn:
            if field == "phone":
                taken = await _one(conn, "SELECT id FROM members WHERE phone = ? AND id != ?",
                                   (value, member_id))
                if taken is not None:
                    return False
            await conn.execute(f"UPDATE members SET {field} = ?, updated_at = ? WHERE id = ?",
                               (value, self.now(), member_id))
        return True

    async def request_change(
        self, member: Member, account: Account, *,
        village: tuple[int | None, str, str, str] | None, team_role: str | None,
    ) -> tuple[int | None, bool]:
        """A new village ((existing id or None, commune code, key, name)) or team role.

        A pending member's data changes at once and their join request follows it; an
        approved member keeps the current data until a coordinator approves the change.
        Returns (the request to show the coordinators, whether the data changed already)."""
        now = self.now()
        async with self.db.transaction() as conn:
            village_id = member.village_id
            if village is not None:
                existing, commune_code, key, name = village
                new = NewMember("", "", commune_code, key, name, "", "", existing)
                village_id = await self._village(conn, new, now)
            role = team_role or member.team_role
            if member.status != "pending":
                request_id = await open_request(conn, member.id, "change", village_id, now,
                                                team_role=role, account=account)
                return request_id, False
            await conn.execute(
                "UPDATE members SET village_id = ?, team_role = ?, updated_at = ? WHERE id = ?",
                (village_id, role, now, member.id),
            )
            await conn.execute(
                "UPDATE member_requests SET village_id = ?, team_role = ?"
                " WHERE member_id = ? AND kind = 'join' AND state = 'open'",
                (village_id, role, member.id),
            )
            row = await _one(conn, "SELECT id FROM member_requests WHERE member_id = ?"
                             " AND kind = 'join' AND state = 'open'", (member.id,))
            return (int(row["id"]) if row else None), True

    async def leave(self, member_id: int) -> None:
        """Soft delete: the member and their history stay for statistics."""
        now = self.now()
        async with self.db.transaction() as conn:
            await conn.execute(
                "UPDATE members SET status = 'left', left_at = ?, updated_at = ? WHERE id = ?",
                (now, now, member_id),
            )
            await conn.execute("DELETE FROM coordinators WHERE member_id = ?", (member_id,))
            await conn.execute("DELETE FROM link_codes WHERE member_id = ?", (member_id,))
            await conn.execute(
                "UPDATE member_requests SET state = 'cancelled', decided_at = ?"
                " WHERE member_id = ? AND state = 'open'", (now, member_id),
            )

    async def erase(self, member_id: int) -> None:
        """Forget who the person was: name, phone, accounts and their questions go; the
        anonymous record stays, so their logs still count in the statistics."""
        async with self.db.transaction() as conn:
            accounts = await conn.execute_fetchall(
                "SELECT platform, user_id FROM identities WHERE member_id = ?", (member_id,))
            for account in accounts:
                await conn.execute("DELETE FROM faq_questions WHERE platform = ? AND user_id = ?",
                                   (account["platform"], account["user_id"]))
            await conn.execute("DELETE FROM identities WHERE member_id = ?", (member_id,))
            await conn.execute(
                "UPDATE member_requests SET display_name = '', platform = NULL, user_id = NULL,"
                " chat_id = NULL WHERE member_id = ?", (member_id,))
            await conn.execute(
                "UPDATE members SET full_name = ?, phone = ?, consent_at = NULL, updated_at = ?"
                " WHERE id = ?", (ERASED_NAME, f"erased-{member_id}", self.now(), member_id))

    # --- linking a second account ----------------------------------------------------------

    async def new_link_code(self, member_id: int, minutes: int) -> str:
        """A fresh one-time code (older codes of the member stop working)."""
        code = "".join(secrets.choice("0123456789") for _ in range(LINK_CODE_DIGITS))
        expires = to_iso(self.clock() + timedelta(minutes=minutes))
        async with self.db.transaction() as conn:
            await conn.execute("DELETE FROM link_codes WHERE member_id = ? OR expires_at < ?",
                               (member_id, self.now()))
            await conn.execute("INSERT INTO link_codes (code, member_id, expires_at)"
                               " VALUES (?, ?, ?)", (code, member_id, expires))
        return code

    async def use_link_code(self, code: str, account: Account) -> tuple[LinkOutcome, int | None]:
        """("linked" | "invalid" | "same" | "taken", member id). The code is spent when used;
        the account replaces the member's previous account on the same messenger."""
        now = self.now()
        async with self.db.transaction() as conn:
            row = await _one(conn, "SELECT member_id FROM link_codes WHERE code = ?"
                             " AND expires_at >= ?", (code, now))
            if row is None:
                return "invalid", None
            member_id = int(row["member_id"])
            mine = await _one(conn, "SELECT member_id FROM identities WHERE platform = ?"
                              " AND user_id = ?", (account.platform, account.user_id))
            if mine is not None:
                return ("same" if mine["member_id"] == member_id else "taken"), member_id
            await conn.execute("DELETE FROM link_codes WHERE code = ?", (code,))
            await conn.execute("DELETE FROM identities WHERE member_id = ? AND platform = ?",
                               (member_id, account.platform))
            await conn.execute(
                "INSERT INTO identities (platform, user_id, member_id, display_name, chat_id,"
                " linked_at) VALUES (?, ?, ?, ?, ?, ?)",
                (account.platform, account.user_id, member_id, account.display_name,
                 account.chat_id, now),
            )
        return "linked", member_id


async def _one(conn: aiosqlite.Connection, sql: str, params: tuple) -> aiosqlite.Row | None:
    async with conn.execute(sql, params) as cursor:
        return await cursor.fetchone()

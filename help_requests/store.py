"""Requests for help in SQLite: places, the team directory, opening, taking (one winner),
closing, escalation and the removal of request texts after the retention time.

Every change and the notices announcing it are written in one transaction.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

import aiosqlite

from core.clock import Clock, from_iso, to_iso, utc_now
from core.database import Database, given_clauses
from help_requests.model import (
    REQUEST_COLUMNS,
    REQUEST_FROM,
    Contact,
    HelpRequest,
    NewRequest,
    TeamEntry,
    request_from_row,
)
from help_requests.outbox import Notice, enqueue

NoticeBuilder = Callable[[HelpRequest, aiosqlite.Connection], Awaitable[Sequence[Notice]]]
"""Builds the notices announcing a change, inside its transaction (`conn` reads who to tell)."""
SENT_NOTICES_KEPT = timedelta(days=30)  # delivered notices carry request texts: kept briefly
_ACCOUNTS = (
    "SELECT platform, COALESCE(chat_id, user_id) AS address FROM identities"
    " WHERE member_id = ? ORDER BY platform"
)


@dataclass(frozen=True)
class Opened:
    """How opening a request ended: "created", "same_service" (one is open) or "too_many"."""

    outcome: Literal["created", "same_service", "too_many"]
    request: HelpRequest | None = None


@dataclass(frozen=True)
class Place:
    commune_code: str
    village_id: int | None


class RequestStore:
    """Reads and writes help requests."""

    def __init__(self, db: Database, clock: Clock = utc_now) -> None:
        self.db = db
        self.clock = clock

    # --- where a villager lives ----------------------------------------------------------------

    async def place_of(self, platform: str, user_id: str) -> Place | None:
        row = await self.db.fetchone(
            "SELECT commune_code, village_id FROM villager_places WHERE platform = ?"
            " AND user_id = ?", (platform, user_id))
        return Place(row["commune_code"], row["village_id"]) if row else None

    async def set_place(self, platform: str, user_id: str, commune_code: str,
                        village_id: int | None) -> None:
        await self.db.write(
            "INSERT INTO villager_places (platform, user_id, commune_code, village_id,"
            " updated_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (platform, user_id) DO UPDATE"
            " SET commune_code = excluded.commune_code, village_id = excluded.village_id,"
            " updated_at = excluded.updated_at",
            (platform, user_id, commune_code, village_id, to_iso(self.clock())))

    # --- the team directory ------------------------------------------------------------------

    async def set_listing(self, member_id: int, listed: bool, show_phone: bool) -> None:
        await self.db.write(
            "INSERT INTO team_listing (member_id, listed, show_phone, decided_at)"
            " VALUES (?, ?, ?, ?) ON CONFLICT (member_id) DO UPDATE SET listed = excluded.listed,"
            " show_phone = excluded.show_phone, decided_at = excluded.decided_at",
            (member_id, int(listed), int(listed and show_phone), to_iso(self.clock())))

    async def listing_of(self, member_id: int) -> tuple[bool, bool] | None:
        row = await self.db.fetchone(
            "SELECT listed, show_phone FROM team_listing WHERE member_id = ?", (member_id,))
        return (bool(row["listed"]), bool(row["show_phone"])) if row else None

    async def team(self, village_id: int) -> tuple[int, list[TeamEntry]]:
        """(approved members, the entries villagers may see): the leader always by name and
        role, others only when they agreed; phones only for those who agreed to show them."""
        rows = await self.db.fetchall(
            "SELECT m.full_name, m.team_role, m.phone, COALESCE(t.listed, 0) AS listed,"
            " COALESCE(t.show_phone, 0) AS show_phone FROM members m"
            " LEFT JOIN team_listing t ON t.member_id = m.id"
            " WHERE m.village_id = ? AND m.status = 'approved'"
            " ORDER BY m.team_role = 'leader' DESC, m.team_role = 'deputy' DESC, m.full_name",
            (village_id,))
        shown = [TeamEntry(r["full_name"], r["team_role"], r["phone"] if r["show_phone"] else None)
                 for r in rows if r["listed"] or r["team_role"] == "leader"]
        return len(rows), shown

    # --- who gets told ---------------------------------------------------------------------------

    async def village_team(self, village_id: int | None, *, leaders_only: bool = False,
                           conn: aiosqlite.Connection | None = None) -> list[Contact]:
        if village_id is None:
            return []
        role = " AND m.team_role = 'leader'" if leaders_only else ""
        return await self._contacts(
            "SELECT m.id, m.full_name, m.team_role FROM members m WHERE m.village_id = ?"
            f" AND m.status = 'approved'{role} ORDER BY m.id", (village_id,), conn)

    async def coordinators(self, commune_code: str,
                           conn: aiosqlite.Connection | None = None) -> list[Contact]:
        """The commune's coordinators; the province's when the commune has none."""
        base = ("SELECT m.id, m.full_name, m.team_role FROM coordinators co"
                " JOIN members m ON m.id = co.member_id WHERE m.status = 'approved'")
        found = await self._contacts(base + " AND co.level = 'commune' AND co.commune_code = ?"
                                     " ORDER BY m.id", (commune_code,), conn)
        if found:
            return found
        return await self._contacts(base + " AND co.level = 'province' ORDER BY m.id", (), conn)

    async def contact(self, member_id: int,
                      conn: aiosqlite.Connection | None = None) -> Contact | None:
        found = await self._contacts(
            "SELECT m.id, m.full_name, m.team_role FROM members m WHERE m.id = ?",
            (member_id,), conn)
        return found[0] if found else None

    async def _contacts(self, sql: str, params: tuple,
                        conn: aiosqlite.Connection | None) -> list[Contact]:
        rows = await (_all(conn, sql, params) if conn else self.db.fetchall(sql, params))
        contacts = []
        for row in rows:
            accounts = await (_all(conn, _ACCOUNTS, (row["id"],)) if conn
                              else self.db.fetchall(_ACCOUNTS, (row["id"],)))
            contacts.append(Contact(row["id"], row["full_name"], row["team_role"],
                                    tuple((a["platform"], a["address"]) for a in accounts)))
        return contacts

    # --- reading ---------------------------------------------------------------------------------

    async def get(self, request_id: int) -> HelpRequest | None:
        row = await self.db.fetchone(
            f"SELECT {REQUEST_COLUMNS} FROM {REQUEST_FROM} WHERE r.id = ?", (request_id,))
        return request_from_row(row) if row else None

    async def of_villager(self, platform: str, user_id: str) -> list[HelpRequest]:
        return await self._list("r.platform = ? AND r.user_id = ? AND r.state IN"
                                " ('open', 'taken')", (platform, user_id))

    async def taken_by(self, member_id: int) -> list[HelpRequest]:
        return await self._list("r.taken_by = ? AND r.state = 'taken'", (member_id,))

    async def open_in_village(self, village_id: int) -> list[HelpRequest]:
        return await self._list("r.village_id = ? AND r.state = 'open'", (village_id,))

    async def open_in(self, commune_code: str | None) -> list[HelpRequest]:
        """Open and taken requests of a commune (None: the province), oldest first."""
        if commune_code is None:
            return await self._list("r.state IN ('open', 'taken')", ())
        return await self._list("r.commune_code = ? AND r.state IN ('open', 'taken')",
                                (commune_code,))

    async def waiting(self) -> list[HelpRequest]:
        """Requests nobody has taken yet, below the last escalation level."""
        return await self._list("r.state = 'open' AND r.escalation < 2", ())

    async def _list(self, where: str, params: tuple) -> list[HelpRequest]:
        rows = await self.db.fetchall(
            f"SELECT {REQUEST_COLUMNS} FROM {REQUEST_FROM} WHERE {where} ORDER BY r.id", params)
        return [request_from_row(r) for r in rows]

    # --- changes -------------------------------------------------------------------------------

    async def open(self, new: NewRequest, *, max_per_day: int, notices: NoticeBuilder,
                   to_coordinators: bool = False) -> Opened:
        """Open a request unless one for the same service is open, or too many were opened
        in the last 24 hours; the notices to the team go out in the same transaction.
        `to_coordinators`: the village has no team, so the commune's coordinators have it."""
        now = self.clock()
        async with self.db.transaction() as conn:
            same = await _one(conn, "SELECT id FROM help_requests WHERE platform = ? AND"
                              " user_id = ? AND service_code = ? AND state IN ('open', 'taken')",
                              (new.platform, new.user_id, new.service_code))
            if same is not None:
                return Opened("same_service", await self._get_in(conn, same["id"]))
            recent = await _one(conn, "SELECT COUNT(*) AS n FROM help_requests WHERE"
                                " platform = ? AND user_id = ? AND created_at > ?",
                                (new.platform, new.user_id, to_iso(now - timedelta(days=1))))
            if recent is not None and recent["n"] >= max_per_day:
                return Opened("too_many")
            cursor = await conn.execute(
                "INSERT INTO help_requests (platform, user_id, chat_id, commune_code, village_id,"
                " service_code, detail, place, timing, phone, phone_consent_at, created_at,"
                " waiting_since) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (new.platform, new.user_id, new.chat_id, new.commune_code, new.village_id,
                 new.service_code, new.detail, new.place, new.timing, new.phone,
                 to_iso(now) if new.phone else None, to_iso(now), to_iso(now)))
            request_id = int(cursor.lastrowid or 0)
            if to_coordinators:
                await conn.execute("UPDATE help_requests SET escalation = 2 WHERE id = ?",
                                   (request_id,))
            request = await self._get_in(conn, request_id)
            await enqueue(conn, request.id, await notices(request, conn), now)
        return Opened("created", request)

    async def take(self, request_id: int, member_id: int, *, notices: NoticeBuilder,
                   assigned_by: str | None = None) -> tuple[bool, HelpRequest | None]:
        """The first press of "Tôi nhận" wins: the row changes only while it is open (or, for
        a coordinator's assignment, also when it is taken). (won, the request as it is now)."""
        now = self.clock()
        states = "('open', 'taken')" if assigned_by else "('open')"
        async with self.db.transaction() as conn:
            cursor = await conn.execute(
                f"UPDATE help_requests SET state = 'taken', taken_by = ?, taken_at = ?,"
                f" assigned_by = ? WHERE id = ? AND state IN {states}",
                (member_id, to_iso(now), assigned_by, request_id))
            request = await self._find_in(conn, request_id)
            if cursor.rowcount != 1 or request is None:
                return False, request
            await enqueue(conn, request_id, await notices(request, conn), now)
        return True, request

    async def close(self, request_id: int, by: str, *, state: Literal["closed", "cancelled"],
                    notices: NoticeBuilder,
                    only_taker: int | None = None,
                    only_villager: tuple[str, str] | None = None) -> HelpRequest | None:
        """Close ("closed") or cancel ("cancelled") a request still open; None when it was
        not (any more) open or not the caller's to close."""
        now = self.clock()
        where = "id = ? AND state IN ('open', 'taken')"
        params: list[object] = [request_id]
        if only_taker is not None:
            where += " AND taken_by = ?"
            params.append(only_taker)
        if only_villager is not None:
            where += " AND platform = ? AND user_id = ?"
            params += list(only_villager)
        return await self._guarded(
            request_id, notices, now,
            f"UPDATE help_requests SET state = ?, closed_at = ?, closed_by = ? WHERE {where}",
            (state, to_iso(now), by, *params))

    async def reopen(self, request_id: int, *, notices: NoticeBuilder) -> HelpRequest | None:
        """A taker who left the team: the request waits for someone else again."""
        now = self.clock()
        return await self._guarded(
            request_id, notices, now,
            "UPDATE help_requests SET state = 'open', taken_by = NULL, taken_at = NULL,"
            " assigned_by = NULL, waiting_since = ?, escalation = 0 WHERE id = ?"
            " AND state = 'taken'", (to_iso(now), request_id))

    async def escalate(self, request_id: int, level: int, *,
                       notices: NoticeBuilder) -> bool:
        """Mark the request overdue at `level` (1 leader, 2 coordinators) and tell them."""
        changed = await self._guarded(
            request_id, notices, self.clock(),
            "UPDATE help_requests SET escalation = ?, overdue = 1 WHERE id = ?"
            " AND state = 'open' AND escalation < ?", (level, request_id, level))
        return changed is not None

    async def _guarded(self, request_id: int, notices: NoticeBuilder, now: datetime,
                       sql: str, params: tuple[object, ...]) -> HelpRequest | None:
        """One UPDATE whose WHERE guards the change (the state it must be in) and the notices
        announcing it, in one transaction; None, and nothing queued, when the guard failed."""
        async with self.db.transaction() as conn:
            cursor = await conn.execute(sql, params)
            if cursor.rowcount != 1:
                return None
            request = await self._get_in(conn, request_id)
            await enqueue(conn, request_id, await notices(request, conn), now)
        return request

    async def notify(self, request_id: int, notices: NoticeBuilder, *,
                     states: tuple[str, ...] = ("taken",)) -> HelpRequest | None:
        """Queue notices about a request while it is in one of `states` (a relayed message);
        None, and nothing queued, when it is not."""
        now = self.clock()
        async with self.db.transaction() as conn:
            request = await self._find_in(conn, request_id)
            if request is None or request.state not in states:
                return None
            await enqueue(conn, request_id, await notices(request, conn), now)
        return request

    async def feedback(self, request_id: int, platform: str, user_id: str,
                       value: int | None = None, text: str | None = None) -> bool:
        """The villager's 👍/👎 and optional sentence on their own closed request."""
        sets, params = given_clauses(("feedback = ?", value), ("feedback_text = ?", text))
        cursor = await self.db.write(
            f"UPDATE help_requests SET {', '.join(sets)} WHERE id = ? AND platform = ?"
            " AND user_id = ? AND state = 'closed'", (*params, request_id, platform, user_id))
        return cursor.rowcount == 1

    async def taker_left(self) -> list[int]:
        """Taken requests whose taker is no longer an approved member."""
        rows = await self.db.fetchall(
            "SELECT r.id FROM help_requests r JOIN members m ON m.id = r.taken_by"
            " WHERE r.state = 'taken' AND m.status != 'approved'")
        return [r["id"] for r in rows]

    async def remove_old_texts(self, months: int) -> int:
        """Blank the personal texts of requests closed more than `months` ago (counts stay),
        and forget the notices that carried them."""
        now = self.clock()
        cutoff = to_iso(now - timedelta(days=round(months * 30.44)))
        async with self.db.transaction() as conn:
            cursor = await conn.execute(
                "UPDATE help_requests SET detail = '', place = '', timing = '', phone = NULL,"
                " feedback_text = '', texts_removed_at = ? WHERE closed_at < ?"
                " AND texts_removed_at IS NULL", (to_iso(now), cutoff))
            await conn.execute(
                "DELETE FROM request_outbox WHERE request_id IN (SELECT id FROM help_requests"
                " WHERE texts_removed_at IS NOT NULL) OR sent_at < ?",
                (to_iso(now - SENT_NOTICES_KEPT),))
            return cursor.rowcount

    async def _get_in(self, conn: aiosqlite.Connection, request_id: int) -> HelpRequest:
        request = await self._find_in(conn, request_id)
        assert request is not None
        return request

    async def _find_in(self, conn: aiosqlite.Connection,
                       request_id: int) -> HelpRequest | None:
        row = await _one(conn, f"SELECT {REQUEST_COLUMNS} FROM {REQUEST_FROM} WHERE r.id = ?",
                         (request_id,))
        return request_from_row(row) if row else None


def age(request: HelpRequest, now: datetime) -> timedelta:
    return now - from_iso(request.created_at)


async def _one(conn: aiosqlite.Connection, sql: str, params: tuple) -> aiosqlite.Row | None:
    async with conn.execute(sql, params) as cursor:
        return await cursor.fetchone()


async def _all(conn: aiosqlite.Connection, sql: str, params: tuple) -> list[aiosqlite.Row]:
    async with conn.execute(sql, params) as cursor:
        return list(await cursor.fetchall())

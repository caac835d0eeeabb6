"""Where local edits live: the overlay, its history, proposals and the inbox's marks (SQLite)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from core.clock import Clock, to_iso, utc_now
from core.database import Database
from faq.curation.overlay import EntryState, Overlay


@dataclass(frozen=True)
class Author:
    """Who made a change: a chat account, or an operator at the command line."""

    key: str  # "telegram:123", "cli:root"
    name: str = ""


@dataclass(frozen=True)
class Change:
    """One row of the history."""

    id: int
    entry_id: str
    action: str
    before: EntryState | None
    after: EntryState | None
    author: str
    author_name: str
    note: str
    created_at: str
    undoes: int | None
    undone_by: int | None


@dataclass(frozen=True)
class Conflict:
    """Someone else saved the entry since this editor started."""

    version: int
    by: str
    at: str


@dataclass(frozen=True)
class Proposal:
    id: int
    entry_id: str
    action: str
    base_version: int
    state: EntryState
    platform: str
    user_id: str
    author_name: str
    status: str
    reason: str
    created_at: str


_CHANGE_COLUMNS = (
    "id, entry_id, action, before, after, author, author_name, note, created_at, undoes, undone_by"
)


def _change(row: sqlite3.Row) -> Change:
    return Change(
        row["id"], row["entry_id"], row["action"], EntryState.from_json(row["before"]),
        EntryState.from_json(row["after"]), row["author"], row["author_name"], row["note"],
        row["created_at"], row["undoes"], row["undone_by"],
    )


def _state_json(state: EntryState | None) -> str:
    return "null" if state is None or state.empty else state.to_json()


def overlay_from_rows(rows: Iterable[sqlite3.Row]) -> Overlay:
    states, versions = {}, {}
    for row in rows:
        versions[row["entry_id"]] = int(row["version"])
        state = EntryState.from_json(row["state"])
        if state is not None and not state.empty:
            states[row["entry_id"]] = state
    return Overlay(states, versions)


class CurationStore:
    """Reads and writes the curation tables; every change and its history row in one
    transaction, refused when the entry's version moved on (someone else saved)."""

    def __init__(self, db: Database, clock: Clock = utc_now) -> None:
        self.db = db
        self.clock = clock

    async def overlay(self) -> Overlay:
        return overlay_from_rows(
            await self.db.fetchall("SELECT entry_id, state, version FROM faq_overlay")
        )

    async def save(
        self, entry_id: str, after: EntryState | None, *, action: str, author: Author,
        expected_version: int, note: str = "", undoes: int | None = None,
    ) -> int | Conflict:
        """Write the entry's new state; the history row's id, or the Conflict."""
        now = to_iso(self.clock())
        async with self.db.transaction() as conn:
            rows = list(await conn.execute_fetchall(
                "SELECT state, version FROM faq_overlay WHERE entry_id = ?", (entry_id,),
            ))
            version = int(rows[0]["version"]) if rows else 0
            if version != expected_version:
                last = list(await conn.execute_fetchall(
                    "SELECT author_name, author, created_at FROM faq_changes"
                    " WHERE entry_id = ? ORDER BY id DESC LIMIT 1", (entry_id,),
                ))
                by = (last[0]["author_name"] or last[0]["author"]) if last else ""
                return Conflict(version, by, last[0]["created_at"] if last else "")
            before = rows[0]["state"] if rows else "null"
            await conn.execute(
                "INSERT INTO faq_overlay (entry_id, state, version, updated_at)"
                " VALUES (?, ?, ?, ?) ON CONFLICT (entry_id) DO UPDATE SET"
                " state = excluded.state, version = excluded.version,"
                " updated_at = excluded.updated_at",
                (entry_id, _state_json(after), version + 1, now),
            )
            cursor = await conn.execute(
                "INSERT INTO faq_changes (entry_id, action, before, after, author, author_name,"
                " note, undoes, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (entry_id, action, before, _state_json(after), author.key, author.name,
                 note[:500], undoes, now),
            )
            change_id = int(cursor.lastrowid or 0)
            if undoes is not None:
                await conn.execute(
                    "UPDATE faq_changes SET undone_by = ? WHERE id = ?", (change_id, undoes),
                )
        return change_id

    async def history(self, entry_id: str | None = None, limit: int = 10) -> list[Change]:
        where, params = ("WHERE entry_id = ?", (entry_id,)) if entry_id else ("", ())
        rows = await self.db.fetchall(
            f"SELECT {_CHANGE_COLUMNS} FROM faq_changes {where} ORDER BY id DESC LIMIT ?",
            (*params, limit),
        )
        return [_change(r) for r in rows]

    async def change(self, change_id: int) -> Change | None:
        row = await self.db.fetchone(
            f"SELECT {_CHANGE_COLUMNS} FROM faq_changes WHERE id = ?", (change_id,),
        )
        return _change(row) if row else None

    async def last_change(self, entry_id: str) -> Change | None:
        found = await self.history(entry_id, limit=1)
        return found[0] if found else None

    # --- proposals ---------------------------------------------------------------------

    async def propose(self, entry_id: str, action: str, base_version: int, state: EntryState,
                      platform: str, user_id: str, name: str) -> int:
        cursor = await self.db.write(
            "INSERT INTO faq_proposals (entry_id, action, base_version, state, platform,"
            " user_id, author_name, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (entry_id, action, base_version, state.to_json(), platform, user_id, name,
             to_iso(self.clock())),
        )
        return int(cursor.lastrowid or 0)

    async def proposals(self, status: str = "pending", limit: int = 10) -> list[Proposal]:
        rows = await self.db.fetchall(
            "SELECT * FROM faq_proposals WHERE status = ? ORDER BY id LIMIT ?", (status, limit),
        )
        return [self._proposal(r) for r in rows]

    async def proposal(self, proposal_id: int) -> Proposal | None:
        row = await self.db.fetchone("SELECT * FROM faq_proposals WHERE id = ?", (proposal_id,))
        return self._proposal(row) if row else None

    async def decide(self, proposal_id: int, status: str, by: str, reason: str = "") -> bool:
        """Approve or reject a pending proposal; False when someone already decided it."""
        cursor = await self.db.write(
            "UPDATE faq_proposals SET status = ?, decided_by = ?, reason = ?, decided_at = ?"
            " WHERE id = ? AND status = 'pending'",
            (status, by, reason[:500], to_iso(self.clock()), proposal_id),
        )
        return cursor.rowcount == 1

    async def reopen(self, proposal_id: int) -> None:
        """An approval that could not be applied goes back to pending."""
        await self.db.write(
            "UPDATE faq_proposals SET status = 'pending', decided_by = NULL, decided_at = NULL"
            " WHERE id = ?", (proposal_id,),
        )

    @staticmethod
    def _proposal(row: sqlite3.Row) -> Proposal:
        return Proposal(
            row["id"], row["entry_id"], row["action"], row["base_version"],
            EntryState.from_json(row["state"]) or EntryState(), row["platform"], row["user_id"],
            row["author_name"], row["status"], row["reason"], row["created_at"],
        )

    # --- the /cauhoimoi inbox ---------------------------------------------------------

    async def mark_handled(self, question_ids: Iterable[int], action: str,
                           entry_id: str | None) -> None:
        now = to_iso(self.clock())
        async with self.db.transaction() as conn:
            await conn.executemany(
                "INSERT OR REPLACE INTO faq_inbox_handled (question_id, action, entry_id,"
                " handled_at) VALUES (?, ?, ?, ?)",
                [(qid, action, entry_id, now) for qid in question_ids],
            )

    async def mark_out_of_scope(self, folded: str, by: str) -> None:
        await self.db.write(
            "INSERT OR IGNORE INTO faq_out_of_scope (folded, marked_by, marked_at)"
            " VALUES (?, ?, ?)", (folded[:1000], by, to_iso(self.clock())),
        )

    async def out_of_scope(self) -> list[str]:
        rows = await self.db.fetchall("SELECT folded FROM faq_out_of_scope")
        return [r["folded"] for r in rows]


def read_overlay(database: Path) -> Overlay:
    """The overlay read straight from the bot's database file (for `python -m faq`).

    A missing database, or one made before curation existed, has no local edits.
    """
    if str(database) == ":memory:" or not Path(database).is_file():
        return Overlay()
    conn = sqlite3.connect(f"{Path(database).resolve().as_uri()}?mode=ro", uri=True)
    conn.row_factory = sqlite3.Row
    try:
        return overlay_from_rows(conn.execute("SELECT entry_id, state, version FROM faq_overlay"))
    except sqlite3.OperationalError:  # no such table: the bot never ran this version
        return Overlay()
    finally:
        conn.close()


def read_history(database: Path, entry_id: str | None, limit: int) -> list[Change]:
    if not Path(database).is_file():
        return []
    conn = sqlite3.connect(f"{Path(database).resolve().as_uri()}?mode=ro", uri=True)
    conn.row_factory = sqlite3.Row
    where, params = ("WHERE entry_id = ?", (entry_id,)) if entry_id else ("", ())
    try:
        rows = conn.execute(
            f"SELECT {_CHANGE_COLUMNS} FROM faq_changes {where} ORDER BY id DESC LIMIT ?",
            (*params, limit),
        ).fetchall()
    except sqlite3.OperationalError:
        return []
    finally:
        conn.close()
    return [_change(r) for r in rows]

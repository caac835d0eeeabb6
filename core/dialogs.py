"""Multi-step dialog state, kept in SQLite so a restart never loses a half-finished dialog."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from core.clock import Clock, to_iso, utc_now
from core.database import Database
from core.model import Sender


@dataclass
class Dialog:
    """Where one person is in a multi-step conversation."""

    name: str
    step: str
    data: dict[str, Any] = field(default_factory=dict)


class DialogStore:
    """Reads and writes dialog state keyed by (platform, user)."""

    def __init__(self, db: Database, clock: Clock = utc_now) -> None:
        self.db = db
        self.clock = clock

    async def get(self, sender: Sender) -> Dialog | None:
        row = await self.db.lookup(
            "SELECT name, step, data FROM dialogs WHERE platform = ? AND user_id = ?",
            sender.key,
        )
        if row is None:
            return None
        return Dialog(row["name"], row["step"], json.loads(row["data"]))

    async def save(self, sender: Sender, dialog: Dialog) -> None:
        """Start or advance a dialog."""
        await self.db.write(
            "INSERT INTO dialogs (platform, user_id, name, step, data, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (platform, user_id) DO UPDATE SET name = excluded.name,"
            " step = excluded.step, data = excluded.data, updated_at = excluded.updated_at",
            (*sender.key, dialog.name, dialog.step,
             json.dumps(dialog.data, ensure_ascii=False), to_iso(self.clock())),
        )

    async def end(self, sender: Sender) -> bool:
        """Forget the dialog; True when there was one."""
        cursor = await self.db.write(
            "DELETE FROM dialogs WHERE platform = ? AND user_id = ?", sender.key
        )
        return cursor.rowcount > 0

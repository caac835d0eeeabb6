"""Villagers' questions, their outcome and feedback: how the knowledge base learns what to add."""

from __future__ import annotations

import sqlite3
from datetime import timedelta

from core.clock import Clock, to_iso, utc_now
from core.database import Database
from core.model import Sender
from faq.grouping import AskedQuestion, QuestionGroup, group_questions

MAX_OPEN_QUESTIONS = 20_000  # newest unanswered or 👎 questions the inbox groups

__all__ = ["MAX_OPEN_QUESTIONS", "QuestionGroup", "QuestionLog"]


class QuestionLog:
    """Stores each question a villager asks and what the bot did with it."""

    def __init__(self, db: Database, clock: Clock = utc_now) -> None:
        self.db = db
        self.clock = clock

    async def record(
        self, sender: Sender, text: str, folded: str, outcome: str, entry_id: str | None,
        score: float, *, private: bool | None = None,
    ) -> int:
        """Keep one question; `private`: asked in a private chat (None: not known)."""
        cursor = await self.db.write(
            "INSERT INTO faq_questions"
            " (platform, user_id, text, folded, outcome, entry_id, score, asked_at, private)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (*sender.key, text[:1000], folded[:1000], outcome, entry_id, round(score, 1),
             to_iso(self.clock()), None if private is None else int(private)),
        )
        return int(cursor.lastrowid or 0)

    async def resolve(self, sender: Sender, question_id: int, outcome: str,
                      entry_id: str | None) -> None:
        """The person picked a suggestion (answered) or none of them (unanswered)."""
        await self.db.write(
            "UPDATE faq_questions SET outcome = ?, entry_id = ?"
            " WHERE id = ? AND platform = ? AND user_id = ?",
            (outcome, entry_id, question_id, *sender.key),
        )

    async def feedback(self, sender: Sender, question_id: int, helpful: bool) -> bool:
        """Store 👍/👎 on the person's own question; False when it is not theirs."""
        cursor = await self.db.write(
            "UPDATE faq_questions SET feedback = ? WHERE id = ? AND platform = ? AND user_id = ?",
            (1 if helpful else -1, question_id, *sender.key),
        )
        return cursor.rowcount == 1

    async def open_questions(self, days: int = 30, limit: int = 15, *,
                             commune_code: str | None = None) -> list[QuestionGroup]:
        """Unanswered and 👎 questions of the last `days`, most frequent first. Read and
        grouped in the worker process (core/worker_process.py), so villagers keep getting answers.
        `commune_code`: only questions of people registered in that commune (None: all)."""
        since = to_iso(self.clock() - timedelta(days=days))
        where, params = _open_filter(since, commune_code)

        return await self.db.read_in_worker(_grouped, where, params, limit)

    async def count_open_questions(self, days: int = 30, *,
                                   commune_code: str | None = None) -> int:
        """How many questions `open_questions` would group (before grouping)."""
        where, params = _open_filter(to_iso(self.clock() - timedelta(days=days)), commune_code)
        row = await self.db.fetchone(f"SELECT COUNT(*) AS n FROM faq_questions q WHERE {where}",
                                     params)
        return int(row["n"]) if row else 0


def _open_filter(since: str, commune_code: str | None) -> tuple[str, tuple]:
    where = ("q.asked_at >= ? AND (q.outcome = 'unanswered' OR q.feedback = -1)"
             " AND q.id NOT IN (SELECT question_id FROM faq_inbox_handled)")
    if commune_code is None:
        return where, (since,)
    return where + (
        " AND EXISTS (SELECT 1 FROM identities i JOIN members m ON m.id = i.member_id"
        " JOIN villages v ON v.id = m.village_id WHERE i.platform = q.platform"
        " AND i.user_id = q.user_id AND v.commune_code = ?)"), (since, commune_code)


def _grouped(conn: sqlite3.Connection, where: str, params: tuple,
             limit: int) -> list[QuestionGroup]:
    """In the worker process: the newest open questions, grouped."""
    rows = conn.execute(
        "SELECT id, text, folded, outcome, feedback FROM faq_questions q"
        f" WHERE {where} ORDER BY asked_at DESC LIMIT ?", (*params, MAX_OPEN_QUESTIONS))
    return group_questions(
        AskedQuestion(r[0], r[1], r[2], r[3] == "unanswered", r[4] == -1)
        for r in rows)[:limit]

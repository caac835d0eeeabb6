"""Villagers' questions, their outcome and feedback: how the knowledge base learns what to add."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from rapidfuzz import fuzz, process

from core.clock import Clock, to_iso, utc_now
from core.database import Database
from core.model import Sender

SIMILAR_QUESTION = 85  # token_sort_ratio at or above which two questions count as one


@dataclass(frozen=True)
class QuestionGroup:
    """Questions typed differently that ask the same thing."""

    example: str
    count: int
    unanswered: int
    disliked: int


class QuestionLog:
    """Stores each question a villager asks and what the bot did with it."""

    def __init__(self, db: Database, clock: Clock = utc_now) -> None:
        self.db = db
        self.clock = clock

    async def record(
        self, sender: Sender, text: str, folded: str, outcome: str, entry_id: str | None,
        score: float,
    ) -> int:
        cursor = await self.db.write(
            "INSERT INTO faq_questions"
            " (platform, user_id, text, folded, outcome, entry_id, score, asked_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (*sender.key, text[:1000], folded[:1000], outcome, entry_id, round(score, 1),
             to_iso(self.clock())),
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

    async def open_questions(self, days: int = 30, limit: int = 15) -> list[QuestionGroup]:
        """Unanswered and 👎 questions of the last `days`, most frequent first."""
        since = to_iso(self.clock() - timedelta(days=days))
        rows = await self.db.fetchall(
            "SELECT text, folded, outcome, feedback FROM faq_questions"
            " WHERE asked_at >= ? AND (outcome = 'unanswered' OR feedback = -1)"
            " ORDER BY asked_at DESC LIMIT 5000",
            (since,),
        )
        groups: list[dict] = []
        keys: list[str] = []
        for row in rows:
            key = row["folded"] or row["text"].lower()
            found = process.extractOne(
                key, keys, scorer=fuzz.token_sort_ratio, score_cutoff=SIMILAR_QUESTION
            ) if keys else None
            if found is None:
                keys.append(key)
                groups.append({"example": row["text"], "count": 0, "unanswered": 0, "disliked": 0})
                group = groups[-1]
            else:
                group = groups[found[2]]
            group["count"] += 1
            group["unanswered"] += row["outcome"] == "unanswered"
            group["disliked"] += row["feedback"] == -1
        groups.sort(key=lambda g: -g["count"])
        return [QuestionGroup(**g) for g in groups[:limit]]

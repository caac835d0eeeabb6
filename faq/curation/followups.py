"""Telling villagers that the question they asked now has an answer (once, private chat only).

After a change, the recent questions that got no direct answer (or a 👎) are matched
again; the people whose question the changed entry now answers directly are told once,
in their private chat, if they asked within `notify_days`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import timedelta

from core.clock import Clock, from_iso, to_iso, utc_now
from core.database import Database
from core.model import Reply
from core.notifier import Notifier
from faq.curation.settings import CurationSettings
from faq.knowledge_base import Entry
from faq.service import FaqService

log = logging.getLogger(__name__)
MAX_QUESTIONS = 2000
Compose = Callable[[object, str, Entry], Sequence[Reply]]  # (asked at, question, entry)

_OPEN_QUESTIONS = (
    "SELECT id, platform, user_id, text, outcome, entry_id, feedback, asked_at"
    " FROM faq_questions WHERE asked_at >= ? AND private = 1"
    " AND (outcome != 'answered' OR feedback = -1)"
    " AND id NOT IN (SELECT question_id FROM faq_followups)"
    " ORDER BY id DESC LIMIT ?"
)


class FollowUps:
    def __init__(self, db: Database, faq: FaqService, notifier: Notifier,
                 settings: CurationSettings, compose: Compose, clock: Clock = utc_now) -> None:
        self.db, self.faq, self.notifier = db, faq, notifier
        self.settings, self.compose, self.clock = settings, compose, clock

    async def after_change(self, entry_id: str, answer_changed: bool) -> int:
        """Notify whoever the changed entry now answers; the number of people told."""
        if not self.settings.notify_askers:
            return 0
        since = to_iso(self.clock() - timedelta(days=self.settings.notify_days))
        rows = await self.db.fetchall(_OPEN_QUESTIONS, (since, MAX_QUESTIONS))
        people: dict[tuple[str, str], list] = {}
        for row in rows:
            result = self.faq.match(row["text"])
            if result.decision != "answer" or result.entry is None or result.entry.id != entry_id:
                continue
            if row["entry_id"] == entry_id and row["outcome"] == "answered" and not answer_changed:
                continue  # they disliked this very answer, and it did not change
            people.setdefault((row["platform"], row["user_id"]), []).append(row)
        entry = self.faq.kb.get(entry_id)
        told = 0
        for (platform, user_id), asked in people.items():
            if entry is None:
                break
            first = min(asked, key=lambda r: r["id"])
            replies = self.compose(from_iso(first["asked_at"]), first["text"], entry)
            if not await self.notifier.send(platform, user_id, replies):
                continue
            now = to_iso(self.clock())
            async with self.db.transaction() as conn:
                await conn.executemany(
                    "INSERT OR IGNORE INTO faq_followups (question_id, entry_id, sent_at)"
                    " VALUES (?, ?, ?)", [(r["id"], entry_id, now) for r in asked],
                )
            told += 1
        if told:
            log.info("told %d people that %s now answers their question", told, entry_id)
        return told

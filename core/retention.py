"""How long the bot keeps what people typed, enforced once a day.

`bot.retention` in config.yaml: `question_days` for villagers' question texts (the
/cauhoimoi inbox reads the last 30 days), `dialog_days` for half-finished dialogs and the
numbered options last shown. Update ids are kept three days (messengers never redeliver
later); spent or expired link codes and old /lienket lockouts go too.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import dataclass
from datetime import timedelta

from core.clock import Clock, to_iso, utc_now
from core.config_errors import SectionReader
from core.database import Database

log = logging.getLogger(__name__)

UPDATE_DAYS = 3
RUN_EVERY = timedelta(days=1)


@dataclass(frozen=True)
class RetentionSettings:
    question_days: int = 180
    dialog_days: int = 30

    @classmethod
    def from_config(cls, reader: SectionReader) -> RetentionSettings:
        reader.only(("question_days", "dialog_days"))
        return cls(question_days=reader.int("question_days", 180, minimum=30, maximum=3650),
                   dialog_days=reader.int("dialog_days", 30, minimum=1, maximum=365))


async def purge(db: Database, settings: RetentionSettings,
                clock: Clock = utc_now) -> dict[str, int]:
    """Delete what is past its retention time; how many rows of each kind went."""
    now = clock()

    def before(days: int) -> str:
        return to_iso(now - timedelta(days=days))

    statements = {
        "updates": ("DELETE FROM processed_updates WHERE received_at < ?", before(UPDATE_DAYS)),
        "questions": ("DELETE FROM faq_questions WHERE asked_at < ?",
                      before(settings.question_days)),
        "dialogs": ("DELETE FROM dialogs WHERE updated_at < ?", before(settings.dialog_days)),
        "options": ("DELETE FROM shown_options WHERE shown_at < ?",
                    before(settings.dialog_days)),
        "link_codes": ("DELETE FROM link_codes WHERE expires_at < ?", to_iso(now)),
        "link_attempts": ("DELETE FROM link_attempts WHERE last_failed < ?", before(1)),
    }
    removed = {}
    for kind, (sql, limit) in statements.items():
        cursor = await db.write(sql, (limit,))
        removed[kind] = cursor.rowcount
    log.info("retention: removed %s", ", ".join(f"{n} {k}" for k, n in removed.items()))
    return removed


async def run_daily(db: Database, settings: RetentionSettings, stop: asyncio.Event,
                    clock: Clock = utc_now) -> None:
    """Purge at start-up, then once a day, until `stop`."""
    while not stop.is_set():
        try:
            await purge(db, settings, clock)
        except Exception:
            log.exception("retention: purge failed; trying again tomorrow")
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), RUN_EVERY.total_seconds())

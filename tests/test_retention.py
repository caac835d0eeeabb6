"""Retention: old update ids, question texts and dialogs are removed by the daily purge."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot import App
from core.retention import RetentionSettings, purge
from core.testing import Conversation


async def test_the_daily_purge_removes_only_what_is_past_its_time(
        app: App, villager: Conversation) -> None:
    await villager.say("cách trồng rau sạch ở nhà")  # a question, and its update id
    await Conversation(app.core, user_id="moi").say("/dangky")  # a dialog under way
    now = datetime.now(UTC)
    later = now + timedelta(days=200)
    settings = RetentionSettings(question_days=180, dialog_days=30)
    soon = await purge(app.db, settings, lambda: now + timedelta(days=1))
    assert soon["questions"] == soon["dialogs"] == soon["updates"] == 0
    removed = await purge(app.db, settings, lambda: later)
    assert removed["questions"] == 1 and removed["dialogs"] == 1 and removed["updates"] >= 2
    for table in ("faq_questions", "dialogs", "processed_updates"):
        row = await app.db.fetchone(f"SELECT COUNT(*) AS n FROM {table}")
        assert row["n"] == 0, table


async def test_update_ids_are_kept_three_days(app: App, villager: Conversation) -> None:
    await villager.say("xin chào", update_id="old-1")
    settings = RetentionSettings()
    now = datetime.now(UTC)
    await purge(app.db, settings, lambda: now + timedelta(days=2))
    assert await app.db.fetchone("SELECT 1 FROM processed_updates WHERE update_id = 'old-1'")
    await purge(app.db, settings, lambda: now + timedelta(days=4))
    assert not await app.db.fetchone("SELECT 1 FROM processed_updates WHERE update_id = 'old-1'")

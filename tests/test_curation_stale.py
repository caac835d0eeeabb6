"""Entries not checked for `stale_after_months`: listed to the admins once a month through
the claim-before-send scheduler (test clock), and on demand with /kbcu (issue 15)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest

from bot import App, Config, build_app
from core.testing import Conversation
from handlers.faq import curation_texts as t
from tests.activity_kit import FakeClock
from tests.test_members_kit import Outbox

ENTRY = "vneid.passcode"
HEAD = "tháng chưa kiểm tra lại thông tin"


def vn(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour - 7, minute, tzinfo=UTC)


@pytest.fixture
async def clock_app(config: Config) -> AsyncIterator[tuple[App, FakeClock, Outbox]]:
    clock = FakeClock(vn(2027, 11, 30, 10))
    app = await build_app(config, clock=clock)
    outbox = Outbox()
    outbox.install(app)
    yield app, clock, outbox
    await app.close()


def lists_to_admin(outbox: Outbox) -> list[str]:
    return [r.text for r in outbox.to("admin") if HEAD in r.text]


async def check_old(app: App, month: str) -> Conversation:
    admin = Conversation(app.core, user_id="admin", display_name="Quản trị")
    await admin.say(f"/suakb {ENTRY}")
    await admin.press(t.OPTION_FIELD["checked"])
    await admin.say(month)
    await admin.press(t.OPTION_SAVE)
    assert "đã lưu" in admin.text.lower(), admin.text
    return admin


async def test_the_monthly_list_goes_once_inside_its_window(
    clock_app: tuple[App, FakeClock, Outbox], config: Config,
) -> None:
    app, clock, outbox = clock_app
    await check_old(app, "01/2026")  # 23 months before 12/2027; shipped entries: 12/2026
    jobs = app.activity.jobs

    await jobs.run_due(vn(2027, 12, 1, 8, 29))
    assert lists_to_admin(outbox) == []  # before its time
    await jobs.run_due(vn(2027, 12, 1, 8, 31))
    [sent] = lists_to_admin(outbox)
    entry = app.faq.kb.get(ENTRY)
    assert sent.startswith(f"1 mục quá 12 {HEAD}")
    assert f"• {ENTRY} «{entry.title}»: kiểm tra 1/2026" in sent
    assert f"/suakb {ENTRY}" in sent
    assert "vneid.forgot_password" not in sent  # checked 12/2026: 12 months, not more
    await jobs.run_due(vn(2027, 12, 1, 9, 0))
    # A second process on the same database finds it claimed.
    other = await build_app(config, clock=clock)
    try:
        outbox.install(other)
        await other.activity.jobs.run_due(vn(2027, 12, 1, 9, 5))
    finally:
        await other.close()
    assert len(lists_to_admin(outbox)) == 1

    # Next month the bot was down through the catch-up window: skipped, not sent late.
    outbox.clear()
    await jobs.run_due(vn(2028, 1, 1, 13, 0))
    assert lists_to_admin(outbox) == []
    await jobs.run_due(vn(2028, 2, 1, 9, 0))  # the month after: sent, inside the window
    [sent] = lists_to_admin(outbox)
    lines = sent.splitlines()
    assert lines[1].startswith(f"• {ENTRY} ")  # the oldest first
    assert sum(line.startswith("• ") for line in lines) == 20  # short for a phone
    dated = [e for e in app.faq.kb.entries if getattr(e, "checked", None)]
    assert sent.startswith(f"{len(dated)} mục quá 12")  # 12/2026 is now 14 months old
    assert "(gõ /kbcu để xem thêm)" in sent  # long: the first lines, then the command


async def test_nothing_is_sent_when_every_entry_is_fresh(
    clock_app: tuple[App, FakeClock, Outbox],
) -> None:
    app, _, outbox = clock_app
    await app.activity.jobs.run_due(vn(2027, 12, 1, 9, 0))
    assert lists_to_admin(outbox) == []


async def test_kbcu_lists_on_demand_for_editors_only(
    clock_app: tuple[App, FakeClock, Outbox],
) -> None:
    app, _, _ = clock_app
    admin = Conversation(app.core, user_id="admin", display_name="Quản trị")
    await admin.say("/kbcu")
    assert admin.text == t.STALE_NONE.format(months=12)
    await check_old(app, "3/2025")
    await admin.say("/kbcu")
    assert f"• {ENTRY} «{app.faq.kb.get(ENTRY).title}»: kiểm tra 3/2025" in admin.text
    assert "/suakb" in admin.text
    villager = Conversation(app.core, user_id="lan", display_name="Lan")
    await villager.say("/kbcu")
    assert ENTRY not in villager.text and "chỉ dành cho" in villager.text

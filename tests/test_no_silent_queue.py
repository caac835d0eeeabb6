"""Nobody waits unseen: no admin is warned about at start-up, a registrant nobody can approve
is told so, and admins get a daily digest of requests waiting more than a day."""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import UTC, datetime

from bot import build_app
from core.testing import Conversation
from tests.activity_kit import FakeClock, make_world
from tests.test_members_kit import Outbox, register

MORNING = datetime(2026, 11, 20, 1, 0, tzinfo=UTC)  # 08:00 in Vietnam


async def test_no_admin_and_no_coordinator_the_registrant_is_told_honestly(config, caplog):
    lonely = replace(config, bot=replace(config.bot, admins=frozenset()))
    with caplog.at_level(logging.WARNING):
        app = await build_app(lonely)
    try:
        assert any("no admin configured" in r.getMessage() for r in caplog.records)
        chat = Conversation(app.core, user_id="lan", display_name="Lan")
        await chat.say("/dangky")
        for answer in ("Nguyễn Thị Lan", "0912345678", "quang phu"):
            await chat.say(answer)
        await chat.press(1)
        await chat.say("Thôn 3")
        await chat.press(1)
        await chat.press("Thành viên")
        await chat.press("Đoàn thanh niên")
        await chat.press("Gửi đăng ký")
        assert "chưa có điều phối viên" in chat.text and "quản trị viên" in chat.text
        assert "sẽ duyệt" not in chat.text
    finally:
        await app.close()


async def test_with_an_admin_the_registrant_reads_that_it_was_sent(app):
    outbox = Outbox()
    outbox.install(app)
    await register(Conversation(app.core, user_id="lan", display_name="Lan"))
    assert outbox.to("admin")  # the admin got the request


async def test_admins_get_a_daily_digest_of_requests_waiting_over_a_day(config):
    world = await make_world(config)
    try:
        db = world.app.db
        pending = await db.fetchone("SELECT id, village_id FROM members WHERE status = 'pending'")
        await db.write(
            "INSERT INTO member_requests (member_id, kind, village_id, requested_at)"
            " VALUES (?, 'join', ?, '2026-11-17T02:00:00Z')",
            (pending["id"], pending["village_id"]))
        await db.write(
            "INSERT INTO member_requests (member_id, kind, village_id, requested_at)"
            " VALUES (?, 'join', ?, '2026-11-20T00:30:00Z')",  # half an hour old: not yet
            (pending["id"], pending["village_id"]))
        outbox = Outbox()
        outbox.install(world.app)
        jobs = world.app.activity.jobs
        world.clock.now = MORNING
        assert await jobs.run_due(MORNING.replace(hour=0)) == 0  # 07:00
        await jobs.run_due(MORNING)
        digest = outbox.text_to("admin")
        assert "1 yêu cầu chờ duyệt quá 1 ngày" in digest
        assert f"{world.home.commune_name}: 1 yêu cầu (lâu nhất 2 ngày)" in digest
        assert "+84" not in digest and "Người cho" not in digest  # no personal data
        outbox.clear()
        await jobs.run_due(MORNING.replace(hour=2))
        assert outbox.to("admin") == []  # once a day
        restarted = await build_app(config, clock=FakeClock(MORNING))
        try:
            outbox.install(restarted)
            await restarted.activity.jobs.run_due(MORNING.replace(hour=3))
            assert outbox.to("admin") == []  # once, even after a restart
        finally:
            await restarted.close()
    finally:
        await world.app.close()

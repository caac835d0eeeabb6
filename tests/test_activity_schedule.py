"""Scheduled messages with a fake clock: weekly summary to coordinators, reminders, each sent
once even across a restart."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta

import pytest

from activity.settings import ScheduleSettings
from bot import build_app
from tests.activity_kit import FakeClock, World, make_world
from tests.test_members_kit import Outbox

MONDAY_0759 = datetime(2026, 11, 23, 0, 59, tzinfo=UTC)  # 07:59 in Vietnam
MONDAY_0800 = datetime(2026, 11, 23, 1, 0, tzinfo=UTC)


@pytest.fixture
async def world(config) -> AsyncIterator[World]:
    built = await make_world(config)
    yield built
    await built.app.close()


async def test_weekly_summary_once_per_coordinator_even_after_restart(world: World, config):
    logbook = world.app.activity.services.logbook
    for index, (day, people) in enumerate(((16, 4), (20, 6), (22, 5), (23, 9))):
        await logbook.save(member_id=world.ids["lan"], village_id=world.home.village_id,
                           service_code="vneid", people=people, day=date(2026, 11, day),
                           note="", source_key=f"w{index}")
    outbox = Outbox()
    outbox.install(world.app)
    jobs = world.app.activity.jobs
    assert await jobs.run_due(MONDAY_0759) == 0
    assert await jobs.run_due(MONDAY_0800) == 3  # xa, xa2, tinh
    commune = outbox.text_to("xa")
    assert "tổng kết tuần 16/11–22/11/2026" in commune
    assert "Tổng: 3 lượt hỗ trợ, 15 người được giúp." in commune  # 16, 20, 22 Nov
    assert "Tổng: 0 lượt" in outbox.text_to("xa2")
    assert "Toàn tỉnh" in outbox.text_to("tinh")
    assert "lượt" not in outbox.text_to("lan")
    assert await jobs.run_due(MONDAY_0800.replace(hour=5)) == 0
    await world.app.close()
    # A restarted bot on the same database sends nothing more this week...
    restarted = await build_app(config, clock=FakeClock(MONDAY_0800))
    world.app = restarted
    outbox.install(restarted)
    assert await restarted.activity.jobs.run_due(MONDAY_0800.replace(hour=6)) == 0
    # ...and the next summary goes out the week after.
    assert await restarted.activity.jobs.run_due(datetime(2026, 11, 30, 1, 5, tzinfo=UTC)) == 3


async def test_unreachable_coordinator_is_tried_again_later(world: World):
    jobs = world.app.activity.jobs
    assert await jobs.run_due(MONDAY_0800) == 0  # no channel running
    outbox = Outbox()
    outbox.install(world.app)
    assert await jobs.run_due(MONDAY_0800.replace(hour=2)) == 3


async def test_weekly_summary_can_be_switched_off(world: World):
    settings = world.app.activity.services.settings
    world.app.activity.services.settings = replace(
        settings, weekly_summary=replace(settings.weekly_summary, enabled=False))
    outbox = Outbox()
    outbox.install(world.app)
    assert await world.app.activity.jobs.run_due(MONDAY_0800) == 0
    assert outbox.sent == []


async def test_reminders_go_to_quiet_members_once(world: World):
    services = world.app.activity.services
    services.settings = replace(services.settings, reminder=ScheduleSettings(True, time(19, 0)),
                                reminder_after_days=7, weekly_summary=ScheduleSettings(
                                    False, time(8, 0)))
    await services.logbook.save(member_id=world.ids["lan"], village_id=world.home.village_id,
                                service_code="dvc", people=2, day=date(2026, 11, 20), note="",
                                source_key="r1")
    await services.logbook.save(member_id=world.ids["minh"], village_id=world.home.village_id,
                                service_code="dvc", people=2, day=date(2026, 11, 10), note="",
                                source_key="r2")
    outbox = Outbox()
    outbox.install(world.app)
    evening = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)  # 19:00 in Vietnam
    assert await world.app.activity.jobs.run_due(evening.replace(hour=11)) == 0  # 18:00
    sent = await world.app.activity.jobs.run_due(evening)
    assert "12 ngày" in outbox.text_to("minh")
    assert "chưa có ghi nhận" in outbox.text_to("tam")  # approved, never logged
    assert outbox.to("lan") == [] and outbox.to("cho") == []  # logged 2 days ago / pending
    world.app.activity.jobs._reminders_done = None  # as after a restart
    assert await world.app.activity.jobs.run_due(evening.replace(hour=13)) == 0
    quiet = {"minh", "tam", "hoa", "xa", "xa2", "tinh", "an"}
    assert sent == 7 and {chat for _, chat, _ in outbox.sent} == quiet


async def test_two_schedulers_on_one_database_send_each_summary_once(world: World, config):
    """Two bot processes on one database (two connections, two notifiers) race for the same
    Monday: every coordinator gets exactly one summary."""
    second = await build_app(config, clock=FakeClock(MONDAY_0800))
    try:
        first_box, second_box = Outbox(), Outbox()
        first_box.install(world.app)
        second_box.install(second)
        for _ in range(3):
            sent = await asyncio.gather(world.app.activity.jobs.run_due(MONDAY_0800),
                                        second.activity.jobs.run_due(MONDAY_0800))
        chats = [chat for box in (first_box, second_box) for _, chat, _ in box.sent]
        assert sorted(chats) == ["tinh", "xa", "xa2"]
        assert sum(sent) == 0  # the last round found everything claimed
    finally:
        await second.close()


async def test_after_downtime_a_summary_goes_only_within_the_morning(world: World):
    outbox = Outbox()
    outbox.install(world.app)
    jobs = world.app.activity.jobs
    window = world.app.activity.services.settings.catch_up_hours
    late = MONDAY_0800 + timedelta(hours=window, minutes=1)
    assert await jobs.run_due(late) == 0  # the bot came back after the morning: skipped
    assert await jobs.run_due(late + timedelta(hours=17)) == 0  # 01:xx Tuesday, never
    assert outbox.sent == []
    assert await jobs.run_due(MONDAY_0800 + timedelta(days=7, hours=1)) == 3  # next Monday


async def test_coordinator_appointed_mid_week_gets_the_next_summary(world: World):
    outbox = Outbox()
    outbox.install(world.app)
    jobs = world.app.activity.jobs
    wednesday_night = datetime(2026, 11, 25, 18, 45, tzinfo=UTC)  # 01:45 Thursday in Vietnam
    assert await jobs.run_due(wednesday_night) == 0
    assert outbox.sent == []
    assert await jobs.run_due(datetime(2026, 11, 30, 1, 0, tzinfo=UTC)) == 3
    assert "tổng kết tuần 23/11–29/11/2026" in outbox.text_to("xa")


async def test_first_run_waits_for_the_channels(world: World):
    """Started past 08:00 on a Monday: the summary goes as soon as a channel registers,
    not 30 minutes later."""
    world.clock.now = MONDAY_0800 + timedelta(minutes=20)
    outbox = Outbox()
    stop = asyncio.Event()
    task = asyncio.create_task(world.app.activity.jobs.run(stop))
    await asyncio.sleep(0.05)
    assert outbox.sent == []
    outbox.install(world.app)
    for _ in range(100):
        if len(outbox.sent) == 3:
            break
        await asyncio.sleep(0.02)
    stop.set()
    await task
    assert sorted(chat for _, chat, _ in outbox.sent) == ["tinh", "xa", "xa2"]

"""A registration committed just before the process died still reaches its reviewers, once,
after the restart (issue 13: no notice lost between the commit and the send)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta

import pytest

from bot import App, Config, build_app
from core.notifier import DeferredNotifier
from core.testing import Conversation
from members import texts
from tests.activity_kit import NOW, FakeClock
from tests.test_members_kit import Outbox, approve_last


class Killed(BaseException):
    """The process dying (kill -9): nothing after this point runs."""


async def fill_in(chat: Conversation) -> None:
    """/dangky up to its last button (as tests.test_members_kit.register)."""
    await chat.say("/dangky")
    for text in ("Nguyễn Thị Lan", "0912345678", "quang phu"):
        await chat.say(text)
    await chat.press(1)
    await chat.say("Thôn 3")
    await chat.press(1)
    await chat.press("Thành viên")
    await chat.press("Đoàn thanh niên")


def requests_to_admin(outbox: Outbox) -> list[str]:
    return [r.text for r in outbox.to("admin") if r.text.startswith(texts.REQUEST_JOIN)]


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(NOW)


@pytest.fixture
async def first(config: Config, clock: FakeClock) -> AsyncIterator[App]:
    app = await build_app(config, clock=clock)
    yield app
    await app.close()


async def test_a_request_committed_before_a_kill_is_sent_once_after_the_restart(
    config: Config, clock: FakeClock, first: App, monkeypatch: pytest.MonkeyPatch,
) -> None:
    outbox = Outbox()
    outbox.install(first)
    lan = Conversation(first.core, user_id="lan", display_name="Lan")
    await fill_in(lan)

    async def killed(self: DeferredNotifier) -> None:
        raise Killed  # after the handler's commit, before its notices go out

    monkeypatch.setattr(DeferredNotifier, "flush", killed)
    with pytest.raises(Killed):
        await lan.press("Gửi đăng ký")
    monkeypatch.undo()
    assert requests_to_admin(outbox) == []
    row = await first.db.fetchone("SELECT COUNT(*) AS n FROM member_requests WHERE state = 'open'")
    assert row["n"] == 1  # committed, never sent

    again = await build_app(config, clock=clock)  # the restart, on the same database
    try:
        after = Outbox()
        after.install(again)
        await again.activity.jobs.run_due(NOW + timedelta(minutes=1))
        assert requests_to_admin(after) == []  # maybe still being sent by its handler
        await again.activity.jobs.run_due(NOW + timedelta(minutes=3))
        [sent] = requests_to_admin(after)
        assert "Nguyễn Thị Lan" in sent
        await again.activity.jobs.run_due(NOW + timedelta(minutes=4))
        await again.activity.jobs.run_due(NOW + timedelta(hours=2))
        assert len(requests_to_admin(after)) == 1  # once
        admin = Conversation(again.core, user_id="admin", display_name="Quản trị")
        await approve_last(after, admin)
        assert "Đã duyệt" in admin.text, admin.text
    finally:
        await again.close()


async def test_a_request_sent_at_once_is_not_sent_again_by_the_sweep(
    clock: FakeClock, first: App,
) -> None:
    outbox = Outbox()
    outbox.install(first)
    lan = Conversation(first.core, user_id="lan", display_name="Lan")
    await fill_in(lan)
    await lan.press("Gửi đăng ký")
    assert len(requests_to_admin(outbox)) == 1
    await first.activity.jobs.run_due(NOW + timedelta(minutes=5))
    assert len(requests_to_admin(outbox)) == 1

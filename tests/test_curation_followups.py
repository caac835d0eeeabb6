"""Issue 15, end to end: the villagers who asked are told once, only in private, only when
they asked within `notify_days`, and not at all when `notify_askers` is off; a commune
coordinator's proposal is approved by an admin and then answers villagers."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import timedelta

import pytest

from bot import App, Config, build_app
from core.testing import Conversation
from handlers.faq import curation_texts as t
from tests.activity_kit import NOW, FakeClock
from tests.test_members_kit import Outbox, coordinator

UNANSWERED = "bi nguoi la goi dien doa bat giam"  # no answer on the shipped base
SCAM = "safety.scam_signs"
TOLD = "nay đã có câu trả lời"


async def started(config: Config, clock: FakeClock) -> tuple[App, Outbox, Conversation]:
    app = await build_app(config, clock=clock)
    outbox = Outbox()
    outbox.install(app)
    return app, outbox, Conversation(app.core, user_id="admin", display_name="Quản trị")


async def attach(app: App, admin: Conversation) -> None:
    await admin.say("/cauhoimoi")
    await admin.press("🛠 1.")
    await admin.press(t.ATTACH_TO.format(title=app.faq.kb.get(SCAM).title))
    assert "Giờ em trả lời câu này" in admin.text, admin.text


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(NOW)


@pytest.fixture
async def world(config: Config,
                clock: FakeClock) -> AsyncIterator[tuple[App, Outbox, Conversation]]:
    built = await started(config, clock)
    yield built
    await built[0].close()


async def test_told_once_in_private_only_within_the_window(
    world: tuple[App, Outbox, Conversation], clock: FakeClock,
) -> None:
    app, outbox, admin = world
    old = Conversation(app.core, user_id="old", display_name="Bà Tư")
    await old.say(UNANSWERED)  # 8 days before the answer exists
    clock.now = NOW + timedelta(days=8)
    recent = Conversation(app.core, user_id="recent", display_name="Chị Lan")
    await recent.say(UNANSWERED)
    in_group = Conversation(app.core, user_id="grp", display_name="Anh Ba", chat_id="g-1",
                            group=True)
    await in_group.say(UNANSWERED, addressed_to_bot=True)
    await attach(app, admin)

    assert TOLD in outbox.text_to("recent") and UNANSWERED in outbox.text_to("recent")
    assert outbox.text_to("old") == ""  # asked more than notify_days (7) ago
    assert outbox.text_to("grp") == "" and outbox.text_to("g-1") == ""  # asked in a group
    assert [c for _, c, _ in outbox.sent if c == "g-1"] == []
    # Once: a second change of the entry tells nobody again.
    outbox.clear()
    await admin.say(f"/suakb {SCAM}")
    await admin.press(t.OPTION_FIELD["answer"])
    await admin.say("1. Không làm theo người lạ gọi điện.\n2. Gọi công an xã để hỏi lại.")
    await admin.press(t.OPTION_SAVE)
    assert "đã lưu" in admin.text.lower()
    assert outbox.text_to("recent") == ""


async def test_nobody_is_told_when_notify_askers_is_off(config: Config, clock: FakeClock) -> None:
    quiet = replace(config, curation=replace(config.curation, notify_askers=False))
    app, outbox, admin = await started(quiet, clock)
    try:
        villager = Conversation(app.core, user_id="lan", display_name="Chị Lan")
        await villager.say(UNANSWERED)
        await attach(app, admin)
        assert outbox.text_to("lan") == ""
        await villager.say(UNANSWERED)  # the answer itself is there at once
        assert villager.last[0].text.startswith(app.faq.kb.get(SCAM).title)
    finally:
        await app.close()


async def test_a_commune_coordinators_proposal_is_approved_by_an_admin(
    world: tuple[App, Outbox, Conversation],
) -> None:
    app, outbox, admin = world
    coord = await coordinator(app, outbox, admin, "xa", "0912000333", place="Quảng Phú")
    outbox.clear()
    await coord.say("/suakb vneid.passcode")
    await coord.press(t.OPTION_FIELD["answer"])
    await coord.say("1. Mở VNeID.\n2. Chọn Quên passcode.\n3. Làm theo hướng dẫn.")
    assert t.OPTION_SAVE not in [o.label for o in coord.options]  # coordinators_edit: false
    await coord.press(t.OPTION_PROPOSE)
    assert "đã gửi đề xuất" in coord.text
    villager = Conversation(app.core, user_id="lan", display_name="Chị Lan")
    await villager.say("quên passcode vneid")
    assert "Chọn Quên passcode" not in villager.text  # not before an admin approves

    assert "Chọn Quên passcode" in outbox.text_to("admin")
    await admin.say("/duyetkb")
    await admin.press("Duyệt")
    assert "đã duyệt đề xuất" in admin.text.lower(), admin.text
    assert "đã được duyệt" in outbox.text_to("xa")
    await villager.say("quên passcode vneid")
    assert "Chọn Quên passcode" in villager.text
    await admin.say("/lichsukb vneid.passcode")
    assert "Quản trị · sửa vneid.passcode" in admin.text

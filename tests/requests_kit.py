"""Helpers for the request tests: the activity world, a recording notifier, a villager who
walks through /nhotro, and a chat that presses the buttons of a notice it received."""

from __future__ import annotations

from datetime import UTC, datetime

from core.clock import VIETNAM
from core.testing import Conversation
from tests.activity_kit import World
from tests.test_members_kit import Outbox


def vn(day: int, hour: int, minute: int = 0, month: int = 11) -> datetime:
    """A moment given in Vietnam time (November 2026 unless told)."""
    return datetime(2026, month, day, hour, minute, tzinfo=VIETNAM).astimezone(UTC)


def notices(outbox: Outbox, chat: Conversation) -> list:
    """Show `chat` what the bot sent it outside a reply, as if it were the last reply."""
    chat.last = outbox.to(chat.chat.chat_id, chat.sender.platform)
    return chat.last


async def deliver(world: World) -> int:
    assert world.app.requests is not None
    return await world.app.requests.s.outbox.deliver_due(world.clock.now)


async def ask_for_help(world: World, villager: Conversation, *, village: str = "Thôn 1",
                       service: str = "VNeID", detail: str = "định danh mức 2 cho mẹ",
                       phone: str | None = "0912 345 678", first_time: bool = True) -> str:
    """/nhotro from the start to Gửi; returns what the villager read at the end."""
    await villager.say("/nhotro")
    if first_time:
        await villager.say(world.home.commune_name)
        await villager.press(world.home.commune_name)
        if village == "none":
            await villager.press("Không thấy thôn")
        else:
            await villager.press(village)
    await villager.press(service)
    await villager.say(detail)
    await villager.press("Tại nhà")
    await villager.press("Buổi sáng")
    if phone:
        await villager.press("Đồng ý")
        await villager.say(phone)
    else:
        await villager.press("Không để số")
    assert "kiểm tra lại" in villager.text
    await villager.press("Gửi")
    return villager.text

"""Helpers for the members tests: a recording notifier and a registration walk-through."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from bot import App
from core.model import Reply
from core.testing import Conversation


@dataclass
class Outbox:
    """Messages the bot sent to other people, by (platform, chat id)."""

    sent: list[tuple[str, str, list[Reply]]] = field(default_factory=list)

    def install(self, app: App, platforms: Sequence[str] = ("test", "telegram", "zalo")) -> None:
        for platform in platforms:
            async def send(chat_id: str, replies: Sequence[Reply], platform: str = platform):
                self.sent.append((platform, chat_id, list(replies)))
            app.core.notifier.register(platform, send)

    def to(self, chat_id: str, platform: str = "test") -> list[Reply]:
        return [r for p, c, replies in self.sent if p == platform and c == chat_id
                for r in replies]

    def text_to(self, chat_id: str, platform: str = "test") -> str:
        return "\n".join(r.text for r in self.to(chat_id, platform))

    def clear(self) -> None:
        self.sent.clear()


async def register(
    chat: Conversation, *, name: str = "Nguyễn Thị Lan", phone: str = "0912345678",
    commune: str = "quang phu", village: str = "Thôn 3", role: str = "Thành viên",
    org: str = "Đoàn thanh niên",
) -> None:
    """Walk through /dangky with valid answers and send it."""
    await chat.say("/dangky")
    await chat.say(name)
    await chat.say(phone)
    await chat.say(commune)
    await chat.press(1)
    await chat.say(village)
    await chat.press(1)
    await chat.press(role)
    await chat.press(org)
    assert "kiểm tra lại" in chat.text, chat.text
    await chat.press("Gửi đăng ký")
    assert "đã gửi đăng ký" in chat.text.lower(), chat.text


async def approve_last(outbox: Outbox, reviewer: Conversation) -> list[Reply]:
    """Press "Duyệt" on the last request the reviewer was sent."""
    reviewer.last = outbox.to(reviewer.sender.user_id, reviewer.sender.platform)[-1:]
    return await reviewer.press("Duyệt")


async def approved_member(app: App, outbox: Outbox, admin: Conversation, user_id: str,
                          **answers: str) -> Conversation:
    """A member registered and approved by the admin (no coordinator yet)."""
    chat = Conversation(app.core, user_id=user_id, display_name=user_id)
    await register(chat, **answers)
    await approve_last(outbox, admin)
    assert "Đã duyệt" in admin.text, admin.text
    return chat


async def coordinator(app: App, outbox: Outbox, admin: Conversation, user_id: str,
                      phone: str, place: str = "Quảng Phú", **answers: str) -> Conversation:
    """An approved member (living in `place`) appointed coordinator of the commune `place`
    ("tỉnh": of the province)."""
    if place != "tỉnh":
        answers.setdefault("commune", place)
    chat = await approved_member(app, outbox, admin, user_id, phone=phone, **answers)
    await admin.say(f"/bonhiem {phone} {place}")
    assert "đã giao" in admin.text.lower(), admin.text
    return chat

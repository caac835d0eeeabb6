"""A request end to end through the real adapters and the fake servers: a villager on Zalo,
two members on Telegram, and a restart of the bot in the middle."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import replace

import pytest

from bot import App, build_app, configured_channels
from channels.settings import ChannelSettings
from tests.activity_kit import FakeClock, People
from tests.fake_telegram import TOKEN as TELEGRAM_TOKEN
from tests.fake_telegram import FakeBotApi, buttons_of
from tests.fake_zalo import FakeZalo, text_update
from tests.requests_kit import vn

LAN, MINH = 101, 102
VILLAGER = "u-dan"

pytestmark = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")


@asynccontextmanager
async def serving(config, clock: FakeClock, telegram: FakeBotApi,
                  zalo: FakeZalo) -> AsyncIterator[App]:
    """The bot as bot.py runs it, on both messengers, until the block ends."""
    app = await build_app(config, clock=clock)
    app.config = replace(app.config, telegram=ChannelSettings(
        enabled=True, token=TELEGRAM_TOKEN, token_env="TELEGRAM_BOT_TOKEN",
        base_url=telegram.base_url, mode="polling", webhook=None), zalo=ChannelSettings(
        enabled=True, token=zalo.token, token_env="ZALO_BOT_TOKEN", base_url=zalo.base_url,
        mode="polling", webhook=None))
    channels = configured_channels(app)
    stop = asyncio.Event()
    served = asyncio.gather(*(channel.run(stop) for channel in channels))
    try:
        await asyncio.wait_for(asyncio.gather(*(c.ready.wait() for c in channels)), 10)
        yield app
    finally:
        stop.set()
        await asyncio.wait_for(served, 15)
        await app.close()


class Villager:
    """The villager typing on Zalo."""

    def __init__(self, zalo: FakeZalo) -> None:
        self.zalo = zalo
        self.ids = iter(range(1, 10_000))

    def _mine(self) -> list[str]:
        return [p["text"] for p in self.zalo.sent() if p["chat_id"] == VILLAGER]

    async def say(self, text: str) -> str:
        """Send a message; returns everything the bot wrote back to it."""
        before = len(self._mine())
        self.zalo.push(text_update(text, message_id=f"d{next(self.ids)}", user_id=VILLAGER,
                                   name="Bà Tư"))
        await self.zalo.wait_until(lambda: len(self._mine()) > before)
        await asyncio.sleep(0.05)  # a reply may have more than one message
        return "\n".join(self._mine()[before:])

    async def wait_for(self, part: str) -> str:
        await self.zalo.wait_until(lambda: any(part in t for t in self._mine()))
        return next(t for t in reversed(self._mine()) if part in t)


def number_of(text: str, label: str) -> str:
    """The number Zalo shows in front of an option."""
    for line in text.splitlines():
        head, _, rest = line.partition(". ")
        if head.isdigit() and label in rest:
            return head
    raise AssertionError(f"no option {label!r} in {text!r}")


async def press(api: FakeBotApi, user_id: int, message: dict, label: str) -> dict:
    """A Telegram member presses a button; returns the bot's next message to them."""
    before = len(api.sent_to(user_id))
    data = next(b["callback_data"] for row in buttons_of(message) for b in row
                if label in b["text"])
    api.push_callback(user_id, data, message)
    await api.wait_for_sent(before + 1, chat_id=user_id)
    await asyncio.sleep(0.1)  # a reply may have more than one message
    return api.sent_to(user_id)[-1]


async def say(api: FakeBotApi, user_id: int, text: str) -> dict:
    before = len(api.sent_to(user_id))
    api.push_text(user_id, text)
    sent = await api.wait_for_sent(before + 1, chat_id=user_id)
    return sent[-1]


def last_with(api: FakeBotApi, user_id: int, part: str) -> dict:
    return next(m for m in reversed(api.sent_to(user_id)) if part in m.get("text", ""))


async def test_villager_on_zalo_and_two_members_on_telegram_with_a_restart(config) -> None:
    clock = FakeClock(vn(18, 9, 0))
    async with FakeBotApi() as telegram:
        zalo = await FakeZalo().start()
        try:
            async with serving(config, clock, telegram, zalo) as app:
                people = People(app)
                commune = (await people.communes(1))[0]
                home = await people.village(commune, "Thôn Đông")
                for user_id, name in ((LAN, "Nguyễn Thị Lan"), (MINH, "Trần Văn Minh")):
                    member = await people.member(home, str(user_id), name=name)
                    await app.db.write("UPDATE identities SET platform = 'telegram'"
                                       " WHERE member_id = ?", (member,))
                dan = Villager(zalo)
                text = await dan.say("/nhotro")
                assert "xã/phường" in text
                text = await dan.say(commune[1])
                text = await dan.say(number_of(text, commune[1]))
                text = await dan.say(number_of(text, "Thôn Đông"))
                text = await dan.say(number_of(text, "VNeID"))
                text = await dan.say("cài VNeID cho bố")
                text = await dan.say(number_of(text, "Tại nhà"))
                text = await dan.say(number_of(text, "Buổi chiều"))
                text = await dan.say(number_of(text, "Không để số"))
                assert "kiểm tra lại" in text
                text = await dan.say(number_of(text, "Gửi"))
                assert "2 thành viên" in text and "#1" in text
                await telegram.wait_for_sent(1, chat_id=LAN)
                await telegram.wait_for_sent(1, chat_id=MINH)

            # The bot restarts; the request and its buttons on Telegram still work.
            async with serving(config, clock, telegram, zalo) as app:
                notice = last_with(telegram, LAN, "cài VNeID cho bố")
                taken = await press(telegram, LAN, notice, "Tôi nhận")
                assert "Anh/chị đã nhận yêu cầu #1" in taken["text"]
                other = await press(telegram, MINH, last_with(telegram, MINH, "Tôi nhận"),
                                    "Tôi nhận")
                assert "nhận trước" in other["text"]
                told = await dan.wait_for("đã nhận yêu cầu #1")
                assert "Nguyễn Thị Lan" in told and str(LAN) not in told

                await press(telegram, LAN, taken, "Nhắn người dân")
                await say(telegram, LAN, "Chiều nay 3 giờ em qua nhà ạ")
                relayed = await dan.wait_for("Chiều nay 3 giờ")
                text = await dan.say(number_of(relayed, "Trả lời"))
                await dan.say("Vâng, tôi ở nhà")
                heard = await telegram.wait_until(lambda: any(
                    "Vâng, tôi ở nhà" in m.get("text", "") for m in telegram.sent_to(LAN)))
                assert heard is None

                log_offer = await press(telegram, LAN, taken, "Đã hỗ trợ xong")
                assert "Lưu" in str(buttons_of(log_offer))
                saved = await press(telegram, LAN, log_offer, "Lưu")
                assert "đã lưu" in saved["text"]
                closed = await dan.wait_for("đã xong")
                text = await dan.say(number_of(closed, "Có, cảm ơn"))
                await dan.say(number_of(text, "Bỏ qua"))
                row = await app.db.fetchone("SELECT state, feedback, taken_by FROM help_requests")
                logs = await app.db.fetchone("SELECT COUNT(*) AS n FROM activity_logs")
        finally:
            await zalo.stop()
    assert (row["state"], row["feedback"]) == ("closed", 1) and logs["n"] == 1

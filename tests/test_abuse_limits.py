"""Guessing link codes, broken text from messengers."""

from __future__ import annotations

import re

from bot import App
from core.testing import Conversation
from tests.test_members_approvals import outbox
from tests.test_members_profile import approved_member

__all__ = ["outbox"]


async def test_link_codes_lock_after_five_wrong_ones(app: App, outbox, admin) -> None:
    lan = await approved_member(app, outbox, admin, "lan")
    await lan.say("/lienket")
    code = re.search(r"/lienket (\d{8})", lan.text).group(1)
    guesser = Conversation(app.core, platform="zalo", user_id="z-guess")
    wrong = [c for c in (f"{n:08d}" for n in range(10)) if c != code][:5]
    for attempt in wrong[:4]:
        await guesser.say(f"/lienket {attempt}")
        assert "không đúng" in guesser.text
    await guesser.say(f"/lienket {wrong[4]}")
    assert "sai mã 5 lần" in guesser.text
    await guesser.say(f"/lienket {code}")  # even the right code, while locked
    assert "tạm khóa" in guesser.text
    assert (await app.core.principals.principal_of(guesser.sender)).member_id is None
    # another account is not affected
    zalo = Conversation(app.core, platform="zalo", user_id="z-lan")
    await zalo.say(f"/lienket {code}")
    assert "đã liên kết" in zalo.text


async def test_lone_surrogates_from_a_messenger_do_not_crash_handlers(
        app: App, villager: Conversation) -> None:
    for text in ("quên mật khẩu \ud83d vneid", "\udfff", "/chude \ud800"):
        replies = await villager.say(text)
        assert replies and "gặp lỗi" not in replies[0].text


async def test_a_flood_gets_one_slow_down_and_is_then_ignored_for_a_while(app: App) -> None:
    from core.ratelimit import RateLimiter
    from core.texts import SLOW_DOWN

    now = [0.0]
    app.core.limiter = RateLimiter(burst=5, per_minute=6, quiet_seconds=60, clock=lambda: now[0])
    flooder = Conversation(app.core, user_id="flood")
    for _ in range(5):
        assert (await flooder.say("xin chào"))[0].text != SLOW_DOWN
    assert [r.text for r in await flooder.say("xin chào")] == [SLOW_DOWN]
    assert await flooder.say("xin chào") == []  # ignored, not answered again and again
    other = Conversation(app.core, user_id="calm")
    assert (await other.say("xin chào"))[0].text != SLOW_DOWN  # others are served
    now[0] = 61.0
    assert (await flooder.say("xin chào"))[0].text != SLOW_DOWN

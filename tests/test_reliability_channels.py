"""Nothing a person sent is dropped by a crash; webhooks refuse oversized bodies unread."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator

import httpx
import pytest

from bot import Config, build_app
from channels.settings import WebhookSettings
from channels.telegram.channel import TelegramChannel
from channels.telegram.polling import OffsetTracker
from channels.webhook import MAX_BODY_BYTES
from channels.zalo.channel import ZaloChannel
from core.model import Incoming, Reply
from core.router import CommandSpec, Context
from tests.fake_telegram import FakeBotApi
from tests.fake_zalo import FakeZalo, text_update
from tests.test_telegram import HOA, LAN, telegram_settings
from tests.test_zalo import FAST, settings_for

pytestmark = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")


@pytest.fixture
async def api() -> AsyncIterator[FakeBotApi]:
    async with FakeBotApi() as server:
        yield server


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_the_offset_confirms_only_finished_updates() -> None:
    tracker = OffsetTracker()
    assert tracker.offset() is None
    for uid in (10, 11, 12):
        tracker.start(uid)
    tracker.finish(11)
    tracker.finish(12)
    assert tracker.offset() == 10  # 10 is still being handled: 11 and 12 are handed out again
    assert not tracker.is_new(11) and not tracker.is_new(10) and tracker.is_new(13)
    tracker.finish(10)
    assert tracker.offset() == 13


async def test_telegram_hands_out_again_what_a_crash_interrupted(
        config: Config, api: FakeBotApi) -> None:
    started = asyncio.Event()

    async def slow(ctx: Context, msg: Incoming) -> list[Reply]:
        started.set()
        await asyncio.sleep(3600)  # the process is killed while this runs
        return []

    async def fast(ctx: Context, msg: Incoming) -> list[Reply]:
        return [Reply("Dạ, em đã ghi nhận.")]

    first = await build_app(config)
    first.core.router.command(CommandSpec("ghi", slow, "test"))
    channel = TelegramChannel(first.core, telegram_settings(api))
    task = asyncio.create_task(channel.run(asyncio.Event()))
    await asyncio.wait_for(channel.ready.wait(), 10)
    update = api.push_text(LAN, "/ghi")
    await asyncio.wait_for(started.wait(), 10)
    await asyncio.sleep(0.3)  # several getUpdates calls go by while it is handled
    offsets = [call.params.get("offset") for call in api.calls_of("getUpdates")]
    assert all(offset is None or int(offset) <= update["update_id"] for offset in offsets)
    task.cancel()  # as abrupt as a crash: no drain, no final confirmation
    await asyncio.gather(task, return_exceptions=True)
    await first.close()

    second = await build_app(config)
    second.core.router.command(CommandSpec("ghi", fast, "test"))
    channel = TelegramChannel(second.core, telegram_settings(api))
    stop = asyncio.Event()
    task = asyncio.create_task(channel.run(stop))
    try:
        [reply] = await api.wait_for_sent(1, chat_id=LAN)
    finally:
        stop.set()
        await asyncio.wait_for(task, 15)
        await second.close()
    assert reply["text"] == "Dạ, em đã ghi nhận."


async def _post_raw(port: int, path: str, headers: dict[str, str], body: bytes) -> bytes:
    """A raw HTTP request (the body may be much shorter than declared); the response."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    head = "".join(f"{k}: {v}\r\n" for k, v in headers.items())
    writer.write(f"POST /{path} HTTP/1.1\r\nHost: x\r\n{head}\r\n".encode() + body)
    await writer.drain()
    try:
        return await asyncio.wait_for(reader.read(4096), 5)
    finally:
        writer.close()


async def _check_oversized_bodies(port: int, path: str, header: str, secret: str) -> None:
    declared = {header: secret, "Content-Length": str(50 * 1024 * 1024)}
    answer = await _post_raw(port, path, declared, b"{" * 1000)
    assert b" 413 " in answer.split(b"\r\n", 1)[0]  # refused from the header alone
    wrong = {header: "sai-bi-mat", "Content-Length": str(MAX_BODY_BYTES // 2)}
    answer = await _post_raw(port, path, wrong, b"{" * 1000)
    assert b" 403 " in answer.split(b"\r\n", 1)[0]  # refused before the body is read
    async with httpx.AsyncClient() as client:
        big = b'{"x": "' + b"a" * (MAX_BODY_BYTES + 10) + b'"}'
        async def chunks() -> AsyncIterator[bytes]:  # no Content-Length: counted as it comes
            for start in range(0, len(big), 65536):
                yield big[start:start + 65536]
        try:
            response = await client.post(f"http://127.0.0.1:{port}/{path}", content=chunks(),
                                         headers={header: secret})
            assert response.status_code in (400, 413)  # tornado or the handler refuses
        except httpx.HTTPError:
            pass  # the server may close the connection while the client is still sending
        health = await client.get(f"http://127.0.0.1:{port}/healthz")
        assert health.status_code == 200 and health.json() == {"ok": True}


async def test_telegram_webhook_refuses_bodies_over_1_mb_and_has_a_health_check(
        config: Config, api: FakeBotApi) -> None:
    app = await build_app(config)
    port = free_port()
    hook = WebhookSettings(public_url="https://bot.example.org", listen="127.0.0.1", port=port,
                           path="telegram", secret_token="bi-mat-cua-thon")
    channel = TelegramChannel(app.core, telegram_settings(api, mode="webhook", webhook=hook))
    stop = asyncio.Event()
    task = asyncio.create_task(channel.run(stop))
    try:
        await asyncio.wait_for(channel.ready.wait(), 10)
        await _check_oversized_bodies(port, "telegram", "X-Telegram-Bot-Api-Secret-Token",
                                      "bi-mat-cua-thon")
    finally:
        stop.set()
        await asyncio.wait_for(task, 15)
        await app.close()


async def test_zalo_webhook_refuses_bodies_over_1_mb_and_has_a_health_check(
        config: Config) -> None:
    fake = await FakeZalo().start()
    app = await build_app(config)
    port = free_port()
    hook = WebhookSettings(public_url="https://bot.example.org", listen="127.0.0.1", port=port,
                           path="zalo", secret_token="bi-mat-webhook-123")
    channel = ZaloChannel(app.core, settings_for(fake, mode="webhook", webhook=hook),
                          backoff=FAST)
    stop = asyncio.Event()
    task = asyncio.create_task(channel.run(stop))
    try:
        await asyncio.wait_for(channel.ready.wait(), 10)
        await _check_oversized_bodies(port, "zalo", "X-Bot-Api-Secret-Token",
                                      "bi-mat-webhook-123")
    finally:
        stop.set()
        await asyncio.wait_for(task, 15)
        await app.close()
        await fake.stop()


async def test_a_slow_update_is_parked_and_nobody_waits_behind_it(
        config: Config, api: FakeBotApi, monkeypatch: pytest.MonkeyPatch) -> None:
    """A coordinator's long command must not stop everyone else's messages: Telegram hands
    updates out in order, so the slow one is kept in the database and the offset moves on."""
    monkeypatch.setattr("channels.telegram.polling.PARK_AFTER", 0.2)
    release = asyncio.Event()

    async def slow(ctx: Context, msg: Incoming) -> list[Reply]:
        await release.wait()
        return [Reply("Dạ, báo cáo đã xong.")]

    async def fast(ctx: Context, msg: Incoming) -> list[Reply]:
        return [Reply("Dạ, em đã ghi nhận.")]

    app = await build_app(config)
    app.core.router.command(CommandSpec("baocaolau", slow, "test"))
    app.core.router.command(CommandSpec("ghi", fast, "test"))
    channel = TelegramChannel(app.core, telegram_settings(api))
    stop = asyncio.Event()
    task = asyncio.create_task(channel.run(stop))
    try:
        await asyncio.wait_for(channel.ready.wait(), 10)
        slow_update = api.push_text(LAN, "/baocaolau")
        others = list(range(1000, 1150))  # more than one getUpdates batch (100)
        for user in others:
            api.push_text(user, "/ghi")
        for user in others:
            await api.wait_for_sent(1, chat_id=user)
        parked = await app.core.db.fetchall("SELECT update_id FROM parked_updates")
        assert [row["update_id"] for row in parked] == [slow_update["update_id"]]
        assert not api.sent_to(LAN)  # still being handled
        release.set()
        [reply] = await api.wait_for_sent(1, chat_id=LAN)
        assert reply["text"] == "Dạ, báo cáo đã xong."
        await api.wait_until(lambda: True)
        assert await app.core.db.fetchall("SELECT * FROM parked_updates") == []
    finally:
        release.set()
        stop.set()
        await asyncio.wait_for(task, 15)
        await app.close()


async def test_a_parked_update_is_handled_after_a_crash(
        config: Config, api: FakeBotApi, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("channels.telegram.polling.PARK_AFTER", 0.1)
    started = asyncio.Event()

    async def slow(ctx: Context, msg: Incoming) -> list[Reply]:
        started.set()
        await asyncio.sleep(3600)  # the process is killed while this runs
        return []

    async def fast(ctx: Context, msg: Incoming) -> list[Reply]:
        return [Reply("Dạ, em đã ghi nhận.")]

    first = await build_app(config)
    first.core.router.command(CommandSpec("ghi", slow, "test"))
    first.core.router.command(CommandSpec("khac", fast, "test"))
    channel = TelegramChannel(first.core, telegram_settings(api))
    task = asyncio.create_task(channel.run(asyncio.Event()))
    await asyncio.wait_for(channel.ready.wait(), 10)
    update = api.push_text(LAN, "/ghi")
    await asyncio.wait_for(started.wait(), 10)
    api.push_text(HOA, "/khac")  # behind the slow one: it gets it parked
    await api.wait_for_sent(1, chat_id=HOA)

    async def parked_rows() -> int:
        return len(await first.core.db.fetchall("SELECT 1 FROM parked_updates"))

    for _ in range(100):
        if await parked_rows() and any(
                int(call.params.get("offset") or 0) > update["update_id"]
                for call in api.calls_of("getUpdates")):
            break
        await asyncio.sleep(0.05)
    assert await parked_rows() == 1  # kept by us before Telegram was told to move on
    task.cancel()  # as abrupt as a crash: no drain, no final confirmation
    await asyncio.gather(task, return_exceptions=True)
    await first.close()

    second = await build_app(config)
    second.core.router.command(CommandSpec("ghi", fast, "test"))
    channel = TelegramChannel(second.core, telegram_settings(api))
    stop = asyncio.Event()
    task = asyncio.create_task(channel.run(stop))
    try:
        [reply] = await api.wait_for_sent(1, chat_id=LAN)
        assert reply["text"] == "Dạ, em đã ghi nhận."
        for _ in range(100):
            if not await second.core.db.fetchall("SELECT 1 FROM parked_updates"):
                break
            await asyncio.sleep(0.05)
        assert await second.core.db.fetchall("SELECT 1 FROM parked_updates") == []
    finally:
        stop.set()
        await asyncio.wait_for(task, 15)
        await second.close()


async def test_zalo_polling_answers_after_a_crash_what_it_had_taken(config: Config) -> None:
    """Zalo forgets an update once getUpdates hands it out, so the bot keeps it until it is
    answered: a crash while answering leaves it for the next start."""
    started = asyncio.Event()

    async def slow(ctx: Context, msg: Incoming) -> list[Reply]:
        started.set()
        await asyncio.sleep(3600)  # the process is killed while this runs
        return []

    async def fast(ctx: Context, msg: Incoming) -> list[Reply]:
        return [Reply("Dạ, em đã ghi nhận.")]

    fake = await FakeZalo().start()
    try:
        first = await build_app(config)
        first.core.router.command(CommandSpec("ghi", slow, "test"))
        channel = ZaloChannel(first.core, settings_for(fake), backoff=FAST)
        task = asyncio.create_task(channel.run(asyncio.Event()))
        fake.push(text_update("/ghi", message_id="m-crash", user_id="u-lan"))
        await asyncio.wait_for(started.wait(), 10)
        task.cancel()  # as abrupt as a crash
        await asyncio.gather(task, return_exceptions=True)
        await first.close()
        assert not fake.sent()

        second = await build_app(config)
        second.core.router.command(CommandSpec("ghi", fast, "test"))
        channel = ZaloChannel(second.core, settings_for(fake), backoff=FAST)
        stop = asyncio.Event()
        task = asyncio.create_task(channel.run(stop))
        try:
            await fake.wait_for_text("Dạ, em đã ghi nhận.")
            assert [m["chat_id"] for m in fake.sent()] == ["u-lan"]
            await fake.wait_until(lambda: True)
            for _ in range(100):
                if not await second.core.db.fetchall("SELECT 1 FROM parked_updates"):
                    break
                await asyncio.sleep(0.05)
            assert await second.core.db.fetchall("SELECT 1 FROM parked_updates") == []
        finally:
            stop.set()
            await asyncio.wait_for(task, 15)
            await second.close()
    finally:
        await fake.stop()

"""The real Zalo adapter against a local fake Zalo Bot API server (tests/fake_zalo.py)."""

from __future__ import annotations

import asyncio
import logging
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import replace
from pathlib import Path

import httpx
import pytest
import yaml

from bot import App, Config, build_app, configured_channels
from channels.settings import ChannelSettings, WebhookSettings
from channels.zalo import texts as zalo_texts
from channels.zalo.api import Backoff
from channels.zalo.channel import ZaloChannel
from core.config_errors import ConfigError
from core.model import Incoming, OutgoingFile, Reply
from core.router import CommandSpec, Context
from core.testing import Conversation
from core.texts import UNSUPPORTED
from handlers.faq import texts as faq_texts
from tests.fake_zalo import BOT_DISPLAY_NAME, FakeZalo, post_webhook, text_update

ROOT = Path(__file__).resolve().parents[1]
QUESTION = "quen mat khau vneid"
SECRET = "bi-mat-webhook-123"
FAST = Backoff(initial=0.01, cap=0.05)


@pytest.fixture
async def fake() -> AsyncIterator[FakeZalo]:
    server = await FakeZalo().start()
    yield server
    await server.stop()


def settings_for(fake: FakeZalo, **changes: object) -> ChannelSettings:
    base = ChannelSettings(
        enabled=True, token=fake.token, token_env="ZALO_BOT_TOKEN", base_url=fake.base_url,
        mode="polling", webhook=None,
    )
    return replace(base, **changes)


@asynccontextmanager
async def running(channel: ZaloChannel) -> AsyncIterator[asyncio.Task[None]]:
    stop = asyncio.Event()
    task = asyncio.create_task(channel.run(stop))
    try:
        await asyncio.wait({task, asyncio.ensure_future(channel.ready.wait())},
                           return_when=asyncio.FIRST_COMPLETED)
        if task.done():
            task.result()
        yield task
    finally:
        stop.set()
        await asyncio.wait_for(task, 15)


def polling_channel(app: App, fake: FakeZalo, **kwargs: object) -> ZaloChannel:
    return ZaloChannel(app.core, settings_for(fake), backoff=FAST,  # type: ignore[arg-type]  # test options
                       **kwargs)


def add_command(app: App, name: str, replies: list[Reply]) -> None:
    async def handler(ctx: Context, msg: Incoming) -> list[Reply]:
        return replies

    app.core.router.command(CommandSpec(name, handler, "test only"))


# --- polling --------------------------------------------------------------------------


async def test_a_question_is_answered_in_the_same_chat(app: App, fake: FakeZalo) -> None:
    title = app.faq.match(QUESTION).entry.title
    async with running(polling_channel(app, fake)):
        fake.push(text_update(QUESTION, message_id="m1", user_id="u-lan"))
        answer = await fake.wait_for_text(title)
    assert fake.sent()[0]["chat_id"] == "u-lan"
    assert answer.startswith(title)
    assert fake.count("deleteWebhook") == 1  # polling and webhook exclude each other
    assert fake.calls.index(("deleteWebhook", {})) < [m for m, _ in fake.calls].index("getUpdates")


@pytest.mark.parametrize("name_field", ["display_name", "first_name"])
async def test_options_are_numbered_and_a_typed_number_picks_one(
    app: App, name_field: str,
) -> None:
    fake = await FakeZalo(updates_as_list=True).start()
    try:
        async with running(polling_channel(app, fake)):
            fake.push(text_update("/start", message_id="m1", name="Chị Lan",
                                  name_field=name_field))
            welcome = await fake.wait_for_text("Chị Lan")
            assert f"2. {faq_texts.OPTION_BROWSE}" in welcome
            fake.push(text_update("2", message_id="m2", name="Chị Lan", name_field=name_field))
            themes = await fake.wait_for_text(faq_texts.THEMES)
    finally:
        await fake.stop()
    assert themes.startswith(faq_texts.THEMES)
    assert "\n1. " in themes


async def test_typing_is_shown_before_a_slow_answer(app: App, fake: FakeZalo) -> None:
    add_command(app, "cham", [Reply("xong")])
    channel = ZaloChannel(app.core, settings_for(fake), backoff=FAST, typing_after=0)
    async with running(channel):
        fake.push(text_update("/cham", message_id="m1", user_id="u-lan"))
        await fake.wait_for_text("xong")
    methods = [method for method, _ in fake.calls]
    assert ("sendChatAction", {"chat_id": "u-lan", "action": "typing"}) in fake.calls
    assert methods.index("sendChatAction") < methods.index("sendMessage")


async def test_several_updates_in_one_list_are_answered_in_order(app: App) -> None:
    fake = await FakeZalo(updates_as_list=True).start()
    try:
        add_command(app, "mot", [Reply("một")])
        add_command(app, "hai", [Reply("hai")])
        fake.push(text_update("/mot", message_id="m1"), text_update("/hai", message_id="m2"))
        async with running(polling_channel(app, fake)):
            await fake.wait_until(lambda: len(fake.texts) >= 2)
    finally:
        await fake.stop()
    assert fake.texts == ["một", "hai"]


async def test_a_long_answer_is_split_at_paragraphs_in_order(app: App, fake: FakeZalo) -> None:
    paragraphs = [f"Đoạn {i}: " + "chữ " * 110 for i in range(10)]
    long_text = "\n\n".join(p.strip() for p in paragraphs)
    assert len(long_text) > 4000
    add_command(app, "dai", [Reply(long_text)])
    async with running(polling_channel(app, fake)):
        fake.push(text_update("/dai", message_id="m1"))
        await fake.wait_until(lambda: "Đoạn 9" in "".join(fake.texts))
    parts = fake.texts
    assert len(parts) == 3
    assert all(len(part) <= 2000 for part in parts)
    assert "\n\n".join(parts) == long_text
    assert all(part.startswith("Đoạn") for part in parts)


async def test_a_duplicate_message_is_answered_once(app: App, fake: FakeZalo) -> None:
    add_command(app, "xong", [Reply("xong")])
    title = app.faq.match(QUESTION).entry.title
    async with running(polling_channel(app, fake)):
        update = text_update(QUESTION, message_id="same-id")
        fake.push(update, update, text_update("/xong", message_id="m2"))
        await fake.wait_for_text("xong")
    assert sum(title in text for text in fake.texts) == 1


async def test_server_errors_are_survived_and_later_messages_answered(
    app: App, fake: FakeZalo,
) -> None:
    fake.fail_next("getUpdates", status=500, times=3)
    fake.fail_next("getUpdates", status=502, times=1)
    title = app.faq.match(QUESTION).entry.title
    async with running(polling_channel(app, fake)) as task:
        fake.push(text_update(QUESTION, message_id="m1"))
        await fake.wait_for_text(title)
        assert not task.done()
    assert fake.count("getUpdates") >= 5


async def test_an_unreachable_server_is_retried_until_it_answers(app: App) -> None:
    fake = await FakeZalo().start()
    port = int(fake.base_url.rsplit(":", 1)[1])
    await fake.stop()  # nothing listens there now: every call fails to connect
    title = app.faq.match(QUESTION).entry.title
    channel = polling_channel(app, fake)
    stop = asyncio.Event()
    task = asyncio.create_task(channel.run(stop))
    try:
        await asyncio.sleep(0.2)
        assert not task.done()  # still trying, not crashed
        await fake.start(port)  # Zalo is back
        fake.push(text_update(QUESTION, message_id="m1"))
        await fake.wait_for_text(title)
    finally:
        stop.set()
        await asyncio.wait_for(task, 10)
        await fake.stop()
    assert fake.count("getMe") == 1


@pytest.mark.parametrize("answer", [(401, 401), (404, 404), (200, 401)])
async def test_a_bad_token_stops_start_up_naming_the_variable(
    app: App, answer: tuple[int, int], caplog: pytest.LogCaptureFixture,
) -> None:
    fake = await FakeZalo(bad_token_answer=answer).start()
    try:
        channel = ZaloChannel(app.core, settings_for(fake, token="999:wrong-token-value"),
                              backoff=FAST)
        with caplog.at_level(logging.DEBUG), pytest.raises(ConfigError) as raised:
            await asyncio.wait_for(channel.run(asyncio.Event()), 10)
    finally:
        await fake.stop()
    message = str(raised.value)
    assert "ZALO_BOT_TOKEN" in message and "Zalo Bot Creator" in message
    assert "wrong-token-value" not in message + caplog.text
    assert fake.count("getUpdates") == 0


async def test_the_token_never_reaches_the_logs(
    app: App, fake: FakeZalo, caplog: pytest.LogCaptureFixture,
) -> None:
    fake.fail_next("getUpdates", status=500)
    title = app.faq.match(QUESTION).entry.title
    with caplog.at_level(logging.DEBUG):
        async with running(polling_channel(app, fake)):
            fake.push(text_update(QUESTION, message_id="m1"))
            await fake.wait_for_text(title)
    assert "getUpdates" in caplog.text  # the error was logged ...
    assert fake.token not in caplog.text  # ... without the token
    assert "fake-zalo-token" not in caplog.text


async def test_stickers_and_pictures_get_a_polite_request_for_text(
    app: App, fake: FakeZalo,
) -> None:
    async with running(polling_channel(app, fake)):
        fake.push(text_update("", message_id="m1", event="message.sticker.received"))
        await fake.wait_until(lambda: len(fake.texts) >= 1)
        fake.push(text_update("", message_id="m2", event="message.image.received"))
        await fake.wait_until(lambda: len(fake.texts) >= 2)
    assert fake.texts == [UNSUPPORTED, UNSUPPORTED]


async def test_in_a_group_only_mentions_and_commands_are_answered(
    app: App, fake: FakeZalo,
) -> None:
    title = app.faq.match(QUESTION).entry.title
    group = {"chat_id": "g-thon-1", "group": True}
    add_command(app, "xong", [Reply("xong")])
    async with running(polling_channel(app, fake)):
        fake.push(text_update(QUESTION, message_id="m1", user_id="u-a", **group))
        fake.push(text_update("", message_id="m2", user_id="u-a",
                              event="message.sticker.received", **group))
        fake.push(text_update(f"@{BOT_DISPLAY_NAME} {QUESTION}", message_id="m3",
                              user_id="u-b", **group))
        fake.push(text_update("/xong", message_id="m4", user_id="u-a", **group))
        await fake.wait_for_text("xong")
        await fake.wait_for_text(title)
    assert len(fake.texts) == 2
    assert {payload["chat_id"] for payload in fake.sent()} == {"g-thon-1"}


async def test_other_features_can_message_zalo_users(app: App, fake: FakeZalo) -> None:
    async with running(polling_channel(app, fake)):
        delivered = await app.core.notifier.send("zalo", "u-to", [Reply("Dạ, đã duyệt ạ.")])
        assert delivered
    assert fake.sent() == [{"chat_id": "u-to", "text": "Dạ, đã duyệt ạ."}]
    assert await app.core.notifier.send("zalo", "u-to", [Reply("x")]) is False  # stopped


async def test_a_coordinator_answers_a_request_by_its_number(
    config: Config, fake: FakeZalo,
) -> None:
    """An approval request reaches a Zalo admin as a numbered list; typing "1" approves."""
    from members import texts as member_texts
    from tests.test_members_kit import register

    app = await build_app(replace(config, bot=replace(
        config.bot, admins=frozenset({("zalo", "u-admin")}))))
    try:
        async with running(polling_channel(app, fake)):
            lan = Conversation(app.core, user_id="lan", display_name="Lan")
            await register(lan)
            request = await fake.wait_for_text("1. ✅ Duyệt")
            assert fake.sent()[-1]["chat_id"] == "u-admin"
            fake.push(text_update("1", message_id="a1", user_id="u-admin", name="Quản trị"))
            decided = member_texts.DECIDED_APPROVED.format(name="Nguyễn Thị Lan")
            await fake.wait_for_text(decided)
        assert "Nguyễn Thị Lan" in request
        member = await app.db.fetchone("SELECT status FROM members")
        assert member["status"] == "approved"
    finally:
        await app.close()


# --- pictures and files ---------------------------------------------------------------


async def test_a_chart_is_published_and_sent_by_url(
    app: App, fake: FakeZalo, tmp_path: Path,
) -> None:
    chart = OutgoingFile("thống kê.png", b"\x89PNG fake chart", "image/png")
    add_command(app, "bieudo", [Reply("Biểu đồ tháng này:", image=chart)])
    folder = tmp_path / "public"
    settings = settings_for(fake, public_file_url="https://files.example.org/zalo/")
    channel = ZaloChannel(app.core, replace(settings, public_file_url="https://files.example.org/zalo"),
                          files_dir=folder, backoff=FAST)
    async with running(channel):
        fake.push(text_update("/bieudo", message_id="m1"))
        await fake.wait_until(lambda: fake.count("sendPhoto") == 1)
    photo = fake.sent("sendPhoto")[0]["photo"]
    assert fake.texts == ["Biểu đồ tháng này:"]
    assert photo.startswith("https://files.example.org/zalo/")
    name = photo.rsplit("/", 1)[1]
    assert name.endswith(".png")
    assert (folder / name).read_bytes() == chart.data


async def test_without_a_public_url_the_person_is_told_how_to_get_the_file(
    app: App, fake: FakeZalo,
) -> None:
    chart = OutgoingFile("bieu-do.png", b"png", "image/png")
    export = OutgoingFile("danh-sach.xlsx", b"xlsx")
    add_command(app, "xuatthu", [Reply("Kết quả:", image=chart, file=export)])
    async with running(polling_channel(app, fake)):
        fake.push(text_update("/xuatthu", message_id="m1"))
        await fake.wait_until(lambda: len(fake.texts) >= 3)
    assert fake.texts == [
        "Kết quả:",
        zalo_texts.IMAGE_UNAVAILABLE.format(filename="bieu-do.png"),
        zalo_texts.FILE_UNAVAILABLE.format(filename="danh-sach.xlsx"),
    ]
    assert fake.count("sendPhoto") == 0


async def test_an_export_is_sent_as_a_link_when_files_are_published(
    app: App, fake: FakeZalo, tmp_path: Path,
) -> None:
    export = OutgoingFile("danh-sach.xlsx", b"xlsx bytes")
    add_command(app, "xuatthu", [Reply(file=export)])
    channel = ZaloChannel(app.core, settings_for(fake, public_file_url="https://f.example.org"),
                          files_dir=tmp_path, backoff=FAST)
    async with running(channel):
        fake.push(text_update("/xuatthu", message_id="m1"))
        link = await fake.wait_for_text("danh-sach.xlsx")
    url = link.split(": ", 1)[1].split()[0]
    assert url.startswith("https://f.example.org/") and url.endswith("danh-sach.xlsx")
    assert (tmp_path / url.rsplit("/", 1)[1]).read_bytes() == b"xlsx bytes"


# --- webhook --------------------------------------------------------------------------


def webhook_channel(app: App, fake: FakeZalo, **changes: object) -> ZaloChannel:
    hook = WebhookSettings(public_url="https://bot.example.org", listen="127.0.0.1", port=0,
                           path="zalo", secret_token=SECRET)
    settings = settings_for(fake, mode="webhook", webhook=hook, **changes)
    return ZaloChannel(app.core, settings, backoff=FAST)


async def test_webhook_is_registered_with_its_secret(app: App, fake: FakeZalo) -> None:
    async with running(webhook_channel(app, fake)):
        pass
    assert ("setWebhook", {"url": "https://bot.example.org/zalo", "secret_token": SECRET}) \
        in fake.calls
    assert fake.count("getUpdates") == 0


@pytest.mark.parametrize("wrapped", [True, False])
@pytest.mark.parametrize("name_field", ["display_name", "first_name"])
async def test_webhook_updates_are_answered_in_both_body_forms(
    app: App, fake: FakeZalo, wrapped: bool, name_field: str,
) -> None:
    channel = webhook_channel(app, fake)
    async with running(channel):
        update = text_update("/start", message_id="w1", name="Anh Ba", name_field=name_field)
        body = {"ok": True, "result": update} if wrapped else update
        url = f"http://127.0.0.1:{channel.webhook_port}/zalo"
        assert await post_webhook(url, body, SECRET) == 200
        welcome = await fake.wait_for_text("Anh Ba")
    assert welcome.startswith(faq_texts.WELCOME.format(name="Anh Ba")[:20])


@pytest.mark.parametrize("secret", [None, "", "sai-bi-mat-123"])
async def test_webhook_without_the_right_secret_is_refused(
    app: App, fake: FakeZalo, secret: str | None, monkeypatch: pytest.MonkeyPatch,
) -> None:
    handled: list[Incoming] = []
    original = app.core.handle

    async def spy(msg: Incoming, **kwargs: bool) -> list[Reply]:
        handled.append(msg)
        return await original(msg, **kwargs)

    monkeypatch.setattr(app.core, "handle", spy)
    channel = webhook_channel(app, fake)
    async with running(channel):
        url = f"http://127.0.0.1:{channel.webhook_port}/zalo"
        update = text_update(QUESTION, message_id="w1")
        assert await post_webhook(url, update, secret) == 403
        assert await post_webhook(url, {"ok": True, "result": update}, secret) == 403
        await asyncio.sleep(0.1)
        assert handled == [] and fake.texts == []
        # the same update with the right secret goes through
        assert await post_webhook(url, update, SECRET) == 200
        await fake.wait_until(lambda: len(fake.texts) >= 1)
    assert len(handled) == 1


async def test_in_webhook_mode_the_bot_serves_published_charts_itself(
    app: App, fake: FakeZalo, tmp_path: Path,
) -> None:
    chart = OutgoingFile("bieu-do.png", b"\x89PNG chart bytes", "image/png")
    add_command(app, "bieudo", [Reply(image=chart)])
    hook = WebhookSettings(public_url="https://bot.example.org", listen="127.0.0.1", port=0,
                           path="zalo", secret_token=SECRET)
    settings = settings_for(fake, mode="webhook", webhook=hook,
                            public_file_url="https://bot.example.org/zalo/files")
    channel = ZaloChannel(app.core, settings, files_dir=tmp_path / "public", backoff=FAST)
    async with running(channel):
        local = f"http://127.0.0.1:{channel.webhook_port}/zalo"
        assert await post_webhook(local, text_update("/bieudo", message_id="w1"), SECRET) == 200
        await fake.wait_until(lambda: fake.count("sendPhoto") == 1)
        photo = fake.sent("sendPhoto")[0]["photo"]
        assert photo.startswith("https://bot.example.org/zalo/files/")
        async with httpx.AsyncClient() as client:
            served = await client.get(local + "/files/" + photo.rsplit("/", 1)[1])
            missing = await client.get(local + "/files/..%2Fbot.sqlite3")
    assert served.status_code == 200 and served.content == chart.data
    assert missing.status_code in (403, 404)


async def test_webhook_mode_without_a_secret_does_not_start(app: App, fake: FakeZalo) -> None:
    hook = WebhookSettings(public_url="https://bot.example.org", listen="127.0.0.1", port=0,
                           path="zalo", secret_token=None)
    channel = ZaloChannel(app.core, settings_for(fake, mode="webhook", webhook=hook))
    with pytest.raises(ConfigError, match="secret_token_env"):
        await channel.run(asyncio.Event())
    assert fake.calls == []


# --- in bot.py ------------------------------------------------------------------------


@pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")
async def test_telegram_and_zalo_run_together_in_one_process(app: App, fake: FakeZalo) -> None:
    from channels.telegram.channel import TelegramChannel
    from tests.fake_telegram import TOKEN as TELEGRAM_TOKEN
    from tests.fake_telegram import FakeBotApi

    async with FakeBotApi() as telegram_api:
        telegram = ChannelSettings(enabled=True, token=TELEGRAM_TOKEN,
                                   token_env="TELEGRAM_BOT_TOKEN", base_url=telegram_api.base_url,
                                   mode="polling", webhook=None)
        app.config = replace(app.config, telegram=telegram, zalo=settings_for(fake))
        channels = configured_channels(app)
        assert [type(c) for c in channels] == [TelegramChannel, ZaloChannel]
        title = app.faq.match(QUESTION).entry.title
        stop = asyncio.Event()
        served = asyncio.gather(*(channel.run(stop) for channel in channels))
        try:
            telegram_api.push_text(42, QUESTION)
            fake.push(text_update(QUESTION, message_id="m1"))
            await fake.wait_for_text(title)
            await telegram_api.wait_until(lambda: any(title in m.get("text", "")
                                                      for m in telegram_api.sent))
        finally:
            stop.set()
            await asyncio.wait_for(served, 15)
    rows = await app.db.fetchall("SELECT DISTINCT platform FROM processed_updates")
    assert {row["platform"] for row in rows} == {"telegram", "zalo"}  # one shared database


async def test_bot_py_stops_at_start_up_when_zalo_refuses_the_token(
    fake: FakeZalo, tmp_path: Path,
) -> None:
    data = yaml.safe_load((ROOT / "config.yaml").read_text(encoding="utf-8"))
    data["bot"]["database"] = str(tmp_path / "bot.sqlite3")
    for key in ("knowledge_base", "abbreviations"):
        data["faq"][key] = str(ROOT / data["faq"][key])
    data["channels"]["zalo"]["base_url"] = fake.base_url
    config = tmp_path / "config.yaml"
    config.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    env = {"PATH": "/usr/bin:/bin", "PYTHONIOENCODING": "utf-8",
           "ZALO_BOT_TOKEN": "999:revoked-token-value"}
    process = await asyncio.create_subprocess_exec(
        sys.executable, str(ROOT / "bot.py"), "--config", str(config), env=env, cwd=tmp_path,
        stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    _, stderr = await asyncio.wait_for(process.communicate(), 120)
    message = stderr.decode()
    assert process.returncode == 2, message
    assert "ZALO_BOT_TOKEN" in message and "Zalo Bot Creator" in message
    assert "revoked-token-value" not in message
    assert fake.count("getUpdates") == 0


async def test_an_update_without_message_id_is_still_answered_once(
        app: App, fake: FakeZalo) -> None:
    update = text_update(QUESTION, message_id="x")
    del update["message"]["message_id"]
    async with running(polling_channel(app, fake)):
        fake.push(update)
        await fake.wait_until(lambda: len(fake.texts) == 1)
        fake.push(update)  # the same update again
        fake.push(text_update("xin chào", message_id="m-next"))
        await fake.wait_until(lambda: len(fake.texts) >= 2)
        await asyncio.sleep(0.3)
    assert len(fake.texts) == 2

"""The real Telegram adapter (python-telegram-bot's own HTTP stack) against a local fake
Bot API server: updates come in through getUpdates (or the webhook), answers leave
through sendMessage and friends."""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import socket
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
from channels.telegram import texts as tg_texts
from channels.telegram.channel import TelegramChannel
from channels.telegram.render import telegram_length
from core import texts as router_texts
from core.app import BotCore
from core.dialogs import Dialog
from core.model import Incoming, Option, OutgoingFile, Reply
from core.router import CommandSpec, Context, Router
from handlers.faq import texts
from handlers.requests import texts as request_texts
from tests.conftest import ROOT
from tests.fake_telegram import BOT_USERNAME, TOKEN, FakeBotApi, buttons_of

# PTB warns about its own upcoming RetryAfter change when it raises one; nothing to act on.
pytestmark = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")

LAN = 42
HOA = 43
GROUP = -1001


@pytest.fixture
async def api() -> AsyncIterator[FakeBotApi]:
    async with FakeBotApi() as server:
        yield server


def telegram_settings(api: FakeBotApi, **changes: object) -> ChannelSettings:
    settings = ChannelSettings(
        enabled=True, token=TOKEN, token_env="TELEGRAM_BOT_TOKEN", base_url=api.base_url,
        mode="polling", webhook=None,
    )
    return replace(settings, **changes)


@asynccontextmanager
async def running(core: BotCore, settings: ChannelSettings) -> AsyncIterator[TelegramChannel]:
    """Run the channel as bot.py does, and stop it as SIGTERM would."""
    channel = TelegramChannel(core, settings)
    stop = asyncio.Event()
    task = asyncio.create_task(channel.run(stop))
    ready = asyncio.create_task(channel.ready.wait())
    done, _ = await asyncio.wait({task, ready}, timeout=10,
                                 return_when=asyncio.FIRST_COMPLETED)
    if task in done:
        task.result()
    assert ready in done, "the Telegram channel did not start"
    try:
        yield channel
    finally:
        stop.set()
        await asyncio.wait_for(task, 10)


@pytest.fixture
async def bot(app: App, api: FakeBotApi) -> AsyncIterator[TelegramChannel]:
    async with running(app.core, telegram_settings(api)) as channel:
        yield channel


def labels(message: dict) -> list[list[str]]:
    return [[button["text"] for button in row] for row in buttons_of(message)]


def payload_of(message: dict, label: str) -> str:
    for row in buttons_of(message):
        for button in row:
            if label in button["text"]:
                return button["callback_data"]
    raise AssertionError(f"no button {label!r} in {labels(message)}")


# --- a villager's question and answer ------------------------------------------------------

async def test_question_comes_by_get_updates_and_answer_leaves_by_send_message(
    app: App, api: FakeBotApi, bot: TelegramChannel, caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO)
    entry = app.faq.kb.get("vneid.forgot_password")
    api.push_text(LAN, "quên mật khẩu vneid")
    [answer] = await api.wait_for_sent(1, chat_id=LAN)
    assert answer["text"].startswith(entry.title)
    assert entry.answer.strip()[:40] in answer["text"]
    for link in entry.links:
        assert link.url in answer["text"]
    rows = labels(answer)
    assert rows[-2] == [texts.HELPFUL, texts.NOT_HELPFUL]  # short labels share a row
    assert rows[-1] == [request_texts.OPTION_ASK_TEAM]  # the village team, under every answer
    assert all(len(row) == 1 for row in rows[:-2])  # related entries: one per row
    assert "quên mật khẩu" not in caplog.text.lower()  # ids only in the log


async def test_button_press_answers_the_callback_and_continues(
    app: App, api: FakeBotApi, bot: TelegramChannel,
) -> None:
    api.push_text(LAN, "quên mật khẩu vneid")
    [answer] = await api.wait_for_sent(1, chat_id=LAN)
    press = api.push_callback(LAN, payload_of(answer, texts.HELPFUL), answer)
    sent = await api.wait_for_sent(2, chat_id=LAN)
    assert sent[1]["text"] == texts.THANKS_FEEDBACK
    answered = api.calls_of("answerCallbackQuery")
    assert [c.params["callback_query_id"] for c in answered] == [press["callback_query"]["id"]]
    row = await app.db.fetchone("SELECT feedback FROM faq_questions")
    assert row["feedback"] == 1


async def test_duplicate_update_is_answered_once(api: FakeBotApi, bot: TelegramChannel) -> None:
    update = api.push(api.text_update(LAN, "quên mật khẩu vneid"))
    await api.wait_for_sent(1, chat_id=LAN)
    api.push(update)  # Telegram delivers it again
    api.push_text(LAN, "/help")
    sent = await api.wait_for_sent(2, chat_id=LAN)
    assert sent[1]["text"].startswith(texts.HELP_HEADER)
    assert len(api.sent_to(LAN)) == 2


async def test_command_menu_is_set_with_vietnamese_descriptions(
    app: App, api: FakeBotApi, bot: TelegramChannel,
) -> None:
    [call] = api.calls_of("setMyCommands")
    expected = [{"command": spec.name, "description": spec.description}
                for spec in app.core.router.menu_commands()]
    assert call.params["commands"] == expected
    assert {"command": "start", "description": texts.COMMAND_DESCRIPTIONS["start"]} in expected


async def test_other_features_can_message_a_telegram_user(
    app: App, api: FakeBotApi, bot: TelegramChannel,
) -> None:
    delivered = await app.core.notifier.send("telegram", str(HOA), [Reply("Dạ, đã duyệt ạ.")])
    assert delivered
    assert [m["text"] for m in api.sent_to(HOA)] == ["Dạ, đã duyệt ạ."]


# --- groups ---------------------------------------------------------------------------------

async def test_group_messages_are_answered_only_when_they_mention_or_reply_to_the_bot(
    app: App, api: FakeBotApi, bot: TelegramChannel,
) -> None:
    entry = app.faq.kb.get("vneid.forgot_password")
    in_group = {"chat_id": GROUP, "group": True}
    api.push_text(LAN, "quên mật khẩu vneid", **in_group)
    api.push_text(LAN, "/start@another_bot", **in_group)
    mention = api.push_text(LAN, f"@{BOT_USERNAME} quên mật khẩu vneid", **in_group)
    [answer] = await api.wait_for_sent(1, chat_id=GROUP)
    assert answer["text"].startswith(entry.title)
    [call] = [c for c in api.calls_of("sendMessage") if c.params["chat_id"] == GROUP]
    assert call.params["reply_parameters"]["message_id"] == mention["message"]["message_id"]
    row = await app.db.fetchone("SELECT text FROM faq_questions")
    assert row["text"] == "quên mật khẩu vneid"  # the mention is not part of it

    api.push_text(LAN, "cảm ơn nhé", **in_group)  # chatting with neighbours: ignored
    api.push_text(LAN, "/help", reply_to_message=answer, **in_group)
    sent = await api.wait_for_sent(2, chat_id=GROUP)
    assert sent[1]["text"].startswith(texts.HELP_HEADER)
    assert len(api.sent_to(GROUP)) == 2


# --- dialogs and restarts -------------------------------------------------------------------

def add_survey(router: Router) -> None:
    """A tiny two-step dialog, registered by the test only: name, then village (buttons)."""
    villages = {"survey:dong": "Thôn Đông", "survey:tay": "Thôn Tây"}

    async def start(ctx: Context, msg: Incoming) -> list[Reply]:
        await ctx.dialogs.save(msg.sender, Dialog("survey", "name"))
        return [Reply("Dạ, bạn tên là gì ạ?")]

    async def step(ctx: Context, msg: Incoming, dialog: Dialog) -> list[Reply]:
        if dialog.step == "name":
            await ctx.dialogs.save(msg.sender, Dialog("survey", "village", {"name": msg.text}))
            options = tuple(Option(label, payload) for payload, label in villages.items())
            return [Reply("Dạ, bạn ở thôn nào ạ?", options=options)]
        await ctx.dialogs.end(msg.sender)
        return [Reply(f"Dạ, cảm ơn {dialog.data['name']} ở {villages[msg.payload or '']}.")]

    router.command(CommandSpec("khaosat", start, "Khảo sát thử"))
    router.dialog("survey", step, prefix="survey")


async def test_restart_in_the_middle_of_a_dialog_resumes_it(
    config: Config, api: FakeBotApi,
) -> None:
    first = await build_app(config)
    add_survey(first.core.router)
    try:
        async with running(first.core, telegram_settings(api)):
            started = api.push_text(LAN, "/khaosat")
            await api.wait_for_sent(1, chat_id=LAN)
            api.push_text(LAN, "Lan")
            sent = await api.wait_for_sent(2, chat_id=LAN)
    finally:
        await first.close()
    question = sent[1]
    assert labels(question) == [["Thôn Đông", "Thôn Tây"]]

    second = await build_app(config)  # same database file
    add_survey(second.core.router)
    try:
        async with running(second.core, telegram_settings(api)):
            api.push(started)  # redelivered after the restart: handled, so answered again
            await api.wait_for_sent(3, chat_id=LAN)
            api.push_callback(LAN, payload_of(question, "Thôn Tây"), question)
            sent = await api.wait_for_sent(4, chat_id=LAN)
    finally:
        await second.close()
    assert sent[2]["text"] == sent[0]["text"]  # the same reply, the dialog not restarted
    assert sent[3]["text"] == "Dạ, cảm ơn Lan ở Thôn Tây."
    assert len(api.sent_to(LAN)) == 4


# --- files, stickers and rendering ----------------------------------------------------------

def add_upload(router: Router) -> None:
    """A test-only command that reads the spreadsheet sent after it."""
    async def start(ctx: Context, msg: Incoming) -> list[Reply]:
        await ctx.dialogs.save(msg.sender, Dialog("upload", "file"))
        return [Reply("Dạ, bạn gửi tệp ạ.")]

    async def step(ctx: Context, msg: Incoming, dialog: Dialog) -> list[Reply]:
        if msg.attachment is None:
            return [Reply("Dạ, chưa thấy tệp ạ.")]
        await ctx.dialogs.end(msg.sender)
        rows = msg.attachment.data.decode("utf-8").splitlines()
        return [Reply(f"Dạ, đã nhận {msg.attachment.filename}: {len(rows)} dòng.")]

    router.command(CommandSpec("nhapthu", start, "Nhập thử"))
    router.dialog("upload", step, prefix="upload")


async def test_spreadsheets_are_downloaded_and_other_things_politely_refused(
    app: App, api: FakeBotApi,
) -> None:
    add_upload(app.core.router)
    async with running(app.core, telegram_settings(api)):
        api.push_sticker(LAN)
        api.push_document(LAN, "baocao.pdf", b"%PDF-1.4")
        api.push_document(LAN, "lon.xlsx", b"PK", size=6 * 1024 * 1024)
        api.push_text(LAN, "/nhapthu")
        api.push_document(LAN, "danhsach.csv", "họ tên,thôn\nLan,Đông\nHoa,Tây\n".encode())
        sent = await api.wait_for_sent(5, chat_id=LAN)
    assert [m["text"] for m in sent] == [
        router_texts.UNSUPPORTED,
        tg_texts.FILE_TYPE_NOT_ACCEPTED,
        tg_texts.FILE_TOO_LARGE.format(size_mb=6.0, limit_mb=5),
        "Dạ, bạn gửi tệp ạ.",
        "Dạ, đã nhận danhsach.csv: 3 dòng.",
    ]
    assert len(api.calls_of("getFile")) == 1  # the big file was never downloaded


def add_report(router: Router, long_text: str) -> None:
    async def report(ctx: Context, msg: Incoming) -> list[Reply]:
        options = (Option("Quá dài", "x:" + "a" * 70), Option("Tháng trước", "r:prev"),
                   Option("Tháng sau", "r:next"))
        chart = OutgoingFile("bieudo.png", b"\x89PNG fake", "image/png")
        table = OutgoingFile("bang.xlsx", b"PK fake", "application/vnd.ms-excel")
        return [Reply(long_text, options=options), Reply("Biểu đồ tháng", image=chart,
                                                         file=table)]

    router.command(CommandSpec("baocaothu", report, "Báo cáo thử"))


async def test_long_texts_are_split_at_paragraphs_and_files_are_uploaded(
    app: App, api: FakeBotApi,
) -> None:
    paragraphs = [f"Đoạn {n}: " + "chữ " * 480 for n in range(3)]
    long_text = "\n\n".join(p.strip() for p in paragraphs)
    add_report(app.core.router, long_text)
    async with running(app.core, telegram_settings(api)):
        api.push_text(LAN, "/baocaothu")
        await api.wait_until(lambda: len(api.calls_of("sendDocument")) == 1)
    texts_sent = [m["text"] for m in api.sent_to(LAN) if "text" in m]
    assert len(texts_sent) == 2
    assert all(telegram_length(t) <= 4096 for t in texts_sent)
    assert "\n\n".join(texts_sent) == long_text
    messages = api.sent_to(LAN)
    assert buttons_of(messages[0]) == []
    assert labels(messages[1]) == [["Tháng trước", "Tháng sau"]]  # too long a payload dropped
    [photo] = api.calls_of("sendPhoto")
    assert photo.params["caption"] == "Biểu đồ tháng"
    assert photo.files["photo"] == ("bieudo.png", b"\x89PNG fake")
    [document] = api.calls_of("sendDocument")
    assert document.files["document"] == ("bang.xlsx", b"PK fake")


# --- Telegram's limits and failures ----------------------------------------------------------

async def test_flood_control_is_waited_out_and_the_answer_still_arrives(
    app: App, api: FakeBotApi, bot: TelegramChannel,
) -> None:
    api.fail_next("sendMessage", 429, "Too Many Requests: retry after 1", retry_after=1)
    entry = app.faq.kb.get("vneid.forgot_password")
    api.push_text(LAN, "quên mật khẩu vneid")
    [answer] = await api.wait_for_sent(1, chat_id=LAN)
    assert answer["text"].startswith(entry.title)
    assert len(api.calls_of("sendMessage")) == 2


async def test_a_person_who_blocked_the_bot_does_not_stop_it(
    api: FakeBotApi, bot: TelegramChannel,
) -> None:
    api.fail_next("sendMessage", 403, "Forbidden: bot was blocked by the user", chat_id=LAN)
    api.push_text(LAN, "/help")
    api.push_text(HOA, "/help")
    await api.wait_for_sent(1, chat_id=HOA)
    api.push_text(LAN, "/help")
    [answer] = await api.wait_for_sent(1, chat_id=LAN)
    assert answer["text"].startswith(texts.HELP_HEADER)


# --- webhook mode and bot.py -----------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


async def test_webhook_mode_accepts_only_telegram_with_the_secret(
    app: App, api: FakeBotApi,
) -> None:
    port = free_port()
    webhook = WebhookSettings(public_url="https://bot.example.org", listen="127.0.0.1",
                              port=port, path="telegram", secret_token="bi-mat-cua-thon")
    settings = telegram_settings(api, mode="webhook", webhook=webhook)
    async with running(app.core, settings), httpx.AsyncClient() as client:
        [call] = api.calls_of("setWebhook")
        assert call.params["url"] == "https://bot.example.org/telegram"
        assert call.params["secret_token"] == "bi-mat-cua-thon"
        url = f"http://127.0.0.1:{port}/telegram"
        forged = await client.post(url, json=api.text_update(LAN, "/help"),
                                   headers={"X-Telegram-Bot-Api-Secret-Token": "sai"})
        assert forged.status_code == 403
        real = await client.post(url, json=api.text_update(LAN, "/start"),
                                 headers={"X-Telegram-Bot-Api-Secret-Token": "bi-mat-cua-thon"})
        assert real.status_code == 200
        [welcome] = await api.wait_for_sent(1, chat_id=LAN)
    assert welcome["text"] == texts.WELCOME.format(name="Lan")
    assert len(api.sent_to(LAN)) == 1


async def test_bot_py_runs_telegram_instead_of_the_console_when_a_token_is_set(
    app: App, api: FakeBotApi,
) -> None:
    app.config = replace(app.config, telegram=telegram_settings(api))
    [channel] = configured_channels(app)
    assert isinstance(channel, TelegramChannel)
    assert channel.application.bot.base_url == f"{api.base_url}{TOKEN}"


async def test_bot_py_serves_telegram_with_a_token_and_stops_cleanly_on_sigterm(
    tmp_path: Path, api: FakeBotApi,
) -> None:
    settings = yaml.safe_load((ROOT / "config.yaml").read_text(encoding="utf-8"))
    settings["bot"]["database"] = str(tmp_path / "bot.sqlite3")
    for key in ("knowledge_base", "abbreviations"):
        settings["faq"][key] = str(ROOT / settings["faq"][key])
    settings["channels"]["telegram"]["base_url"] = api.base_url
    config_file = tmp_path / "config.yaml"
    config_file.write_text(yaml.safe_dump(settings, allow_unicode=True), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "ZALO_BOT_TOKEN"}
    env["TELEGRAM_BOT_TOKEN"] = TOKEN
    process = await asyncio.create_subprocess_exec(
        sys.executable, str(ROOT / "bot.py"), "--config", str(config_file), cwd=tmp_path,
        env=env, stdin=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE,
    )
    try:
        await api.wait_until(lambda: bool(api.calls_of("getUpdates")), timeout=60)
        api.push_text(LAN, "quên mật khẩu vneid")
        [answer] = await api.wait_for_sent(1, chat_id=LAN)
    finally:
        process.send_signal(signal.SIGTERM)
        _, stderr = await asyncio.wait_for(process.communicate(), 30)
    assert [texts.HELPFUL, texts.NOT_HELPFUL] in labels(answer)  # a knowledge-base answer
    assert process.returncode == 0
    log = stderr.decode()
    assert "stopped cleanly" in log
    assert "quên mật khẩu" not in log.lower()

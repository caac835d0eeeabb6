"""One conversation, three messengers: the console, Zalo and Telegram adapters must give a
person the same answers (each drawn its own way: numbered lines or buttons)."""

from __future__ import annotations

import asyncio
import io
from pathlib import Path
from typing import Any

import pytest

from bot import App
from channels.console import ConsoleChannel
from channels.settings import ChannelSettings
from channels.telegram.channel import TelegramChannel
from channels.zalo.api import Backoff
from channels.zalo.channel import ZaloChannel
from core.model import Option, Reply
from core.render import numbered_texts
from tests.fake_telegram import TOKEN as TELEGRAM_TOKEN
from tests.fake_telegram import FakeBotApi, buttons_of
from tests.fake_zalo import FakeZalo, text_update

pytestmark = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")

GREETING = "xin chào"
QUESTION = "quen mat khau vneid"
PICK_FIRST = "1"  # on Telegram: a press on the first button
OUT_OF_SCOPE = "thời tiết mai thế nào"
SCENARIO = [GREETING, QUESTION, PICK_FIRST, OUT_OF_SCOPE]
NAME = "Lan"


async def console_transcript(app: App, tmp_path: Path) -> str:
    stdin = io.StringIO("".join(line + "\n" for line in SCENARIO))
    stdout = io.StringIO()
    channel = ConsoleChannel(app.core, stdin=stdin, stdout=stdout, user_id="lan",
                             display_name=NAME, output_dir=tmp_path)
    await asyncio.wait_for(channel.run(asyncio.Event()), 30)
    return stdout.getvalue()


async def zalo_messages(app: App) -> list[str]:
    fake = await FakeZalo().start()
    settings = ChannelSettings(enabled=True, token=fake.token, token_env="ZALO_BOT_TOKEN",
                               base_url=fake.base_url, mode="polling", webhook=None)
    channel = ZaloChannel(app.core, settings, backoff=Backoff(initial=0.01, cap=0.05))
    stop = asyncio.Event()
    task = asyncio.create_task(channel.run(stop))
    try:
        for number, line in enumerate(SCENARIO, start=1):
            before = len(fake.texts)
            fake.push(text_update(line, message_id=f"z{number}", user_id="z-lan", name=NAME))
            await fake.wait_until(lambda before=before: len(fake.texts) > before)
    finally:
        stop.set()
        await asyncio.wait_for(task, 15)
        await fake.stop()
    return fake.texts


async def telegram_messages(app: App) -> list[dict[str, Any]]:
    api = await FakeBotApi().start()
    settings = ChannelSettings(enabled=True, token=TELEGRAM_TOKEN, token_env="TELEGRAM_BOT_TOKEN",
                               base_url=api.base_url, mode="polling", webhook=None)
    channel = TelegramChannel(app.core, settings)
    stop = asyncio.Event()
    task = asyncio.create_task(channel.run(stop))
    user = 4242
    try:
        await asyncio.wait_for(channel.ready.wait(), 15)
        for line in SCENARIO:
            before = len(api.sent)
            if line == PICK_FIRST:
                last = api.sent[-1]
                first_button = buttons_of(last)[0][0]
                api.push_callback(user, first_button["callback_data"], last, first_name=NAME)
            else:
                api.push_text(user, line, first_name=NAME)
            await api.wait_for_sent(before + 1)
    finally:
        stop.set()
        await asyncio.wait_for(task, 15)
        await api.close()
    return api.sent


def as_numbered_lines(messages: list[dict[str, Any]]) -> str:
    """Telegram's messages drawn as the console draws them: text, then numbered buttons."""
    def reply_of(message: dict[str, Any]) -> Reply:
        labels = [button["text"] for row in buttons_of(message) for button in row]
        return Reply(message.get("text", ""), options=tuple(Option(label, label)
                                                              for label in labels))
    return "".join(text + "\n\n" for m in messages for text in numbered_texts([reply_of(m)]))


def joined(messages: list[str]) -> str:
    return "".join(text + "\n\n" for text in messages)


async def test_console_zalo_and_telegram_give_the_same_answers(
    app: App, tmp_path: Path,
) -> None:
    console = await console_transcript(app, tmp_path)
    zalo = await zalo_messages(app)
    telegram = await telegram_messages(app)

    title = app.faq.match(QUESTION).entry.title
    assert title in console  # the scenario really reached an answer ...
    assert "\n1. " in console  # ... that offered options to pick from

    assert joined(zalo) == console
    assert as_numbered_lines(telegram) == console

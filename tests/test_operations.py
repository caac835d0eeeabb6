"""The real process: a DEBUG log with nothing personal in it, a clear refusal of an
unusable database path."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import yaml

from tests.conftest import ROOT
from tests.fake_telegram import TOKEN, FakeBotApi

pytestmark = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")
LAN = 42
SECRET_TEXT = "con gái tôi Phạm Thị Hồng Nhung quên mật khẩu vneid"
PHONE = "0912345678"
CCCD = "038190012345"


@pytest.fixture
async def api() -> AsyncIterator[FakeBotApi]:
    async with FakeBotApi() as server:
        yield server


def write_config(tmp_path: Path, **bot: object) -> Path:
    settings = yaml.safe_load((ROOT / "config.yaml").read_text(encoding="utf-8"))
    settings["bot"]["database"] = str(tmp_path / "bot.sqlite3")
    settings["bot"].update(bot)
    for key in ("knowledge_base", "abbreviations"):
        settings["faq"][key] = str(ROOT / settings["faq"][key])
    config_file = tmp_path / "config.yaml"
    config_file.write_text(yaml.safe_dump(settings, allow_unicode=True), encoding="utf-8")
    return config_file


async def test_a_debug_log_holds_no_token_phone_id_number_or_message_text(
        tmp_path: Path, api: FakeBotApi) -> None:
    settings = yaml.safe_load(write_config(tmp_path, log_level="DEBUG").read_text("utf-8"))
    settings["channels"]["telegram"]["base_url"] = api.base_url
    config_file = tmp_path / "config.yaml"
    config_file.write_text(yaml.safe_dump(settings, allow_unicode=True), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "ZALO_BOT_TOKEN"}
    env["TELEGRAM_BOT_TOKEN"] = TOKEN
    process = await asyncio.create_subprocess_exec(
        sys.executable, str(ROOT / "bot.py"), "--config", str(config_file), cwd=tmp_path,
        env=env, stdin=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE)
    try:
        await api.wait_until(lambda: bool(api.calls_of("getUpdates")), timeout=60)
        api.push_text(LAN, SECRET_TEXT)
        api.push_text(LAN, f"số của tôi {PHONE}, cccd {CCCD}")
        api.push_text(LAN, "/dangky")
        api.push_text(LAN, "Phạm Thị Hồng Nhung")
        api.push_text(LAN, PHONE)
        await api.wait_for_sent(5, chat_id=LAN)
    finally:
        process.send_signal(signal.SIGTERM)
        _, stderr = await asyncio.wait_for(process.communicate(), 30)
    log = stderr.decode()
    assert "DEBUG" in log  # the level was on
    token_secret = TOKEN.split(":", 1)[1]
    for secret in (token_secret, PHONE, "912345678", "912 345 678", CCCD, "Hồng Nhung",
                   "quên mật khẩu", "Phạm Thị"):
        assert secret not in log, secret


async def test_a_database_path_that_is_a_folder_stops_start_up_clearly(tmp_path: Path) -> None:
    folder = tmp_path / "db-folder"
    folder.mkdir()
    config_file = write_config(tmp_path, database=str(folder))
    env = {k: v for k, v in os.environ.items()
           if k not in ("ZALO_BOT_TOKEN", "TELEGRAM_BOT_TOKEN")}
    process = await asyncio.create_subprocess_exec(
        sys.executable, str(ROOT / "bot.py"), "--config", str(config_file), cwd=tmp_path,
        env=env, stdin=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE)
    _, stderr = await asyncio.wait_for(process.communicate(), 60)
    text = stderr.decode()
    assert process.returncode == 2
    assert "Traceback" not in text
    assert "bot.database" in text and str(folder) in text and "thư mục" in text


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write anywhere")
async def test_an_unwritable_database_folder_stops_start_up_clearly(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        config_file = write_config(tmp_path, database=str(locked / "bot.sqlite3"))
        env = {k: v for k, v in os.environ.items()
               if k not in ("ZALO_BOT_TOKEN", "TELEGRAM_BOT_TOKEN")}
        process = await asyncio.create_subprocess_exec(
            sys.executable, str(ROOT / "bot.py"), "--config", str(config_file), env=env,
            stdin=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE)
        _, stderr = await asyncio.wait_for(process.communicate(), 60)
    finally:
        locked.chmod(0o700)
    assert process.returncode == 2 and "quyền ghi" in stderr.decode()


def test_an_empty_service_list_is_refused(tmp_path: Path) -> None:
    from bot import load_config
    from core.config_errors import ConfigError

    settings = yaml.safe_load(write_config(tmp_path).read_text("utf-8"))
    settings["activity"]["services"] = []
    config_file = tmp_path / "config.yaml"
    config_file.write_text(yaml.safe_dump(settings, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ConfigError) as error:
        load_config(config_file)
    assert "activity.services" in str(error.value) and "ít nhất một" in str(error.value)

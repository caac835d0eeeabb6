"""Shared fixtures: a validated config pointing at a fresh database, and the built app."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import replace
from pathlib import Path

import pytest

from bot import App, Config, build_app, load_config
from core.testing import Conversation

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


@pytest.fixture
def config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Config:
    """The shipped config.yaml, with no messenger tokens and a database in tmp_path."""
    for name in ("TELEGRAM_BOT_TOKEN", "ZALO_BOT_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    loaded = load_config(ROOT / "config.yaml")
    admins = frozenset({("test", "admin")})
    return replace(loaded, bot=replace(loaded.bot, database=tmp_path / "bot.sqlite3",
                                       admins=admins))


@pytest.fixture
async def app(config: Config) -> AsyncIterator[App]:
    built = await build_app(config)
    yield built
    await built.close()


@pytest.fixture
def villager(app: App) -> Conversation:
    return Conversation(app.core, user_id="lan", display_name="Chị Lan")


@pytest.fixture
def admin(app: App) -> Conversation:
    return Conversation(app.core, user_id="admin", display_name="Quản trị")

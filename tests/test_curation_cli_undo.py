"""`python -m faq undo <change>`: the chat's undo from the command line, with its checks, and
the operator named in the history (issue 15)."""

from __future__ import annotations

import asyncio
import getpass
from pathlib import Path

import pytest

from bot import App, Config
from core.testing import Conversation
from faq.cli import main
from handlers.faq import curation_texts as t

ROOT = Path(__file__).resolve().parents[1]
ENTRY = "vneid.passcode"
NEW_ANSWER = "1. Mở VNeID.\n2. Chọn Quên passcode.\n3. Làm theo hướng dẫn."


def cli_config(config: Config, folder: Path) -> Path:
    """config.yaml as shipped, naming the test's database (as an operator's would)."""
    text = (ROOT / "config.yaml").read_text(encoding="utf-8")
    text = text.replace("database: data/bot.sqlite3", f"database: {config.bot.database}")
    text = text.replace("knowledge_base: faq/kb", f"knowledge_base: {ROOT / 'faq' / 'kb'}")
    text = text.replace("abbreviations: faq/abbreviations.yaml",
                        f"abbreviations: {ROOT / 'faq' / 'abbreviations.yaml'}")
    path = folder / "config.yaml"
    path.write_text(text, encoding="utf-8")
    return path


async def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = await asyncio.to_thread(main, list(args))
    out, err = capsys.readouterr()
    return code, out, err


async def edit_answer(admin: Conversation, answer: str) -> int:
    await admin.say(f"/suakb {ENTRY}")
    await admin.press(t.OPTION_FIELD["answer"])
    await admin.say(answer)
    await admin.press(t.OPTION_SAVE)
    assert "đã lưu" in admin.text.lower(), admin.text
    undo = next(o for o in admin.options if o.payload.startswith("ku:"))
    return int(undo.payload.partition(":")[2])


async def test_undo_from_the_command_line_restores_the_answer_and_names_the_operator(
    app: App, config: Config, admin: Conversation, villager: Conversation, tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    old = app.faq.kb.get(ENTRY)
    change = await edit_answer(admin, NEW_ANSWER)
    cfg = cli_config(config, tmp_path)

    code, out, err = await run_cli(capsys, "--config", str(cfg), "undo", str(change))
    assert code == 0, err
    assert f"Đã hoàn tác #{change}: mục {ENTRY} trở lại như trước" in out
    operator = f"cli:{getpass.getuser()}"
    code, out, _ = await run_cli(capsys, "--config", str(cfg), "history", ENTRY)
    newest, edited = out.splitlines()[:2]
    assert f"[{operator}] undo {ENTRY}" in newest and "hoàn tác" in newest
    assert edited.startswith(f"#{change} ") and "(undone by #" in edited

    # The running bot serves the restored answer once the knowledge base is reloaded.
    await admin.say("/taikb")
    await villager.say("quên passcode vneid")
    assert old.answer[:60] in villager.text and "Chọn Quên passcode" not in villager.text
    await admin.say("/lichsukb")
    assert f"{operator} · hoàn tác ở {ENTRY}" in admin.text and "(đã hoàn tác)" in admin.text

    # Twice: refused with the reason, nothing written.
    code, _, err = await run_cli(capsys, "--config", str(cfg), "undo", str(change))
    assert code == 1
    assert f"Không hoàn tác được #{change}: thay đổi #{change} đã được hoàn tác" in err
    code, out, _ = await run_cli(capsys, "--config", str(cfg), "history", ENTRY)
    assert len(out.splitlines()) == 2


async def test_undo_refuses_an_unknown_change_and_one_edited_since(
    app: App, config: Config, admin: Conversation, tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    cfg = cli_config(config, tmp_path)
    code, _, err = await run_cli(capsys, "--config", str(cfg), "undo", "999")
    assert code == 1 and "Không hoàn tác được #999: không có thay đổi này" in err

    first = await edit_answer(admin, NEW_ANSWER)
    second = await edit_answer(admin, NEW_ANSWER + "\n4. Đăng nhập lại.")
    code, _, err = await run_cli(capsys, "--config", str(cfg), "undo", str(first))
    assert code == 1
    assert f"đã được sửa tiếp sau đó (#{second}); hoàn tác #{second} trước" in err
    assert "Đăng nhập lại" in app.faq.kb.get(ENTRY).answer
    code, out, _ = await run_cli(capsys, "--config", str(cfg), "history", ENTRY)
    assert len(out.splitlines()) == 2 and "undone" not in out  # nothing written

    code, _, err = await run_cli(capsys, "--config", str(cfg), "undo", str(second))
    assert code == 0, err
    code, _, err = await run_cli(capsys, "--config", str(cfg), "undo", str(first))
    assert code == 0, err  # in order, newest first: both undone


async def test_undo_without_a_database_says_so(
    tmp_path: Path, config: Config, capsys: pytest.CaptureFixture[str],
) -> None:
    cfg = cli_config(config, tmp_path)  # the fixture's database file is never created
    code, _, err = await run_cli(capsys, "--config", str(cfg), "undo", "1")
    assert code == 1 and "chưa có thay đổi nào để hoàn tác" in err
    assert not Path(config.bot.database).exists()

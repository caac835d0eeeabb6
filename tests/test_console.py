"""The console channel as the README runs it: lines on stdin, replies on stdout."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def write_config(tmp_path: Path) -> Path:
    data = yaml.safe_load((ROOT / "config.yaml").read_text(encoding="utf-8"))
    data["bot"]["database"] = str(tmp_path / "console.sqlite3")
    for key in ("knowledge_base", "abbreviations"):
        data["faq"][key] = str(ROOT / data["faq"][key])
    path = tmp_path / "config.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def run_console(tmp_path: Path, stdin: str) -> subprocess.CompletedProcess[str]:
    env = {"PATH": "/usr/bin:/bin", "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, str(ROOT / "bot.py"), "--config", str(write_config(tmp_path))],
        input=stdin, capture_output=True, text=True, timeout=120, cwd=tmp_path, env=env,
    )


def test_piped_questions_are_all_answered_and_the_bot_exits(tmp_path: Path) -> None:
    from faq import load_knowledge_base

    kb = load_knowledge_base(ROOT / "faq" / "kb")
    result = run_console(tmp_path, "xin chao\nquen mat khau vneid\n")
    assert result.returncode == 0, result.stderr
    assert kb.get("smalltalk.greeting").answer.strip()[:30] in result.stdout
    assert kb.get("vneid.forgot_password").title in result.stdout


def test_console_numbers_the_options_and_accepts_a_number(tmp_path: Path) -> None:
    result = run_console(tmp_path, "/start\n2\n")
    assert result.returncode == 0, result.stderr
    assert "2. 📚 Xem theo chủ đề" in result.stdout
    assert "anh/chị chọn một chủ đề" in result.stdout


def test_invalid_config_stops_start_up_naming_the_key(tmp_path: Path) -> None:
    config = write_config(tmp_path)
    data = yaml.safe_load(config.read_text(encoding="utf-8"))
    data["faq"]["answer_threshold"] = "cao"
    config.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, str(ROOT / "bot.py"), "--config", str(config)],
        input="", capture_output=True, text=True, timeout=60,
    )
    assert result.returncode != 0
    assert "config.yaml" in result.stderr and "faq.answer_threshold" in result.stderr


def test_a_second_run_on_the_same_database_still_answers(tmp_path: Path) -> None:
    from faq import load_knowledge_base

    title = load_knowledge_base(ROOT / "faq" / "kb").get("vneid.forgot_password").title
    for _ in range(2):
        result = run_console(tmp_path, "quen mat khau vneid\n")
        assert result.returncode == 0, result.stderr
        assert title in result.stdout

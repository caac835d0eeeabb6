"""The console channel as the README runs it: lines on stdin, replies on stdout."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def write_config(tmp_path: Path, admins: list[dict[str, str]] | None = None) -> Path:
    data = yaml.safe_load((ROOT / "config.yaml").read_text(encoding="utf-8"))
    data["bot"]["database"] = str(tmp_path / "console.sqlite3")
    data["bot"]["admins"] = admins or []
    for key in ("knowledge_base", "abbreviations"):
        data["faq"][key] = str(ROOT / data["faq"][key])
    path = tmp_path / "config.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def run_console(tmp_path: Path, stdin: str,
                admins: list[dict[str, str]] | None = None) -> subprocess.CompletedProcess[str]:
    env = {"PATH": "/usr/bin:/bin", "PYTHONIOENCODING": "utf-8"}
    config = write_config(tmp_path, admins)
    return subprocess.run(
        [sys.executable, str(ROOT / "bot.py"), "--config", str(config)],
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


def refusal() -> str:
    """The start of what the bot says to someone whose role is too low for a command."""
    from core.texts import NOT_ALLOWED

    return NOT_ALLOWED.split("{role}")[0]


REGISTER_LAN = (
    "/dangky\nNguyễn Thị Lan\n0912345678\nquang phu\n1\nThôn 3\n1\n"
    "Thành viên\nĐoàn thanh niên\n1\n"  # role and organisation typed; 1 = send
)


def test_one_console_plays_a_member_and_the_admin_who_approves_her(tmp_path: Path) -> None:
    from channels import console
    from members import texts

    script = (
        "/la Chị Lan\n" + REGISTER_LAN
        + "/choduyet\n"          # Lan is no admin: refused
        + "/la local\n1\n"      # the admin types 1 on the request the bot sent them
        + "/la Chị Lan\n/toi\n"
    )
    result = run_console(tmp_path, script, admins=[{"platform": "console", "user_id": "local"}])
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert console.NOW_TYPING.format(name="Chị Lan", user_id="chi-lan") in out
    request_at = out.index(console.MESSAGE_FOR.format(name=console.DEFAULT_NAME, user_id="local"))
    assert "✅ Duyệt" in out[request_at:]
    assert refusal() in out  # /choduyet as Lan
    assert texts.DECIDED_APPROVED.format(name="Nguyễn Thị Lan") in out
    approved_at = out.index(console.MESSAGE_FOR.format(name="Chị Lan", user_id="chi-lan"))
    assert approved_at > request_at
    profile = out[out.rindex(console.NOW_TYPING.format(name="Chị Lan", user_id="chi-lan")):]
    assert texts.STATUS_LABELS["approved"] in profile
    assert "/la" not in out.replace("/la <tên>", "")  # the switch never reached the bot


def test_la_alone_says_who_is_typing_and_a_name_without_letters_is_refused(
    tmp_path: Path,
) -> None:
    from channels import console

    result = run_console(tmp_path, "/la Anh Đức\n/la\n/la ???\n/la local\n/la\n")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert console.NOW_TYPING.format(name="Anh Đức", user_id="anh-duc") in out
    assert console.PLAYED.format(
        people=f"{console.DEFAULT_NAME} (local), Anh Đức (anh-duc)") in out
    assert console.BAD_NAME in out
    assert console.NOW_TYPING.format(name=console.DEFAULT_NAME, user_id="local") in out
    assert "chưa hiểu lệnh" not in out


def test_a_console_person_named_in_bot_admins_is_admin(tmp_path: Path) -> None:
    result = run_console(tmp_path, "/la Chị Lan\n/taikb\n/la local\n/taikb\n",
                         admins=[{"platform": "console", "user_id": "chi-lan"}])
    assert result.returncode == 0, result.stderr
    lan, local = result.stdout.split("(console, mã local)")
    assert "đã nạp lại kho câu hỏi" in lan.lower()
    assert refusal() in local


def test_the_same_input_piped_twice_is_answered_twice_and_saved_once(tmp_path: Path) -> None:
    import sqlite3

    script = "/la Admin\n/ghinhan vneid 3\nquen mat khau vneid\n"
    admins = [{"platform": "console", "user_id": "admin"}]
    first = run_console(tmp_path, script, admins)
    second = run_console(tmp_path, script, admins)
    assert first.returncode == second.returncode == 0, second.stderr
    with sqlite3.connect(tmp_path / "console.sqlite3") as db:
        questions = db.execute("SELECT COUNT(*) FROM faq_questions").fetchone()[0]
    assert questions == 1  # the second run is a redelivery, not a second question
    answers = [line for line in second.stdout.splitlines() if line.strip()]
    assert answers and set(answers) <= set(first.stdout.splitlines())

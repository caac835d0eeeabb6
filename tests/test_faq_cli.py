"""`python -m faq`: the contracts other tools and the README rely on."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from tests.faq_helpers import FIXTURE_KB, ROOT, run_faq


@pytest.fixture
def fixture_config(tmp_path: Path) -> Path:
    """A config whose faq section points at the fixture knowledge base (relative paths)."""
    data = yaml.safe_load((ROOT / "config.yaml").read_text(encoding="utf-8"))
    faq = data["faq"]
    faq["knowledge_base"] = str(FIXTURE_KB)
    faq["abbreviations"] = str(ROOT / "faq" / "abbreviations.yaml")
    path = tmp_path / "config.yaml"
    path.write_text(yaml.safe_dump({"faq": faq}, allow_unicode=True), encoding="utf-8")
    return path


def test_list_json_is_an_array_of_entries(fixture_config: Path) -> None:
    result = run_faq("--config", str(fixture_config), "list", "--json")
    assert result.returncode == 0, result.stderr
    entries = json.loads(result.stdout)
    assert isinstance(entries, list) and len(entries) == 8
    for entry in entries:
        assert isinstance(entry["id"], str) and isinstance(entry["title"], str)
        assert entry["questions"] and all(isinstance(q, str) for q in entry["questions"])
    assert "Quên mật khẩu VNeID" in result.stdout  # not escaped as \\u...


def test_match_writes_one_json_object_a_line_in_order(fixture_config: Path) -> None:
    questions = ["ko nho pass vneid", "thời tiết ngày mai", "", "vneid", "mất thẻ căn cước"]
    result = run_faq("--config", str(fixture_config), "match", stdin="\n".join(questions) + "\n")
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["q"] for line in lines] == questions
    for line in lines:
        assert set(line) == {"q", "id", "score", "suggestions"}
        assert 0 <= line["score"] <= 100
        assert len(line["suggestions"]) <= 3 and line["id"] not in line["suggestions"]
    answered = [line["id"] for line in lines]
    assert answered == ["vneid.forgot_password", None, None, None, "idcard.lost"]
    assert lines[3]["suggestions"] and all(s.startswith("vneid.") for s in lines[3]["suggestions"])


def test_eval_prints_the_three_figures_and_the_misses(fixture_config: Path, tmp_path: Path) -> None:
    questions = tmp_path / "questions.yaml"
    questions.write_text(yaml.safe_dump({"questions": [
        {"q": "quen mat khau vneid", "expect": "vneid.forgot_password"},
        {"q": "mất thẻ căn cước", "expect": "idcard.lost"},
        {"q": "quên vneid", "expect": "vneid.passcode"},
        {"q": "tra cứu phạt nguội", "expect": "vneid.register"},
        {"q": "cách nấu canh chua", "expect": None},
        {"q": "alo", "expect": None},
    ]}, allow_unicode=True), encoding="utf-8")
    result = run_faq("--config", str(fixture_config), "eval", str(questions))
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "in-scope top-1:          50.0 % (2/4)" in out
    assert "in-scope top-3:          75.0 % (3/4)" in out
    assert "out-of-scope rejection:  50.0 % (1/2)" in out
    assert "wrong direct answers:    33.3 % (2/6)" in out  # phạt nguội and the greeting
    assert "[WRONG] 'tra cứu phạt nguội'" in out
    assert "'tra cứu phạt nguội'" in out and "'alo'" in out
    assert "'quen mat khau vneid'" not in out

    figures = json.loads(run_faq("--config", str(fixture_config), "eval", "--json",
                                 str(questions)).stdout)
    assert (figures["top1"], figures["top3"], figures["rejection"]) == (50.0, 75.0, 50.0)
    assert figures["wrong"] == 33.3


def test_ask_prints_the_answer_and_its_scores(fixture_config: Path) -> None:
    result = run_faq("--config", str(fixture_config), "ask", "quên", "mật", "khẩu", "vneid")
    assert result.returncode == 0, result.stderr
    assert "answer" in result.stdout and "vneid.forgot_password" in result.stdout
    assert "Nhập số định danh cá nhân" in result.stdout


def test_validate_defaults_to_the_configured_knowledge_base(fixture_config: Path) -> None:
    result = run_faq("--config", str(fixture_config), "validate")
    assert result.returncode == 0 and result.stdout.startswith("OK: 8 mục")


def test_a_broken_config_is_reported_not_a_traceback(tmp_path: Path) -> None:
    config = tmp_path / "config.yaml"
    config.write_text("faq:\n  answer_threshold: cao\n", encoding="utf-8")
    result = run_faq("--config", str(config), "list", "--json")
    assert result.returncode == 2
    assert "faq.answer_threshold" in result.stderr and "Traceback" not in result.stderr

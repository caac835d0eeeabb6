"""Loading and validating knowledge-base folders, settings and the abbreviation file."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from core.config_errors import ConfigError, SectionReader
from faq import FaqSettings, Link, load_knowledge_base
from faq.knowledge_base import check_knowledge_base
from faq.lexicon import load_lexicon
from tests.faq_helpers import FIXTURE_KB, run_faq

PROVENANCE = "    checked: 2026-12\n    sources: [{title: Luật Hộ tịch 2014, url: https://vbpl.vn}]\n"
GOOD_ENTRY = """\
  - id: {id}
    title: Tiêu đề
    questions: [Câu hỏi {id} thứ nhất, Câu hỏi {id} thứ hai]
    answer: Dạ, câu trả lời.
""" + PROVENANCE.replace("{", "{{").replace("}", "}}")


def write_kb(folder: Path, files: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def theme(name: str, *entries: str) -> str:
    return f"theme: {name}\ntitle: Chủ đề {name}\nentries:\n" + "".join(entries)


def test_fixture_knowledge_base_loads_in_file_order() -> None:
    kb = load_knowledge_base(FIXTURE_KB)
    assert [t.id for t in kb.themes] == ["cancuoc", "chaohoi", "vneid"]
    vneid = kb.theme("vneid")
    assert vneid is not None
    assert vneid.entry_ids == ("vneid.register", "vneid.forgot_password", "vneid.passcode")
    assert kb.theme("chaohoi").hidden and not vneid.hidden
    entry = kb.get("vneid.register")
    assert entry is not None and entry.theme == "vneid"
    assert entry.links == (Link("Cổng VNeID", "https://vneid.gov.vn"),)
    assert entry.related == ("vneid.forgot_password",)
    assert entry.keywords == ("cài vneid", "tạo tài khoản")
    assert len(entry.questions) == 4
    assert kb.get("no.such.entry") is None


BAD_CASES = {
    "yaml syntax": (
        {"a.yaml": theme("a", GOOD_ENTRY.format(id="a.one")) + "  - id: [unclosed\n"},
        "a.yaml", None, "dòng 11",
    ),
    "duplicate id across files": (
        {"a.yaml": theme("a", GOOD_ENTRY.format(id="x.same")),
         "b.yaml": theme("b", GOOD_ENTRY.format(id="x.same"))},
        "b.yaml", "x.same", "a.yaml",
    ),
    "missing answer": (
        {"a.yaml": theme("a", "  - id: a.one\n    title: T\n    questions: [Hỏi gì]\n")},
        "a.yaml", "a.one", "answer",
    ),
    "missing title": (
        {"a.yaml": theme("a", "  - id: a.one\n    questions: [Hỏi gì]\n    answer: Đáp\n")},
        "a.yaml", "a.one", "title",
    ),
    "missing id": (
        {"a.yaml": theme("a", "  - title: T\n    questions: [Hỏi gì]\n    answer: Đáp\n")},
        "a.yaml", "entries[0]", "id",
    ),
    "empty question list": (
        {"a.yaml": theme("a", "  - id: a.one\n    title: T\n    questions: []\n    answer: Đáp\n")},
        "a.yaml", "a.one", "questions",
    ),
    "related id that does not exist": (
        {"a.yaml": theme("a", GOOD_ENTRY.format(id="a.one") + "    related: [a.ghost]\n")},
        "a.yaml", "a.one", "a.ghost",
    ),
    "answer too long": (
        {"a.yaml": theme("a", "  - id: a.one\n    title: T\n    questions: [Hỏi gì]\n"
                              f"    answer: {'chữ ' * 400}\n")},
        "a.yaml", "a.one", "1500",
    ),
    "bad link url": (
        {"a.yaml": theme("a", GOOD_ENTRY.format(id="a.one")
                         + "    links: [{title: Trang, url: 'dichvucong gov vn'}]\n")},
        "a.yaml", "a.one", "dichvucong gov vn",
    ),
    "keyword that is a number": (
        {"a.yaml": theme("a", GOOD_ENTRY.format(id="a.one") + "    keywords: [phí, 200.000]\n")},
        "a.yaml", "a.one", "keywords",
    ),
    "missing checked month": (
        {"a.yaml": theme("a", "  - id: a.one\n    title: T\n    questions: [Hỏi gì]\n"
                              "    answer: Đáp\n    sources: [{title: Luật, url: https://vbpl.vn}]\n")},
        "a.yaml", "a.one", "checked",
    ),
    "checked that is not a month": (
        {"a.yaml": theme("a", "  - id: a.one\n    title: T\n    questions: [Hỏi gì]\n"
                              "    answer: Đáp\n    checked: 2026-13\n"
                              "    sources: [{title: Luật, url: https://vbpl.vn}]\n")},
        "a.yaml", "a.one", "2026-13",
    ),
    "missing sources": (
        {"a.yaml": theme("a", "  - id: a.one\n    title: T\n    questions: [Hỏi gì]\n"
                              "    answer: Đáp\n    checked: 2026-12\n")},
        "a.yaml", "a.one", "sources",
    ),
    "source without an address": (
        {"a.yaml": theme("a", "  - id: a.one\n    title: T\n    questions: [Hỏi gì]\n"
                              "    answer: Đáp\n    checked: 2026-12\n"
                              "    sources: [{title: Luật, url: vbpl}]\n")},
        "a.yaml", "a.one", "sources[0]",
    ),
    "unknown field": (
        {"a.yaml": theme("a", GOOD_ENTRY.format(id="a.one") + "    anwser: lỗi chính tả\n")},
        "a.yaml", "a.one", "anwser",
    ),
}


@pytest.mark.parametrize("case", list(BAD_CASES))
def test_each_problem_is_reported_with_file_entry_and_reason(tmp_path: Path, case: str) -> None:
    files, file, entry, reason = BAD_CASES[case]
    folder = write_kb(tmp_path / "kb", files)
    _, errors = check_knowledge_base(folder)
    assert errors, case
    error = errors[0]
    assert error.file.endswith(file)
    assert error.entry == entry
    assert reason in str(error)
    with pytest.raises(ConfigError) as raised:
        load_knowledge_base(folder)
    assert file in str(raised.value) and reason in str(raised.value)

    result = run_faq("validate", str(folder))
    assert result.returncode == 1
    expected_line = f"{file}: {entry}: " if entry else f"{file}: "
    assert any(expected_line in line and reason in line for line in result.stdout.splitlines())


def test_all_problems_are_listed_not_just_the_first(tmp_path: Path) -> None:
    folder = write_kb(tmp_path / "kb", {
        "a.yaml": theme("a", "  - id: a.one\n    title: T\n    questions: []\n    answer: Đáp\n",
                        GOOD_ENTRY.format(id="a.two") + "    related: [a.ghost]\n"),
    })
    result = run_faq("validate", str(folder))
    assert result.returncode == 1
    assert "a.one" in result.stdout and "a.ghost" in result.stdout


def test_the_same_question_in_two_entries_is_refused(tmp_path: Path) -> None:
    entry = (
        "  - id: {id}\n    title: {id}\n    questions: [Quên mật khẩu VNeID?]\n    answer: Đáp\n"
    ) + PROVENANCE.replace("{", "{{").replace("}", "}}")
    folder = write_kb(tmp_path / "kb", {"a.yaml": theme("a", entry.format(id="a.one"),
                                                         entry.format(id="a.two"))})
    _, errors = check_knowledge_base(folder)
    assert [e.entry for e in errors] == ["a.two"]


def test_checked_month_and_sources_are_read() -> None:
    entry = load_knowledge_base(FIXTURE_KB).get("vneid.register")
    assert entry is not None and str(entry.checked) == "12/2026"
    assert entry.sources == (Link("Cổng Dịch vụ công quốc gia", "https://dichvucong.gov.vn"),)


def test_entries_of_hidden_themes_need_no_sources(tmp_path: Path) -> None:
    hidden = "theme: h\ntitle: H\nhidden: true\nentries:\n"
    folder = write_kb(tmp_path / "kb", {"h.yaml": hidden + "  - id: h.hi\n    title: Chào\n"
                                        "    questions: [xin chào]\n    answer: Dạ, chào.\n"})
    kb = load_knowledge_base(folder)
    assert kb.get("h.hi") is not None and kb.get("h.hi").checked is None


def test_validate_says_ok_with_counts(tmp_path: Path) -> None:
    folder = shutil.copytree(FIXTURE_KB, tmp_path / "kb")
    result = run_faq("validate", str(folder))
    assert result.returncode == 0, result.stdout
    assert result.stdout.startswith("OK: 8 mục, 3 chủ đề")


def test_missing_folder_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="không tìm thấy"):
        load_knowledge_base(tmp_path / "nowhere")


def reader(tmp_path: Path, section: dict) -> SectionReader:
    return SectionReader(str(tmp_path / "config.yaml"), "", {"faq": section}).section("faq")


def test_settings_resolve_paths_against_the_config_folder(tmp_path: Path) -> None:
    settings = FaqSettings.from_config(reader(tmp_path, {
        "knowledge_base": "data/kb", "answer_threshold": 70, "suggest_threshold": 40,
        "ambiguity_margin": 5, "max_input_chars": 300,
    }))
    assert settings.knowledge_base == tmp_path.resolve() / "data" / "kb"
    assert settings.abbreviations == tmp_path.resolve() / "faq" / "abbreviations.yaml"
    assert (settings.answer_threshold, settings.suggest_threshold) == (70.0, 40.0)
    assert settings.max_input_chars == 300


@pytest.mark.parametrize(
    ("section", "key"),
    [
        ({"answer_threshold": "cao"}, "faq.answer_threshold"),
        ({"answer_threshold": 150}, "faq.answer_threshold"),
        ({"answer_threshold": 50, "suggest_threshold": 60}, "faq.suggest_threshold"),
        ({"max_input_chars": 2.5}, "faq.max_input_chars"),
        ({"knowledge_base": 12}, "faq.knowledge_base"),
    ],
)
def test_bad_settings_name_the_key(tmp_path: Path, section: dict, key: str) -> None:
    with pytest.raises(ConfigError) as raised:
        FaqSettings.from_config(reader(tmp_path, section))
    assert raised.value.entry == key


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("abbreviations:\n  không: [k, ko\n", "dòng"),
        ("abbreviations:\n  không: [k, 1]\n", "abbreviations.không"),
        ("abbreviations:\n  không: [k]\n  khó: [k]\n", "abbreviations.khó"),
        ("generic: làm sao\n", "generic"),
        ("slang: {}\n", "slang"),
    ],
)
def test_bad_abbreviation_file_is_refused(tmp_path: Path, text: str, where: str) -> None:
    path = tmp_path / "abbreviations.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as raised:
        load_lexicon(path)
    assert str(path) in str(raised.value) and where in str(raised.value)

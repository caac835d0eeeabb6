"""The parse cache: unchanged files are not parsed again; a bad cache is never believed
blindly, never crashes a load, and validation stays as strict as without it."""

from __future__ import annotations

import json
import logging
import shutil
from pathlib import Path

import pytest

import faq.loading
from bot import App
from faq.knowledge_base import KnowledgeBase, check_knowledge_base
from faq.parse_cache import FILE_NAME
from tests.faq_helpers import FIXTURE_KB


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A copy of the fixture knowledge base, free to edit."""
    return Path(shutil.copytree(FIXTURE_KB, tmp_path / "kb"))


@pytest.fixture
def parsed(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts the files the YAML parser reads (the cache's misses)."""
    calls: list[int] = []
    parse = faq.loading.parse_yaml

    def counting(raw: bytes) -> object:
        calls.append(len(raw))
        return parse(raw)

    monkeypatch.setattr(faq.loading, "parse_yaml", counting)
    return calls


def _same(a: KnowledgeBase, b: KnowledgeBase) -> bool:
    return a.entries == b.entries and a.themes == b.themes


def test_unchanged_files_are_not_parsed_again_and_an_edited_one_is(
    folder: Path, tmp_path: Path, parsed: list[int],
) -> None:
    cache = tmp_path / "data" / FILE_NAME
    plain, errors = check_knowledge_base(folder)
    assert errors == [] and len(parsed) == 3
    first, _ = check_knowledge_base(folder, cache=cache)
    assert len(parsed) == 6 and cache.is_file()
    second, errors = check_knowledge_base(folder, cache=cache)
    assert errors == [] and len(parsed) == 6  # nothing parsed: all from the cache
    assert _same(second, plain) and _same(first, plain)
    path = folder / "vneid.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "title: VNeID", "title: Ứng dụng VNeID", 1), encoding="utf-8")
    third, _ = check_knowledge_base(folder, cache=cache)
    assert len(parsed) == 7  # only the edited file
    theme = third.theme("vneid")
    assert theme is not None and theme.title == "Ứng dụng VNeID"


@pytest.mark.parametrize("content", [
    b"", b"\x00\xff garbage", b'{"format": 1, "loader": ', b"[1, 2, 3]", b'"text"',
    b'{"format": 999, "loader": "x", "files": {}}', b"[" * 100_000 + b"]" * 100_000,
])
def test_a_corrupt_cache_is_ignored_and_written_again(
    folder: Path, tmp_path: Path, parsed: list[int], content: bytes,
    caplog: pytest.LogCaptureFixture,
) -> None:
    cache = tmp_path / FILE_NAME
    cache.write_bytes(content)
    plain, _ = check_knowledge_base(folder)
    with caplog.at_level(logging.WARNING):
        kb, errors = check_knowledge_base(folder, cache=cache)
    assert errors == [] and _same(kb, plain)
    again, _ = check_knowledge_base(folder, cache=cache)
    assert _same(again, plain) and len(parsed) == 6  # the rewritten cache served the third


def test_crafted_records_are_judged_like_yaml(folder: Path, tmp_path: Path) -> None:
    """A record with the shape of nothing (or wrong types) meets the same validation; one
    that cannot be decoded is parsed from its file again."""
    cache = tmp_path / FILE_NAME
    check_knowledge_base(folder, cache=cache)
    body = json.loads(cache.read_bytes())
    records = list(body["files"].values())
    records[0].update(dates=True, data={"theme": {"\0date": 5}})
    for record in records[1:]:
        record["data"] = {"theme": 5, "title": "T", "entries": [{"id": "x y", "questions": "a"}]}
    body["files"]["0" * 64] = "not a record"
    cache.write_text(json.dumps(body), encoding="utf-8")
    kb, errors = check_knowledge_base(folder, cache=cache)
    reasons = [e.reason for e in errors]
    assert reasons.count("thiếu 'theme' hoặc sai dạng (mã chủ đề không dấu, ví dụ vneid)") == 2
    assert reasons.count("id chỉ gồm chữ thường không dấu, số, _ và dấu chấm") == 2
    assert {e.file for e in errors} < {str(p) for p in folder.glob("*.yaml")}
    assert len(kb.themes) == 3 and kb.entries  # the undecodable record's file, parsed


def test_an_oversized_cache_is_not_read(folder: Path, tmp_path: Path, parsed: list[int]) -> None:
    cache = tmp_path / FILE_NAME
    check_knowledge_base(folder, cache=cache)
    body = json.loads(cache.read_bytes())
    body["padding"] = "x" * (8 << 20)
    cache.write_text(json.dumps(body), encoding="utf-8")
    check_knowledge_base(folder, cache=cache)
    assert len(parsed) == 6  # read again from the files, then the cache is small again
    assert cache.stat().st_size < 1 << 20


def test_a_cache_that_cannot_be_written_is_logged_and_the_load_goes_on(
    folder: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture,
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    with caplog.at_level(logging.WARNING):
        kb, errors = check_knowledge_base(folder, cache=blocker / FILE_NAME)
    assert errors == [] and len(kb.entries) > 0
    assert any("not written" in r.getMessage() for r in caplog.records)


def test_dates_aliases_and_odd_values_load_as_without_the_cache(
    folder: Path, tmp_path: Path, parsed: list[int],
) -> None:
    extra = folder / "thu.yaml"
    extra.write_text(
        "theme: thu\ntitle: Thử\nentries:\n"
        "  - id: thu.one\n    title: Một\n    questions: [câu một ạ]\n    answer: Đáp.\n"
        "    checked: 2026-11-03\n    sources: &src\n"
        "      - {title: Cổng, url: 'https://dichvucong.gov.vn'}\n"
        "  - id: thu.two\n    title: Hai\n    questions: [câu hai ạ]\n    answer: Đáp.\n"
        "    checked: 2026-11\n    sources: *src\n",
        encoding="utf-8",
    )
    odd = folder / "odd.yaml"
    odd.write_text("theme: odd\ntitle: Lạ\nentries: &e [*e]\n", encoding="utf-8")
    cache = tmp_path / FILE_NAME
    plain, plain_errors = check_knowledge_base(folder)
    check_knowledge_base(folder, cache=cache)
    cached, errors = check_knowledge_base(folder, cache=cache)
    assert _same(cached, plain) and [str(e) for e in errors] == [str(e) for e in plain_errors]
    one = cached.get("thu.one")
    assert one is not None and str(one.checked) == "11/2026"
    assert len(parsed) == 5 + 5 + 1  # the recursive file is never cached, the others are


@pytest.mark.parametrize("broken", ["theme: [unclosed\n", "theme: x\n\tbad: tab\n"])
def test_a_syntax_error_is_reported_alike_with_the_cache(
    folder: Path, tmp_path: Path, broken: str,
) -> None:
    (folder / "broken.yaml").write_text(broken, encoding="utf-8")
    _, plain = check_knowledge_base(folder)
    cache = tmp_path / FILE_NAME
    for _ in range(2):
        _, errors = check_knowledge_base(folder, cache=cache)
        assert [str(e) for e in errors] == [str(e) for e in plain] and errors


async def test_the_bot_keeps_its_parse_cache_beside_its_database(app: App) -> None:
    cache = app.config.bot.database.parent / FILE_NAME
    assert cache.is_file()
    body = json.loads(cache.read_bytes())
    assert len(body["files"]) == len(list(app.config.faq.knowledge_base.glob("*.yaml")))

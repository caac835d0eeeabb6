"""The benchmark runs end to end and prints the table the README quotes (a small run)."""

from __future__ import annotations

import tracemalloc

import pytest

from faq.bench import _load, run_bench, synthetic_kb
from faq.knowledge_base import load_knowledge_base
from tests.faq_helpers import shipped_settings


def test_synthetic_base_is_deterministic_and_distinct() -> None:
    kb = load_knowledge_base(shipped_settings().knowledge_base)
    first, second = synthetic_kb(kb, 300, seed=7), synthetic_kb(kb, 300, seed=7)
    assert [e.questions for e in first.entries] == [e.questions for e in second.entries]
    assert len({e.id for e in first.entries}) == 300
    assert len({e.title for e in first.entries}) == 300


def test_bench_prints_a_markdown_table_with_targets() -> None:
    report = run_bench(shipped_settings(), synthetic_entries=300, seed=7, queries=60)
    lines = report.splitlines()
    assert lines[0].startswith("| Knowledge base / method |")
    rows = [line for line in lines if line.startswith("| ")]
    assert len(rows) == 12  # header, 4 short-question rows, a first load, 3 each for 30, 80 words
    assert sum("80-word messages" in row for row in rows) == 3
    assert any("synthetic (300 entries" in row for row in rows)
    assert any(line.startswith("Targets: p99 ≤ 2 ms shipped") for line in lines)
    header = [cell.strip() for cell in lines[0].strip("|").split("|")]
    assert header[1] == "Load: files → ready matcher (median of 3)"
    assert header[2:4] == ["of which parse + validate YAML", "of which index build"]
    assert "tracemalloc, own pass" in header[-1]
    synthetic = next(row for row in rows if "synthetic (300 entries" in row)
    total, parse, index = (cell.strip() for cell in synthetic.strip("|").split("|")[1:4])
    assert total.startswith("**") and parse and index


def test_load_times_are_never_taken_under_tracemalloc() -> None:
    settings = shipped_settings()
    tracemalloc.start()
    try:
        with pytest.raises(RuntimeError, match="tracemalloc"):
            _load(settings.knowledge_base, settings)
    finally:
        tracemalloc.stop()
    load = _load(settings.knowledge_base, settings, runs=3)
    assert load.runs == 3 and load.total == pytest.approx(load.parse + load.index)

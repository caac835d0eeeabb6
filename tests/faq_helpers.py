"""Shared paths and builders for the FAQ tests."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from pathlib import Path

from faq import FaqSettings, Matcher, load_knowledge_base
from faq.settings import load_settings

ROOT = Path(__file__).resolve().parents[1]
FIXTURE_KB = ROOT / "tests" / "fixtures" / "kb"
SHARED = Path(__file__).resolve().parents[2] / "shared"


def shipped_settings() -> FaqSettings:
    return load_settings(ROOT / "config.yaml")


def fixture_settings(**changes: object) -> FaqSettings:
    """The shipped thresholds, over the small fixture knowledge base."""
    return dataclasses.replace(shipped_settings(), knowledge_base=FIXTURE_KB, **changes)


def fixture_matcher(**changes: object) -> Matcher:
    settings = fixture_settings(**changes)
    return Matcher(load_knowledge_base(settings.knowledge_base), settings)


def run_faq(*args: str, stdin: str = "", cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    """`python -m faq ARGS` as an operator would run it from the project root."""
    return subprocess.run(
        [sys.executable, "-m", "faq", *args],
        input=stdin, capture_output=True, text=True, encoding="utf-8", cwd=cwd, timeout=120,
    )

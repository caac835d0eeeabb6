"""The shipped knowledge base: valid, complete, and good enough on real questions."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from faq import Matcher, fold, load_knowledge_base
from faq.evaluate import evaluate, read_questions
from faq.knowledge_base import check_knowledge_base
from faq.lexicon import load_lexicon
from handlers.faq.answers import answer_text
from tests.faq_helpers import ROOT, SHARED, run_faq, shipped_settings

needs_shared = pytest.mark.skipif(not SHARED.is_dir(), reason="../shared is not here")


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    settings = shipped_settings()
    return Matcher(load_knowledge_base(settings.knowledge_base), settings)


def test_shipped_knowledge_base_and_abbreviations_validate() -> None:
    settings = shipped_settings()
    kb, errors = check_knowledge_base(settings.knowledge_base)
    assert [str(e) for e in errors] == []
    assert len(kb.entries) >= 53
    load_lexicon(settings.abbreviations)
    result = run_faq("validate")
    assert result.returncode == 0 and result.stdout.startswith("OK:")


@needs_shared
def test_every_topic_has_exactly_its_entry() -> None:
    topics = yaml.safe_load((SHARED / "faq" / "topics.yaml").read_text(encoding="utf-8"))
    ids = {t["id"] for t in topics["topics"]}
    kb = load_knowledge_base(shipped_settings().knowledge_base)
    assert len(ids) == 53
    assert ids <= {e.id for e in kb.entries}


@needs_shared
def test_dev_questions_meet_the_quality_bar(matcher: Matcher) -> None:
    report = evaluate(matcher, read_questions(SHARED / "faq" / "dev-questions.yaml"))
    assert report.top1 >= 92.0, report.summary()
    assert report.top3 >= 98.0, report.summary()
    assert report.rejection >= 80.0, report.summary()
    assert report.wrong <= 3.0, report.summary()


@pytest.mark.parametrize("name", ["holdout-questions.yaml", "holdout2-questions.yaml"])
def test_held_out_questions_meet_the_quality_bar(matcher: Matcher, name: str) -> None:
    report = evaluate(matcher, read_questions(ROOT / "tests" / "fixtures" / name))
    assert report.top1 >= 92.0, report.summary()
    assert report.top3 >= 98.0, report.summary()
    assert report.rejection >= 80.0, report.summary()
    assert report.wrong <= 3.0, report.summary()


@needs_shared
def test_no_dev_question_is_copied_into_the_knowledge_base() -> None:
    data = yaml.safe_load((SHARED / "faq" / "dev-questions.yaml").read_text(encoding="utf-8"))
    dev = {fold(q["q"]) for q in data["questions"] if len(q["q"].split()) >= 3}
    kb = load_knowledge_base(shipped_settings().knowledge_base)
    copied = [(e.id, q) for e in kb.entries for q in e.questions if fold(q) in dev]
    assert copied == []


def test_each_stored_question_finds_its_own_entry(matcher: Matcher) -> None:
    """Phrasings that land on another entry make the base ambiguous for everyone."""
    misses = [
        (entry.id, question, result.ranking[0][0].id if result.ranking else None)
        for entry in matcher.kb.entries
        for question in entry.questions
        if (result := matcher.match(question)).ranking
        and result.ranking[0][0].id != entry.id
    ]
    total = sum(len(e.questions) for e in matcher.kb.entries)
    assert len(misses) <= total * 0.02, misses


def test_shipped_config_thresholds_are_ordered() -> None:
    settings = shipped_settings()
    assert 0 < settings.suggest_threshold <= settings.answer_threshold <= 100
    assert settings.ambiguity_margin > 0


FORBIDDEN_SELF_AND_YOU = re.compile(r"(?<!\w)(bạn(?! bè)|mình|bot|tôi|tớ|cậu)(?!\w)", re.IGNORECASE)


def test_every_answer_speaks_with_one_voice() -> None:
    """The bot is "em", the person "anh/chị"; "Dạ" and "ạ" at most once in what is sent."""
    kb = load_knowledge_base(shipped_settings().knowledge_base)
    problems = []
    for entry in kb.entries:
        text = answer_text(entry)
        if found := FORBIDDEN_SELF_AND_YOU.findall(text):
            problems.append((entry.id, found))
        if len(re.findall(r"(?<!\w)dạ(?!\w)", text, re.IGNORECASE)) > 1:
            problems.append((entry.id, "Dạ"))
        if len(re.findall(r"(?<!\w)ạ(?!\w)", text)) > 1:
            problems.append((entry.id, "ạ"))
    assert problems == []


def test_every_answer_shows_where_its_facts_come_from_and_when_checked() -> None:
    kb = load_knowledge_base(shipped_settings().knowledge_base)
    hidden = {t.id for t in kb.themes if t.hidden}
    for entry in kb.entries:
        if entry.theme in hidden:
            continue
        last = answer_text(entry).splitlines()[-1]
        assert last.startswith("Nguồn: ") and f"cập nhật {entry.checked}" in last, entry.id


def test_the_wrong_scam_report_address_is_gone() -> None:
    """canhbao.khonggianmang.gov.vn was wrong; tinnhiemmang.vn keeps the list of scam sites."""
    kb = load_knowledge_base(shipped_settings().knowledge_base)
    texts = [e.answer + " ".join(link.url for link in e.links) for e in kb.entries]
    assert not any("canhbao.khonggianmang" in t for t in texts)
    for entry_id in ("safety.scam_signs", "safety.scam_victim", "ecommerce.shop_safely"):
        entry = kb.get(entry_id)
        assert entry is not None and "tinnhiemmang.vn/website-lua-dao" in entry.answer
    victim = kb.get("safety.scam_victim")
    assert victim is not None
    first = victim.answer.splitlines()[0]
    assert "ngân hàng" in first and "113" in first


TODAY = {  # python -m faq eval on 2026-12-02 (benchmarks/faq_answers.py compares answers)
    SHARED / "faq" / "dev-questions.yaml": (98.7, 0.6),
    SHARED / "faq" / "dev-long-questions.yaml": (88.9, 2.5),
    ROOT / "tests" / "fixtures" / "blind-questions.yaml": (95.3, 0.0),
    ROOT / "tests" / "fixtures" / "heldout-questions.yaml": (92.5, 1.1),
    ROOT / "tests" / "fixtures" / "holdout-questions.yaml": (97.2, 2.4),
    ROOT / "tests" / "fixtures" / "holdout2-questions.yaml": (97.2, 0.0),
}


@pytest.mark.parametrize("path", list(TODAY), ids=lambda p: p.name)
def test_no_question_set_answers_worse_than_it_did(matcher: Matcher, path: Path) -> None:
    """Speed work must not cost answers: top-1 and wrong direct answers stay at today's
    figures or better on every shared set (the sets under ../shared are skipped without it)."""
    if not path.is_file():
        pytest.skip(f"{path} is not here")
    top1, wrong = TODAY[path]
    report = evaluate(matcher, read_questions(path))
    assert round(report.top1, 1) >= top1, report.summary()
    assert round(report.wrong, 1) <= wrong, report.summary()

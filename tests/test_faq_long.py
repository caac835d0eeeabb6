"""Long messages as villagers write and dictate them: context, two questions, very long."""

from __future__ import annotations

import pytest

from faq import Matcher, load_knowledge_base
from faq.evaluate import evaluate, read_questions
from faq.matcher import _fit
from tests.faq_helpers import SHARED, shipped_settings

needs_shared = pytest.mark.skipif(not SHARED.is_dir(), reason="../shared is not here")

CONTEXT = [
    "",
    "Nhà tôi ở thôn Đông, hôm qua tôi mới đi làm đồng về. ",
    "cho em hỏi là nhà em ở xa trung tâm xã lắm thì là ",
]


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    settings = shipped_settings()
    return Matcher(load_knowledge_base(settings.knowledge_base), settings)


@pytest.mark.parametrize(("question", "expected"), [
    ("Quên mật khẩu VNeID thì lấy lại thế nào?", "vneid.forgot_password"),
    ("Đánh rơi thẻ căn cước thì làm lại ở đâu?", "idcard.lost"),
    ("Mẹ tôi mất thì đăng ký khai tử ở đâu, cần giấy tờ gì?", "civil.death"),
])
@pytest.mark.parametrize("context", CONTEXT)
def test_context_before_the_question_neither_helps_nor_hurts(
    matcher: Matcher, question: str, expected: str, context: str,
) -> None:
    result = matcher.match(context + question)
    assert result.ranking[0][0].id == expected
    assert result.decision != "none"
    if not context:
        assert result.decision == "answer"


def test_two_questions_answer_the_first_and_name_the_second(matcher: Matcher) -> None:
    result = matcher.match(
        "Tôi mới đổi điện thoại. Làm sao đăng nhập VNeID trên máy mới? "
        "Còn phiếu lý lịch tư pháp xin trên VNeID thế nào?",
    )
    assert result.decision == "answer"
    assert (result.entry.id, result.also.id) == ("vneid.change_device", "justice.criminal_record")


def test_context_about_one_topic_and_a_question_about_another(matcher: Matcher) -> None:
    result = matcher.match(
        "Tôi vừa đăng ký Mobile Money ở cửa hàng nhà mạng. Xin hỏi trả tiền điện hằng tháng "
        "bằng điện thoại thì làm thế nào?",
    )
    assert result.entry is not None and result.entry.id == "payment.utility_bills"
    assert result.also is None


def test_one_decision_rule_with_thresholds_that_follow_the_length() -> None:
    settings = shipped_settings()
    short = settings.thresholds(5)
    long = settings.thresholds(80)
    assert short == (settings.answer_threshold, settings.suggest_threshold,
                     settings.ambiguity_margin)
    assert long == (settings.long_answer_threshold, settings.long_suggest_threshold,
                    settings.long_ambiguity_margin)
    middle = settings.thresholds(20)
    assert long[0] <= middle[0] <= short[0]


def test_a_very_long_message_keeps_the_clauses_that_ask() -> None:
    text = "Nhà tôi ở thôn Đông. " + "Tôi làm ruộng cả đời, con cái đi làm xa. " * 40
    text += "Xin hỏi quên mật khẩu VNeID thì lấy lại thế nào?"
    kept, shortened = _fit(text, 500)
    assert shortened and len(kept) <= 500
    assert kept.startswith("Nhà tôi ở thôn Đông") and "quên mật khẩu VNeID" in kept
    assert _fit("ngắn thôi", 500) == ("ngắn thôi", False)


@pytest.mark.parametrize("text", ["x" * 100_000, "? " * 50_000, "a, " * 40_000, "3", "🙂" * 900])
def test_anything_is_matched_without_raising(matcher: Matcher, text: str) -> None:
    result = matcher.match(text)
    assert result.decision in ("answer", "suggest", "none")


def test_a_bare_number_or_emoji_is_never_a_question(matcher: Matcher) -> None:
    for text in ("3", "12.", "🙂👍"):
        result = matcher.match(text)
        assert (result.decision, result.suggestions) == ("none", [])


@needs_shared
def test_long_dev_questions_meet_the_quality_bar(matcher: Matcher) -> None:
    report = evaluate(matcher, read_questions(SHARED / "faq" / "dev-long-questions.yaml"))
    assert report.top1 >= 88.0, report.summary()
    assert report.top3 >= 97.0, report.summary()
    assert report.rejection >= 90.0, report.summary()
    assert report.wrong <= 3.0, report.summary()

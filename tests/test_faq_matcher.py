"""Matcher decisions on a small fixture knowledge base, and input nobody planned for."""

from __future__ import annotations

import pytest

from faq import KnowledgeBase, Matcher, MatchResult
from tests.faq_helpers import fixture_matcher, fixture_settings


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return fixture_matcher()


def answered(result: MatchResult) -> str | None:
    return result.entry.id if result.decision == "answer" and result.entry else None


@pytest.mark.parametrize(
    "question",
    [
        "Quên mật khẩu VNeID",
        "quen mat khau vneid",
        "ko nho pass vneid",
        "quên mk vneid r lm sao ạ",
        "vneid bị khoá vì nhập sai mật khẩu",
    ],
)
def test_forgotten_password_is_answered_however_it_is_typed(
    matcher: Matcher, question: str,
) -> None:
    result = matcher.match(question)
    assert answered(result) == "vneid.forgot_password"
    assert result.score >= matcher.settings.answer_threshold


def test_typed_differently_the_folded_query_is_the_same(matcher: Matcher) -> None:
    forms = {matcher.match(q).folded for q in ("Quên mật khẩu VNeID", "ko nho pass vneid")}
    assert forms == {"quen mat khau vneid"}


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("mất thẻ căn cước phải làm sao", "idcard.lost"),
        ("the can cuoc bi hong chip", "idcard.lost"),
        ("quen passcode vneid", "vneid.passcode"),
        ("tra cuu phat nguoi xe may", "traffic.fine_lookup"),
        ("kiểm tra xe bị phạt nguội", "traffic.fine_lookup"),
        ("tải app vneid", "vneid.register"),
        ("làm thẻ căn cước hết bao nhiêu tiền", "idcard.issue"),
        ("vneid mat khau bi sai nhieu lan", "vneid.forgot_password"),
    ],
)
def test_direct_answers(matcher: Matcher, question: str, expected: str) -> None:
    assert answered(matcher.match(question)) == expected


def test_a_typo_in_a_rare_word_is_forgiven(matcher: Matcher) -> None:
    assert answered(matcher.match("quen pascode vnied")) == "vneid.passcode"


def test_a_lone_topic_word_offers_choices_instead_of_guessing(matcher: Matcher) -> None:
    result = matcher.match("vneid")
    assert result.decision == "suggest"
    assert result.entry is None
    assert 2 <= len(result.suggestions) <= 3
    assert all(e.id.startswith("vneid.") for e in result.suggestions)


@pytest.mark.parametrize(
    ("question", "close"),
    [
        ("quên vneid", {"vneid.passcode", "vneid.forgot_password"}),
        ("cấp lại căn cước", {"idcard.issue", "idcard.lost"}),
    ],
)
def test_two_close_entries_are_both_suggested(
    matcher: Matcher, question: str, close: set[str],
) -> None:
    result = matcher.match(question)
    assert result.decision == "suggest"
    assert close <= {e.id for e in result.suggestions}


@pytest.mark.parametrize(
    "question",
    [
        "thời tiết ngày mai có mưa không",
        "tối nay đội tuyển đá với ai",
        "cách nấu canh chua",
        "cho vay tien nhanh",
        "giá lúa hôm nay bao nhiêu",
        "làm sao",
        "ở đâu thế nào bao nhiêu hôm nay",
    ],
)
def test_out_of_scope_and_generic_questions_get_no_answer(matcher: Matcher, question: str) -> None:
    result = matcher.match(question)
    assert result.decision == "none"
    assert result.entry is None and result.suggestions == []


def test_a_greeting_alone_is_a_greeting(matcher: Matcher) -> None:
    assert answered(matcher.match("alo")) == "smalltalk.greeting"
    assert answered(matcher.match("Xin chào bot")) == "smalltalk.greeting"
    assert answered(matcher.match("cảm ơn bot nhiều")) == "smalltalk.thanks"


def test_a_greeting_before_a_question_answers_the_question(matcher: Matcher) -> None:
    assert answered(matcher.match("chào bot, cho hỏi quên mật khẩu vneid")) == (
        "vneid.forgot_password"
    )
    assert answered(matcher.match("cảm ơn, còn mất thẻ căn cước thì sao")) == "idcard.lost"


def test_greetings_are_never_offered_as_suggestions(matcher: Matcher) -> None:
    for question in ("chào", "chào vneid", "bot ơi vneid", "cảm ơn căn cước"):
        assert not any(e.id.startswith("smalltalk.") for e in matcher.match(question).suggestions)


def test_answer_suggestions_are_other_entries(matcher: Matcher) -> None:
    result = matcher.match("mất thẻ căn cước")
    assert result.entry is not None
    assert result.entry not in result.suggestions
    assert len(result.suggestions) <= 3


def test_ranking_is_by_score(matcher: Matcher) -> None:
    scores = [score for _, score in matcher.match("cấp lại thẻ căn cước").ranking]
    assert scores == sorted(scores, reverse=True)


def test_thresholds_come_from_settings() -> None:
    strict = fixture_matcher(answer_threshold=100.0, suggest_threshold=99.9)
    result = strict.match("quen mat khau vneid r lm sao")
    assert result.decision != "answer"
    assert fixture_matcher(ambiguity_margin=3.0).match("thẻ căn cước").decision == "answer"
    careful = fixture_matcher(ambiguity_margin=20.0).match("thẻ căn cước")
    assert careful.decision == "suggest"
    assert {e.id for e in careful.suggestions} == {"idcard.issue", "idcard.lost"}


ODD_INPUTS = [
    "",
    "   ",
    "😀😀😀🙏",
    "\x00\x01\x02\x1b[31m\u200b\u202e",
    "a" * 5000,
    "quên mật khẩu " * 400,
    "VNeID パスワード 忘れた пароль забыл كلمة المرور",
    "̀́̃",
    "?!.,;:()[]{}<>/\\|@#$%^&*_-+=~`'\"",
    "123456789 0987654321",
    "\n\n\t\r",
    "ℌ𝔢𝔩𝔩𝔬 𝐕𝐍𝐞𝐈𝐃",
    "\ud800 lone surrogate",
]


@pytest.mark.parametrize("text", ODD_INPUTS)
def test_any_input_gets_a_well_formed_result(matcher: Matcher, text: str) -> None:
    result = matcher.match(text)
    assert result.decision in ("answer", "suggest", "none")
    assert 0.0 <= result.score <= 100.0
    assert len(result.suggestions) <= 3
    assert (result.entry is not None) == (result.decision == "answer")
    assert isinstance(result.folded, str)


def test_very_long_input_is_cut_before_matching(matcher: Matcher) -> None:
    result = matcher.match("quên mật khẩu vneid " * 300)
    assert len(result.folded) <= matcher.settings.max_input_chars
    assert answered(result) == "vneid.forgot_password"


def test_an_empty_knowledge_base_answers_nothing() -> None:
    empty = Matcher(KnowledgeBase([], []), fixture_settings())
    assert empty.match("quên mật khẩu").decision == "none"

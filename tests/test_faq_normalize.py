"""Normalisation: what people type on a phone meets what the knowledge base says."""

from __future__ import annotations

import unicodedata

import pytest

from faq import fold
from faq.analysis import Analyzer
from faq.lexicon import DEFAULT_PATH, load_lexicon
from faq.normalize import clean, word_token


@pytest.fixture(scope="module")
def analyzer() -> Analyzer:
    return Analyzer(load_lexicon())


def test_decomposed_input_folds_like_composed() -> None:
    composed = "Quên mật khẩu VNeID, đăng ký thẻ căn cước"
    decomposed = unicodedata.normalize("NFD", composed)
    assert decomposed != composed
    assert fold(decomposed) == fold(composed) == "quen mat khau vneid dang ky the can cuoc"


def test_d_with_stroke_folds_to_d_in_both_cases() -> None:
    assert fold("Đường ĐI đến đâu") == "duong di den dau"


def test_punctuation_emoji_and_control_characters_become_spaces() -> None:
    assert fold("dichvucong.gov.vn???  😀\x00\x07tra_cứu\t\n(hồ sơ)") == (
        "dichvucong gov vn tra cuu ho so"
    )


def test_other_scripts_are_kept_as_words() -> None:
    assert fold("VNeID 身份 Привет") == "vneid 身份 привет"


def test_two_tone_mark_placements_are_the_same_word() -> None:
    assert word_token("hoà") == word_token("hòa")
    assert word_token("uỷ") == word_token("ủy")


def test_words_that_fold_alike_keep_their_diacritics_apart() -> None:
    assert word_token("mất")[0] == word_token("mật")[0] == "mat"
    assert word_token("mất")[1] != word_token("mật")[1]
    assert word_token("vneid") == ("vneid", None)


@pytest.mark.parametrize(
    "typed", ["Quên mật khẩu VNeID", "quen mat khau vneid", "ko nho pass vneid"],
)
def test_three_ways_of_asking_meet(analyzer: Analyzer, typed: str) -> None:
    assert analyzer.analyze(typed).folded == "quen mat khau vneid"


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("sdt ko chính chủ", "so dien thoai khong chinh chu"),
        ("sđt đc k", "so dien thoai duoc khong"),
        ("cccd và bhyt", "can cuoc cong dan va bao hiem y te"),
        ("j vậy ntn", "gi vay nhu the nao"),
        ("đổi gplx, xin lltp, dvc", "doi giay phep lai xe xin ly lich tu phap dich vu cong"),
        ("tk bhxh", "tai khoan bao hiem xa hoi"),
        ("e lm ck", "em lam chuyen khoan"),
        ("đăng kí chữ kí số", "dang ky chu ky so"),
    ],
)
def test_abbreviations_are_expanded(analyzer: Analyzer, typed: str, expected: str) -> None:
    assert analyzer.analyze(typed).folded == expected


def test_broken_is_not_read_as_no(analyzer: Analyzer) -> None:
    assert analyzer.analyze("thẻ căn cước hỏng").folded == "the can cuoc hong"
    assert analyzer.analyze("the can cuoc bi hong").folded == "the can cuoc bi hong"
    assert analyzer.analyze("hong biết").folded == "khong biet"


def test_mk_is_password_or_me_by_context(analyzer: Analyzer) -> None:
    assert analyzer.analyze("quên mk vneid").folded == "quen mat khau vneid"
    assert analyzer.analyze("mk có mức 1 rồi").folded.startswith("minh co")


def test_generic_words_are_marked(analyzer: Analyzer) -> None:
    analysis = analyzer.analyze("làm sao đổi bằng lái ở đâu")
    marked = dict(zip(analysis.tokens, analysis.generic, strict=True))
    assert marked["lam"] and marked["sao"] and marked["o"] and marked["dau"]
    assert not marked["doi"] and not marked["giay"]


def test_greetings_and_thanks_are_marked_as_courtesy(analyzer: Analyzer) -> None:
    analysis = analyzer.analyze("chào bot, làm căn cước ở đâu")
    assert analysis.courtesy[:2] == (True, True)
    assert not any(analysis.courtesy[2:])
    assert analysis.courtesy_as_generic().generic[:2] == (True, True)


def test_abbreviation_list_has_no_profanity() -> None:
    words = set(clean(DEFAULT_PATH.read_text(encoding="utf-8")).split())
    profanity = {
        "dm", "đm", "dcm", "đcm", "vcl", "vl", "clgt", "địt", "đụ", "lồn", "cặc", "buồi", "đéo",
    }
    assert not words & profanity

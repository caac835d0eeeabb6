"""The fast load path (flat arrays) gives exactly what the text-by-text one gives."""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import pytest

from faq import KnowledgeBase, Matcher
from faq.analysis import Analyzer, TokenTable
from faq.knowledge_base import check_knowledge_base, load_knowledge_base, read_yaml
from faq.lexicon import load_lexicon
from faq.normalize import clean_many, fold
from faq.validation import _same_folded
from tests.faq_helpers import FIXTURE_KB, shipped_settings

SHIPPED_KB = shipped_settings().knowledge_base
ODD_TEXTS = [
    "Quên mật khẩu VNeID?", "quen   mat\tkhau\nvneid!!", "Làm CCCD ở đâu_vậy", "", "???",
    "ĐỔI THẺ, CĂN-CƯỚC", "e\u0301 de\u0301p", "ΣΑΣ όσος", "ǅemal ﬁle ①②", "x\u200by",
    "a\u00a0b\u3000c", "mk/pass", "hoà hòa uỷ ủy", "tk ko dc r", "2.000.000đ",
]


@pytest.mark.parametrize(
    "data", ["theme: á\n".encode("utf-16"), "theme: á\n".encode("cp1258"), b"a: \xed\xa0\x80\n"],
)
def test_a_file_that_is_not_utf8_is_refused(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "a.yaml"
    path.write_bytes(data)
    with pytest.raises(UnicodeDecodeError):
        read_yaml(path)


def test_a_utf8_file_with_a_byte_order_mark_is_read(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_bytes("\ufefftheme: á\n".encode())
    assert read_yaml(path) == {"theme": "á"}


def test_reading_pieces_of_text_cleans_like_the_whole_text() -> None:
    rng = random.Random(7)
    alphabet = [*"aAđĐ _-?!.,/\t\n\x1c\x85\xa0ΣσΑ", "\u0301", "á", "Ặ", "ǅ", "İ", "ﬁ", "①"]
    randoms = ("".join(rng.choices(alphabet, k=rng.randint(0, 12))) for _ in range(500))
    texts = [*ODD_TEXTS, *randoms]
    whole, pieces = TokenTable.split(clean_many(texts)), TokenTable.read(texts)
    assert pieces.lengths.tolist() == whole.lengths.tolist()
    assert [pieces.vocabulary.tokens[t] for t in pieces.ids.tolist()] == [
        whole.vocabulary.tokens[t] for t in whole.ids.tolist()
    ]


def test_a_text_with_a_nul_character_is_still_read() -> None:
    table = TokenTable.read(["a\0b c", "d"])
    assert table.lengths.tolist() == [3, 1]


@pytest.mark.parametrize("folder", [SHIPPED_KB, FIXTURE_KB], ids=["shipped", "fixture"])
def test_the_knowledge_base_is_read_at_load_as_a_question_is_read(folder: Path) -> None:
    """The flat arrays at load give every stored text the words and generic flags that
    `Analyzer.analyze` gives the same text asked as a question (same readings)."""
    kb = load_knowledge_base(folder)
    texts = list(dict.fromkeys(
        t for e in kb.entries for t in (e.title, *e.questions, *e.keywords, *ODD_TEXTS)
    ))
    lexicon = load_lexicon(shipped_settings().abbreviations)
    analyzer, table, generic = Analyzer(lexicon).table_of(TokenTable.read(texts))
    assert analyzer.readings.before or analyzer.readings.after or folder == FIXTURE_KB
    starts = np.cumsum(table.lengths) - table.lengths
    for text, start, length in zip(texts, starts.tolist(), table.lengths.tolist(), strict=True):
        asked = analyzer.analyze(text)
        flat = [table.vocabulary.tokens[t] for t in table.ids[start : start + length].tolist()]
        assert [f for f, _ in flat] == list(asked.tokens), text
        assert [a for _, a in flat] == list(asked.accents), text
        assert generic[start : start + length].tolist() == list(asked.generic), text


def test_texts_that_fold_alike_are_grouped_as_fold_groups_them() -> None:
    rng = random.Random(3)
    base = [*ODD_TEXTS, "Quên mật khẩu", "QUEN MAT KHAU?", "quên  mật-khẩu", "quen mat"]
    texts = [rng.choice(base) for _ in range(300)]
    groups: dict[str, list[int]] = {}
    for i, key in enumerate(fold(t) for t in texts):
        groups.setdefault(key, []).append(i)
    expected = sorted(g for g in groups.values() if len(g) > 1)
    assert _same_folded(TokenTable.read(texts)) == expected


def test_shared_questions_are_found_whatever_the_spelling(tmp_path: Path) -> None:
    entry = (
        "  - id: {id}\n    title: Mục {id}\n    questions: [{q}]\n    answer: Đáp\n"
        "    checked: 2026-12\n    sources: [{{title: Luật, url: https://vbpl.vn}}]\n"
    )
    text = "theme: a\ntitle: A\nentries:\n" + "".join([
        entry.format(id="a.one", q="Quên mật khẩu VNeID?, quên mật khẩu vneid"),
        entry.format(id="a.two", q="'QUEN MAT-KHAU VNEID', Làm thẻ ở đâu"),
        entry.format(id="a.three", q="làm   THẺ ở đâu!"),
    ])
    (tmp_path / "a.yaml").write_text(text, encoding="utf-8")
    _, errors = check_knowledge_base(tmp_path)
    assert [(e.entry, "a.one" in e.reason or "a.two" in e.reason) for e in errors] == [
        ("a.two", True), ("a.three", True),
    ]
    assert "QUEN MAT-KHAU VNEID" in errors[0].reason and "a.one" in errors[0].reason
    assert "a.two" in errors[1].reason


def test_the_index_reuses_the_words_validation_read_and_builds_the_same() -> None:
    settings = shipped_settings()
    kb = load_knowledge_base(settings.knowledge_base)
    assert kb.words is not None
    reused = Matcher(kb, settings)
    assert kb.words is None  # handed over once, then dropped
    fresh = Matcher(KnowledgeBase(list(kb.entries), list(kb.themes)), settings)
    a, b = reused.index, fresh.index
    assert a.words == b.words and a.accents == b.accents
    for name in ("idf", "unit_total", "unit_total_plain", "_pair_keys"):
        assert np.array_equal(getattr(a, name), getattr(b, name))
    for postings in ("units", "entries"):
        assert np.array_equal(getattr(a, postings).rows, getattr(b, postings).rows)
        assert np.array_equal(getattr(a, postings).indptr, getattr(b, postings).indptr)
    for q in ("quên mk vneid", "lam cccd o dau", "giá vàng hôm nay"):
        assert reused.match(q).ranking == fresh.match(q).ranking

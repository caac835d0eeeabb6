"""The one splitter for messenger length limits (channels/split.py), tested once for every
messenger: Telegram passes 4,096 and Zalo 2,000, both counting UTF-16 code units."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from channels.split import split_text, utf16_units
from channels.telegram.render import MAX_TEXT as TELEGRAM_LIMIT
from channels.telegram.render import split_text as telegram_split
from channels.zalo.updates import MAX_TEXT as ZALO_LIMIT
from channels.zalo.updates import split_text as zalo_split


def test_each_messenger_passes_its_own_limit() -> None:
    words = " ".join(["chữ"] * 3000)  # 12k units, one line
    assert max(map(len, telegram_split(words))) == 4095  # the last whole word under 4,096
    assert max(map(len, zalo_split(words))) == 1999
    assert (TELEGRAM_LIMIT, ZALO_LIMIT) == (4096, 2000)
    assert zalo_split("👍" * 1500) == ["👍" * 1000, "👍" * 500]  # 3,000 units: an emoji is two


def test_a_short_text_is_one_piece_and_a_blank_one_none() -> None:
    assert split_text("ngắn", 10) == ["ngắn"]
    assert split_text("", 10) == []
    assert split_text("  \n\n ", 10) == []


def test_paragraphs_then_lines_then_spaces_then_anywhere() -> None:
    assert split_text("Đoạn một.\n\nĐoạn hai.", 12) == ["Đoạn một.", "Đoạn hai."]
    assert split_text("dòng một\ndòng hai\ndòng ba", 18) == ["dòng một\ndòng hai", "dòng ba"]
    assert split_text("một hai ba bốn", 7) == ["một hai", "ba bốn"]
    assert split_text("x" * 25, 10) == ["x" * 10, "x" * 10, "x" * 5]


def test_the_limit_is_reached_exactly_at_a_boundary() -> None:
    assert split_text("abcde fghij", 11) == ["abcde fghij"]
    assert split_text("abcde fghij", 10) == ["abcde", "fghij"]
    assert split_text("abcde fghij", 5) == ["abcde", "fghij"]


def test_an_emoji_is_never_cut_in_two() -> None:
    assert split_text("👍👍👍", 4) == ["👍👍", "👍"]
    assert split_text("👍👍👍", 3) == ["👍", "👍", "👍"]  # two would be 4 units
    assert split_text("👍", 1) == ["👍"]  # longer than the limit on its own: sent whole


def test_a_letter_keeps_its_combining_accent() -> None:
    decomposed = "Hoa\u0300ng" * 3  # "Hoàng" typed with a combining grave accent
    pieces = split_text(decomposed, 4)
    assert "".join(pieces) == decomposed
    assert not any(piece[0] == "\u0300" for piece in pieces)


WORD = st.text(st.sampled_from("aăâbcdđeêhiklmnoôơpqrstuưvxyáàảãạ👍😀"), min_size=1, max_size=8)
TEXT = st.lists(st.tuples(WORD, st.sampled_from([" ", "\n", "\n\n"])), max_size=60).map(
    lambda pairs: "".join(word + sep for word, sep in pairs).strip())


@settings(max_examples=300, deadline=None)
@given(TEXT, st.integers(min_value=16, max_value=80))
def test_nothing_is_lost_and_no_word_is_cut(text: str, limit: int) -> None:
    pieces = split_text(text, limit)
    assert all(utf16_units(piece) <= limit for piece in pieces)
    assert re.sub(r"\s", "", "".join(pieces)) == re.sub(r"\s", "", text)  # only breaks dropped
    words = [word for piece in pieces for word in piece.split()]
    assert words == text.split()  # every word (at most 8 letters) whole, in order

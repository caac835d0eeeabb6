"""Typo correction compares only the known words near a typo, and picks what comparing
with the whole vocabulary picks (the one documented exception aside)."""

from __future__ import annotations

import random

from rapidfuzz import fuzz, process

from faq.typos import TypoIndex

ONSETS = ("b", "ch", "d", "kh", "l", "m", "ng", "nh", "ph", "qu", "t", "th", "tr", "v")
RHYMES = ("a", "ai", "an", "ang", "anh", "ao", "em", "en", "inh", "oa", "oc", "ong", "uoc", "uy")


def _vocabulary(size: int, rng: random.Random) -> list[str]:
    words = {"mobile", "thuoc", "phuong", "zalopay", "vneid", "căn", "ñandú", "x" * 30}
    while len(words) < size:
        words.add("".join(rng.choice(ONSETS) + rng.choice(RHYMES) for _ in range(2)))
    return sorted(words)


def _typo(word: str, rng: random.Random) -> str:
    i = rng.randrange(len(word))
    kind = rng.randrange(4)
    if kind == 0:
        return word[:i] + word[i + 1 :]  # a letter dropped
    if kind == 1:
        return word[:i] + rng.choice("aeiou") + word[i:]  # one added
    if kind == 2:
        return word[:i] + rng.choice("aeiou") + word[i + 1 :]  # one changed
    return word[:i] + word[i + 2 : i + 3] + word[i + 1 : i + 2] + word[i + 3 :] if i + 2 < len(
        word,
    ) else word[::-1]  # two swapped


def test_corrections_are_those_of_the_whole_vocabulary() -> None:
    rng = random.Random(11)
    words = _vocabulary(3000, rng)
    index = TypoIndex(words, cutoff=80.0, min_len=4)
    known = [w for w in words if len(w) >= 4 and not w.isdigit()]
    typos = [_typo(rng.choice(words), rng) for _ in range(600)]
    typos += ["mobi", "mobil", "thuoc", "phuongg", "vnied", "zalopy", "ñand", "1234", "abc"]
    for typo in typos:
        whole = process.extractOne(typo, known, scorer=fuzz.ratio, processor=None,
                                   score_cutoff=80.0) if len(typo) >= 4 else None
        expected = None if whole is None or typo.isdigit() else whole[0]
        assert index.correct(typo) == expected, typo


def test_a_word_is_compared_with_its_neighbours_only() -> None:
    rng = random.Random(5)
    index = TypoIndex(_vocabulary(20_000, rng), cutoff=80.0, min_len=4)
    assert len(index) >= 19_990  # words shorter than min_len are never corrected to
    near = index.near("mobi")
    assert "mobile" in near and len(near) < 50
    assert index.correct("mobi") in near
    assert index.correct("qqqqqqqq") is None and index.near("qqqqqqqq") == []


def test_an_empty_vocabulary_corrects_nothing() -> None:
    index = TypoIndex([], cutoff=80.0, min_len=4)
    assert index.correct("mobi") is None

"""Text normalisation for Vietnamese as people type it on a phone.

`fold` is the public normaliser other modules reuse: Unicode NFC, lower case,
diacritics removed (đ → d, which Unicode does not decompose), every character
that is not a letter or digit turned into a space, spaces collapsed.

`split_tokens` keeps both forms of each word, the one the person typed (with its
diacritics, if any) and the folded one, so the matcher can match on folded text
and still reward exact diacritic agreement.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_NOT_WORD = re.compile(r"[^\w\s]")


def _build_fold_table() -> dict[int, str]:
    """Map every precomposed Latin letter with diacritics to its bare ASCII letter."""
    table: dict[int, str] = {}
    for code in range(0x80, 0x2000):
        char = chr(code)
        decomposed = unicodedata.normalize("NFD", char)
        base = "".join(c for c in decomposed if not unicodedata.combining(c))
        if base != char and base.isascii() and base.isalpha():
            table[code] = base.lower()
    for char in "đĐ":
        table[ord(char)] = "d"
    return table


_FOLD_TABLE = _build_fold_table()


def clean(text: str) -> str:
    """NFC, lower case, and every run of non-letters/digits as one space (diacritics kept)."""
    text = unicodedata.normalize("NFC", text).lower().replace("_", " ")
    return " ".join(_NOT_WORD.sub(" ", text).split())


def clean_many(texts: list[str]) -> list[str]:
    """`clean` over many texts at once (one pass of the regex over their joined form)."""
    if not texts:
        return []
    joined = "\n".join(t.replace("\n", " ") for t in texts)
    joined = unicodedata.normalize("NFC", joined).lower().replace("_", " ")
    lines = _NOT_WORD.sub(" ", joined).split("\n")
    if len(lines) != len(texts):  # pragma: no cover - a line separator inside a text
        return [clean(t) for t in texts]
    return lines


@lru_cache(maxsize=65536)
def fold_token(token: str) -> str:
    """Fold one cleaned word: diacritics off, đ → d. Other scripts pass through unchanged."""
    folded = token.translate(_FOLD_TABLE)
    if folded.isascii():
        return folded
    decomposed = unicodedata.normalize("NFD", folded)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", bare.translate(_FOLD_TABLE))


def fold(text: str) -> str:
    """Public normaliser: NFC, lower, diacritics folded, đ → d, punctuation → space."""
    return " ".join(t for t in (fold_token(w) for w in clean(text).split()) if t)


# Diacritics written as Telex letters: tones s f r x j, shapes ^ ( +, and d for đ.
_MARK_CODES = {
    "\u0301": "s", "\u0300": "f", "\u0309": "r", "\u0303": "x", "\u0323": "j",
    "\u0302": "^", "\u0306": "(", "\u031b": "+",
}


@lru_cache(maxsize=65536)
def word_token(word: str) -> tuple[str, str | None]:
    """One cleaned word as (folded, diacritics key or None when it has no diacritics).

    The key is the folded word and its diacritics in a fixed order, so the two
    ways of placing a tone mark (``hoà``/``hòa``, ``uỷ``/``ủy``) are the same
    word, while ``mất`` (``mat|s^``) and ``mật`` (``mat|^j``) stay apart.
    """
    folded = fold_token(word)
    if folded == word:
        return folded, None
    decomposed = unicodedata.normalize("NFD", word)
    marks = [_MARK_CODES.get(c, c) for c in decomposed if unicodedata.combining(c)]
    if "đ" in word:
        marks.append("d")
    return folded, f"{folded}|{''.join(sorted(marks))}"


def fold_many(texts: list[str]) -> list[str]:
    """`fold` over many texts at once (one pass over their joined form)."""
    if not texts:
        return []
    lines = "\n".join(clean_many(texts)).translate(_FOLD_TABLE).split("\n")
    return [" ".join(line.split()) if line.isascii() else fold(line) for line in lines]


def split_tokens(text: str) -> list[tuple[str, str | None]]:
    """Cleaned words as (folded, diacritics key or None), see `word_token`."""
    return [word_token(word) for word in clean(text).split()]


def has_diacritics(text: str) -> bool:
    """True when the text carries at least one Vietnamese diacritic or đ."""
    return any(word_token(word)[1] is not None for word in clean(text).split())

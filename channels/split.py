"""Long texts cut into messenger-sized pieces: one rule for every messenger.

Each messenger passes its limit and how it measures a text (Telegram and Zalo both count
UTF-16 code units, so an emoji counts two). A text is cut between paragraphs, else between
lines, else at a space, and only as a last resort inside a word; a character is never cut in
two and nothing but the white space at a cut is dropped.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable

Length = Callable[[str], int]


def utf16_units(text: str) -> int:
    """Length in UTF-16 code units, as Telegram and Zalo count it (an emoji counts two)."""
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def split_text(text: str, limit: int, length: Length = utf16_units) -> list[str]:
    """Pieces of at most `limit` (as `length` measures), in order; blank pieces are dropped
    (messengers refuse them). A single character longer than `limit` goes alone."""
    if not text.strip():
        return []
    if length(text) <= limit:
        return [text]

    def lines(paragraph: str) -> list[str]:
        return _pack(paragraph.split("\n"), "\n", limit, length,
                     lambda line: _cut(line, limit, length))

    pieces = _pack(text.split("\n\n"), "\n\n", limit, length, lines)
    return [piece for piece in pieces if piece.strip()]


def _pack(parts: list[str], sep: str, limit: int, length: Length,
          smaller: Callable[[str], list[str]]) -> list[str]:
    """Join consecutive parts with `sep` while they fit; a part too long goes to `smaller`."""
    out: list[str] = []
    current = ""
    for part in parts:
        for candidate in [part] if length(part) <= limit else smaller(part):
            joined = f"{current}{sep}{candidate}" if current else candidate
            if length(joined) <= limit:
                current = joined
            else:
                if current:
                    out.append(current)
                current = candidate
    if current:
        out.append(current)
    return out


def _cut(line: str, limit: int, length: Length) -> list[str]:
    """A line with no break that fits, cut at the last space that fits, else (one word
    longer than the limit) inside the word, never before a combining mark."""
    out = []
    while length(line) > limit:
        end = _fitting_prefix(line, limit, length)
        space = line.rfind(" ", 0, end + 1)
        if space > 0:
            out.append(line[:space])
            line = line[space + 1:]
            continue
        while end > 1 and unicodedata.combining(line[end]):
            end -= 1  # keep "a" and its combining accent together
        out.append(line[:end])
        line = line[end:]
    if line:
        out.append(line)
    return out


def _fitting_prefix(text: str, limit: int, length: Length) -> int:
    """How many characters of `text` fit in `limit` (at least one, so a cut always moves)."""
    low, high = 1, len(text)  # the answer is in [low, high]; length grows with the prefix
    while low < high:
        middle = (low + high + 1) // 2
        if length(text[:middle]) <= limit:
            low = middle
        else:
            high = middle - 1
    return low

"""One voice when texts are joined into one message: at most one "Dạ" and one "ạ".

A dialog that asks again says why first ("Dạ, số điện thoại chưa đúng ạ.") and then the
question ("Dạ, anh/chị gõ số điện thoại ạ?"); each is polite alone, but one message carries
one "Dạ" (the first's, where the message begins) and one "ạ" (the last's, where it ends).
"""

from __future__ import annotations

import re

_DA = re.compile(r"\bDạ\b[,.]?[ \t]*")
_A = re.compile(r"[ \t]*(?<!\w)ạ(?!\w)")


def join_polite(first: str, then: str, sep: str = "\n") -> str:
    """`first`, `sep`, `then`, without a second "Dạ" or a second "ạ"."""
    if _DA.search(first):
        then = _without_da(then)
    if _A.search(then):
        first = _A.sub("", first)
    if not first:
        return then
    return f"{first}{sep}{then}" if then else first


def _without_da(text: str) -> str:
    """The text without its "Dạ"; the sentence it began starts with a capital."""
    out, last = [], 0
    for match in _DA.finditer(text):
        out.append(text[last:match.start()])
        last = match.end()
        starts_sentence = match.start() == 0 or text[:match.start()].rstrip(" \t")[-1:] in (
            "\n", ".", "!", "?", "")
        if starts_sentence and last < len(text):
            out.append(text[last].upper())
            last += 1
    out.append(text[last:])
    return "".join(out)

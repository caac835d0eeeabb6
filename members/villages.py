"""Village names as people type them: one match key per village, so none appears twice.

"Thôn 3", "thon ba", "TH.3" and "Thôn số 03" share the key "thon 3"; "Tổ dân phố 5" and
"TDP 5" share "tdp 5"; "Bản Na" is "ban na".
"""

from __future__ import annotations

import re
import unicodedata
from typing import TypeVar

from rapidfuzz import fuzz

from faq.normalize import fold, has_diacritics

_V = TypeVar("_V")  # whatever a candidate key stands for (a Village)

# Folded prefix words → (canonical key word, how the tidy name writes it). Longest first.
PREFIXES: tuple[tuple[tuple[str, ...], str, str], ...] = (
    (("to", "dan", "pho"), "tdp", "Tổ dân phố"),
    (("khu", "dan", "cu"), "kdc", "Khu dân cư"),
    (("khu", "pho"), "kp", "Khu phố"),
    (("to", "dp"), "tdp", "Tổ dân phố"),
    (("tdp",), "tdp", "Tổ dân phố"),
    (("kdc",), "kdc", "Khu dân cư"),
    (("kp",), "kp", "Khu phố"),
    (("thon",), "thon", "Thôn"),
    (("th",), "thon", "Thôn"),
    (("ban",), "ban", "Bản"),
    (("xom",), "xom", "Xóm"),
    (("lang",), "lang", "Làng"),
    (("khom",), "khom", "Khóm"),
    (("to",), "tdp", "Tổ dân phố"),
    (("khu",), "khu", "Khu"),
)
UNITS = {
    "khong": 0, "mot": 1, "mot1": 1, "hai": 2, "ba": 3, "bon": 4, "tu": 4, "nam": 5, "lam": 5,
    "sau": 6, "bay": 7, "tam": 8, "chin": 9,
}
ROMAN = {
    "i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9, "x": 10,
    "xi": 11, "xii": 12, "xiii": 13, "xiv": 14, "xv": 15,
}
# With diacritics typed, only these spellings are numbers: "Thôn Nam" is not "Thôn Năm".
ACCENTED_NUMBER_WORDS = frozenset((
    "không", "một", "mốt", "hai", "ba", "bốn", "tư", "năm", "lăm", "sáu", "bảy", "tám", "chín",
    "mười", "mươi",
))
_GLUED = re.compile(r"^([a-z]+)(\d+)$")
MAX_SUGGESTIONS = 3
SIMILAR = 80


def words_to_number(words: list[str]) -> int | None:
    """ "ba" → 3, "muoi hai" → 12, "hai muoi mot" → 21, "03" → 3, "iv" → 4; else None."""
    if not words:
        return None
    if len(words) == 1:
        word = words[0]
        if word.isdigit():
            return int(word)
        if word in ROMAN:
            return ROMAN[word]
    total, seen_tens = 0, False
    rest = list(words)
    if "muoi" in rest:
        index = rest.index("muoi")
        tens = rest[:index]
        if len(tens) > 1 or (tens and tens[0] not in UNITS):
            return None
        total = 10 * (UNITS[tens[0]] if tens else 1)
        rest, seen_tens = rest[index + 1:], True
    if not rest:
        return total if seen_tens else None
    if len(rest) != 1:
        return None
    unit = rest[0]
    if seen_tens and unit in ("mot", "lam", "tu"):  # "hai mươi mốt", "mười lăm", "hai mươi tư"
        return total + {"mot": 1, "lam": 5, "tu": 4}[unit]
    if unit not in UNITS:
        return None
    return total + UNITS[unit]


def _split_words(text: str) -> tuple[list[str], list[str]]:
    """The typed words (diacritics kept) and their folded forms, "TH.3"/"thon3" split."""
    nfc = unicodedata.normalize("NFC", text)
    typed = re.sub(r"[^\w]+", " ", nfc).replace("_", " ").split()
    shown: list[str] = []
    folded: list[str] = []
    for word in typed:
        key = fold(word)
        glued = _GLUED.match(key)
        if glued and len(word) == len(key):
            shown += [word[: len(glued.group(1))], glued.group(2)]
            folded += [glued.group(1), glued.group(2)]
        elif key:
            shown.append(word)
            folded.append(key)
    return shown, folded


def analyse(text: str) -> tuple[str, str]:
    """(match key, tidy display name) of a typed village name."""
    shown, folded = _split_words(text)
    key_prefix, label = "", ""
    for words, canonical, written in PREFIXES:
        if tuple(folded[: len(words)]) == words and len(folded) > len(words):
            key_prefix, label = canonical, written
            shown, folded = shown[len(words):], folded[len(words):]
            break
    if key_prefix and folded and folded[0] == "so" and len(folded) > 1:
        shown, folded = shown[1:], folded[1:]  # "Thôn số 3"
    number = None
    if (key_prefix or len(folded) == 1) and _may_be_number(text, shown):
        number = words_to_number(folded)
    if number is not None:
        rest_key, rest_name = str(number), str(number)
    else:
        rest_key = " ".join(folded)
        rest_name = " ".join(_capitalise(w) for w in shown)
    key = f"{key_prefix} {rest_key}".strip()
    name = f"{label} {rest_name}".strip()
    return key, name


def _may_be_number(text: str, shown: list[str]) -> bool:
    if not has_diacritics(text):
        return True
    return all(
        w.isdigit() or w.lower() in ROMAN or unicodedata.normalize("NFC", w.lower())
        in ACCENTED_NUMBER_WORDS for w in shown
    )


def match_key(text: str) -> str:
    return analyse(text)[0]


def tidy_name(text: str) -> str:
    return analyse(text)[1]


def _capitalise(word: str) -> str:
    if word.isupper() and len(word) > 1:
        return word
    return word[:1].upper() + word[1:].lower()


def _remainder(key: str) -> str:
    for _, canonical, _ in PREFIXES:
        if key.startswith(canonical + " "):
            return key[len(canonical) + 1:]
    return key


def similar(key: str, candidates: list[tuple[str, _V]]) -> list[_V]:
    """Villages whose key is close to `key` ("3" ~ "thon 3", "dong son" ~ "thon dong son")."""
    scored = []
    for other_key, village in candidates:
        if other_key == key:
            continue
        a, b = _remainder(key), _remainder(other_key)
        if a == b:
            score = 95.0
        else:
            score = max(fuzz.ratio(key, other_key), fuzz.ratio(a, b) - 5)
            if a.isdigit() or b.isdigit():
                score = 0.0  # "Thôn 3" is not "Thôn 8", however close the spelling
        if score >= SIMILAR:
            scored.append((score, other_key, village))
    scored.sort(key=lambda item: (-item[0], item[1]))
    return [village for _, _, village in scored[:MAX_SUGGESTIONS]]

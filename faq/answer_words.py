"""The words of the answers, as weak evidence: a long message uses words no phrasing has.

"có cần gõ đúng dấu không" is about the bot's help because its answer says so, though
none of its stored questions does. Each entry's answer gives its folded content words
and word pairs; a feature counts by its rarity among the answers (IDF).
"""

from __future__ import annotations

import math
from itertools import pairwise

import numpy as np

from faq.analysis import Analysis
from faq.lexicon import Lexicon
from faq.normalize import fold_many


class AnswerWords:
    """Feature (folded word or "word word" pair) -> the entries whose answer has it."""

    def __init__(self, answers: list[str], lexicon: Lexicon) -> None:
        distinct = dict.fromkeys(answers)
        folded = dict(zip(distinct, fold_many(list(distinct)), strict=True))
        generic: dict[str, bool] = {}

        def is_generic(word: str) -> bool:
            flag = generic.get(word)
            if flag is None:
                flag = generic[word] = lexicon.is_generic_word((word, None)) or len(word) < 2
            return flag

        features_of: dict[str, frozenset[str]] = {}
        for text, words in folded.items():
            split = words.split()
            features = {w for w in split if not is_generic(w)}
            features.update(
                f"{a} {b}" for a, b in pairwise(split) if not (is_generic(a) and is_generic(b))
            )
            features_of[text] = frozenset(features)
        postings: dict[str, list[int]] = {}
        for entry, text in enumerate(answers):
            for feature in features_of[text]:
                postings.setdefault(feature, []).append(entry)
        n = max(len(answers), 1)
        self._entries = {f: np.asarray(e, dtype=np.int64) for f, e in postings.items()}
        self._idf = {
            f: math.log1p((n - len(e) + 0.5) / (len(e) + 0.5)) for f, e in postings.items()
        }

    def evidence(self, analysis: Analysis, n_entries: int) -> np.ndarray:
        """For every entry, the summed rarity of the message's features its answer has."""
        tokens, generic = analysis.tokens, analysis.generic
        features = {t for t, g in zip(tokens, generic, strict=True) if not g}
        features.update(
            f"{a} {b}" for (a, ga), (b, gb) in pairwise(zip(tokens, generic, strict=True))
            if not (ga and gb)
        )
        out = np.zeros(n_entries)
        for feature in features:
            entries = self._entries.get(feature)
            if entries is not None:
                out[entries] += self._idf[feature]
        return out

"""The words of the answers, as weak evidence: a long message uses words no phrasing has.

"có cần gõ đúng dấu không" is about the bot's help because its answer says so, though
none of its stored questions does. Each entry's answer gives its folded content words
and word pairs; a feature counts by its rarity among the answers (IDF).

Built with numpy from flat arrays (a 10,000-entry base has millions of answer words),
each distinct answer read once.
"""

from __future__ import annotations

import itertools
from itertools import pairwise

import numpy as np

from faq.analysis import Analysis
from faq.index import Postings, stable_order
from faq.lexicon import Lexicon
from faq.normalize import fold_many


class AnswerWords:
    """Feature (folded word or "word word" pair) -> the entries whose answer has it.

    A word's feature id is its number in `_words`; a pair's is the number of words plus
    its place in the sorted `_pair_keys` (first * words + second). Entries that share an
    answer share its postings (a distinct answer is one text).
    """

    def __init__(self, answers: list[str], lexicon: Lexicon) -> None:
        distinct = dict(zip(dict.fromkeys(answers), itertools.count()))
        text_of_entry = np.fromiter(
            map(distinct.__getitem__, answers), dtype=np.int64, count=len(answers),
        )
        words: dict[str, int] = {}
        number = words.setdefault
        split = [
            np.fromiter((number(w, len(words)) for w in text.split()), dtype=np.int64)
            for text in fold_many(list(distinct))
        ]
        self._words = words
        generic = np.fromiter(
            (lexicon.is_generic_word((w, None)) or len(w) < 2 for w in words),
            dtype=bool, count=len(words),
        )
        n_words = max(len(words), 1)
        lengths = np.fromiter(map(len, split), dtype=np.int64, count=len(split))
        flat = np.concatenate([*split, np.zeros(0, dtype=np.int64)])
        owner = np.repeat(np.arange(len(split), dtype=np.int64), lengths)
        # features of each distinct text: its content words, its pairs not both generic
        at = np.flatnonzero((owner[:-1] == owner[1:]) & ~(generic[flat[:-1]] & generic[flat[1:]]))
        self._pair_keys, pair = np.unique(flat[at] * n_words + flat[at + 1], return_inverse=True)
        content = ~generic[flat]
        feature = np.concatenate([flat[content], n_words + pair.ravel()])
        text = np.concatenate([owner[content], owner[at]])
        n_features = n_words + len(self._pair_keys)
        text_feature = np.unique(text * n_features + feature)  # each once a text, by text
        text_of, feature_of = np.divmod(text_feature, n_features)
        # an entry's evidence is its answer's: postings go to the distinct texts, and a
        # feature's rarity counts the entries whose answer has it
        order = stable_order(feature_of, n_features)
        self._texts = Postings(text_of[order], feature_of[order], n_features)
        self._text_of_entry, self._n_texts = text_of_entry, len(split)
        entries_of_text = np.bincount(text_of_entry, minlength=len(split)).astype(np.float64)
        df = np.bincount(feature_of, weights=entries_of_text[text_of], minlength=n_features)
        self._idf = np.log1p((max(len(answers), 1) - df + 0.5) / (df + 0.5))
        self._n_words = n_words

    def _feature_ids(self, analysis: Analysis) -> list[int]:
        """The message's features that some answer has: its words not generic, its pairs
        not both generic."""
        words = self._words
        ids = [words.get(t) for t in analysis.tokens]
        found = {
            wid for wid, g in zip(ids, analysis.generic, strict=True) if wid is not None and not g
        }
        keys = [
            a * self._n_words + b
            for (a, ga), (b, gb) in pairwise(zip(ids, analysis.generic, strict=True))
            if a is not None and b is not None and not (ga and gb)
        ]
        if keys and len(self._pair_keys):
            at = np.searchsorted(self._pair_keys, keys)
            inside = np.minimum(at, len(self._pair_keys) - 1)
            hit = self._pair_keys[inside] == keys
            found.update((self._n_words + inside[hit]).tolist())
        return sorted(found)

    def evidence(self, analysis: Analysis, n_entries: int) -> np.ndarray:
        """For every entry, the summed rarity of the message's features its answer has."""
        fids = self._feature_ids(analysis)
        by_text = self._texts.gather(fids, self._idf[fids].tolist(), self._n_texts)
        return by_text[self._text_of_entry][:n_entries]

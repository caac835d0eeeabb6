"""The inverted index the matcher scores against, built once with numpy.

Three kinds of features, in one id space:

- a folded word (``mat``),
- a word exactly as written with its diacritics (``mật``), so ``mất thẻ``
  (lost card) prefers an entry that says ``mất`` over one that says ``mật``,
- two neighbouring words (``mat khau``), skipping pairs of generic words.

Each feature is weighted by its rarity across entries (IDF); generic words are
damped. Postings are kept per stored text ("unit": a title or a question) and per
entry (everything the entry says, keywords included).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from faq.analysis import Analyzer, content_words
from faq.lexicon import Token
from faq.normalize import clean_many


@dataclass(frozen=True, slots=True)
class IndexWeights:
    """How much each kind of feature counts."""

    generic: float
    pair: float
    accent: float


class Postings:
    """Feature -> rows holding it, in compressed-column arrays."""

    def __init__(self, rows: np.ndarray, cols: np.ndarray, n_features: int) -> None:
        order = np.argsort(cols, kind="stable")
        self.rows = rows[order].astype(np.int32)
        self.indptr = np.searchsorted(cols[order], np.arange(n_features + 1)).astype(np.int64)

    def gather(self, fids: list[int], weights: list[float], size: int) -> np.ndarray:
        """For every row, the sum of weights[i] over the fids[i] it holds."""
        if not fids:
            return np.zeros(size)
        ids = np.asarray(fids)
        starts, ends = self.indptr[ids], self.indptr[ids + 1]
        lengths = ends - starts
        if not lengths.any():
            return np.zeros(size)
        rows = np.concatenate([self.rows[s:e] for s, e in zip(starts, ends, strict=True)])
        return np.bincount(rows, weights=np.repeat(weights, lengths), minlength=size)


def _unique(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Sorted unique keys and, for each key, the index of its unique value."""
    order = np.argsort(keys, kind="stable")
    ordered = keys[order]
    first = np.ones(len(ordered), dtype=bool)
    first[1:] = ordered[1:] != ordered[:-1]
    group = np.cumsum(first) - 1
    inverse = np.empty(len(keys), dtype=np.int64)
    inverse[order] = group
    return ordered[first], inverse


class FeatureIndex:
    """Features of every unit and entry of a knowledge base, with their weights."""

    def __init__(
        self,
        analyzer: Analyzer,
        unit_texts: list[str],
        unit_entry: list[int],
        keyword_texts: list[str],
        keyword_entry: list[int],
        n_entries: int,
        weights: IndexWeights,
    ) -> None:
        self.weights = weights
        # --- words of every distinct text (knowledge bases repeat themselves)
        distinct: dict[str, int] = {}
        for text in (*unit_texts, *keyword_texts):
            distinct.setdefault(text, len(distinct))
        texts = list(distinct)
        cleaned = clean_many(texts)
        tokens = [analyzer.tokens_of_cleaned(c) for c in cleaned]
        self.analyzer = analyzer.with_content_words(content_words(analyzer.lexicon, tokens))
        masks = [self.analyzer.generic_mask(t) for t in tokens]
        self.unit_content = [
            " ".join(f for (f, _), g in zip(toks, mask, strict=True) if not g)
            or " ".join(f for f, _ in toks)
            for toks, mask in ((tokens[distinct[t]], masks[distinct[t]]) for t in unit_texts)
        ]

        # --- records: distinct (folded, accent) tokens -> word and accent ids
        records: dict[Token, int] = {}
        text_records: list[list[int]] = []
        for toks in tokens:
            text_records.append([records.setdefault(tok, len(records)) for tok in toks])
        self.words: dict[str, int] = {}
        self.accents: dict[str, int] = {}
        rec_word = np.empty(len(records), dtype=np.int64)
        rec_accent = np.full(len(records), -1, dtype=np.int64)
        for (folded, accent), rid in records.items():
            rec_word[rid] = self.words.setdefault(folded, len(self.words))
            if accent is not None:
                rec_accent[rid] = self.accents.setdefault(accent, len(self.accents))
        n_words, n_accents = len(self.words), len(self.accents)

        # --- flat token arrays over units, then keyword texts ("rows" of the bag)
        def flat(sources: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
            ids = [distinct[t] for t in sources]
            lengths = np.fromiter((len(text_records[i]) for i in ids), dtype=np.int64)
            recs = [r for i in ids for r in text_records[i]]
            gens = [g for i in ids for g in masks[i]]
            owner = np.repeat(np.arange(len(ids), dtype=np.int64), lengths)
            return (
                owner,
                np.asarray(recs, dtype=np.int64),
                np.asarray(gens, dtype=bool),
            )

        u_owner, u_rec, u_gen = flat(unit_texts)
        k_owner, k_rec, k_gen = flat(keyword_texts)

        def features(
            owner: np.ndarray, rec: np.ndarray, gen: np.ndarray,
        ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
            """(row, word-pair key or feature id, factor, is_pair) of every feature occurrence."""
            word = rec_word[rec]
            factor = np.where(gen, weights.generic, 1.0)
            accent = rec_accent[rec]
            has_accent = (accent >= 0) & ~gen
            nxt = np.zeros(len(rec), dtype=bool)
            nxt[:-1] = (owner[:-1] == owner[1:]) & ~(gen[:-1] & gen[1:])
            pair_at = np.flatnonzero(nxt)
            pair_key = word[pair_at] * n_words + word[pair_at + 1]
            rows = np.concatenate([owner, owner[has_accent], owner[pair_at]])
            keys = np.concatenate([word, n_words + accent[has_accent], pair_key])
            factors = np.concatenate(
                [factor, np.ones(int(has_accent.sum())), np.ones(len(pair_at))],
            )
            is_pair = np.concatenate(
                [np.zeros(len(word) + int(has_accent.sum()), dtype=bool),
                 np.ones(len(pair_at), dtype=bool)],
            )
            return rows, keys, factors, is_pair

        u_rows, u_keys, u_factor, u_pair = features(u_owner, u_rec, u_gen)
        k_rows, k_keys, k_factor, k_pair = features(k_owner, k_rec, k_gen)
        pair_keys, pair_inverse = _unique(np.concatenate([u_keys[u_pair], k_keys[k_pair]]))
        base = n_words + n_accents
        self.pairs: dict[int, int] = {
            int(k): base + i for i, k in enumerate(pair_keys.tolist())
        }
        n_u_pairs = int(u_pair.sum())
        u_keys = u_keys.copy()
        k_keys = k_keys.copy()
        u_keys[u_pair] = base + pair_inverse[:n_u_pairs]
        k_keys[k_pair] = base + pair_inverse[n_u_pairs:]
        self.n_words, self.n_accents = n_words, n_accents
        self.n_features = base + len(pair_keys)
        n_features = max(self.n_features, 1)

        # --- units: one posting per (unit, feature), the strongest factor wins
        n_units = len(unit_texts)
        unit_key, inverse = _unique(u_rows * n_features + u_keys)
        unit_factor = np.zeros(len(unit_key))
        np.maximum.at(unit_factor, inverse, u_factor)
        unit_row, unit_feature = np.divmod(unit_key, n_features)

        # --- entries: everything an entry says, keywords included
        unit_entry_a = np.asarray(unit_entry, dtype=np.int64)
        keyword_entry_a = np.asarray(keyword_entry, dtype=np.int64)
        bag_rows = np.concatenate([unit_entry_a[unit_row], keyword_entry_a[k_rows]])
        bag_cols = np.concatenate([unit_feature, k_keys])
        bag_key, _ = _unique(bag_rows * n_features + bag_cols)
        bag_entry, bag_feature = np.divmod(bag_key, n_features)

        df = np.bincount(bag_feature, minlength=n_features).astype(np.float64)
        self.idf = np.log1p((n_entries - df + 0.5) / (df + 0.5))
        self.oov_idf = float(np.log1p((n_entries + 0.5) / 0.5))
        kind_factor = np.ones(n_features)
        kind_factor[n_words:base] = weights.accent
        kind_factor[base:] = weights.pair
        self.weight = self.idf * kind_factor

        unit_weight = self.weight[unit_feature] * unit_factor
        is_accent = (unit_feature >= n_words) & (unit_feature < base)
        self.unit_total = np.bincount(unit_row, weights=unit_weight, minlength=n_units)
        self.unit_total_plain = np.bincount(
            unit_row, weights=np.where(is_accent, 0.0, unit_weight), minlength=n_units,
        )
        self.units = Postings(unit_row, unit_feature, n_features)
        self.entries = Postings(bag_entry, bag_feature, n_features)
        self.unit_entry = unit_entry_a
        self.entry_start = np.searchsorted(unit_entry_a, np.arange(n_entries))
        self.entry_end = np.append(self.entry_start[1:], n_units)

    def pair_id(self, first: int, second: int) -> int | None:
        return self.pairs.get(first * self.n_words + second)

    def accent_id(self, accent: str) -> int | None:
        index = self.accents.get(accent)
        return None if index is None else self.n_words + index

"""The inverted index the matcher scores against, built once with numpy.

Three kinds of features, in one id space:

- a folded word (``mat``),
- a word exactly as written with its diacritics (``mật``), so ``mất thẻ``
  (lost card) prefers an entry that says ``mất`` over one that says ``mật``,
- two neighbouring words (``mat khau``); a pair of generic words is damped.

Each feature is weighted by its rarity across entries (IDF); generic words are
damped. Postings are kept per stored text ("unit": a title, a question or a
keyword) and per entry (everything the entry says). All of it is built with a
few sorts over flat arrays, so 10,000 entries load in under two seconds.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from faq.analysis import Analyzer, learn_readings
from faq.normalize import clean_many


@dataclass(frozen=True, slots=True)
class IndexWeights:
    """How much each kind of feature counts."""

    generic: float
    pair: float
    accent: float


class Postings:
    """Feature -> rows holding it, in compressed-column arrays (cols must be sorted)."""

    def __init__(self, rows: np.ndarray, cols: np.ndarray, n_features: int) -> None:
        self.rows = rows.astype(np.int32)
        self.indptr = np.searchsorted(cols, np.arange(n_features + 1)).astype(np.int64)

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


def _first_of_runs(ordered: np.ndarray) -> np.ndarray:
    """Mask of the first element of each run of equal values in a sorted array."""
    first = np.ones(len(ordered), dtype=bool)
    first[1:] = ordered[1:] != ordered[:-1]
    return first


def _ragged(starts: np.ndarray, lengths: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Positions starts[i] .. starts[i] + lengths[i] for every i, and the i of each."""
    total = int(lengths.sum())
    owner = np.repeat(np.arange(len(lengths), dtype=np.int64), lengths)
    first = np.cumsum(lengths) - lengths
    return np.arange(total, dtype=np.int64) - first[owner] + starts[owner], owner


class FeatureIndex:
    """Features of every unit and entry of a knowledge base, with their weights."""

    def __init__(
        self,
        analyzer: Analyzer,
        unit_texts: list[str],
        unit_entry: list[int],
        unit_scored: list[bool],
        n_entries: int,
        weights: IndexWeights,
    ) -> None:
        """Units are grouped by entry, in entry order; keywords are units not `scored`.

        A keyword counts in its entry's vocabulary but is never the entry's best
        stored text: a one-word keyword would otherwise match any question with
        that word in full.
        """
        self.weights = weights
        # --- words of every distinct text (knowledge bases repeat themselves)
        distinct: dict[str, int] = {}
        for text in unit_texts:
            distinct.setdefault(text, len(distinct))
        tokens = [analyzer.tokens_of_cleaned(c) for c in clean_many(list(distinct))]
        self.analyzer = analyzer.with_readings(learn_readings(analyzer.lexicon, tokens))
        records, flat_recs, flat_mask, lengths = self.analyzer.mark_all(tokens)
        del tokens
        text_len = np.asarray(lengths, dtype=np.int64)
        text_start = np.cumsum(text_len) - text_len
        text_rec = np.asarray(flat_recs, dtype=np.int64)
        text_gen = np.asarray(flat_mask, dtype=bool)
        del flat_recs, flat_mask

        # --- records (distinct tokens) -> word and accent ids
        self.words: dict[str, int] = {}
        self.accents: dict[str, int] = {}
        rec_word = np.empty(len(records), dtype=np.int64)
        rec_accent = np.full(len(records), -1, dtype=np.int64)
        folded_of: list[str] = [""] * len(records)
        for (folded, accent), rid in records.items():
            rec_word[rid] = self.words.setdefault(folded, len(self.words))
            folded_of[rid] = folded
            if accent is not None:
                rec_accent[rid] = self.accents.setdefault(accent, len(self.accents))
        n_words, n_accents = len(self.words), len(self.accents)
        base = n_words + n_accents

        def tokens_of(sources: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
            """(owner row, record, generic) of every token of the sources, in order."""
            ids = np.fromiter((distinct[t] for t in sources), dtype=np.int64, count=len(sources))
            positions, owner = _ragged(text_start[ids], text_len[ids])
            return owner, text_rec[positions], text_gen[positions]

        def features(
            owner: np.ndarray, rec: np.ndarray, gen: np.ndarray,
        ) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
            """(row, key, generic, n_pairs) of every feature; the last n_pairs are word pairs."""
            word = rec_word[rec]
            accent = rec_accent[rec]
            with_accent = (accent >= 0) & ~gen
            at = np.flatnonzero(owner[:-1] == owner[1:])
            rows = np.concatenate([owner, owner[with_accent], owner[at]])
            keys = np.concatenate(
                [word, n_words + accent[with_accent], word[at] * n_words + word[at + 1]],
            )
            generic = np.concatenate(
                [gen, np.zeros(int(with_accent.sum()), dtype=bool), gen[at] & gen[at + 1]],
            )
            return rows, keys, generic, len(at)

        u_owner, u_rec, u_gen = tokens_of(unit_texts)
        self._unit_tokens = (np.searchsorted(u_owner, np.arange(len(unit_texts) + 1)), u_rec, u_gen)
        self._folded_of = folded_of
        self._content_cache: dict[int, str] = {}
        rows, keys, generic, n_pairs = features(u_owner, u_rec, u_gen)
        del u_owner
        first_pair = len(keys) - n_pairs
        pair_keys, pair_inverse = _unique(keys[first_pair:])
        self._pair_keys = pair_keys  # sorted; a pair's feature id is base + its position
        self._pair_base = base
        keys[first_pair:] = base + pair_inverse
        del pair_inverse
        self.n_words, self.n_accents = n_words, n_accents
        n_features = max(base + len(pair_keys), 1)
        self.n_features = n_features

        # --- units: one posting per (unit, feature), non-generic wins; sorted by feature
        n_units = len(unit_texts)
        key = keys * n_units
        del keys
        key += rows
        del rows
        key <<= 1
        key |= generic
        del generic
        key.sort()
        key = key[_first_of_runs(key >> 1)]
        unit_factor = np.where(key & 1, weights.generic, 1.0)
        unit_feature, unit_row = np.divmod(key >> 1, n_units)
        del key

        # --- entries: everything an entry says; units are grouped by entry, so within
        # a feature the entries come in order and a run of equal (feature, entry) is one
        unit_entry_a = np.asarray(unit_entry, dtype=np.int64)
        bag_key = unit_feature * n_entries + unit_entry_a[unit_row]
        bag_key = bag_key[_first_of_runs(bag_key)]
        bag_feature, bag_entry = np.divmod(bag_key, max(n_entries, 1))
        del bag_key

        df = np.bincount(bag_feature, minlength=n_features).astype(np.float64)
        self.idf = np.log1p((n_entries - df + 0.5) / (df + 0.5))
        self.oov_idf = float(np.log1p((n_entries + 0.5) / 0.5))
        kind_factor = np.ones(n_features)
        kind_factor[n_words:base] = weights.accent
        kind_factor[base:] = weights.pair
        self.weight = self.idf * kind_factor

        unit_weight = self.weight[unit_feature] * unit_factor
        is_accent = (unit_feature >= n_words) & (unit_feature < base)
        keyword = ~np.asarray(unit_scored, dtype=bool)
        self.unit_total = np.bincount(
            unit_row, weights=unit_weight, minlength=n_units,
        ).astype(np.float64)
        self.unit_total_plain = np.bincount(
            unit_row, weights=np.where(is_accent, 0.0, unit_weight), minlength=n_units,
        ).astype(np.float64)
        self.unit_total[keyword] = np.inf  # a keyword is never an entry's best text
        self.unit_total_plain[keyword] = np.inf
        self.units = Postings(unit_row, unit_feature, n_features)
        self.entries = Postings(bag_entry, bag_feature, n_features)
        del unit_row, unit_feature, bag_entry, bag_feature
        self.unit_entry = unit_entry_a
        self.entry_start = np.searchsorted(unit_entry_a, np.arange(n_entries))
        self.entry_end = np.append(self.entry_start[1:], n_units)
        self.entry_scored_end = self.entry_start + np.bincount(
            unit_entry_a[~keyword], minlength=n_entries,
        )

    def unit_content(self, unit: int) -> str:
        """The folded words of a stored text, generic words left out (all, if only generic)."""
        text = self._content_cache.get(unit)
        if text is None:
            bounds, recs, gens = self._unit_tokens
            start, end = bounds[unit], bounds[unit + 1]
            words = [self._folded_of[r] for r in recs[start:end].tolist()]
            content = [w for w, g in zip(words, gens[start:end].tolist(), strict=True) if not g]
            text = " ".join(content or words)
            if len(self._content_cache) < 200_000:
                self._content_cache[unit] = text
        return text

    def pair_id(self, first: int, second: int) -> int | None:
        """The feature id of two known words side by side, if the knowledge base has them."""
        key = first * self.n_words + second
        at = int(np.searchsorted(self._pair_keys, key))
        if at < len(self._pair_keys) and self._pair_keys[at] == key:
            return self._pair_base + at
        return None

    def accent_id(self, accent: str) -> int | None:
        index = self.accents.get(accent)
        return None if index is None else self.n_words + index

"""The inverted index the matcher scores against, built once with numpy.

Three kinds of features, in one id space:

- a folded word (``mat``),
- a word exactly as written with its diacritics (``mật``), so ``mất thẻ``
  (lost card) prefers an entry that says ``mất`` over one that says ``mật``,
- two neighbouring words (``mat khau``); a pair of generic words is damped.

Each feature is weighted by its rarity across entries (IDF); generic words are
damped. Postings are kept per stored text ("unit": a title, a question or a
keyword) and per entry (everything the entry says). All of it is built from
flat arrays (the texts' tokens come as one `analysis.TokenTable`, split once
and, for questions and titles, reused from validation) with a few radix sorts:
a 10,000-entry knowledge base goes from its YAML files to a ready matcher in
about 1.5 s (`python -m faq bench`).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np

from faq.analysis import Analyzer, TokenTable
from faq.entries import TextWords


@dataclass(frozen=True, slots=True)
class IndexWeights:
    """How much each kind of feature counts."""

    generic: float
    pair: float
    accent: float


class Postings:
    """Feature -> rows holding it, in compressed-column arrays (cols must be sorted)."""

    def __init__(self, rows: np.ndarray, cols: np.ndarray, n_features: int) -> None:
        self.rows = rows.astype(np.int32, copy=False)
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


def stable_order(keys: np.ndarray, bound: int) -> np.ndarray:
    """The stable sorting order of integer keys in [0, bound).

    An LSD radix sort, 16 bits a pass, each pass numpy's radix sort of uint16:
    several times faster than sorting the int64 keys themselves.
    """
    if bound > 1 << 48:  # pragma: no cover - more than three passes
        return np.argsort(keys, kind="stable")
    order = np.argsort((keys & 0xFFFF).astype(np.uint16), kind="stable")
    shift = 16
    while (1 << shift) < bound:
        digit = ((keys[order] >> shift) & 0xFFFF).astype(np.uint16)
        order = order[np.argsort(digit, kind="stable")]
        shift += 16
    return order


def _unique(keys: np.ndarray, bound: int) -> tuple[np.ndarray, np.ndarray]:
    """Sorted unique keys (all in [0, bound)) and, for each key, the index of its unique value."""
    order = stable_order(keys, bound)
    ordered = keys[order]
    first = _first_of_runs(ordered)
    group = np.cumsum(first) - 1
    inverse = np.empty(len(keys), dtype=np.int64)
    inverse[order] = group
    return ordered[first], inverse


def _first_of_runs(ordered: np.ndarray) -> np.ndarray:
    """Mask of the first element of each run of equal values in a sorted array."""
    first = np.ones(len(ordered), dtype=bool)
    first[1:] = ordered[1:] != ordered[:-1]
    return first


def ragged(starts: np.ndarray, lengths: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Positions starts[i] .. starts[i] + lengths[i] for every i, and the i of each."""
    total = int(lengths.sum())
    owner = np.repeat(np.arange(len(lengths), dtype=np.int64), lengths)
    first = np.cumsum(lengths) - lengths
    return np.arange(total, dtype=np.int64) - first[owner] + starts[owner], owner


def _unit_words(unit_texts: list[str], known: TextWords | None) -> tuple[TokenTable, np.ndarray]:
    """The words of the distinct texts, in order of first appearance; each unit's text number.

    Texts already split (by validation) are taken from `known`, the others
    (keywords, or every text when `known` is None) are split here.
    """
    count = len(unit_texts)
    if known is None:
        distinct = dict(zip(dict.fromkeys(unit_texts), itertools.count()))
        number = np.fromiter(map(distinct.__getitem__, unit_texts), dtype=np.int64, count=count)
        return TokenTable.read(list(distinct)), number
    rows = np.fromiter(
        map(known.rows.get, unit_texts, itertools.repeat(-1)), dtype=np.int64, count=count,
    )
    table = known.table
    missing = np.flatnonzero(rows < 0).tolist()
    if missing:
        texts = [unit_texts[i] for i in missing]
        extra = dict(zip(dict.fromkeys(texts), itertools.count(len(table.lengths))))
        rows[missing] = np.fromiter(map(extra.__getitem__, texts), dtype=np.int64, count=len(texts))
        table = table.extend(TokenTable.read(list(extra), table.vocabulary))
    # a row is one text: the distinct texts are the distinct rows, by first appearance
    unique, first, inverse = np.unique(rows, return_index=True, return_inverse=True)
    order = np.argsort(first, kind="stable")
    rank = np.empty(len(unique), dtype=np.int64)
    rank[order] = np.arange(len(unique), dtype=np.int64)
    return table.take(unique[order]), rank[inverse.ravel()]


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
        known: TextWords | None = None,
    ) -> None:
        """Units are grouped by entry, in entry order; keywords are units not `scored`.

        A keyword counts in its entry's vocabulary but is never the entry's best
        stored text: a one-word keyword would otherwise match any question with
        that word in full. `known` holds the words of texts already split (by
        validation, see `KnowledgeBase.take_words`); the other texts are split here.
        """
        self.weights = weights
        # --- words of every distinct text (knowledge bases repeat themselves)
        words, text_of_unit = _unit_words(unit_texts, known)
        self.analyzer, table, generic = analyzer.table_of(words)
        del words
        text_len = table.lengths
        text_start = np.cumsum(text_len) - text_len
        text_rec = table.ids  # a "record" is a distinct token
        text_gen = generic
        del generic

        # --- records -> word and accent ids, numbered in the order they first appear
        tokens = table.vocabulary.tokens
        first_seen = np.full(len(tokens), len(text_rec), dtype=np.int64)
        np.minimum.at(first_seen, text_rec, np.arange(len(text_rec), dtype=np.int64))
        seen = np.flatnonzero(first_seen < len(text_rec))
        self.words: dict[str, int] = {}
        self.accents: dict[str, int] = {}
        rec_word = np.zeros(len(tokens), dtype=np.int32)
        rec_accent = np.full(len(tokens), -1, dtype=np.int32)
        folded_of: list[str] = [folded for folded, _ in tokens]
        for rid in seen[np.argsort(first_seen[seen], kind="stable")].tolist():
            folded, accent = tokens[rid]
            rec_word[rid] = self.words.setdefault(folded, len(self.words))
            if accent is not None:
                rec_accent[rid] = self.accents.setdefault(accent, len(self.accents))
        n_words, n_accents = len(self.words), len(self.accents)
        base = n_words + n_accents
        del first_seen, seen

        # --- the tokens of every unit (arrays of int32: a 10,000-entry base has millions)
        positions, u_owner = ragged(text_start[text_of_unit], text_len[text_of_unit])
        u_rec, u_gen = text_rec[positions].astype(np.int32), text_gen[positions]
        del text_of_unit, positions, table, text_rec, text_gen, text_start, text_len
        u_owner = u_owner.astype(np.int32)
        self._unit_tokens = (np.searchsorted(u_owner, np.arange(len(unit_texts) + 1)), u_rec, u_gen)
        self._folded_of = folded_of
        self._fuzzy_cache: dict[int, tuple[str, ...]] = {}

        # --- features of every unit: its words, its words' diacritics, its word pairs;
        # (row, feature id, generic), each kind in unit order
        word = rec_word[u_rec]
        accent = rec_accent[u_rec]
        with_accent = (accent >= 0) & ~u_gen
        at = np.flatnonzero(u_owner[:-1] == u_owner[1:])
        pair_keys, pair_inverse = _unique(
            word[at].astype(np.int64) * n_words + word[at + 1], max(n_words, 1) ** 2,
        )
        self._pair_keys = pair_keys  # sorted; a pair's feature id is base + its position
        self._pair_base = base
        self.n_words, self.n_accents = n_words, n_accents
        n_features = max(base + len(pair_keys), 1)
        self.n_features = n_features
        n_accented = int(with_accent.sum())
        bounds = np.cumsum([0, len(word), n_accented, len(at)])
        parts = slice(bounds[0], bounds[1]), slice(bounds[1], bounds[2]), slice(bounds[2], None)
        keys = np.empty(bounds[-1], dtype=np.int32)
        keys[parts[0]] = word
        keys[parts[1]] = n_words + accent[with_accent]
        keys[parts[2]] = base + pair_inverse
        del word, accent, pair_inverse
        rows = np.empty(bounds[-1], dtype=np.int32)
        rows[parts[0]] = u_owner
        rows[parts[1]] = u_owner[with_accent]
        rows[parts[2]] = u_owner[at]
        generic = np.zeros(bounds[-1], dtype=bool)
        generic[parts[0]] = u_gen
        generic[parts[2]] = u_gen[at] & u_gen[at + 1]
        del u_owner, with_accent, at

        # --- units: one posting per (unit, feature), non-generic wins; sorted by feature.
        # Each kind of feature comes unit by unit, so a stable sort by feature keeps
        # the units of a feature in order and a unit's repeats of a feature side by side.
        n_units = len(unit_texts)
        order = stable_order(keys, n_features)
        unit_feature, unit_row, generic = keys[order], rows[order], generic[order]
        del keys, rows, order
        first = np.ones(len(unit_feature), dtype=bool)
        first[1:] = (unit_feature[1:] != unit_feature[:-1]) | (unit_row[1:] != unit_row[:-1])
        starts = np.flatnonzero(first)
        del first
        unit_generic = (
            np.logical_and.reduceat(generic, starts) if len(starts) else generic[:0]
        )
        del generic
        unit_feature, unit_row = unit_feature[starts], unit_row[starts]
        del starts

        # --- entries: everything an entry says; units are grouped by entry, so within
        # a feature the entries come in order and a run of equal (feature, entry) is one
        unit_entry_a = np.asarray(unit_entry, dtype=np.int64)
        bag_key = unit_feature.astype(np.int64) * n_entries + unit_entry_a[unit_row]
        bag_key = bag_key[_first_of_runs(bag_key)]
        bag_feature, bag_entry = (
            part.astype(np.int32) for part in np.divmod(bag_key, max(n_entries, 1))
        )
        del bag_key

        df = np.bincount(bag_feature, minlength=n_features).astype(np.float64)
        self.idf = np.log1p((n_entries - df + 0.5) / (df + 0.5))
        self.oov_idf = float(np.log1p((n_entries + 0.5) / 0.5))
        kind_factor = np.ones(n_features)
        kind_factor[n_words:base] = weights.accent
        kind_factor[base:] = weights.pair
        self.weight = self.idf * kind_factor

        unit_weight = self.weight[unit_feature]
        unit_weight[unit_generic] *= weights.generic
        del unit_generic
        keyword = ~np.asarray(unit_scored, dtype=bool)
        self.unit_total = np.bincount(
            unit_row, weights=unit_weight, minlength=n_units,
        ).astype(np.float64)
        unit_weight[(unit_feature >= n_words) & (unit_feature < base)] = 0.0  # accents
        self.unit_total_plain = np.bincount(
            unit_row, weights=unit_weight, minlength=n_units,
        ).astype(np.float64)
        del unit_weight
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

    def fuzzy_texts(self, entry: int) -> tuple[str, ...]:
        """The entry's scored texts as the fuzzy re-check compares them: folded words,
        generic words left out (all, if only generic), in sorted order."""
        texts = self._fuzzy_cache.get(entry)
        if texts is None:
            texts = tuple(
                " ".join(sorted(self._unit_content(u)))
                for u in range(int(self.entry_start[entry]), int(self.entry_scored_end[entry]))
            )
            self._fuzzy_cache[entry] = texts
        return texts

    def _unit_content(self, unit: int) -> list[str]:
        bounds, recs, gens = self._unit_tokens
        start, end = bounds[unit], bounds[unit + 1]
        words = [self._folded_of[r] for r in recs[start:end].tolist()]
        content = [w for w, g in zip(words, gens[start:end].tolist(), strict=True) if not g]
        return content or words

    def pair_ids(self, word_ids: list[int | None]) -> list[int | None]:
        """For each two neighbouring words, the feature id of the pair if the knowledge
        base has it (None for an unknown word or an unseen pair)."""
        keys = [
            -1 if first is None or second is None else first * self.n_words + second
            for first, second in itertools.pairwise(word_ids)
        ]
        if not len(self._pair_keys):
            return [None] * len(keys)
        found = np.searchsorted(self._pair_keys, keys)
        inside = np.minimum(found, len(self._pair_keys) - 1)
        hit = (found < len(self._pair_keys)) & (self._pair_keys[inside] == keys)
        return [
            self._pair_base + int(at) if ok and key >= 0 else None
            for at, ok, key in zip(found.tolist(), hit.tolist(), keys, strict=True)
        ]

    def accent_id(self, accent: str) -> int | None:
        index = self.accents.get(accent)
        return None if index is None else self.n_words + index

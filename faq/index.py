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
from faq.lexicon import Token


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

    def take(
        self, fids: list[int], weights: list[float], flags: list[bool] | None = None,
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The rows holding the fids, one after the other, the weight of each, and (with
        `flags`, one per fid) the flag of each."""
        lengths = np.zeros(0, dtype=np.int64)
        rows = np.zeros(0, dtype=np.int32)
        if fids:
            ids = np.asarray(fids)
            starts, ends = self.indptr[ids], self.indptr[ids + 1]
            lengths = ends - starts
            if lengths.any():
                rows = np.concatenate(
                    [self.rows[s:e] for s, e in zip(starts, ends, strict=True)],
                )
        if not len(rows):
            return rows, np.zeros(0), np.zeros(0, dtype=bool)
        repeated = np.repeat(weights, lengths)
        return rows, repeated, np.repeat(np.asarray(flags if flags is not None else [False]
                                                    * len(fids), dtype=bool), lengths)

    def gather(self, fids: list[int], weights: list[float], size: int) -> np.ndarray:
        """For every row, the sum of weights[i] over the fids[i] it holds."""
        rows, repeated, _ = self.take(fids, weights)
        if not len(rows):
            return np.zeros(size)
        return np.bincount(rows, weights=repeated, minlength=size)

    def distinct(self, rows: np.ndarray, size: int) -> np.ndarray:
        """The distinct rows (sorted) of some postings, for rows in [0, size)."""
        if len(rows) * 16 < size:  # a few rows: sort them rather than sweep them all
            return np.unique(rows)
        mark = np.zeros(size, dtype=bool)
        mark[rows] = True
        return np.flatnonzero(mark)


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


def _number_words(
    tokens: list[Token], text_rec: np.ndarray,
) -> tuple[dict[str, int], dict[str, int], np.ndarray, np.ndarray]:
    """Folded words and accented spellings numbered in the order they first appear.

    Returns (folded word -> id, accent key -> id, and for each distinct token ("record")
    its word id and its accent id, -1 when it has no diacritics).
    """
    first_seen = np.full(len(tokens), len(text_rec), dtype=np.int64)
    np.minimum.at(first_seen, text_rec, np.arange(len(text_rec), dtype=np.int64))
    seen = np.flatnonzero(first_seen < len(text_rec))
    words: dict[str, int] = {}
    accents: dict[str, int] = {}
    rec_word = np.zeros(len(tokens), dtype=np.int32)
    rec_accent = np.full(len(tokens), -1, dtype=np.int32)
    for rid in seen[np.argsort(first_seen[seen], kind="stable")].tolist():
        folded, accent = tokens[rid]
        rec_word[rid] = words.setdefault(folded, len(words))
        if accent is not None:
            rec_accent[rid] = accents.setdefault(accent, len(accents))
    return words, accents, rec_word, rec_accent


@dataclass(frozen=True, slots=True)
class _Features:
    """Every (unit, feature) occurrence, each kind of feature in unit order: the feature
    ids (words, then accents, then pairs), the unit of each, whether it is generic."""

    keys: np.ndarray
    rows: np.ndarray
    generic: np.ndarray
    pair_keys: np.ndarray
    """Sorted first * words + second of every pair; a pair's id is words + accents + place."""


def _unit_features(
    word: np.ndarray, accent: np.ndarray, owner: np.ndarray, generic: np.ndarray,
    n_words: int, n_accents: int,
) -> _Features:
    """The features of every unit: its words, its words' diacritics (content words only),
    its word pairs (generic when both words are). Token arrays are of int32."""
    base = n_words + n_accents
    with_accent = (accent >= 0) & ~generic
    at = np.flatnonzero(owner[:-1] == owner[1:])
    pair_keys, pair_inverse = _unique(
        word[at].astype(np.int64) * n_words + word[at + 1], max(n_words, 1) ** 2,
    )
    bounds = np.cumsum([0, len(word), int(with_accent.sum()), len(at)])
    parts = slice(bounds[0], bounds[1]), slice(bounds[1], bounds[2]), slice(bounds[2], None)
    keys = np.empty(bounds[-1], dtype=np.int32)
    keys[parts[0]] = word
    keys[parts[1]] = n_words + accent[with_accent]
    keys[parts[2]] = base + pair_inverse
    rows = np.empty(bounds[-1], dtype=np.int32)
    rows[parts[0]] = owner
    rows[parts[1]] = owner[with_accent]
    rows[parts[2]] = owner[at]
    flags = np.zeros(bounds[-1], dtype=bool)
    flags[parts[0]] = generic
    flags[parts[2]] = generic[at] & generic[at + 1]
    return _Features(keys, rows, flags, pair_keys)


def _unit_postings(
    features: _Features, n_features: int,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """One posting per (unit, feature), sorted by feature, units in order; generic only
    when every occurrence in the unit is. Returns (feature, unit, generic) per posting.

    Each kind of feature comes unit by unit, so a stable sort by feature keeps the units
    of a feature in order and a unit's repeats of a feature side by side.
    """
    order = stable_order(features.keys, n_features)
    feature, row, generic = features.keys[order], features.rows[order], features.generic[order]
    del order
    first = np.ones(len(feature), dtype=bool)
    first[1:] = (feature[1:] != feature[:-1]) | (row[1:] != row[:-1])
    starts = np.flatnonzero(first)
    del first
    unit_generic = np.logical_and.reduceat(generic, starts) if len(starts) else generic[:0]
    return feature[starts], row[starts], unit_generic


def _entry_postings(
    unit_feature: np.ndarray, unit_row: np.ndarray, unit_entry: np.ndarray, n_entries: int,
) -> tuple[np.ndarray, np.ndarray]:
    """(feature, entry) of everything each entry says, sorted by feature then entry.

    Units are grouped by entry, so within a feature the entries come in order and a run
    of equal (feature, entry) is one posting.
    """
    bag_key = unit_feature.astype(np.int64) * n_entries + unit_entry[unit_row]
    bag_key = bag_key[_first_of_runs(bag_key)]
    feature, entry = (part.astype(np.int32) for part in np.divmod(bag_key, max(n_entries, 1)))
    return feature, entry


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
        n_units = len(unit_texts)
        # words of every distinct text (knowledge bases repeat themselves), expanded
        words, text_of_unit = _unit_words(unit_texts, known)
        self.analyzer, table, text_gen = analyzer.table_of(words)
        del words
        tokens = table.vocabulary.tokens
        self.words, self.accents, rec_word, rec_accent = _number_words(tokens, table.ids)
        self.n_words, self.n_accents = len(self.words), len(self.accents)
        self._folded_of: list[str] = [folded for folded, _ in tokens]
        self._fuzzy_cache: dict[int, tuple[str, ...]] = {}

        # the tokens of every unit (int32 arrays: a 10,000-entry base has millions)
        text_start = np.cumsum(table.lengths) - table.lengths
        positions, owner = ragged(text_start[text_of_unit], table.lengths[text_of_unit])
        u_rec, u_gen = table.ids[positions].astype(np.int32), text_gen[positions]
        del text_of_unit, positions, table, text_gen, text_start
        owner = owner.astype(np.int32)
        self._unit_tokens = (np.searchsorted(owner, np.arange(n_units + 1)), u_rec, u_gen)

        features = _unit_features(
            rec_word[u_rec], rec_accent[u_rec], owner, u_gen, self.n_words, self.n_accents,
        )
        del owner
        self._pair_keys = features.pair_keys  # a pair's feature id is base + its position
        self._pair_base = base = self.n_words + self.n_accents
        self.n_features = n_features = max(base + len(features.pair_keys), 1)
        unit_feature, unit_row, unit_generic = _unit_postings(features, n_features)
        del features
        self.unit_entry = np.asarray(unit_entry, dtype=np.int64)
        bag_feature, bag_entry = _entry_postings(
            unit_feature, unit_row, self.unit_entry, n_entries,
        )
        self._weigh(bag_feature, n_entries)
        self._totals(unit_feature, unit_row, unit_generic, unit_scored)
        self.units = Postings(unit_row, unit_feature, n_features)
        self.entries = Postings(bag_entry, bag_feature, n_features)
        self.entry_start = np.searchsorted(self.unit_entry, np.arange(n_entries))
        self.entry_end = np.append(self.entry_start[1:], n_units)
        self.entry_scored_end = self.entry_start + np.bincount(
            self.unit_entry[np.asarray(unit_scored, dtype=bool)], minlength=n_entries,
        )

    def _weigh(self, bag_feature: np.ndarray, n_entries: int) -> None:
        """Each feature's rarity across entries (IDF), times its kind's weight."""
        df = np.bincount(bag_feature, minlength=self.n_features).astype(np.float64)
        self.idf = np.log1p((n_entries - df + 0.5) / (df + 0.5))
        self.oov_idf = float(np.log1p((n_entries + 0.5) / 0.5))
        kind_factor = np.ones(self.n_features)
        kind_factor[self.n_words : self._pair_base] = self.weights.accent
        kind_factor[self._pair_base :] = self.weights.pair
        self.weight = self.idf * kind_factor

    def _totals(
        self, unit_feature: np.ndarray, unit_row: np.ndarray, unit_generic: np.ndarray,
        unit_scored: list[bool],
    ) -> None:
        """Each unit's total weight, with and without its accents (a question typed
        without diacritics is measured against the second); a keyword's is infinite."""
        n_units = len(unit_scored)
        unit_weight = self.weight[unit_feature]
        unit_weight[unit_generic] *= self.weights.generic
        self.unit_total = np.bincount(
            unit_row, weights=unit_weight, minlength=n_units,
        ).astype(np.float64)  # an empty knowledge base: bincount gives integers
        unit_weight[(unit_feature >= self.n_words) & (unit_feature < self._pair_base)] = 0.0
        self.unit_total_plain = np.bincount(
            unit_row, weights=unit_weight, minlength=n_units,
        ).astype(np.float64)
        keyword = ~np.asarray(unit_scored, dtype=bool)
        self.unit_total[keyword] = np.inf  # a keyword is never an entry's best text
        self.unit_total_plain[keyword] = np.inf

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

"""From text to words the matcher can compare.

A text becomes words (folded, with the diacritics kept aside), abbreviations and
synonyms are expanded, and generic words ("làm sao", "ở đâu", "không") are
marked so they count for little. The same code serves the whole knowledge base
at load (with caches, since villages ask alike) and each incoming question.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import cached_property
from itertools import chain
from operator import itemgetter

import numpy as np

from faq.lexicon import Lexicon, PhraseTable, Rewrite, Token, V
from faq.normalize import clean, clean_many, word_token


@dataclass(frozen=True, slots=True)
class Analysis:
    """A text after normalisation: its words, their diacritics and which are generic."""

    tokens: tuple[str, ...]
    accents: tuple[str | None, ...]
    generic: tuple[bool, ...]
    courtesy: tuple[bool, ...] = ()
    origins: tuple[int, ...] = ()
    """For each token, the typed word (or phrase) it came from."""

    def courtesy_as_generic(self) -> Analysis:
        """The same words, with courtesy words ("chào bot", "cảm ơn") read as generic."""
        generic = tuple(g or c for g, c in zip(self.generic, self.courtesy, strict=True))
        return replace(self, generic=generic)

    @property
    def folded(self) -> str:
        return " ".join(self.tokens)

    @property
    def content(self) -> str:
        """The folded text without its generic words."""
        return " ".join(t for t, g in zip(self.tokens, self.generic, strict=True) if not g)


_Info = tuple[bool, Rewrite | None, bool]
"""Per word and table: (a one-word key matches, its value, a longer key starts here)."""


def _apply(
    tokens: list[Token], table: PhraseTable[Rewrite], cache: dict[Token, _Info],
    openings: frozenset[tuple[str, str]], origins: list[int] | None = None,
) -> list[Token]:
    """The tokens with every phrase of the table replaced by its value, longest first,
    left to right (`PhraseTable.find`), with the per-word lookups cached.

    With `origins` (one number per token), it is rewritten in place to number
    each output token after the word it came from: a phrase and its expansion
    ("cccd", "bằng lái xe") are one idea however many words they become.
    """
    out: list[Token] = []
    came_from: list[int] = []
    i, n = 0, len(tokens)
    get = cache.get
    while i < n:
        token = tokens[i]
        info = get(token)
        if info is None:
            hit, value = table.single(token)
            info = cache[token] = (hit, value, table.starts_longer(token[0]))
        step, produced = 1, None
        if info[2] and i + 1 < n and (token[0], tokens[i + 1][0]) in openings:
            found = table.find_longer(tokens, i)
            if found is not None:
                step, produced = found[0], found[1]
        if produced is None and info[0]:
            produced = info[1]
        if produced is None:
            out.append(token)
        else:
            out.extend(produced)
        if origins is not None:
            came_from.extend([origins[i]] * (len(out) - len(came_from)))
        i += step
    if origins is not None:
        origins[:] = came_from
    return out


class Analyzer:
    """Splits, expands and marks text with one lexicon, caching per word."""

    def __init__(self, lexicon: Lexicon, readings: Readings | None = None) -> None:
        self.lexicon = lexicon
        self.readings = readings or Readings()
        self._words: dict[str, Token] = {}
        self._abbreviations: dict[Token, _Info] = {}
        self._synonyms: dict[Token, _Info] = {}
        self._generic: dict[Token, tuple[bool, bool, bool]] = {}
        self._abbreviation_pairs = lexicon.abbreviations.opening_pairs()
        self._synonym_pairs = lexicon.synonyms.opening_pairs()
        self._synonym_words = frozenset(first for first, _ in lexicon.synonyms.starts())
        self._generic_pairs = lexicon.generic.opening_pairs()

    def with_readings(self, readings: Readings) -> Analyzer:
        return Analyzer(self.lexicon, readings)

    def _split(self, cleaned: str) -> list[Token]:
        words = self._words
        out: list[Token] = []
        for word in cleaned.split():
            token = words.get(word)
            if token is None:
                token = word_token(word)
                if len(words) < 200_000:
                    words[word] = token
            out.append(token)
        return out

    def expand(self, tokens: list[Token], origins: list[int] | None = None) -> list[Token]:
        """Abbreviations, then synonyms, replaced by their full form (see `_apply`)."""
        tokens = _apply(
            tokens, self.lexicon.abbreviations, self._abbreviations, self._abbreviation_pairs,
            origins,
        )
        if self._synonym_words.isdisjoint(map(itemgetter(0), tokens)):
            return tokens
        return _apply(
            tokens, self.lexicon.synonyms, self._synonyms, self._synonym_pairs, origins,
        )

    def generic_mask(self, tokens: list[Token]) -> list[bool]:
        """For each token, whether it is (part of) a generic phrase.

        A word typed without diacritics may be generic or not: ``can`` is ``cần``
        (need) or ``căn`` (căn cước). Its neighbours decide when the knowledge base
        always spells them so together ("the can cuoc" is "thẻ căn cước");
        otherwise the reading the knowledge base uses most. A phrase of two or more
        words ("thế nào") is generic whatever the diacritics.
        """
        table, cache = self.lexicon.generic, self._generic
        mask: list[bool] = []
        i, n = 0, len(tokens)
        while i < n:
            token = tokens[i]
            info = cache.get(token)
            if info is None:
                info = self.generic_info(token)
            if info[1] and i + 1 < n and (token[0], tokens[i + 1][0]) in self._generic_pairs:
                found = table.find_longer(tokens, i)
                if found is not None:
                    mask.extend([True] * found[0])
                    i += found[0]
                    continue
            if info[2]:
                mask.append(self.generic_in_context(
                    token, tokens[i - 1][0] if i > 0 else None,
                    tokens[i + 1][0] if i + 1 < n else None,
                ))
            else:
                mask.append(info[0])
            i += 1
        return mask

    def generic_in_context(self, token: Token, before: str | None, after: str | None) -> bool:
        """Whether one word is generic between these neighbours (folded, None at an end).

        The one rule for a word that is generic in one reading only (`generic_info`),
        for a question and for the whole knowledge base at load alike: the spelling the
        knowledge base uses before the next word settles it, else the one after the
        previous word (`Readings`), else the reading it uses most.
        """
        folded = token[0]
        accent = self.readings.before.get((folded, after)) if after is not None else None
        if accent is None and before is not None:
            accent = self.readings.after.get((before, folded))
        if accent is not None:
            return self.lexicon.is_generic_word((folded, accent))
        return self.generic_info(token)[0]

    def generic_info(self, token: Token) -> tuple[bool, bool, bool]:
        """(generic on its own, a generic phrase may start here, generic in one reading only)."""
        info = self._generic.get(token)
        if info is None:
            table, readings = self.lexicon.generic, self.readings
            hit, _ = table.single(token)
            generic = hit and not (token[1] is None and token[0] in readings.content)
            ambiguous = token[1] is None and token[0] in readings.ambiguous
            info = self._generic[token] = (generic, table.starts_longer(token[0]), ambiguous)
        return info

    @property
    def generic_pairs(self) -> frozenset[tuple[str, str]]:
        return self._generic_pairs

    def table_of(self, words: TokenTable) -> tuple[Analyzer, TokenTable, np.ndarray]:
        """Texts (their words, see `TokenTable.split`) as the index needs them, at once.

        Returns the analyzer with the readings learnt from the texts, the texts'
        tokens after expansion, and the generic flag of every token.
        """
        lexicon = self.lexicon
        table = words.rewrite(
            lexicon.abbreviations, self._abbreviation_pairs,
        ).rewrite(lexicon.synonyms, self._synonym_pairs)
        analyzer = self.with_readings(table.learn_readings(lexicon))
        return analyzer, table, table.generic_mask(analyzer)

    def courtesy_mask(self, tokens: list[Token]) -> list[bool]:
        """For each token, whether it is part of a courtesy phrase ("chào bot", "cảm ơn")."""
        table = self.lexicon.courtesy
        mask = [False] * len(tokens)
        i = 0
        while i < len(tokens):
            found = table.find(tokens, i)
            length = found[0] if found is not None else 1
            if found is not None:
                mask[i : i + length] = [True] * length
            i += length
        return mask

    def analyze(self, text: str) -> Analysis:
        """A question as the matcher reads it, generic and courtesy words marked."""
        typed = self._split(clean(text))
        origins = list(range(len(typed)))
        tokens = self.expand(typed, origins)
        return Analysis(
            tokens=tuple(f for f, _ in tokens),
            accents=tuple(a for _, a in tokens),
            generic=tuple(self.generic_mask(tokens)),
            courtesy=tuple(self.courtesy_mask(tokens)),
            origins=tuple(origins),
        )


LEARNING_SAMPLE = 20_000
"""Texts with diacritics enough to learn spellings from; more only costs load time."""


@dataclass(frozen=True)
class Readings:
    """How the knowledge base spells words that are generic in one reading only.

    Learnt from its texts written with diacritics; used to read the same words
    typed without them.
    """

    content: frozenset[str] = frozenset()
    """Folded words used more often as content than as a generic word."""
    ambiguous: frozenset[str] = frozenset()
    """Folded words with a generic reading and another one."""
    before: dict[tuple[str, str], str] = field(default_factory=dict)
    """(word, next word) -> the word's diacritics key, where that context settles it."""
    after: dict[tuple[str, str], str] = field(default_factory=dict)
    """(previous word, word) -> the word's diacritics key, where that context settles it."""


def _readings(
    generic: Counter[str], content: Counter[str], ambiguous: frozenset[str],
    before: dict[tuple[str, str], Counter[str]], after: dict[tuple[str, str], Counter[str]],
) -> Readings:
    """Readings from the counts: a context settles a spelling used there 80 % of the time."""

    def settled(contexts: dict[tuple[str, str], Counter[str]]) -> dict[tuple[str, str], str]:
        out: dict[tuple[str, str], str] = {}
        for context, spellings in contexts.items():
            (spelt, n), total = spellings.most_common(1)[0], spellings.total()
            if spelt and n >= 2 and n >= 0.8 * total:
                out[context] = spelt
        return out

    return Readings(
        content=frozenset(f for f, n in content.items() if n > generic.get(f, 0) and f in generic),
        ambiguous=ambiguous,
        before=settled(before),
        after=settled(after),
    )


# ---------------------------------------------------------------- many texts at once
#
# At load the whole knowledge base goes through the same steps as a question
# (split, abbreviations, synonyms, generic words), but over flat numpy arrays:
# the per-word decisions are taken once per distinct word, the rare places
# where a phrase of several words may start are settled in a short loop, and
# the rest is array arithmetic. `Analyzer.table_of` gives the same
# tokens and generic flags as `Analyzer.analyze` gives a question (a test holds them
# to that); the readings are learnt here only, from the whole knowledge base.


class _Numbers(dict[str, int]):
    """Numbers keys in the order they are first looked up."""

    def __missing__(self, key: str) -> int:
        number = self[key] = len(self)
        return number


class _Vocabulary:
    """Distinct tokens, numbered in the order they are first seen."""

    def __init__(self) -> None:
        self.tokens: list[Token] = []
        self.ids: dict[Token, int] = {}

    def add(self, token: Token) -> int:
        found = self.ids.get(token)
        if found is None:
            found = self.ids[token] = len(self.tokens)
            self.tokens.append(token)
        return found

    def folded_ids(self) -> tuple[np.ndarray, dict[str, int]]:
        """For each token, a number for its folded word; and folded word -> that number."""
        numbers: dict[str, int] = {}
        ids = np.fromiter(
            (numbers.setdefault(folded, len(numbers)) for folded, _ in self.tokens),
            dtype=np.int64, count=len(self.tokens),
        )
        return ids, numbers


def _pair_keys(
    pairs: Iterable[tuple[str, str]], numbers: dict[str, int],
) -> tuple[np.ndarray, list[tuple[str, str]]]:
    """Sorted keys (first * n + second, by folded number) of the pairs whose words are known."""
    n = max(len(numbers), 1)
    known = [(a, b) for a, b in pairs if a in numbers and b in numbers]
    keys = np.fromiter(
        (numbers[a] * n + numbers[b] for a, b in known), dtype=np.int64, count=len(known),
    )
    order = np.argsort(keys, kind="stable")
    return keys[order], [known[i] for i in order.tolist()]


def _lookup(sorted_keys: np.ndarray, keys: np.ndarray) -> np.ndarray:
    """For each key, its position in sorted_keys, or -1."""
    if not len(sorted_keys) or not len(keys):
        return np.full(len(keys), -1, dtype=np.int64)
    at = np.minimum(np.searchsorted(sorted_keys, keys), len(sorted_keys) - 1)
    return np.where(sorted_keys[at] == keys, at, -1)


@dataclass
class TokenTable:
    """Tokens of many texts: the distinct tokens, and every text as a run of their ids."""

    vocabulary: _Vocabulary
    ids: np.ndarray
    """Token ids of all texts, one after the other."""
    lengths: np.ndarray
    """Tokens per text."""

    @classmethod
    def read(cls, texts: list[str], vocabulary: _Vocabulary | None = None) -> TokenTable:
        """The words of texts, as `clean` gives them, each distinct piece of text read once.

        `clean` treats each whitespace-separated piece of a text on its own (it
        maps characters one by one, and lower case depends only on the letters
        around, within the piece), so the texts are split on whitespace first and
        each distinct piece ("sao?", "VNeID,") is cleaned and split once.
        """
        vocabulary = vocabulary if vocabulary is not None else _Vocabulary()
        empty = np.zeros(0, dtype=np.int64)
        if not texts:
            return cls(vocabulary, empty, empty)
        joined = " \0 ".join(texts)  # "\0" between texts, on its own
        if joined.count("\0") != len(texts) - 1:  # pragma: no cover - "\0" inside a text
            return cls.split(clean_many(texts), vocabulary)
        flat = joined.split()
        del joined
        pieces = _Numbers()
        raw = np.fromiter(map(pieces.__getitem__, flat), dtype=np.int64, count=len(flat))
        del flat
        words: list[list[int]] = [
            [] if piece == "\0" else [vocabulary.add(word_token(w)) for w in clean(piece).split()]
            for piece in pieces
        ]
        counts = np.fromiter(map(len, words), dtype=np.int64, count=len(words))
        starts = np.cumsum(counts) - counts
        flat_words = np.fromiter(chain.from_iterable(words), dtype=np.int64, count=counts.sum())
        per_piece = counts[raw]
        owner = np.repeat(np.arange(len(raw), dtype=np.int64), per_piece)
        offset = np.arange(len(owner), dtype=np.int64) - (np.cumsum(per_piece) - per_piece)[owner]
        ids = flat_words[starts[raw][owner] + offset]
        text_of = np.cumsum(raw == pieces.get("\0", -1))
        lengths = np.bincount(text_of, weights=per_piece, minlength=len(texts))
        return cls(vocabulary, ids, lengths.astype(np.int64))

    @classmethod
    def split(cls, cleaned: list[str], vocabulary: _Vocabulary | None = None) -> TokenTable:
        """Words of cleaned texts (see `normalize.clean_many`), each distinct word read once."""
        vocabulary = vocabulary if vocabulary is not None else _Vocabulary()
        if not cleaned:
            return cls(vocabulary, np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64))
        flat = " \0 ".join(cleaned).split()  # "\0" (never in a cleaned text) ends a text
        words = _Numbers()
        ids = np.fromiter(map(words.__getitem__, flat), dtype=np.int64, count=len(flat))
        del flat
        token_of = np.fromiter(
            (-1 if word == "\0" else vocabulary.add(word_token(word)) for word in words),
            dtype=np.int64, count=len(words),
        )
        ids = token_of[ids]
        ends = np.flatnonzero(ids < 0)
        bounds = np.concatenate([[-1], ends, [len(ids)]])
        return cls(vocabulary, ids[ids >= 0], np.diff(bounds) - 1)

    def take(self, rows: np.ndarray) -> TokenTable:
        """The table of these texts (by number), in this order."""
        lengths = self.lengths[rows]
        owner = np.repeat(np.arange(len(rows), dtype=np.int64), lengths)
        shift = (np.cumsum(self.lengths) - self.lengths)[rows] - (np.cumsum(lengths) - lengths)
        positions = np.arange(len(owner), dtype=np.int64) + shift[owner]
        return TokenTable(self.vocabulary, self.ids[positions], lengths)

    def extend(self, other: TokenTable) -> TokenTable:
        """This table's texts, then the other's (both of this vocabulary)."""
        return TokenTable(
            self.vocabulary,
            np.concatenate([self.ids, other.ids]),
            np.concatenate([self.lengths, other.lengths]),
        )

    @cached_property
    def owner(self) -> np.ndarray:
        """The text of each token."""
        return np.repeat(np.arange(len(self.lengths), dtype=np.int64), self.lengths)

    @cached_property
    def followed(self) -> np.ndarray:
        """For each token but the last, whether the next token is of the same text."""
        ends = np.cumsum(self.lengths)
        followed = np.ones(max(len(self.ids) - 1, 0), dtype=bool)
        followed[ends[(ends > 0) & (ends < len(self.ids))] - 1] = False
        return followed

    def _phrases(
        self, table: PhraseTable[V], openings: frozenset[tuple[str, str]],
    ) -> list[tuple[int, int, V]]:
        """(start, length, value) of the phrases of two or more words found, left to right.

        As `PhraseTable.find_longer` at each place where the first two words of a
        phrase stand (the longest phrase of that bucket that fits wins), and as in
        `_apply` and `generic_mask` a word inside a phrase already found starts nothing.
        """
        ids, vocabulary = self.ids, self.vocabulary
        if len(ids) < 2 or not openings:
            return []
        folded, numbers = vocabulary.folded_ids()
        width = max(len(numbers), 1)
        opening_keys, known = _pair_keys(openings, numbers)
        first_words = {a for a, _ in known}
        starts = np.fromiter(
            (f in first_words for f, _ in vocabulary.tokens), dtype=bool,
            count=len(vocabulary.tokens),
        )
        at = np.flatnonzero(starts[ids[:-1]] & self.followed)
        bucket = _lookup(opening_keys, folded[ids[at]] * width + folded[ids[at + 1]])
        at, bucket = at[bucket >= 0], bucket[bucket >= 0]
        if not len(at):
            return []
        ends = np.cumsum(self.lengths)[self.owner[at]]  # past the last token of the text
        order = np.argsort(bucket, kind="stable")
        firsts = np.searchsorted(bucket[order], np.arange(len(known) + 1))
        length = np.zeros(len(at), dtype=np.int64)
        value_of = np.full(len(at), -1, dtype=np.int64)
        values: list[V] = []
        for b, pair in enumerate(known):
            group = order[firsts[b] : firsts[b + 1]]
            for phrase, value in table.bucket(pair):
                size = len(phrase.words)
                open_ = group[(length[group] == 0) & (at[group] + size <= ends[group])]
                for offset, (word, accent) in enumerate(phrase.words):
                    if not len(open_):
                        break
                    here = ids[at[open_] + offset]
                    ok = here == vocabulary.ids.get((word, None), -1)
                    if accent is not None:
                        ok |= here == vocabulary.ids.get((word, accent), -1)
                    open_ = open_[ok]
                if len(open_):
                    length[open_] = size
                    value_of[open_] = len(values)
                    values.append(value)
        hit = np.flatnonzero(length)
        found: list[tuple[int, int, V]] = []
        blocked = -1
        for start, size, v in zip(
            at[hit].tolist(), length[hit].tolist(), value_of[hit].tolist(), strict=True,
        ):
            if start >= blocked:
                found.append((start, size, values[v]))
                blocked = start + size
        return found

    def rewrite(
        self, table: PhraseTable[Rewrite], openings: frozenset[tuple[str, str]],
    ) -> TokenTable:
        """Every phrase of the table replaced by its value, longest first (see `_apply`)."""
        vocabulary, ids = self.vocabulary, self.ids
        owner = self.owner
        n_tokens = len(vocabulary.tokens)
        first_words = {f for f, _ in table.starts()}
        present = np.fromiter(
            (f in first_words for f, _ in vocabulary.tokens), dtype=bool, count=n_tokens,
        )
        if not present[ids].any():
            return self
        values: dict[tuple[Token, ...], int] = {}
        single = np.full(n_tokens, -1, dtype=np.int64)
        for t in np.flatnonzero(present).tolist():
            hit, value = table.single(vocabulary.tokens[t])
            if hit and value is not None:
                single[t] = values.setdefault(value, len(values))
        source = single[ids]  # per position: -1 itself, -2 inside a phrase, else a value
        for start, length, value in self._phrases(table, openings):
            source[start] = values.setdefault(value, len(values))
            source[start + 1 : start + length] = -2
        value_ids = [np.fromiter(map(vocabulary.add, v), dtype=np.int64, count=len(v))
                     for v in values]
        value_len = np.fromiter(map(len, value_ids), dtype=np.int64, count=len(value_ids))
        value_flat = np.concatenate([*value_ids, np.zeros(0, dtype=np.int64)])
        replaced = source >= 0
        out_len = (source == -1).astype(np.int64)
        out_len[replaced] = value_len[source[replaced]]
        out = np.repeat(ids, out_len)  # right where a token stays; replaced ones next
        if replaced.any():
            out_start = np.cumsum(out_len) - out_len
            which = source[replaced]
            lengths = value_len[which]
            value_start = np.cumsum(value_len) - value_len
            owner_of = np.repeat(np.arange(len(which)), lengths)
            offset = np.arange(int(lengths.sum())) - (np.cumsum(lengths) - lengths)[owner_of]
            out[out_start[replaced][owner_of] + offset] = value_flat[
                value_start[which][owner_of] + offset
            ]
        lengths = np.bincount(owner, weights=out_len, minlength=len(self.lengths))
        return TokenTable(vocabulary, out, lengths.astype(np.int64))

    def accented_texts(self) -> np.ndarray:
        """Whether each text has a word written with diacritics."""
        accented = np.fromiter(
            (a is not None for _, a in self.vocabulary.tokens), dtype=bool,
            count=len(self.vocabulary.tokens),
        )
        return np.bincount(
            self.owner, weights=accented[self.ids], minlength=len(self.lengths),
        ) > 0

    def learn_readings(self, lexicon: Lexicon) -> Readings:
        """How these texts spell the words that are generic in one reading only (see
        `Readings`), counted in the first `LEARNING_SAMPLE` texts written with diacritics."""
        tokens = self.vocabulary.tokens
        chosen = np.zeros(len(self.lengths), dtype=bool)
        chosen[np.flatnonzero(self.accented_texts())[:LEARNING_SAMPLE]] = True
        owner = self.owner
        in_sample = chosen[owner]
        counts = np.bincount(self.ids[in_sample], minlength=len(tokens))
        generic: Counter[str] = Counter()
        content: Counter[str] = Counter()
        for t in np.flatnonzero(counts).tolist():
            token = tokens[t]
            (generic if lexicon.is_generic_word(token) else content)[token[0]] += int(counts[t])
        ambiguous = frozenset(f for f in generic if f in content)
        is_ambiguous = np.fromiter(
            (f in ambiguous for f, _ in tokens), dtype=bool, count=len(tokens),
        )
        ids = self.ids
        at = np.flatnonzero(in_sample[:-1] & self.followed)
        at = at[is_ambiguous[ids[at]] | is_ambiguous[ids[at + 1]]]
        pair_keys, pair_counts = np.unique(ids[at] * len(tokens) + ids[at + 1], return_counts=True)
        before: dict[tuple[str, str], Counter[str]] = {}
        after: dict[tuple[str, str], Counter[str]] = {}
        for key, n in zip(pair_keys.tolist(), pair_counts.tolist(), strict=True):
            (first, first_accent), (second, second_accent) = (
                tokens[key // len(tokens)], tokens[key % len(tokens)]
            )
            if first in ambiguous:
                before.setdefault((first, second), Counter())[first_accent or ""] += n
            if second in ambiguous:
                after.setdefault((first, second), Counter())[second_accent or ""] += n
        return _readings(generic, content, ambiguous, before, after)

    def generic_mask(self, analyzer: Analyzer) -> np.ndarray:
        """`Analyzer.generic_mask` over every text, flat: each word's own flag, the words
        generic in one reading only settled by `Analyzer.generic_in_context` once per
        distinct (previous, word, next), then the generic phrases."""
        tokens = self.vocabulary.tokens
        ids = self.ids
        info = [analyzer.generic_info(token) for token in tokens]
        generic = np.fromiter((g for g, _, _ in info), dtype=bool, count=len(tokens))
        ambiguous = np.fromiter((a for _, _, a in info), dtype=bool, count=len(tokens))
        mask = generic[ids]
        at = np.flatnonzero(ambiguous[ids])
        if len(at):
            folded, numbers = self.vocabulary.folded_ids()
            names = list(numbers)
            width = len(names) + 1  # folded number + 1, 0 for "no neighbour"
            before = np.zeros(len(at), dtype=np.int64)
            has = at > 0
            has[has] = self.followed[at[has] - 1]
            before[has] = folded[ids[at[has] - 1]] + 1
            after = np.zeros(len(at), dtype=np.int64)
            has = at + 1 < len(ids)
            has[has] = self.followed[at[has]]
            after[has] = folded[ids[at[has] + 1]] + 1
            keys = (ids[at] * width + before) * width + after
            distinct, inverse = np.unique(keys, return_inverse=True)
            flags = np.fromiter(
                (
                    analyzer.generic_in_context(
                        tokens[key // (width * width)],
                        names[b - 1] if (b := key // width % width) else None,
                        names[a - 1] if (a := key % width) else None,
                    )
                    for key in distinct.tolist()
                ),
                dtype=bool, count=len(distinct),
            )
            mask[at] = flags[inverse.ravel()]
        for start, length, _ in self._phrases(analyzer.lexicon.generic, analyzer.generic_pairs):
            mask[start : start + length] = True
        return mask

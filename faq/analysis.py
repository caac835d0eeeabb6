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
from itertools import chain, pairwise
from operator import itemgetter

from faq.lexicon import Lexicon, PhraseTable, Token
from faq.normalize import clean, word_token


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


_Info = tuple[bool, object, bool]
"""Per word and table: (a one-word key matches, its value, a longer key starts here)."""


def _apply(
    tokens: list[Token], table: PhraseTable, cache: dict[Token, _Info],
    openings: frozenset[tuple[str, str]], origins: list[int] | None = None,
) -> list[Token]:
    """`lexicon.rewrite` with the per-word lookups cached (the hot path at load).

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
            out.extend(produced)  # type: ignore[arg-type]
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

    def tokens(self, text: str) -> list[Token]:
        """Words of a text after abbreviation and synonym expansion."""
        return self.expand(self._split(clean(text)))

    def tokens_of_cleaned(self, cleaned: str) -> list[Token]:
        return self.expand(self._split(cleaned))

    def generic_mask(self, tokens: list[Token]) -> list[bool]:
        """For each token, whether it is (part of) a generic phrase.

        A word typed without diacritics may be generic or not: ``can`` is ``cần``
        (need) or ``căn`` (căn cước). Its neighbours decide when the knowledge base
        always spells them so together ("the can cuoc" is "thẻ căn cước");
        otherwise the reading the knowledge base uses most. A phrase of two or more
        words ("thế nào") is generic whatever the diacritics.
        """
        table, cache, readings = self.lexicon.generic, self._generic, self.readings
        mask: list[bool] = []
        i, n = 0, len(tokens)
        while i < n:
            token = tokens[i]
            info = cache.get(token)
            if info is None:
                hit, _ = table.single(token)
                generic = hit and not (token[1] is None and token[0] in readings.content)
                ambiguous = token[1] is None and token[0] in readings.ambiguous
                info = cache[token] = (generic, table.starts_longer(token[0]), ambiguous)
            if info[1] and i + 1 < n and (token[0], tokens[i + 1][0]) in self._generic_pairs:
                found = table.find_longer(tokens, i)
                if found is not None:
                    mask.extend([True] * found[0])
                    i += found[0]
                    continue
            if info[2]:
                accent = readings.before.get((token[0], tokens[i + 1][0])) if i + 1 < n else None
                if accent is None and i > 0:
                    accent = readings.after.get((tokens[i - 1][0], token[0]))
                if accent is not None:
                    mask.append(self.lexicon.is_generic_word((token[0], accent)))
                    i += 1
                    continue
            mask.append(info[0])
            i += 1
        return mask

    def mark_all(
        self, texts: list[list[Token]],
    ) -> tuple[dict[Token, int], list[int], list[bool], list[int]]:
        """`generic_mask` over many texts, numbering distinct tokens as it goes.

        Returns (token -> record id, flat record ids, flat generic flags, tokens per text).
        """
        mask: list[bool] = []
        for tokens in texts:
            mask.extend(self.generic_mask(tokens))
        records = {token: i for i, token in enumerate(dict.fromkeys(chain.from_iterable(texts)))}
        recs = list(map(records.__getitem__, chain.from_iterable(texts)))
        return records, recs, mask, [len(tokens) for tokens in texts]

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


def learn_readings(lexicon: Lexicon, texts: Iterable[list[Token]]) -> Readings:
    """Count, in texts written with diacritics, how ambiguous folded words are spelt."""
    accented = [t for t in texts if any(a is not None for _, a in t)][:LEARNING_SAMPLE]
    counts = Counter(chain.from_iterable(accented))
    generic: Counter[str] = Counter()
    content: Counter[str] = Counter()
    for token, n in counts.items():
        (generic if lexicon.is_generic_word(token) else content)[token[0]] += n
    ambiguous = frozenset(f for f in generic if f in content)
    before: dict[tuple[str, str], Counter[str]] = {}
    after: dict[tuple[str, str], Counter[str]] = {}
    pairs = Counter(chain.from_iterable(pairwise(t) for t in accented))
    for ((first, first_accent), (second, second_accent)), n in pairs.items():
        if first in ambiguous:
            before.setdefault((first, second), Counter())[first_accent or ""] += n
        if second in ambiguous:
            after.setdefault((first, second), Counter())[second_accent or ""] += n

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

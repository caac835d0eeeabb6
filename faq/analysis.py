"""From text to words the matcher can compare.

A text becomes words (folded, with the diacritics kept aside), abbreviations and
synonyms are expanded, and generic words ("làm sao", "ở đâu", "không") are
marked so they count for little. The same code serves the whole knowledge base
at load (with caches, since villages ask alike) and each incoming question.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from faq.lexicon import Lexicon, PhraseTable, Token, rewrite
from faq.normalize import clean, fold_token


@dataclass(frozen=True, slots=True)
class Analysis:
    """A text after normalisation: its words, their diacritics and which are generic."""

    tokens: tuple[str, ...]
    accents: tuple[str | None, ...]
    generic: tuple[bool, ...]

    @property
    def folded(self) -> str:
        return " ".join(self.tokens)

    @property
    def content(self) -> str:
        """The folded text without its generic words."""
        return " ".join(t for t, g in zip(self.tokens, self.generic, strict=True) if not g)


def _first_words(table: PhraseTable, min_len: int = 1) -> frozenset[str]:
    return frozenset(first for first, length in table.starts() if length >= min_len)


class Analyzer:
    """Splits, expands and marks text with one lexicon, caching per word."""

    def __init__(self, lexicon: Lexicon, content_words: frozenset[str] = frozenset()) -> None:
        self.lexicon = lexicon
        self.content_words = content_words
        self._abbreviation_starts = _first_words(lexicon.abbreviations)
        self._synonym_starts = _first_words(lexicon.synonyms)
        self._phrase_starts = _first_words(lexicon.generic, min_len=2)
        self._words: dict[str, Token] = {}
        self._generic: dict[Token, bool] = {}

    def with_content_words(self, content_words: frozenset[str]) -> Analyzer:
        return Analyzer(self.lexicon, content_words)

    def _split(self, cleaned: str) -> list[Token]:
        words = self._words
        out: list[Token] = []
        for word in cleaned.split():
            token = words.get(word)
            if token is None:
                folded = fold_token(word)
                token = (folded, None if word == folded else word)
                if len(words) < 200_000:
                    words[word] = token
            out.append(token)
        return out

    def expand(self, tokens: list[Token]) -> list[Token]:
        """Abbreviations, then synonyms, replaced by their full form."""
        if not self._abbreviation_starts.isdisjoint([f for f, _ in tokens]):
            tokens = rewrite(tokens, self.lexicon.abbreviations)
        if not self._synonym_starts.isdisjoint([f for f, _ in tokens]):
            tokens = rewrite(tokens, self.lexicon.synonyms)
        return tokens

    def tokens(self, text: str) -> list[Token]:
        """Words of a text after abbreviation and synonym expansion."""
        return self.expand(self._split(clean(text)))

    def tokens_of_cleaned(self, cleaned: str) -> list[Token]:
        return self.expand(self._split(cleaned))

    def _is_generic(self, token: Token) -> bool:
        flag = self._generic.get(token)
        if flag is None:
            flag = self.lexicon.generic.find((token,), 0) is not None and not (
                token[1] is None and token[0] in self.content_words
            )
            self._generic[token] = flag
        return flag

    def generic_mask(self, tokens: list[Token]) -> list[bool]:
        """For each token, whether it is (part of) a generic phrase.

        A single word typed without diacritics that the knowledge base mostly uses
        as content (``can`` for ``căn``, not ``cần``) is not generic; a phrase of two
        or more words is, since its context settles the reading.
        """
        mask: list[bool] = []
        i, n = 0, len(tokens)
        while i < n:
            if tokens[i][0] in self._phrase_starts:
                found = self.lexicon.generic.find(tokens, i)
                if found is not None and found[0] > 1:
                    mask.extend([True] * found[0])
                    i += found[0]
                    continue
            mask.append(self._is_generic(tokens[i]))
            i += 1
        return mask

    def analyze(self, text: str) -> Analysis:
        return self.from_tokens(self.tokens(text))

    def from_tokens(self, tokens: list[Token]) -> Analysis:
        return Analysis(
            tokens=tuple(f for f, _ in tokens),
            accents=tuple(a for _, a in tokens),
            generic=tuple(self.generic_mask(tokens)),
        )


def content_words(lexicon: Lexicon, texts: Iterable[list[Token]]) -> frozenset[str]:
    """Folded words the texts mostly use as content rather than as a generic word.

    Typed without diacritics, ``can`` may be ``cần`` (generic) or ``căn`` (căn
    cước); texts written with diacritics tell which reading is more common.
    """
    generic: Counter[str] = Counter()
    content: Counter[str] = Counter()
    cache: dict[Token, bool] = {}
    for tokens in texts:
        if all(a is None for _, a in tokens):
            continue
        for token in tokens:
            flag = cache.get(token)
            if flag is None:
                flag = cache[token] = lexicon.is_generic_word(token)
            (generic if flag else content)[token[0]] += 1
    return frozenset(f for f, n in content.items() if n > generic.get(f, 0) and f in generic)

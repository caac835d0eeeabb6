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

from faq.lexicon import Lexicon, PhraseTable, Token
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


_Info = tuple[bool, object, bool]
"""Per word and table: (a one-word key matches, its value, a longer key starts here)."""


def _apply(tokens: list[Token], table: PhraseTable, cache: dict[Token, _Info]) -> list[Token]:
    """`lexicon.rewrite` with the per-word lookups cached (the hot path at load)."""
    out: list[Token] = []
    i, n = 0, len(tokens)
    while i < n:
        token = tokens[i]
        info = cache.get(token)
        if info is None:
            hit, value = table.single(token)
            info = cache[token] = (hit, value, table.starts_longer(token[0]))
        if info[2]:
            found = table.find_longer(tokens, i)
            if found is not None:
                out.extend(found[1])  # type: ignore[arg-type]
                i += found[0]
                continue
        if info[0]:
            out.extend(info[1])  # type: ignore[arg-type]
        else:
            out.append(token)
        i += 1
    return out


class Analyzer:
    """Splits, expands and marks text with one lexicon, caching per word."""

    def __init__(self, lexicon: Lexicon, content_words: frozenset[str] = frozenset()) -> None:
        self.lexicon = lexicon
        self.content_words = content_words
        self._words: dict[str, Token] = {}
        self._abbreviations: dict[Token, _Info] = {}
        self._synonyms: dict[Token, _Info] = {}
        self._generic: dict[Token, tuple[bool, bool]] = {}

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
        tokens = _apply(tokens, self.lexicon.abbreviations, self._abbreviations)
        return _apply(tokens, self.lexicon.synonyms, self._synonyms)

    def tokens(self, text: str) -> list[Token]:
        """Words of a text after abbreviation and synonym expansion."""
        return self.expand(self._split(clean(text)))

    def tokens_of_cleaned(self, cleaned: str) -> list[Token]:
        return self.expand(self._split(cleaned))

    def generic_mask(self, tokens: list[Token]) -> list[bool]:
        """For each token, whether it is (part of) a generic phrase.

        A single word typed without diacritics that the knowledge base mostly uses
        as content (``can`` for ``căn``, not ``cần``) is not generic; a phrase of two
        or more words is, since its context settles the reading.
        """
        table, cache = self.lexicon.generic, self._generic
        mask: list[bool] = []
        i, n = 0, len(tokens)
        while i < n:
            token = tokens[i]
            info = cache.get(token)
            if info is None:
                hit, _ = table.single(token)
                generic = hit and not (token[1] is None and token[0] in self.content_words)
                info = cache[token] = (generic, table.starts_longer(token[0]))
            if info[1]:
                found = table.find_longer(tokens, i)
                if found is not None:
                    mask.extend([True] * found[0])
                    i += found[0]
                    continue
            mask.append(info[0])
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

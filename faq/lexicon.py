"""The curated word lists the matcher uses: abbreviations, synonyms, generic and courtesy words.

They live in one YAML file (faq/abbreviations.yaml) so a province can extend them
without touching code. Keys are matched on folded words; a key written with
diacritics (``đc``) only matches words typed with those diacritics or with none,
so ``hỏng`` is never read as the teen-code ``hong`` (không).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Generic, TypeVar

from core.config_errors import ConfigError
from core.settings import load_yaml_file
from faq.normalize import split_tokens

Token = tuple[str, str | None]
"""A word as (folded, accented-or-None)."""
Rewrite = tuple[Token, ...]
"""What an abbreviation or a synonym stands for: its full form's words."""
V = TypeVar("V")

DEFAULT_PATH = Path(__file__).with_name("abbreviations.yaml")


@dataclass(frozen=True, slots=True)
class Phrase:
    """A key phrase (folded words, each with the accented spelling it was written in)."""

    words: tuple[Token, ...]

    def matches(self, tokens: Sequence[Token], start: int) -> bool:
        if start + len(self.words) > len(tokens):
            return False
        for (kf, ka), (tf, ta) in zip(self.words, tokens[start:], strict=False):
            if kf != tf or (ta is not None and ta != ka):
                return False
        return True


class PhraseTable(Generic[V]):
    """Longest-match lookup of phrases starting at a position, each with a value of type V.

    One-word keys sit in dictionaries (the common case, and the hot path at load);
    longer keys are tried first, longest first, from a bucket per first two words.
    """

    def __init__(self) -> None:
        self._multi: dict[tuple[str, str], list[tuple[Phrase, V]]] = {}
        self._multi_first: set[str] = set()
        self._exact: dict[Token, V] = {}  # (folded, accent-or-None as written)
        self._plain: dict[str, V] = {}  # folded -> value, for words typed without marks

    def add(self, phrase: Phrase, value: V) -> None:
        if len(phrase.words) == 1:
            word = phrase.words[0]
            self._exact.setdefault(word, value)
            self._plain.setdefault(word[0], value)
            return
        self._multi_first.add(phrase.words[0][0])
        bucket = self._multi.setdefault((phrase.words[0][0], phrase.words[1][0]), [])
        bucket.append((phrase, value))
        bucket.sort(key=lambda item: -len(item[0].words))

    def __contains__(self, phrase: Phrase) -> bool:
        if len(phrase.words) == 1:
            return phrase.words[0] in self._exact
        key = (phrase.words[0][0], phrase.words[1][0])
        return any(p == phrase for p, _ in self._multi.get(key, ()))

    def __len__(self) -> int:
        return len(self._exact) + sum(len(b) for b in self._multi.values())

    def starts(self) -> list[tuple[str, int]]:
        """(first folded word, phrase length) of every phrase."""
        multi = [(key[0], len(p.words)) for key, b in self._multi.items() for p, _ in b]
        return [(f, 1) for f, _ in self._exact] + multi

    def single(self, token: Token) -> tuple[bool, V | None]:
        """(found, value) of the one-word key matching this word as typed."""
        folded, accent = token
        if accent is None:
            return (True, self._plain[folded]) if folded in self._plain else (False, None)
        if token in self._exact:
            return True, self._exact[token]
        return False, None

    def starts_longer(self, folded: str) -> bool:
        """Whether a key of two or more words starts with this word."""
        return folded in self._multi_first

    def bucket(self, pair: tuple[str, str]) -> list[tuple[Phrase, V]]:
        """The keys of two or more words starting with these two folded words, longest first."""
        return self._multi.get(pair, [])

    def opening_pairs(self) -> frozenset[tuple[str, str]]:
        """The first two folded words of every key of two or more words."""
        return frozenset(self._multi)

    def find_longer(self, tokens: Sequence[Token], start: int) -> tuple[int, V] | None:
        """The (length, value) of the longest key of two or more words matching at start."""
        if start + 1 >= len(tokens):
            return None
        for phrase, value in self._multi.get((tokens[start][0], tokens[start + 1][0]), ()):
            if phrase.matches(tokens, start):
                return len(phrase.words), value
        return None

    def find(self, tokens: Sequence[Token], start: int) -> tuple[int, V] | None:
        """The (length, value) of the longest phrase matching at start, or None."""
        found = self.find_longer(tokens, start)
        if found is not None:
            return found
        folded, accent = tokens[start]
        if accent is None:
            return (1, self._plain[folded]) if folded in self._plain else None
        return (1, self._exact[(folded, accent)]) if (folded, accent) in self._exact else None


@dataclass
class Lexicon:
    """Abbreviations (teen code), synonyms (applied after them), generic and courtesy words.

    Courtesy words ("chào bot", "cảm ơn") are what a greeting or a thanks is made
    of; inside a real question they are read as generic words, so "chào bot, làm
    căn cước ở đâu" is about the card, not a greeting.
    """

    abbreviations: PhraseTable[Rewrite] = field(default_factory=PhraseTable)
    synonyms: PhraseTable[Rewrite] = field(default_factory=PhraseTable)
    generic: PhraseTable[bool] = field(default_factory=PhraseTable)
    courtesy: PhraseTable[bool] = field(default_factory=PhraseTable)

    def is_generic_word(self, token: Token) -> bool:
        """Whether one word, spelt exactly so (``có``, or plain ``anh``), is generic on its own."""
        return Phrase((token,)) in self.generic



def _phrase(text: str) -> Phrase | None:
    words = split_tokens(text)
    if not words:
        return None
    return Phrase(tuple((f, a) for f, a in words))


def _read_rewrites(
    file: str, section: str, data: object, table: PhraseTable[Rewrite], seen: dict[Phrase, str],
) -> None:
    if data is None:
        return
    if not isinstance(data, dict):
        raise ConfigError(file, section, "phải là bảng 'dạng đầy đủ: [các cách viết tắt]'")
    for full, variants in data.items():
        where = f"{section}.{full}"
        if not isinstance(full, str) or not full.strip():
            raise ConfigError(file, where, "dạng đầy đủ phải là chuỗi khác rỗng")
        if isinstance(variants, str):
            variants = [variants]
        if not isinstance(variants, list) or not variants:
            raise ConfigError(file, where, "phải có danh sách các cách viết (không rỗng)")
        replacement = tuple(split_tokens(full))
        for variant in variants:
            if not isinstance(variant, str):
                raise ConfigError(
                    file, where, f"cách viết {variant!r} phải là chuỗi (đặt trong nháy kép)",
                )
            phrase = _phrase(variant)
            if phrase is None:
                raise ConfigError(file, where, f"cách viết {variant!r} rỗng sau khi chuẩn hóa")
            if phrase in seen and seen[phrase] != full:
                raise ConfigError(
                    file, where, f"'{variant}' đã được khai báo cho '{seen[phrase]}'",
                )
            if phrase not in seen:
                seen[phrase] = full
                table.add(phrase, replacement)


def load_lexicon(path: Path = DEFAULT_PATH) -> Lexicon:
    """Read abbreviations.yaml; raise ConfigError naming the file, key and reason."""
    file = str(path)
    data = load_yaml_file(path)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError(
            file, None, "phải là một bảng với các mục abbreviations, synonyms, generic, courtesy",
        )
    unknown = set(data) - {"abbreviations", "synonyms", "generic", "courtesy"}
    if unknown:
        raise ConfigError(file, ", ".join(sorted(map(str, unknown))), "mục không được hỗ trợ")
    lexicon = Lexicon()
    _read_rewrites(file, "abbreviations", data.get("abbreviations"), lexicon.abbreviations, {})
    _read_rewrites(file, "synonyms", data.get("synonyms"), lexicon.synonyms, {})
    _read_phrases(file, "generic", data.get("generic"), lexicon.generic)
    _read_phrases(file, "courtesy", data.get("courtesy"), lexicon.courtesy)
    return lexicon


def _read_phrases(file: str, section: str, data: object, table: PhraseTable[bool]) -> None:
    if data is None:
        return
    if not isinstance(data, list):
        raise ConfigError(file, section, "phải là danh sách các từ/cụm từ")
    for item in data:
        phrase = _phrase(item) if isinstance(item, str) else None
        if phrase is None:
            raise ConfigError(file, section, f"{item!r} phải là chuỗi khác rỗng")
        if phrase not in table:
            table.add(phrase, True)

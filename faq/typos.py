"""Typo correction whose cost per word does not grow with the knowledge base's vocabulary.

A word the knowledge base does not know is mapped to the known word most like it
(rapidfuzz ``fuzz.ratio`` at least `cutoff`, ties to the first in alphabetical order, as
``process.extractOne`` over the sorted vocabulary does), but only the known words near it
are compared: those that share a "deletion variant" with it (the word with up to two
letters left out, SymSpell's idea). That is every known word within two letters dropped
on each side, so every word ``fuzz.ratio`` puts at 80 or more unless the two differ in
length by three or more with one of them nine letters or longer. A lookup costs a few
dozen hashes and one binary search whatever the vocabulary's size; comparing with the
whole of a 20,000-word vocabulary costs 1-3 ms per unknown word.

The variants of the vocabulary are hashed with numpy (a polynomial hash modulo 2**64,
the base odd so a shift can be undone); a hash collision only adds a word to compare.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import combinations

import numpy as np
from rapidfuzz import fuzz, process

_BASE = 0x100000001B3
_LENGTH = 0x9E3779B97F4A7C15
_MASK = (1 << 64) - 1
_INVERSE = pow(_BASE, -1, 1 << 64)
DEPTH_LIMIT = 16
"""Words longer than this get one letter left out at most (their variants multiply)."""
LONGEST = 64
"""Words longer than this are matched only as they are."""


def _hash(word: str) -> int:
    """The hash of a word, as `_variant_hashes` computes it for the vocabulary."""
    h, power = 0, 1
    for char in word:
        h = (h + ord(char) * power) & _MASK
        power = (power * _BASE) & _MASK
    return (h + len(word) * _LENGTH) & _MASK


def _variants(word: str) -> set[str]:
    """The word, and the word with one or (when not too long) two letters left out."""
    n = len(word)
    out = {word, *(word[:i] + word[i + 1 :] for i in range(n))}
    if n <= DEPTH_LIMIT:
        out.update(word[:i] + word[i + 1 : j] + word[j + 1 :] for i, j in combinations(range(n), 2))
    return out


def _variant_hashes(words: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """(hash, word number) of every deletion variant of every word (duplicates kept)."""
    lengths = np.fromiter(map(len, words), dtype=np.int64, count=len(words))
    keep = np.flatnonzero(lengths <= LONGEST)
    if not len(keep):
        return np.zeros(0, dtype=np.uint64), np.zeros(0, dtype=np.int64)
    width = int(lengths[keep].max())
    padded = "".join(words[i].ljust(width, "\0") for i in keep.tolist())
    codes = np.frombuffer(padded.encode("utf-32-le"), dtype=np.uint32).reshape(len(keep), width)
    n = lengths[keep]
    powers = np.array([pow(_BASE, k, 1 << 64) for k in range(width + 1)], dtype=np.uint64)
    prefix = np.zeros((len(keep), width + 1), dtype=np.uint64)
    np.cumsum(codes.astype(np.uint64) * powers[:width], axis=1, out=prefix[:, 1:])
    whole = prefix[np.arange(len(keep)), n]
    inverse, inverse2 = np.uint64(_INVERSE), np.uint64(pow(_INVERSE, 2, 1 << 64))
    length = np.uint64(_LENGTH)
    hashes = [whole + n.astype(np.uint64) * length]
    owners = [keep]
    for i in range(width):
        rows = np.flatnonzero(n > i)
        h = prefix[rows, i] + (whole[rows] - prefix[rows, i + 1]) * inverse
        hashes.append(h + (n[rows] - 1).astype(np.uint64) * length)
        owners.append(keep[rows])
    for i, j in combinations(range(min(width, DEPTH_LIMIT)), 2):
        rows = np.flatnonzero((n > j) & (n <= DEPTH_LIMIT))
        h = (prefix[rows, i] + (prefix[rows, j] - prefix[rows, i + 1]) * inverse
             + (whole[rows] - prefix[rows, j + 1]) * inverse2)
        hashes.append(h + (n[rows] - 2).astype(np.uint64) * length)
        owners.append(keep[rows])
    return np.concatenate(hashes), np.concatenate(owners)


class TypoIndex:
    """Known words by the hashes of their deletion variants."""

    def __init__(self, words: Iterable[str], cutoff: float, min_len: int) -> None:
        self.cutoff = cutoff
        self.min_len = min_len
        self._words = sorted(w for w in words if len(w) >= min_len and not w.isdigit())
        hashes, owners = _variant_hashes(self._words)
        order = np.argsort(hashes, kind="stable")
        self._hashes, self._owners = hashes[order], owners[order]

    def __len__(self) -> int:
        return len(self._words)

    def near(self, word: str) -> list[str]:
        """The known words sharing a deletion variant with this one, alphabetically."""
        if not len(self._hashes) or len(word) > LONGEST:
            return []
        keys = np.array([_hash(v) for v in _variants(word)], dtype=np.uint64)
        lo = np.searchsorted(self._hashes, keys, side="left")
        hi = np.searchsorted(self._hashes, keys, side="right")
        ranks = {int(r) for a, b in zip(lo.tolist(), hi.tolist(), strict=True)
                 for r in self._owners[a:b].tolist()}
        return [self._words[r] for r in sorted(ranks)]

    def correct(self, word: str) -> str | None:
        """The known word this typo most likely meant, or None."""
        if len(word) < self.min_len or word.isdigit():
            return None
        choices = self.near(word)
        if not choices:
            return None
        found = process.extractOne(
            word, choices, scorer=fuzz.ratio, processor=None, score_cutoff=self.cutoff,
        )
        return found[0] if found else None

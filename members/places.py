"""Communes of the configured province (2025 map, from vietnam-provinces) and typed search."""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz
from vietnam_provinces import ProvinceCode, Ward

from core.database import Database
from faq.normalize import clean, fold

TYPE_PREFIXES = ("dac khu ", "phuong ", "xa ", "p ", "x ")
# What a person types to mean the whole province ("tỉnh", "toàn tỉnh"), folded.
PROVINCE_WORDS = frozenset(("tinh", "toan tinh", "ca tinh", "province"))
MAX_CHOICES = 5
COMMUNE_PAGE = MAX_CHOICES  # communes a screen of a pick list («Xem thêm» for the rest)
MIN_SCORE = 75
CLOSE_BEHIND = 12  # only list communes scoring close to the best one


@dataclass(frozen=True)
class Commune:
    """A commune or ward (xã, phường, đặc khu)."""

    code: str
    name: str
    folded: str

    @property
    def core(self) -> str:
        """The folded name without its type: "quang phu"."""
        return strip_type(self.folded)


def means_province(text: str) -> bool:
    """Whether the typed place is the whole province: "tỉnh", "toàn tỉnh", "cả tỉnh"."""
    return fold(text) in PROVINCE_WORDS


def strip_type(folded: str) -> str:
    for prefix in TYPE_PREFIXES:
        if folded.startswith(prefix):
            return folded[len(prefix):]
    return folded


def commune_code(ward_code: int) -> str:
    return f"{int(ward_code):05d}"


def province_communes(province_code: str) -> list[Commune]:
    """Every commune of the province, sorted by name."""
    wards = Ward.iter_by_province(ProvinceCode(int(province_code)))
    communes = [Commune(commune_code(w.code), w.name, fold(w.name)) for w in wards]
    return sorted(communes, key=lambda c: (c.core, c.folded))


async def sync_communes(db: Database, province_code: str) -> int:
    """Insert or refresh the province's communes (idempotent); returns how many there are."""
    communes = province_communes(province_code)
    async with db.transaction() as conn:
        await conn.executemany(
            "INSERT INTO communes (code, province_code, name, folded) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (code) DO UPDATE SET province_code = excluded.province_code,"
            " name = excluded.name, folded = excluded.folded",
            [(c.code, province_code, c.name, c.folded) for c in communes],
        )
    return len(communes)


class CommuneDirectory:
    """The province's communes in memory, searched by what a person types."""

    def __init__(self, province_code: str, province_name: str) -> None:
        self.province_code = province_code
        self.province_name = province_name
        self.communes = province_communes(province_code)
        self._by_code = {c.code: c for c in self.communes}
        self._by_name: dict[str, list[Commune]] = {}
        for commune in self.communes:
            for key in {commune.folded, commune.core}:
                self._by_name.setdefault(key, []).append(commune)

    def get(self, code: str | None) -> Commune | None:
        return self._by_code.get(code or "")

    def exact(self, text: str) -> Commune | None:
        """The one commune whose name (with or without "Xã"/"Phường") is exactly `text`."""
        folded = fold(text)
        if folded.isdigit():
            return self._by_code.get(commune_code(int(folded)))
        found = self._by_name.get(folded, [])
        return found[0] if len(found) == 1 else None

    def matches(self, text: str) -> list[Commune]:
        """Every commune `text` matches, best first (for a pick list that pages)."""
        return self.search(text, limit=len(self.communes))

    def search(self, text: str, limit: int = MAX_CHOICES) -> list[Commune]:
        """Best matches first: exact name, then all words present, then close spellings."""
        folded = fold(text)
        if not folded:
            return []
        if folded.isdigit():
            hit = self._by_code.get(commune_code(int(folded)))
            return [hit] if hit else []
        query = strip_type(folded)
        wanted_type = folded[: len(folded) - len(query)].strip()
        typed = clean(text)
        scored: list[tuple[float, Commune]] = []
        for commune in self.communes:
            score = _score(query, commune.core)
            if score >= MIN_SCORE and typed in clean(commune.name):
                score += 1  # the diacritics agree too: "quảng" prefers Quảng to Quang
            if wanted_type and not commune.folded.startswith(wanted_type):
                score -= 5
            if score >= MIN_SCORE:
                scored.append((score, commune))
        scored.sort(key=lambda pair: (-pair[0], pair[1].core))
        cutoff = scored[0][0] - CLOSE_BEHIND if scored else 0
        return [commune for score, commune in scored[:limit] if score >= cutoff]


def _score(query: str, core: str) -> float:
    if query == core:
        return 100.0
    words, core_words = query.split(), core.split()
    if all(w in core_words for w in words):
        starts = core_words[: len(words)] == words
        return 95.0 - (len(core_words) - len(words)) + (1.5 if starts else 0)
    if len(words) == len(core_words) and all(
        c.startswith(w) for w, c in zip(words, core_words, strict=True)
    ):
        return 90.0
    return fuzz.ratio(query, core)

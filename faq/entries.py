"""The knowledge base as the bot holds it: entries, themes, links and sources (frozen data)."""

from __future__ import annotations

from dataclasses import dataclass, field

from faq.analysis import TokenTable


@dataclass(frozen=True, slots=True)
class Link:
    """An official web page worth opening (also the shape of a source)."""

    title: str
    url: str


@dataclass(frozen=True, slots=True)
class Checked:
    """The month an entry's facts were last checked against official sources."""

    year: int
    month: int

    def __str__(self) -> str:
        return f"{self.month}/{self.year}"


@dataclass(frozen=True, slots=True)
class Entry:
    """One question-and-answer topic."""

    id: str
    title: str
    questions: tuple[str, ...]
    answer: str
    links: tuple[Link, ...] = ()
    related: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    theme: str = ""
    checked: Checked | None = None
    """None only for entries of hidden themes (greetings, thanks: no facts to check)."""
    sources: tuple[Link, ...] = ()
    """The official pages the answer's facts come from."""


@dataclass(frozen=True, slots=True)
class Theme:
    """A group of entries shown together when browsing (hidden themes are not shown)."""

    id: str
    title: str
    hidden: bool = False
    entry_ids: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class TextWords:
    """The words of some texts: text -> its row in a `TokenTable`."""

    rows: dict[str, int]
    table: TokenTable


@dataclass
class KnowledgeBase:
    """All entries and themes, in file order."""

    entries: list[Entry]
    themes: list[Theme]
    _by_id: dict[str, Entry] = field(init=False, repr=False)
    words: TextWords | None = field(default=None, init=False, repr=False, compare=False)
    """The words of the questions and titles as validation split them, for the index
    to reuse (`take_words`); None when the entries were not read by `check_knowledge_base`."""

    def __post_init__(self) -> None:
        self._by_id = {e.id: e for e in self.entries}

    def take_words(self) -> TextWords | None:
        """`words`, handed over once and then dropped (they are only needed to build the index)."""
        words, self.words = self.words, None
        return words

    def get(self, entry_id: str) -> Entry | None:
        return self._by_id.get(entry_id)

    def theme(self, theme_id: str) -> Theme | None:
        return next((t for t in self.themes if t.id == theme_id), None)

    def __len__(self) -> int:
        return len(self.entries)

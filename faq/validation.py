"""Validation of knowledge-base files: every problem, with the file, the entry and the reason.

`Checker` takes the parsed YAML of each file (see `faq.loading`) and builds the
entries and themes, collecting every problem instead of stopping at the first,
so `python -m faq validate` can list them all.
"""

from __future__ import annotations

import itertools
import re
from datetime import date
from functools import lru_cache
from urllib.parse import urlsplit

import numpy as np

from core.config_errors import ConfigError
from faq.analysis import TokenTable
from faq.entries import Checked, Entry, Link, TextWords, Theme

MAX_ANSWER_CHARS = 1500
_ID = re.compile(r"^[a-z0-9_]+(?:\.[a-z0-9_]+)*$")
_THEME_ID = re.compile(r"^[A-Za-z0-9_.-]+$")
_CHECKED = re.compile(r"^(\d{4})-(\d{1,2})$")
_ENTRY_KEYS = {
    "id", "title", "questions", "answer", "links", "related", "keywords", "checked", "sources",
}
_FILE_KEYS = {"theme", "title", "hidden", "entries"}


@lru_cache(maxsize=4096)  # knowledge bases cite the same few official pages again and again
def _valid_url(url: str) -> bool:
    parts = urlsplit(url)
    return (
        parts.scheme in ("http", "https")
        and bool(parts.netloc)
        and "." in parts.netloc
        and not any(c.isspace() for c in url)
    )


def _checked(value: object) -> Checked | None:
    """`2026-12` (or a date, when written in full) as a month, or None when it is not one."""
    if isinstance(value, date):
        return Checked(value.year, value.month)
    match = _CHECKED.match(value) if isinstance(value, str) else None
    if match is None or not 1 <= int(match[2]) <= 12:
        return None
    return Checked(int(match[1]), int(match[2]))


def _text_list(value: object) -> list[str] | None:
    """The value as a list of non-empty strings (stripped), or None when it is not one."""
    if not isinstance(value, list):
        return None
    out = []
    for v in value:
        if not isinstance(v, str):
            return None
        text = v.strip()
        if not text:
            return None
        out.append(text)
    return out


class Checker:
    """Collects every problem while building entries from parsed files."""

    def __init__(self) -> None:
        self.errors: list[ConfigError] = []
        self.entries: list[Entry] = []
        self.themes: list[Theme] = []
        self.where: dict[str, str] = {}  # entry id -> file

    def fail(self, file: str, entry: str | None, reason: str) -> None:
        self.errors.append(ConfigError(file, entry, reason))

    def add_file(self, file: str, stem: str, data: object) -> None:
        """The entries and theme of one parsed file (`file` as shown, `stem` its name)."""
        if not isinstance(data, dict):
            self.fail(file, None, "tệp phải là một bảng có theme, title, entries")
            return
        for key in sorted(set(map(str, data)) - _FILE_KEYS):
            self.fail(file, None, f"khóa lạ '{key}' (chỉ dùng {', '.join(sorted(_FILE_KEYS))})")
        theme_id, title = data.get("theme"), data.get("title")
        if not isinstance(theme_id, str) or not _THEME_ID.match(theme_id):
            self.fail(file, None, "thiếu 'theme' hoặc sai dạng (mã chủ đề không dấu, ví dụ vneid)")
            theme_id = stem
        elif any(t.id == theme_id for t in self.themes):
            self.fail(file, None, f"chủ đề '{theme_id}' đã có ở tệp khác")
        if not isinstance(title, str) or not title.strip():
            self.fail(file, None, "thiếu 'title' của chủ đề")
            title = theme_id
        hidden = data.get("hidden", False)
        if not isinstance(hidden, bool):
            self.fail(file, None, "'hidden' phải là true hoặc false")
            hidden = False
        raw_entries = data.get("entries")
        if not isinstance(raw_entries, list) or not raw_entries:
            self.fail(file, None, "thiếu 'entries' (danh sách các mục, không rỗng)")
            raw_entries = []
        ids = [
            e.id
            for e in (
                self._entry(file, theme_id, hidden, i, raw) for i, raw in enumerate(raw_entries)
            )
            if e is not None
        ]
        self.themes.append(Theme(theme_id, title.strip(), hidden, tuple(ids)))

    def _entry(
        self, file: str, theme: str, hidden: bool, index: int, raw: object,
    ) -> Entry | None:
        if not isinstance(raw, dict):
            self.fail(file, f"entries[{index}]", "mỗi mục phải là một bảng (id, title, ...)")
            return None
        entry_id = raw.get("id")
        if not isinstance(entry_id, str) or not entry_id.strip():
            self.fail(file, f"entries[{index}]", "thiếu trường bắt buộc 'id'")
            return None
        name = entry_id
        ok = True
        if not _ID.match(entry_id):
            self.fail(file, name, "id chỉ gồm chữ thường không dấu, số, _ và dấu chấm")
            ok = False
        if entry_id in self.where:
            self.fail(file, name, f"id trùng, đã có trong {self.where[entry_id]}")
            return None
        if raw.keys() - _ENTRY_KEYS:
            for key in sorted(set(map(str, raw)) - _ENTRY_KEYS):
                self.fail(
                    file, name, f"trường lạ '{key}' (chỉ dùng {', '.join(sorted(_ENTRY_KEYS))})",
                )
                ok = False
        title = raw.get("title")
        if not isinstance(title, str) or not title.strip():
            self.fail(file, name, "thiếu trường bắt buộc 'title'")
            ok = False
        questions = raw.get("questions")
        qs = None
        if questions is None:
            self.fail(file, name, "thiếu trường bắt buộc 'questions'")
            ok = False
        elif (qs := _text_list(questions)) is None:
            self.fail(file, name, "'questions' phải là danh sách các câu hỏi (chuỗi khác rỗng)")
            ok = False
        elif not qs:
            self.fail(file, name, "danh sách 'questions' rỗng: cần ít nhất một cách hỏi")
            ok = False
        answer = raw.get("answer")
        if not isinstance(answer, str) or not answer.strip():
            self.fail(file, name, "thiếu trường bắt buộc 'answer'")
            ok = False
        elif len(answer.strip()) > MAX_ANSWER_CHARS:
            self.fail(
                file, name,
                f"câu trả lời dài {len(answer.strip())} ký tự, tối đa {MAX_ANSWER_CHARS}",
            )
            ok = False
        links = self._links(file, name, raw.get("links", []))
        related = _text_list(raw.get("related", []) or [])
        if related is None:
            self.fail(file, name, "'related' phải là danh sách id của các mục khác")
            ok = False
        keywords = _text_list(raw.get("keywords", []) or [])
        if keywords is None:
            self.fail(file, name, "'keywords' phải là danh sách từ khóa (chuỗi)")
            ok = False
        checked, sources = self._provenance(file, name, hidden, raw)
        self.where[entry_id] = file
        if not ok or links is None or (not hidden and (checked is None or sources is None)):
            return None
        entry = Entry(
            id=entry_id,
            title=str(title).strip(),
            questions=tuple(qs or ()),
            answer=str(answer).strip(),
            links=links,
            related=tuple(related or ()),
            keywords=tuple(keywords or ()),
            theme=theme,
            checked=checked,
            sources=sources or (),
        )
        self.entries.append(entry)
        return entry

    def _provenance(
        self, file: str, name: str, hidden: bool, raw: dict,
    ) -> tuple[Checked | None, tuple[Link, ...] | None]:
        """`checked` (the month the facts were checked) and `sources` (official pages).

        Both are required, except in hidden themes (greetings and thanks state no facts).
        """
        checked: Checked | None = None
        value = raw.get("checked")
        if value is None:
            if not hidden:
                self.fail(
                    file, name, "thiếu trường bắt buộc 'checked' (tháng kiểm tra, ví dụ 2026-12)",
                )
        elif (checked := _checked(value)) is None:
            self.fail(file, name, f"'checked' phải là năm-tháng, ví dụ 2026-12 (đang là {value!r})")
        sources = raw.get("sources")
        if sources is None:
            if not hidden:
                self.fail(file, name, "thiếu trường bắt buộc 'sources' (các trang chính thức)")
            return checked, ()
        if isinstance(sources, list) and not sources and not hidden:
            self.fail(file, name, "'sources' rỗng: cần ít nhất một trang chính thức")
            return checked, None
        return checked, self._links(file, name, sources, "sources")

    def _links(
        self, file: str, name: str, raw: object, field: str = "links",
    ) -> tuple[Link, ...] | None:
        if raw is None:
            return ()
        if not isinstance(raw, list):
            self.fail(file, name, f"'{field}' phải là danh sách {{title, url}}")
            return None
        links: list[Link] = []
        for i, item in enumerate(raw):
            if not isinstance(item, dict) or set(item) - {"title", "url"}:
                self.fail(file, name, f"{field}[{i}] phải có đúng hai trường title và url")
                return None
            title, url = item.get("title"), item.get("url")
            if not isinstance(title, str) or not title.strip():
                self.fail(file, name, f"{field}[{i}] thiếu title")
                return None
            if not isinstance(url, str) or not _valid_url(url.strip()):
                self.fail(file, name, f"{field}[{i}] có địa chỉ không hợp lệ: {url!r}")
                return None
            links.append(Link(title.strip(), url.strip()))
        return tuple(links)

    def check_related(self) -> None:
        for entry in self.entries:
            file = self.where[entry.id]
            for other in entry.related:
                if other == entry.id:
                    self.fail(file, entry.id, "'related' không được trỏ tới chính nó")
                elif other not in self.where:
                    self.fail(file, entry.id, f"'related' trỏ tới id không tồn tại: {other}")

    def check_shared_questions(self) -> TextWords:
        """The same question under two entries can never be told apart.

        Returns the words of the questions and titles, which the index reuses.
        """
        texts = [(e, text) for e in self.entries for text in (*e.questions, e.title)]
        words = TokenTable.read([t for _, t in texts])
        shared: list[tuple[int, str]] = []
        for group in _same_folded(words):
            first = texts[group[0]][0].id
            shared.extend((i, first) for i in group[1:] if texts[i][0].id != first)
        for i, first in sorted(shared):
            entry, text = texts[i]
            self.fail(
                self.where[entry.id], entry.id,
                f"câu hỏi '{text}' trùng với một câu của mục {first}",
            )
        return TextWords(dict(zip((text for _, text in texts), itertools.count())), words)


_HASH_BASES = (0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F)


def _same_folded(table: TokenTable) -> list[list[int]]:
    """Groups of two or more texts (by number, in order) that fold to the same words.

    `fold` of every text, compared without building it: each text's folded words
    are hashed twice with numpy, and texts with equal hashes are compared word
    by word (so a collision costs time, never a wrong answer).
    """
    n_texts = len(table.lengths)
    if n_texts < 2:
        return []
    folded, numbers = table.vocabulary.folded_ids()
    ids, owner = table.ids, table.owner
    if "" in numbers:  # pragma: no cover - `fold` drops a word that folds to nothing
        keep = folded[ids] != numbers[""]
        ids, owner = ids[keep], owner[keep]
    lengths = np.bincount(owner, minlength=n_texts).astype(np.int64)
    starts = np.cumsum(lengths) - lengths
    place = np.arange(len(ids), dtype=np.int64) - starts[owner]
    word = folded[ids].astype(np.uint64) + np.uint64(1)
    signature = [lengths.astype(np.uint64)]
    for base in _HASH_BASES:
        powers = np.cumprod(np.full(int(lengths.max()) + 1, base, dtype=np.uint64))
        sums = np.concatenate([np.zeros(1, dtype=np.uint64), np.cumsum(word * powers[place])])
        signature.append(sums[starts + lengths] - sums[starts])
    order = np.lexsort(signature)
    ordered = np.stack(signature, axis=1)[order]
    boundary = np.flatnonzero(np.any(ordered[1:] != ordered[:-1], axis=1)) + 1
    bounds = np.concatenate([[0], boundary, [n_texts]])
    groups: list[list[int]] = []
    words = [table.vocabulary.tokens[t][0] for t in range(len(table.vocabulary.tokens))]
    text_starts = np.cumsum(table.lengths) - table.lengths
    for a, b in zip(bounds[:-1].tolist(), bounds[1:].tolist(), strict=True):
        if b - a < 2:
            continue
        same: dict[tuple[str, ...], list[int]] = {}
        for i in sorted(order[a:b].tolist()):
            start = int(text_starts[i])
            key = tuple(
                w for w in (words[t] for t in table.ids[start : start + table.lengths[i]].tolist())
                if w
            )
            same.setdefault(key, []).append(i)
        groups.extend(g for g in same.values() if len(g) > 1)
    groups.sort()
    return groups



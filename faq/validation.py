"""The knowledge base: YAML files of questions and answers, one file per theme.

`check_knowledge_base` reads a folder and reports every problem it finds (so
`python -m faq validate` can list them all); `load_knowledge_base` raises the
first one as a ConfigError naming the file, the entry id and the reason.
"""

from __future__ import annotations

import gc
import itertools
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import numpy as np
import yaml

from core.config_errors import ConfigError
from faq.analysis import TokenTable

MAX_ANSWER_CHARS = 1500
_ID = re.compile(r"^[a-z0-9_]+(?:\.[a-z0-9_]+)*$")
_THEME_ID = re.compile(r"^[A-Za-z0-9_.-]+$")
_ENTRY_KEYS = {"id", "title", "questions", "answer", "links", "related", "keywords"}
_FILE_KEYS = {"theme", "title", "hidden", "entries"}

try:  # the C loader is ten times faster; fall back to pure Python where libyaml is missing
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover
    _Loader = yaml.SafeLoader

_SIMPLE_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}" for name in ("null", "bool", "int", "float", "timestamp")
)
_NO_KEY = object()


class _Unusual(Exception):
    """A YAML feature the fast reader leaves to PyYAML's own constructor."""


def _fast_yaml(data: bytes) -> object:
    """A YAML document as PyYAML's safe loader builds it, from the parser's events.

    PyYAML composes a node tree and then walks it with generators; for a
    knowledge base (mappings, lists and strings) building the objects straight
    from the C parser's events is twice as fast. Anything beyond that (tags,
    anchors, merge keys, several documents, any error) raises `_Unusual`, and
    the caller reads the file the ordinary way, with PyYAML's own messages.
    """
    loader = _Loader(data)
    resolvers = loader.yaml_implicit_resolvers
    if None in resolvers or loader.yaml_path_resolvers:  # pragma: no cover - customised
        loader.dispose()
        raise _Unusual
    try:
        get = loader.get_event
        if not isinstance(get(), yaml.StreamStartEvent):  # pragma: no cover
            raise _Unusual
        event = get()
        if isinstance(event, yaml.StreamEndEvent):
            return None
        if not isinstance(event, yaml.DocumentStartEvent):  # pragma: no cover
            raise _Unusual
        stack: list[tuple[object, object]] = []
        container: dict | list | None = None
        key: object = _NO_KEY
        root: object = None
        scalar, mapping_start, sequence_start = (
            yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent,
        )
        ends = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
        while True:
            event = get()
            kind = type(event)
            if kind is scalar:
                if event.anchor is not None or event.tag is not None:
                    raise _Unusual
                value = event.value
                if event.implicit[0]:  # plain: may be a number, a boolean, null...
                    for tag, regexp in resolvers.get(value[:1], ()):
                        if regexp.match(value):
                            if tag not in _SIMPLE_TAGS:
                                raise _Unusual
                            value = loader.construct_object(yaml.ScalarNode(
                                tag, value, event.start_mark, event.end_mark, event.style,
                            ))
                            break
                obj: object = value
            elif kind is mapping_start or kind is sequence_start:
                if event.anchor is not None or event.tag is not None:
                    raise _Unusual
                stack.append((container, key))
                container, key = ({} if kind is mapping_start else []), _NO_KEY
                continue
            elif kind in ends:
                obj = container
                container, key = stack.pop()  # type: ignore[assignment]
            else:  # an alias, or the end of the document
                break
            if container is None:
                root = obj
            elif type(container) is list:
                container.append(obj)
            elif key is _NO_KEY:
                if obj == "<<" or not isinstance(obj, str | int | float | bool | None):
                    raise _Unusual  # a merge key, or a key PyYAML may refuse
                key = obj
            else:
                container[key] = obj  # type: ignore[index]
                key = _NO_KEY
        if not isinstance(event, yaml.DocumentEndEvent) or stack:
            raise _Unusual
        if not isinstance(get(), yaml.StreamEndEvent):
            raise _Unusual  # a second document: PyYAML says so
        return root
    except yaml.YAMLError as exc:
        raise _Unusual from exc
    finally:
        loader.dispose()


def read_yaml(path: Path) -> object:
    """A YAML file as PyYAML's (C) safe loader reads it (UTF-8 only), fast for plain data.

    libyaml checks the UTF-8 as it reads (more strictly than Python's codec); a
    file it refuses, or one marked as UTF-16, is decoded by Python, which raises
    UnicodeDecodeError when it is not UTF-8.
    """
    raw = path.read_bytes()
    if not raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return _fast_yaml(raw)
        except _Unusual:
            pass
    return yaml.load(raw.decode("utf-8"), Loader=_Loader)


@contextmanager
def no_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector during a bulk load (it rescans the whole heap)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@dataclass(frozen=True, slots=True)
class Link:
    """An official web page worth opening."""

    title: str
    url: str


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


@dataclass(frozen=True, slots=True)
class Theme:
    """A group of entries shown together when browsing (hidden themes are not shown)."""

    id: str
    title: str
    hidden: bool = False
    entry_ids: tuple[str, ...] = ()


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


def _valid_url(url: str) -> bool:
    parts = urlsplit(url)
    return (
        parts.scheme in ("http", "https")
        and bool(parts.netloc)
        and "." in parts.netloc
        and not any(c.isspace() for c in url)
    )


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


class _Checker:
    """Collects every problem while building entries from parsed files."""

    def __init__(self) -> None:
        self.errors: list[ConfigError] = []
        self.entries: list[Entry] = []
        self.themes: list[Theme] = []
        self.where: dict[str, str] = {}  # entry id -> file

    def fail(self, file: str, entry: str | None, reason: str) -> None:
        self.errors.append(ConfigError(file, entry, reason))

    def read_file(self, path: Path) -> None:
        file = display_path(path)
        try:
            data = read_yaml(path)
        except OSError as exc:
            self.fail(file, None, f"không đọc được tệp: {exc.strerror or exc}")
            return
        except UnicodeDecodeError:
            self.fail(file, None, "tệp không phải UTF-8")
            return
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            line = f"dòng {mark.line + 1}, cột {mark.column + 1}: " if mark is not None else ""
            problem = getattr(exc, "problem", None) or "không đọc được"
            self.fail(file, None, f"lỗi cú pháp YAML ở {line}{problem}")
            return
        if not isinstance(data, dict):
            self.fail(file, None, "tệp phải là một bảng có theme, title, entries")
            return
        for key in sorted(set(map(str, data)) - _FILE_KEYS):
            self.fail(file, None, f"khóa lạ '{key}' (chỉ dùng {', '.join(sorted(_FILE_KEYS))})")
        theme_id, title = data.get("theme"), data.get("title")
        if not isinstance(theme_id, str) or not _THEME_ID.match(theme_id):
            self.fail(file, None, "thiếu 'theme' hoặc sai dạng (mã chủ đề không dấu, ví dụ vneid)")
            theme_id = path.stem
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
            for e in (self._entry(file, theme_id, i, raw) for i, raw in enumerate(raw_entries))
            if e is not None
        ]
        self.themes.append(Theme(theme_id, title.strip(), hidden, tuple(ids)))

    def _entry(self, file: str, theme: str, index: int, raw: object) -> Entry | None:
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
        self.where[entry_id] = file
        if not ok or links is None:
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
        )
        self.entries.append(entry)
        return entry

    def _links(self, file: str, name: str, raw: object) -> tuple[Link, ...] | None:
        if raw is None:
            return ()
        if not isinstance(raw, list):
            self.fail(file, name, "'links' phải là danh sách {title, url}")
            return None
        links: list[Link] = []
        for i, item in enumerate(raw):
            if not isinstance(item, dict) or set(item) - {"title", "url"}:
                self.fail(file, name, f"links[{i}] phải có đúng hai trường title và url")
                return None
            title, url = item.get("title"), item.get("url")
            if not isinstance(title, str) or not title.strip():
                self.fail(file, name, f"links[{i}] thiếu title")
                return None
            if not isinstance(url, str) or not _valid_url(url.strip()):
                self.fail(file, name, f"links[{i}] có địa chỉ không hợp lệ: {url!r}")
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


@dataclass(frozen=True, slots=True)
class TextWords:
    """The words of some texts: text -> its row in a `TokenTable`."""

    rows: dict[str, int]
    table: TokenTable


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


def display_path(path: Path) -> str:
    """The path as an operator would type it: relative to the working folder when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def knowledge_base_files(folder: Path) -> list[Path]:
    """The YAML files of a knowledge-base folder, in name order."""
    return sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())


def check_knowledge_base(folder: Path) -> tuple[KnowledgeBase, list[ConfigError]]:
    """Read every file of a folder; return what could be read and every problem found."""
    checker = _Checker()
    if not folder.is_dir():
        checker.fail(display_path(folder), None, "không tìm thấy thư mục cơ sở tri thức")
        return KnowledgeBase([], []), checker.errors
    files = knowledge_base_files(folder)
    if not files:
        checker.fail(display_path(folder), None, "thư mục không có tệp .yaml nào")
    with no_gc():
        for path in files:
            checker.read_file(path)
        checker.check_related()
        words = checker.check_shared_questions()
    kb = KnowledgeBase(checker.entries, checker.themes)
    kb.words = words
    return kb, checker.errors


def load_knowledge_base(folder: Path) -> KnowledgeBase:
    """Load and validate a knowledge-base folder; raise the first problem as ConfigError."""
    kb, errors = check_knowledge_base(Path(folder))
    if errors:
        first = errors[0]
        if len(errors) > 1:
            more = f" (và {len(errors) - 1} lỗi khác: chạy python -m faq validate)"
            raise ConfigError(first.file, first.entry, first.reason + more)
        raise first
    return kb

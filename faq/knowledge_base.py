"""The knowledge base: YAML files of questions and answers, one file per theme.

`check_knowledge_base` reads a folder and reports every problem it finds (so
`python -m faq validate` can list them all); `load_knowledge_base` raises the
first one as a ConfigError naming the file, the entry id and the reason.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from core.config_errors import ConfigError
from faq.normalize import fold_many

MAX_ANSWER_CHARS = 1500
_ID = re.compile(r"^[a-z0-9_]+(?:\.[a-z0-9_]+)*$")
_THEME_ID = re.compile(r"^[A-Za-z0-9_.-]+$")
_ENTRY_KEYS = {"id", "title", "questions", "answer", "links", "related", "keywords"}
_FILE_KEYS = {"theme", "title", "hidden", "entries"}

try:  # the C loader is ten times faster; fall back to pure Python where libyaml is missing
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover
    _Loader = yaml.SafeLoader


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

    def __post_init__(self) -> None:
        self._by_id = {e.id: e for e in self.entries}

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
    """The value as a list of non-empty strings, or None when it is not one."""
    if not isinstance(value, list):
        return None
    if not all(isinstance(v, str) and v.strip() for v in value):
        return None
    return [v.strip() for v in value]


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
            data = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)
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
        for key in sorted(set(map(str, raw)) - _ENTRY_KEYS):
            self.fail(file, name, f"trường lạ '{key}' (chỉ dùng {', '.join(sorted(_ENTRY_KEYS))})")
            ok = False
        title = raw.get("title")
        if not isinstance(title, str) or not title.strip():
            self.fail(file, name, "thiếu trường bắt buộc 'title'")
            ok = False
        questions = raw.get("questions")
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
            questions=tuple(_text_list(questions) or ()),
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

    def check_shared_questions(self) -> None:
        """The same question under two entries can never be told apart."""
        texts = [(e, text) for e in self.entries for text in (*e.questions, e.title)]
        owner: dict[str, str] = {}
        for (entry, text), key in zip(texts, fold_many([t for _, t in texts]), strict=True):
            first = owner.setdefault(key, entry.id)
            if first != entry.id:
                self.fail(
                    self.where[entry.id], entry.id,
                    f"câu hỏi '{text}' trùng với một câu của mục {first}",
                )


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
        checker.check_shared_questions()
    return KnowledgeBase(checker.entries, checker.themes), checker.errors


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

"""Reading a knowledge-base folder from disk: YAML files, one per theme, in name order.

`check_knowledge_base` reads every file and reports every problem (so `python -m faq
validate` can list them all); `load_knowledge_base` raises the first one as a
ConfigError naming the file, the entry id and the reason.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import yaml

from core.config_errors import ConfigError
from faq.entries import KnowledgeBase
from faq.parse_cache import ParseCache, loader_name
from faq.validation import Checker

try:  # libyaml's loader is several times faster; the pure-Python one reads the same
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Loader = yaml.SafeLoader

Patch = Callable[[object], object]
"""Sees each parsed file before it is checked: the local edits of faq/curation."""


def parse_yaml(raw: bytes) -> object:
    """A YAML file's bytes as PyYAML's safe loader reads them; UnicodeDecodeError when not
    UTF-8."""
    return yaml.load(raw.decode("utf-8-sig"), Loader=_Loader)


def read_yaml(path: Path) -> object:
    """A YAML file as PyYAML's safe loader reads it; UnicodeDecodeError when not UTF-8."""
    return parse_yaml(path.read_bytes())


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


def display_path(path: Path) -> str:
    """The path as an operator would type it: relative to the working folder when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def knowledge_base_files(folder: Path) -> list[Path]:
    """The YAML files of a knowledge-base folder, in name order."""
    return sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())


def _read_into(
    checker: Checker, path: Path, read: Callable[[Path], object], patch: Patch | None = None,
) -> None:
    """Parse one file and hand it to the checker; a file that cannot be parsed is a problem."""
    file = display_path(path)
    try:
        data = read(path)
    except OSError as exc:
        checker.fail(file, None, f"không đọc được tệp: {exc.strerror or exc}")
        return
    except UnicodeDecodeError:
        checker.fail(file, None, "tệp không phải UTF-8")
        return
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f"dòng {mark.line + 1}, cột {mark.column + 1}: " if mark is not None else ""
        problem = getattr(exc, "problem", None) or "không đọc được"
        checker.fail(file, None, f"lỗi cú pháp YAML ở {line}{problem}")
        return
    checker.add_file(file, path.stem, data if patch is None else patch(data))


def check_knowledge_base(
    folder: Path, patch: Patch | None = None, cache: Path | None = None,
) -> tuple[KnowledgeBase, list[ConfigError]]:
    """Read every file of a folder (each through `patch`, if given); return what could be
    read and every problem found.

    With `cache` (a file, see `faq.parse_cache`), files unchanged since they were last
    read there are not parsed again.
    """
    checker = Checker()
    if not folder.is_dir():
        checker.fail(display_path(folder), None, "không tìm thấy thư mục cơ sở tri thức")
        return KnowledgeBase([], []), checker.errors
    files = knowledge_base_files(folder)
    if not files:
        checker.fail(display_path(folder), None, "thư mục không có tệp .yaml nào")
    parsed = ParseCache(cache, loader_name(_Loader), parse_yaml)
    size = sum(_size(path) for path in files)
    with no_gc():
        for path in files:
            _read_into(checker, path, lambda p: parsed.read(p, size), patch)
        parsed.save()
        checker.check_related()
        words = checker.check_shared_questions()
    kb = KnowledgeBase(checker.entries, checker.themes)
    kb.words = words
    return kb, checker.errors


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def load_knowledge_base(folder: Path, cache: Path | None = None) -> KnowledgeBase:
    """Load and validate a knowledge-base folder; raise the first problem as ConfigError."""
    kb, errors = check_knowledge_base(Path(folder), cache=cache)
    raise_first(errors)
    return kb


def raise_first(errors: list[ConfigError]) -> None:
    """Stop start-up on the first problem, saying how many more there are."""
    if errors:
        first = errors[0]
        if len(errors) > 1:
            more = f" (và {len(errors) - 1} lỗi khác: chạy python -m faq validate)"
            raise ConfigError(first.file, first.entry, first.reason + more)
        raise first

"""The parsed knowledge-base files, kept so that a restart does not parse unchanged YAML again.

PyYAML builds every value in Python, even behind libyaml's parser: about 1.8 s for a
10,000-entry knowledge base, most of the load. This cache keeps what the YAML loader
returned for each file in one JSON file (beside the bot's database), keyed by the SHA-256
of the file's bytes; `json` reads it back in C, ten times faster. The cached value is
exactly what the loader gave and goes through the same validation, so a file read from the
cache is judged as strictly as one parsed.

Only plain data is cached (mappings with text keys, lists, text, numbers, booleans, null,
dates; aliases are written out, loops and alias bombs are not); a file holding anything
else is parsed every time.
A cache that is missing, unreadable, corrupt, crafted, of another version or implausibly
large is ignored and written again; one that cannot be written is logged and left. Nothing
here raises beyond what parsing the YAML itself raises. The cache is as trusted as the
folder it lives in (whoever can write there can write the database beside it).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

import yaml

FORMAT = 1
FILE_NAME = "faq-parsed-kb.json"
"""The cache's name, in the folder of the bot's database (`beside`)."""
_DATE = "\0date"
"""The key of `{"\\0date": "2026-12-01"}`, a date in the JSON file (YAML text never has it
as a key unless crafted, and a file that does is simply not cached)."""
_SLACK = 1 << 20
"""How much larger than the YAML files themselves a cache may be before it is not read."""

log = logging.getLogger(__name__)


class _NotPlain(Exception):
    """The parsed value holds something JSON cannot give back as it was."""


class _Budget:
    """How many more values a walk may visit: a file of n bytes holds fewer than n plain
    values, so a walk past that is following aliases round a loop or a "billion laughs"."""

    def __init__(self, values: int) -> None:
        self.left = values

    def spend(self) -> None:
        self.left -= 1
        if self.left < 0:
            raise _NotPlain


def _dates(value: object, budget: _Budget) -> bool:
    """Whether a parsed value holds dates; raises _NotPlain for what cannot be cached.

    A node used twice (a YAML alias) is written out twice, as JSON has no aliases.
    """
    budget.spend()
    kind = type(value)
    if kind is str or kind is int or kind is bool or kind is float or value is None:
        return False
    if kind is date:
        return True
    if isinstance(value, list) and kind is list:
        return any([_dates(v, budget) for v in value])  # all of them: any may be not plain
    if isinstance(value, dict) and kind is dict:
        if any(type(k) is not str or k == _DATE for k in value):
            raise _NotPlain
        return any([_dates(v, budget) for v in value.values()])
    raise _NotPlain  # datetime, bytes, sets, ...


def _encode_date(value: object) -> object:
    if type(value) is date:
        return {_DATE: value.isoformat()}
    raise TypeError(type(value).__name__)


def _decode_dates(value: object) -> object:
    """The value with `{"\\0date": ...}` read back as dates; ValueError when one is not."""
    if isinstance(value, list):
        return [_decode_dates(v) for v in value]
    if isinstance(value, dict):
        if len(value) == 1 and _DATE in value:
            text = value[_DATE]
            if not isinstance(text, str):
                raise ValueError("not a date")
            return date.fromisoformat(text)
        return {k: _decode_dates(v) for k, v in value.items()}
    return value


class ParseCache:
    """Parsed YAML by the SHA-256 of the file; `read` parses what it does not hold."""

    def __init__(self, path: Path | None, loader: str, parse: Callable[[bytes], object]) -> None:
        """`loader` names the parser (a cache of another parser is not used); `parse` turns
        a file's bytes into its value (and raises what a bad file raises)."""
        self.path = path
        self.loader = loader
        self._parse = parse
        self._held: dict[str, dict[str, object]] = {}
        self._used: dict[str, dict[str, object]] = {}
        self._changed = False
        self._opened = False

    def _open(self, budget: int) -> None:
        """Read the cache file, if it is one this version wrote and not larger than `budget`."""
        self._opened = True
        if self.path is None:
            return
        try:
            if self.path.stat().st_size > budget:
                raise ValueError("larger than the files it would stand for")
            data = json.loads(self.path.read_bytes())
            if not (
                isinstance(data, dict) and data.get("format") == FORMAT
                and data.get("loader") == self.loader and isinstance(data.get("files"), dict)
            ):
                raise ValueError("another format")
        except FileNotFoundError:
            return
        except (OSError, ValueError, RecursionError, MemoryError) as exc:
            log.warning("knowledge-base parse cache %s not used (%s): parsing again",
                        self.path.name, type(exc).__name__)
            self._changed = True
            return
        self._held = {
            key: record for key, record in data["files"].items()
            if isinstance(record, dict) and "data" in record
            and isinstance(record.get("dates", False), bool)
        }

    def read(self, path: Path, budget: int = 0) -> object:
        """The parsed value of one file, from the cache when its bytes are unchanged.

        `budget`: the size of all the files about to be read (bounds the cache's size).
        """
        raw = path.read_bytes()
        if not self._opened:
            self._open(4 * max(budget, len(raw)) + _SLACK)
        key = hashlib.sha256(raw).hexdigest()
        record = self._held.get(key)
        if record is not None:
            try:
                value = _decode_dates(record["data"]) if record.get("dates") else record["data"]
            except (ValueError, RecursionError):
                value = None
                record = None
            if record is not None:
                self._used[key] = record
                return value
        value = self._parse(raw)
        self._changed = True
        with contextlib.suppress(_NotPlain, RecursionError):  # else parsed again next time
            self._used[key] = {"dates": _dates(value, _Budget(len(raw) + 1)), "data": value}
        return value

    def save(self) -> None:
        """Write the cache when it changed: only the files read since it was opened."""
        if self.path is None or not (self._changed or self._used.keys() != self._held.keys()):
            return
        body = {"format": FORMAT, "loader": self.loader, "files": self._used}
        tmp: str | None = None
        try:
            text = json.dumps(body, ensure_ascii=False, separators=(",", ":"),
                              default=_encode_date)
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=self.path.name, suffix=".tmp")
            with os.fdopen(fd, "wb") as out:
                out.write(text.encode("utf-8"))
            os.replace(tmp, self.path)  # whole or not at all, even with a reader beside
            tmp = None
        except (OSError, ValueError, TypeError, RecursionError) as exc:
            log.warning("knowledge-base parse cache %s not written (%s)",
                        self.path.name, type(exc).__name__)
        finally:
            if tmp is not None:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
        self._held, self._changed = dict(self._used), False


def beside(database: Path) -> Path | None:
    """Where the bot keeps the cache: next to its database (data/ by default); None for a
    database in memory."""
    if str(database) == ":memory:":
        return None
    return database.parent / FILE_NAME


def loader_name(loader: type) -> str:
    """The parser's name and version, as the cache records it."""
    return f"PyYAML {yaml.__version__} {loader.__name__}"


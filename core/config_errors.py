"""One error type for every invalid configuration or data file, naming where and what."""

from __future__ import annotations

import builtins
import difflib
from collections.abc import Iterable
from typing import Any


class ConfigError(Exception):
    """A configuration or knowledge-base file is invalid.

    The message always names the file, the entry (or key) and what is wrong, so an
    operator can fix it without reading code.
    """

    def __init__(self, file: str, entry: str | None, reason: str) -> None:
        self.file = file
        self.entry = entry
        self.reason = reason
        where = f"{file}: {entry}" if entry else file
        super().__init__(f"{where}: {reason}")


class SectionReader:
    """Typed access to one mapping of a YAML file, raising ConfigError on bad values."""

    def __init__(self, file: str, path: str, data: object) -> None:
        if data is None:
            data = {}
        if not isinstance(data, dict):
            raise ConfigError(file, path or None, "phải là một bảng khóa: giá trị (mapping)")
        self.file = file
        self.path = path
        self.data: dict[builtins.str, Any] = data

    def _key(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def fail(self, key: str, reason: str) -> ConfigError:
        return ConfigError(self.file, self._key(key), reason)

    def only(self, known: Iterable[builtins.str]) -> SectionReader:
        """Refuse a key this section does not have (a typo such as `anwser_threshold`),
        naming the nearest known key; returns the reader, so calls can be chained."""
        allowed = tuple(known)
        for key in self.data:
            if key in allowed:
                continue
            nearest = difflib.get_close_matches(builtins.str(key), allowed, n=1, cutoff=0.6)
            hint = (f"có phải là «{nearest[0]}»?" if nearest
                    else f"các khóa dùng được: {', '.join(allowed)}")
            raise self.fail(builtins.str(key), f"không có khóa này ({hint})")
        return self

    def item(self, key: builtins.str, index: int, value: object) -> SectionReader:
        """A reader for entry `index` of the list at `key` ("activity.services[2]")."""
        return SectionReader(self.file, f"{self._key(key)}[{index}]", value)

    def section(self, key: str) -> SectionReader:
        return SectionReader(self.file, self._key(key), self.data.get(key))

    def str(self, key: builtins.str, default: builtins.str | None = None, *,
            required: bool = False) -> builtins.str:
        """A text value; "" when it is absent, has no default and is not required."""
        value = self.optional_str(key, default)
        if value is None and required:
            raise self.fail(key, "thiếu giá trị bắt buộc")
        return value or ""

    def optional_str(self, key: builtins.str,
                     default: builtins.str | None = None) -> builtins.str | None:
        value = self.data.get(key, default)
        if value is not None and not isinstance(value, str):
            raise self.fail(key, f"phải là chuỗi, không phải {type(value).__name__}")
        return value

    def number(
        self, key: builtins.str, default: float, *, minimum: float | None = None,
        maximum: float | None = None,
    ) -> float:
        value = self.data.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.fail(key, f"phải là số, không phải {value!r}")
        if minimum is not None and value < minimum:
            raise self.fail(key, f"phải ≥ {minimum}, đang là {value}")
        if maximum is not None and value > maximum:
            raise self.fail(key, f"phải ≤ {maximum}, đang là {value}")
        return float(value)

    def int(
        self, key: builtins.str, default: int, *, minimum: int | None = None,
        maximum: int | None = None,
    ) -> int:
        value = self.data.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(key, f"phải là số nguyên, không phải {value!r}")
        if minimum is not None and value < minimum:
            raise self.fail(key, f"phải ≥ {minimum}, đang là {value}")
        if maximum is not None and value > maximum:
            raise self.fail(key, f"phải ≤ {maximum}, đang là {value}")
        return value

    def bool(self, key: builtins.str, default: bool) -> bool:
        value = self.data.get(key, default)
        if not isinstance(value, bool):
            raise self.fail(key, f"phải là true hoặc false, không phải {value!r}")
        return value

    def list(self, key: builtins.str) -> builtins.list[Any]:
        value = self.data.get(key, [])
        if value is None:
            return []
        if not isinstance(value, list):
            raise self.fail(key, "phải là một danh sách")
        return value

    def choice(self, key: builtins.str, default: builtins.str,
               choices: tuple[builtins.str, ...]) -> builtins.str:
        value = self.str(key, default)
        if value not in choices:
            raise self.fail(key, f"phải là một trong {', '.join(choices)}, không phải {value!r}")
        return value

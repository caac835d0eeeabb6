"""Reading config.yaml: YAML syntax errors and bad values name the file, the key and the problem."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from core.config_errors import ConfigError, SectionReader
from core.retention import RetentionSettings

PLATFORMS = ("telegram", "zalo", "console")


def load_yaml_file(path: Path) -> object:
    """Parse one YAML file; syntax errors become ConfigError with the line number."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(str(path), None, "không tìm thấy tệp") from None
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(str(path), None, f"không đọc được tệp: {error}") from None
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"dòng {mark.line + 1}, cột {mark.column + 1}" if mark else None
        problem = getattr(error, "problem", None) or str(error)
        raise ConfigError(str(path), where, f"lỗi cú pháp YAML: {problem}") from None


def load_config_reader(path: Path) -> SectionReader:
    """The whole config.yaml as a SectionReader; each module reads its own section."""
    return SectionReader(str(path), "", load_yaml_file(path))


def resolve_path(config_path: Path, value: str) -> Path:
    """Relative paths in config.yaml are relative to the file's folder."""
    candidate = Path(value).expanduser()
    return candidate if candidate.is_absolute() else config_path.parent / candidate


def secret_from_env(reader: SectionReader, key: str) -> str | None:
    """Read the environment variable whose name is at `key`; None when unset or empty."""
    name = reader.str(key)
    if not name:
        return None
    if not name.replace("_", "").isalnum():
        raise reader.fail(key, f"phải là tên biến môi trường, không phải {name!r}")
    return os.environ.get(name) or None


@dataclass(frozen=True)
class CoreSettings:
    """The `bot:` section: database, admins, logging."""

    database: Path
    admins: frozenset[tuple[str, str]]
    log_level: str
    retention: RetentionSettings = field(default_factory=RetentionSettings)

    @classmethod
    def from_config(cls, reader: SectionReader, config_path: Path) -> CoreSettings:
        reader.only(("database", "log_level", "admins", "retention"))
        database = reader.str("database", "data/bot.sqlite3")
        admins = set()
        for index, item in enumerate(reader.list("admins")):
            entry = reader.item("admins", index, item).only(("platform", "user_id"))
            platform = entry.choice("platform", "telegram", PLATFORMS)
            user_id = entry.data.get("user_id")
            if isinstance(user_id, bool) or not isinstance(user_id, str | int) or not str(user_id):
                raise entry.fail("user_id", "phải là mã người dùng (chuỗi hoặc số)")
            admins.add((platform, str(user_id)))
        log_level = reader.choice("log_level", "INFO", ("DEBUG", "INFO", "WARNING", "ERROR"))
        db_path = database if database == ":memory:" else str(resolve_path(config_path, database))
        retention = RetentionSettings.from_config(reader.section("retention"))
        return cls(Path(db_path), frozenset(admins), log_level, retention)

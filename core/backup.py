"""An online, consistent copy of the bot's database, taken while the bot runs.

    python -m core backup DEST [--config config.yaml] [--keep 14]

DEST is a folder (the copy is named bot-YYYYMMDD-HHMMSS.sqlite3 in UTC, and only the newest
`--keep` copies there are kept) or a file name ending in .sqlite3. SQLite's backup API copies
the pages under a read transaction, so the copy is a consistent snapshot even while the bot
writes; the copy is checked (`PRAGMA integrity_check`) before it counts.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

PREFIX = "bot-"
SUFFIX = ".sqlite3"
PAGES_PER_STEP = 4096  # copy in steps, so the bot's writers wait at most one step


class BackupFailed(Exception):
    """The copy could not be made or is not sound; str() says why."""


def backup(source: Path, dest: Path, *, keep: int = 14, now: datetime | None = None) -> Path:
    """Copy `source` to `dest` (a folder or a file); returns the copy's path."""
    if not source.is_file():
        raise BackupFailed(f"{source}: không có cơ sở dữ liệu ở đây")
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%d-%H%M%S")
    folder_given = dest.suffix != SUFFIX
    target = dest / f"{PREFIX}{stamp}{SUFFIX}" if folder_given else dest
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".part")
    try:
        src = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True, timeout=30)
        try:
            out = sqlite3.connect(partial)
            try:
                src.backup(out, pages=PAGES_PER_STEP)
                check = out.execute("PRAGMA integrity_check").fetchone()[0]
            finally:
                out.close()
        finally:
            src.close()
    except sqlite3.Error as error:
        partial.unlink(missing_ok=True)
        raise BackupFailed(f"{source} → {target}: {error}") from None
    if check != "ok":
        partial.unlink(missing_ok=True)
        raise BackupFailed(f"{target}: bản sao không toàn vẹn ({check})")
    partial.replace(target)
    if folder_given:
        prune(dest, keep)
    return target


def prune(folder: Path, keep: int) -> list[Path]:
    """Delete all but the newest `keep` copies this command made in `folder`."""
    copies = sorted(folder.glob(f"{PREFIX}*{SUFFIX}"))
    old = copies[:-keep] if keep > 0 else []
    for path in old:
        path.unlink()
    return old

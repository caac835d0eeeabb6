"""Publishing charts and exports for Zalo, which only sends pictures given by a public URL.

Files go into a folder that a web server publishes at `public_file_url` (the bot's own
webhook server does this in webhook mode). Names are long random strings, so nobody can
guess another person's file, and files are deleted after FILE_LIFETIME.
"""

from __future__ import annotations

import asyncio
import logging
import re
import secrets
import time
from pathlib import Path
from urllib.parse import quote

from core.model import OutgoingFile

log = logging.getLogger(__name__)

FILE_LIFETIME_HOURS = 24


class FilePublisher:
    """Writes a file into the published folder and returns its public URL."""

    def __init__(self, folder: Path, public_url: str,
                 lifetime_hours: float = FILE_LIFETIME_HOURS) -> None:
        self.folder = folder
        self.public_url = public_url.rstrip("/")
        self.lifetime_hours = lifetime_hours

    async def publish(self, file: OutgoingFile) -> str:
        return await asyncio.to_thread(self._publish, file)

    def _publish(self, file: OutgoingFile) -> str:
        self.folder.mkdir(parents=True, exist_ok=True)
        self._forget_old()
        name = f"{secrets.token_urlsafe(18)}-{safe_name(file.filename)}"
        partial = self.folder / f".{name}.part"
        partial.write_bytes(file.data)
        partial.replace(self.folder / name)
        return f"{self.public_url}/{quote(name)}"

    def _forget_old(self) -> None:
        oldest = time.time() - self.lifetime_hours * 3600
        for path in self.folder.iterdir():
            try:
                if path.is_file() and path.stat().st_mtime < oldest:
                    path.unlink()
            except OSError as error:
                log.warning("zalo: could not delete old published file %s: %s", path.name, error)


def safe_name(filename: str) -> str:
    """A file name made of URL-safe ASCII characters, keeping the extension."""
    stem, dot, suffix = Path(filename).name.rpartition(".")
    if not dot:
        stem, suffix = suffix, ""
    stem = re.sub(r"[^A-Za-z0-9_-]+", "_", stem).strip("_")[:60] or "tep"
    suffix = re.sub(r"[^A-Za-z0-9]+", "", suffix)[:8]
    return f"{stem}.{suffix}" if suffix else stem

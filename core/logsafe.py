"""Logging that never writes a token, a phone number, an ID number or a message text.

Two rules, at every log level:
- Libraries that write what people sent at DEBUG (python-telegram-bot logs whole updates and
  its Bot API URL with the token, aiosqlite logs every SQL statement with its parameters,
  httpx and tornado log URLs) are held at INFO, whatever `bot.log_level` says.
- Every line, traceback included, goes through `redact` before it is written: bot tokens,
  Vietnamese phone numbers and ID-like numbers are masked.
The bot's own log lines carry ids and counts only, never texts (a test scans a DEBUG run).
"""

from __future__ import annotations

import logging
import re
import sys
from typing import TextIO

QUIET_LIBRARIES = ("telegram", "httpx", "httpcore", "aiosqlite", "tornado", "aiohttp",
                   "asyncio", "matplotlib", "PIL", "openpyxl", "urllib3")
MASK = "•••"
_PATTERNS = (
    # A Telegram or Zalo bot token (digits, a colon, 30+ URL-safe characters).
    re.compile(r"\d{5,}:[A-Za-z0-9_-]{20,}"),
    # Vietnamese phone numbers: +84…, 84…, 0… (spaces, dots or dashes between digits).
    re.compile(r"(?<![\w])(?:\+?84|0)(?:[ .\-]?\d){8,11}(?!\d)"),
    # CCCD / CMND / BHXH numbers start with 0 too; any 9+ digit run starting with 0.
    re.compile(r"(?<!\d)0\d{8,}(?!\d)"),
)


def redact(text: str) -> str:
    for pattern in _PATTERNS:
        text = pattern.sub(MASK, text)
    return text


class RedactingFormatter(logging.Formatter):
    """A formatter whose whole output (message and traceback) is redacted."""

    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))


def configure_logging(level: str, stream: TextIO | None = None) -> None:
    """The bot's logging: `level` for its own modules, INFO at most for chatty libraries."""
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(RedactingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)
    floor = max(logging.INFO, logging.getLevelName(level))
    for name in QUIET_LIBRARIES:
        logging.getLogger(name).setLevel(floor)
    logging.getLogger("httpx").setLevel(max(logging.WARNING, floor))
    logging.getLogger(__name__).debug("debug logging on; %s held at INFO",
                                      ", ".join(QUIET_LIBRARIES))

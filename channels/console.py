"""The local console: read a line from stdin, print the replies. For trying the bot out."""

from __future__ import annotations

import asyncio
import logging
import sys
import threading
import uuid
from pathlib import Path
from typing import TextIO

from core.app import BotCore
from core.model import Chat, Reply, Sender, command_event
from core.render import numbered_texts

log = logging.getLogger(__name__)

PLATFORM = "console"
WELCOME = (
    "Trợ lý Tổ công nghệ số cộng đồng (bản thử trên máy). "
    "Gõ câu hỏi, /help xem lệnh, Ctrl-D để thoát."
)


class ConsoleChannel:
    """One local user talking to the bot through standard input and output."""

    platform = PLATFORM

    def __init__(
        self, core: BotCore, *, stdin: TextIO | None = None, stdout: TextIO | None = None,
        user_id: str = "local", display_name: str = "Người dùng thử", output_dir: Path,
    ) -> None:
        self.core = core
        self.stdin = stdin or sys.stdin
        self.stdout = stdout or sys.stdout
        self.sender = Sender(PLATFORM, user_id, display_name)
        self.chat = Chat(user_id)
        self.output_dir = output_dir
        self._run = uuid.uuid4().hex[:8]  # update ids are unique across runs on one database
        self._counter = 0

    async def run(self, stop: asyncio.Event) -> None:
        """Serve until end of input or until `stop` is set."""
        self.core.notifier.register(PLATFORM, self._deliver)
        interactive = self.stdin.isatty()
        if interactive:
            self._print(WELCOME)
        lines = self._read_lines_in_background()
        try:
            while True:
                if interactive:
                    self.stdout.write("> ")
                    self.stdout.flush()
                line = await _next_or_stop(lines, stop)
                if not line:
                    break
                text = line.rstrip("\r\n")
                if not text.strip():
                    continue
                self._counter += 1
                update_id = f"{self._run}-{self._counter}"
                msg = command_event(self.sender, self.chat, text, update_id=update_id)
                replies = await self.core.handle(msg, numbered_options=True)
                await self._deliver(self.chat.chat_id, replies)
        finally:
            self.core.notifier.unregister(PLATFORM)

    def _read_lines_in_background(self) -> asyncio.Queue[str]:
        """A daemon thread reads stdin, so a blocked read never holds up shutdown."""
        loop = asyncio.get_running_loop()
        queue: asyncio.Queue[str] = asyncio.Queue()

        def read() -> None:
            while True:
                line = self.stdin.readline()
                loop.call_soon_threadsafe(queue.put_nowait, line)
                if not line:
                    return

        threading.Thread(target=read, name="console-stdin", daemon=True).start()
        return queue

    async def _deliver(self, chat_id: str, replies: list[Reply] | tuple[Reply, ...]) -> None:
        for text in numbered_texts(replies):
            self._print(text)
        for reply in replies:
            for attachment in (reply.image, reply.file):
                if attachment is not None:
                    self.output_dir.mkdir(parents=True, exist_ok=True)
                    path = self.output_dir / attachment.filename
                    path.write_bytes(attachment.data)
                    self._print(f"📎 Đã lưu tệp: {path}")

    def _print(self, text: str) -> None:
        self.stdout.write(text + "\n\n")
        self.stdout.flush()


async def _next_or_stop(lines: asyncio.Queue[str], stop: asyncio.Event) -> str:
    """The next line, or "" (end) when stop is set first."""
    get = asyncio.ensure_future(lines.get())
    stopped = asyncio.ensure_future(stop.wait())
    done, pending = await asyncio.wait({get, stopped}, return_when=asyncio.FIRST_COMPLETED)
    for task in pending:
        task.cancel()
    return get.result() if get in done else ""

"""The local console: read a line from stdin, print the replies. For trying the bot out.

One terminal can play several people: `/la <tên>` switches who is typing (each name is its
own console account, user id = the name folded to a-z 0-9 and "-"), so a registration and
its approval can be tried end to end. Messages the bot sends to another console person
(an approval request, a result) are printed under a line saying whom they are for, and
their numbered options are kept for that person.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import re
import sys
import threading
import unicodedata
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from core.app import BotCore
from core.model import Chat, Reply, Sender, command_event
from core.render import numbered_texts

log = logging.getLogger(__name__)

PLATFORM = "console"
DEFAULT_USER_ID = "local"
DEFAULT_NAME = "Người dùng thử"
SWITCH_COMMANDS = ("la", "as")  # "/la Chị Lan": from now on, Chị Lan is typing
MAX_NAME_CHARS = 60

# What the console itself writes (a province can reword it here).
WELCOME = (
    "Trợ lý Tổ công nghệ số cộng đồng (bản thử trên máy). "
    "Gõ câu hỏi, /help xem lệnh, /la <tên> để đóng vai người khác, Ctrl-D để thoát."
)
NOW_TYPING = "👤 Đang gõ: {name} (console, mã {user_id})."
WHO_HINT = "Gõ /la <tên> để đổi người gõ, ví dụ /la Chị Lan; /la local để trở lại {default}."
PLAYED = "Đã đóng vai: {people}."
BAD_NAME = "Dạ, tên cần có chữ hoặc số, ví dụ /la Chị Lan."
MESSAGE_FOR = "📨 Tin gửi tới {name} (mã {user_id}):"


@dataclass(frozen=True)
class Person:
    """Someone played in the console: their account and their private chat."""

    sender: Sender
    chat: Chat

    @classmethod
    def named(cls, user_id: str, display_name: str) -> Person:
        return cls(Sender(PLATFORM, user_id, display_name), Chat(user_id))


def user_id_for(name: str) -> str:
    """A console user id from a typed name: "Chị Lan" → "chi-lan" ("" when nothing is left)."""
    decomposed = unicodedata.normalize("NFD", name.replace("đ", "d").replace("Đ", "D"))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-")


class ConsoleChannel:
    """Local people talking to the bot through standard input and output, one at a time."""

    platform = PLATFORM

    def __init__(
        self, core: BotCore, *, stdin: TextIO | None = None, stdout: TextIO | None = None,
        user_id: str = DEFAULT_USER_ID, display_name: str = DEFAULT_NAME, output_dir: Path,
    ) -> None:
        self.core = core
        self.stdin = stdin or sys.stdin
        self.stdout = stdout or sys.stdout
        self.person = Person.named(user_id, display_name)
        self.people: dict[str, Person] = {user_id: self.person}
        self.output_dir = output_dir
        self._run = uuid.uuid4().hex[:8]  # update ids are unique across runs on one database
        self._counter = 0
        self._input = hashlib.sha256()  # piped input: ids from the input so far (see run)

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
                    self.stdout.write(f"[{self.person.sender.display_name}] > ")
                    self.stdout.flush()
                line = await _next_or_stop(lines, stop)
                if not line:
                    break
                text = line.rstrip("\r\n")
                if not text.strip():
                    continue
                if self._switch(text):
                    continue
                self._counter += 1
                update_id = self._update_id(text, interactive)
                person = self.person
                msg = command_event(person.sender, person.chat, text, update_id=update_id)
                replies = await self.core.handle(msg, numbered_options=True)
                self._show(replies)
        finally:
            self.core.notifier.unregister(PLATFORM)

    def _update_id(self, text: str, interactive: bool) -> str:
        """Typed at a terminal, every line is new. Piped, a line's id is a digest of the
        input up to it: the same file piped again is a redelivery, answered again from what
        was stored, never saved twice (like a messenger redelivering after a crash)."""
        if interactive:
            return f"{self._run}-{self._counter}"
        self._input.update(text.encode("utf-8", "surrogatepass") + b"\n")
        return f"in-{self._input.hexdigest()[:24]}"

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

    def _switch(self, text: str) -> bool:
        """Handle "/la <tên>" (who is typing from now on); False for any other line."""
        head, _, rest = text.strip().partition(" ")
        if not head.startswith("/") or head[1:].lower() not in SWITCH_COMMANDS:
            return False
        name = " ".join(rest.split())[:MAX_NAME_CHARS]
        if not name:
            self._print(self._who())
            return True
        user_id = user_id_for(name)
        if not user_id:
            self._print(BAD_NAME)
            return True
        if user_id == DEFAULT_USER_ID:
            name = self.people.get(user_id, self.person).sender.display_name
        known = self.people.get(user_id)
        self.person = known or Person.named(user_id, name)
        self.people[user_id] = self.person
        self._print(NOW_TYPING.format(name=self.person.sender.display_name, user_id=user_id))
        return True

    def _who(self) -> str:
        sender = self.person.sender
        default = self.people.get(DEFAULT_USER_ID)
        lines = [
            NOW_TYPING.format(name=sender.display_name, user_id=sender.user_id),
            PLAYED.format(people=", ".join(
                f"{p.sender.display_name} ({p.sender.user_id})" for p in self.people.values())),
            WHO_HINT.format(default=default.sender.display_name if default else DEFAULT_NAME),
        ]
        return "\n".join(lines)

    async def _deliver(self, chat_id: str, replies: Sequence[Reply]) -> None:
        """For core.notifier: a message to a console person who did not just type."""
        person = self.people.get(chat_id) or Person.named(chat_id, chat_id)
        if person != self.person:
            self._print(MESSAGE_FOR.format(name=person.sender.display_name, user_id=chat_id))
        if any(reply.options for reply in replies):  # so that person can answer "1" later
            await self.core.remember_shown(PLATFORM, chat_id, chat_id, replies)
        self._show(replies)

    def _show(self, replies: Sequence[Reply]) -> None:
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

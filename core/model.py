"""The platform-neutral message model: what arrives from a messenger and what goes back."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from enum import Enum


class EventKind(Enum):
    """What a person did."""

    TEXT = "text"
    COMMAND = "command"
    BUTTON = "button"
    UNSUPPORTED = "unsupported"  # sticker, photo, voice... anything the bot cannot read


@dataclass(frozen=True)
class Sender:
    """Who sent an event: a platform account, not (yet) a team member."""

    platform: str
    user_id: str
    display_name: str = ""

    @property
    def key(self) -> tuple[str, str]:
        return (self.platform, self.user_id)


@dataclass(frozen=True)
class Chat:
    """Where an event happened."""

    chat_id: str
    is_group: bool = False


@dataclass(frozen=True)
class Attachment:
    """A file a person sent (a spreadsheet for bulk import, for instance)."""

    filename: str
    data: bytes


@dataclass(frozen=True)
class Incoming:
    """One event from a messenger, already translated by its adapter."""

    kind: EventKind
    sender: Sender
    chat: Chat
    text: str = ""
    command: str | None = None  # without the slash, lower case: "dangky"
    args: str = ""  # the rest of the command line
    payload: str | None = None  # the option a button press chose
    update_id: str | None = None  # the messenger's id, to handle each update at most once
    addressed_to_bot: bool = True  # in groups: mentions or replies to the bot
    attachment: Attachment | None = None

    @property
    def is_private(self) -> bool:
        return not self.chat.is_group


@dataclass(frozen=True)
class Option:
    """A choice offered to the person: a button on Telegram, a numbered line elsewhere."""

    label: str
    payload: str


@dataclass(frozen=True)
class OutgoingFile:
    """A file or picture to send with a reply."""

    filename: str
    data: bytes
    mime_type: str = "application/octet-stream"


@dataclass(frozen=True)
class Reply:
    """One message back to a person."""

    text: str = ""
    options: tuple[Option, ...] = ()
    image: OutgoingFile | None = None
    file: OutgoingFile | None = None
    links: tuple[tuple[str, str], ...] = field(default=())  # (title, url), rendered after text

    def with_options(self, options: list[Option] | tuple[Option, ...]) -> Reply:
        return Reply(self.text, tuple(options), self.image, self.file, self.links)


def command_event(
    sender: Sender, chat: Chat, text: str, *, update_id: str | None = None,
    addressed_to_bot: bool = True,
) -> Incoming:
    """Build an Incoming from raw text, recognising "/command args" (and "/command@botname")."""
    stripped = text.strip()
    if stripped.startswith("/") and len(stripped) > 1:
        head, _, rest = stripped[1:].partition(" ")
        name = head.split("@", 1)[0].lower()
        if name and all(c.isascii() and (c.isalnum() or c == "_") for c in name):
            return Incoming(
                EventKind.COMMAND, sender, chat, text=stripped, command=name,
                args=rest.strip(), update_id=update_id, addressed_to_bot=addressed_to_bot,
            )
    return Incoming(
        EventKind.TEXT, sender, chat, text=text, update_id=update_id,
        addressed_to_bot=addressed_to_bot,
    )


_LONE_SURROGATE = re.compile(r"[\ud800-\udfff]")


def _clean(text: str) -> str:
    return _LONE_SURROGATE.sub("\ufffd", text)


def without_lone_surrogates(msg: Incoming) -> Incoming:
    """A messenger can deliver half of an emoji (a lone UTF-16 surrogate), which SQLite and
    every encoder refuse: it becomes U+FFFD before anything else sees the message."""
    fields = (msg.text, msg.args, msg.payload or "", msg.sender.display_name)
    if not any(_LONE_SURROGATE.search(f) for f in fields):
        return msg
    return replace(
        msg, text=_clean(msg.text), args=_clean(msg.args),
        payload=None if msg.payload is None else _clean(msg.payload),
        sender=replace(msg.sender, display_name=_clean(msg.sender.display_name)))

"""A test kit: talk to the core like a person would, without any messenger.

    chat = Conversation(core, user_id="lan")
    replies = await chat.say("quen mat khau vneid")
    replies = await chat.press("Hữu ích 👍")
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from core.app import BotCore
from core.model import Attachment, Chat, EventKind, Incoming, Option, Reply, Sender, command_event
from core.render import numbered_texts

_update_ids = itertools.count(1)


class Conversation:
    """One person in one chat. `buttons=False` behaves like Zalo and the console."""

    def __init__(
        self, core: BotCore, *, platform: str = "test", user_id: str = "u1",
        display_name: str = "Lan", chat_id: str | None = None, group: bool = False,
        buttons: bool = True,
    ) -> None:
        self.core = core
        self.sender = Sender(platform, user_id, display_name)
        self.chat = Chat(chat_id or user_id, is_group=group)
        self.buttons = buttons
        self.last: list[Reply] = []

    async def say(self, text: str, *, update_id: str | None = None,
                  addressed_to_bot: bool = True) -> list[Reply]:
        """Send text (or "/command args"); returns and remembers the replies."""
        update_id = update_id or f"t{next(_update_ids)}"
        msg = command_event(self.sender, self.chat, text, update_id=update_id,
                            addressed_to_bot=addressed_to_bot)
        return await self.send(msg)

    async def send_file(self, filename: str, data: bytes, caption: str = "") -> list[Reply]:
        msg = Incoming(
            EventKind.TEXT, self.sender, self.chat, text=caption,
            update_id=f"t{next(_update_ids)}", attachment=Attachment(filename, data),
        )
        return await self.send(msg)

    async def press(self, choice: str | int) -> list[Reply]:
        """Press the option whose label contains `choice` (or the 1-based number)."""
        option = self.find_option(choice)
        if not self.buttons:
            number = self.options.index(option) + 1
            return await self.say(str(number))
        msg = Incoming(
            EventKind.BUTTON, self.sender, self.chat, payload=option.payload,
            update_id=f"t{next(_update_ids)}",
        )
        return await self.send(msg)

    async def send(self, msg: Incoming) -> list[Reply]:
        self.last = await self.core.handle(msg, numbered_options=not self.buttons)
        return self.last

    @property
    def options(self) -> list[Option]:
        return [option for reply in self.last for option in reply.options]

    @property
    def text(self) -> str:
        """Everything the person would read, as the console shows it."""
        return "\n\n".join(numbered_texts(self.last))

    def find_option(self, choice: str | int) -> Option:
        options = self.options
        if isinstance(choice, int):
            return options[choice - 1]
        matches = [o for o in options if choice.lower() in o.label.lower()]
        if not matches:
            labels = ", ".join(o.label for o in options) or "none"
            raise AssertionError(f"no option like {choice!r}; options: {labels}")
        return matches[0]


def texts_of(replies: Sequence[Reply]) -> str:
    return "\n".join(reply.text for reply in replies)

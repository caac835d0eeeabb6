"""Translating Zalo updates into Incoming events, and long texts into Zalo-sized messages.

Sources disagree on some details, so both forms are accepted:
- a webhook body may be the update itself or wrapped in {"ok": true, "result": update};
- getUpdates may return one update or a list;
- the sender's name is `display_name` (webhook docs) or `first_name` (getUpdates sample).
There is no update_id: the message_id is what makes an update unique.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from typing import Any

from channels.split import split_text as split_pieces
from channels.split import utf16_units
from core.model import Chat, EventKind, Incoming, Sender, command_event

PLATFORM = "zalo"
TEXT_EVENT = "message.text.received"
MAX_TEXT = 2000  # sendMessage accepts 1-2,000 characters (UTF-16 units: an emoji counts two)
NAME_FIELDS = ("display_name", "first_name", "name")
BOT_NAME_FIELDS = ("display_name", "name", "first_name", "account_name", "username")
# Zalo Bot Creator makes every bot's name start with "Bot", so a mention reads "@Bot…".
ANY_BOT_MENTION = re.compile(r"(?<![\w@])@bot\S*", re.IGNORECASE)


def updates_from(body: object) -> list[dict[str, Any]]:
    """The updates in a getUpdates result or a webhook body, whichever form it takes."""
    if isinstance(body, dict) and "result" in body and not _looks_like_update(body):
        body = body["result"]
    items = body if isinstance(body, list) else [body]
    return [item for item in items if isinstance(item, dict) and _looks_like_update(item)]


def _looks_like_update(item: dict[str, Any]) -> bool:
    return "message" in item or "event_name" in item


def bot_names(me: object) -> tuple[str, ...]:
    """The names people may use to mention the bot, from getMe's result."""
    if not isinstance(me, dict):
        return ()
    names = (me.get(key) for key in BOT_NAME_FIELDS)
    return tuple(name.strip() for name in names if isinstance(name, str) and name.strip())


def to_incoming(update: dict[str, Any], names: Iterable[str] = ()) -> Incoming | None:
    """One update as an Incoming; None for what is not a person's message (bots, unknown)."""
    message = update.get("message")
    if not isinstance(message, dict):
        return None
    sender_data: dict[str, Any] = _mapping(message.get("from"))
    chat_data: dict[str, Any] = _mapping(message.get("chat"))
    user_id = _id(sender_data.get("id"))
    chat_id = _id(chat_data.get("id")) or user_id
    if user_id is None or chat_id is None or sender_data.get("is_bot") is True:
        return None
    name = next((sender_data[k].strip() for k in NAME_FIELDS
                 if isinstance(sender_data.get(k), str) and sender_data[k].strip()), "")
    is_group = str(chat_data.get("chat_type", "")).upper() == "GROUP"
    sender = Sender(PLATFORM, user_id, name)
    chat = Chat(chat_id, is_group=is_group)
    message_id = _id(message.get("message_id")) or _content_id(message)
    event = update.get("event_name")
    text = message.get("text")
    if isinstance(text, str) and event in (TEXT_EVENT, None):
        addressed = True
        if is_group:
            addressed, text = strip_mention(text, names)
        return command_event(sender, chat, text, update_id=message_id, addressed_to_bot=addressed)
    if isinstance(event, str) and event.startswith("message."):
        # image, sticker, voice, unsupported (and any future kind): ask for text instead,
        # but not in a group, where nobody asked the bot anything.
        return Incoming(EventKind.UNSUPPORTED, sender, chat, update_id=message_id,
                        addressed_to_bot=not is_group)
    return None


def _content_id(message: dict[str, Any]) -> str:
    """An update without message_id is known by its content (sender, chat, time, text), so
    the same update delivered again is still recognised."""
    canonical = json.dumps(message, sort_keys=True, ensure_ascii=False, default=str)
    return "h-" + hashlib.sha256(canonical.encode("utf-8", "surrogatepass")).hexdigest()[:24]


def _id(value: object) -> str | None:
    if isinstance(value, bool) or not isinstance(value, str | int):
        return None
    text = str(value).strip()
    return text or None


def strip_mention(text: str, names: Iterable[str]) -> tuple[bool, str]:
    """(whether the text mentions the bot, the text without the mention)."""
    for name in sorted(set(names), key=len, reverse=True):
        pattern = re.compile(r"(?<![\w@])@" + re.escape(name) + r"(?!\w)", re.IGNORECASE)
        if pattern.search(text):
            return True, _tidy(pattern.sub(" ", text))
    match = ANY_BOT_MENTION.search(text)
    if match:
        return True, _tidy(text[:match.start()] + " " + text[match.end():])
    return False, text


def _tidy(text: str) -> str:
    return re.sub(r"[ \t]{2,}", " ", text).strip(" \t,:")


def split_text(text: str, limit: int = MAX_TEXT) -> list[str]:
    """Pieces of at most `limit` UTF-16 units, as Zalo counts them (channels/split.py);
    blank pieces are dropped (Zalo refuses them)."""
    return split_pieces(text, limit, utf16_units)


def _mapping(value: object) -> dict[str, Any]:
    """`value` when it is a JSON object, else an empty one."""
    return value if isinstance(value, dict) else {}

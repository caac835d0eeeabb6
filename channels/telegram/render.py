"""Rendering core Replies as Telegram messages: text split at paragraphs (channels/split.py),
inline keyboards, photos and documents."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from telegram import (
    Bot,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputFile,
    LinkPreviewOptions,
    Message,
    ReplyParameters,
)
from telegram.constants import InlineKeyboardButtonLimit, MessageLimit

from channels.split import split_text as split_pieces
from channels.split import utf16_units
from channels.telegram import texts
from core.model import Option, OutgoingFile, Reply
from core.render import body_text

log = logging.getLogger(__name__)

MAX_TEXT = MessageLimit.MAX_TEXT_LENGTH
MAX_CAPTION = MessageLimit.CAPTION_LENGTH
MAX_CALLBACK_BYTES = InlineKeyboardButtonLimit.MAX_CALLBACK_DATA
SHORT_LABEL = 16  # labels this short ("Hữu ích 👍") share a row, two by two
NO_PREVIEW = LinkPreviewOptions(is_disabled=True)


def telegram_length(text: str) -> int:
    """Telegram counts message length in UTF-16 code units (an emoji counts two)."""
    return utf16_units(text)


def split_text(text: str, limit: int = MAX_TEXT) -> list[str]:
    """Pieces of at most `limit` UTF-16 units (channels/split.py)."""
    return split_pieces(text, limit, utf16_units)


def keyboard(options: Sequence[Option]) -> InlineKeyboardMarkup | None:
    """One button per row; consecutive short labels share a row, two by two.

    Telegram refuses callback data over 64 bytes, so such an option is logged and left out.
    """
    rows: list[list[InlineKeyboardButton]] = []
    short_row_open = False
    for option in options:
        if len(option.payload.encode("utf-8")) > MAX_CALLBACK_BYTES:
            log.warning("option dropped: payload %r… is over %d bytes",
                        option.payload[:16], MAX_CALLBACK_BYTES)
            continue
        button = InlineKeyboardButton(option.label, callback_data=option.payload)
        short = len(option.label) <= SHORT_LABEL
        if short and short_row_open:
            rows[-1].append(button)
            short_row_open = False
        else:
            rows.append([button])
            short_row_open = short
    return InlineKeyboardMarkup(rows) if rows else None


async def send_replies(bot: Bot, chat_id: int | str, replies: Sequence[Reply], *,
                       reply_to: int | None = None) -> list[Message]:
    """Send each reply in order; `reply_to` quotes the person's message (used in groups)."""
    sent: list[Message] = []
    for reply in replies:
        quote = reply_to if not sent else None
        sent.extend(await send_reply(bot, chat_id, reply, reply_to=quote))
    return sent


async def send_reply(bot: Bot, chat_id: int | str, reply: Reply, *,
                     reply_to: int | None = None) -> list[Message]:
    """One Reply: its text (split if long), then its picture and file; the buttons go on the
    last message. A short text becomes the caption of the picture or file."""
    text = body_text(reply)
    markup = keyboard(reply.options)
    uploads: list[tuple[str, OutgoingFile]] = [
        (kind, file) for kind, file in (("photo", reply.image), ("document", reply.file))
        if file is not None
    ]
    caption = ""
    if uploads and telegram_length(text) <= MAX_CAPTION:
        caption, text = text, ""
    chunks = split_text(text)
    if not chunks and not uploads and markup is not None:
        chunks = [texts.CHOOSE]
    steps = len(chunks) + len(uploads)
    sent: list[Message] = []
    quote = ReplyParameters(reply_to, allow_sending_without_reply=True) if reply_to else None
    for chunk in chunks:
        buttons = markup if len(sent) == steps - 1 else None
        sent.append(await bot.send_message(
            chat_id, chunk, reply_markup=buttons, link_preview_options=NO_PREVIEW,
            reply_parameters=quote if not sent else None,
        ))
    for kind, file in uploads:
        buttons = markup if len(sent) == steps - 1 else None
        upload = InputFile(file.data, filename=file.filename)
        common: dict[str, Any] = {"caption": caption or None, "reply_markup": buttons,
                  "reply_parameters": quote if not sent else None}
        caption = ""
        if kind == "photo":
            sent.append(await bot.send_photo(chat_id, upload, **common))
        else:
            sent.append(await bot.send_document(chat_id, upload, **common))
    return sent

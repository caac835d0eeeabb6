"""Rendering replies as plain text for messengers without buttons (Zalo, console)."""

from __future__ import annotations

from collections.abc import Iterable

from core.model import Reply
from core.texts import CHOOSE_HINT


def links_text(reply: Reply) -> str:
    """The reply's links as lines "🔗 title: url"."""
    return "\n".join(f"🔗 {title}: {url}" for title, url in reply.links)


def body_text(reply: Reply) -> str:
    """Text plus links, without options."""
    parts = [part for part in (reply.text, links_text(reply)) if part]
    return "\n\n".join(parts)


def numbered_texts(replies: Iterable[Reply]) -> list[str]:
    """Each reply as text, its options numbered on from the previous reply's, as the core
    maps a typed number back to the options of the whole batch in this order."""
    texts = []
    number = 0
    for reply in replies:
        lines = [body_text(reply)] if body_text(reply) else []
        if reply.options:
            option_lines = []
            for option in reply.options:
                number += 1
                option_lines.append(f"{number}. {option.label}")
            lines.append("\n".join(option_lines))
        if lines:
            texts.append("\n\n".join(lines))
    if number:
        texts[-1] = f"{texts[-1]}\n({CHOOSE_HINT})"
    return texts

"""The one rule for lists longer than a screen: a page of them, and «Xem thêm» while more
are left. Buttons and numbered lists alike (on Zalo and the console «Xem thêm» is a number)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from core import texts
from core.model import Option

T = TypeVar("T")
TYPED_CHARS = 30  # of a typed search kept in a «Xem thêm» payload (Telegram: 64 bytes)


@dataclass(frozen=True)
class Page(Generic[T]):
    """One screen of a list, and where the next screen starts (None on the last)."""

    items: list[T]
    next_offset: int | None

    @classmethod
    def of(cls, items: Sequence[T], offset: int, size: int) -> Page[T]:
        """The screen of `items` that starts at `offset`."""
        offset = max(0, offset)
        end = offset + size
        return cls(list(items[offset:end]), end if end < len(items) else None)

    @classmethod
    def fetched(cls, rows: Sequence[T], offset: int, size: int) -> Page[T]:
        """The screen from rows read at `offset` with a limit of `size + 1` (the extra row
        only says that more are left)."""
        return cls(list(rows[:size]), offset + size if len(rows) > size else None)

    def more(self, payload_for: Callable[[int], str]) -> tuple[Option, ...]:
        """«Xem thêm» answering `payload_for(next offset)`, or nothing on the last screen."""
        if self.next_offset is None:
            return ()
        return (Option(texts.MORE, payload_for(self.next_offset)),)

"""Entries whose facts have not been checked for a while (their `checked:` month)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from faq.knowledge_base import Entry


@dataclass(frozen=True)
class StaleEntry:
    entry: Entry
    months: int  # since its `checked:` month


def months_between(year: int, month: int, today: date) -> int:
    return (today.year - year) * 12 + today.month - month


def stale_entries(entries: Iterable[Entry], today: date, after_months: int) -> list[StaleEntry]:
    """The served entries checked more than `after_months` months before `today`, the
    longest unchecked first. Entries without `checked:` (small talk, in hidden themes: the
    validator asks it of every other entry) state no facts to check again."""
    found = []
    for entry in entries:
        checked = getattr(entry, "checked", None)
        if checked is None:
            continue
        months = months_between(checked.year, checked.month, today)
        if months > after_months:
            found.append(StaleEntry(entry, months))
    return sorted(found, key=lambda s: (-s.months, s.entry.id))

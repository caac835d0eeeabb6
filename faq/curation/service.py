"""Changing the served knowledge base: validate the merged result, save with history, swap.

Every change (an edit, a new entry, an added phrasing, switching off, an undo) goes
through `commit`: one at a time in this process, checked against the entry's version
(someone else saved meanwhile: a Conflict, nothing written), validated by building the
whole merged knowledge base exactly as start-up does (a problem: nothing written, the old
one keeps serving), then saved with its history row in one transaction and swapped in.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from core.config_errors import ConfigError
from faq.curation.overlay import EntryState
from faq.curation.store import Author, Change, Conflict, CurationStore
from faq.knowledge_base import Entry
from faq.service import FaqService

log = logging.getLogger(__name__)
AfterChange = Callable[[str, bool], Awaitable[object]]


@dataclass(frozen=True)
class Outcome:
    """What became of a change: saved (change_id), refused (errors) or a conflict."""

    change_id: int | None = None
    errors: list[str] = field(default_factory=list)
    conflict: Conflict | None = None

    @property
    def ok(self) -> bool:
        return self.change_id is not None


def raw_fields(entry: Entry) -> dict[str, Any]:
    """An entry's editable fields shaped as in the YAML files."""
    fields: dict[str, Any] = {
        "title": entry.title, "answer": entry.answer,
        "links": [{"title": link.title, "url": link.url} for link in entry.links],
        "related": list(entry.related), "keywords": list(entry.keywords),
    }
    checked = getattr(entry, "checked", None)
    if checked is not None:
        fields["checked"] = f"{checked.year}-{checked.month:02d}"
    sources = getattr(entry, "sources", None)
    if sources:
        fields["sources"] = [{"title": s.title, "url": s.url} for s in sources]
    return fields


class CurationService:
    def __init__(self, faq: FaqService, store: CurationStore) -> None:
        self.faq = faq
        self.store = store
        self.after_change: AfterChange | None = None
        """Called after a saved change with (entry id, whether its answer changed)."""
        self._lock = asyncio.Lock()

    def version(self, entry_id: str) -> int:
        return self.faq.overlay.version(entry_id)

    def state(self, entry_id: str) -> EntryState:
        return self.faq.overlay.state(entry_id)

    async def commit(
        self, entry_id: str, after: EntryState | None, *, action: str, author: Author,
        expected_version: int | None = None, note: str = "", undoes: int | None = None,
    ) -> Outcome:
        """Validate and save one entry's new overlay state; None: back to as shipped."""
        async with self._lock:
            overlay = await self.store.overlay()
            version = overlay.version(entry_id)
            if expected_version is not None and version != expected_version:
                last = await self.store.last_change(entry_id)
                return Outcome(conflict=Conflict(
                    version, (last.author_name or last.author) if last else "",
                    last.created_at if last else "",
                ))
            before_answer = _answer_of(self.faq, entry_id)
            candidate = overlay.replaced(entry_id, after)
            loop = asyncio.get_running_loop()
            try:
                kb, matcher = await loop.run_in_executor(None, self.faq.build, candidate)
            except ConfigError as error:
                log.info("knowledge-base change to %s refused: %s", entry_id, error.reason)
                return Outcome(errors=[_readable(error)])
            saved = await self.store.save(
                entry_id, after, action=action, author=author, expected_version=version,
                note=note, undoes=undoes,
            )
            if isinstance(saved, Conflict):  # another process saved between read and write
                return Outcome(conflict=saved)
            versions = {**overlay.versions, entry_id: version + 1}
            self.faq.install(kb, matcher, type(candidate)(candidate.states, versions))
            log.info("knowledge base: %s %s (change %d)", action, entry_id, saved)
        entry = kb.get(entry_id)
        if self.after_change is not None and entry is not None:
            try:
                await self.after_change(entry_id, entry.answer != before_answer)
            except Exception:
                log.exception("follow-up after change %d failed", saved)
        return Outcome(change_id=saved)

    async def undo(self, change_id: int, author: Author) -> Outcome:
        """Put the entry back as it was before `change_id`, if nothing changed it since."""
        change = await self.store.change(change_id)
        if change is None:
            return Outcome(errors=["không có thay đổi này"])
        if change.undone_by is not None:
            return Outcome(errors=[f"thay đổi #{change_id} đã được hoàn tác"])
        last = _standing(await self.store.history(change.entry_id, limit=200))
        if last is not None and last.id != change.id:
            return Outcome(errors=[
                f"mục {change.entry_id} đã được sửa tiếp sau đó (#{last.id}); "
                f"hoàn tác #{last.id} trước",
            ])
        version = (await self.store.overlay()).version(change.entry_id)
        return await self.commit(
            change.entry_id, change.before, action="undo", author=author,
            expected_version=version, note=f"hoàn tác #{change_id}", undoes=change_id,
        )

    async def history(self, entry_id: str | None = None, limit: int = 10) -> list[Change]:
        return await self.store.history(entry_id, limit)


def _standing(changes: list[Change]) -> Change | None:
    """The newest change still in force (newest first in `changes`): a change and the undo
    that cancelled it are passed over, so after undoing #3, #2 can be undone next."""
    cancelled: set[int] = set()
    for change in changes:
        if change.id in cancelled:
            continue
        if change.action == "undo" and change.undoes is not None:
            cancelled.add(change.undoes)
            continue
        return change
    return None


def _answer_of(faq: FaqService, entry_id: str) -> str | None:
    entry = faq.kb.get(entry_id)
    return entry.answer if entry is not None else None


def _readable(error: ConfigError) -> str:
    """The validator's message without the file part (the editor never sees files)."""
    return f"{error.entry}: {error.reason}" if error.entry else error.reason

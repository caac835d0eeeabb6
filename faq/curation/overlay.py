"""Local edits of the knowledge base, as patches merged into the parsed YAML at load.

A patch never rewrites a shipped file: it replaces some fields of one entry, adds phrasings,
switches the entry off, or is a whole new entry placed in a theme. The merge works on the
parsed YAML (plain dicts and lists) before validation, so the merged result is checked by
exactly the rules of `python -m faq validate`, and a field the shipped files gain later
(a new `checked:` date, new phrasings) still arrives unless it was edited here.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from faq.normalize import fold

EDITABLE_FIELDS = ("title", "answer", "links", "related", "keywords", "checked", "sources")


@dataclass(frozen=True)
class EntryState:
    """The local patch of one entry (the empty patch means "as shipped")."""

    new: bool = False
    theme: str | None = None
    fields: Mapping[str, Any] = field(default_factory=dict)
    questions: tuple[str, ...] = ()
    disabled: bool = False

    @property
    def empty(self) -> bool:
        return not (self.new or self.fields or self.questions or self.disabled)

    def to_json(self) -> str:
        return json.dumps({
            "new": self.new, "theme": self.theme, "fields": dict(self.fields),
            "questions": list(self.questions), "disabled": self.disabled,
        }, ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str | None) -> EntryState | None:
        if text is None:
            return None
        data = json.loads(text)
        if data is None:
            return None
        return cls(
            new=bool(data.get("new")), theme=data.get("theme"),
            fields={k: v for k, v in (data.get("fields") or {}).items() if k in EDITABLE_FIELDS},
            questions=tuple(data.get("questions") or ()), disabled=bool(data.get("disabled")),
        )

    def with_fields(self, changes: Mapping[str, Any]) -> EntryState:
        return replace(self, fields={**self.fields, **changes})

    def with_question(self, question: str) -> EntryState:
        if any(fold(q) == fold(question) for q in self.questions):
            return self
        return replace(self, questions=(*self.questions, question))

    def switched(self, disabled: bool) -> EntryState:
        return replace(self, disabled=disabled)


@dataclass(frozen=True)
class Overlay:
    """Every entry's patch and version (a version counts the changes made to that entry)."""

    states: Mapping[str, EntryState] = field(default_factory=dict)
    versions: Mapping[str, int] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.states)

    def state(self, entry_id: str) -> EntryState:
        return self.states.get(entry_id) or EntryState()

    def version(self, entry_id: str) -> int:
        return self.versions.get(entry_id, 0)

    def replaced(self, entry_id: str, state: EntryState | None) -> Overlay:
        states = dict(self.states)
        if state is None or state.empty:
            states.pop(entry_id, None)
        else:
            states[entry_id] = state
        return Overlay(states, self.versions)

    @property
    def disabled(self) -> frozenset[str]:
        return frozenset(i for i, s in self.states.items() if s.disabled)


class OverlayMerge:
    """Applies an overlay to each parsed knowledge-base file, remembering what it touched."""

    def __init__(self, overlay: Overlay) -> None:
        self.overlay = overlay
        self.touched: set[str] = set()
        self.seen: set[str] = set()
        self.themes: set[str] = set()
        self.shadowed: set[str] = set()

    def patch(self, data: object) -> object:
        """The parsed file with local edits applied (the input is not changed)."""
        if not isinstance(data, dict) or not isinstance(data.get("entries"), list):
            return data
        states, off = self.overlay.states, self.overlay.disabled
        theme = data.get("theme")
        self.themes.add(str(theme))
        entries: list[object] = []
        for raw in data["entries"]:
            entry_id = raw.get("id") if isinstance(raw, dict) else None
            if not isinstance(entry_id, str):  # validation names the entry without an id
                entries.append(_without_disabled(raw, off))
                continue
            self.seen.add(entry_id)
            state = states.get(entry_id)
            if state is not None and not state.new:
                if state.disabled:
                    continue
                self.touched.add(entry_id)
                raw = _merged(raw, state)
            entries.append(_without_disabled(raw, off))
        for entry_id, state in states.items():
            if state.new and state.theme == theme and not state.disabled:
                if entry_id in self.seen:  # the shipped files gained this id: theirs wins
                    self.shadowed.add(entry_id)
                    continue
                self.touched.add(entry_id)
                self.seen.add(entry_id)
                entries.append(_without_disabled(_merged({"id": entry_id}, state), off))
        return {**data, "entries": entries or data["entries"]}

    def unplaced(self) -> list[str]:
        """New entries whose theme no file has any more."""
        return sorted(
            i for i, s in self.overlay.states.items()
            if s.new and not s.disabled and s.theme not in self.themes
        )

    def orphans(self) -> list[str]:
        """Edits of shipped entries that the shipped files no longer have, and new entries
        whose id the shipped files now use: kept, not served."""
        return sorted(
            {i for i, s in self.overlay.states.items() if not s.new and i not in self.seen}
            | self.shadowed
        )


def _merged(raw: dict, state: EntryState) -> dict:
    merged = {**raw, **state.fields}
    if state.questions:
        shipped = merged.get("questions")
        shipped = list(shipped) if isinstance(shipped, list) else []
        known = {fold(q) for q in shipped if isinstance(q, str)}
        merged["questions"] = shipped + [q for q in state.questions if fold(q) not in known]
    return merged


def _without_disabled(raw: object, off: frozenset[str]) -> object:
    if not off or not isinstance(raw, dict) or not isinstance(raw.get("related"), list):
        return raw
    return {**raw, "related": [r for r in raw["related"] if r not in off]}

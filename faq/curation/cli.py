"""`python -m faq history`, `undo` and `export`, and the local edits the other commands
merge in (read from the bot's database named in config.yaml)."""

from __future__ import annotations

import argparse
import asyncio
import getpass
import sys
from pathlib import Path

import yaml

from core.clock import VIETNAM, from_iso
from core.settings import CoreSettings, load_config_reader
from faq.curation.merge import check_merged
from faq.curation.overlay import EntryState, Overlay
from faq.curation.store import Author, CurationStore, read_history, read_overlay
from faq.knowledge_base import display_path, knowledge_base_files, read_yaml
from faq.settings import load_settings

ACTIONS = {
    "create": "new entry", "edit": "edit", "phrasing": "new phrasing", "disable": "switched off",
    "enable": "switched on", "undo": "undo",
}


def database_of(config: Path) -> Path:
    reader = load_config_reader(config)
    return CoreSettings.from_config(reader.section("bot"), config).database


def overlay_for(config: Path) -> tuple[Overlay, str]:
    """The local edits kept in the bot's database, and how to name that database."""
    database = database_of(config)
    return read_overlay(database), display_path(database)


def _out(text: str = "") -> None:
    sys.stdout.write(text + "\n")


def _summary(before: EntryState | None, after: EntryState | None) -> str:
    """What a change did, field by field ("answer", "+1 phrasing: «...»")."""
    b, a = before or EntryState(), after or EntryState()
    parts = [f"{name}" for name in sorted(set(a.fields) | set(b.fields))
             if a.fields.get(name) != b.fields.get(name)]
    added = [q for q in a.questions if q not in b.questions]
    removed = [q for q in b.questions if q not in a.questions]
    parts += [f"+ «{q}»" for q in added] + [f"- «{q}»" for q in removed]
    if a.disabled != b.disabled:
        parts.append("off" if a.disabled else "on")
    return ", ".join(parts) or "as shipped"


def cmd_history(config: Path, args: argparse.Namespace) -> int:
    changes = read_history(database_of(config), args.entry, args.limit)
    if not changes:
        _out("no changes")
        return 0
    for c in changes:
        at = from_iso(c.created_at).astimezone(VIETNAM).strftime("%Y-%m-%d %H:%M")
        undone = f" (undone by #{c.undone_by})" if c.undone_by else ""
        note = f" — {c.note}" if c.note and c.action != "phrasing" else ""
        _out(f"#{c.id} {at} {c.author_name or c.author} [{c.author}] "
             f"{ACTIONS.get(c.action, c.action)} {c.entry_id}: "
             f"{_summary(c.before, c.after)}{note}{undone}")
        if args.verbose:
            for label, state in (("before", c.before), ("after", c.after)):
                shown = state.to_json() if state is not None else "as shipped"
                _out(f"    {label}: {shown}")
    return 0


def operator() -> Author:
    """Who runs the command line, as history records it ("cli:root")."""
    try:
        user = getpass.getuser()
    except (KeyError, OSError):  # no name for this uid (a bare container)
        user = "unknown"
    return Author(f"cli:{user}")


async def _undo(config: Path, change_id: int, author: Author) -> int:
    """The chat's undo (`CurationService.undo`): the same checks, the same validation."""
    from core.database import Database
    from faq.curation.service import CurationService
    from faq.service import FaqService

    database = database_of(config)
    if not Path(database).is_file():
        sys.stderr.write(f"Không có cơ sở dữ liệu {display_path(database)}: "
                         "chưa có thay đổi nào để hoàn tác\n")
        return 1
    db = await Database.open(database)
    try:
        store = CurationStore(db)
        curation = CurationService(FaqService(load_settings(config), await store.overlay(),
                                              store.overlay), store)
        change = await store.change(change_id)
        outcome = await curation.undo(change_id, author)
    finally:
        await db.close()
    if not outcome.ok:
        reason = "; ".join(outcome.errors) or "mục vừa được người khác sửa, thử lại"
        sys.stderr.write(f"Không hoàn tác được #{change_id}: {reason}\n")
        return 1
    entry_id = change.entry_id if change else ""
    _out(f"Đã hoàn tác #{change_id}: mục {entry_id} trở lại như trước (thay đổi "
         f"#{outcome.change_id}, ghi là {author.key}). Bot đang chạy dùng bản này sau /taikb.")
    return 0


def cmd_undo(config: Path, args: argparse.Namespace) -> int:
    return asyncio.run(_undo(config, args.change, operator()))


def cmd_export(config: Path, args: argparse.Namespace) -> int:
    """Write the merged knowledge base (shipped files + local edits) as YAML files."""
    settings = load_settings(config)
    overlay, source = overlay_for(config)
    kb, errors, warnings = check_merged(settings.knowledge_base, overlay, source)
    for line in [*map(str, errors), *warnings]:
        sys.stderr.write(line + "\n")
    if errors:
        return 1
    out = Path(args.folder)
    out.mkdir(parents=True, exist_ok=True)
    from faq.curation.overlay import OverlayMerge

    merge = OverlayMerge(overlay)
    for path in knowledge_base_files(settings.knowledge_base):
        data = merge.patch(read_yaml(path))
        text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
        (out / path.name).write_text(text, encoding="utf-8")
    _out(f"OK: {len(kb.entries)} entries written to {display_path(out)}")
    return 0


def add_parsers(sub: argparse._SubParsersAction) -> None:
    history = sub.add_parser("history", help="changes made from the chat: who, when, what")
    history.add_argument("entry", nargs="?", help="only this entry id")
    history.add_argument("--limit", type=int, default=50)
    history.add_argument("-v", "--verbose", action="store_true", help="before and after")
    undo = sub.add_parser("undo", help="undo one change as /lichsukb does (recorded: cli:<user>)")
    undo.add_argument("change", type=int, help="the change's number (#12 in history: 12)")
    export = sub.add_parser("export", help="write the knowledge base with local edits as YAML")
    export.add_argument("folder", help="where to write the theme files")


COMMANDS = {"history": cmd_history, "undo": cmd_undo, "export": cmd_export}

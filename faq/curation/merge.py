"""The knowledge base as served: the shipped files with the local overlay merged in."""

from __future__ import annotations

from pathlib import Path

from core.config_errors import ConfigError
from faq.curation.overlay import Overlay, OverlayMerge
from faq.knowledge_base import KnowledgeBase, check_knowledge_base
from faq.loading import raise_first

OVERLAY_LABEL = "chỉnh sửa cục bộ"


def check_merged(
    folder: Path, overlay: Overlay, source: str = "cơ sở dữ liệu", cache: Path | None = None,
) -> tuple[KnowledgeBase, list[ConfigError], list[str]]:
    """(knowledge base, problems, warnings) of the shipped folder merged with `overlay`.

    A problem in an entry the overlay touched names both the file and where the edit lives;
    an edit of a shipped entry that no longer exists is a warning (it is kept, not served).
    `cache`: see `faq.parse_cache` (the files are parsed before the overlay is merged).
    """
    if not overlay:
        kb, errors = check_knowledge_base(folder, cache=cache)
        return kb, errors, []
    merge = OverlayMerge(overlay)
    kb, errors = check_knowledge_base(folder, merge.patch, cache)
    where = f"{OVERLAY_LABEL} trong {source}"
    errors = [
        ConfigError(f"{e.file} ({where})", e.entry, e.reason) if e.entry in merge.touched else e
        for e in errors
    ]
    errors.extend(
        ConfigError(where, entry_id, f"chủ đề '{overlay.state(entry_id).theme}' không còn")
        for entry_id in merge.unplaced()
    )
    warnings = [
        f"{where}: {entry_id}: mục gốc không còn trong {folder.name}, phần sửa được giữ nhưng "
        "không dùng" for entry_id in merge.orphans()
    ]
    return kb, errors, warnings


def load_merged(
    folder: Path, overlay: Overlay, source: str = "cơ sở dữ liệu", cache: Path | None = None,
) -> KnowledgeBase:
    """The merged knowledge base; raises the first problem as ConfigError (with the count)."""
    kb, errors, _ = check_merged(Path(folder), overlay, source, cache)
    raise_first(errors)
    return kb

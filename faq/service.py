"""The knowledge base the bot is serving now, swappable at run time without a restart."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from pathlib import Path

from faq.curation.merge import load_merged
from faq.curation.overlay import Overlay
from faq.knowledge_base import KnowledgeBase
from faq.matcher import Matcher, MatchResult
from faq.settings import FaqSettings

log = logging.getLogger(__name__)
OverlaySource = Callable[[], Awaitable[Overlay]]


class FaqService:
    """Holds the loaded knowledge base (shipped files + local edits) and its matcher;
    `reload` and `install` swap both or neither. With `parse_cache` (a file, see
    `faq.parse_cache`) unchanged files are not parsed again."""

    def __init__(self, settings: FaqSettings, overlay: Overlay | None = None,
                 overlay_source: OverlaySource | None = None,
                 parse_cache: Path | None = None) -> None:
        self.settings = settings
        self.parse_cache = parse_cache
        self.overlay = overlay or Overlay()
        self.overlay_source = overlay_source
        self.kb, self.matcher = self.build(self.overlay)

    def build(self, overlay: Overlay) -> tuple[KnowledgeBase, Matcher]:
        """Load, merge and validate; raises ConfigError (nothing is swapped)."""
        kb = load_merged(self.settings.knowledge_base, overlay, cache=self.parse_cache)
        return kb, Matcher(kb, self.settings)

    def install(self, kb: KnowledgeBase, matcher: Matcher, overlay: Overlay) -> None:
        self.kb, self.matcher, self.overlay = kb, matcher, overlay

    async def reload(self) -> KnowledgeBase:
        """Load and validate again; raises ConfigError and keeps serving the old one."""
        overlay = await self.overlay_source() if self.overlay_source else self.overlay
        kb, matcher = await asyncio.get_running_loop().run_in_executor(None, self.build, overlay)
        self.install(kb, matcher, overlay)
        log.info("knowledge base reloaded: %d entries", len(kb.entries))
        return kb

    def match(self, text: str) -> MatchResult:
        return self.matcher.match(text)

"""The knowledge base the bot is serving now, swappable at run time without a restart."""

from __future__ import annotations

import asyncio
import logging

from faq.knowledge_base import KnowledgeBase, load_knowledge_base
from faq.matcher import Matcher, MatchResult
from faq.settings import FaqSettings

log = logging.getLogger(__name__)


class FaqService:
    """Holds the loaded knowledge base and its matcher; `reload` swaps both or neither."""

    def __init__(self, settings: FaqSettings) -> None:
        self.settings = settings
        self.kb, self.matcher = self._load()

    def _load(self) -> tuple[KnowledgeBase, Matcher]:
        kb = load_knowledge_base(self.settings.knowledge_base)
        return kb, Matcher(kb, self.settings)

    async def reload(self) -> KnowledgeBase:
        """Load and validate again; raises ConfigError and keeps serving the old one."""
        kb, matcher = await asyncio.get_running_loop().run_in_executor(None, self._load)
        self.kb, self.matcher = kb, matcher
        log.info("knowledge base reloaded: %d entries", len(kb.entries))
        return kb

    def match(self, text: str) -> MatchResult:
        return self.matcher.match(text)

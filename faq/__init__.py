"""FAQ engine: the knowledge base, the normaliser and the matcher."""

from faq.knowledge_base import Entry, KnowledgeBase, Link, Theme, load_knowledge_base
from faq.matcher import Matcher, MatchResult
from faq.normalize import fold
from faq.settings import FaqSettings

__all__ = [
    "Entry",
    "FaqSettings",
    "KnowledgeBase",
    "Link",
    "MatchResult",
    "Matcher",
    "Theme",
    "fold",
    "load_knowledge_base",
]

"""The knowledge base's public names, in one import: the model, validation and loading.

Each lives in a module of its own: `faq.entries` (the frozen data), `faq.validation`
(every problem with file, entry and reason) and `faq.loading` (the files on disk).
"""

from faq.entries import Checked, Entry, KnowledgeBase, Link, TextWords, Theme
from faq.loading import (
    check_knowledge_base,
    display_path,
    knowledge_base_files,
    load_knowledge_base,
    no_gc,
    read_yaml,
)
from faq.validation import MAX_ANSWER_CHARS

__all__ = [
    "MAX_ANSWER_CHARS",
    "Checked",
    "Entry",
    "KnowledgeBase",
    "Link",
    "TextWords",
    "Theme",
    "check_knowledge_base",
    "display_path",
    "knowledge_base_files",
    "load_knowledge_base",
    "no_gc",
    "read_yaml",
]

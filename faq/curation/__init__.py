"""Curating the knowledge base from the chat: local edits kept in SQLite as an overlay over
the shipped faq/kb/*.yaml files, merged at load, validated like `python -m faq validate`,
with a history that can be undone. See docs/knowledge-base.md."""

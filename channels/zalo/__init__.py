"""Zalo channel: the Zalo Bot API, polling or webhook."""

"""Messenger adapters: each turns its updates into core.model.Incoming and renders Replies."""

"""The one place where every feature's commands, buttons and dialogs join the router.

Order matters only for free text: the FAQ is the fallback, so it is registered by
`FaqHandlers`, and every other feature adds commands, button prefixes and dialogs.
"""

from __future__ import annotations

from typing import Protocol

from core.router import Router


class Feature(Protocol):
    """A feature's handlers: they add themselves to the router."""

    def register(self, router: Router) -> None: ...


def build_router(features: list[Feature]) -> Router:
    """Register each feature in the given order (commands show in /help in that order)."""
    router = Router()
    for feature in features:
        feature.register(router)
    return router

"""Finding a service category from what a member typed: its code or its name, with or
without diacritics ("vneid", "dvc", "dich vu cong", "Dịch vụ công")."""

from __future__ import annotations

from activity.settings import ServiceCategory
from faq.normalize import fold

MAX_NAME_WORDS = 6


class ServiceCatalog:
    """The configured service categories, in the order they are shown."""

    def __init__(self, services: tuple[ServiceCategory, ...]) -> None:
        self.services = services
        self._by_code = {s.code: s for s in services}
        self._by_key: dict[str, ServiceCategory] = {}
        for service in services:
            for key in service.spellings():
                self._by_key.setdefault(key, service)

    def get(self, code: str) -> ServiceCategory | None:
        return self._by_code.get(code)

    def name(self, code: str) -> str:
        """The short name to show; a code no longer configured shows as itself."""
        service = self._by_code.get(code)
        return service.name if service else code

    def find(self, text: str) -> ServiceCategory | None:
        folded = fold(text)
        return self._by_key.get(folded) or self._by_key.get(folded.replace(" ", ""))

    def find_prefix(self, words: list[str]) -> tuple[ServiceCategory | None, int]:
        """The service named by the longest run of leading words, and how many words it used."""
        for size in range(min(MAX_NAME_WORDS, len(words)), 0, -1):
            found = self.find(" ".join(words[:size]))
            if found is not None:
                return found, size
        return None, 0

    def codes_text(self) -> str:
        """ "vneid (VNeID), dvc (Dịch vụ công), ..." for error messages."""
        return "\n".join(f"• {s.code} — {s.label}" for s in self.services)

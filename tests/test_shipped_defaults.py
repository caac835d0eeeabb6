"""Defaults the code falls back on are the shipped config.yaml's, read from it (one source)."""

from __future__ import annotations

from activity.settings import ActivitySettings
from bot import DEFAULT_CONFIG, load_config
from core.config_errors import SectionReader


def test_without_a_services_list_the_shipped_one_is_used() -> None:
    shipped = load_config(DEFAULT_CONFIG).activity.services
    without = ActivitySettings.from_config(SectionReader("config.yaml", "activity", {}))
    assert without.services == shipped == ActivitySettings().services
    vneid = next(s for s in without.services if s.code == "vneid")
    assert "muc 2" in vneid.spellings()  # a member typing "muc 2" logs VNeID either way

"""The `members:` section of config.yaml."""

from __future__ import annotations

from dataclasses import dataclass

from vietnam_provinces import Province

from core.config_errors import SectionReader
from faq.normalize import fold

DEFAULT_PROVINCE = "Thanh Hóa"
_PROVINCE_PREFIXES = ("thanh pho ", "tinh ")


def province_key(name: str) -> str:
    """"Thành phố Hà Nội" and "ha noi" both give "ha noi"."""
    folded = fold(name)
    for prefix in _PROVINCE_PREFIXES:
        if folded.startswith(prefix):
            return folded[len(prefix):]
    return folded


def find_province(value: str | int) -> Province | None:
    """A province of the 2025 map by code (38, "38") or name ("Thanh Hóa", "thanh hoa")."""
    text = str(value).strip()
    for province in Province.iter_all():
        if text.isdigit() and int(text) == int(province.code):
            return province
        if not text.isdigit() and province_key(text) == province_key(province.name):
            return province
    return None


@dataclass(frozen=True)
class MembersSettings:
    """Which province the bot serves, and how long a linking code stays valid."""

    province_code: str = "38"
    province_name: str = DEFAULT_PROVINCE
    link_code_minutes: int = 15

    @classmethod
    def from_config(cls, reader: SectionReader) -> MembersSettings:
        reader.only(("province", "link_code_minutes"))
        raw = reader.data.get("province", DEFAULT_PROVINCE)
        if isinstance(raw, bool) or not isinstance(raw, str | int):
            raise reader.fail("province", "phải là tên hoặc mã tỉnh, ví dụ: Thanh Hóa hoặc 38")
        province = find_province(raw)
        if province is None:
            raise reader.fail(
                "province", f"không tìm thấy tỉnh/thành {raw!r} (bản đồ hành chính 2025)"
            )
        minutes = reader.int("link_code_minutes", 15, minimum=1, maximum=24 * 60)
        return cls(f"{int(province.code):02d}", province.name, minutes)

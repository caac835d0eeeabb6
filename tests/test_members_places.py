"""Communes of the province, village names, phones and the members settings."""

from __future__ import annotations

from collections import Counter

import pytest

from core.config_errors import ConfigError, SectionReader
from core.database import Database
from members import validation
from members.places import CommuneDirectory, province_communes, sync_communes
from members.settings import MembersSettings
from members.validation import Invalid
from members.villages import analyse, match_key


def test_thanh_hoa_has_166_communes_on_the_2025_map() -> None:
    communes = province_communes("38")
    kinds = Counter(c.name.split(" ")[0] for c in communes)
    assert len(communes) == 166
    assert kinds == {"Xã": 147, "Phường": 19}


async def test_communes_load_once_however_often_the_bot_starts() -> None:
    db = await Database.open(":memory:")
    try:
        assert await sync_communes(db, "38") == 166
        assert await sync_communes(db, "38") == 166
        row = await db.fetchone("SELECT COUNT(*) AS n FROM communes")
        assert row["n"] == 166
        row = await db.fetchone("SELECT name FROM communes WHERE code = '16522'")
        assert row["name"] == "Phường Quảng Phú"
    finally:
        await db.close()


@pytest.mark.parametrize("typed", ["quang phu", "Quảng Phú", "QUANG PHU", "phường quảng phú",
                                   "qung phu", "16522"])
def test_a_commune_is_found_by_typing(typed: str) -> None:
    directory = CommuneDirectory("38", "Thanh Hóa")
    assert directory.search(typed)[0].name == "Phường Quảng Phú"


def test_a_commune_of_another_province_is_not_found() -> None:
    directory = CommuneDirectory("38", "Thanh Hóa")
    assert directory.search("Hoàn Kiếm") == []
    assert len(directory.search("quang")) > 1


@pytest.mark.parametrize(("names", "key"), [
    (["Thôn 3", "thon ba", "TH.3", "Thôn số 03", "thôn3", "Thôn III", "Thôn Ba"], "thon 3"),
    (["Tổ dân phố 5", "TDP 5", "tdp5", "Tổ 5", "to dan pho nam"], "tdp 5"),
    (["Bản Na", "ban na", "BẢN NA"], "ban na"),
    (["Thôn Mười Hai", "thon 12"], "thon 12"),
    (["Khu phố 4", "KP 4"], "kp 4"),
])
def test_village_spellings_share_one_key(names: list[str], key: str) -> None:
    assert {match_key(name) for name in names} == {key}


def test_village_names_are_tidied_and_words_that_are_not_numbers_kept() -> None:
    assert analyse("thon ba") == ("thon 3", "Thôn 3")
    assert analyse("tdp 5") == ("tdp 5", "Tổ dân phố 5")
    assert analyse("Thôn Nam Sơn") == ("thon nam son", "Thôn Nam Sơn")
    assert analyse("thôn nam")[0] != analyse("thôn năm")[0]


@pytest.mark.parametrize(("typed", "e164"), [
    ("0912345678", "+84912345678"), ("0912 345 678", "+84912345678"),
    ("+84 912 345 678", "+84912345678"), ("912345678", "+84912345678"),
    ("0912.345.678", "+84912345678"), ("0869123456", "+84869123456"),
])
def test_vietnamese_mobiles_are_stored_as_e164(typed: str, e164: str) -> None:
    assert validation.phone(typed) == e164


@pytest.mark.parametrize("typed", ["02373852111", "+12025550123", "0123", "abc", ""])
def test_other_numbers_are_refused(typed: str) -> None:
    with pytest.raises(Invalid):
        validation.phone(typed)


def test_settings_accept_a_province_name_or_code() -> None:
    def read(data: dict) -> MembersSettings:
        return MembersSettings.from_config(SectionReader("config.yaml", "members", data))

    assert read({}).province_name == "Thanh Hóa"
    assert read({"province": "ha noi"}).province_code == "01"
    assert read({"province": 38}).province_name == "Thanh Hóa"
    with pytest.raises(ConfigError, match=r"members\.province"):
        read({"province": "Atlantis"})
    with pytest.raises(ConfigError, match="link_code_minutes"):
        read({"link_code_minutes": 0})

"""Checking what people type: names, phones, villages, team roles and organisations.

Each check returns the clean value, or raises Invalid with the Vietnamese reason to show.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping

import phonenumbers
from phonenumbers import PhoneNumberFormat, PhoneNumberType

from faq.normalize import fold
from members import texts
from members.villages import analyse

MAX_NAME = 80
MAX_VILLAGE = 60
_NAME_PUNCTUATION = set(" .'-")
_VILLAGE_PUNCTUATION = set(" .,-/()")


class Invalid(ValueError):
    """An answer that cannot be accepted; str() is the reason for the person."""


def _collapse(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def full_name(text: str) -> str:
    """A person's name: letters (any script, with diacritics), spaces, . ' -"""
    name = _collapse(text)
    if not name:
        raise Invalid(texts.NAME_EMPTY)
    if len(name) > MAX_NAME:
        raise Invalid(texts.NAME_TOO_LONG.format(limit=MAX_NAME))
    letters = sum(1 for c in name if c.isalpha())
    bad = [c for c in name if not (c.isalpha() or unicodedata.combining(c)
                                   or c in _NAME_PUNCTUATION)]
    if bad:
        raise Invalid(texts.NAME_BAD_CHARS)
    if letters < 2:
        raise Invalid(texts.NAME_TOO_SHORT)
    words = name.split(" ")
    if all(w.islower() or w.isupper() for w in words):
        name = " ".join(w[:1].upper() + w[1:].lower() for w in words)
    return name


def phone(text: str) -> str:
    """A Vietnamese mobile number, as E.164 ("+84912345678")."""
    raw = _collapse(str(text))
    if not raw:
        raise Invalid(texts.PHONE_EMPTY)
    if any(c.isalpha() for c in raw):
        raise Invalid(texts.PHONE_NOT_NUMBER)
    try:
        number = phonenumbers.parse(raw, "VN")
    except phonenumbers.NumberParseException:
        raise Invalid(texts.PHONE_NOT_NUMBER) from None
    if number.country_code != 84:
        raise Invalid(texts.PHONE_FOREIGN)
    if not phonenumbers.is_valid_number(number):
        raise Invalid(texts.PHONE_INVALID)
    if phonenumbers.number_type(number) != PhoneNumberType.MOBILE:
        raise Invalid(texts.PHONE_NOT_MOBILE)
    return phonenumbers.format_number(number, PhoneNumberFormat.E164)


def display_phone(e164: str) -> str:
    """ "+84912345678" → "0912 345 678"."""
    try:
        number = phonenumbers.parse(e164, "VN")
    except phonenumbers.NumberParseException:
        return e164
    return phonenumbers.format_number(number, PhoneNumberFormat.NATIONAL)


def village(text: str) -> tuple[str, str]:
    """(match key, tidy name) of a typed village name."""
    name = _collapse(text)
    if not name:
        raise Invalid(texts.VILLAGE_EMPTY)
    if len(name) > MAX_VILLAGE:
        raise Invalid(texts.VILLAGE_TOO_LONG.format(limit=MAX_VILLAGE))
    if any(not (c.isalnum() or unicodedata.combining(c) or c in _VILLAGE_PUNCTUATION)
           for c in name):
        raise Invalid(texts.VILLAGE_BAD_CHARS)
    key, tidy = analyse(name)
    if not key or not any(c.isalpha() or c.isdigit() for c in key):
        raise Invalid(texts.VILLAGE_EMPTY)
    return key, tidy


def _lookup(text: str, synonyms: Mapping[str, tuple[str, ...]]) -> str | None:
    folded = fold(text)
    if not folded:
        return None
    for code, words in synonyms.items():
        if folded == code or folded in words:
            return code
    padded = f" {folded} "
    for code, words in synonyms.items():
        if any(f" {w} " in padded for w in words if " " in w):
            return code
    return None


def team_role(text: str) -> str:
    """ "Tổ trưởng" / "to pho" / "thành viên" → leader / deputy / member."""
    code = _lookup(text, texts.TEAM_ROLE_SYNONYMS)
    if code is None:
        raise Invalid(texts.ROLE_UNKNOWN)
    return code


def organisation(text: str) -> str:
    """ "Công an xã" → police, "đoàn TN" → youth_union, "khác" → other."""
    code = _lookup(text, texts.ORGANISATION_SYNONYMS)
    if code is None:
        raise Invalid(texts.ORGANISATION_UNKNOWN)
    return code


def link_code(text: str) -> str | None:
    digits = re.sub(r"[\s.-]", "", text)
    return digits if digits.isdigit() else None

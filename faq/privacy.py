"""Who may read villagers' question texts in /cauhoimoi, and what is masked in them.

A question text can hold what a villager should never have typed to a bot: a phone number,
a CCCD or insurance number, a bank account. Texts are shown only in private chats (the
router's `private_only`), only to the admins and province coordinators (the bot serves one
province) and to commune coordinators for questions asked by people registered in their
commune; everyone else sees how many there are. Numbers that look like phones or ID
numbers are masked wherever a text is shown.
"""

from __future__ import annotations

import re

from core.roles import Principal, Role

MASK = "•••"
# A Vietnamese phone (0… or +84…, 10-11 digits) or any run of 9+ digits (CMND 9, BHXH 10,
# CCCD 12, bank accounts), allowing spaces, dots and dashes between digits.
_LONG_NUMBER = re.compile(r"(?<![\d])\+?\d(?:[ .\-]?\d){8,}(?![\d])")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")

EVERYWHERE = None  # question_scope(): every question of the province


def mask_personal(text: str) -> str:
    """The text with phone-like and ID-like numbers (and e-mail addresses) masked."""
    return _EMAIL.sub(MASK, _LONG_NUMBER.sub(MASK, text))


def question_scope(principal: Principal) -> str | None:
    """Whose question texts this person may read: None for all of them (admin, province
    coordinator), else the commune code of a commune coordinator."""
    if principal.role >= Role.PROVINCE_COORDINATOR:
        return EVERYWHERE
    return principal.commune_code or ""

"""One voice in every text people read: the bot is "em", the person "anh/chị".

Scans every texts module (and the knowledge base answers) for the words the bot must not
use about itself or the person, and for more than one "Dạ" or "ạ" in a text.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
TEXT_MODULES = sorted(
    ".".join(path.relative_to(ROOT).with_suffix("").parts)
    for folder in ("core", "channels", "handlers", "members", "activity", "faq")
    for path in (ROOT / folder).rglob("*texts.py")
)
# Words the bot never uses: for itself ("mình", "tôi", "bot") or for the person ("bạn").
FORBIDDEN = {
    "mình": re.compile(r"\bmình\b", re.IGNORECASE),
    "bạn": re.compile(r"\bbạn\b(?! bè)", re.IGNORECASE),  # "bạn bè" (friends) is no pronoun
    "tôi": re.compile(r"\btôi\b", re.IGNORECASE),
    "bot": re.compile(r"(?<!mã )\bbot\b", re.IGNORECASE),  # "mã bot": Zalo's name for a token
}
# Read by the operator when start-up stops, not by a person in a chat; quotes Zalo's own
# product names ("Zalo Bot Creator", "bot token").
OPERATOR_TEXTS = {"channels.zalo.texts.BAD_TOKEN", "channels.zalo.texts.WEBHOOK_REFUSED"}
# Button labels in the person's own voice, as issue 12 names them (a member presses "Tôi
# nhận", a villager "Không thấy thôn của tôi"); the bot may quote them.
PERSONS_OWN_WORDS = ("Tôi nhận", "Không thấy thôn của tôi")
DA = re.compile(r"\bDạ\b")
A = re.compile(r"(?<!\w)ạ(?!\w)")


def strings_in(value: object, where: str) -> Iterator[tuple[str, str]]:
    """Every string in a texts module's value (dicts, tuples and lists walked)."""
    if isinstance(value, str):
        yield where, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from strings_in(item, f"{where}[{key!r}]")
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            yield from strings_in(item, f"{where}[{index}]")


def module_texts(name: str) -> list[tuple[str, str]]:
    module = importlib.import_module(name)
    found: list[tuple[str, str]] = []
    for attr, value in vars(module).items():
        if attr.isupper() and f"{name}.{attr}" not in OPERATOR_TEXTS:
            found += strings_in(value, f"{name}.{attr}")
    return found


def problems(text: str) -> list[str]:
    for words in PERSONS_OWN_WORDS:
        text = text.replace(words, "")
    found = [f'"{word}"' for word, pattern in FORBIDDEN.items() if pattern.search(text)]
    if len(DA.findall(text)) > 1:
        found.append('more than one "Dạ"')
    if len(A.findall(text)) > 1:
        found.append('more than one "ạ"')
    return found


def test_the_rule_catches_what_it_must() -> None:
    assert problems("Dạ, bot chưa hiểu ạ. Bạn gõ lại ạ.") == [
        '"bạn"', '"bot"', 'more than one "ạ"']
    assert problems("Dạ, mình xin lỗi. Dạ, tôi sẽ xem.") == [
        '"mình"', '"tôi"', 'more than one "Dạ"']
    assert problems("Dạ, em chưa hiểu. Anh/chị gõ lại giúp em ạ.") == []
    assert problems("Tổ công nghệ số ở thôn, tại nhà mình") != []  # "nhà mình" is still "mình"
    assert problems("Dạ, anh/chị báo ngay người thân, bạn bè ạ.") == []


def test_every_texts_module_is_found() -> None:
    assert {"core.texts", "members.texts", "handlers.activity.texts",
            "handlers.faq.texts", "channels.telegram.texts", "channels.zalo.texts"} <= set(
        TEXT_MODULES)


@pytest.mark.parametrize("name", TEXT_MODULES)
def test_texts_speak_in_one_voice(name: str) -> None:
    bad = [f"{where}: {', '.join(found)}: {text[:80]!r}"
           for where, text in module_texts(name) if (found := problems(text))]
    assert not bad, "\n".join(bad)


def test_knowledge_base_answers_speak_in_one_voice() -> None:
    bad = []
    for path in sorted((ROOT / "faq" / "kb").glob("*.yaml")):
        theme = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for entry in theme.get("entries", []):
            found = problems(entry.get("answer", ""))
            if found:
                bad.append(f"{path.name}: {entry.get('id')}: {', '.join(found)}")
    assert not bad, "\n".join(bad)

"""A key config.yaml does not have (a typo) stops start-up naming the file, the key and the
nearest known key, in every section."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot import load_config
from core.config_errors import ConfigError

ROOT = Path(__file__).resolve().parents[1]


def shipped() -> dict[str, Any]:
    return yaml.safe_load((ROOT / "config.yaml").read_text(encoding="utf-8"))


def written(tmp_path: Path, data: dict[str, Any]) -> Path:
    path = tmp_path / "config.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def rename(data: dict[str, Any], where: list[str | int], old: str, new: str) -> None:
    section: Any = data
    for step in where:
        section = section[step]
    section[new] = section.pop(old)


@pytest.mark.parametrize(("where", "old", "typo", "shown"), [
    ([], "faq", "fqa", "fqa"),
    (["bot"], "log_level", "loglevel", "bot.loglevel"),
    (["faq"], "answer_threshold", "anwser_threshold", "faq.anwser_threshold"),
    (["members"], "province", "provice", "members.provice"),
    (["activity"], "max_age_days", "max_age_day", "activity.max_age_day"),
    (["activity", "reminder"], "after_days", "afterdays", "activity.reminder.afterdays"),
    (["activity", "weekly_summary"], "weekday", "week_day", "activity.weekly_summary.week_day"),
    (["activity", "services", 0], "aliases", "alias", "activity.services[0].alias"),
    (["channels"], "zalo", "zallo", "channels.zallo"),
    (["channels", "telegram"], "token_env", "token_evn", "channels.telegram.token_evn"),
    (["channels", "zalo", "webhook"], "secret_token_env", "secret_env",
     "channels.zalo.webhook.secret_env"),
])
def test_a_misspelt_key_is_refused_with_the_nearest_known_key(
    tmp_path: Path, where: list[str | int], old: str, typo: str, shown: str,
) -> None:
    data = shipped()
    rename(data, where, old, typo)
    with pytest.raises(ConfigError) as caught:
        load_config(written(tmp_path, data))
    message = str(caught.value)
    assert message.startswith(str(tmp_path / "config.yaml"))
    assert f": {shown}: " in message
    assert f"«{old}»" in message  # the key that was meant


def test_a_key_like_no_other_lists_the_keys_of_its_section(tmp_path: Path) -> None:
    data = shipped()
    data["members"]["xyz"] = 1
    with pytest.raises(ConfigError, match=r"members\.xyz: .*province, link_code_minutes"):
        load_config(written(tmp_path, data))


def test_the_shipped_config_has_no_unknown_key() -> None:
    load_config(ROOT / "config.yaml")


def test_bot_py_stops_at_start_up_on_a_typo(tmp_path: Path) -> None:
    data = shipped()
    rename(data, ["faq"], "answer_threshold", "anwser_threshold")
    result = subprocess.run(
        [sys.executable, str(ROOT / "bot.py"), "--config", str(written(tmp_path, data))],
        input="", capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 2
    assert "config.yaml: faq.anwser_threshold" in result.stderr
    assert "answer_threshold»" in result.stderr

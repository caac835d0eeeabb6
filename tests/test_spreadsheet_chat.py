"""Crafted spreadsheets sent to the bot by a commune coordinator (tests/crafted_xlsx.py):
each gets a clear Vietnamese refusal (or is read as what it holds), nothing is written,
an operator's log line names no person, and villagers keep being answered (issue 13)."""

from __future__ import annotations

import logging
import os
from typing import Any

import pytest

from bot import App, Config
from core import texts as core_texts
from core.testing import Conversation
from members import texts
from members.importer import read_elsewhere
from members.places import CommuneDirectory
from tests.crafted_xlsx import CRAFTED, READ_AS_HELD, inline_xlsx, member_rows
from tests.test_members_kit import Outbox, coordinator

REFUSED = "Không nhập được tệp, chưa có gì thay đổi."


@pytest.fixture
def outbox(app: App) -> Outbox:
    box = Outbox()
    box.install(app)
    return box


async def counts(app: App) -> tuple[int, int]:
    members = await app.db.fetchone("SELECT COUNT(*) AS n FROM members")
    villages = await app.db.fetchone("SELECT COUNT(*) AS n FROM villages")
    return members["n"], villages["n"]


async def test_crafted_files_are_refused_and_villagers_keep_being_answered(
    app: App, outbox: Outbox, admin: Conversation, villager: Conversation,
    caplog: pytest.LogCaptureFixture,
) -> None:
    coord = await coordinator(app, outbox, admin, "xa", "0912345670", place="Quảng Phú")
    await villager.say("quên mật khẩu vneid")
    usual = villager.text
    assert usual and core_texts.APOLOGY not in usual
    before = await counts(app)
    caplog.set_level(logging.INFO)
    for name, make in CRAFTED.items():
        if name in READ_AS_HELD:
            continue
        await coord.send_file(f"{name}.xlsx", make())
        assert coord.text.startswith(REFUSED), (name, coord.text)
        assert "em không đọc" in coord.text, (name, coord.text)
        assert await counts(app) == before, name
        await villager.say("quên mật khẩu vneid")
        assert villager.text == usual, name  # the bot still answers, the same answer
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert logged.count("import refused") == len(CRAFTED) - len(READ_AS_HELD)
    assert "Nguyễn Văn" not in logged and "0912000001" not in logged


async def test_a_huge_declared_dimension_imports_only_the_rows_it_holds(
    app: App, outbox: Outbox, admin: Conversation,
) -> None:
    coord = await coordinator(app, outbox, admin, "xa", "0912345670", place="Quảng Phú")
    members, _ = await counts(app)
    await coord.send_file("ds.xlsx", CRAFTED["huge_dimension"]())
    assert f"{READ_AS_HELD['huge_dimension']} thành viên mới" in coord.text, coord.text
    assert (await counts(app))[0] == members + READ_AS_HELD["huge_dimension"]
    names = {r["full_name"] for r in await app.db.fetchall("SELECT full_name FROM members")}
    assert {row[0] for row in member_rows(50)[1:]} <= names



class DiesInTheReader:
    """Unpickled in the reader process, it ends that process (as the kernel ends a reader
    that took too much memory)."""

    def __reduce__(self) -> tuple[object, tuple[int]]:
        return (os._exit, (1,))


async def test_a_reader_process_that_dies_is_a_refusal_and_the_next_file_is_read(
    config: Config,
) -> None:
    dying: Any = DiesInTheReader()
    good, report = await read_elsewhere(dying, "ds.xlsx", b"x", None)
    assert good == [] and report.refused == texts.IMPORT_UNREADABLE
    directory = CommuneDirectory(config.members.province_code, config.members.province_name)
    good, report = await read_elsewhere(directory, "ds.xlsx", inline_xlsx(3), None)
    assert report.refused is None and len(good) == 3

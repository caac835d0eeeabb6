"""Grouping the coordinators' inbox: the same question typed differently counts once, and
different questions stay apart."""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from pathlib import Path

import pytest

from core.database import Database
from faq.grouping import AskedQuestion, group_questions
from faq.service import FaqService


@pytest.fixture(scope="module")
def faq() -> FaqService:
    from bot import load_config

    return FaqService(load_config(Path(__file__).resolve().parents[1] / "config.yaml").faq)


def asked(faq: FaqService, *texts: str) -> list[AskedQuestion]:
    """Questions as the bot stores them (folded by the matcher), newest first."""
    return [AskedQuestion(i, text, faq.match(text).folded, unanswered=True)
            for i, text in enumerate(texts)]


def test_diacritics_case_order_and_a_typo_count_once(faq: FaqService) -> None:
    groups = group_questions(asked(
        faq, "Cách nấu canh chua cá lóc", "cach nau canh chua ca loc", "canh chua cá lóc cách nấu",
        "cach nau canh chua ca locc", "kết quả xổ số miền bắc",
    ))
    assert [g.count for g in groups] == [4, 1]
    assert groups[0].example == "Cách nấu canh chua cá lóc"  # the newest way it was typed
    assert groups[0].ids == (0, 1, 2, 3)
    assert groups[1].example == "kết quả xổ số miền bắc"


def test_questions_that_only_share_words_stay_apart(faq: FaqService) -> None:
    groups = group_questions(asked(
        faq, "giá lúa hôm nay bao nhiêu", "giá vàng hôm nay bao nhiêu",
        "giá heo hơi hôm nay bao nhiêu", "thời tiết hôm nay thế nào",
    ))
    assert len(groups) == 4


def test_most_asked_first_and_counts_of_unanswered_and_disliked() -> None:
    questions = [
        AskedQuestion(1, "cach trong rau sach", "cach trong rau sach", unanswered=True),
        AskedQuestion(2, "mua phan bon o dau", "mua phan bon o dau", unanswered=True),
        AskedQuestion(3, "Mua phân bón ở đâu", "mua phan bon o dau", disliked=True),
        AskedQuestion(4, "mua phan bon o dau re", "mua phan bon o dau re", unanswered=True),
    ]
    first, second = group_questions(questions)
    assert (first.count, first.unanswered, first.disliked) == (3, 2, 1)
    assert first.example == "mua phan bon o dau" and first.ids == (2, 3, 4)
    assert (second.example, second.count) == ("cach trong rau sach", 1)


def test_a_large_inbox_is_grouped_like_its_questions(faq: FaqService) -> None:
    """Many retyped variants of a few questions end up as those few groups."""
    bases = ["cách nấu canh chua cá lóc", "mua phân bón ở đâu rẻ nhất huyện",
             "lịch cắt điện tuần sau ở xã", "giá thu mua lúa vụ mùa năm nay"]
    variants = []
    for base in bases:
        words = base.split()
        variants += [base, base.upper(), " ".join(reversed(words)), base + " ạ",
                     base + base[-1]]  # the last letter typed twice
    groups = group_questions(asked(faq, *variants * 3))
    assert [g.count for g in groups] == [15] * len(bases)


async def test_heavy_reads_run_in_a_worker_thread_on_a_read_only_connection(
        tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "read.sqlite3")
    try:
        await db.write("CREATE TABLE t (x INTEGER)")
        await db.write("INSERT INTO t VALUES (41)")
        loop_thread = threading.get_ident()

        def work(conn: sqlite3.Connection) -> tuple[int, bool]:
            value = conn.execute("SELECT x + 1 AS y FROM t").fetchone()["y"]
            try:
                conn.execute("INSERT INTO t VALUES (0)")
            except sqlite3.OperationalError:
                return value, threading.get_ident() != loop_thread
            raise AssertionError("the heavy-read connection accepted a write")

        assert await db.read(work) == (42, True)
        # The event loop keeps running while a read works.
        ticks = 0

        async def tick() -> None:
            nonlocal ticks
            while True:
                ticks += 1
                await asyncio.sleep(0)

        ticker = asyncio.create_task(tick())
        await db.read(lambda conn: conn.execute(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300000)"
            " SELECT SUM(i) FROM n").fetchone())
        ticker.cancel()
        assert ticks > 1
    finally:
        await db.close()

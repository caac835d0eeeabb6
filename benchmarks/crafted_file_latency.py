"""Benchmark: villagers' reply latency while a coordinator's spreadsheet is being read.

    .venv/bin/python -m benchmarks.crafted_file_latency [--villagers 8] [--questions 80]

The whole bot (`bot.build_app`, a fresh database in a temporary folder), no messenger:
`--villagers` villagers each ask `--questions` questions one after another (the first
phrasing of each knowledge-base entry, in turn) through `BotCore.handle`, as a channel
does. Measured in one run:

- baseline: the villagers alone, asking for `--baseline-seconds` (about as long as a
  phase with files lasts), once first and once last (the machine is shared: its load
  moves during a run); the two together are the baseline;
- during reads: the same, the villagers going on asking until an admin has sent
  `--rounds` times every crafted file of `tests/crafted_xlsx.py` (each refused) and a list of
  `--rows` members whose sheet declares `A1:XFD50000` with every phone number wrong (read
  and checked in full, nothing written);
- during imports: the same list with good phone numbers, imported (16,000 new members,
  then unchanged on the next round) — its write transaction is in the figures too;
- during reads in a thread: the reads again, with `check_file` in a worker thread as it
  was before the reader process (members/importer.py), for comparison.

Target (issue 13): villagers' p99 during the reads ≤ 2× the baseline p99.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import re
import statistics
import tempfile
import time
import zipfile
from collections.abc import Iterator
from dataclasses import replace
from io import BytesIO
from pathlib import Path
from typing import Any

from benchmarks.members_import import rows as member_rows
from benchmarks.members_import import xlsx as member_xlsx

ROOT = Path(__file__).resolve().parents[1]
TARGET_RATIO = 2.0


def huge_list(count: int, *, phones: bool = True) -> bytes:
    """A real member list whose sheet declares A1:XFD50000; without `phones`, every row's
    phone number is wrong (the file is read and checked, and nothing is written)."""
    table = member_rows(count)
    if not phones:
        table = [[name, "không có", *rest] for name, _, *rest in table]
    data = member_xlsx(table)
    from tests.crafted_xlsx import SHEET, rewrite

    sheet = zipfile.ZipFile(BytesIO(data)).read(SHEET)
    declared = b'<dimension ref="A1:XFD50000"/>'
    if b"<dimension" in sheet:
        sheet = re.sub(rb"<dimension [^>]*/>", declared, sheet)
    else:
        sheet = sheet.replace(b"<sheetData", declared + b"<sheetData", 1)
    return rewrite(data, {SHEET: sheet})


@contextlib.contextmanager
def read_in_a_thread() -> Iterator[None]:
    """The reading as it was before the reader process: `check_file` in a worker thread."""
    from members import importer

    async def in_thread(*args: Any) -> Any:
        return await asyncio.get_running_loop().run_in_executor(None, importer.check_file,
                                                                *args)

    kept = importer.read_elsewhere
    importer.read_elsewhere = in_thread  # type: ignore[assignment]
    try:
        yield
    finally:
        importer.read_elsewhere = kept


def quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


async def villagers(app, count: int, questions: list[str], per_villager: int, tag: str,
                    until: asyncio.Event | None = None) -> list[float]:
    """Each villager asks `per_villager` questions one after another, and goes on asking
    until `until` is set (the files sent meanwhile have all been read)."""
    from core.testing import Conversation

    latencies: list[float] = []

    async def one(index: int) -> None:
        chat = Conversation(app.core, user_id=f"{tag}-{index}", display_name=f"Dân {index}")
        n = 0
        while n < per_villager or (until is not None and not until.is_set()):
            start = time.perf_counter()
            await chat.say(questions[(index * 7 + n) % len(questions)])
            latencies.append((time.perf_counter() - start) * 1000)
            n += 1

    await asyncio.gather(*(one(i) for i in range(count)))
    return latencies


async def during(app, files: list[tuple[str, bytes]], args: argparse.Namespace,
                 questions: list[str], tag: str) -> tuple[list[float], dict[str, list]]:
    """Villagers' latencies while an admin sends `files` again and again; and per file the
    seconds each read took and the first line of the reply."""
    from core.testing import Conversation

    admin = Conversation(app.core, platform="bench", user_id="admin", display_name="Quản trị")
    done = asyncio.Event()
    reads: dict[str, list] = {}

    async def send_files() -> None:
        for _ in range(args.rounds):
            for name, data in files:
                start = time.perf_counter()
                await admin.send_file(name, data)
                reads.setdefault(name, [[], ""])[0].append(time.perf_counter() - start)
                reads[name][1] = admin.text.split("\n")[0][:60]
        done.set()

    sender = asyncio.create_task(send_files())
    await asyncio.sleep(0.05)  # the first read has started
    latencies = await villagers(app, args.villagers, questions, args.questions, tag, done)
    await sender
    return latencies, reads


def summary(label: str, values: list[float], baseline_p99: float | None) -> str:
    p99 = quantile(values, 0.99)
    line = (f"{label:34s} p50 {statistics.median(values):7.1f} ms   p99 {p99:7.1f} ms"
            f"   max {max(values):7.1f} ms")
    if baseline_p99:
        ratio = p99 / baseline_p99
        line += (f"   p99 ×{ratio:.1f} (target ≤ {TARGET_RATIO:g}: "
                 f"{'met' if ratio <= TARGET_RATIO else 'missed'})")
    return line


async def run(args: argparse.Namespace) -> str:
    from bot import build_app, load_config
    from core.ratelimit import RateLimiter
    from tests.crafted_xlsx import CRAFTED, READ_AS_HELD

    for name in ("TELEGRAM_BOT_TOKEN", "ZALO_BOT_TOKEN"):
        os.environ.pop(name, None)
    big = f"ds-{args.rows // 1000}k-XFD50000.xlsx"
    read_only = [(f"{name}.xlsx", make()) for name, make in CRAFTED.items()
                 if name not in READ_AS_HELD]
    read_only.append((f"bad-phones-{big}", huge_list(args.rows, phones=False)))
    importing = [(big, huge_list(args.rows))]
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory() as folder:
        loaded = load_config(ROOT / "config.yaml")
        config = replace(loaded, bot=replace(loaded.bot, database=Path(folder) / "bot.sqlite3",
                                             admins=frozenset({("bench", "admin")})))
        app = await build_app(config)
        # Each villager types faster than a person; the flood limit has its own tests.
        app.core.limiter = RateLimiter(burst=100_000, per_minute=1_000_000)
        try:
            questions = [e.questions[0] for e in app.faq.kb.entries if e.questions]
            # Every question once first: the matcher caches what it saw, in every phase alike.
            await villagers(app, 1, questions, len(questions), "warm")
            quiet = asyncio.Event()
            asyncio.get_running_loop().call_later(args.baseline_seconds, quiet.set)
            baseline = await villagers(app, args.villagers, questions, args.questions, "a",
                                       quiet)
            reading, read_files = await during(app, read_only, args, questions, "b")
            writing, written = await during(app, importing, args, questions, "c")
            with read_in_a_thread():
                threaded, _ = await during(app, read_only, args, questions, "d")
            quiet = asyncio.Event()
            asyncio.get_running_loop().call_later(args.baseline_seconds, quiet.set)
            after = await villagers(app, args.villagers, questions, args.questions, "e", quiet)
        finally:
            await app.close()
    p99 = quantile(baseline + after, 0.99)  # the baseline: both quiet phases together
    loads = f"{' '.join(f'{x:.2f}' for x in load_before)} → " \
            f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}"
    lines = [
        f"{args.villagers} villagers, each asking ≥ {args.questions} questions a phase; "
        f"load average (1, 5, 15 min) {loads}",
        summary("no file, first", baseline, None),
        summary("no file, last", after, None),
        summary("baseline: both together", baseline + after, None),
        summary("during reads (nothing written)", reading, p99),
        summary(f"during imports of {args.rows:,} rows", writing, p99),
        summary("during reads, in a thread (before)", threaded, p99),
        "files sent meanwhile (median seconds, times, first line of the reply):",
    ]
    for name, (times, reply) in {**read_files, **written}.items():
        lines.append(f"  {name:34s} {statistics.median(times):6.2f} s ×{len(times)}  {reply}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--villagers", type=int, default=8)
    parser.add_argument("--questions", type=int, default=80)
    parser.add_argument("--rows", type=int, default=16_000)
    parser.add_argument("--rounds", type=int, default=2, help="times each file is sent")
    parser.add_argument("--baseline-seconds", type=float, default=15.0,
                        help="the baseline villagers go on asking this long")
    print(asyncio.run(run(parser.parse_args())))


if __name__ == "__main__":
    main()

"""Benchmark: a synthetic Thanh Hóa year of activity logs, logging through the core, statistics
and export.

    .venv/bin/python -m benchmarks.activity_stats [--logs 6000000] [--quick 3000]
                                                  [--keep DIR [--reuse]]

Data: the 166 communes of Thanh Hóa (2025 map), 4,300 villages, 16,000 approved members and
`--logs` logs spread over 2026, generated with INSERT…SELECT over a recursive CTE in batches;
the triggers of 0003_activity.sql keep the daily aggregates in step, in the same statement as
each log (exactly as when the bot saves one). The aggregate tables are then checked against
the same figures recomputed from the logs; the run stops if one row differs.

Measured (medians), each against a baseline in the same run:
- logging throughput: BotCore.handle with quick-form messages ("/ghinhan vneid 3") from many
  members at once; baseline: Logbook.save alone (no routing, no dedupe, no reply);
- province-wide statistics of one month (StatsReader.compute): aggregates vs the same figures
  computed from the plain logs table, given a covering index by date for the occasion;
- one commune's statistics of a month: same comparison;
- export of a month for the province (/xuat through the core: XLSX + CSV + raw logs);
- the province report pack of a month (/baocao through the core: one XLSX with coverage,
  targets and requests), against the export above;
- database size.

Every commune and every village has a target for every indicator of config.yaml (set before
measuring), so the statistics include coverage and progress against targets.

Targets (issues 5 and 14): logging ≥ 1,000 logs/s; province month ≤ 300 ms; commune month
≤ 50 ms; province export ≤ 5 s; province report pack ≤ 10 s.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

VILLAGES = 4300
MEMBERS = 16000
BATCH = 500_000
NOW = datetime(2026, 12, 15, 3, 0, tzinfo=UTC)
MONTH = (date(2026, 10, 1), date(2026, 10, 31))
SERVICES = ("vneid", "dvc", "thanhtoan", "bhxh", "sosuckhoe", "chukyso", "tmdt", "attt", "khac")
PLAIN_INDEX = "bench_plain_logs_by_date"
TARGETS = {"logging": 1000.0, "province_ms": 300.0, "commune_ms": 50.0, "export_s": 5.0,
           "pack_s": 10.0}


def populate(path: Path, logs: int) -> float:
    """Villages, members and `logs` random logs of 2026; returns the seconds it took."""
    started = time.perf_counter()
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA synchronous=OFF")
    communes = [r[0] for r in conn.execute("SELECT code FROM communes ORDER BY code")]
    stamp = "2026-01-01T00:00:00Z"
    conn.execute("BEGIN")
    conn.executemany(
        "INSERT INTO villages (id, commune_code, name, match_key, created_at)"
        " VALUES (?, ?, ?, ?, ?)",
        [(i + 1, communes[i % len(communes)], f"Thôn {i // len(communes) + 1}",
          f"thon {i // len(communes) + 1}", stamp) for i in range(VILLAGES)])
    conn.executemany(
        "INSERT INTO members (id, full_name, phone, village_id, team_role, organisation,"
        " status, created_at, updated_at, decided_at)"
        " VALUES (?, ?, ?, ?, 'member', 'citizen', 'approved', ?, ?, ?)",
        [(i + 1, f"Thành viên {i + 1}", f"+8491{i:07d}", i % VILLAGES + 1, stamp, stamp, stamp)
         for i in range(MEMBERS)])
    conn.executemany(
        "INSERT INTO identities (platform, user_id, member_id, linked_at) VALUES (?, ?, ?, ?)",
        [("bench", f"m{i + 1}", i + 1, stamp) for i in range(MEMBERS)])
    conn.execute("CREATE TEMP TABLE services (n INTEGER PRIMARY KEY, code TEXT)")
    conn.executemany("INSERT INTO services VALUES (?, ?)", list(enumerate(SERVICES)))
    conn.execute("COMMIT")
    done = 0
    while done < logs:
        size = min(BATCH, logs - done)
        conn.execute("BEGIN")
        conn.execute(
            "WITH RECURSIVE n(i) AS (SELECT ? UNION ALL SELECT i + 1 FROM n WHERE i < ?),"
            # MATERIALIZED: without it SQLite may evaluate random() again at each use of r,
            # so a log's member, village and commune would not belong together.
            " r AS MATERIALIZED (SELECT i, 1 + abs(random()) % ? AS member,"
            "       abs(random()) % 9 AS service,"
            # Days in order of the logs' ids, as a bot appends them over the year (random
            # days would scatter each month's logs over the whole table, which no real
            # database looks like).
            "       date('2026-01-01', '+' || ((i - 1) * 365 / ?) || ' days') AS day,"
            "       1 + abs(random()) % 12 AS people FROM n)"
            " INSERT INTO activity_logs (member_id, village_id, commune_code, service_code,"
            " people, activity_date, note, created_at, source_key)"
            " SELECT r.member, m.village_id, v.commune_code, s.code, r.people, r.day, '',"
            " r.day || 'T03:00:00Z', 'seed:' || r.i FROM r"
            " JOIN members m ON m.id = r.member JOIN villages v ON v.id = m.village_id"
            " JOIN services s ON s.n = r.service",
            (done + 1, done + size, MEMBERS, logs))
        conn.execute("COMMIT")
        done += size
        print(f"  {done:,} logs in {time.perf_counter() - started:.0f} s", flush=True)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.execute("ANALYZE")
    conn.close()
    return time.perf_counter() - started


def check_aggregates(path: Path) -> dict[str, tuple[int, int]]:
    """Each aggregate table against the same figures recomputed from the logs (the rebuild
    queries of activity/aggregates.py): table → (rows, rows that differ either way)."""
    from activity.aggregates import REBUILD_STATEMENTS

    conn = sqlite3.connect(path)
    found: dict[str, tuple[int, int]] = {}
    try:
        for statement in REBUILD_STATEMENTS:
            if not statement.startswith("INSERT"):
                continue
            head, select = statement.split(" SELECT ", 1)
            table, columns = head.removeprefix("INSERT INTO ").split(" ", 1)
            stored = f"SELECT {columns.strip('()')} FROM {table}"
            recomputed = f"SELECT {select}"
            differ = sum(conn.execute(f"SELECT COUNT(*) FROM ({a} EXCEPT {b})").fetchone()[0]
                         for a, b in ((stored, recomputed), (recomputed, stored)))
            found[table] = (conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0], differ)
    finally:
        conn.close()
    return found


async def timed(factory: Callable[[], Awaitable[Any]], runs: int) -> tuple[float, Any]:
    """Median seconds of `runs` awaits of factory(), and the last result."""
    times, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = await factory()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


# --- the same figures from the plain logs table (baseline) ------------------------------------

async def plain_stats(db, commune: str | None, start: date, end: date) -> tuple:
    where = "activity_date BETWEEN ? AND ? AND deleted_at IS NULL"
    params: tuple = (start.isoformat(), end.isoformat())
    if commune:
        where = "commune_code = ? AND " + where
        params = (commune, *params)
    area = "village_id" if commune else "commune_code"
    by_service = await db.fetchall(
        f"SELECT service_code, COUNT(*), SUM(people) FROM activity_logs WHERE {where}"
        " GROUP BY service_code", params)
    by_area = await db.fetchall(
        f"SELECT {area}, COUNT(*), SUM(people), COUNT(DISTINCT member_id) FROM activity_logs"
        f" WHERE {where} GROUP BY {area}", params)
    active = await db.fetchone(
        f"SELECT COUNT(DISTINCT member_id), COUNT(DISTINCT village_id) FROM activity_logs"
        f" WHERE {where}", params)
    return by_service, by_area, active


async def measure(path: Path, quick: int) -> dict:
    from activity.dates import Period
    from activity.scope import PROVINCE
    from bot import build_app, load_config
    from core.model import Chat, Sender, command_event
    from tests.activity_kit import FakeClock

    config = load_config(ROOT / "config.yaml")
    config = replace(config, bot=replace(config.bot, database=path,
                                         admins=frozenset({("bench", "admin")})))
    app = await build_app(config, clock=FakeClock(NOW))
    assert app.activity is not None  # the shipped config enables activity
    services = app.activity.services
    period = Period(*MONTH)
    results: dict = {}
    try:
        # Targets for every commune (as a whole) and every village, for every indicator.
        for indicator in services.targets.indicators:
            await app.db.write(
                "INSERT OR REPLACE INTO activity_targets (commune_code, village_id, indicator,"
                " year, target, set_at, set_by) SELECT code, 0, ?, 2026, 5000,"
                " '2026-01-02T00:00:00Z', 'bench' FROM communes", (indicator.code,))
            await app.db.write(
                "INSERT OR REPLACE INTO activity_targets (commune_code, village_id, indicator,"
                " year, target, set_at, set_by) SELECT commune_code, id, ?, 2026, 200,"
                " '2026-01-02T00:00:00Z', 'bench' FROM villages", (indicator.code,))
        # Province and commune statistics: aggregates vs plain logs.
        results["province_ms"], stats = await timed(
            lambda: services.stats.compute(PROVINCE, period), 5)
        # The baseline gets the index its query needs: by date, covering the columns read.
        await app.db.write(f"CREATE INDEX {PLAIN_INDEX} ON activity_logs (activity_date,"
                           " commune_code, village_id, member_id, service_code, people)"
                           " WHERE deleted_at IS NULL")
        results["province_plain_ms"], _ = await timed(
            lambda: plain_stats(app.db, None, *MONTH), 3)
        await app.db.write(f"DROP INDEX {PLAIN_INDEX}")  # the bot has no such index
        results["province_logs"] = stats.totals.sessions
        communes = [r["code"] for r in await app.db.fetchall(
            "SELECT code FROM communes ORDER BY code LIMIT 20")]
        times, plain = [], []
        for code in communes:
            scope = await services.scopes.commune(code)
            assert scope is not None
            started = time.perf_counter()
            await services.stats.compute(scope, period)
            times.append(time.perf_counter() - started)
            started = time.perf_counter()
            await plain_stats(app.db, code, *MONTH)
            plain.append(time.perf_counter() - started)
        results["commune_ms"], results["commune_plain_ms"] = (
            statistics.median(times), statistics.median(plain))
        # Export of a month for the province, through the core.
        admin = Sender("bench", "admin")

        async def export():
            msg = command_event(admin, Chat("admin"), "/xuat 01/10/2026-31/10/2026",
                                update_id=f"x{time.perf_counter_ns()}")
            return await app.core.handle(msg)

        results["export_s"], replies = await timed(export, 3)
        results["export_bytes"] = sum(len(r.file.data) for r in replies if r.file)

        async def pack():
            msg = command_event(admin, Chat("admin"), "/baocao tháng 10",
                                update_id=f"b{time.perf_counter_ns()}")
            return await app.core.handle(msg)

        results["pack_s"], replies = await timed(pack, 3)
        files = [r.file for r in replies if r.file]
        assert len(files) == 1 and files[0].filename.endswith(".xlsx"), replies
        results["pack_bytes"] = len(files[0].data)
        assert stats.progress and all(p.target for p in stats.progress)  # targets counted
        # Logging through the core: many members at once, quick form (ids and keys new in
        # every run, so a run on a reused database saves them again).
        run = time.time_ns()

        async def one(i: int):
            member = i % MEMBERS + 1
            msg = command_event(Sender("bench", f"m{member}"), Chat(f"m{member}"),
                                f"/ghinhan {SERVICES[i % 9]} {i % 20 + 1}",
                                update_id=f"q{run}-{i}")
            return await app.core.handle(msg)

        started = time.perf_counter()
        for first in range(0, quick, 100):
            await asyncio.gather(*(one(i) for i in range(first, min(first + 100, quick))))
        results["logging"] = quick / (time.perf_counter() - started)
        check = await one(0)
        assert check == [], check  # a redelivered update is not saved twice
        started = time.perf_counter()
        for i in range(quick):
            await services.logbook.save(member_id=i % MEMBERS + 1, village_id=i % VILLAGES + 1,
                                        service_code="vneid", people=3, day=NOW.date(),
                                        note="", source_key=f"plain:{run}:{i}")
        results["logging_plain"] = quick / (time.perf_counter() - started)
    finally:
        await app.close()
    return results


def size_mb(path: Path) -> float:
    total = sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))
    return total / 1e6


async def prepare(path: Path) -> None:
    from core.database import Database
    from members.places import sync_communes

    db = await Database.open(path)
    await sync_communes(db, "38")
    await db.close()


def generate(path: Path, logs: int) -> None:
    """A new benchmark database at `path`, its aggregates checked against its logs."""
    for old in path.parent.glob("bench.sqlite3*"):
        old.unlink()
    asyncio.run(prepare(path))
    print(f"generating {logs:,} logs, {MEMBERS:,} members, {VILLAGES:,} villages …")
    seconds = populate(path, logs)
    print(f"generated in {seconds:.0f} s ({logs / seconds:,.0f} logs/s with aggregates);"
          f" database {size_mb(path):,.0f} MB")
    checks = check_aggregates(path)
    for table, (rows, differ) in checks.items():
        print(f"  {table}: {rows:,} rows, {differ} differ from the logs")
    if any(differ for _, differ in checks.values()):
        raise SystemExit("the aggregate tables do not match the logs")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--logs", type=int, default=6_000_000)
    parser.add_argument("--quick", type=int, default=3000, help="logs sent through the core")
    parser.add_argument("--keep", type=Path, help="folder to keep the database in")
    parser.add_argument("--reuse", action="store_true",
                        help="measure the database kept in --keep by an earlier run (it was"
                             " checked then) instead of generating a new one")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="activity-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "bench.sqlite3"
    if args.reuse and path.exists():
        print(f"measuring the database kept in {path} ({size_mb(path):,.0f} MB)")
    else:
        generate(path, args.logs)
    r = asyncio.run(measure(path, args.quick))

    def verdict(ok: bool) -> str:
        return "OK" if ok else "MISSED"

    print(f"\nprovince, one month ({r['province_logs']:,} logs):"
          f" {r['province_ms'] * 1000:.0f} ms median (plain logs table:"
          f" {r['province_plain_ms'] * 1000:.0f} ms) — target ≤ {TARGETS['province_ms']:.0f} ms"
          f" {verdict(r['province_ms'] * 1000 <= TARGETS['province_ms'])}")
    print(f"one commune, one month: {r['commune_ms'] * 1000:.1f} ms median over 20 communes"
          f" (plain logs table: {r['commune_plain_ms'] * 1000:.1f} ms) — target ≤"
          f" {TARGETS['commune_ms']:.0f} ms {verdict(r['commune_ms'] * 1000 <= 50)}")
    print(f"export, province, one month (/xuat through the core): {r['export_s']:.2f} s median,"
          f" {r['export_bytes'] / 1e6:.1f} MB of files — target ≤ {TARGETS['export_s']:.0f} s"
          f" {verdict(r['export_s'] <= TARGETS['export_s'])}")
    print(f"report pack, province, one month (/baocao through the core): {r['pack_s']:.2f} s"
          f" median, {r['pack_bytes'] / 1e6:.2f} MB (the /xuat export above:"
          f" {r['export_s']:.2f} s) — target ≤ {TARGETS['pack_s']:.0f} s"
          f" {verdict(r['pack_s'] <= TARGETS['pack_s'])}")
    print(f"logging through the core: {r['logging']:,.0f} logs/s (Logbook.save alone:"
          f" {r['logging_plain']:,.0f} logs/s) — target ≥ {TARGETS['logging']:,.0f}"
          f" {verdict(r['logging'] >= TARGETS['logging'])}")
    print(f"database size: {size_mb(path):,.0f} MB ({path})")
    if not args.keep:
        for old in folder.glob("bench.sqlite3*"):
            old.unlink()
        os.rmdir(folder)


if __name__ == "__main__":
    main()

"""Benchmark: importing a province's teams from one file, and finding a member by account.

    .venv/bin/python -m benchmarks.members_import [--members 16000] [--lookups 3000]

Import: a generated XLSX (and the same list as CSV) of 16,000 members over all 166 communes
of Thanh Hóa (25 villages each), imported with `python -m members import` into a fresh
database, each run in a child process so its peak memory (max RSS) is its own. The same
file is then imported again (idempotent: nothing changes). The baseline, in the same run,
is the child process checking the file without writing (`--dry-run`): reading and
validating every row, so the difference is the database's cost.

Lookup: MemberPrincipals.principal_of (what the bot does on every message) over the
16,000 members, each given a Telegram account (read at once by Database.lookup);
baseline: a bare `SELECT 1` through the database's aiosqlite connection.

Targets (issue 4): import ≤ 10 s and ≤ 300 MB; lookup median ≤ 1 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import io
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from openpyxl import Workbook

ROOT = Path(__file__).resolve().parents[1]
TARGET_IMPORT_S = 10.0
TARGET_RSS_MB = 300.0
TARGET_LOOKUP_MS = 1.0
ROLES = ("Thành viên", "Thành viên", "Thành viên", "Tổ phó", "Tổ trưởng")
ORGS = ("Công an", "Đoàn thanh niên", "Hội phụ nữ", "Người dân", "Viễn thông", "")
FIRST = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đỗ", "Bùi", "Đặng", "Ngô")
MIDDLE = ("Văn", "Thị", "Hữu", "Minh", "Ngọc", "Đức")
LAST = ("An", "Bình", "Cường", "Dung", "Giang", "Hà", "Hải", "Lan", "Mai", "Nam", "Tâm")


def rows(count: int) -> list[list[str]]:
    from members.places import province_communes

    communes = province_communes("38")
    result = []
    for i in range(count):
        commune = communes[i % len(communes)]
        village = f"Thôn {(i // len(communes)) % 25 + 1}"
        name = f"{FIRST[i % 10]} {MIDDLE[i // 10 % 6]} {LAST[i // 60 % 11]}"
        result.append([name, f"09{12000000 + i:08d}", commune.name, village,
                       ROLES[i % 5], ORGS[i % 6]])
    return result


def xlsx(data: list[list[str]]) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(["Họ và tên", "Số điện thoại", "Xã/Phường", "Thôn/Tổ dân phố", "Vai trò",
                  "Tổ chức"])
    for row in data:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def config_for(database: Path, folder: Path) -> Path:
    text = (ROOT / "config.yaml").read_text(encoding="utf-8")
    text = text.replace("database: data/bot.sqlite3", f"database: {database}")
    path = folder / "config.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def run_cli(args: list[str]) -> tuple[float, float, str]:
    """(seconds, max RSS in MB of the child, last output line) of `python -m members ...`."""
    script = (
        "import resource, subprocess, sys, time\n"
        "start = time.perf_counter()\n"
        "done = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
        "elapsed = time.perf_counter() - start\n"
        "rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024\n"
        "print(f'{elapsed} {rss} {done.returncode}')\n"
        "print(done.stdout.strip().splitlines()[0] if done.stdout.strip() else done.stderr)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script, sys.executable, "-m", "members", *args],
        cwd=ROOT, capture_output=True, text=True, check=True,
    ).stdout.splitlines()
    seconds, rss, code = out[0].split()
    return float(seconds), float(rss), f"exit {code}: {out[1] if len(out) > 1 else ''}"


async def lookups(database: Path, count: int) -> tuple[list[float], list[float]]:
    from core.database import Database
    from core.model import Sender
    from core.roles import ConfigAdmins
    from members.principals import MemberPrincipals

    db = await Database.open(database)
    try:
        await db.write(
            "INSERT OR IGNORE INTO identities (platform, user_id, member_id, linked_at)"
            " SELECT 'telegram', CAST(100000 + id AS TEXT), id, '2026-01-01T00:00:00Z'"
            " FROM members"
        )
        ids = [r["id"] for r in await db.fetchall("SELECT id FROM members")]
        principals = MemberPrincipals(db, ConfigAdmins(frozenset()))
        rng = random.Random(4)
        looked, baseline = [], []
        for _ in range(count):
            sender = Sender("telegram", str(100000 + rng.choice(ids)))
            start = time.perf_counter()
            principal = await principals.principal_of(sender)
            looked.append((time.perf_counter() - start) * 1000)
            assert principal.member_id is not None
            start = time.perf_counter()
            await db.fetchone("SELECT 1")
            baseline.append((time.perf_counter() - start) * 1000)
        return looked, baseline
    finally:
        await db.close()


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--members", type=int, default=16_000)
    parser.add_argument("--lookups", type=int, default=3_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        data = rows(args.members)
        xlsx_file, csv_file = folder / "to-cds.xlsx", folder / "to-cds.csv"
        xlsx_file.write_bytes(xlsx(data))
        csv_file.write_text(
            "Họ và tên,Số điện thoại,Xã/Phường,Thôn/Tổ dân phố,Vai trò,Tổ chức\n"
            + "\n".join(",".join(r) for r in data), encoding="utf-8-sig")
        print(f"{args.members} members, {xlsx_file.stat().st_size // 1024} KB XLSX, "
              f"{csv_file.stat().st_size // 1024} KB CSV")
        results = {}
        for label, file in (("xlsx", xlsx_file), ("csv", csv_file)):
            database = folder / f"{label}.sqlite3"
            config = str(config_for(database, folder))
            results[label] = (
                run_cli(["import", str(file), "--config", config, "--dry-run"]),
                run_cli(["import", str(file), "--config", config]),
                run_cli(["import", str(file), "--config", config]),
            )
        print(f"{'file':<5} {'step':<28} {'seconds':>8} {'max RSS MB':>11}  result")
        names = ("baseline: check only", "import into empty database", "import again (no change)")
        for label, runs in results.items():
            for name, (seconds, rss, result) in zip(names, runs, strict=True):
                print(f"{label:<5} {name:<28} {seconds:>8.2f} {rss:>11.0f}  {result[:70]}")
        looked, baseline = asyncio.run(lookups(folder / "xlsx.sqlite3", args.lookups))
    print(f"lookup by platform id ({args.lookups}×): median {statistics.median(looked):.3f} ms, "
          f"p99 {pct(looked, 0.99):.3f} ms; baseline SELECT 1: median "
          f"{statistics.median(baseline):.3f} ms, p99 {pct(baseline, 0.99):.3f} ms")
    worst_import = max(runs[1][0] for runs in results.values())
    worst_rss = max(run[1] for runs in results.values() for run in runs)
    ok = (worst_import <= TARGET_IMPORT_S and worst_rss <= TARGET_RSS_MB
          and statistics.median(looked) <= TARGET_LOOKUP_MS)
    print(f"targets: import ≤ {TARGET_IMPORT_S:.0f} s ({worst_import:.2f}), "
          f"≤ {TARGET_RSS_MB:.0f} MB ({worst_rss:.0f}), lookup median ≤ {TARGET_LOOKUP_MS} ms: "
          + ("met" if ok else "NOT met"))
    own_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    print(f"(this process: max RSS {own_rss} MB)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

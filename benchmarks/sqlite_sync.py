"""What `PRAGMA synchronous=FULL` costs against NORMAL (WAL), on this machine's disk.

    python -m benchmarks.sqlite_sync [--commits 2000] [--folder data]

Each commit is one small INSERT, as a logged message makes; medians of per-commit times.
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path


def measure(folder: Path, level: str, commits: int) -> tuple[float, float]:
    path = folder / f"sync-{level}.sqlite3"
    path.unlink(missing_ok=True)
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute(f"PRAGMA synchronous={level}")
    conn.execute("CREATE TABLE logs (id INTEGER PRIMARY KEY, note TEXT)")
    times = []
    for n in range(commits):
        start = time.perf_counter()
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("INSERT INTO logs (note) VALUES (?)", (f"log {n}",))
        conn.execute("COMMIT")
        times.append(time.perf_counter() - start)
    conn.close()
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    times.sort()
    return statistics.median(times) * 1000, times[int(len(times) * 0.99)] * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--commits", type=int, default=2000)
    parser.add_argument("--folder", type=Path, default=None)
    args = parser.parse_args()
    folder = args.folder or Path(tempfile.mkdtemp(dir=Path.cwd()))
    folder.mkdir(parents=True, exist_ok=True)
    for level in ("NORMAL", "FULL"):
        p50, p99 = measure(folder, level, args.commits)
        print(f"{level:6} p50 {p50:.3f} ms  p99 {p99:.3f} ms  ≈ {1000 / p50:,.0f} commits/s")


if __name__ == "__main__":
    main()

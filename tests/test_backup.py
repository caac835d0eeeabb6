"""`python -m core backup`: a consistent copy while the bot writes, dated copies pruned."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import yaml

from core.backup import backup
from tests.conftest import ROOT


def test_a_copy_taken_while_someone_writes_is_consistent(tmp_path: Path) -> None:
    source = tmp_path / "bot.sqlite3"
    with sqlite3.connect(source) as db:
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("CREATE TABLE logs (id INTEGER PRIMARY KEY, a INTEGER, b INTEGER)")
    done = threading.Event()

    def writer() -> None:  # every transaction keeps a == b
        conn = sqlite3.connect(source, timeout=30)
        n = 0
        while not done.is_set():
            n += 1
            with conn:
                conn.execute("INSERT INTO logs (a, b) VALUES (?, ?)", (n, n))
        conn.close()

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        copies = [backup(source, tmp_path / "backups", keep=3,
                         now=datetime(2026, 12, 1, tzinfo=UTC) + timedelta(minutes=i))
                  for i in range(5)]
    finally:
        done.set()
        thread.join()
    kept = sorted((tmp_path / "backups").glob("bot-*.sqlite3"))
    assert kept == copies[-3:]  # the two oldest pruned
    for copy in kept:
        with sqlite3.connect(copy) as db:
            assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            assert db.execute("SELECT COUNT(*) FROM logs WHERE a != b").fetchone()[0] == 0


def test_the_command_reads_the_database_path_from_config(tmp_path: Path) -> None:
    settings = yaml.safe_load((ROOT / "config.yaml").read_text(encoding="utf-8"))
    settings["bot"]["database"] = str(tmp_path / "bot.sqlite3")
    config = tmp_path / "config.yaml"
    config.write_text(yaml.safe_dump(settings, allow_unicode=True), encoding="utf-8")
    with sqlite3.connect(tmp_path / "bot.sqlite3") as db:
        db.execute("CREATE TABLE t (x)")
        db.execute("INSERT INTO t VALUES (42)")
    result = subprocess.run([sys.executable, "-m", "core", "backup", str(tmp_path / "copy.sqlite3"),
                             "--config", str(config)], capture_output=True, text=True, cwd=ROOT,
                            timeout=60)
    assert result.returncode == 0, result.stderr
    with sqlite3.connect(tmp_path / "copy.sqlite3") as db:
        assert db.execute("SELECT x FROM t").fetchone()[0] == 42
    missing = subprocess.run([sys.executable, "-m", "core", "backup", str(tmp_path / "b"),
                              "--config", str(config).replace("config", "nothing")],
                             capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert missing.returncode == 2 and "không tìm thấy" in missing.stderr

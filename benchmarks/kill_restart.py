"""kill -9 under load: does any logged session get lost, doubled or silently dropped?

    python -m benchmarks.kill_restart [--members 40] [--logs 20] [--kills 20] [--rate 60]

Runs the real bot (`bot.py`, its own process) on Telegram against the local fake Bot API
(tests/fake_telegram.py, which keeps every update until a later getUpdates confirms it, as
Telegram does). Approved members send `/ghinhan vneid 2 hôm nay k<N>` (N unique) at `--rate`
a second; meanwhile the bot is killed with SIGKILL `--kills` times at random moments and
started again. At the end every message must be in the database exactly once and confirmed
to its member ("đã lưu ghi nhận") at least once. Reported per message:

- lost: neither saved nor answered;         - doubled: saved more than once;
- silently dropped: not saved, and the member was told nothing about it;
- saved but unconfirmed: in the database, but the member never read "đã lưu" (they would
  type it again); target 0 for all four. Exit code 1 when any is not 0.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import random
import re
import signal
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.fake_telegram import TOKEN, FakeBotApi  # noqa: E402

FIRST_USER = 500_000
NOTE = re.compile(r"\bk(\d+)\b")


def write_config(folder: Path, base_url: str) -> Path:
    settings = yaml.safe_load((ROOT / "config.yaml").read_text(encoding="utf-8"))
    settings["bot"]["database"] = str(folder / "bot.sqlite3")
    settings["bot"]["log_level"] = "WARNING"
    for key in ("knowledge_base", "abbreviations"):
        settings["faq"][key] = str(ROOT / settings["faq"][key])
    settings["channels"]["telegram"]["base_url"] = base_url
    settings["channels"]["telegram"]["max_messages_per_second"] = 1000
    settings["activity"]["weekly_summary"]["enabled"] = False
    path = folder / "config.yaml"
    path.write_text(yaml.safe_dump(settings, allow_unicode=True), encoding="utf-8")
    return path


async def seed(config: Path, members: int) -> None:
    """Migrate the database and add approved members with Telegram accounts."""
    from bot import build_app, load_config

    app = await build_app(load_config(config))
    try:
        db = app.db
        commune = await db.fetchone("SELECT code FROM communes ORDER BY code LIMIT 1")
        assert commune is not None, "no communes: the province was not loaded"
        cursor = await db.write(
            "INSERT INTO villages (commune_code, name, match_key, created_at)"
            " VALUES (?, 'Thôn 1', 'thon 1', '2026-01-01T00:00:00Z')", (commune["code"],))
        for n in range(members):
            member = await db.write(
                "INSERT INTO members (full_name, phone, village_id, team_role, organisation,"
                " status, created_at, updated_at, decided_at) VALUES (?, ?, ?, 'member',"
                " 'citizen', 'approved', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z',"
                " '2026-01-01T00:00:00Z')", (f"Thành viên {n}", f"+8491{n:07d}", cursor.lastrowid))
            await db.write(
                "INSERT INTO identities (platform, user_id, member_id, linked_at)"
                " VALUES ('telegram', ?, ?, '2026-01-01T00:00:00Z')",
                (str(FIRST_USER + n), member.lastrowid))
    finally:
        await app.close()


async def start_bot(config: Path, api: FakeBotApi) -> asyncio.subprocess.Process:
    env = {k: v for k, v in os.environ.items() if k != "ZALO_BOT_TOKEN"}
    env["TELEGRAM_BOT_TOKEN"] = TOKEN
    before = len(api.calls_of("getUpdates"))
    process = await asyncio.create_subprocess_exec(
        sys.executable, str(ROOT / "bot.py"), "--config", str(config), cwd=config.parent,
        env=env, stdin=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL)
    deadline = time.monotonic() + 180
    while len(api.calls_of("getUpdates")) <= before:  # polling again
        if time.monotonic() > deadline or process.returncode is not None:
            raise RuntimeError("the bot did not start polling")
        await asyncio.sleep(0.1)
    return process


async def run(args: argparse.Namespace) -> int:
    rng = random.Random(args.seed)
    folder = Path(tempfile.mkdtemp(prefix="kill-restart-"))
    api = FakeBotApi()
    await api.start()
    config = write_config(folder, api.base_url)
    await seed(config, args.members)
    total = args.members * args.logs
    messages = [(FIRST_USER + k % args.members, f"/ghinhan vneid 2 hôm nay k{k}")
                for k in range(total)]

    async def feed() -> None:
        for user, text in messages:
            api.push(api.text_update(user, text))
            await asyncio.sleep(1 / args.rate)

    started = time.perf_counter()
    process = await start_bot(config, api)
    feeder = asyncio.create_task(feed())
    kills = 0
    while kills < args.kills:  # also after feeding: kills while the backlog is handled
        await asyncio.sleep(rng.uniform(0.2, 1.2))
        process.send_signal(signal.SIGKILL)
        await process.wait()
        kills += 1
        process = await start_bot(config, api)
    await feeder

    def confirmed() -> set[int]:
        found: set[int] = set()
        for sent in api.sent:
            if "đã lưu" in sent.get("text", ""):
                found.update(int(m) for m in NOTE.findall(sent["text"]))
        return found

    with contextlib.suppress(AssertionError):  # what is missing is reported below
        await api.wait_until(lambda: len(confirmed()) >= total, timeout=args.settle)
    process.send_signal(signal.SIGTERM)
    await asyncio.wait_for(process.wait(), 60)
    await api.close()

    with sqlite3.connect(folder / "bot.sqlite3") as db:
        integrity = db.execute("PRAGMA integrity_check").fetchone()[0]
        saved: dict[int, int] = {}
        for (note,) in db.execute("SELECT note FROM activity_logs WHERE deleted_at IS NULL"):
            for match in NOTE.findall(note or ""):
                saved[int(match)] = saved.get(int(match), 0) + 1
    told = confirmed()
    answered_chats = {sent["chat"]["id"] for sent in api.sent}
    lost = [k for k in range(total) if k not in saved and k not in told]
    doubled = [k for k, n in saved.items() if n > 1]
    dropped = [k for k in lost if messages[k][0] not in answered_chats]
    unconfirmed = [k for k in saved if k not in told]
    told_not_saved = [k for k in told if k not in saved]
    print(f"{total} logs from {args.members} members at {args.rate}/s, {kills} kills (SIGKILL),"
          f" {time.perf_counter() - started:.0f} s")
    print(f"saved {len(saved)}, confirmed {len(told)}, integrity {integrity}")
    print(f"lost {len(lost)} · doubled {len(doubled)} · silently dropped {len(dropped)}"
          f" · saved but unconfirmed {len(unconfirmed)} · confirmed but not saved"
          f" {len(told_not_saved)}")
    bad = lost or doubled or dropped or unconfirmed or told_not_saved or integrity != "ok"
    return 1 if bad else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--members", type=int, default=40)
    parser.add_argument("--logs", type=int, default=20, help="logs per member")
    parser.add_argument("--kills", type=int, default=20)
    parser.add_argument("--rate", type=float, default=60.0, help="messages a second")
    parser.add_argument("--settle", type=float, default=120.0,
                        help="seconds to wait for the last answers")
    parser.add_argument("--seed", type=int, default=13)
    return asyncio.run(run(parser.parse_args(argv)))


if __name__ == "__main__":
    sys.exit(main())

"""Benchmark: the whole bot through its Zalo adapter, against the local fake Zalo Bot API.

    .venv/bin/python -m benchmarks.zalo_roundtrip [--villagers 100] [--questions 5]
                                                  [--think 1.0] [--burst 1000]

Each villager asks questions one after another (drawn from the shared dev sets, short and
long, out-of-scope ones included; never the knowledge base's own phrasings), waiting for
the answer and a random think time in between. Latency runs from the moment the message is
queued at the fake server to the moment the answer's sendMessage reaches it: what the person
waits, the bot's polling included. Burst: every question queued at once; throughput =
questions / time until all are answered. Zalo's getUpdates hands out ONE update per call
(as documented), so burst throughput is bounded by getUpdates round trips.

The baseline is the same adapter with a core that answers "ok" at once (no database, no
FAQ), so the bot's own cost shows as the difference. The fake server and the bot share one
event loop and one CPU here; both systems are measured the same way, in the same run.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import tempfile
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from benchmarks.telegram_load import questions as dev_questions
from bot import build_app, load_config
from channels.settings import ChannelSettings
from channels.zalo.api import Backoff
from channels.zalo.channel import ZaloChannel
from core.clock import utc_now
from core.database import Database
from core.model import Incoming, Reply
from core.notifier import Notifier
from tests.fake_zalo import FakeZalo, text_update

ROOT = Path(__file__).resolve().parents[1]


class EchoCore:
    """The baseline: what the adapter costs with a core that does nothing."""

    def __init__(self, db: Database) -> None:
        self.notifier = Notifier()
        self.db = db  # the adapter keeps each update there until answered, as in the bot
        self.clock = utc_now

    async def handle(self, msg: Incoming, *, numbered_options: bool = False) -> list[Reply]:
        return [Reply("ok")]


@dataclass
class Result:
    latencies_ms: list[float]
    paced_seconds: float
    burst_count: int
    burst_seconds: float

    def line(self, name: str) -> str:
        ms = sorted(self.latencies_ms)
        p99 = ms[min(len(ms) - 1, int(len(ms) * 0.99))]
        return (f"{name:<9} {len(ms):>6} {statistics.median(ms):>8.1f} {p99:>8.1f} "
                f"{ms[-1]:>8.1f} {len(ms) / self.paced_seconds:>9.0f} "
                f"{self.burst_count / self.burst_seconds:>9.0f}")


async def measure(core: Any, questions: list[str], args: argparse.Namespace) -> Result:
    fake = await FakeZalo(poll_wait=30).start()
    waiting: dict[str, asyncio.Future[float]] = {}

    def on_send(method: str, payload: dict[str, Any]) -> None:
        future = waiting.pop(payload["chat_id"], None)
        if future is not None and not future.done():
            future.set_result(time.perf_counter())

    fake.on_send = on_send
    settings = ChannelSettings(enabled=True, token=fake.token, token_env="ZALO_BOT_TOKEN",
                               base_url=fake.base_url, mode="polling", webhook=None)
    channel = ZaloChannel(core, settings, backoff=Backoff(initial=0.01, cap=0.1))
    stop = asyncio.Event()
    task = asyncio.create_task(channel.run(stop))
    await channel.ready.wait()
    latencies: list[float] = []
    loop = asyncio.get_running_loop()
    rng = random.Random(7)

    async def villager(number: int) -> None:
        for round_ in range(args.questions):
            await asyncio.sleep(rng.uniform(0, 2 * args.think))
            chat = f"v{number}"
            message_id = f"{chat}-{round_}"
            waiting[chat] = loop.create_future()
            queued = time.perf_counter()
            fake.push(text_update(rng.choice(questions), message_id=message_id, user_id=chat))
            answered = await waiting[chat]
            latencies.append((answered - queued) * 1000)

    started = time.perf_counter()
    await asyncio.gather(*(villager(n) for n in range(args.villagers)))
    paced = time.perf_counter() - started

    burst_chats = [f"b{n}" for n in range(args.burst)]
    futures = [waiting.setdefault(chat, loop.create_future()) for chat in burst_chats]
    started = time.perf_counter()
    for n, chat in enumerate(burst_chats):
        fake.push(text_update(rng.choice(questions), message_id=f"burst-{n}", user_id=chat))
    await asyncio.gather(*futures)
    burst = time.perf_counter() - started

    stop.set()
    await task
    await fake.stop()
    return Result(latencies, paced, args.burst, burst)


async def main(args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        config = load_config(ROOT / "config.yaml")
        config = replace(config, bot=replace(config.bot, database=Path(tmp) / "bench.sqlite3"))
        app = await build_app(config)
        try:
            questions = dev_questions(2000)
            baseline = await measure(EchoCore(app.db), questions, args)
            bot = await measure(app.core, questions, args)
        finally:
            await app.close()
    print(f"{args.villagers} villagers x {args.questions} questions, think time "
          f"~{args.think:.1f} s; burst of {args.burst}")
    print(f"{'system':<9} {'answers':>6} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8} "
          f"{'paced/s':>9} {'burst/s':>9}")
    print(baseline.line("baseline"))
    print(bot.line("bot"))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--villagers", type=int, default=100)
    parser.add_argument("--questions", type=int, default=5)
    parser.add_argument("--think", type=float, default=1.0, help="mean seconds between questions")
    parser.add_argument("--burst", type=int, default=1000)
    asyncio.run(main(parser.parse_args()))

"""Load benchmark: the whole bot through its Telegram adapter, against a local fake Bot API.

    .venv/bin/python -m benchmarks.telegram_load [--villagers 1000] [--questions 20]
                                                 [--rate 300]

1,000 simulated villagers ask 20 questions each (the knowledge base's own phrasings, some
with typos or without diacritics, and some questions the bot cannot answer). This process
runs the fake Bot API server and the villagers; the bot runs in a child process, exactly as
in production (python-telegram-bot polling over HTTP on the loopback interface).

Systems, each run in a fresh process: "echo", a bare python-telegram-bot echo bot built
the same way (same rate limiter, concurrency, HTTP transport) — the baseline; "adapter",
the Telegram adapter with a canned answer instead of the core (no matching, no database);
"bot", the whole bot. The differences show what each layer costs. "echo-httpx" and
"bot-httpx" use python-telegram-bot's default transport (httpx) instead of the bot's
aiohttp one (channels/telegram_http.py), to show what that choice buys. Two modes:
  * paced: the questions arrive at --rate per second; the bot's latency is measured from
    the moment getUpdates hands an update out to the moment the answer's sendMessage
    reaches the fake server (both on the fake server's clock);
  * burst: every question is queued at once; throughput = questions / time to answer all.

Telegram itself lets a bot send about 30 messages per second; the benchmark raises the
rate limiter's cap (max_messages_per_second) so the bot's own capacity is measured.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import functools
import gc
import json
import os
import random
import resource
import signal
import sys
import tempfile
import time
from collections import defaultdict, deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
UNCAPPED_RATE = 100_000  # rate limiter cap for the benchmark (Telegram's real one is 30/s)
TARGET_RATE = 300.0
TARGET_P99_MS = 100.0
TARGET_RSS_MB = 300.0
SHARED = ROOT.parent / "shared" / "faq"
QUESTION_FILES = ("dev-questions.yaml", "dev-long-questions.yaml")
COORDINATOR = 999_999  # the province coordinator's Telegram id (an admin in the child)
SYSTEMS = ("echo", "adapter", "bot", "echo-httpx", "bot-httpx", "bot-trustenv")
# "-httpx": PTB's default transport; "-trustenv": ours as it was, aiohttp's trust_env on
DEFAULT_RUNS = "echo/paced,adapter/paced,bot/paced,bot-httpx/paced,echo/burst,bot/burst"


# --- the villagers' questions ---------------------------------------------------------------

def questions(count: int, seed: int = 7) -> list[str]:
    """`count` questions drawn from the shared dev sets (short ones and long, narrative ones;
    with and without diacritics, typos, teen-code, out-of-scope ones), never the knowledge
    base's own phrasings."""
    import yaml

    pool = []
    for name in QUESTION_FILES:
        data = yaml.safe_load((SHARED / name).read_text(encoding="utf-8"))
        pool += [item["q"] for item in data["questions"]]
    rng = random.Random(seed)
    return [rng.choice(pool) for _ in range(count)]


# --- the bot side (child process) ----------------------------------------------------------

def httpx_request(connections: int) -> Any:
    """python-telegram-bot's default transport (httpx), for the "-httpx" comparison runs."""
    import httpx
    from telegram.request import HTTPXRequest

    from channels.telegram.channel import POOL_TIMEOUT

    return HTTPXRequest(connection_pool_size=connections, pool_timeout=POOL_TIMEOUT,
                        httpx_kwargs={"limits": httpx.Limits(max_connections=connections,
                                                             max_keepalive_connections=8)})


def trust_env_request(connections: int) -> Any:
    """The bot's transport as it was before: aiohttp looking up proxies and ~/.netrc in a
    worker thread on every request (trust_env=True), to measure what turning it off saved."""
    from channels.telegram.channel import POOL_TIMEOUT
    from channels.telegram.http import AiohttpRequest

    class TrustEnvRequest(AiohttpRequest):
        async def initialize(self) -> None:
            await super().initialize()
            self._session._trust_env = True  # type: ignore[union-attr]  # set by initialize()

    return TrustEnvRequest(connections, pool_timeout=POOL_TIMEOUT)


class EchoBot:
    """The baseline: python-telegram-bot built like the adapter, echoing each text."""

    def __init__(self, base_url: str, token: str, request_factory: Any) -> None:
        from telegram.ext import AIORateLimiter, Application, MessageHandler, filters

        import channels.telegram.channel as telegram_channel
        from channels.telegram.channel import CONCURRENT_UPDATES, CONNECTIONS, file_url_for

        self.application = (
            Application.builder().token(token).base_url(base_url)
            .base_file_url(file_url_for(base_url))
            .rate_limiter(AIORateLimiter(overall_max_rate=UNCAPPED_RATE, max_retries=3))
            .concurrent_updates(CONCURRENT_UPDATES)
            .request(request_factory(CONNECTIONS))
            .get_updates_request(request_factory(1)).build()
        )
        self.application.add_handler(MessageHandler(filters.TEXT, self._echo))
        self.poll_interval = telegram_channel.POLL_INTERVAL
        self.ready = asyncio.Event()

    async def _echo(self, update: Any, context: Any) -> None:
        await context.bot.send_message(update.message.chat.id, update.message.text)

    async def run(self, stop: asyncio.Event) -> None:
        application = self.application
        async with application:
            assert application.updater is not None
            await application.updater.start_polling(poll_interval=self.poll_interval,
                                                    allowed_updates=["message"])
            await application.start()
            self.ready.set()
            await stop.wait()
            await application.updater.stop()
            await application.stop()


class CannedCore:
    """Stands in for BotCore to measure the adapter alone: every question gets the same
    real answer (a knowledge-base entry with its options), without matching or database."""

    def __init__(self, config: Any, db: Any) -> None:
        from core.clock import utc_now
        from core.model import Option, Reply
        from core.notifier import Notifier
        from core.router import Router
        from faq.service import FaqService
        from handlers.faq import texts as faq_texts

        entry = FaqService(config.faq).kb.entries[0]
        options = [Option(f"➡️ Mục liên quan {n}", f"faq:related.{n}") for n in range(3)]
        options += [Option(faq_texts.HELPFUL, "fb:1:1"), Option(faq_texts.NOT_HELPFUL, "fb:-1:1")]
        self.answer = [Reply(f"{entry.title}\n\n{entry.answer}", tuple(options),
                             links=tuple((link.title, link.url) for link in entry.links))]
        self.router = Router()
        self.notifier = Notifier()
        self.db = db  # where the adapter parks a slow update (never, with this core)
        self.clock = utc_now

    async def handle(self, msg: Any, *, numbered_options: bool = False) -> list[Any]:
        return self.answer


async def serve_bot(system: str, base_url: str, token: str, database: Path | None,
                    poll_interval: float | None) -> None:
    """Run one bot until SIGTERM; print READY, then the process's figures as JSON.
    `database`: a prepared one (with the coordinator as admin) instead of a fresh one."""
    import logging

    import channels.telegram.channel as telegram_channel
    from channels.telegram.channel import http_request

    if poll_interval is not None:
        telegram_channel.POLL_INTERVAL = poll_interval

    kind, _, transport = system.partition("-")
    request_factory = {"httpx": httpx_request, "trustenv": trust_env_request}.get(
        transport, http_request)

    logging.basicConfig(level=logging.INFO, stream=sys.stderr,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)
    stalls = StallWatch()
    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    app = None
    canned_db: Any = None
    with tempfile.TemporaryDirectory() as scratch:
        if kind == "echo":
            runner: Any = EchoBot(base_url, token, request_factory)
        else:
            from bot import build_app, load_config
            from channels.settings import ChannelSettings
            from channels.telegram.channel import TelegramChannel

            config = load_config(ROOT / "config.yaml")
            config = replace(config, bot=replace(
                config.bot, database=database or Path(scratch) / "bot.sqlite3",
                admins=frozenset({("telegram", str(COORDINATOR))})))
            settings = ChannelSettings(
                enabled=True, token=token, token_env="TELEGRAM_BOT_TOKEN", base_url=base_url,
                mode="polling", webhook=None, max_messages_per_second=UNCAPPED_RATE,
            )
            if kind == "adapter":
                from core.database import Database

                canned_db = await Database.open(Path(scratch) / "canned.sqlite3")
                canned = CannedCore(config, canned_db)
                runner = TelegramChannel(canned, settings,  # type: ignore[arg-type]  # a stand-in core: only handle()
                                         request_factory=request_factory)
            else:
                app = await build_app(config)
                gc.freeze()  # as bot.serve() does after start-up
                runner = TelegramChannel(app.core, settings, request_factory=request_factory)
        task = asyncio.create_task(runner.run(stop))
        ready = asyncio.create_task(runner.ready.wait())
        await asyncio.wait({task, ready}, return_when=asyncio.FIRST_COMPLETED)
        if task.done():
            task.result()  # it failed: let the error show
        print("READY", flush=True)
        watcher = asyncio.create_task(stalls.watch())
        await task
        watcher.cancel()
        if app is not None:
            await app.close()
        if canned_db is not None:
            await canned_db.close()  # its thread would keep the process alive
    usage = resource.getrusage(resource.RUSAGE_SELF)
    print(json.dumps({"peak_rss_mb": usage.ru_maxrss / 1024,
                      "cpu_s": usage.ru_utime + usage.ru_stime, **stalls.figures()}),
          flush=True)


class StallWatch:
    """Event-loop stalls and garbage-collection pauses in the bot process, to explain tails."""

    def __init__(self) -> None:
        self.loop_lags: list[float] = []
        self.gc_pauses: list[float] = []
        self._gc_start = 0.0
        self._thread_start = (time.thread_time(), time.perf_counter())
        gc.callbacks.append(self._on_gc)

    def _on_gc(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self._gc_start = time.perf_counter()
        else:
            self.gc_pauses.append(time.perf_counter() - self._gc_start)

    async def watch(self) -> None:
        self._thread_start = (time.thread_time(), time.perf_counter())
        while True:
            started = time.perf_counter()
            await asyncio.sleep(0.01)
            self.loop_lags.append(time.perf_counter() - started - 0.01)

    def figures(self) -> dict[str, float]:
        cpu, wall = self._thread_start
        return {
            "main_thread_busy_pct": 100 * (time.thread_time() - cpu)
            / max(time.perf_counter() - wall, 1e-9),
            "loop_lag_max_ms": 1000 * max(self.loop_lags, default=0.0),
            "loop_stalls_over_50ms": sum(lag > 0.05 for lag in self.loop_lags),
            "gc_pause_max_ms": 1000 * max(self.gc_pauses, default=0.0),
        }


# --- the villagers and the fake Bot API (this process) --------------------------------------

@dataclass
class Run:
    """What one run measured."""

    system: str
    mode: str
    asked: int
    latencies: list[float] = field(default_factory=list)
    queued_at: list[float] = field(default_factory=list)  # of each latency's question
    extra_messages: int = 0
    first_handout: float | None = None
    last_answer: float = 0.0
    peak_rss_mb: float = 0.0
    cpu_s: float = 0.0
    driver_cpu_s: float = 0.0  # the fake server and villagers, for checking they kept up
    stalls: dict[str, float] = field(default_factory=dict)
    commands: list[Command] = field(default_factory=list)

    @property
    def answered(self) -> int:
        return len(self.latencies)

    @property
    def throughput(self) -> float:
        if self.first_handout is None or not self.latencies:
            return 0.0
        return self.answered / max(self.last_answer - self.first_handout, 1e-9)

    def percentile_ms(self, share: float, latencies: list[float] | None = None) -> float:
        values = self.latencies if latencies is None else latencies
        if not values:
            return float("nan")
        ordered = sorted(values)
        return 1000 * ordered[min(len(ordered) - 1, int(share * len(ordered)))]

    def queued_between(self, start: float, end: float) -> list[float]:
        return [lat for at, lat in zip(self.queued_at, self.latencies, strict=True)
                if start <= at <= end]

    def queued_outside(self, windows: list[tuple[float, float]], margin: float) -> list[float]:
        return [lat for at, lat in zip(self.queued_at, self.latencies, strict=True)
                if not any(a - margin <= at <= b + margin for a, b in windows)]


@dataclass
class Command:
    """A coordinator's command during the villagers' load, and when its replies came."""

    text: str
    done_when: tuple[str, int]  # (Bot API method, how many of them end the reply)
    sent_at: float = 0.0
    done_at: float = 0.0
    calls: dict[str, int] = field(default_factory=dict)

    @property
    def seconds(self) -> float:
        return self.done_at - self.sent_at if self.done_at else float("nan")


def coordinator_commands() -> list[Command]:
    """What a province coordinator asks for while villagers ask: the year's statistics
    (text and chart), a month's export (XLSX, CSV, raw logs), the inbox."""
    return [Command("/thongke năm nay", ("sendPhoto", 1)),
            Command("/xuat 01/10/2026-31/10/2026", ("sendDocument", 3)),
            Command("/cauhoimoi", ("sendMessage", 1))]


async def measure(system: str, mode: str, asked: list[str], villagers: int, rate: float,
                  args: argparse.Namespace) -> Run:
    """One run: start the fake server and a fresh bot process, feed the questions."""
    from tests.fake_telegram import TOKEN, FakeBotApi

    run = Run(system, mode, len(asked))
    waiting: dict[int, deque[float]] = defaultdict(deque)  # chat → when its questions queued
    everything_answered = asyncio.Event()
    command_done = asyncio.Event()
    current: list[Command] = []

    def handed_out(updates: list[dict[str, Any]], at: float) -> None:
        if run.first_handout is None:
            run.first_handout = at

    def called(method: str, params: dict[str, Any], at: float) -> None:
        chat = params.get("chat_id")
        if chat is not None and int(chat) == COORDINATOR:
            if current:
                command = current[-1]
                command.calls[method] = command.calls.get(method, 0) + 1
                wanted, count = command.done_when
                if method == wanted and command.calls[method] == count:
                    command.done_at = at
                    command_done.set()
            return
        if method != "sendMessage":
            return
        queue = waiting.get(int(chat)) if chat is not None else None
        if not queue:
            run.extra_messages += 1
            return
        queued = queue.popleft()
        run.latencies.append(at - queued)
        run.queued_at.append(queued)
        run.last_answer = at
        if run.answered == run.asked:
            everything_answered.set()

    if args.database:  # each fake server numbers its updates from the same first id
        forget_updates(args.database)
    driver_start = time.process_time()
    api = FakeBotApi(record=False)
    api.on_handout = handed_out
    api.on_call = called
    await api.start()
    command = [sys.executable, "-m", "benchmarks.telegram_load", "--serve-bot", system,
               "--base-url", api.base_url, "--token", TOKEN]
    if mode == "coordinators" or args.database:
        command += ["--database", str(args.database)]
    if args.poll_interval is not None:
        command += ["--poll-interval", str(args.poll_interval)]
    bot = await asyncio.create_subprocess_exec(*command, cwd=ROOT,
                                               stdout=asyncio.subprocess.PIPE)
    try:
        assert bot.stdout is not None
        line = await asyncio.wait_for(bot.stdout.readline(), 120)
        if line.strip() != b"READY":
            raise RuntimeError(f"{system} bot did not start: {line!r}")
        # Made when queued, so update ids follow arrival, as Telegram numbers them (made in
        # advance, a coordinator's later command would get a higher id than questions still
        # to come, and the offset past it would confirm those unseen).
        updates = [functools.partial(api.text_update, 100_000 + k % villagers, text,
                                     first_name=f"Dân {k % villagers}")
                   for k, text in enumerate(asked)]
        gc.collect()
        gc.freeze()  # the driver's own garbage collection must not stall the clock it reads
        expected = len(asked) / rate if mode != "burst" else len(asked) / TARGET_RATE
        feeder = asyncio.create_task(
            feed(api, updates, waiting, None if mode == "burst" else rate))
        coordinator = None
        if mode == "coordinators":
            run.commands = coordinator_commands()
            coordinator = asyncio.create_task(
                coordinate(api, run.commands, current, command_done, args.lead, args.gap))
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(everything_answered.wait(), 2 * expected + 60)
        feeder.cancel()
        if coordinator is not None:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(coordinator, 60)
        run.driver_cpu_s = time.process_time() - driver_start
    finally:
        output = await stop_process(bot)
        await api.close()
        gc.unfreeze()
    figures = json.loads(output.decode().strip().splitlines()[-1])
    run.cpu_s = figures.pop("cpu_s")
    run.peak_rss_mb = figures.pop("peak_rss_mb")
    run.stalls = figures
    return run


async def coordinate(api: Any, commands: list[Command], current: list[Command],
                     done: asyncio.Event, lead: float, gap: float) -> None:
    """The coordinator: after `lead` seconds, each command in turn, `gap` seconds apart."""
    await asyncio.sleep(lead)
    for command in commands:
        done.clear()
        current.append(command)
        command.sent_at = time.perf_counter()
        api.push(api.text_update(COORDINATOR, command.text, first_name="Điều phối"))
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(done.wait(), 120)
        await asyncio.sleep(gap)


async def stop_process(process: asyncio.subprocess.Process) -> bytes:
    """SIGTERM (a clean shutdown, as in production); kill if it does not end in a minute."""
    with contextlib.suppress(ProcessLookupError):
        process.send_signal(signal.SIGTERM)
    try:
        output, _ = await asyncio.wait_for(process.communicate(), 60)
    except TimeoutError:
        process.kill()
        output, _ = await process.communicate()
    return output


async def feed(api: Any, updates: Sequence[Callable[[], dict[str, Any]]],
               waiting: dict[int, deque[float]], rate: float | None) -> None:
    """Queue the updates (each made as it is queued) at the fake server, all at once or
    `rate` per second on a fixed schedule; the moment each is queued is when its villager
    starts waiting."""
    def push(make: Callable[[], dict[str, Any]]) -> None:
        update = make()
        waiting[update["message"]["chat"]["id"]].append(time.perf_counter())
        api.push(update)

    if rate is None:
        for update in updates:
            push(update)
        return
    start = time.perf_counter()
    pushed = 0
    while pushed < len(updates):
        due = min(len(updates), int((time.perf_counter() - start) * rate) + 1)
        while pushed < due:
            push(updates[pushed])
            pushed += 1
        await asyncio.sleep(0.002)


def slowest_seconds(run: Run, count: int = 3) -> str:
    """The seconds of the run with the worst latency, to tell a steady cost from hiccups."""
    if not run.queued_at:
        return ""
    first = min(run.queued_at)
    buckets: dict[int, list[float]] = defaultdict(list)
    for at, latency in zip(run.queued_at, run.latencies, strict=True):
        buckets[int(at - first)].append(latency)
    worst = sorted(buckets.items(), key=lambda item: -max(item[1]))[:count]
    return ", ".join(f"s{second}: max {1000 * max(values):.0f} ms" for second, values in worst)


def report(runs: list[Run], villagers: int, per_villager: int, rate: float) -> bool:
    print(f"\nTelegram adapter under load: {villagers} villagers × {per_villager} questions"
          f" = {villagers * per_villager} messages; fake Bot API on loopback; {rate:g}/s paced."
          "\nLatency: question queued at the fake server → its answer received there.")
    print(f"{'system':<10} {'mode':<12} {'answered':>9} {'msg/s':>8} {'p50 ms':>7} "
          f"{'p99 ms':>7} {'max ms':>7} {'peak RSS':>9} {'CPU ms/msg':>10} {'driver':>7}")
    for run in runs:
        print(f"{run.system:<10} {run.mode:<12} {run.answered:>9} {run.throughput:>8.0f} "
              f"{run.percentile_ms(0.5):>7.1f} {run.percentile_ms(0.99):>7.1f} "
              f"{run.percentile_ms(1.0):>7.1f} {run.peak_rss_mb:>6.0f} MB "
              f"{1000 * run.cpu_s / max(run.answered, 1):>10.2f} "
              f"{1000 * run.driver_cpu_s / max(run.answered, 1):>7.2f}")
    by = {(r.system, r.mode): r for r in runs}
    ok = True
    bot_paced, bot_burst = by.get(("bot", "paced")), by.get(("bot", "burst"))
    layers = [by.get((system, "paced")) for system in ("echo", "adapter", "bot")]
    complete = [layer for layer in layers if layer is not None]
    if len(complete) == len(layers):
        echo, adapter, bot = (run.cpu_s / max(run.answered, 1) * 1000 for run in complete)
        print(f"CPU per message (paced): python-telegram-bot echo {echo:.2f} ms, "
              f"+ adapter {adapter - echo:.2f} ms, + core/FAQ/database {bot - adapter:.2f} ms")
    for system in ("adapter", "bot"):
        paced, base = by.get((system, "paced")), layers[0]
        if paced and base:
            print(f"{system} latency over the echo baseline (paced): "
                  f"p50 +{paced.percentile_ms(0.5) - base.percentile_ms(0.5):.1f} ms, "
                  f"p99 +{paced.percentile_ms(0.99) - base.percentile_ms(0.99):.1f} ms")
    for run in runs:
        if run.mode != "burst":
            print(f"{run.system} {run.mode}: slowest seconds {slowest_seconds(run)}; process"
                  " under test: " + ", ".join(f"{k} {v:.0f}" for k, v in run.stalls.items()))
        if run.extra_messages or run.answered < run.asked:
            print(f"note: {run.system}/{run.mode}: {run.asked - run.answered} unanswered, "
                  f"{run.extra_messages} unmatched messages")
        if run.commands:
            ok = report_coordinators(run, by.get((run.system, "paced"))) and ok
    if bot_paced and bot_burst:
        checks = [
            ("throughput ≥ 300 msg/s (burst)", bot_burst.throughput >= TARGET_RATE),
            (f"p99 ≤ 100 ms at {rate:g}/s", bot_paced.percentile_ms(0.99) <= TARGET_P99_MS
             and bot_paced.answered == bot_paced.asked),
            ("peak RSS ≤ 300 MB", max(bot_paced.peak_rss_mb, bot_burst.peak_rss_mb)
             <= TARGET_RSS_MB),
        ]
        for name, passed in checks:
            print(f"target {name}: {'met' if passed else 'MISSED'}")
            ok = ok and passed
    return ok


def report_coordinators(run: Run, alone: Run | None) -> bool:
    """Villagers' latency during each coordinator command against the same run outside
    them (and against a run without coordinators, when there is one)."""
    windows = [(c.sent_at, c.done_at or c.sent_at) for c in run.commands]
    outside = run.queued_outside(windows, margin=1.0)
    base = run.percentile_ms(0.99, outside)
    print(f"\nvillagers' p99 outside the coordinator's commands: {base:.1f} ms "
          f"({len(outside)} questions, p50 {run.percentile_ms(0.5, outside):.1f} ms)"
          + (f"; in a run without coordinators: p99 {alone.percentile_ms(0.99):.1f} ms"
             if alone else ""))
    print(f"{'command':<32} {'took s':>7} {'asked':>6} {'p50 ms':>7} {'p99 ms':>7} {'× p99':>6}")
    ok = True
    for command in run.commands:
        during = run.queued_between(command.sent_at, command.done_at or command.sent_at)
        p99 = run.percentile_ms(0.99, during)
        print(f"{command.text:<32} {command.seconds:>7.2f} {len(during):>6} "
              f"{run.percentile_ms(0.5, during):>7.1f} {p99:>7.1f} {p99 / base:>6.2f}")
        ok = ok and bool(command.done_at) and p99 <= 2 * base
    xuat = next(c for c in run.commands if c.text.startswith("/xuat"))
    checks = [("villagers' p99 during each command ≤ 2× without", ok),
              ("/xuat province month ≤ 5 s", xuat.seconds <= 5.0),
              ("peak RSS ≤ 300 MB", run.peak_rss_mb <= TARGET_RSS_MB)]
    for name, passed in checks:
        print(f"target {name}: {'met' if passed else 'MISSED'}")
    return all(passed for _, passed in checks)


def forget_updates(path: Path) -> None:
    """Forget the update ids of earlier runs, which would otherwise be taken as repeats."""
    import sqlite3

    conn = sqlite3.connect(path)
    with conn:
        conn.execute("DELETE FROM processed_updates")
    conn.close()


def seed_inbox(path: Path, distinct: int) -> None:
    """The last 30 days' unanswered questions for /cauhoimoi: `distinct` different ones."""
    import sqlite3
    from datetime import UTC, datetime, timedelta

    from benchmarks.question_groups import inbox

    now = datetime.now(UTC)
    rng = random.Random(16)
    rows = [("seed", f"s{q.id}", q.text, q.folded, "unanswered", None, 0.0, None,
             (now - timedelta(seconds=rng.uniform(0, 20 * 86400))).strftime(
                 "%Y-%m-%dT%H:%M:%SZ")) for q in inbox(distinct)]
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("DELETE FROM faq_questions")
        conn.executemany("INSERT INTO faq_questions (platform, user_id, text, folded, outcome,"
                         " entry_id, score, feedback, asked_at) VALUES (?,?,?,?,?,?,?,?,?)",
                         rows)
    conn.close()


def prepare_database(folder: Path, distinct: int) -> Path:
    """A Thanh Hóa year of activity (benchmarks/activity_stats.py, made once and kept in
    `folder`) and a fresh inbox of unanswered questions."""
    path = folder / "bench.sqlite3"
    if not path.exists():
        from benchmarks.activity_stats import populate, prepare

        folder.mkdir(parents=True, exist_ok=True)
        asyncio.run(prepare(path))
        print("generating a year of activity logs (once; kept in "
              f"{folder}) … {populate(path, 6_000_000):.0f} s", flush=True)
    seed_inbox(path, distinct)
    return path


async def main_async(args: argparse.Namespace) -> int:
    asked = questions(args.villagers * args.questions)
    print(f"{len(asked)} questions from {', '.join(QUESTION_FILES)}; poll interval "
          f"{args.poll_interval if args.poll_interval is not None else 'as shipped'}",
          flush=True)
    runs = []
    for name in args.runs.split(","):
        system, _, mode = name.strip().partition("/")
        print(f"running {system} / {mode}…", flush=True)
        runs.append(await measure(system, mode, asked, args.villagers, args.rate, args))
    ok = report(runs, args.villagers, args.questions, args.rate)
    print(f"machine load average at the end (1/5/15 min): "
          f"{' / '.join(f'{v:.2f}' for v in os.getloadavg())} on {os.cpu_count()} cores"
          " — other work on the machine skews the tails")
    return 0 if ok else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--villagers", type=int, default=1000)
    parser.add_argument("--questions", type=int, default=20, help="per villager")
    parser.add_argument("--rate", type=float, default=TARGET_RATE,
                        help="questions per second in the paced runs")
    parser.add_argument("--runs", default=DEFAULT_RUNS,
                        help="which system/mode runs, comma separated")
    parser.add_argument("--poll-interval", type=float,
                        help="seconds between getUpdates calls (default: the bot's own)")
    parser.add_argument("--data", type=Path,
                        help="folder of the prepared database for coordinator runs "
                             "(made on first use: a 6,000,000-log year, ~1 GB)")
    parser.add_argument("--inbox", type=int, default=5000,
                        help="distinct unanswered questions in /cauhoimoi's inbox")
    parser.add_argument("--lead", type=float, default=15.0,
                        help="seconds of villagers alone before the coordinator starts")
    parser.add_argument("--gap", type=float, default=8.0,
                        help="seconds between the coordinator's commands")
    parser.add_argument("--serve-bot", choices=SYSTEMS, help=argparse.SUPPRESS)
    parser.add_argument("--base-url", help=argparse.SUPPRESS)
    parser.add_argument("--token", help=argparse.SUPPRESS)
    parser.add_argument("--database", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.serve_bot:
        asyncio.run(serve_bot(args.serve_bot, args.base_url, args.token, args.database,
                              args.poll_interval))
        return 0
    args.database = None
    if "coordinators" in args.runs:
        if args.data is None:
            parser.error("coordinator runs need --data FOLDER (the prepared database)")
        args.database = prepare_database(args.data, args.inbox)
    return asyncio.run(main_async(args))


if __name__ == "__main__":
    sys.exit(main())

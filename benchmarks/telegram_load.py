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
import gc
import json
import os
import random
import resource
import signal
import sys
import tempfile
import time
import unicodedata
from collections import defaultdict, deque
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
UNCAPPED_RATE = 100_000  # rate limiter cap for the benchmark (Telegram's real one is 30/s)
TARGET_RATE = 300.0
TARGET_P99_MS = 100.0
TARGET_RSS_MB = 300.0
OUT_OF_SCOPE = (
    "giá vàng hôm nay bao nhiêu", "thời tiết ngày mai thế nào", "kết quả xổ số miền bắc",
    "cách nấu phở bò", "lịch thi đấu bóng đá", "mua phân bón ở đâu rẻ",
    "tỉ giá đô la hôm nay", "con gà bị dịch phải làm sao", "bài hát hay nhất năm nay",
    "cho tôi vay tiền", "ai là người giàu nhất thế giới", "mấy giờ rồi",
    "cách trồng lúa năng suất cao", "xe máy bị thủng săm", "chữa đau lưng bằng lá gì",
)
OUT_OF_SCOPE_SHARE = 0.1
TYPO_SHARE = 0.35
SYSTEMS = ("echo", "adapter", "bot", "echo-httpx", "bot-httpx")  # "-httpx": PTB's default
DEFAULT_RUNS = "echo/paced,adapter/paced,bot/paced,bot-httpx/paced,echo/burst,bot/burst"


# --- the villagers' questions ---------------------------------------------------------------

def strip_diacritics(text: str) -> str:
    text = text.replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in unicodedata.normalize("NFD", text)
                   if unicodedata.category(c) != "Mn")


def with_typo(text: str, rng: random.Random) -> str:
    """How people type on a phone: no diacritics, a dropped, doubled or swapped letter."""
    kind = rng.randrange(4)
    if kind == 0 or len(text) < 4:
        return strip_diacritics(text)
    i = rng.randrange(1, len(text) - 2)
    if kind == 1:
        return text[:i] + text[i + 1:]
    if kind == 2:
        return text[:i] + text[i] + text[i:]
    return text[:i] + text[i + 1] + text[i] + text[i + 2:]


def questions(count: int, seed: int = 7) -> list[str]:
    """`count` questions drawn from the knowledge base's phrasings, some typed badly."""
    from bot import load_config
    from faq.service import FaqService

    kb = FaqService(load_config(ROOT / "config.yaml").faq).kb
    phrasings = [q for entry in kb.entries for q in entry.questions]
    rng = random.Random(seed)
    asked = []
    for _ in range(count):
        if rng.random() < OUT_OF_SCOPE_SHARE:
            asked.append(rng.choice(OUT_OF_SCOPE))
            continue
        question = rng.choice(phrasings)
        asked.append(with_typo(question, rng) if rng.random() < TYPO_SHARE else question)
    return asked


# --- the bot side (child process) ----------------------------------------------------------

def httpx_request(connections: int) -> Any:
    """python-telegram-bot's default transport (httpx), for the "-httpx" comparison runs."""
    import httpx
    from telegram.request import HTTPXRequest

    from channels.telegram.channel import POOL_TIMEOUT

    return HTTPXRequest(connection_pool_size=connections, pool_timeout=POOL_TIMEOUT,
                        httpx_kwargs={"limits": httpx.Limits(max_connections=connections,
                                                             max_keepalive_connections=8)})


class EchoBot:
    """The baseline: python-telegram-bot built like the adapter, echoing each text."""

    def __init__(self, base_url: str, token: str, request_factory: Any) -> None:
        from telegram.ext import AIORateLimiter, Application, MessageHandler, filters

        from channels.telegram.channel import (
            CONCURRENT_UPDATES,
            CONNECTIONS,
            POLL_INTERVAL,
            file_url_for,
        )

        self.application = (
            Application.builder().token(token).base_url(base_url)
            .base_file_url(file_url_for(base_url))
            .rate_limiter(AIORateLimiter(overall_max_rate=UNCAPPED_RATE, max_retries=3))
            .concurrent_updates(CONCURRENT_UPDATES)
            .request(request_factory(CONNECTIONS))
            .get_updates_request(request_factory(1)).build()
        )
        self.application.add_handler(MessageHandler(filters.TEXT, self._echo))
        self.poll_interval = POLL_INTERVAL
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

    def __init__(self, config: Any) -> None:
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

    async def handle(self, msg: Any, *, numbered_options: bool = False) -> list[Any]:
        return self.answer


async def serve_bot(system: str, base_url: str, token: str) -> None:
    """Run one bot until SIGTERM; print READY, then the process's figures as JSON."""
    import logging

    from channels.telegram.channel import http_request

    kind, _, transport = system.partition("-")
    request_factory = httpx_request if transport == "httpx" else http_request

    logging.basicConfig(level=logging.INFO, stream=sys.stderr,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)
    stalls = StallWatch()
    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    app = None
    with tempfile.TemporaryDirectory() as scratch:
        if kind == "echo":
            runner: Any = EchoBot(base_url, token, request_factory)
        else:
            from bot import build_app, load_config
            from channels.settings import ChannelSettings
            from channels.telegram.channel import TelegramChannel

            config = load_config(ROOT / "config.yaml")
            config = replace(config, bot=replace(config.bot,
                                                 database=Path(scratch) / "bot.sqlite3"))
            settings = ChannelSettings(
                enabled=True, token=token, token_env="TELEGRAM_BOT_TOKEN", base_url=base_url,
                mode="polling", webhook=None, max_messages_per_second=UNCAPPED_RATE,
            )
            if kind == "adapter":
                runner = TelegramChannel(CannedCore(config), settings,  # type: ignore[arg-type]  # a stand-in core: only handle()
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
    answered_at: list[float] = field(default_factory=list)
    extra_messages: int = 0
    first_handout: float | None = None
    last_answer: float = 0.0
    peak_rss_mb: float = 0.0
    cpu_s: float = 0.0
    driver_cpu_s: float = 0.0  # the fake server and villagers, for checking they kept up
    stalls: dict[str, float] = field(default_factory=dict)

    @property
    def answered(self) -> int:
        return len(self.latencies)

    @property
    def throughput(self) -> float:
        if self.first_handout is None or not self.latencies:
            return 0.0
        return self.answered / max(self.last_answer - self.first_handout, 1e-9)

    def percentile_ms(self, share: float) -> float:
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return 1000 * ordered[min(len(ordered) - 1, int(share * len(ordered)))]


async def measure(system: str, mode: str, asked: list[str], villagers: int,
                  rate: float) -> Run:
    """One run: start the fake server and a fresh bot process, feed the questions."""
    from tests.fake_telegram import TOKEN, FakeBotApi

    run = Run(system, mode, len(asked))
    waiting: dict[int, deque[float]] = defaultdict(deque)
    everything_answered = asyncio.Event()

    def handed_out(updates: list[dict[str, Any]], at: float) -> None:
        if run.first_handout is None:
            run.first_handout = at
        for update in updates:
            waiting[update["message"]["chat"]["id"]].append(at)

    def called(method: str, params: dict[str, Any], at: float) -> None:
        if method != "sendMessage":
            return
        queue = waiting.get(params["chat_id"])
        if not queue:
            run.extra_messages += 1
            return
        run.latencies.append(at - queue.popleft())
        run.answered_at.append(at)
        run.last_answer = at
        if run.answered == run.asked:
            everything_answered.set()

    driver_start = time.process_time()
    api = FakeBotApi(record=False)
    api.on_handout = handed_out
    api.on_call = called
    await api.start()
    bot = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "benchmarks.telegram_load", "--serve-bot", system,
        "--base-url", api.base_url, "--token", TOKEN, cwd=ROOT,
        stdout=asyncio.subprocess.PIPE,
    )
    try:
        assert bot.stdout is not None
        line = await asyncio.wait_for(bot.stdout.readline(), 60)
        if line.strip() != b"READY":
            raise RuntimeError(f"{system} bot did not start: {line!r}")
        updates = [api.text_update(100_000 + k % villagers, text,
                                   first_name=f"Dân {k % villagers}")
                   for k, text in enumerate(asked)]
        gc.collect()
        gc.freeze()  # the driver's own garbage collection must not stall the clock it reads
        expected = len(asked) / rate if mode == "paced" else len(asked) / TARGET_RATE
        feeder = asyncio.create_task(feed(api, updates, rate if mode == "paced" else None))
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(everything_answered.wait(), 2 * expected + 30)
        feeder.cancel()
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


async def feed(api: Any, updates: list[dict[str, Any]], rate: float | None) -> None:
    """Queue the updates: all at once, or `rate` per second on a fixed schedule."""
    if rate is None:
        for update in updates:
            api.push(update)
        return
    start = time.perf_counter()
    pushed = 0
    while pushed < len(updates):
        due = min(len(updates), int((time.perf_counter() - start) * rate) + 1)
        while pushed < due:
            api.push(updates[pushed])
            pushed += 1
        await asyncio.sleep(0.002)


def slowest_seconds(run: Run, count: int = 3) -> str:
    """The seconds of the run with the worst p99, to tell a steady cost from hiccups."""
    if run.first_handout is None:
        return ""
    buckets: dict[int, list[float]] = defaultdict(list)
    for at, latency in zip(run.answered_at, run.latencies, strict=True):
        buckets[int(at - run.first_handout)].append(latency)
    worst = sorted(buckets.items(), key=lambda item: -max(item[1]))[:count]
    return ", ".join(f"s{second}: max {1000 * max(values):.0f} ms" for second, values in worst)


def report(runs: list[Run], villagers: int, per_villager: int, rate: float) -> bool:
    print(f"\nTelegram adapter under load: {villagers} villagers × {per_villager} questions"
          f" = {villagers * per_villager} messages; fake Bot API on loopback; {rate:g}/s paced")
    print(f"{'system':<10} {'mode':<6} {'answered':>9} {'msg/s':>8} {'p50 ms':>7} "
          f"{'p99 ms':>7} {'max ms':>7} {'peak RSS':>9} {'CPU ms/msg':>10} {'driver':>7}")
    for run in runs:
        print(f"{run.system:<10} {run.mode:<6} {run.answered:>9} {run.throughput:>8.0f} "
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
        if run.mode == "paced":
            print(f"{run.system} paced: slowest seconds {slowest_seconds(run)}; "
                  "process under test: " + ", ".join(f"{k} {v:.0f}" for k, v in run.stalls.items()))
        if run.extra_messages or run.answered < run.asked:
            print(f"note: {run.system}/{run.mode}: {run.asked - run.answered} unanswered, "
                  f"{run.extra_messages} unmatched messages")
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


async def main_async(args: argparse.Namespace) -> int:
    asked = questions(args.villagers * args.questions)
    out_of_scope = sum(q in OUT_OF_SCOPE for q in asked)
    print(f"{len(asked)} questions, {out_of_scope} out of scope", flush=True)
    runs = []
    for name in args.runs.split(","):
        system, _, mode = name.strip().partition("/")
        print(f"running {system} / {mode}…", flush=True)
        runs.append(await measure(system, mode, asked, args.villagers, args.rate))
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
    parser.add_argument("--serve-bot", choices=SYSTEMS,
                        help=argparse.SUPPRESS)
    parser.add_argument("--base-url", help=argparse.SUPPRESS)
    parser.add_argument("--token", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.serve_bot:
        asyncio.run(serve_bot(args.serve_bot, args.base_url, args.token))
        return 0
    return asyncio.run(main_async(args))


if __name__ == "__main__":
    sys.exit(main())

"""Composition root: read config.yaml, open the stores, build the router, run the channels.

    python bot.py [--config config.yaml]

With no messenger token in the environment, the bot runs in the local console.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import logging
import signal
import sys
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from activity.settings import ActivitySettings
from channels.console import ConsoleChannel
from channels.settings import ChannelSettings
from core.app import BotCore
from core.clock import Clock, utc_now
from core.config_errors import ConfigError, SectionReader
from core.database import Database, DatabaseUnavailable
from core.logsafe import configure_logging
from core.notifier import Notifier
from core.retention import run_daily
from core.roles import ConfigAdmins
from core.settings import CoreSettings, load_config_reader
from faq import parse_cache
from faq.curation.followups import FollowUps
from faq.curation.service import CurationService
from faq.curation.settings import CurationSettings
from faq.curation.store import CurationStore
from faq.question_log import QuestionLog
from faq.service import FaqService
from faq.settings import FaqSettings
from handlers.activity.feature import ActivityFeature
from handlers.faq.answers import FaqHandlers
from handlers.faq.curation import CurationHandlers, follow_up_replies
from handlers.faq.inbox import InboxHandlers
from handlers.faq.stale import StaleEntries
from handlers.members.common import notify_missed
from handlers.members.feature import MembersHandlers
from handlers.requests.feature import RequestsFeature
from handlers.routes import Feature, build_router
from help_requests.settings import RequestSettings
from members.places import sync_communes
from members.principals import MemberPrincipals
from members.settings import MembersSettings

log = logging.getLogger("bot")
DEFAULT_CONFIG = Path(__file__).with_name("config.yaml")


@dataclass(frozen=True)
class Config:
    """config.yaml, validated: one settings object per module that owns a section."""

    path: Path
    bot: CoreSettings
    faq: FaqSettings
    telegram: ChannelSettings
    zalo: ChannelSettings
    reader: SectionReader
    members: MembersSettings = field(default_factory=MembersSettings)
    activity: ActivitySettings = field(default_factory=ActivitySettings)
    curation: CurationSettings = field(default_factory=CurationSettings)
    requests: RequestSettings = field(default_factory=RequestSettings)


def load_config(path: Path) -> Config:
    """Read and validate config.yaml; raises ConfigError naming the key and the problem."""
    reader = load_config_reader(path).only(
        ("bot", "faq", "members", "activity", "requests", "channels"))
    channels = reader.section("channels").only(("telegram", "zalo"))
    return Config(
        path=path,
        bot=CoreSettings.from_config(reader.section("bot"), path),
        faq=FaqSettings.from_config(reader.section("faq")),
        telegram=ChannelSettings.from_config(channels.section("telegram"), "TELEGRAM_BOT_TOKEN"),
        zalo=ChannelSettings.from_config(channels.section("zalo"), "ZALO_BOT_TOKEN"),
        reader=reader,
        members=MembersSettings.from_config(reader.section("members")),
        activity=ActivitySettings.from_config(reader.section("activity")),
        curation=CurationSettings.from_config(reader.section("faq").section("curation")),
        requests=RequestSettings.from_config(reader.section("requests")),
    )


@dataclass
class App:
    """Everything the channels need, built once."""

    config: Config
    db: Database
    faq: FaqService
    core: BotCore
    background: list[asyncio.Task] = field(default_factory=list)
    activity: ActivityFeature | None = None
    requests: RequestsFeature | None = None

    async def close(self) -> None:
        for task in self.background:
            task.cancel()
        await asyncio.gather(*self.background, return_exceptions=True)
        await self.db.close()


async def build_app(config: Config, *, clock: Clock = utc_now) -> App:
    """Open the database, load the knowledge base (with its local edits) and wire the
    features together."""
    db = await Database.open(config.bot.database)
    try:
        store = CurationStore(db, clock)
        faq = FaqService(config.faq, await store.overlay(), store.overlay,
                         parse_cache.beside(config.bot.database))
        notifier = Notifier()
        admins = ConfigAdmins(config.bot.admins)
        if not config.bot.admins:
            log.warning("no admin configured (bot.admins in %s): nobody can appoint"
                        " coordinators, and registrations in a commune without one wait"
                        " unseen", config.path.name)
        await sync_communes(db, config.members.province_code)
        principals = MemberPrincipals(db, admins)
        members = MembersHandlers.build(db, config.members, config.bot.admins, clock)
        activity = ActivityFeature.build(db, config.activity, notifier, clock,
                                         config.members.province_name, config.bot.admins)
        curation = CurationService(faq, store)
        editor = CurationHandlers(curation, config.curation, config.bot.admins)
        inbox = InboxHandlers(db, curation, editor)
        answers = FaqHandlers(faq, QuestionLog(db, clock), inbox)
        curation.after_change = FollowUps(
            db, faq, notifier, config.curation,
            follow_up_replies(lambda entry: answers._answer(entry, None)), clock,
        ).after_change
        requests = RequestsFeature.build(
            db, config.requests, notifier, activity.services.catalog,
            members.services.directory, activity.logging, clock)
        requests.attach_statistics(activity.statistics, activity.jobs)
        activity.jobs.other_jobs.append(
            lambda now: notify_missed(members.services, notifier, now))
        stale = StaleEntries(faq, config.curation, config.bot.admins, notifier, activity.jobs)
        features: list[Feature] = [answers, editor, stale, inbox, members, activity, requests]
        router = build_router(features)
        core = BotCore(db, router, principals, notifier, clock=clock)
    except BaseException:
        await db.close()
        raise
    return App(config, db, faq, core, activity=activity, requests=requests)


async def daily(job: Callable[[], Awaitable[object]], stop: asyncio.Event) -> None:
    """Run `job` now and then once a day until `stop` (housekeeping); errors are logged."""
    while not stop.is_set():
        try:
            await job()
        except Exception:
            log.exception("daily job %s failed", getattr(job, "__name__", job))
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), 24 * 3600)


class Channel(Protocol):
    """A running messenger adapter."""

    async def run(self, stop: asyncio.Event) -> None: ...


def configured_channels(app: App) -> list[Channel]:
    """The messengers with a token; the console when there is none."""
    channels: list[Channel] = []
    if app.config.telegram.active:
        from channels.telegram.channel import TelegramChannel

        channels.append(TelegramChannel(app.core, app.config.telegram))
    if app.config.zalo.active:
        from channels.zalo.channel import ZaloChannel

        files = app.config.path.parent / "data" / "zalo-public"
        channels.append(ZaloChannel(app.core, app.config.zalo, files_dir=files))
    if not channels:
        output = app.config.path.parent / "data" / "console-files"
        channels.append(ConsoleChannel(app.core, output_dir=output))
    return channels


async def serve(config: Config) -> None:
    """Run every configured channel until they end or a signal asks to stop."""
    app = await build_app(config)
    gc.freeze()  # the knowledge base and indexes live for the whole run: keep them out of GC scans
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(signum, stop.set)
    try:
        channels = configured_channels(app)
        if app.activity is not None:
            app.background.append(asyncio.create_task(
                app.activity.jobs.run(stop, channels=len(channels))))
        app.background.append(asyncio.create_task(daily(app.core.forget_old_updates, stop)))
        app.background.append(asyncio.create_task(
            run_daily(app.db, config.bot.retention, stop)))
        if app.requests is not None:
            app.background.append(asyncio.create_task(app.requests.jobs.run(stop)))
        log.info("serving on %s", ", ".join(type(c).__name__ for c in channels))
        await asyncio.gather(*(channel.run(stop) for channel in channels))
    finally:
        await app.close()
        log.info("stopped cleanly")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Trợ lý Tổ công nghệ số cộng đồng")
    parser.add_argument("--config", type=Path, default=DEFAULT_CONFIG)
    args = parser.parse_args(argv)
    try:
        config = load_config(args.config)
    except ConfigError as error:
        print(f"Cấu hình không hợp lệ — {error}", file=sys.stderr)
        return 2
    configure_logging(config.bot.log_level)
    try:
        asyncio.run(serve(config))
    except ConfigError as error:
        print(f"Không khởi động được — {error}", file=sys.stderr)
        return 2
    except DatabaseUnavailable as error:
        print(f"Không mở được cơ sở dữ liệu (bot.database trong {args.config}) — {error}",
              file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())

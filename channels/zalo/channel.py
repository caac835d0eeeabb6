"""The Zalo channel: the same bot on the Zalo Bot Platform (long polling or webhook).

Zalo has no buttons, so options are a numbered list and the core maps a typed number back.
Texts over 2,000 characters are split at paragraph boundaries. Pictures and files need a
public URL (see channels/zalo_files.py); without one the person is told how to get them.
Group messages are answered only when they mention the bot ("@Bot…") or are commands:
the Bot API documents no mention field, so the mention is read from the text.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from channels.parked import ParkedUpdates
from channels.settings import ChannelSettings
from channels.waiting import Stopped, or_stop, sleep_or_stop
from channels.webhook import WebhookServer
from channels.zalo import texts
from channels.zalo.api import NOTHING_NEW, Backoff, ZaloApi, ZaloApiError, ZaloNetworkError
from channels.zalo.files import FilePublisher
from channels.zalo.updates import PLATFORM, bot_names, split_text, to_incoming, updates_from
from core.app import BotCore, KeyedLocks
from core.config_errors import ConfigError
from core.model import EventKind, Incoming, OutgoingFile, Reply
from core.render import numbered_texts

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Bot-Api-Secret-Token"
POLL_TIMEOUT = 30  # seconds Zalo holds a getUpdates call open
SEND_ATTEMPTS = 3
TYPING_AFTER = 0.3  # show "typing…" only for answers slower than this (charts, exports)
TYPING_WAIT = 2.0  # at most this long for "typing…" to be shown before the answer
DRAIN_TIMEOUT = 10.0  # on shutdown, time left to answer messages already received


class ZaloChannel:
    """One Zalo bot: receives updates, asks the core, sends the replies back."""

    platform = PLATFORM

    def __init__(
        self, core: BotCore, settings: ChannelSettings, *, files_dir: Path | None = None,
        backoff: Backoff | None = None, poll_timeout: int = POLL_TIMEOUT,
        typing_after: float = TYPING_AFTER,
    ) -> None:
        if not settings.token:
            raise ValueError("the Zalo channel needs a token")
        self.core = core
        self.settings = settings
        self.api = ZaloApi(settings.token, settings.base_url)
        self.publisher = (FilePublisher(files_dir, settings.public_file_url)
                          if files_dir is not None and settings.public_file_url else None)
        self.poll_timeout = poll_timeout
        self.typing_after = typing_after
        self.bot_names: tuple[str, ...] = ()
        self.webhook_port: int | None = None
        self.ready = asyncio.Event()
        self._backoff = backoff or Backoff()
        self._chats = KeyedLocks()
        # Zalo forgets an update once getUpdates hands it out: each is kept until answered.
        self.parked = ParkedUpdates(core.db, PLATFORM, core.clock)
        self._tasks: set[asyncio.Task[None]] = set()

    # --- lifecycle ----------------------------------------------------------------------

    async def run(self, stop: asyncio.Event) -> None:
        """Serve until `stop` is set. A token Zalo refuses raises ConfigError at once."""
        try:
            if self.settings.mode == "webhook":
                self._check_webhook_settings()
            me = await self._start_call("getMe", {}, stop, refused=self._token_refused)
            self.bot_names = bot_names(me)
            log.info("zalo: connected as %s", (me or {}).get("account_name") or "bot")
            self.core.notifier.register(PLATFORM, self.notify)
            try:
                if self.settings.mode == "webhook":
                    await self._serve_webhook(stop)
                else:
                    await self._poll(stop)
            finally:
                self.core.notifier.unregister(PLATFORM)
                await self._drain()
        except Stopped:
            pass
        finally:
            await self.api.close()

    async def _drain(self) -> None:
        if not self._tasks:
            return
        _, pending = await asyncio.wait(set(self._tasks), timeout=DRAIN_TIMEOUT)
        for task in pending:
            task.cancel()

    # --- receiving ----------------------------------------------------------------------

    async def _poll(self, stop: asyncio.Event) -> None:
        """Long polling; deleteWebhook first, as polling and webhook exclude each other."""
        await self._start_call("deleteWebhook", {}, stop, refused=None)
        self.ready.set()
        for key, update in await self.parked.waiting():  # what a crash cut short
            log.info("zalo: answering update %s kept by the previous run", key)
            self._spawn(update, parked_as=key)
        backoff = self._backoff.fresh()
        while not stop.is_set():
            try:
                result = await or_stop(self.api.call(
                    "getUpdates", {"timeout": self.poll_timeout}, timeout=self.poll_timeout + 15,
                ), stop)
            except Stopped:
                return
            except ZaloApiError as error:
                if error.error_code == NOTHING_NEW:
                    backoff.reset()
                    continue
                await self._pause(backoff, f"getUpdates refused: {error}", stop)
                continue
            except ZaloNetworkError as error:
                await self._pause(backoff, str(error), stop)
                continue
            except Exception:  # the loop must never die
                log.exception("zalo: unexpected error while polling")
                await self._pause(backoff, "unexpected error", stop)
                continue
            backoff.reset()
            updates = [(parking_key(update), update) for update in updates_from(result)]
            kept = True
            try:
                await self.parked.park(updates)
            except Exception:  # answered all the same; only a crash now would lose them
                log.exception("zalo: could not keep %d updates before answering", len(updates))
                kept = False
            for key, update in updates:
                self._spawn(update, parked_as=key if kept else None)

    async def _serve_webhook(self, stop: asyncio.Event) -> None:
        hook = self.settings.webhook
        assert hook is not None and hook.secret_token  # checked in _check_webhook_settings
        server = WebhookServer(
            name="zalo", header=SECRET_HEADER, listen=hook.listen, port=hook.port,
            path=hook.path, secret=hook.secret_token, on_body=self._on_webhook_body,
            files_dir=self.publisher.folder if self.publisher else None,
            health=self.core.healthy,
        )
        try:
            self.webhook_port = server.start()
        except OSError as error:
            raise ConfigError("config.yaml", "channels.zalo.webhook.port",
                              texts.PORT_UNAVAILABLE.format(port=hook.port, error=error)) from None
        try:
            url = f"{hook.public_url}/{hook.path}" if hook.path else hook.public_url
            await self._start_call("setWebhook", {"url": url, "secret_token": hook.secret_token},
                                   stop, refused=self._webhook_refused)
            log.info("zalo: webhook set to %s, listening on %s:%s", url, hook.listen,
                     self.webhook_port)
            self.ready.set()
            await stop.wait()
        finally:
            await server.stop()

    async def _on_webhook_body(self, body: object) -> None:
        """Answered 200 once its updates are handled, so Zalo retries what a crash cut."""
        tasks = [task for task in map(self._spawn, updates_from(body)) if task is not None]
        if tasks:
            await asyncio.gather(*tasks)

    def _spawn(self, update: dict[str, Any], *,
               parked_as: int | None = None) -> asyncio.Task[None] | None:
        """Answer in the background; the chat lock keeps one chat's messages in order. A
        parked update's row goes once it is answered (or ignored)."""
        msg = to_incoming(update, self.bot_names)
        if msg is None:
            log.debug("zalo: ignored an update (%s)", update.get("event_name"))
            if parked_as is not None:
                return self._track(asyncio.create_task(self._release(parked_as)))
            return None
        return self._track(asyncio.create_task(self._answer(msg, parked_as)))

    def _track(self, task: asyncio.Task[None]) -> asyncio.Task[None]:
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    async def _release(self, parked_as: int) -> None:
        try:
            await self.parked.release(parked_as)
        except Exception:  # answered again at the next start; the core does its work once
            log.exception("zalo: kept update %s not released", parked_as)

    async def _answer(self, msg: Incoming, parked_as: int | None = None) -> None:
        async with self._chats.acquire((PLATFORM, msg.chat.chat_id)):
            try:
                typing, typing_sent = None, asyncio.Event()
                if msg.is_private or msg.addressed_to_bot or msg.kind is EventKind.COMMAND:
                    typing = asyncio.create_task(self._typing(msg.chat.chat_id, typing_sent))
                replies = await self.core.handle(msg, numbered_options=True)
                if typing is not None and not typing_sent.is_set():
                    typing.cancel()  # the answer was quick: no "typing…" needed
                elif typing is not None:
                    await asyncio.wait({typing}, timeout=TYPING_WAIT)
                if replies:
                    await self.deliver(msg.chat.chat_id, replies)
            except Exception:
                log.exception("zalo: answering message %s in chat %s failed",
                              msg.update_id, msg.chat.chat_id)
        if parked_as is not None:
            await self._release(parked_as)

    async def _typing(self, chat_id: str, sent: asyncio.Event) -> None:
        await asyncio.sleep(self.typing_after)
        sent.set()
        try:
            await self.api.call("sendChatAction", {"chat_id": chat_id, "action": "typing"})
        except (ZaloApiError, ZaloNetworkError) as error:
            log.debug("zalo: typing indicator failed: %s", error)

    # --- sending ------------------------------------------------------------------------

    async def notify(self, chat_id: str, replies: Sequence[Reply]) -> None:
        """For core.notifier: message someone in their private chat (chat id == user id);
        the numbered options are kept for them, so typing "1" answers the message."""
        await self.deliver(chat_id, replies)
        if any(reply.options for reply in replies):
            await self.core.remember_shown(PLATFORM, chat_id, chat_id, replies)

    async def deliver(self, chat_id: str, replies: Sequence[Reply]) -> None:
        """Send replies in order; raises when a message could not be delivered."""
        for text in numbered_texts(replies):
            for part in split_text(text):
                await self._send("sendMessage", {"chat_id": chat_id, "text": part})
        for reply in replies:
            if reply.image is not None:
                await self._send_image(chat_id, reply.image)
            if reply.file is not None:
                await self._send_file(chat_id, reply.file)

    async def _send_image(self, chat_id: str, image: OutgoingFile) -> None:
        if self.publisher is None:
            text = texts.IMAGE_UNAVAILABLE.format(filename=image.filename)
            await self._send("sendMessage", {"chat_id": chat_id, "text": text})
            return
        url = await self.publisher.publish(image)
        await self._send("sendPhoto", {"chat_id": chat_id, "photo": url})

    async def _send_file(self, chat_id: str, file: OutgoingFile) -> None:
        if self.publisher is None:
            text = texts.FILE_UNAVAILABLE.format(filename=file.filename)
        else:
            url = await self.publisher.publish(file)
            text = texts.FILE_LINK.format(filename=file.filename, url=url,
                                          hours=self.publisher.lifetime_hours)
        for part in split_text(text):
            await self._send("sendMessage", {"chat_id": chat_id, "text": part})

    async def _send(self, method: str, payload: dict[str, Any]) -> Any:
        """One call, tried again on network failures before sending and on 5xx answers."""
        backoff = self._backoff.fresh()
        for attempt in range(1, SEND_ATTEMPTS + 1):
            try:
                return await self.api.call(method, payload)
            except ZaloApiError as error:
                if not error.transient or attempt == SEND_ATTEMPTS:
                    raise
                problem = str(error)
            except ZaloNetworkError as error:
                if error.may_have_arrived or attempt == SEND_ATTEMPTS:
                    raise
                problem = str(error)
            delay = backoff.next_delay()
            log.warning("zalo: %s; trying again in %.1f s", problem, delay)
            await asyncio.sleep(delay)
        raise AssertionError("unreachable")

    # --- start-up helpers ---------------------------------------------------------------

    async def _start_call(
        self, method: str, payload: dict[str, Any], stop: asyncio.Event, *,
        refused: Callable[[ZaloApiError], ConfigError] | None,
    ) -> Any:
        """A start-up call, retried while Zalo is unreachable; a refusal raises `refused(...)`
        (or is logged when `refused` is None)."""
        backoff = self._backoff.fresh()
        while True:
            try:
                return await or_stop(self.api.call(method, payload), stop)
            except ZaloApiError as error:
                if not error.transient:
                    if refused is not None:
                        raise refused(error) from None
                    log.warning("zalo: %s refused: %s", method, error)
                    return None
                problem = str(error)
            except ZaloNetworkError as error:
                problem = str(error)
            await self._pause(backoff, problem, stop)
            if stop.is_set():
                raise Stopped

    def _token_refused(self, error: ZaloApiError) -> ConfigError:
        env = self.settings.token_env
        return ConfigError(f"biến môi trường {env}", None, texts.BAD_TOKEN.format(
            env=env, code=error.error_code, description=error.description))

    def _webhook_refused(self, error: ZaloApiError) -> ConfigError:
        return ConfigError("config.yaml", "channels.zalo.webhook.public_url",
                           texts.WEBHOOK_REFUSED.format(code=error.error_code,
                                                        description=error.description))

    def _check_webhook_settings(self) -> None:
        hook = self.settings.webhook
        if hook is None or not hook.secret_token:
            raise ConfigError("config.yaml", "channels.zalo.webhook.secret_token_env",
                              texts.WEBHOOK_SECRET_MISSING)

    async def _pause(self, backoff: Backoff, problem: str, stop: asyncio.Event) -> None:
        delay = backoff.next_delay()
        log.warning("zalo: %s; trying again in %.1f s", problem, delay)
        await sleep_or_stop(delay, stop)


def parking_key(update: dict[str, Any]) -> int:
    """A number for a Zalo update (it has none): 63 bits of a hash of its JSON."""
    body = json.dumps(update, sort_keys=True, ensure_ascii=False).encode()
    return int.from_bytes(hashlib.blake2b(body, digest_size=8).digest(), "big") >> 1

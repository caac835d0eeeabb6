"""The Telegram channel: python-telegram-bot v22 on the outside, core Incoming/Reply inside.

Updates arrive by long polling (default) or by webhook. Each one becomes an Incoming:
text and commands, button presses (callback queries), spreadsheets (.csv/.xlsx) as
attachments, anything else as UNSUPPORTED. Replies are sent as new messages; a pressed
button's message is left as it was, so a villager can scroll back and pick another option.
"""

from __future__ import annotations

import asyncio
import logging
import re
import secrets
from collections.abc import Callable, Sequence

from telegram import BotCommand, Message, Update
from telegram.constants import ChatType, MessageEntityType
from telegram.error import Forbidden, RetryAfter, TelegramError
from telegram.ext import (
    AIORateLimiter,
    Application,
    CallbackQueryHandler,
    ContextTypes,
    MessageHandler,
    filters,
)
from telegram.request import BaseRequest

from channels.parked import ParkedUpdates
from channels.settings import ChannelSettings
from channels.telegram import texts
from channels.telegram.http import AiohttpRequest
from channels.telegram.polling import Poller
from channels.telegram.render import send_replies
from channels.webhook import WebhookServer
from core.app import BotCore, KeyedLocks
from core.model import Attachment, Chat, EventKind, Incoming, Reply, Sender, command_event

log = logging.getLogger(__name__)

PLATFORM = "telegram"
CONCURRENT_UPDATES = 64  # people served in parallel (the core keeps each person in order)
# Seconds between getUpdates calls. Long polling returns as soon as an update exists, so
# any wait here is added to the answers of whoever writes during it; under load the calls
# batch by themselves (updates queue during each round trip). See docs/benchmarks.md.
POLL_INTERVAL = 0.0
SEND_RETRIES = 3  # the rate limiter retries a RetryAfter this many times
CONNECTIONS = 32  # open to the Bot API at most: far more than 30 messages/s need
POOL_TIMEOUT = 10.0  # seconds a send may wait for a free connection under a burst
MAX_FILE_BYTES = 5 * 1024 * 1024
ACCEPTED_FILES = (".csv", ".xlsx")
ALLOWED_UPDATES = [Update.MESSAGE, Update.CALLBACK_QUERY]
GROUP_CHATS = (ChatType.GROUP, ChatType.SUPERGROUP)
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
_COMMAND_TARGET = re.compile(r"^/[A-Za-z0-9_]+@([A-Za-z0-9_]+)")


class TelegramChannel:
    """Runs one Telegram bot until `stop` is set."""

    platform = PLATFORM

    def __init__(self, core: BotCore, settings: ChannelSettings, *,
                 request_factory: Callable[[int], BaseRequest] | None = None) -> None:
        if not settings.token:
            raise ValueError("the Telegram channel needs a token")
        self.core = core
        self.settings = settings
        self._request_factory = request_factory or http_request
        self.application = self._build_application()
        self.ready = asyncio.Event()  # set once the bot is receiving updates
        self._order = KeyedLocks()  # (chat, user): handle and send in arrival order

    def _build_application(self) -> Application:
        settings = self.settings
        builder = (
            Application.builder()
            .token(settings.token or "")
            .rate_limiter(AIORateLimiter(
                overall_max_rate=settings.max_messages_per_second, max_retries=SEND_RETRIES))
            .concurrent_updates(CONCURRENT_UPDATES)
            .request(self._request_factory(CONNECTIONS))
            .get_updates_request(self._request_factory(1))
            .post_init(self._post_init)
        )
        if settings.base_url:
            builder = builder.base_url(settings.base_url).base_file_url(
                file_url_for(settings.base_url))
        application = builder.build()
        application.add_handler(CallbackQueryHandler(self._on_button))
        application.add_handler(MessageHandler(
            filters.UpdateType.MESSAGE & ~filters.StatusUpdate.ALL, self._on_message))
        application.add_error_handler(self._on_error)
        return application

    # --- lifecycle ------------------------------------------------------------------------

    async def run(self, stop: asyncio.Event) -> None:
        """Initialise, receive updates (polling or webhook) until `stop`, then shut down.

        PTB's Updater is not used: it confirms updates to Telegram before they are handled
        (see channels/telegram/polling.py), and its webhook answers 200 before handling."""
        application = self.application
        await application.initialize()
        try:
            if application.post_init is not None:  # run_polling would call it; so do we
                await application.post_init(application)
            await application.start()
            self.core.notifier.register(PLATFORM, self.deliver)
            if self.settings.mode == "webhook":
                await self._serve_webhook(stop)
            else:
                poller = Poller(application.bot, application.process_update,
                                allowed_updates=ALLOWED_UPDATES,
                                concurrency=CONCURRENT_UPDATES, interval=POLL_INTERVAL,
                                parked=ParkedUpdates(self.core.db, PLATFORM, self.core.clock))
                await poller.run(stop, self._ready)
        finally:
            self.core.notifier.unregister(PLATFORM)
            if application.running:
                await application.stop()
            await application.shutdown()
            log.info("telegram: stopped")

    def _ready(self) -> None:
        log.info("telegram: @%s is %s", self.application.bot.username,
                 "on webhook" if self.settings.mode == "webhook" else "polling")
        self.ready.set()

    async def _serve_webhook(self, stop: asyncio.Event) -> None:
        webhook = self.settings.webhook
        if webhook is None:
            raise ValueError("webhook mode needs a webhook section")
        # Without a configured secret, a fresh random one still keeps strangers out.
        secret = webhook.secret_token or secrets.token_urlsafe(32)
        bot = self.application.bot

        async def on_body(body: object) -> None:
            if not isinstance(body, dict):
                return
            update = Update.de_json(body, bot)
            if update is not None:
                await self.application.process_update(update)

        server = WebhookServer(
            name="telegram", header=SECRET_HEADER, listen=webhook.listen, port=webhook.port,
            path=webhook.path, secret=secret, on_body=on_body, health=self.core.healthy)
        server.start()
        try:
            await bot.set_webhook(url=f"{webhook.public_url}/{webhook.path}",
                                  secret_token=secret, allowed_updates=ALLOWED_UPDATES)
            self._ready()
            await stop.wait()
        finally:
            await server.stop()

    async def _post_init(self, application: Application) -> None:
        """Set the command menu: everyone's commands with their Vietnamese descriptions."""
        commands = [BotCommand(spec.name, spec.description)
                    for spec in self.core.router.menu_commands()]
        try:
            await application.bot.set_my_commands(commands)
        except TelegramError as error:
            log.warning("telegram: could not set the command menu: %s", error)

    async def _on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Log (ids only, never the text) and keep serving."""
        update_id = update.update_id if isinstance(update, Update) else None
        log.error("telegram: update %s failed", update_id, exc_info=context.error)

    # --- updates → Incoming ---------------------------------------------------------------

    async def _on_message(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.message
        if message is None or message.from_user is None or message.from_user.is_bot:
            return
        if message.chat.type == ChatType.CHANNEL:
            return
        user = message.from_user
        sender = Sender(PLATFORM, str(user.id), user.full_name)
        chat = Chat(str(message.chat.id), is_group=message.chat.type in GROUP_CHATS)
        text = message.text if message.text is not None else (message.caption or "")
        addressed = True
        if chat.is_group:
            if not self._command_is_ours(text):
                return
            addressed, text = self._addressing(message, text)
            if not addressed and message.text is None:
                return  # a file or sticker in a group, not for the bot: don't even look
        update_id = str(update.update_id)
        async with self._order.acquire((chat.chat_id, sender.user_id)):
            if message.text is not None:
                incoming = command_event(sender, chat, text, update_id=update_id,
                                         addressed_to_bot=addressed)
            elif message.document is not None:
                refusal, attachment = await self._download(message)
                if refusal is not None:
                    await self._send(chat, [Reply(refusal)], message)
                    return
                incoming = Incoming(EventKind.TEXT, sender, chat, text=text,
                                    update_id=update_id, addressed_to_bot=addressed,
                                    attachment=attachment)
            else:
                incoming = Incoming(EventKind.UNSUPPORTED, sender, chat, text=text,
                                    update_id=update_id, addressed_to_bot=addressed)
            replies = await self.core.handle(incoming)
            await self._send(chat, replies, message)

    async def _on_button(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        if query is None:
            return
        try:
            await query.answer()  # stop the button's spinner at once
        except TelegramError as error:
            log.info("telegram: callback %s not answered: %s", update.update_id, error)
        if query.data is None:
            return
        user = query.from_user
        sender = Sender(PLATFORM, str(user.id), user.full_name)
        origin = query.message
        if origin is not None:
            chat = Chat(str(origin.chat.id), is_group=origin.chat.type in GROUP_CHATS)
        else:
            chat = Chat(str(user.id))
        incoming = Incoming(EventKind.BUTTON, sender, chat, payload=query.data,
                            update_id=str(update.update_id))
        async with self._order.acquire((chat.chat_id, sender.user_id)):
            replies = await self.core.handle(incoming)
            await self._send(chat, replies, None)

    def _command_is_ours(self, text: str) -> bool:
        """"/cmd@otherbot" in a group is for another bot."""
        match = _COMMAND_TARGET.match(text)
        username = self.application.bot.username or ""
        return match is None or match.group(1).lower() == username.lower()

    def _addressing(self, message: Message, text: str) -> tuple[bool, str]:
        """In a group: does the message mention the bot or reply to it? The text without
        the mention."""
        bot = self.application.bot
        handle = f"@{bot.username}".lower()
        entities = {**message.parse_entities(), **message.parse_caption_entities()}
        mentioned = any(
            (entity.type == MessageEntityType.MENTION and value.lower() == handle)
            or (entity.type == MessageEntityType.TEXT_MENTION and entity.user is not None
                and entity.user.id == bot.id)
            for entity, value in entities.items()
        )
        if mentioned:
            text = re.sub(rf"@{re.escape(bot.username)}\b", " ", text, flags=re.IGNORECASE)
            text = re.sub(r"\s+", " ", text).strip(" ,:")
        original = message.reply_to_message
        replied = (original is not None and original.from_user is not None
                   and original.from_user.id == bot.id)
        command = text.startswith("/")
        return mentioned or replied or command, text

    async def _download(self, message: Message) -> tuple[str | None, Attachment | None]:
        """The document's bytes, or the Vietnamese reason for refusing it."""
        document = message.document
        assert document is not None
        name = document.file_name or "tep"
        if not name.lower().endswith(ACCEPTED_FILES):
            return texts.FILE_TYPE_NOT_ACCEPTED, None
        limit_mb = MAX_FILE_BYTES // (1024 * 1024)
        if document.file_size is not None and document.file_size > MAX_FILE_BYTES:
            return texts.FILE_TOO_LARGE.format(size_mb=document.file_size / 2**20,
                                               limit_mb=limit_mb), None
        try:
            file = await document.get_file()
            data = bytes(await file.download_as_bytearray())
        except TelegramError as error:
            log.warning("telegram: file of message %s not downloaded: %s",
                        message.message_id, error)
            return texts.FILE_DOWNLOAD_FAILED, None
        if len(data) > MAX_FILE_BYTES:
            return texts.FILE_TOO_LARGE.format(size_mb=len(data) / 2**20,
                                               limit_mb=limit_mb), None
        return None, Attachment(name, data)

    # --- Reply → Telegram -----------------------------------------------------------------

    async def _send(self, chat: Chat, replies: Sequence[Reply], message: Message | None) -> None:
        """Send the replies; a failure is logged and never stops the bot."""
        if not replies:
            return
        reply_to = message.message_id if (chat.is_group and message is not None) else None
        try:
            await send_replies(self.application.bot, _chat_id(chat.chat_id), replies,
                               reply_to=reply_to)
        except RetryAfter as error:
            log.warning("telegram: flood control on chat %s after %d retries: %s",
                        chat.chat_id, SEND_RETRIES, error)
        except Forbidden as error:
            log.info("telegram: chat %s cannot be messaged: %s", chat.chat_id, error)
        except TelegramError as error:
            log.warning("telegram: sending to chat %s failed: %s", chat.chat_id, error)

    async def deliver(self, chat_id: str, replies: Sequence[Reply]) -> None:
        """For core.notifier: message someone (private chat id == user id). Raises on failure."""
        await send_replies(self.application.bot, _chat_id(chat_id), replies)


def http_request(connections: int) -> BaseRequest:
    """The HTTP transport python-telegram-bot uses: aiohttp (see channels/telegram_http.py)."""
    return AiohttpRequest(connections, pool_timeout=POOL_TIMEOUT)


def file_url_for(base_url: str) -> str:
    """The file download address that goes with a Bot API address ending in "/bot"."""
    trimmed = base_url.rstrip("/")
    if trimmed.endswith("/bot"):
        return trimmed[: -len("/bot")] + "/file/bot"
    return trimmed


def _chat_id(chat_id: str) -> int | str:
    return int(chat_id) if chat_id.lstrip("-").isdigit() else chat_id

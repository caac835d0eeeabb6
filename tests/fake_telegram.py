"""A local fake Telegram Bot API server for tests and benchmarks (loopback only).

It speaks enough of the Bot API over real HTTP for python-telegram-bot's own HTTP stack:
getMe, getUpdates (long polling), sendMessage, answerCallbackQuery, editMessageText,
sendPhoto, sendDocument, setMyCommands, deleteWebhook, setWebhook, getFile and file
downloads. Tests push updates, then read what the bot sent:

    api = FakeBotApi()
    await api.start()
    api.push_text(42, "quên mật khẩu vneid")
    sent = await api.wait_for_sent(1)
"""

from __future__ import annotations

import asyncio
import contextlib
import email.parser
import email.policy
import itertools
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, unquote

TOKEN = "123456:TEST-fake-token"
BOT_ID = 123456
BOT_USERNAME = "tocds_test_bot"
JSON_FIELDS = frozenset({
    "reply_markup", "link_preview_options", "reply_parameters", "commands", "allowed_updates",
    "scope", "entities", "caption_entities",
})
TEXT_FIELDS = frozenset({"text", "caption", "callback_query_id", "file_id", "url", "secret_token"})
REASONS = {200: "OK", 400: "Bad Request", 401: "Unauthorized", 403: "Forbidden",
           404: "Not Found", 429: "Too Many Requests", 500: "Internal Server Error"}


@dataclass
class Call:
    """One Bot API request as the fake server received it."""

    method: str
    params: dict[str, Any]
    files: dict[str, tuple[str, bytes]] = field(default_factory=dict)
    at: float = 0.0


@dataclass
class Failure:
    """An error to answer instead of the next matching call."""

    method: str
    status: int
    description: str
    retry_after: int | None = None
    chat_id: int | None = None
    times: int = 1


class FakeBotApi:
    """The fake server. Everything runs on the caller's event loop."""

    def __init__(self, *, token: str = TOKEN, bot_id: int = BOT_ID,
                 username: str = BOT_USERNAME, record: bool = True) -> None:
        self.token = token
        self.bot_user = {"id": bot_id, "is_bot": True, "first_name": "Tổ CĐS",
                         "username": username, "can_join_groups": True,
                         "can_read_all_group_messages": False, "supports_inline_queries": False}
        self.record = record
        self.calls: list[Call] = []
        self.sent: list[dict[str, Any]] = []  # every message the bot sent, as Telegram stores it
        self.files: dict[str, bytes] = {}
        self.failures: list[Failure] = []
        self.chat_types: dict[int, str] = {}
        self.on_handout: Callable[[list[dict[str, Any]], float], None] | None = None
        self.on_call: Callable[[str, dict[str, Any], float], None] | None = None
        self._queue: list[_Queued] = []  # kept until the bot confirms them with `offset`
        self._arrived = asyncio.Event()
        self._changed = asyncio.Event()
        self._update_ids = itertools.count(1000)
        self._message_ids = itertools.count(1)
        self._server: asyncio.Server | None = None
        self._connections: set[asyncio.Task[None]] = set()
        self.port = 0

    # --- lifecycle ------------------------------------------------------------------------

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> FakeBotApi:
        self._server = await asyncio.start_server(self._serve_connection, host, port)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    async def close(self) -> None:
        if self._server is not None:
            self._server.close()
            for task in list(self._connections):
                task.cancel()
            with contextlib.suppress(Exception):
                await self._server.wait_closed()
            self._server = None

    async def __aenter__(self) -> FakeBotApi:
        return await self.start()

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/bot"

    @property
    def base_file_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/file/bot"

    # --- feeding updates ------------------------------------------------------------------

    def push(self, update: dict[str, Any]) -> dict[str, Any]:
        """Queue an update for the next getUpdates (pushing the same one twice redelivers it)."""
        self._queue.append(_Queued(update))
        self._arrived.set()
        return update

    def next_update_id(self) -> int:
        return next(self._update_ids)

    def message(self, user_id: int, *, chat_id: int | None = None, group: bool = False,
                first_name: str = "Lan", **fields: Any) -> dict[str, Any]:
        """A Message object from a person (private chat unless `group`)."""
        chat_id = chat_id if chat_id is not None else user_id
        chat_type = "supergroup" if group else "private"
        self.chat_types[chat_id] = chat_type
        chat = {"id": chat_id, "type": chat_type}
        chat.update({"title": "Nhóm thôn"} if group else {"first_name": first_name})
        return {"message_id": next(self._message_ids), "date": int(time.time()),
                "chat": chat, "from": {"id": user_id, "is_bot": False, "first_name": first_name},
                **fields}

    def text_update(self, user_id: int, text: str, *, update_id: int | None = None,
                    **kwargs: Any) -> dict[str, Any]:
        fields: dict[str, Any] = {"text": text}
        entities = _entities(text)
        if entities:
            fields["entities"] = entities
        message = self.message(user_id, **kwargs, **fields)
        return {"update_id": update_id or self.next_update_id(), "message": message}

    def push_text(self, user_id: int, text: str, **kwargs: Any) -> dict[str, Any]:
        return self.push(self.text_update(user_id, text, **kwargs))

    def push_callback(self, user_id: int, data: str, message: dict[str, Any],
                      first_name: str = "Lan") -> dict[str, Any]:
        """A press on a button of `message` (a message the bot sent)."""
        query = {"id": f"cq{self.next_update_id()}", "chat_instance": "ci1", "data": data,
                 "from": {"id": user_id, "is_bot": False, "first_name": first_name},
                 "message": message}
        return self.push({"update_id": self.next_update_id(), "callback_query": query})

    def push_document(self, user_id: int, filename: str, data: bytes, *, caption: str = "",
                      size: int | None = None, **kwargs: Any) -> dict[str, Any]:
        file_id = f"doc{self.next_update_id()}"
        self.files[file_id] = data
        document = {"file_id": file_id, "file_unique_id": f"u{file_id}", "file_name": filename,
                    "file_size": len(data) if size is None else size}
        fields: dict[str, Any] = {"document": document}
        if caption:
            fields["caption"] = caption
        message = self.message(user_id, **kwargs, **fields)
        return self.push({"update_id": self.next_update_id(), "message": message})

    def push_sticker(self, user_id: int) -> dict[str, Any]:
        sticker = {"file_id": "st1", "file_unique_id": "ust1", "type": "regular", "width": 512,
                   "height": 512, "is_animated": False, "is_video": False}
        message = self.message(user_id, sticker=sticker)
        return self.push({"update_id": self.next_update_id(), "message": message})

    def fail_next(self, method: str, status: int, description: str, *,
                  retry_after: int | None = None, chat_id: int | None = None,
                  times: int = 1) -> None:
        """Answer the next `times` calls of `method` (to `chat_id`, if given) with an error."""
        self.failures.append(Failure(method, status, description, retry_after, chat_id, times))

    # --- inspecting -----------------------------------------------------------------------

    def calls_of(self, method: str) -> list[Call]:
        return [call for call in self.calls if call.method == method]

    def sent_to(self, chat_id: int) -> list[dict[str, Any]]:
        return [m for m in self.sent if m["chat"]["id"] == chat_id]

    async def wait_until(self, condition: Callable[[], bool], timeout: float = 10.0) -> None:
        """Wait until `condition()` holds after some request; fails the test after `timeout`."""
        async def poll() -> None:
            while not condition():
                self._changed.clear()
                await self._changed.wait()

        try:
            await asyncio.wait_for(poll(), timeout)
        except TimeoutError:
            raise AssertionError(
                f"condition not met; calls: {[c.method for c in self.calls]}") from None

    async def wait_for_sent(self, count: int, chat_id: int | None = None,
                            timeout: float = 10.0) -> list[dict[str, Any]]:
        """Wait until `count` messages were sent (to `chat_id`, if given) and return them."""
        def matching() -> list[dict[str, Any]]:
            return self.sent if chat_id is None else self.sent_to(chat_id)

        await self.wait_until(lambda: len(matching()) >= count, timeout)
        return matching()

    # --- HTTP -----------------------------------------------------------------------------

    async def _serve_connection(self, reader: asyncio.StreamReader,
                                writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._connections.add(task)
        try:
            while True:
                request = await _read_request(reader)
                if request is None:
                    break
                method, target, headers, body = request
                status, content_type, payload = await self._respond(method, target, headers, body)
                head = (f"HTTP/1.1 {status} {REASONS.get(status, 'Error')}\r\n"
                        f"Content-Type: {content_type}\r\nContent-Length: {len(payload)}\r\n"
                        "Connection: keep-alive\r\n\r\n")
                writer.write(head.encode("ascii") + payload)
                await writer.drain()
        except (ConnectionError, asyncio.IncompleteReadError, asyncio.CancelledError):
            pass
        finally:
            self._connections.discard(task)
            writer.close()

    async def _respond(self, verb: str, target: str, headers: dict[str, str],
                       body: bytes) -> tuple[int, str, bytes]:
        path = unquote(target.split("?", 1)[0])
        file_prefix = f"/file/bot{self.token}/"
        if verb == "GET" and path.startswith(file_prefix):
            data = self.files.get(path[len(file_prefix):].removeprefix("documents/"))
            if data is None:
                return 404, "text/plain", b"not found"
            return 200, "application/octet-stream", data
        prefix = f"/bot{self.token}/"
        if not path.startswith(prefix):
            if path.startswith("/bot"):
                return _error(401, "Unauthorized")
            return _error(404, "Not Found")
        api_method = path[len(prefix):]
        params, files = _parse_body(headers.get("content-type", ""), body)
        now = time.perf_counter()
        if self.record:
            self.calls.append(Call(api_method, params, files, now))
        if self.on_call is not None:
            self.on_call(api_method, params, now)
        try:
            failure = self._take_failure(api_method, params)
            if failure is not None:
                extra = {"retry_after": failure.retry_after} if failure.retry_after else None
                return _error(failure.status, failure.description, extra)
            handler = getattr(self, f"api_{api_method}", None)
            if handler is None:
                return _error(404, "Not Found: method not found")
            try:
                result = await handler(params, files)
            except ApiError as error:
                return _error(error.status, error.description)
            return 200, "application/json", json.dumps({"ok": True, "result": result}).encode()
        finally:
            self._changed.set()

    def _take_failure(self, method: str, params: dict[str, Any]) -> Failure | None:
        for failure in self.failures:
            if failure.method == method and failure.chat_id in (None, params.get("chat_id")):
                failure.times -= 1
                if failure.times <= 0:
                    self.failures.remove(failure)
                return failure
        return None

    # --- Bot API methods ------------------------------------------------------------------

    async def api_getMe(self, params: dict[str, Any], files: dict) -> Any:
        return self.bot_user

    async def api_getUpdates(self, params: dict[str, Any], files: dict) -> Any:
        """Like Telegram: updates stay queued until a later call's `offset` confirms them."""
        self._confirm(params.get("offset"))
        if not self._queue and params.get("timeout", 0):
            self._arrived.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._arrived.wait(), float(params["timeout"]))
        batch = self._queue[: int(params.get("limit", 100))]
        fresh = [queued.update for queued in batch if not queued.handed_out]
        for queued in batch:
            queued.handed_out = True
        if fresh and self.on_handout is not None:
            self.on_handout(fresh, time.perf_counter())
        return [queued.update for queued in batch]

    def _confirm(self, offset: int | None) -> None:
        if offset:
            self._queue = [q for q in self._queue
                           if not (q.handed_out and q.update["update_id"] < offset)]

    async def api_sendMessage(self, params: dict[str, Any], files: dict) -> Any:
        return self._store(params, text=str(params["text"]))

    async def api_sendPhoto(self, params: dict[str, Any], files: dict) -> Any:
        photo = [{"file_id": "ph1", "file_unique_id": "uph1", "width": 640, "height": 480}]
        return self._store(params, photo=photo, **_caption(params))

    async def api_sendDocument(self, params: dict[str, Any], files: dict) -> Any:
        filename = files["document"][0] if "document" in files else "file"
        document = {"file_id": "d1", "file_unique_id": "ud1", "file_name": filename}
        return self._store(params, document=document, **_caption(params))

    async def api_editMessageText(self, params: dict[str, Any], files: dict) -> Any:
        chat_id = params["chat_id"]
        for message in self.sent:
            if message["chat"]["id"] == chat_id and message["message_id"] == params["message_id"]:
                message["text"] = params["text"]
                if "reply_markup" in params:
                    message["reply_markup"] = params["reply_markup"]
                return message
        return _raise(400, "Bad Request: message to edit not found")

    async def api_answerCallbackQuery(self, params: dict[str, Any], files: dict) -> Any:
        return True

    async def api_setMyCommands(self, params: dict[str, Any], files: dict) -> Any:
        return True

    async def api_deleteWebhook(self, params: dict[str, Any], files: dict) -> Any:
        return True

    async def api_setWebhook(self, params: dict[str, Any], files: dict) -> Any:
        return True

    async def api_getFile(self, params: dict[str, Any], files: dict) -> Any:
        file_id = params["file_id"]
        if file_id not in self.files:
            return _raise(400, "Bad Request: invalid file_id")
        return {"file_id": file_id, "file_unique_id": f"u{file_id}",
                "file_size": len(self.files[file_id]), "file_path": f"documents/{file_id}"}

    def _store(self, params: dict[str, Any], **content: Any) -> dict[str, Any]:
        chat_id = params["chat_id"]
        chat_type = self.chat_types.get(chat_id, "private" if chat_id > 0 else "supergroup")
        message = {"message_id": next(self._message_ids), "date": int(time.time()),
                   "chat": {"id": chat_id, "type": chat_type}, "from": self.bot_user, **content}
        if "reply_markup" in params:
            message["reply_markup"] = params["reply_markup"]
        if self.record:
            self.sent.append(message)
        return message


@dataclass
class _Queued:
    update: dict[str, Any]
    handed_out: bool = False


class ApiError(Exception):
    """Raised by an api_ method to answer with a Bot API error."""

    def __init__(self, status: int, description: str) -> None:
        super().__init__(description)
        self.status = status
        self.description = description


def _raise(status: int, description: str) -> Any:
    raise ApiError(status, description)


def buttons_of(message: dict[str, Any]) -> list[list[dict[str, str]]]:
    """The inline keyboard of a sent message, row by row."""
    return (message.get("reply_markup") or {}).get("inline_keyboard", [])


def _caption(params: dict[str, Any]) -> dict[str, Any]:
    return {"caption": str(params["caption"])} if "caption" in params else {}


def _entities(text: str) -> list[dict[str, Any]]:
    """Entities Telegram would attach: a leading bot command, and @mentions."""
    entities = []
    position = 0
    for word in text.split(" "):
        length = len(word.encode("utf-16-le")) // 2
        if word.startswith("/") and position == 0 and len(word) > 1:
            entities.append({"type": "bot_command", "offset": 0, "length": length})
        elif word.startswith("@") and len(word) > 1:
            entities.append({"type": "mention", "offset": position, "length": length})
        position += length + 1
    return entities


def _error(status: int, description: str,
           parameters: dict[str, Any] | None = None) -> tuple[int, str, bytes]:
    body: dict[str, Any] = {"ok": False, "error_code": status, "description": description}
    if parameters:
        body["parameters"] = parameters
    return status, "application/json", json.dumps(body).encode()


def _value(name: str, raw: str) -> Any:
    if name in JSON_FIELDS:
        return json.loads(raw)
    if name in TEXT_FIELDS:
        return raw
    if raw in ("true", "false"):
        return raw == "true"
    try:
        return int(raw)
    except ValueError:
        return raw


def _parse_body(content_type: str,
                body: bytes) -> tuple[dict[str, Any], dict[str, tuple[str, bytes]]]:
    """Form fields (PTB sends url-encoded forms, or multipart with uploads) and files."""
    if content_type.startswith("multipart/form-data"):
        message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
            f"Content-Type: {content_type}\r\n\r\n".encode() + body)
        params: dict[str, Any] = {}
        files: dict[str, tuple[str, bytes]] = {}
        for part in message.iter_parts():
            name = part.get_param("name", header="content-disposition")
            raw = part.get_payload(decode=True)
            data = raw if isinstance(raw, bytes) else b""
            filename = part.get_filename()
            if filename is not None:
                files[str(name)] = (filename, data)
            else:
                params[str(name)] = _value(str(name), data.decode("utf-8"))
        return params, files
    pairs = parse_qsl(body.decode("utf-8"), keep_blank_values=True)
    return {name: _value(name, raw) for name, raw in pairs}, {}


async def _read_request(
    reader: asyncio.StreamReader,
) -> tuple[str, str, dict[str, str], bytes] | None:
    """One HTTP/1.1 request: (verb, target, lower-cased headers, body); None at end of stream."""
    line = await reader.readline()
    if not line:
        return None
    verb, target, _ = line.decode("latin-1").split(" ", 2)
    headers: dict[str, str] = {}
    while True:
        header = await reader.readline()
        if header in (b"\r\n", b"\n", b""):
            break
        name, _, value = header.decode("latin-1").partition(":")
        headers[name.strip().lower()] = value.strip()
    if headers.get("transfer-encoding", "").lower() == "chunked":
        chunks = []
        while True:
            size = int((await reader.readline()).split(b";")[0], 16)
            if size == 0:
                await reader.readline()
                break
            chunks.append(await reader.readexactly(size))
            await reader.readline()
        return verb, target, headers, b"".join(chunks)
    length = int(headers.get("content-length", "0"))
    return verb, target, headers, await reader.readexactly(length) if length else b""

"""A local stand-in for the Zalo Bot API (bot-api.zaloplatforms.com), for tests.

It speaks the same protocol over real HTTP on 127.0.0.1: POST /bot<TOKEN>/<method> with a
JSON body, answers {"ok": true, "result": ...} or {"ok": false, "error_code", ...}.
Tests queue updates for getUpdates, make calls fail, and read what the bot sent.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from collections import defaultdict, deque
from collections.abc import Callable
from typing import Any

import httpx
import tornado.httpserver
import tornado.netutil
import tornado.web

TOKEN = "1234567890:fake-zalo-token-abcdef"
BOT_DISPLAY_NAME = "Bot Trợ lý CĐS"
MAX_TEXT = 2000


def text_update(
    text: str, *, message_id: str, user_id: str = "u-lan", chat_id: str | None = None,
    name: str = "Lan", name_field: str = "display_name", group: bool = False,
    event: str = "message.text.received",
) -> dict[str, Any]:
    """An update as Zalo sends it (for non-text events, pass `event` and no text is needed)."""
    message: dict[str, Any] = {
        "from": {"id": user_id, name_field: name, "is_bot": False},
        "chat": {"id": chat_id or user_id, "chat_type": "GROUP" if group else "PRIVATE"},
        "message_id": message_id,
        "date": int(time.time() * 1000),
    }
    if event == "message.text.received":
        message["text"] = text
    return {"event_name": event, "message": message}


class FakeZalo:
    """The fake server. `updates_as_list`: getUpdates returns a list instead of one update."""

    def __init__(self, token: str = TOKEN, *, poll_wait: float = 0.05,
                 updates_as_list: bool = False, bad_token_answer: tuple[int, int] = (401, 401)):
        self.token = token
        self.poll_wait = poll_wait
        self.updates_as_list = updates_as_list
        self.bad_token_answer = bad_token_answer  # (HTTP status, error_code) for a wrong token
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.webhook_url = ""
        self._updates: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        self._failures: dict[str, deque[int]] = defaultdict(deque)
        self._changed = asyncio.Condition()
        self._ids = itertools.count(1)
        self._server: tornado.httpserver.HTTPServer | None = None
        self.base_url = ""
        # benchmarks: called as on_handout(message_id) and on_send(method, payload)
        self.on_handout: Callable[[str], None] | None = None
        self.on_send: Callable[[str, dict[str, Any]], None] | None = None

    async def start(self, port: int = 0) -> FakeZalo:
        app = tornado.web.Application(
            [(r"/bot([^/]+)/(\w+)", _MethodHandler, {"fake": self})],
            log_function=lambda handler: None,  # tornado's access log would print the token
        )
        sockets = tornado.netutil.bind_sockets(port, address="127.0.0.1")
        self._server = tornado.httpserver.HTTPServer(app)
        self._server.add_sockets(sockets)
        self.base_url = f"http://127.0.0.1:{sockets[0].getsockname()[1]}"
        return self

    async def stop(self) -> None:
        if self._server is not None:
            self._server.stop()
            await self._server.close_all_connections()

    # --- what tests do ------------------------------------------------------------------

    def push(self, *updates: dict[str, Any]) -> None:
        """Queue updates for getUpdates."""
        for update in updates:
            self._updates.put_nowait(update)

    def fail_next(self, method: str, status: int = 500, times: int = 1) -> None:
        """The next `times` calls of `method` answer with HTTP `status`."""
        self._failures[method].extend([status] * times)

    def sent(self, method: str = "sendMessage") -> list[dict[str, Any]]:
        return [payload for name, payload in self.calls if name == method]

    @property
    def texts(self) -> list[str]:
        return [payload["text"] for payload in self.sent("sendMessage")]

    def count(self, method: str) -> int:
        return sum(1 for name, _ in self.calls if name == method)

    async def wait_until(self, condition: Callable[[], bool], timeout: float = 15.0) -> None:
        """Wait until `condition()` holds (checked after every call the bot makes)."""
        async def wait() -> None:
            async with self._changed:
                await self._changed.wait_for(condition)
        try:
            await asyncio.wait_for(wait(), timeout)
        except TimeoutError:
            raise AssertionError(f"timed out; the bot sent: {self.texts}") from None

    async def wait_for_text(self, part: str) -> str:
        await self.wait_until(lambda: any(part in text for text in self.texts))
        return next(text for text in self.texts if part in text)

    # --- the API ------------------------------------------------------------------------

    async def answer(self, token: str, method: str, payload: dict[str, Any]) -> tuple[int, Any]:
        if token != self.token:
            status, code = self.bad_token_answer
            return status, {"ok": False, "error_code": code, "description": "Unauthorized"}
        await self._record(method, payload)
        if self._failures[method]:
            status = self._failures[method].popleft()
            return status, {"ok": False, "error_code": status, "description": "Server error"}
        if method == "getUpdates":
            return 200, await self._get_updates(payload)
        if method == "getMe":
            return 200, _ok({"id": "bot-1", "account_name": "bot.fake", "account_type": "BASIC",
                             "can_join_groups": True, "display_name": BOT_DISPLAY_NAME})
        if method in ("setWebhook", "deleteWebhook", "getWebhookInfo"):
            if method != "getWebhookInfo":
                self.webhook_url = payload.get("url", "") if method == "setWebhook" else ""
            return 200, _ok({"url": self.webhook_url, "updated_at": int(time.time() * 1000)})
        if method == "sendChatAction":
            return 200, {"ok": True}
        if method in ("sendMessage", "sendPhoto"):
            problem = _check_send(method, payload)
            if problem:
                return 400, {"ok": False, "error_code": 400, "description": problem}
            if self.on_send is not None:
                self.on_send(method, payload)
            return 200, _ok({"message_id": f"sent-{next(self._ids)}",
                             "date": int(time.time() * 1000)})
        return 404, {"ok": False, "error_code": 404, "description": "Not Found"}

    async def _get_updates(self, payload: dict[str, Any]) -> dict[str, Any]:
        wait = min(float(payload.get("timeout") or 30), self.poll_wait)
        try:
            first = await asyncio.wait_for(self._updates.get(), wait)
        except TimeoutError:
            return {"ok": False, "error_code": 408, "description": "Request timeout"}
        batch = [first]
        while self.updates_as_list and not self._updates.empty():
            batch.append(self._updates.get_nowait())
        if self.on_handout is not None:
            for update in batch:
                self.on_handout(update["message"]["message_id"])
        return _ok(batch if self.updates_as_list else first)

    async def _record(self, method: str, payload: dict[str, Any]) -> None:
        async with self._changed:
            self.calls.append((method, payload))
            self._changed.notify_all()


def _ok(result: Any) -> dict[str, Any]:
    return {"ok": True, "result": result}


def _check_send(method: str, payload: dict[str, Any]) -> str | None:
    if not isinstance(payload.get("chat_id"), str) or not payload["chat_id"]:
        return "chat_id is required"
    if method == "sendMessage":
        text = payload.get("text")
        if not isinstance(text, str) or not 1 <= len(text.encode("utf-16-le")) // 2 <= MAX_TEXT:
            return "text must be 1-2000 characters"
    if method == "sendPhoto" and not str(payload.get("photo", "")).startswith("http"):
        return "photo must be a URL"
    return None


class _MethodHandler(tornado.web.RequestHandler):
    def initialize(self, fake: FakeZalo) -> None:
        self.fake = fake

    async def post(self, token: str, method: str) -> None:
        try:
            payload = json.loads(self.request.body or b"{}")
        except ValueError:
            payload = None
        if not isinstance(payload, dict):
            self.set_status(400)
            self.finish({"ok": False, "error_code": 400, "description": "Bad JSON"})
            return
        status, body = await self.fake.answer(token, method, payload)
        self.set_status(status)
        self.finish(body)


async def post_webhook(url: str, body: object, secret: str | None) -> int:
    """Deliver `body` to the bot's webhook as Zalo would; returns the HTTP status."""
    headers = {"X-Bot-Api-Secret-Token": secret} if secret is not None else {}
    async with httpx.AsyncClient() as client:
        response = await client.post(url, json=body, headers=headers)
    return response.status_code

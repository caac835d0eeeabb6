"""The HTTP server a messenger posts updates to in webhook mode (tornado, on the bot's loop).

Used by both Telegram and Zalo. Every POST must carry the secret given to the messenger in
its header; anything else is refused with 403 before its body is read, and a body over
`MAX_BODY_BYTES` is refused (413) from its Content-Length, or as soon as it grows past the
limit, never read whole. The update is answered 200 only after it was handled, so a
messenger redelivers what a crash interrupted. `GET /healthz` reports whether the bot can
read its database, for a load balancer or `docker compose`'s health check.
"""

from __future__ import annotations

import hmac
import json
import logging
from collections.abc import Awaitable, Callable
from pathlib import Path

import tornado.httpserver
import tornado.netutil
import tornado.web
from tornado.http1connection import HTTP1Connection

log = logging.getLogger(__name__)

MAX_BODY_BYTES = 1024 * 1024
HEALTH_PATH = "/healthz"
BodyHandler = Callable[[object], Awaitable[None]]
HealthCheck = Callable[[], Awaitable[bool]]


@tornado.web.stream_request_body
class _UpdateHandler(tornado.web.RequestHandler):
    def initialize(self, name: str, header: str, secret: str, on_body: BodyHandler) -> None:
        self.name = name
        self.header = header
        self.secret = secret.encode()
        self.on_body = on_body
        self.chunks: list[bytes] = []
        self.size = 0
        self.refused = False

    def prepare(self) -> None:
        """Runs once the headers are in, before any of the body is read."""
        if self.request.method != "POST":
            return
        given = self.request.headers.get(self.header, "").encode()
        if not hmac.compare_digest(given, self.secret):
            log.warning("%s webhook: refused a request without the right secret from %s",
                        self.name, self.request.remote_ip)
            self._refuse(403)
            return
        declared = self.request.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > MAX_BODY_BYTES:
            log.warning("%s webhook: refused a %s-byte body", self.name, declared)
            self._refuse(413)

    def _refuse(self, status: int) -> None:
        self.refused = True
        self.set_status(status)
        self.set_header("Connection", "close")
        self.finish({"ok": False})
        if isinstance(self.request.connection, HTTP1Connection):  # what tornado serves with
            self.request.connection.close()

    def data_received(self, chunk: bytes) -> None:
        if self.refused:
            return
        self.size += len(chunk)
        if self.size > MAX_BODY_BYTES:
            log.warning("%s webhook: refused a body over %d bytes", self.name, MAX_BODY_BYTES)
            self._refuse(413)
            return
        self.chunks.append(chunk)

    async def post(self) -> None:
        if self.refused:
            return
        raw = b"".join(self.chunks)
        try:
            body = json.loads(raw or b"null")
        except ValueError:
            log.warning("%s webhook: body is not JSON (%d bytes)", self.name, len(raw))
            self.set_status(400)
            self.finish({"ok": False})
            return
        try:
            await self.on_body(body)
        except Exception:
            log.exception("%s webhook: an update could not be handled", self.name)
            self.set_status(500)  # the messenger delivers it again later
            self.finish({"ok": False})
            return
        self.finish({"ok": True})


class _HealthHandler(tornado.web.RequestHandler):
    def initialize(self, check: HealthCheck | None) -> None:
        self.check = check

    async def get(self) -> None:
        healthy = True if self.check is None else await self.check()
        self.set_status(200 if healthy else 503)
        self.finish({"ok": healthy})


class WebhookServer:
    """Receives updates at /<path>; serves /healthz; optionally published files at
    /<path>/files/."""

    def __init__(
        self, *, name: str, header: str, listen: str, port: int, path: str, secret: str,
        on_body: BodyHandler, files_dir: Path | None = None, health: HealthCheck | None = None,
    ) -> None:
        route = f"/{path}" if path else ""
        handlers: list = [
            (HEALTH_PATH, _HealthHandler, {"check": health}),
            (route or "/", _UpdateHandler,
             {"name": name, "header": header, "secret": secret, "on_body": on_body}),
        ]
        if files_dir is not None:
            files_dir.mkdir(parents=True, exist_ok=True)
            handlers.append((rf"{route}/files/([A-Za-z0-9_.%-]+)",
                             tornado.web.StaticFileHandler, {"path": str(files_dir)}))
        self._app = tornado.web.Application(handlers, log_function=_quiet_access_log)
        self._listen = listen
        self._port = port
        self._server: tornado.httpserver.HTTPServer | None = None

    def start(self) -> int:
        """Start listening (on the running event loop); returns the bound port."""
        sockets = tornado.netutil.bind_sockets(self._port, address=self._listen)
        self._server = tornado.httpserver.HTTPServer(
            self._app, max_body_size=MAX_BODY_BYTES, max_buffer_size=MAX_BODY_BYTES)
        self._server.add_sockets(sockets)
        return sockets[0].getsockname()[1]

    async def stop(self) -> None:
        if self._server is not None:
            self._server.stop()
            await self._server.close_all_connections()
            self._server = None


def _quiet_access_log(handler: tornado.web.RequestHandler) -> None:
    """Access lines without the query string (a secret could be in a URL)."""
    status = handler.get_status()
    if status >= 400:
        log.info("webhook %s %s -> %d", handler.request.method, handler.request.path, status)

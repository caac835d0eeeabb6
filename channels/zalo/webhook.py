"""The HTTP server Zalo posts updates to in webhook mode (tornado, on the bot's event loop).

Every POST must carry the secret given to setWebhook in the `X-Bot-Api-Secret-Token`
header; anything else is refused with 403 before its body is even read as JSON.
"""

from __future__ import annotations

import hmac
import json
import logging
from collections.abc import Callable
from pathlib import Path

import tornado.httpserver
import tornado.netutil
import tornado.web

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Bot-Api-Secret-Token"
MAX_BODY_BYTES = 256 * 1024


class _UpdateHandler(tornado.web.RequestHandler):
    def initialize(self, secret: str, on_body: Callable[[object], None]) -> None:
        self.secret = secret.encode()
        self.on_body = on_body

    def post(self) -> None:
        given = self.request.headers.get(SECRET_HEADER, "").encode()
        if not hmac.compare_digest(given, self.secret):
            log.warning("zalo webhook: refused a request without the right secret from %s",
                        self.request.remote_ip)
            self.set_status(403)
            self.finish({"ok": False})
            return
        try:
            body = json.loads(self.request.body or b"null")
        except ValueError:
            log.warning("zalo webhook: body is not JSON (%d bytes)", len(self.request.body))
            self.set_status(400)
            self.finish({"ok": False})
            return
        self.on_body(body)
        self.finish({"ok": True})


class WebhookServer:
    """Receives updates at /<path>; optionally serves published files at /<path>/files/."""

    def __init__(
        self, *, listen: str, port: int, path: str, secret: str,
        on_body: Callable[[object], None], files_dir: Path | None = None,
    ) -> None:
        route = f"/{path}" if path else ""
        handlers: list = [(route or "/", _UpdateHandler, {"secret": secret, "on_body": on_body})]
        if files_dir is not None:
            files_dir.mkdir(parents=True, exist_ok=True)
            handlers.append((rf"{route}/files/([A-Za-z0-9_.%-]+)",
                             tornado.web.StaticFileHandler, {"path": str(files_dir)}))
        self._app = tornado.web.Application(handlers)
        self._listen = listen
        self._port = port
        self._server: tornado.httpserver.HTTPServer | None = None

    def start(self) -> int:
        """Start listening (on the running event loop); returns the bound port."""
        sockets = tornado.netutil.bind_sockets(self._port, address=self._listen)
        self._server = tornado.httpserver.HTTPServer(self._app, max_body_size=MAX_BODY_BYTES)
        self._server.add_sockets(sockets)
        return sockets[0].getsockname()[1]

    async def stop(self) -> None:
        if self._server is not None:
            self._server.stop()
            await self._server.close_all_connections()
            self._server = None

"""A small client for the Zalo Bot API: every method is a POST with a JSON body.

    https://bot-api.zaloplatforms.com/bot<TOKEN>/<method>

Replies are `{"ok": true, "result": ...}` or `{"ok": false, "error_code", "description"}`.
The token is part of every URL, so no URL and no transport exception text leaves this
module without the token replaced by "<token>".
"""

from __future__ import annotations

import logging
import random
from dataclasses import dataclass, field
from typing import Any

import httpx

DEFAULT_BASE_URL = "https://bot-api.zaloplatforms.com"
NOTHING_NEW = 408  # getUpdates: the long poll ended with no new message
DEFAULT_TIMEOUT = 15.0


class ZaloApiError(Exception):
    """Zalo refused a call (`ok: false` or an HTTP error status)."""

    def __init__(self, method: str, error_code: int, description: str, status: int) -> None:
        self.method = method
        self.error_code = error_code
        self.description = description
        self.status = status
        super().__init__(f"{method}: {error_code} {description}".strip())

    @property
    def transient(self) -> bool:
        """Worth trying again later: the server was busy or broken, not the request."""
        return self.status >= 500 or self.status == 429 or self.error_code in (429, 500, 502,
                                                                                503, 504)


class ZaloNetworkError(Exception):
    """The call did not get an answer (connection refused, timeout, broken response)."""

    def __init__(self, method: str, detail: str, *, may_have_arrived: bool) -> None:
        self.method = method
        self.may_have_arrived = may_have_arrived  # a timeout after sending: maybe delivered
        super().__init__(f"{method}: {detail}")


class ZaloApi:
    """One HTTP connection pool for every call of one bot."""

    def __init__(
        self, token: str, base_url: str | None = None, *, timeout: float = DEFAULT_TIMEOUT,
    ) -> None:
        base = (base_url or DEFAULT_BASE_URL).rstrip("/")
        base = base.removesuffix("/bot")  # accept the Telegram-style ".../bot" form too
        self._token = token
        self._prefix = f"{base}/bot{token}/"
        self._client = httpx.AsyncClient(timeout=timeout)
        self._redactor = _RedactToken(token)
        logging.getLogger("httpx").addFilter(self._redactor)  # it logs every URL at INFO

    async def call(
        self, method: str, payload: dict[str, Any] | None = None, *, timeout: float | None = None,
    ) -> Any:
        """The call's `result`; raises ZaloApiError or ZaloNetworkError."""
        try:
            response = await self._client.post(
                self._prefix + method, json=payload or {},
                timeout=timeout if timeout is not None else httpx.USE_CLIENT_DEFAULT,
            )
        except httpx.HTTPError as error:
            sent = not isinstance(error, httpx.ConnectError | httpx.ConnectTimeout
                                  | httpx.PoolTimeout)
            detail = self.redact(f"{type(error).__name__}: {error}")
            raise ZaloNetworkError(method, detail, may_have_arrived=sent) from None
        try:
            body = response.json()
        except ValueError:
            body = None
        if not isinstance(body, dict):
            if response.status_code >= 400:
                raise ZaloApiError(method, response.status_code, response.reason_phrase,
                                   response.status_code)
            raise ZaloApiError(method, 0, "câu trả lời không phải JSON", response.status_code)
        if response.status_code >= 400 or body.get("ok") is not True:
            code = body.get("error_code")
            code = code if isinstance(code, int) else response.status_code
            description = self.redact(str(body.get("description") or response.reason_phrase))
            raise ZaloApiError(method, code, description, response.status_code)
        return body.get("result")

    def redact(self, text: str) -> str:
        return text.replace(self._token, "<token>") if self._token else text

    async def close(self) -> None:
        await self._client.aclose()
        logging.getLogger("httpx").removeFilter(self._redactor)


class _RedactToken(logging.Filter):
    """Replaces the token in log records before any handler formats them."""

    def __init__(self, token: str) -> None:
        super().__init__()
        self.token = token

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if self.token and self.token in message:
            record.msg = message.replace(self.token, "<token>")
            record.args = ()
        return True


@dataclass
class Backoff:
    """Exponential delays with jitter, capped: 1, 2, 4 … `cap` seconds (each up to 25% less)."""

    initial: float = 1.0
    cap: float = 60.0
    factor: float = 2.0
    jitter: float = 0.25
    _attempt: int = field(default=0, init=False, repr=False)

    def next_delay(self) -> float:
        base = min(self.cap, self.initial * self.factor ** min(self._attempt, 32))
        self._attempt += 1
        return base * random.uniform(1 - self.jitter, 1)

    def reset(self) -> None:
        self._attempt = 0

    def fresh(self) -> Backoff:
        """Same settings, counting from the start."""
        return Backoff(self.initial, self.cap, self.factor, self.jitter)

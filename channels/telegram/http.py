"""python-telegram-bot's HTTP transport on aiohttp instead of httpx.

PTB talks to the Bot API through a replaceable `BaseRequest`. Its default, httpx, spends
about 1 ms of CPU on each request; aiohttp about 0.2 ms (measured on loopback, see
docs/benchmarks.md). At hundreds of messages a second that is the difference between a
bot that keeps up and one that queues. The wire format stays PTB's own: form fields for
plain calls, multipart for uploads.

Proxies (HTTPS_PROXY, HTTP_PROXY, NO_PROXY, as PTB's httpx default honours them) are read
from the environment once, when the transport starts. aiohttp's `trust_env=True` would look
them up, and read ~/.netrc, in a worker thread on every request: a quarter of the bot's CPU
per question.
"""

from __future__ import annotations

import ssl
import urllib.request
from urllib.parse import urlsplit

import aiohttp
import certifi
from telegram._utils.defaultvalue import DefaultValue
from telegram._utils.types import ODVInput
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData


class AiohttpRequest(BaseRequest):
    """A `telegram.request.BaseRequest` on one aiohttp session with a bounded pool.

    Timeouts follow PTB's meaning: `connect_timeout` to open a connection, `pool_timeout`
    to wait for a free one, `read_timeout` for each read of the answer. aiohttp has no write
    timeout, so `write_timeout` is not applied: a stalled upload is left to TCP's own.
    Like PTB's httpx transport, it trusts certifi's certificates and follows no redirects.
    """

    __slots__ = (
        "_connect",
        "_keepalive",
        "_pool",
        "_pool_size",
        "_proxies",
        "_read",
        "_session",
    )

    def __init__(
        self,
        connection_pool_size: int = 32,
        *,
        read_timeout: float | None = 5.0,
        connect_timeout: float | None = 5.0,
        pool_timeout: float | None = 1.0,
        keepalive_seconds: float = 30.0,
    ) -> None:
        self._pool_size = connection_pool_size
        self._read = read_timeout
        self._connect = connect_timeout
        self._pool = pool_timeout
        self._keepalive = keepalive_seconds
        self._session: aiohttp.ClientSession | None = None
        self._proxies: dict[str, str] = {}

    @property
    def read_timeout(self) -> float | None:
        return self._read

    async def initialize(self) -> None:
        if self._session is None or self._session.closed:
            connector = aiohttp.TCPConnector(
                limit=self._pool_size, keepalive_timeout=self._keepalive,
                ssl=ssl.create_default_context(cafile=certifi.where()),
            )
            self._session = aiohttp.ClientSession(
                connector=connector, headers={"User-Agent": self.USER_AGENT},
                trust_env=False,  # see the module docstring: proxies are resolved here, once
            )
            self._proxies = urllib.request.getproxies_environment()

    async def shutdown(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()
        self._session = None

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        write_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,  # see the class docstring
        connect_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        pool_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        if self._session is None or self._session.closed:
            raise RuntimeError("AiohttpRequest is not initialized")
        body = _body(request_data)
        pool = _given(pool_timeout, self._pool)
        connect = _given(connect_timeout, self._connect)
        timeout = aiohttp.ClientTimeout(
            total=None,  # a 5 MB download on a slow link may take long; sock_read catches stalls
            # aiohttp's "connect" includes the wait for a free pooled connection
            connect=None if pool is None or connect is None else pool + connect,
            sock_connect=connect,
            sock_read=_given(read_timeout, self._read),
        )
        try:
            async with self._session.request(method, url, data=body, timeout=timeout,
                                             allow_redirects=False,
                                             proxy=self._proxy_for(url)) as response:
                return response.status, await response.read()
        except TimeoutError as error:
            raise TimedOut from error
        except aiohttp.ClientError as error:
            raise NetworkError(f"aiohttp.{type(error).__name__}: {error}") from error


    def _proxy_for(self, url: str) -> str | None:
        """The proxy for `url` from the environment as it was at start-up (None: direct)."""
        if not self._proxies:
            return None
        parts = urlsplit(url)
        proxy = self._proxies.get(parts.scheme)
        bypass = urllib.request.proxy_bypass_environment  # type: ignore[attr-defined]  # real, not in typeshed
        if proxy is None or bypass(parts.netloc, self._proxies):
            return None
        return proxy


def _body(request_data: RequestData | None) -> aiohttp.FormData | dict | None:
    """Form fields, or multipart when the call uploads a file (as PTB's httpx transport)."""
    if request_data is None:
        return None
    fields = request_data.json_parameters
    files = request_data.multipart_data
    if not files:
        return fields
    form = aiohttp.FormData(fields, quote_fields=False)
    for name, (filename, content, mimetype) in files.items():
        form.add_field(name, content, filename=filename, content_type=mimetype)
    return form


def _given(value: ODVInput[float], default: float | None) -> float | None:
    return default if isinstance(value, DefaultValue) else value


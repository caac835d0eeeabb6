"""The Telegram transport on aiohttp: a slow or unreachable Bot API becomes PTB's own errors,
which python-telegram-bot's polling loop waits out instead of stopping the bot."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator

import pytest
from telegram.error import NetworkError, TimedOut

from channels.telegram.http import AiohttpRequest


@pytest.fixture
async def silent_server() -> AsyncIterator[str]:
    """A server that accepts connections and never answers."""

    async def hold(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.read()  # until the client gives up
        writer.close()

    server = await asyncio.start_server(hold, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    yield f"http://127.0.0.1:{port}"
    server.close()


def unused_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


async def test_a_bot_api_that_does_not_answer_times_out(silent_server: str) -> None:
    request = AiohttpRequest(2, read_timeout=0.2)
    async with request:
        with pytest.raises(TimedOut):
            await request.post(f"{silent_server}/botTOKEN/getMe")


async def test_an_unreachable_bot_api_is_a_network_error() -> None:
    request = AiohttpRequest(2, connect_timeout=1.0)
    async with request:
        with pytest.raises(NetworkError):
            await request.post(f"http://127.0.0.1:{unused_port()}/botTOKEN/getMe")



@pytest.fixture
async def proxy() -> AsyncIterator[tuple[str, list[bytes]]]:
    """A forward proxy that answers every request itself and remembers its request line."""
    seen: list[bytes] = []

    async def answer(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        seen.append(await reader.readline())
        while (await reader.readline()).strip():
            pass  # the headers
        body = b'{"ok": true, "result": "via proxy"}'
        writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                     b"Content-Length: %d\r\nConnection: close\r\n\r\n%s" % (len(body), body))
        await writer.drain()
        writer.close()

    server = await asyncio.start_server(answer, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    yield f"http://127.0.0.1:{port}", seen
    server.close()


def clear_proxy_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "no_proxy",
                 "NO_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)


async def test_the_proxy_of_the_environment_at_start_up_is_used(
        proxy: tuple[str, list[bytes]], monkeypatch: pytest.MonkeyPatch) -> None:
    address, seen = proxy
    clear_proxy_env(monkeypatch)
    monkeypatch.setenv("HTTP_PROXY", address)
    target = f"http://127.0.0.1:{unused_port()}/botTOKEN/getMe"  # reachable only by the proxy
    async with AiohttpRequest(2) as request:
        monkeypatch.delenv("HTTP_PROXY")  # read once at start-up, not per request
        assert await request.post(target) == "via proxy"
    assert seen == [f"POST {target} HTTP/1.1\r\n".encode()]


async def test_no_proxy_hosts_are_reached_directly(
        proxy: tuple[str, list[bytes]], silent_server: str,
        monkeypatch: pytest.MonkeyPatch) -> None:
    address, seen = proxy
    clear_proxy_env(monkeypatch)
    monkeypatch.setenv("HTTP_PROXY", address)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    async with AiohttpRequest(2, read_timeout=0.2) as request:
        with pytest.raises(TimedOut):  # the silent server itself, not the proxy
            await request.post(f"{silent_server}/botTOKEN/getMe")
    assert seen == []


async def test_an_environment_proxy_set_after_start_up_is_not_looked_up(
        proxy: tuple[str, list[bytes]], silent_server: str,
        monkeypatch: pytest.MonkeyPatch) -> None:
    address, seen = proxy
    clear_proxy_env(monkeypatch)
    async with AiohttpRequest(2, read_timeout=0.2) as request:
        monkeypatch.setenv("HTTP_PROXY", address)
        with pytest.raises(TimedOut):
            await request.post(f"{silent_server}/botTOKEN/getMe")
    assert seen == []

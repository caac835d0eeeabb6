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


"""End-to-end fixtures: a fake Telegram Bot API server on 127.0.0.1 and a real Bot talking to it.

    async def test_something(telegram_server, telegram_bot):
        await telegram_bot.send_message(42, "xin chào")
        [record] = await telegram_server.wait_for(1)

For an Application, build it against the same server::

    app = (ApplicationBuilder().token(TELEGRAM_TOKEN).base_url(telegram_server.base_url)
           .base_file_url(telegram_server.base_file_url).build())
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from telegram import Bot

from tests.fakes.telegram_server import FakeTelegram

TELEGRAM_TOKEN = "123456:TEST-TOKEN"


@pytest.fixture
async def telegram_server() -> AsyncIterator[FakeTelegram]:
    """A started FakeTelegram accepting ``TELEGRAM_TOKEN``; stopped after the test."""
    async with FakeTelegram(TELEGRAM_TOKEN) as server:
        yield server


@pytest.fixture
async def telegram_bot(telegram_server: FakeTelegram) -> AsyncIterator[Bot]:
    """A real, initialised ``telegram.Bot`` pointed at ``telegram_server``."""
    bot = Bot(TELEGRAM_TOKEN, base_url=telegram_server.base_url,
              base_file_url=telegram_server.base_file_url)
    async with bot:
        yield bot


@pytest.fixture
async def sending_channel(telegram_server: FakeTelegram):
    """The Telegram channel the dispatcher sends through (our adapter over PTB's sending bot),
    pointed at the fake server; no retries inside PTB, so the dispatcher's own are tested."""
    from bot.channels.telegram import TelegramChannel, sending_bot

    bot = sending_bot(TELEGRAM_TOKEN, telegram_server.base_url, max_retries=0, read_timeout=2,
                      base_file_url=telegram_server.base_file_url)
    async with bot:
        yield TelegramChannel(bot)

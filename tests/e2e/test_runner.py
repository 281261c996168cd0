"""`nhacviec run` with a Telegram token: the composition root wires the bot, the command menu
and the scheduler, whose first pass sends the reminders owed now."""
from __future__ import annotations

import asyncio

from pydantic import SecretStr

from bot.app import Core
from bot.runner import serve
from tests.e2e.conftest import TELEGRAM_TOKEN
from tests.service.helpers import add_contact, seed


async def test_serve_runs_bot_and_scheduler(core, telegram_server):
    seed(core.engine)
    add_contact(core.engine, "telegram", "100", "focal", "Sở Y tế", core.clock())
    settings = core.settings.model_copy(update={
        "telegram_bot_token": SecretStr(TELEGRAM_TOKEN), "telegram_base_url": telegram_server.base_url})
    app_core = Core(settings=settings, engine=core.engine, clock=core.clock)
    stop = asyncio.Event()
    task = asyncio.create_task(serve(app_core, stop=stop))
    try:
        [digest] = await telegram_server.wait_for(lambda r: r.chat_id == 100, timeout=20)
        assert "DEMO-1" in digest.plain_text and digest.buttons()
        assert telegram_server.calls["setMyCommands"] == 1
        telegram_server.push_text(100, "/xong DEMO-1 đã ban hành")
        await telegram_server.wait_for(lambda r: r.chat_id == 100 and "Đã ghi nhận" in (r.plain_text or ""))
    finally:
        stop.set()
        await asyncio.wait_for(task, 20)
    assert TELEGRAM_TOKEN not in repr(settings)

"""`nhacviec run` when a channel does not start at once (issue 12, item 11): a 502 or a dropped
connection is retried with backoff, through the fake servers and the real python-telegram-bot;
a channel still failing never keeps the other channel or the scheduler down; a wrong token
leaves only its own channel off. The backoff's `sleep` is injected: no test waits on it."""
from __future__ import annotations

import asyncio
import logging

from pydantic import SecretStr

from bot.app import Core
from bot.runner import serve
from tests.e2e.conftest import TELEGRAM_TOKEN
from tests.e2e.test_zalo_bot import TOKEN as ZALO_TOKEN, fake, zalo_core  # noqa: F401 (fixture)
from tests.service.helpers import add_contact, seed


class Sleeps:
    """The injected sleep: records each delay; waits for `gate` when one is given."""

    def __init__(self, gate: asyncio.Event | None = None) -> None:
        self.delays: list[float] = []
        self.gate = gate

    async def __call__(self, seconds: float) -> None:
        self.delays.append(seconds)
        if self.gate is not None:
            await self.gate.wait()
        await asyncio.sleep(0)


def telegram_core(core: Core, server, **extra) -> Core:
    settings = core.settings.model_copy(update={
        "telegram_bot_token": SecretStr(TELEGRAM_TOKEN), "telegram_base_url": server.base_url, **extra})
    return Core(settings=settings, engine=core.engine, clock=core.clock)


async def stopped(task: asyncio.Task, stop: asyncio.Event) -> None:
    stop.set()
    await asyncio.wait_for(task, 20)  # re-raises what serve raised


async def test_502_on_getme_is_retried_and_telegram_comes_up(core, telegram_server):
    seed(core.engine)
    add_contact(core.engine, "telegram", "100", "focal", "Sở Y tế", core.clock())
    telegram_server.fail_next("getMe", 502)
    sleeps, stop = Sleeps(), asyncio.Event()
    task = asyncio.create_task(serve(telegram_core(core, telegram_server), stop=stop, sleep=sleeps))
    try:
        [digest] = await telegram_server.wait_for(lambda r: r.chat_id == 100, timeout=20)
        assert "DEMO-1" in digest.plain_text
        assert sleeps.delays == [1.0] and telegram_server.calls["getMe"] >= 2
        telegram_server.push_text(100, "/xong DEMO-1 đã ban hành")
        await telegram_server.wait_for(lambda r: r.chat_id == 100 and "Đã ghi nhận" in (r.plain_text or ""))
        assert not task.done()
    finally:
        await stopped(task, stop)


async def test_dropped_connection_on_set_my_commands_is_retried(core, telegram_server):
    seed(core.engine)
    add_contact(core.engine, "telegram", "100", "focal", "Sở Y tế", core.clock())
    telegram_server.drop_connection_next("setMyCommands")
    sleeps, stop = Sleeps(), asyncio.Event()
    task = asyncio.create_task(serve(telegram_core(core, telegram_server), stop=stop, sleep=sleeps))
    try:
        await telegram_server.wait_for(lambda r: r.chat_id == 100, timeout=20)
        assert telegram_server.calls["setMyCommands"] == 2 and sleeps.delays == [1.0]
        assert telegram_server.commands  # the menu was published on the second try
    finally:
        await stopped(task, stop)


async def test_zalo_and_scheduler_run_while_telegram_retries(core, telegram_server, fake):  # noqa: F811
    seed(core.engine)
    add_contact(core.engine, "zalo", "z1", "focal", "Sở Y tế", core.clock())
    add_contact(core.engine, "telegram", "100", "focal", "Sở Y tế", core.clock())
    telegram_server.fail_next("getMe", 502, count=2)
    both = telegram_core(zalo_core(core, fake), telegram_server)
    gate, stop = asyncio.Event(), asyncio.Event()
    sleeps = Sleeps(gate)
    task = asyncio.create_task(serve(both, stop=stop, sleep=sleeps))
    try:
        # Telegram is waiting for its retry; Zalo gets the scheduler's digest and answers
        await fake.wait_for(lambda sent: any(s.chat_id == "z1" and "DEMO-1" in s.text for s in sent), timeout=20)
        before = len(fake.sent)
        fake.push_text("z1", "xin chào")
        await fake.wait_for(lambda sent: len(sent) > before)
        assert sleeps.delays == [1.0] and telegram_server.sent == [] and not task.done()
        gate.set()  # the network is back: Telegram joins (a 502 more, then up)
        await telegram_server.wait_for(lambda r: r.chat_id == 100, timeout=20)
        assert sleeps.delays == [1.0, 2.0]
    finally:
        await stopped(task, stop)


async def test_wrong_telegram_token_leaves_only_telegram_off(core, telegram_server, fake, caplog):  # noqa: F811
    seed(core.engine)
    add_contact(core.engine, "zalo", "z1", "focal", "Sở Y tế", core.clock())
    wrong = "999:WRONG-TOKEN"
    both = zalo_core(core, fake).settings.model_copy(update={
        "telegram_bot_token": SecretStr(wrong), "telegram_base_url": telegram_server.base_url})
    sleeps, stop = Sleeps(), asyncio.Event()
    caplog.set_level(logging.INFO)
    task = asyncio.create_task(serve(Core(settings=both, engine=core.engine, clock=core.clock),
                                     stop=stop, sleep=sleeps))
    try:
        await fake.wait_for(lambda sent: any(s.chat_id == "z1" for s in sent), timeout=20)
        assert sleeps.delays == [] and not task.done()  # no retry: waiting does not fix a token
    finally:
        await stopped(task, stop)
    assert "Telegram: token bị từ chối" in caplog.text
    assert wrong not in caplog.text and ZALO_TOKEN not in caplog.text

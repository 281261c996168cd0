"""Dispatch through the real python-telegram-bot stack (ExtBot + AIORateLimiter, as `nhacviec
remind` builds it) against FakeTelegram on 127.0.0.1: HTML, buttons, faults, long digests.

The rate limiter's own 429 retries are off here (`max_retries=0`) so that every wait goes
through the dispatcher's injected `sleep` and no test sleeps for real; the timeout tests
wait for a 0.3 s client read timeout, nothing else.
"""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlmodel import Session

from bot.channels.telegram import TelegramChannel
from bot.channels.telegram import sending_bot
from bot.store.models import Contact
from schedules.policy import Rules
from tests.e2e.conftest import TELEGRAM_TOKEN
from tests.service.test_dispatch_support import at, clock, dcore, run, world  # noqa: F401 (fixtures)

NOW = at(4, 13, 9)  # T-14 of 6/5/2026: the default task is owed a reminder
QUIET = Rules(checkin_workday=25)  # no monthly check-in in the way


class Sleeps(list):
    async def __call__(self, seconds: float) -> None:
        self.append(seconds)


@pytest.fixture
async def channel(telegram_server):
    bot = sending_bot(TELEGRAM_TOKEN, telegram_server.base_url, max_retries=0, read_timeout=0.3,
                       base_file_url=telegram_server.base_file_url)
    async with bot:
        yield TelegramChannel(bot)


def messages(server, chat: str):
    return [r for r in server.sent if r.method == "sendMessage" and str(r.chat_id) == chat]


def done_codes(record) -> list[str]:
    return [b["callback_data"].split(":")[-1] for b in record.buttons() if b["callback_data"].startswith("st:done:")]


async def test_digest_arrives_as_html_with_each_tasks_buttons(dcore, world, telegram_server, channel):
    a = world.agency("Sở Y tế")
    late = world.task(a, date(2026, 4, 1), content="Ban hành quy chế <dữ liệu> & chia sẻ")
    soon = world.task(a)
    focal = world.contact(a, chat="501")
    r = await run(dcore, {"telegram": channel}, NOW, rules=QUIET)
    [msg] = messages(telegram_server, focal)
    assert msg.parse_mode == "HTML" and r.messages == 1
    assert f"<b>{late}</b>" in msg.text and "&lt;dữ liệu&gt; &amp; chia sẻ" in msg.text
    assert "Quá hạn (1 việc)" in msg.plain_text and "Sắp đến hạn (1 việc)" in msg.plain_text
    assert done_codes(msg) == [late, soon]
    assert {b["callback_data"] for b in msg.buttons()} >= {f"st:delay:{soon}", f"st:note:{soon}"}
    assert all(x.sent_at is not None for x in world.reminders())


async def test_429_5xx_and_timeouts_lose_nothing_and_repeat_nothing(dcore, world, telegram_server, channel):
    a = world.agency("Sở Y tế")
    code = world.task(a)
    chats = [world.contact(a, chat=str(600 + n)) for n in range(4)]
    telegram_server.fail_next("sendMessage", 429, retry_after=3, chat_id=chats[0])
    telegram_server.fail_next("sendMessage", 502, chat_id=chats[1])
    telegram_server.fail_next("sendMessage", 500, count=2, chat_id=chats[2])
    telegram_server.delay_next("sendMessage", 5.0, deliver=False)  # the client times out first
    sleeps = Sleeps()
    r = await run(dcore, {"telegram": channel}, NOW, rules=QUIET, sleep=sleeps, concurrency=1)
    for chat in chats:
        [msg] = messages(telegram_server, chat)
        assert done_codes(msg) == [code]
    assert 3.0 in sleeps and r.retried == 5 and r.deferred == [] and telegram_server.count_429 == 1
    assert len(messages(telegram_server, chats[0])) == 1
    again = await run(dcore, {"telegram": channel}, NOW + timedelta(minutes=5), rules=QUIET)
    assert again.messages == 0 and len([r for r in telegram_server.sent if r.method == "sendMessage"]) == 4


async def test_failures_beyond_the_pass_are_sent_by_the_next_pass(dcore, world, telegram_server, channel):
    a = world.agency("Sở Y tế")
    code = world.task(a)
    focal = world.contact(a, chat="701")
    telegram_server.fail_next("sendMessage", 502, count=4)
    r = await run(dcore, {"telegram": channel}, NOW, rules=QUIET, sleep=Sleeps())
    assert messages(telegram_server, focal) == [] and len(r.deferred) == 1
    await run(dcore, {"telegram": channel}, NOW + timedelta(minutes=1), rules=QUIET)
    [msg] = messages(telegram_server, focal)
    assert done_codes(msg) == [code]


async def test_a_timeout_after_delivery_errs_on_the_side_of_resending(dcore, world, telegram_server, channel):
    """Telegram has no idempotency key: after a timeout we cannot know whether the message
    arrived, and a lost reminder is worse than a repeated one."""
    a = world.agency("Sở Y tế")
    world.task(a)
    focal = world.contact(a, chat="801")
    telegram_server.delay_next("sendMessage", 5.0, deliver=True)
    await run(dcore, {"telegram": channel}, NOW, rules=QUIET, sleep=Sleeps())
    assert len(messages(telegram_server, focal)) == 2  # at least once


async def test_403_makes_the_contact_inactive_and_tells_the_secretariat(dcore, world, telegram_server, channel):
    a = world.agency("Sở Y tế")
    world.task(a)
    focal, other = world.contact(a, chat="901"), world.contact(a, chat="902")
    sec = world.contact(None, "secretariat", chat="990")
    telegram_server.block(focal)
    r = await run(dcore, {"telegram": channel}, NOW, rules=QUIET, sleep=Sleeps())
    assert r.blocked == [1] and messages(telegram_server, focal) == []
    assert len(messages(telegram_server, other)) == 1
    [notice] = messages(telegram_server, sec)
    assert "đã chặn bot" in notice.plain_text and "Người 901" in notice.plain_text
    with Session(dcore.engine) as s:
        assert s.get(Contact, 1).active is False
    calls = telegram_server.calls["sendMessage"]
    await run(dcore, {"telegram": channel}, NOW + timedelta(minutes=5), rules=QUIET)
    assert telegram_server.calls["sendMessage"] == calls  # nothing more to the blocked chat, no second notice


async def test_a_5000_character_digest_is_split_under_4096_between_entries(dcore, world, telegram_server, channel):
    a = world.agency("Sở Y tế")
    words = "Triển khai nhiệm vụ chuyển đổi số, phát triển khoa học công nghệ và đổi mới sáng tạo "
    codes = [world.task(a, date(2026, 4, 20) + timedelta(days=n % 16), content=words * 2) for n in range(28)]
    focal = world.contact(a, chat="1001")
    gaps = Sleeps()
    r = await run(dcore, {"telegram": channel}, NOW, rules=QUIET, sleep=gaps)
    assert gaps == [1.0] * (r.messages - 1)  # one chat: a second between messages
    msgs = messages(telegram_server, focal)
    total = sum(len(m.plain_text) for m in msgs)
    assert total > 5000 and len(msgs) >= 2 and r.messages == len(msgs)
    seen: list[str] = []
    for m in msgs:
        assert len(m.plain_text) <= 4096
        in_text = [c for c in codes if f"{c} · " in m.plain_text]
        assert sorted(done_codes(m)) == sorted(in_text)  # each task whole, with its own buttons, in one message
        seen += in_text
    assert sorted(seen) == sorted(codes)


async def test_remind_command_sends_through_telegram_and_never_prints_the_token(
        dcore, world, telegram_server, db_url, monkeypatch):
    import asyncio
    import json

    from typer.testing import CliRunner

    from bot.cli import app

    a = world.agency("Sở Y tế")
    code = world.task(a)
    focal = world.contact(a, chat="1101")
    monkeypatch.setenv("DATABASE_URL", db_url)
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", TELEGRAM_TOKEN)
    monkeypatch.setenv("TELEGRAM_BASE_URL", telegram_server.base_url)
    monkeypatch.delenv("ZALO_BOT_TOKEN", raising=False)
    runner = CliRunner()
    out = await asyncio.to_thread(runner.invoke, app, ["remind", "--now", "2026-04-13T09:00", "--json"])
    assert out.exit_code == 0, out.output
    report = json.loads(out.output)
    assert [(s["chat_id"], s["codes"]) for s in report["sent"]] == [(focal, [code])]
    assert [m.chat_id for m in telegram_server.sent if m.method == "sendMessage"] == [int(focal)]
    again = await asyncio.to_thread(runner.invoke, app, ["remind", "--now", "2026-04-13T09:05"])
    assert again.exit_code == 0 and "đã gửi 0 tin" in again.output
    for text in (out.output, again.output):
        assert TELEGRAM_TOKEN not in text and TELEGRAM_TOKEN.split(":")[1] not in text

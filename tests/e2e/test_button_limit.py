"""Telegram refuses a message with more than 100 inline buttons; the fake server does too,
so a reply the cutter (`bot.service.parts`) got wrong fails here as it would in production."""
from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import select
from telegram import InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import BadRequest

from bot.store import session_scope
from bot.store.models import Agency, Plan, Task
from tests.e2e.test_telegram_bot import NOW, running_bot
from tests.service.helpers import add_contact, add_task, seed
from bot.agencies import Registry


def keyboard(n: int) -> InlineKeyboardMarkup:
    rows = [[InlineKeyboardButton(f"{i}.{j}", callback_data=f"b{i}.{j}") for j in range(5)] for i in range(n // 5)]
    return InlineKeyboardMarkup(rows)


async def test_the_fake_server_refuses_more_than_100_buttons_like_telegram(telegram_server, telegram_bot):
    await telegram_bot.send_message(42, "vừa đủ", reply_markup=keyboard(100))
    with pytest.raises(BadRequest, match="(?i)reply markup is too long"):
        await telegram_bot.send_message(42, "quá nhiều", reply_markup=keyboard(105))
    assert len(telegram_server.outbox(42)) == 1


async def test_tasks_of_an_agency_with_80_short_tasks_go_through(telegram_server, engine):
    seed(engine)
    add_contact(engine, "telegram", "100", "focal", "Sở Tài chính", NOW)
    with session_scope(engine) as s:
        reg = Registry.load(s)
        plan = s.exec(select(Plan)).first()
        for n in range(80):
            add_task(s, reg, Task(plan_id=plan.id, no=f"9{n}", code=f"DEMO-9{n}", content=f"Việc {n}",
                                  lead_text="Sở Tài chính", deadline_text="30/9/2025", kind="date",
                                  due=date(2025, 9, 30), position=100 + n))
        assert s.exec(select(Agency).where(Agency.name == "Sở Tài chính")).one()
    async with running_bot(telegram_server, engine):
        telegram_server.push_text(100, "/viec")
        msgs = await telegram_server.wait_for(lambda r: r.chat_id == 100)
        assert all(len(m.buttons()) <= 100 for m in msgs) and "DEMO-9" in msgs[0].plain_text
        failed = [c for c in telegram_server.requests if c.method == "sendMessage" and c.status != 200]
        assert failed == []

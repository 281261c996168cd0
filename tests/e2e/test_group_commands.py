"""In a group, `/xong@otherbot` is another bot's command: ignored (issue 12, item 13)."""
from __future__ import annotations

from sqlmodel import Session, select

from bot.store.models import StatusEvent
from tests.e2e.test_telegram_bot import NOW, running_bot
from tests.service.helpers import add_contact, seed


async def test_a_command_addressed_to_another_bot_is_ignored(telegram_server, engine):
    seed(engine)
    add_contact(engine, "telegram", "100", "focal", "Sở Y tế", NOW)
    async with running_bot(telegram_server, engine):
        telegram_server.push_text(100, "/xong@otherbot DEMO-1 của bot khác", chat_id=-500, chat_type="group")
        telegram_server.push_text(100, "/xong@nhacviec_test_bot DEMO-2 xong", chat_id=-500, chat_type="group")
        [answer] = await telegram_server.wait_for(lambda r: r.chat_id == -500)
        assert "DEMO-2" in answer.plain_text
    with Session(engine) as s:
        assert [e.note for e in s.exec(select(StatusEvent))] == ["xong"]

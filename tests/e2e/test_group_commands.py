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


async def test_a_group_registered_by_invite_answers_only_its_agencys_focal_points(telegram_server, engine):
    """Through python-telegram-bot: /start CODE of a group invite in the group, then a stranger's
    /xong there is refused and writes nothing, the agency's focal point's is recorded."""
    from bot.service.onboarding import create_invite
    from bot.store import session_scope

    seed(engine)
    add_contact(engine, "telegram", "100", "focal", "Sở Y tế", NOW)
    with session_scope(engine) as s:
        code = create_invite(s, "Sở Y tế", "focal", NOW, for_group=True).code
    async with running_bot(telegram_server, engine):
        telegram_server.push_text(777, f"/start {code}", chat_id=-600, chat_type="group")
        [ok] = await telegram_server.wait_for(lambda r: r.chat_id == -600)
        assert "nhóm này" in ok.plain_text
        telegram_server.push_text(777, "/xong DEMO-1", chat_id=-600, chat_type="group")
        [no] = await telegram_server.wait_for(lambda r: r.chat_id == -600 and "chỉ đầu mối" in r.plain_text)
        telegram_server.push_text(100, "/xong DEMO-2 đã gửi", chat_id=-600, chat_type="group")
        await telegram_server.wait_for(lambda r: r.chat_id == -600 and "DEMO-2" in (r.plain_text or ""))
    with Session(engine) as s:
        assert [e.note for e in s.exec(select(StatusEvent))] == ["đã gửi"]

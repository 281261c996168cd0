"""The real python-telegram-bot Application, long polling a Bot API server on 127.0.0.1."""
from __future__ import annotations

from contextlib import asynccontextmanager
from datetime import datetime

import pytest
from sqlmodel import Session, select

from bot.channels.telegram import build_application, start_application, stop_application
from bot.service.conversation.handler import Conversation
from bot.service.onboarding import create_invite
from bot.store import session_scope
from bot.store.models import Contact, Plan, StatusEvent, Task, Assignment
from tests.conftest import TZ
from tests.e2e.conftest import TELEGRAM_TOKEN
from tests.service.helpers import add_contact, assignment, seed

NOW = datetime(2025, 6, 16, 9, 0, tzinfo=TZ)


@asynccontextmanager
async def running_bot(server, engine, clock=lambda: NOW, conv=None):
    conv = conv or Conversation(engine=engine, clock=clock, tz=TZ)
    app = build_application(TELEGRAM_TOKEN, server.base_url, conv.handle,
                            base_file_url=server.base_file_url, rate_limit=False)
    await start_application(app, poll_timeout=1)
    try:
        yield app
    finally:
        await stop_application(app)


@pytest.fixture
def world(engine):
    seed(engine)
    add_contact(engine, "telegram", "100", "focal", "Sở Y tế", NOW)
    add_contact(engine, "telegram", "900", "lead", None, NOW)
    return engine


def texts(server, chat_id):
    return [r.plain_text or r.text for r in server.outbox(chat_id)]


async def test_onboarding_by_deep_link_code(telegram_server, world):
    with session_scope(world) as s:
        code = create_invite(s, "Sở Tài chính", "focal", NOW).code
    async with running_bot(telegram_server, world):
        telegram_server.push_text(555, f"/start {code}", first_name="Lan")
        [msg] = await telegram_server.wait_for(lambda r: r.chat_id == 555)
        assert "Đăng ký thành công" in msg.plain_text and "Sở Tài chính" in msg.plain_text
        assert msg.parse_mode == "HTML" and "<b>Sở Tài chính</b>" in msg.text
        telegram_server.push_text(556, f"/start {code}")
        [again] = await telegram_server.wait_for(lambda r: r.chat_id == 556)
        assert "đã được dùng" in again.plain_text
        telegram_server.push_text(557, "/start")
        [hint] = await telegram_server.wait_for(lambda r: r.chat_id == 557)
        assert "mã mời" in hint.plain_text
    assert telegram_server.calls["setMyCommands"] == 1
    with Session(world) as s:
        c = s.exec(select(Contact).where(Contact.user_id == "555")).one()
        assert (c.platform, c.role, c.display_name) == ("telegram", "focal", "Lan")


async def test_tasks_buttons_done_note_and_undo(telegram_server, world):
    async with running_bot(telegram_server, world):
        telegram_server.push_text(100, "/viec")
        [tasks] = await telegram_server.wait_for(lambda r: r.chat_id == 100)
        labels = [b["text"] for b in tasks.buttons()]
        assert labels[:3] == ["✅ Xong", "⏳ Chậm", "📝 Ghi chú"]
        assert "DEMO-1" in tasks.plain_text and "hạn 30/06/2025 — còn 14 ngày" in tasks.plain_text
        telegram_server.push_callback(100, "st:done:DEMO-1", tasks.message_id)
        confirm = (await telegram_server.wait_for(lambda r: r.chat_id == 100 and "Đã ghi nhận" in (r.plain_text or "")))[-1]
        assert assignment(world, "DEMO-1", "Sở Y tế").status == "done"
        telegram_server.push_text(100, "Đã ban hành QĐ 123/QĐ-UBND <ngay 20/6>", reply_to_message_id=confirm.message_id)
        stored = await telegram_server.wait_for(lambda r: r.chat_id == 100 and "Ghi chú:" in (r.plain_text or ""))
        assert "&lt;ngay 20/6&gt;" in stored[-1].text  # escaped for HTML
        assert assignment(world, "DEMO-1", "Sở Y tế").note == "Đã ban hành QĐ 123/QĐ-UBND <ngay 20/6>"
        undo = next(b["callback_data"] for b in stored[-1].buttons() if b["callback_data"].startswith("undo:"))
        telegram_server.push_callback(100, undo, stored[-1].message_id)
        await telegram_server.wait_for(lambda r: r.chat_id == 100 and "Đã hoàn tác" in (r.plain_text or ""))
        assert assignment(world, "DEMO-1", "Sở Y tế").status == "done"  # back to "done" without the note
    with Session(world) as s:
        a = assignment(world, "DEMO-1", "Sở Y tế")
        assert len(s.exec(select(StatusEvent).where(StatusEvent.assignment_id == a.id)).all()) == 3


async def test_free_text_reply_and_delay_in_two_steps(telegram_server, world):
    async with running_bot(telegram_server, world):
        telegram_server.push_text(100, "chậm, dự kiến 15/7 vì chờ ý kiến Sở Tài chính DEMO-2")
        await telegram_server.wait_for(lambda r: r.chat_id == 100 and "Đã ghi nhận" in (r.plain_text or ""))
        a = assignment(world, "DEMO-2", "Sở Y tế")
        assert (a.status, a.new_due.isoformat(), a.note) == ("delayed", "2025-07-15", "chờ ý kiến Sở Tài chính")
        telegram_server.push_text(100, "/viec")
        [listing] = await telegram_server.wait_for(lambda r: r.chat_id == 100 and "Việc chưa hoàn thành" in (r.plain_text or ""))
        telegram_server.push_callback(100, "st:delay:DEMO-4", listing.message_id)
        await telegram_server.wait_for(lambda r: r.chat_id == 100 and "ngày nào" in (r.plain_text or ""))
        telegram_server.push_text(100, "30/9 do thiếu người")
        await telegram_server.wait_for(lambda r: r.chat_id == 100 and "Ngày dự kiến mới: 30/09/2025" in (r.plain_text or ""))
        a = assignment(world, "DEMO-4", "Sở Y tế")
        assert (a.status, a.note) == ("delayed", "thiếu người")


async def test_strangers_groups_and_stickers(telegram_server, world):
    async with running_bot(telegram_server, world):
        telegram_server.push_text(777, "/xong DEMO-1")
        [r] = await telegram_server.wait_for(lambda r: r.chat_id == 777)
        assert "chưa đăng ký" in r.plain_text
        telegram_server.push_text(778, "/xong DEMO-1", chat_id=-5001, chat_type="group")
        [g] = await telegram_server.wait_for(lambda r: r.chat_id == -5001)
        assert "chưa đăng ký" in g.plain_text
        telegram_server.push_sticker(100)
        [s] = await telegram_server.wait_for(lambda r: r.chat_id == 100)
        assert "chỉ đọc tin nhắn chữ" in s.plain_text
    assert assignment(world, "DEMO-1", "Sở Y tế").status == "open"


async def test_long_lists_are_paged_with_a_xem_tiep_button(telegram_server, world):
    """/viec on 63 open tasks: pages of at most 10, "Xem tiếp" pressed through the real
    python-telegram-bot until the end; every task exactly once, each message with the buttons
    of exactly the tasks it shows."""
    with session_scope(world) as s:
        plan = s.exec(select(Plan)).one()
        yte = assignment(world, "DEMO-1", "Sở Y tế").agency_id
        for i in range(60):
            t = Task(plan_id=plan.id, no=f"L{i}", code=f"DEMO-L{i}", content="Nội dung rất dài " * 8 + str(i),
                     lead_text="Sở Y tế", deadline_text="Tháng 12/2025", kind="date",
                     due=datetime(2025, 12, 31).date(), position=100 + i)
            s.add(t)
            s.flush()
            s.add(Assignment(task_id=t.id, agency_id=yte, role="lead"))
    async with running_bot(telegram_server, world):
        telegram_server.push_text(100, "/viec")
        pages = 1
        while True:
            [last] = (await telegram_server.wait_for(lambda r: r.chat_id == 100, count=pages))[-1:]
            more = [b["callback_data"] for b in last.buttons() if b["callback_data"].startswith("pg:")]
            if not more:
                break
            assert pages < 10, "paging does not end"
            telegram_server.push_callback(100, more[0], last.message_id)
            pages += 1
    msgs = telegram_server.outbox(100)
    assert len(msgs) == pages == 7  # 63 tasks, 10 a page
    assert "Hết danh sách" in msgs[-1].plain_text and "(tiếp): 61–63 / 63" in msgs[-1].plain_text
    assert all(len(m.plain_text) <= 4096 for m in msgs)
    body = "\n\n".join(m.plain_text for m in msgs)
    for code in [f"DEMO-L{i}" for i in range(60)] + ["DEMO-1", "DEMO-2", "DEMO-4"]:
        assert body.count(f"{code} ·") == 1, code
    for m in msgs:  # each message carries the buttons of exactly the tasks it shows, at most 10
        shown = {line.split(" ·")[0] for line in m.plain_text.split("\n") if " · " in line}
        codes = {b["callback_data"].split(":")[2] for b in m.buttons() if b["callback_data"].startswith("st:done")}
        assert shown == codes and len(shown) <= 10


async def test_summary_counts_match_the_store_and_report_files_arrive(telegram_server, world, core):
    from bot.app import build_conversation

    with session_scope(world) as s:  # DEMO-5 (due 20/4) done late on 2/5; DEMO-1 done on time
        from bot.store.status import record_status
        record_status(s, assignment(world, "DEMO-5", "Sở Tài chính"), status="done",
                      at=datetime(2025, 5, 2, 10, 0, tzinfo=TZ))
        record_status(s, assignment(world, "DEMO-1", "Sở Y tế"), status="done", at=datetime(2025, 6, 2, 10, 0, tzinfo=TZ))
    async with running_bot(telegram_server, world, conv=build_conversation(core)):
        telegram_server.push_text(900, "/tonghop")
        [summary] = await telegram_server.wait_for(lambda r: r.chat_id == 900)
        text = summary.plain_text
        # 4 dated tasks: DEMO-1 on time, DEMO-5 late, DEMO-2 in time, DEMO-3 (due 31/5) overdue; DEMO-4 ongoing
        assert "Hoàn thành đúng hạn: 1 (25,0%)" in text
        assert "Hoàn thành quá hạn: 1 (25,0%)" in text
        assert "Đang thực hiện trong hạn: 1 (25,0%)" in text
        assert "Đang thực hiện quá hạn: 1 (25,0%)" in text
        assert "<b>" in summary.text
        telegram_server.push_text(100, "/tonghop")
        [mine] = await telegram_server.wait_for(lambda r: r.chat_id == 100)
        assert "Sở Y tế" in mine.plain_text and "Sở Tài chính" not in mine.plain_text
        telegram_server.push_text(900, "/baocao")
        files = await telegram_server.wait_for(lambda r: r.chat_id == 900 and r.method in ("sendPhoto", "sendDocument"),
                                               count=3, timeout=30)
        kinds = {r.method: r for r in files}
        assert kinds["sendPhoto"].file_bytes.startswith(b"\x89PNG")
        names = sorted(r.filename for r in files if r.method == "sendDocument")
        assert names[0].endswith(".docx") and names[1].endswith(".xlsx")
        telegram_server.push_text(100, "/baocao")
        [refused] = await telegram_server.wait_for(lambda r: r.chat_id == 100 and "dành cho lãnh đạo" in (r.plain_text or ""))


async def test_webhook_mode_checks_the_secret_token(telegram_server, world):
    import socket

    import httpx

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    url = f"http://127.0.0.1:{port}/telegram"
    conv = Conversation(engine=world, clock=lambda: NOW, tz=TZ)
    app = build_application(TELEGRAM_TOKEN, telegram_server.base_url, conv.handle,
                            base_file_url=telegram_server.base_file_url, rate_limit=False)
    await start_application(app, webhook_url=url, listen="127.0.0.1", port=port, secret_token="hook-secret")
    try:
        assert telegram_server.webhook["url"] == url and telegram_server.webhook["secret_token"] == "hook-secret"
        telegram_server.push_text(100, "/viec")
        [msg] = await telegram_server.wait_for(lambda r: r.chat_id == 100)
        assert "Việc chưa hoàn thành" in msg.plain_text
        forged = {"update_id": 999999, "message": {"message_id": 1, "date": 0, "chat": {"id": 100, "type": "private"},
                                                   "from": {"id": 100, "is_bot": False, "first_name": "x"},
                                                   "text": "/xong DEMO-1"}}
        async with httpx.AsyncClient() as client:
            wrong = await client.post(url, json=forged, headers={"X-Telegram-Bot-Api-Secret-Token": "nope"})
            missing = await client.post(url, json=forged)
        assert wrong.status_code == 403 and missing.status_code == 403
    finally:
        await stop_application(app)
    assert assignment(world, "DEMO-1", "Sở Y tế").status == "open"

"""Two people at the same moment: one invite code redeemed twice, two focal points of one
agency answering the same task. Real threads on one database (SQLite here, PostgreSQL in CI),
each through the whole conversation, as two chats would be served by the bot."""
from __future__ import annotations

import threading
from datetime import datetime

import pytest
from sqlmodel import Session, select

from bot.service.conversation.handler import Conversation
from bot.service.onboarding import create_invite
from bot.service.ports import Inbound, Sender
from bot.store import session_scope
from bot.store.models import Assignment, Contact, Invite, StatusEvent, Task
from tests.conftest import TZ
from tests.service.helpers import add_contact, seed

pytestmark = pytest.mark.store
NOW = datetime(2025, 6, 16, 9, 0, tzinfo=TZ)
ROUNDS = 15


def at_once(*jobs) -> list:
    """Run the jobs in threads released together by a barrier; their results in order."""
    barrier, out = threading.Barrier(len(jobs)), [None] * len(jobs)

    def run(n, job):
        barrier.wait(timeout=30)
        out[n] = job()

    threads = [threading.Thread(target=run, args=(n, j)) for n, j in enumerate(jobs)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return out


def said(user: str, text: str) -> Inbound:
    return Inbound(sender=Sender("telegram", user, user, f"Người {user}"), text=text)


def test_one_invite_code_redeemed_at_once_registers_one_person(engine):
    seed(engine)
    conv = Conversation(engine=engine, clock=lambda: NOW, tz=TZ)
    for n in range(ROUNDS):
        with session_scope(engine) as s:
            code = create_invite(s, "Sở Tài chính", "focal", NOW).code
        users = [f"{n}01", f"{n}02"]
        replies = at_once(*[(lambda u=u: conv.handle(said(u, f"/start {code}"))) for u in users])
        texts = [r[0].plain for r in replies]
        assert sum("Đăng ký thành công" in t for t in texts) == 1, texts
        assert sum("đã được dùng" in t for t in texts) == 1, texts
        with Session(engine) as s:
            registered = s.exec(select(Contact).where(Contact.user_id.in_(users))).all()
            assert len(registered) == 1, f"round {n}: {[c.user_id for c in registered]}"
            invite = s.exec(select(Invite).order_by(Invite.id.desc())).first()
            assert invite.used_by == registered[0].id


def test_two_focal_points_answering_one_task_at_once_keep_assignment_and_history_equal(engine):
    seed(engine)
    add_contact(engine, "telegram", "100", "focal", "Sở Y tế", NOW)
    add_contact(engine, "telegram", "200", "focal", "Sở Y tế", NOW)
    conv = Conversation(engine=engine, clock=lambda: NOW, tz=TZ)
    pairs = [("/xong DEMO-1 đã ban hành", "/ghichu DEMO-1 đang trình ký"),
             ("/danglam DEMO-1 đang làm", "/xong DEMO-1 xong rồi"),
             ("/cham DEMO-1 15/8/2025 chờ kinh phí", "/danglam DEMO-1 đang soạn")]
    bad = []
    for n in range(ROUNDS):
        first, second = pairs[n % len(pairs)]
        at_once(lambda: conv.handle(said("100", first)), lambda: conv.handle(said("200", second)))
        with Session(engine) as s:
            a = s.exec(select(Assignment).join(Task).where(Task.code == "DEMO-1")).one()
            last = s.exec(select(StatusEvent).where(StatusEvent.assignment_id == a.id)
                          .order_by(StatusEvent.id.desc())).first()
            if (a.status, a.new_due, a.note) != (last.status, last.new_due, last.note):
                bad.append((n, (a.status, a.new_due, a.note), (last.status, last.new_due, last.note)))
    assert bad == []

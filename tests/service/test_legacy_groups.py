"""Groups registered the old way — a person's own invite code typed in a group, before group invites
(issue 12, item 13) — before and after revision 0008_legacy_groups, through the real conversation,
the real dispatcher (a recording channel) and `nhacviec groups`.

Before it, such a row was a person whose chat was the group: the agency's digests and the lead's
escalations went into groups, and in the group anyone registered answered as themselves (another
agency's focal point included), because the group had no contact of its own to check against."""
from __future__ import annotations

import json
from datetime import datetime

import pytest
from sqlmodel import Session, select
from typer.testing import CliRunner

from bot.app import Core
from bot.cli.app import app
from bot.clock import to_utc
from bot.config import Settings
from bot.service.conversation import Conversation
from bot.service.reminders.dispatch import tick
from bot.store import migrate, session_scope
from bot.store.models import Agency, Contact
from tests.conftest import TZ
from tests.service.helpers import assignment, seed
from tests.service.test_dispatch_support import Clock, Recorder
from tests.service.test_conversation import events
from tests.service.test_groups import said
from tests.service.test_migrations import bare  # noqa: F401 (a fixture)

pytestmark = pytest.mark.store
GROUP, LEAD_GROUP = "-500", "-600"
MONDAY = datetime(2025, 6, 16, 9, 0, tzinfo=TZ)  # DEMO-1 (Sở Y tế) due 30/6; DEMO-3 (Vũ Thư …) overdue since 31/5
THURSDAY = datetime(2025, 6, 19, 9, 0, tzinfo=TZ)  # DEMO-1's next reminder: 7 working days before
ESCALATED = datetime(2025, 7, 9, 9, 0, tzinfo=TZ)  # DEMO-1 overdue for 7 working days: the lead is told
REFUSED = "chỉ đầu mối đã đăng ký của"


def contact(engine, user: str, chat: str, role: str, agency: str | None) -> None:
    with session_scope(engine) as s:
        aid = s.exec(select(Agency.id).where(Agency.name == agency)).one() if agency else None
        s.add(Contact(platform="telegram", user_id=user, chat_id=chat, role=role, agency_id=aid,
                      display_name=f"Người {user}", created_at=to_utc(MONDAY)))


@pytest.fixture
def old(bare, db_url):  # noqa: F811
    """A database at 0007 as the old way left it: Sở Y tế's focal point 100 and the lead 900
    registered in groups; Vũ Thư's focal point 200 privately."""
    migrate.upgrade(bare, "0007", shortcut=False)
    seed(bare)
    contact(bare, "100", GROUP, "focal", "Sở Y tế")
    contact(bare, "200", "200", "focal", "Ủy ban nhân dân huyện Vũ Thư")
    contact(bare, "900", LEAD_GROUP, "lead", None)
    clock = Clock(MONDAY)
    settings = Settings(_env_file=None, database_url=db_url, telegram_bot_token=None, zalo_bot_token=None,
                        web_listen="")
    return Core(settings=settings, engine=bare, clock=clock), Conversation(engine=bare, clock=clock, tz=TZ)


def chats(rec: Recorder) -> set[str]:
    return {m.chat_id for m in rec.sent}


async def test_old_groups_before_and_after_the_upgrade(old, db_url, monkeypatch):
    core, conv = old
    before = Recorder(core.clock)
    await tick(core, {"telegram": before})
    assert chats(before) == {GROUP, LEAD_GROUP, "200"}  # the lead's escalation into a group
    assert REFUSED not in said(conv, "200", "/viec", chat=GROUP).plain  # Vũ Thư's focal point, in Sở Y tế's group

    migrate.upgrade(core.engine)
    after = Recorder(core.clock)
    await tick(core, {"telegram": after})
    assert after.sent == []  # what the group was sent is not sent again, to it or to anyone
    core.clock.t = THURSDAY  # the conversation's clock too
    await tick(core, {"telegram": after})
    assert sorted(m.chat_id for m in after.sent if "DEMO-1" in m.codes) == sorted([GROUP, "100"])
    core.clock.t = ESCALATED
    await tick(core, {"telegram": after})
    assert LEAD_GROUP not in chats(after) and "900" in chats(after)  # the lead's escalation, privately
    with Session(core.engine) as s:
        group = s.exec(select(Contact).where(Contact.user_id == f"group:{GROUP}")).one()
        assert (group.chat_id, group.role, group.active) == (GROUP, "focal", True)

    assert REFUSED in said(conv, "200", "/viec", chat=GROUP).plain
    assert REFUSED in said(conv, "777", "/xong DEMO-1", chat=GROUP).plain
    assert "Đã ghi nhận" in said(conv, "100", "/xong DEMO-1 đã gửi", chat=GROUP).plain
    [e] = events(core.engine, "DEMO-1", "Sở Y tế")
    with Session(core.engine) as s:
        assert s.get(Contact, e.contact_id).user_id == "100"  # the person answered, not the group
    assert assignment(core.engine, "DEMO-1", "Sở Y tế").status == "done"

    monkeypatch.setenv("DATABASE_URL", db_url)
    runner = CliRunner()
    listed = runner.invoke(app, ["groups"])
    assert listed.exit_code == 0, listed.output
    assert f"telegram nhóm {GROUP} — Sở Y tế" in listed.output
    assert "Còn 1 nhóm đăng ký theo cách cũ" in listed.output  # the lead's group: nobody's destination now
    legacy = runner.invoke(app, ["groups", "--legacy"])
    assert legacy.exit_code == 0, legacy.output
    assert f"• telegram nhóm {GROUP}: hiện nhận nhắc việc của Sở Y tế" in legacy.output
    assert "– Người 100 (đầu mối của Sở Y tế, mã 1): nhóm được chuyển thành nơi nhận nhắc việc của Sở Y tế" \
        in legacy.output
    assert f"• telegram nhóm {LEAD_GROUP}: hiện không nhận tin nào\n  – Người 900 (lãnh đạo Tiểu Ban, mã 3)" \
        in legacy.output
    assert "nhacviec invite \"CƠ QUAN\" --group" in legacy.output and "bấm Start" in legacy.output
    rows = json.loads(runner.invoke(app, ["groups", "--legacy", "--json"]).output)
    assert [(r["chat_id"], r["user_id"], r["outcome"], r["now_agency"], r["pending"]) for r in rows] == [
        (GROUP, "100", "converted", "Sở Y tế", False), (LEAD_GROUP, "900", "manager", None, True)]


def test_groups_on_a_database_without_any(engine, db_url, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", db_url)
    runner = CliRunner()
    assert "Chưa có nhóm chat nào nhận nhắc việc" in runner.invoke(app, ["groups"]).output
    assert "Không có nhóm chat nào đăng ký theo cách cũ" in runner.invoke(app, ["groups", "--legacy"]).output
    assert json.loads(runner.invoke(app, ["groups", "--json"]).output) == []

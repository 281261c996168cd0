"""Long lists in pages: counts and 10 entries first, then "Xem tiếp" (a button on Telegram,
/tiep or the bare word "tiep" on Zalo and the console), with the cursor in `Prompt`."""
from __future__ import annotations

import re
from datetime import date, datetime

import pytest
from sqlmodel import Session, select

from bot.agencies import Registry
from bot.service.conversation import Conversation
from bot.store import session_scope
from bot.store.models import Agency, PageCursor, Plan, Prompt, Task
from tests.conftest import TZ
from tests.service.helpers import add_contact, add_task, seed
from tests.service.test_conversation import Clock, say

pytestmark = pytest.mark.store
NOW = datetime(2025, 6, 16, 9, 0, tzinfo=TZ)
CODE = re.compile(r"\bDEMO-[\w.]+")


@pytest.fixture
def world(engine):
    """Sở Y tế with 25 more overdue tasks, Sở Tài chính with 4, the group's huyện with DEMO-3."""
    seed(engine)
    with session_scope(engine) as s:
        reg, plan = Registry.load(s), s.exec(select(Plan)).one()
        for i in range(29):
            lead = "Sở Y tế" if i < 25 else "Sở Tài chính"
            add_task(s, reg, Task(plan_id=plan.id, no=str(100 + i), code=f"DEMO-{100 + i}", content=f"Việc thử số {i}",
                                  lead_text=lead, deadline_text="Tháng 5/2025", kind="date",
                                  due=date(2025, 5, 1 + i), position=10 + i))
    add_contact(engine, "telegram", "100", "focal", "Sở Y tế", NOW)
    add_contact(engine, "zalo", "z100", "focal", "Sở Y tế", NOW)
    add_contact(engine, "telegram", "900", "lead", None, NOW)
    add_contact(engine, "zalo", "z900", "lead", None, NOW)
    return Conversation(engine=engine, clock=Clock(NOW), tz=TZ)


def codes(reply) -> list[str]:
    return CODE.findall(reply.plain)


def more_button(reply) -> str | None:
    return next((b.data for b in reply.buttons if b.data.startswith("pg:")), None)


def page_through(conv, user, first, *, platform, limit=20):
    """Every reply from `first` to the end, following the button (Telegram) or /tiep."""
    replies = [say(conv, user, first, platform=platform)]
    while (more_button(replies[-1]) if platform == "telegram" else "/tiep" in replies[-1].plain):
        assert len(replies) < limit
        nxt = say(conv, user, button=more_button(replies[-1])) if platform == "telegram" \
            else say(conv, user, "tiep" if len(replies) % 2 else "/tiep", platform=platform)
        replies.append(nxt)
    return replies


def test_telegram_viec_pages_by_button(world, engine):
    first = say(world, "100", "/viec")
    assert "(28)" in first.plain  # the count of everything, on the first page
    assert len(first.entries) == 11 and more_button(first) == "pg:tasks::10"
    assert "/tiep" not in first.plain  # Telegram has the button instead
    replies = page_through(world, "100", "/viec", platform="telegram")
    seen = [c for r in replies for c in codes(r)]
    assert len(seen) == len(set(seen)) == 28
    assert [len(codes(r)) for r in replies] == [10, 10, 8]
    assert "Hết danh sách" in replies[-1].plain and more_button(replies[-1]) is None
    assert "21–28 / 28" in replies[-1].plain
    with Session(engine) as s:  # the cursor is gone at the end
        assert s.exec(select(Prompt)).all() == []


def test_zalo_viec_pages_by_tiep_and_the_cursor_is_stored(world, engine):
    first = say(world, "z100", "viec", platform="zalo")
    assert not first.buttons and "Còn 18 mục nữa: gõ /tiep" in first.plain
    with Session(engine) as s:
        [cursor] = s.exec(select(PageCursor)).all()
        assert cursor.listing == "tasks:" and len(cursor.shown.split(",")) == 10
        assert s.exec(select(Prompt)).all() == []  # not a question
    replies = page_through(world, "z100", "viec", platform="zalo")
    seen = [c for r in replies for c in codes(r)]
    assert len(seen) == len(set(seen)) == 28
    assert "Không có danh sách nào đang xem dở" in say(world, "z100", "/tiep", platform="zalo").plain


def test_marking_done_between_pages_skips_nothing(world):
    """A done task leaves /viec; an offset would then skip one. The cursor keeps what was shown."""
    first = say(world, "z100", "/viec", platform="zalo")
    page1 = codes(first)
    r = say(world, "z100", f"xong {page1[0]} đã ban hành", platform="zalo")
    assert "Đã ghi nhận" in r.plain
    r = say(world, "z100", f"chậm {page1[1]} dự kiến 30/9 chờ kinh phí", platform="zalo")
    assert "Đã ghi nhận" in r.plain
    rest = [say(world, "z100", "tiep", platform="zalo")]
    rest.append(say(world, "z100", "tiep", platform="zalo"))
    later = [c for r in rest for c in codes(r)]
    assert len(later) == len(set(later)) == 18 and not set(later) & set(page1)


def test_free_text_is_not_swallowed_by_a_page_cursor(world, engine):
    say(world, "z100", "/viec", platform="zalo")
    r = say(world, "z100", "DEMO-103 đang làm, đã có dự thảo", platform="zalo")
    assert "Đã ghi nhận" in r.plain and "đang thực hiện" in r.plain
    assert "(tiếp)" in say(world, "z100", "tiep", platform="zalo").plain  # and the cursor survived


def test_manager_overdue_counts_first_then_every_line_once(world, engine):
    first = say(world, "900", "/quahan")
    text = first.plain
    assert "Việc quá hạn: 32 lượt giao, 4 cơ quan" in text
    counts = re.findall(r"^• (.+): (\d+)$", text, re.M)
    assert counts[:2] == [("Sở Y tế", "25"), ("Sở Tài chính", "5")]  # worst first
    replies = page_through(world, "900", "/quahan", platform="telegram")
    pairs, agency = [], None
    for r in replies:
        for line in r.plain.split("\n"):
            if m := re.match(r"^(.+?) — \d+ việc", line):
                agency = m.group(1)
            elif m := re.match(r"^• (DEMO-\S+) \(", line):
                pairs.append((agency, m.group(1)))
    assert len(pairs) == len(set(pairs)) == 32
    assert "Sở Y tế — 25 việc (tiếp)" in replies[1].plain  # a group spanning pages says so


def test_overdue_of_one_agency_and_did_you_mean(world):
    r = say(world, "900", "/quahan so tai chinh")
    assert "Việc quá hạn — Sở Tài chính (5)" in r.plain and len(codes(r)) == 5 and more_button(r) is None
    assert "có phải" in say(world, "900", "/quahan Sở Tài chánh").plain
    r = say(world, "z900", "/quahan Sở Y tế", platform="zalo")
    assert "Việc quá hạn — Sở Y tế (25)" in r.plain and "Còn 15 mục" in r.plain
    with session_scope(world.engine) as s:
        yte = s.exec(select(Agency).where(Agency.name == "Sở Y tế")).one().id
    assert say(world, "900", "/quahan Sở Y tế").buttons[-1].data == f"pg:overdue:{yte}:10"
    assert "Chỉ lãnh đạo" in say(world, "100", "/quahan Sở Tài chính").plain


def test_a_button_works_without_its_cursor(world):
    """The cursor expired or another list replaced it: the button's count stands in for it."""
    first = say(world, "900", "/coquan Sở Y tế")
    button = more_button(first)
    say(world, "900", "/quahan")  # another list now holds the cursor
    second = say(world, "900", button=button)
    assert "11–20 / 28" in second.plain and not set(codes(first)) & set(codes(second))
    assert "không còn dùng" in say(world, "900", button="pg:nonsense:1:x").plain


def test_task_history_is_paged_by_event(world):
    for n in range(12):
        say(world, "z100", f"ghichu DEMO-1 lần {n}", platform="zalo")
    first = say(world, "z100", "/nhiemvu DEMO-1", platform="zalo")
    assert first.plain.count("• ") == 10 and "Còn 2 mục" in first.plain
    second = say(world, "z100", "tiep", platform="zalo")
    assert "Lịch sử DEMO-1 (tiếp)" in second.plain and "Sở Y tế: chưa báo cáo (tiếp)" in second.plain
    assert second.plain.count("• ") == 2 and "lần 11" in second.plain


def test_remind_now_is_refused_outside_the_console(world):
    for user, platform in (("100", "telegram"), ("z100", "zalo")):
        assert "chỉ dùng khi chạy thử trên máy" in say(world, user, "/nhacngay", platform=platform).plain
    assert "chỉ dùng khi chạy thử trên máy" in say(world, "z100", "nhacngay", platform="zalo").plain


def test_a_question_asked_between_pages_keeps_the_place(world):
    """"xong" without a note makes the bot ask for one; /tiep still gives the next page (the
    cursor used to be the contact's one `Prompt`, which the question replaced)."""
    page1 = codes(say(world, "z100", "viec", platform="zalo"))
    asked = say(world, "z100", f"XONG {page1[0]}", platform="zalo")
    assert "ghi chú" in asked.plain.lower()
    page2 = codes(say(world, "z100", "/tiep", platform="zalo"))
    assert page2 and not set(page2) & set(page1)

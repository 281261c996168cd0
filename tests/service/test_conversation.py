"""The channel-neutral conversation: onboarding, replies, refusals, undo, lookups."""
from __future__ import annotations

import csv
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from sqlmodel import Session, select

from bot.channels.console import ConsoleChannel
from bot.channels.telegram import TelegramChannel
from bot.channels.zalo import ZaloChannel
from bot.service.conversation import Conversation
from bot.service.ports import Inbound, Sender
from bot.service.onboarding import create_invite
from bot.store import session_scope
from bot.store.models import Contact, StatusEvent
from tests.conftest import TZ
from tests.service.helpers import add_contact, assignment, seed

pytestmark = pytest.mark.store
CAPS = {c.platform: c.caps for c in (TelegramChannel, ZaloChannel, ConsoleChannel)}  # as the adapters declare


class Clock:
    def __init__(self, at: datetime) -> None:
        self.at = at

    def __call__(self) -> datetime:
        return self.at


@pytest.fixture
def world(engine):
    seed(engine)
    clock = Clock(datetime(2025, 6, 16, 9, 0, tzinfo=TZ))
    add_contact(engine, "telegram", "100", "focal", "Sở Y tế", clock())
    add_contact(engine, "telegram", "200", "focal", "Ủy ban nhân dân huyện Vũ Thư", clock())
    add_contact(engine, "telegram", "900", "lead", None, clock())
    return Conversation(engine=engine, clock=clock, tz=TZ), clock


def say(conv, user: str, text: str | None = None, *, button: str | None = None, platform="telegram",
        reply_to: str | None = None, kind: str = "text", chat_type="private"):
    sender = Sender(platform, user, user, f"User {user}", chat_type)
    replies = conv.handle(Inbound(sender=sender, text=text, button=button, kind="button" if button else kind,
                                  reply_to_text=reply_to, caps=CAPS[platform]))
    return replies[0] if replies else None


def events(engine, code: str, agency: str) -> list[StatusEvent]:
    a = assignment(engine, code, agency)
    with Session(engine) as s:
        return s.exec(select(StatusEvent).where(StatusEvent.assignment_id == a.id).order_by(StatusEvent.id)).all()


def test_onboarding_with_code_and_refusals(world, engine):
    conv, clock = world
    with session_scope(engine) as s:
        code = create_invite(s, "so khoa hoc va cong nghe", "focal", clock()).code
    r = say(conv, "555", f"/start {code.lower()}")
    assert "Đăng ký thành công" in r.plain and "Sở Khoa học và Công nghệ" in r.plain and "đầu mối" in r.plain
    again = say(conv, "556", f"/start {code}")
    assert "đã được dùng" in again.plain
    assert "không đúng" in say(conv, "557", "/start ZZZZZZZZZZ").plain
    assert "mã mời" in say(conv, "557", "/start").plain
    with session_scope(engine) as s:
        old = create_invite(s, "Sở Y tế", "focal", clock() - timedelta(days=8)).code
    assert "hết hạn" in say(conv, "558", f"/start {old}").plain
    with Session(engine) as s:
        assert s.exec(select(Contact).where(Contact.user_id.in_(["556", "557", "558"]))).all() == []


def test_done_button_asks_for_note_then_stores_it(world, engine):
    conv, clock = world
    r = say(conv, "100", button="st:done:DEMO-1")
    assert "Đã ghi nhận" in r.plain and "DEMO-1" in r.plain and "hoàn thành" in r.plain
    assert [b.data for b in r.buttons][0].startswith("undo:")
    assert assignment(engine, "DEMO-1", "Sở Y tế").status == "done"
    r = say(conv, "100", "Đã ban hành QĐ 123/QĐ-UBND")
    assert "Ghi chú: Đã ban hành QĐ 123/QĐ-UBND" in r.plain
    a = assignment(engine, "DEMO-1", "Sở Y tế")
    assert (a.status, a.note) == ("done", "Đã ban hành QĐ 123/QĐ-UBND")
    assert [e.status for e in events(engine, "DEMO-1", "Sở Y tế")] == ["done", "done"]


def test_free_text_done_delayed_in_progress(world, engine):
    conv, _ = world
    r = say(conv, "100", "xong rồi, đã ban hành QĐ 123/QĐ-UBND", reply_to="🔔 DEMO-1 · Ban hành quy chế")
    a = assignment(engine, "DEMO-1", "Sở Y tế")
    assert (a.status, a.note) == ("done", "đã ban hành QĐ 123/QĐ-UBND"), r.plain
    say(conv, "100", "chậm, dự kiến 15/7 vì chờ ý kiến Sở Tài chính", reply_to="DEMO-2 · Xây dựng kho")
    a = assignment(engine, "DEMO-2", "Sở Y tế")
    assert (a.status, a.new_due) == ("delayed", date(2025, 7, 15))
    assert "chờ ý kiến Sở Tài chính" in a.note and "15/7" not in a.note
    say(conv, "100", "DEMO-4 đang làm, đã gửi dự thảo")
    a = assignment(engine, "DEMO-4", "Sở Y tế")
    assert a.status == "in_progress" and "đã gửi dự thảo" in a.note


def test_commands_and_vietnamese_aliases(world, engine):
    conv, _ = world
    say(conv, "100", "/xong demo-1 đã xong")
    assert assignment(engine, "DEMO-1", "Sở Y tế").status == "done"
    r = say(conv, "100", "/cham DEMO-2 30/9/2025 thiếu kinh phí")
    a = assignment(engine, "DEMO-2", "Sở Y tế")
    assert (a.status, a.new_due, a.note) == ("delayed", date(2025, 9, 30), "thiếu kinh phí"), r.plain
    say(conv, "100", "/ghichu DEMO-4 đã gửi báo cáo tháng 5")
    a = assignment(engine, "DEMO-4", "Sở Y tế")
    assert (a.status, a.note) == ("open", "đã gửi báo cáo tháng 5")
    r = say(conv, "100", "/viec")
    assert "DEMO-4" in r.plain and "DEMO-1" not in r.plain
    assert any(b.data == "st:done:DEMO-4" for e in r.entries for b in e.buttons)
    assert "Cách trả lời" in say(conv, "100", "/huongdan").plain


def test_delay_in_two_replies_and_unreadable_date(world, engine):
    conv, _ = world
    r = say(conv, "100", button="st:delay:DEMO-2")
    assert "ngày nào" in r.plain
    r = say(conv, "100", "chưa biết")
    assert "Chưa đọc được ngày" in r.plain
    assert assignment(engine, "DEMO-2", "Sở Y tế").status == "open"
    r = say(conv, "100", "cuối tháng 8")
    a = assignment(engine, "DEMO-2", "Sở Y tế")
    assert (a.status, a.new_due) == ("delayed", date(2025, 8, 31)), r.plain
    r = say(conv, "100", "chờ phê duyệt dự toán")
    assert assignment(engine, "DEMO-2", "Sở Y tế").note == "chờ phê duyệt dự toán"


def test_ambiguous_text_asks_with_buttons_and_writes_nothing(world, engine):
    conv, _ = world
    r = say(conv, "100", "DEMO-1 xong một phần nhưng còn chậm")
    assert "muốn báo gì" in r.plain
    assert {b.data for b in r.buttons} >= {"fx:done:DEMO-1", "fx:delay:DEMO-1"}
    assert events(engine, "DEMO-1", "Sở Y tế") == []
    r = say(conv, "100", "hôm nay họp")
    assert "việc nào" in r.plain
    assert {b.data.split(":")[2] for b in r.buttons} == {"DEMO-1", "DEMO-2", "DEMO-4"}
    say(conv, "100", button="fx:note:DEMO-2")
    assert assignment(engine, "DEMO-2", "Sở Y tế").note == "hôm nay họp"


def test_strangers_and_other_agencies_are_refused(world, engine):
    conv, _ = world
    assert "chưa đăng ký" in say(conv, "777", "xong DEMO-1").plain
    r = say(conv, "200", "/xong DEMO-1")
    assert "không giao cho cơ quan của bạn" in r.plain
    assert events(engine, "DEMO-1", "Sở Y tế") == []
    say(conv, "200", "/xong DEMO-3 đã rà soát xong")  # through the group "UBND huyện, thành phố"
    assert assignment(engine, "DEMO-3", "Ủy ban nhân dân huyện Vũ Thư").status == "done"
    assert assignment(engine, "DEMO-3", "Ủy ban nhân dân huyện Kiến Xương").status == "open"
    assert "chỉ đầu mối" in say(conv, "900", "/xong DEMO-1").plain.lower()
    assert say(conv, "778", "xin chào", chat_type="group") is None
    assert "Bot chỉ đọc tin nhắn chữ" in say(conv, "100", None, kind="sticker").plain


def test_undo_within_ten_minutes_only(world, engine):
    conv, clock = world
    r = say(conv, "100", "/xong DEMO-1 đã ban hành")
    undo = next(b.data for b in r.buttons if b.data.startswith("undo:"))
    clock.at += timedelta(minutes=9)
    assert "Đã hoàn tác" in say(conv, "100", button=undo).plain
    a = assignment(engine, "DEMO-1", "Sở Y tế")
    assert (a.status, a.note) == ("open", "")
    assert [e.status for e in events(engine, "DEMO-1", "Sở Y tế")] == ["done", "open"]
    assert "không hoàn tác" in say(conv, "100", button=undo).plain.lower() or "Không có" in say(conv, "100", button=undo).plain
    say(conv, "100", "/xong DEMO-1 lần hai")
    clock.at += timedelta(minutes=11)
    assert "quá 10 phút" in say(conv, "100", "/hoantac").plain
    assert assignment(engine, "DEMO-1", "Sở Y tế").status == "done"


def test_a_code_typed_in_lower_case_stays_out_of_the_note(world, engine):
    conv, _ = world
    say(conv, "100", "/xong demo-1 đã ban hành QĐ 45")
    assert assignment(engine, "DEMO-1", "Sở Y tế").note == "đã ban hành QĐ 45"
    say(conv, "100", "/cham demo-2 30/9/2025 chờ kinh phí")
    assert assignment(engine, "DEMO-2", "Sở Y tế").note == "chờ kinh phí"


def test_bad_input_changes_nothing(world, engine):
    conv, _ = world
    assert "Không có việc mã DEMO-99" in say(conv, "100", "/xong DEMO-99").plain
    assert "tối đa 1000" in say(conv, "100", "/ghichu DEMO-1 " + "x" * 1001).plain
    assert "phải sau hôm nay" in say(conv, "100", "/cham DEMO-1 1/6/2025 lý do").plain
    assert events(engine, "DEMO-1", "Sở Y tế") == []


def test_lead_overdue_agency_and_history(world, engine):
    conv, _ = world
    say(conv, "100", "/cham DEMO-1 15/7/2025 chờ kinh phí")
    r = say(conv, "900", "/quahan")
    text = r.plain
    assert "Sở Tài chính" in text and "DEMO-5" in text and "Ủy ban nhân dân huyện Vũ Thư" in text
    assert "DEMO-1" not in text  # due 30/6, not overdue on 16/6
    r = say(conv, "900", "/coquan so y te")
    assert "Sở Y tế: 3 việc" in r.plain and "dự kiến mới 15/07/2025" in r.plain
    r = say(conv, "900", "/nhiemvu DEMO-1")
    assert "chờ kinh phí" in r.plain and "xin lùi hạn" in r.plain
    assert "Chỉ lãnh đạo" in say(conv, "100", "/coquan Sở Tài chính").plain


def test_status_commands_without_a_code_ask_which_task_then_record_that_status(world, engine):
    """`/danglam TEXT` without a code works like `/cham` without one: asks which task (with
    buttons), then records "in progress" with the text — it used to ask "what for?" instead."""
    conv, _ = world
    r = say(conv, "100", "/danglam đã xong bản thảo, đang hoàn thiện")
    assert "việc nào" in r.plain
    assert {b.data for b in r.buttons} == {"fx:progress:DEMO-1", "fx:progress:DEMO-2", "fx:progress:DEMO-4"}
    assert events(engine, "DEMO-2", "Sở Y tế") == []
    r = say(conv, "100", button="fx:progress:DEMO-2")
    a = assignment(engine, "DEMO-2", "Sở Y tế")
    assert (a.status, a.note) == ("in_progress", "đã xong bản thảo, đang hoàn thiện"), r.plain
    r = say(conv, "100", "/cham 30/9 chờ kinh phí")
    assert {b.data for b in r.buttons} >= {"fx:delay:DEMO-1", "fx:delay:DEMO-4"}
    say(conv, "100", button="fx:delay:DEMO-4")
    a = assignment(engine, "DEMO-4", "Sở Y tế")
    assert (a.status, a.new_due, a.note) == ("delayed", date(2025, 9, 30), "chờ kinh phí")


def test_zalo_text_danglam_with_a_code(world, engine):
    conv, _ = world
    say(conv, "100", "DANGLAM DEMO-1 đã có dự thảo", platform="zalo")
    # user 100 is registered on telegram: on zalo it is a stranger, nothing is written
    assert events(engine, "DEMO-1", "Sở Y tế") == []
    r = say(conv, "100", "/danglam DEMO-1 đã có dự thảo")
    assert assignment(engine, "DEMO-1", "Sở Y tế").status == "in_progress", r.plain


def test_an_unexpected_error_still_gets_an_answer(world, engine, monkeypatch):
    """A bug or a broken database must not leave the person without any answer."""
    conv, _ = world
    from bot.service.conversation import lookups

    def boom(ctx):
        raise RuntimeError("database is broken")

    monkeypatch.setattr(lookups, "my_tasks", boom)
    r = say(conv, "100", "/viec")
    assert r is not None and "lỗi" in r.plain and "database" not in r.plain


CORPUS = Path(__file__).resolve().parents[1] / "data" / "replies.csv"


def test_no_reply_that_does_not_say_done_closes_a_task(world, engine):
    """Every reply of the corpus that is not a statement of completion, sent as a focal point
    writes it on a phone (code first), over Telegram and Zalo text: the task is never done."""
    conv, clock = world
    add_contact(engine, "zalo", "z100", "focal", "Sở Y tế", clock())
    with CORPUS.open(encoding="utf-8", newline="") as fh:
        rows = [r for r in csv.DictReader(fh) if r["label"] != "done"]
    assert len(rows) >= 200
    for platform, user in (("telegram", "100"), ("zalo", "z100")):
        for r in rows:
            say(conv, user, f"DEMO-1 {r['text']}", platform=platform)
            say(conv, user, "/huy", platform=platform)
            assert assignment(engine, "DEMO-1", "Sở Y tế").status != "done", (platform, r["text"])


@pytest.mark.parametrize("text", ["XONG DEMO-1 chưa?", "xong DEMO-1 sắp xong rồi", "DEMO-1 xong chưa?",
                                  "DEMO-1 gần xong rồi", "DEMO-1 hoàn thành 50%", "DEMO-1 khó hoàn thành kịp"])
def test_the_issue_examples_never_close_the_task(world, engine, text):
    conv, _ = world
    say(conv, "100", text, platform="telegram")
    assert assignment(engine, "DEMO-1", "Sở Y tế").status != "done"


def test_unclear_reply_on_zalo_gets_a_numbered_choice_and_a_number_answers_it(world, engine):
    conv, clock = world
    add_contact(engine, "zalo", "z100", "focal", "Sở Y tế", clock())
    r = say(conv, "z100", "DEMO-2 đã gửi", platform="zalo")
    assert "1. ✅ Xong" in r.plain and "2. ⏳ Chậm" in r.plain and "3. 🔄 Đang làm" in r.plain
    assert events(engine, "DEMO-2", "Sở Y tế") == []
    assert "từ 1 đến 4" in say(conv, "z100", "7", platform="zalo").plain
    r = say(conv, "z100", "3", platform="zalo")
    a = assignment(engine, "DEMO-2", "Sở Y tế")
    assert (a.status, a.note) == ("in_progress", "đã gửi"), r.plain
    r = say(conv, "z100", "đã trình lãnh đạo", platform="zalo")
    assert "1. DEMO-1" in r.plain
    say(conv, "z100", "2", platform="zalo")
    assert assignment(engine, "DEMO-2", "Sở Y tế").note == "đã trình lãnh đạo"


def test_reply_dates_against_today(world, engine):
    """In December "15/7" means July next year, shown in full; absurd dates are refused."""
    conv, clock = world
    clock.at = datetime(2025, 12, 10, 9, 0, tzinfo=TZ)
    r = say(conv, "100", "CHAM DEMO-2 15/7 chờ ý kiến Sở Tài chính")
    a = assignment(engine, "DEMO-2", "Sở Y tế")
    assert (a.status, a.new_due) == ("delayed", date(2026, 7, 15)), r.plain
    assert "Ngày dự kiến mới: 15/07/2026" in r.plain
    r = say(conv, "100", "/cham DEMO-1 31/12/9999 chờ kinh phí")
    assert "quá xa" in r.plain and assignment(engine, "DEMO-1", "Sở Y tế").status == "open"
    r = say(conv, "100", "/cham DEMO-1 10 ngày làm việc nữa")
    assert assignment(engine, "DEMO-1", "Sở Y tế").new_due.weekday() < 5, r.plain

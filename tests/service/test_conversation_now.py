"""Issue 11: "TB25-16 hôm nay họp" is news about today, not a delay until today.

It used to be read as "delayed, new date = today" and answered with a refusal ("Ngày 16/06/2025
là hôm nay: ngày dự kiến mới phải sau hôm nay"). Now a time word is never a new date: the bot
asks what to record and writes nothing until told; a delay that names today asks for the date
and offers "✅ Xong" (the late work may be done). The clock is Monday 16/6/2025, 09:00.
"""
from __future__ import annotations

from datetime import date

import pytest

from tests.service.helpers import add_contact, assignment
from tests.service.test_conversation import events, say, world  # noqa: F401 (fixture)

pytestmark = pytest.mark.store
REFUSED_TODAY = "là hôm nay"


def test_hom_nay_hop_asks_and_changes_nothing(world, engine):
    conv, _ = world
    r = say(conv, "100", "DEMO-2 hôm nay họp")
    assert "Bạn muốn báo gì cho DEMO-2?" in r.plain and REFUSED_TODAY not in r.plain
    assert [b.data for b in r.buttons] == ["fx:done:DEMO-2", "fx:delay:DEMO-2", "fx:progress:DEMO-2",
                                           "fx:note:DEMO-2"]
    assert events(engine, "DEMO-2", "Sở Y tế") == []
    r = say(conv, "100", button="fx:progress:DEMO-2")  # one tap: what the person meant
    a = assignment(engine, "DEMO-2", "Sở Y tế")
    assert (a.status, a.note, a.new_due) == ("in_progress", "hôm nay họp", None), r.plain


def test_hom_nay_hop_leaves_an_agreed_delay_alone(world, engine):
    conv, _ = world
    say(conv, "100", "/cham DEMO-2 cuối tháng 8 chờ kinh phí")
    before = len(events(engine, "DEMO-2", "Sở Y tế"))
    r = say(conv, "100", "DEMO-2 hôm nay họp bàn, mai báo lại")
    assert "muốn báo gì" in r.plain and REFUSED_TODAY not in r.plain
    a = assignment(engine, "DEMO-2", "Sở Y tế")
    assert (a.status, a.new_due) == ("delayed", date(2025, 8, 31)) and len(events(engine, "DEMO-2", "Sở Y tế")) == before


def test_on_zalo_a_numbered_question(world, engine):
    conv, clock = world
    add_contact(engine, "zalo", "z100", "focal", "Sở Y tế", clock())
    r = say(conv, "z100", "DEMO-2 hôm nay họp", platform="zalo")
    assert "1. ✅ Xong" in r.plain and "3. 🔄 Đang làm" in r.plain and REFUSED_TODAY not in r.plain
    assert events(engine, "DEMO-2", "Sở Y tế") == []


def test_choosing_delay_after_hom_nay_hop_asks_the_date(world, engine):
    conv, _ = world
    r = say(conv, "100", "hôm nay họp")  # no code, three open tasks: which one?
    assert "việc nào" in r.plain
    r = say(conv, "100", button="fx:delay:DEMO-2")
    assert "đến ngày nào thì xong" in r.plain and REFUSED_TODAY not in r.plain
    assert events(engine, "DEMO-2", "Sở Y tế") == []
    r = say(conv, "100", "thứ 6 tuần sau")
    a = assignment(engine, "DEMO-2", "Sở Y tế")
    assert (a.status, a.new_due, a.note) == ("delayed", date(2025, 6, 27), "hôm nay họp"), r.plain


def test_a_delay_said_today_asks_the_date_and_offers_done(world, engine):
    conv, _ = world
    r = say(conv, "100", "DEMO-2 chậm, hôm nay mới gửi được")
    assert "đến ngày nào thì xong" in r.plain and "Nếu việc đã xong, bấm “✅ Xong”" in r.plain
    assert REFUSED_TODAY not in r.plain and [b.data for b in r.buttons] == ["fx:done:DEMO-2"]
    assert events(engine, "DEMO-2", "Sở Y tế") == []
    say(conv, "100", button="fx:done:DEMO-2")
    a = assignment(engine, "DEMO-2", "Sở Y tế")
    assert (a.status, a.note) == ("done", "hôm nay mới gửi được")


def test_a_delay_said_today_then_a_date(world, engine):
    conv, clock = world
    add_contact(engine, "zalo", "z100", "focal", "Sở Y tế", clock())
    r = say(conv, "z100", "CHAM DEMO-2 hôm nay mới gửi được", platform="zalo")
    assert "đến ngày nào" in r.plain and "trả lời: XONG DEMO-2" in r.plain and REFUSED_TODAY not in r.plain
    r = say(conv, "z100", "hôm nay", platform="zalo")  # answering "which date?" with today: told why not
    assert REFUSED_TODAY in r.plain and assignment(engine, "DEMO-2", "Sở Y tế").status == "open"
    r = say(conv, "z100", "hôm nay họp, cuối tháng 7 gửi", platform="zalo")
    a = assignment(engine, "DEMO-2", "Sở Y tế")
    assert (a.status, a.new_due) == ("delayed", date(2025, 7, 31)), r.plain
    assert a.note.startswith("hôm nay mới gửi được")


def test_the_reason_typed_for_one_task_never_becomes_anothers_note(world, engine):
    conv, _ = world
    say(conv, "100", "DEMO-1 chậm, hôm nay mới gửi được")  # asks DEMO-1's date, keeps the reason
    say(conv, "100", button="fx:done:DEMO-2")  # an older ✅ under another task's question
    a = assignment(engine, "DEMO-2", "Sở Y tế")
    assert a.status == "done" and a.note != "hôm nay mới gửi được"

"""Issue 15 on Zalo (no buttons, no slash menu): NGHI and NHACLAI as typed words, and a
sentence that merely starts with "nghĩ" is not a leave request."""
from __future__ import annotations

from sqlmodel import Session, select

from bot.store.models import Leave, Snooze
from tests.e2e.test_zalo_bot import bot, fake, invite, say, world  # noqa: F401  (fixtures)


async def test_zalo_leave_and_remind_me_later_in_words(bot, fake, world):  # noqa: F811
    assert "Đăng ký thành công" in await say(fake, "z1", f"DANGKY {invite(world)}")
    assert "nghỉ từ 18/06/2025 đến 20/06/2025" in await say(fake, "z1", "NGHI 18/6 - 20/6 đi tập huấn")
    assert "Sở KH&CN sẽ được báo" in (await say(fake, "z1", "nghi 23/6"))
    assert "kết thúc nghỉ phép" in await say(fake, "z1", "NGHI HUY")
    assert "Đã hoãn nhắc DEMO-1" in await say(fake, "z1", "NHACLAI DEMO-1 2")
    assert "Đã ghi nhận" not in await say(fake, "z1", "nghĩ là DEMO-2 sắp xong")  # free text, not NGHI
    with Session(world.engine) as s:
        assert [(x.reason, x.cancelled_at is not None) for x in s.exec(select(Leave).order_by(Leave.id))] == [
            ("đi tập huấn", True), ("", True)]
        assert [z.days for z in s.exec(select(Snooze))] == [2]

"""A reminder reaches a Zalo focal point through the dispatcher, the answer is stored, and the
next pass repeats nothing: the whole Zalo path over HTTP against FakeZalo on 127.0.0.1."""
from __future__ import annotations

from datetime import datetime

from bot.service.reminders.dispatch import tick
from tests.conftest import TZ
from tests.e2e.test_zalo_bot import bot, fake, invite, say, state, world  # noqa: F401  (fixtures)

NOW = datetime(2025, 6, 16, 9, 0, tzinfo=TZ)  # T-10 working days for the June tasks


async def test_zalo_digest_reply_and_no_repeat(bot, fake, world):  # noqa: F811
    assert "Đăng ký thành công" in await say(fake, "z1", f"DANGKY {invite(world)}")
    before = len(fake.sent)
    report = await tick(world, {"zalo": bot.channel}, NOW)
    assert report.sent and not report.deferred
    digest = [m.text for m in fake.sent[before:] if m.chat_id == "z1"]
    assert len(digest) == 1 and len(digest[0]) <= 2000
    text = digest[0]
    assert "DEMO-1" in text and "DEMO-4" in text and "hạn 30/06/2025 — còn 14 ngày" in text
    assert "XONG <mã>" in text and "CHAM <mã>" in text  # Zalo has no buttons: how to answer, in words
    assert "<b>" not in text and "\x02" not in text
    answer = await say(fake, "z1", "XONG DEMO-1 đã ban hành kế hoạch")
    assert "Đã ghi nhận" in answer
    a, events = state(world, "DEMO-1")
    assert (a.status, a.note, events[-1].channel) == ("done", "đã ban hành kế hoạch", "zalo")
    sent = len(fake.sent)
    again = await tick(world, {"zalo": bot.channel}, NOW.replace(minute=30))
    assert again.sent == [] and len(fake.sent) == sent

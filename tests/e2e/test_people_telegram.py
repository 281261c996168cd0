"""Issue 15, people: two focal points of one agency, leave (/nghi) with and without a colleague,
and "remind me later" (⏰ button, NHACLAI) at its limits — the real python-telegram-bot
Application and dispatcher against FakeTelegram."""
from __future__ import annotations

from contextlib import asynccontextmanager
from datetime import date

from sqlmodel import Session, select

from bot.channels.telegram import build_application, start_application, stop_application
from bot.service.conversation.handler import Conversation
from bot.store.models import Leave, Snooze
from schedules.calendar import WorkCalendar
from schedules.policy import Rules
from tests.e2e.conftest import TELEGRAM_TOKEN
from tests.e2e.conftest import sending_channel as channel  # noqa: F401 (fixture)
from tests.service.test_dispatch_support import TZ, at, clock, dcore, run, world  # noqa: F401 (fixtures)

QUIET = Rules(checkin_workday=25)


@asynccontextmanager
async def chat(server, core):
    conv = Conversation(engine=core.engine, clock=core.clock, tz=TZ, calendar=WorkCalendar(tz=TZ))
    app = build_application(TELEGRAM_TOKEN, server.base_url, conv.handle, base_file_url=server.base_file_url,
                            rate_limit=False)
    await start_application(app, poll_timeout=1)
    try:
        yield
    finally:
        await stop_application(app)


async def say(server, user: str, text: str) -> str:
    n = len(server.outbox(int(user)))
    server.push_text(int(user), text)
    msgs = await server.wait_for(lambda r: str(r.chat_id) == user and len(server.outbox(int(user))) > n)
    return msgs[-1].plain_text


def sent_to(server, chat: str) -> list:
    return [r for r in server.sent if r.method == "sendMessage" and str(r.chat_id) == chat]


def digests(server, chat: str) -> list:
    return [r for r in sent_to(server, chat) if (r.plain_text or "").startswith("Nhắc việc")]


async def test_two_focal_points_both_get_the_digest_and_see_who_answered(dcore, world, telegram_server, channel):
    a = world.agency("Sở Y tế")
    c1, c2 = world.task(a), world.task(a)
    lan, minh = world.contact(a, chat="501"), world.contact(a, chat="502")
    await run(dcore, {"telegram": channel}, at(4, 13, 9), rules=QUIET)
    assert len(digests(telegram_server, lan)) == len(digests(telegram_server, minh)) == 1  # keys per contact
    dcore.clock.t = at(4, 14, 10)
    async with chat(telegram_server, dcore):
        assert "Đã ghi nhận" in await say(telegram_server, minh, f"/danglam {c1} đang lấy ý kiến")
        people = await say(telegram_server, lan, "/daumoi")
    assert "Đầu mối của Sở Y tế (2)" in people and "Người 501" in people and "Người 502" in people
    await run(dcore, {"telegram": channel}, at(4, 28, 9), rules=QUIET)  # T-7: the next digest
    last = digests(telegram_server, lan)[-1].plain_text
    assert "Người 502 trả lời gần nhất (14/04/2026): đang thực hiện" in last and c2 in last


async def test_leave_with_a_colleague_then_alone(dcore, world, telegram_server, channel):
    a = world.agency("Sở Y tế")
    code = world.task(a)
    lan, minh = world.contact(a, chat="501"), world.contact(a, chat="502")
    sec = world.contact(None, role="secretariat", chat="503")
    dcore.clock.t = at(4, 10, 10)
    async with chat(telegram_server, dcore):
        ok = await say(telegram_server, lan, "/nghi 13/4 - 17/4 đi học")
        assert "nghỉ từ 13/04/2026 đến 17/04/2026" in ok and "Người 502" in ok  # a colleague still covers
        for bad, words in (("/nghi 1/4 - 3/4", "đã qua"), ("/nghi 20/4 - 15/4", "trước ngày bắt đầu"),
                           ("/nghi 13/4 - 30/6", "tối đa 60 ngày")):
            assert words in await say(telegram_server, minh, bad)
        assert "Sở KH&CN sẽ được báo" in await say(telegram_server, minh, "/nghiphep 13/4 - 15/4")
    with Session(dcore.engine) as s:
        assert len(s.exec(select(Leave)).all()) == 2  # the refused periods wrote nothing
    await run(dcore, {"telegram": channel}, at(4, 13, 9), rules=QUIET)
    assert digests(telegram_server, lan) == [] and digests(telegram_server, minh) == []  # both away
    [told] = [r.plain_text for r in sent_to(telegram_server, sec)]
    assert "Mọi đầu mối của Sở Y tế đang nghỉ phép" in told and "16/04/2026" in told
    await run(dcore, {"telegram": channel}, at(4, 14, 9), rules=QUIET)
    assert len(sent_to(telegram_server, sec)) == 1  # told once
    await run(dcore, {"telegram": channel}, at(4, 16, 9), rules=QUIET)  # Minh is back, Lan is not
    assert len(digests(telegram_server, minh)) == 1 and digests(telegram_server, lan) == []
    assert code in digests(telegram_server, minh)[0].plain_text
    dcore.clock.t = at(4, 16, 10)
    async with chat(telegram_server, dcore):
        assert "kết thúc nghỉ phép" in await say(telegram_server, lan, "/nghi huy")


async def test_remind_me_later_button_and_limits(dcore, world, telegram_server, channel):
    a, b = world.agency("Sở Y tế"), world.agency("Sở Tài chính")
    soon = world.task(a, date(2026, 4, 16))  # due Thursday
    late = world.task(a, date(2026, 4, 1))
    done = world.task(a)
    theirs = world.task(b)
    world.status(done, "done", at(4, 1))
    lan = world.contact(a, chat="501")
    r = await run(dcore, {"telegram": channel}, at(4, 13, 9), rules=QUIET)
    [digest] = digests(telegram_server, lan)
    data = [b["callback_data"] for b in digest.buttons()]
    assert f"snz:{soon}" in data and f"snz:{late}" in data and r.messages == 1
    assert "⏰ Nhắc lại sau" in [b["text"] for b in digest.buttons()]
    dcore.clock.t = at(4, 13, 10)
    async with chat(telegram_server, dcore):
        telegram_server.push_callback(int(lan), f"snz:{late}", digest.message_id)
        msgs = await telegram_server.wait_for(lambda m: str(m.chat_id) == lan and "Đã hoãn" in (m.plain_text or ""))
        assert "nhắc lại từ ngày 14/04/2026 (1 ngày làm việc)" in msgs[-1].plain_text
        capped = await say(telegram_server, lan, f"NHACLAI {late} 9")
        assert "(3 ngày làm việc)" in capped and "khi việc đã quá hạn" in capped
        due = await say(telegram_server, lan, f"nhaclai {soon} 5")
        assert "16/04/2026" in due and "nhắc lại đúng ngày đến hạn" in due
        assert "đã hoàn thành" in await say(telegram_server, lan, f"NHACLAI {done}")
        assert "không giao cho cơ quan của bạn" in await say(telegram_server, lan, f"NHACLAI {theirs} 2")
        assert "từ 1 đến 5" in await say(telegram_server, lan, f"NHACLAI {soon} 0")
    with Session(dcore.engine) as s:
        assert [(z.days, z.resume_on) for z in s.exec(select(Snooze).order_by(Snooze.id)).all()] == [
            (1, date(2026, 4, 14)), (3, date(2026, 4, 16)), (3, date(2026, 4, 16))]
    base = len(digests(telegram_server, lan))
    for day in (14, 15):  # held: no digest of the snoozed tasks (the next slots fall meanwhile)
        await run(dcore, {"telegram": channel}, at(4, day, 16), rules=QUIET)
    assert all(late not in m.plain_text and soon not in m.plain_text for m in digests(telegram_server, lan)[base:])
    await run(dcore, {"telegram": channel}, at(4, 16, 9), rules=QUIET)  # resumes on the due day
    assert soon in digests(telegram_server, lan)[-1].plain_text

"""The Zalo bot end to end: FakeZalo over HTTP on 127.0.0.1, the real conversation, a real database.

Why end to end: what users meet is the whole path — a long poll that idles with 408 and
repeats updates, text commands typed with or without diacritics, the store written in one
transaction, replies packed under Zalo's 2000 characters, a 429, a webhook with a secret.
Every status test asserts what was stored, not only what was said.
"""
from __future__ import annotations

import asyncio
import logging
import socket
import time
from datetime import date

import pytest
from pydantic import SecretStr
from sqlmodel import Session, select

from bot.agencies import sync_registry
from bot.app import Core, build_conversation
from bot.service.parts import deliver
from bot.service.ports import DeliveryBlocked, DeliveryError, DeliveryRetry, PartTooBig
from bot.channels.zalo import SendLimiter, ZaloChannel, inbound_from, start_zalo
from bot.channels.zalo_api import ZaloBotAPI, parse_update
from bot.plans import import_plans
from bot.render import bold
from bot.service.ports import Attachment, Entry, Reply
from bot.service.onboarding import create_invite
from bot.store import session_scope
from bot.store.models import Agency, Assignment, Contact, StatusEvent, Task
from tests.fakes.zalo_server import FakeZalo
from tests.service.test_import import HEADER, REGISTRY, write_plan

TOKEN = "zalo-secret-token-123"
KHCN, VH = "Sở Khoa học và Công nghệ", "Sở Văn hóa, Thể thao và Du lịch"
ROWS = [["Quý II", str(i), f"Việc số {i}", "Sở KH&CN", due, "", ""]
        for i, due in enumerate(["Tháng 6/2025", "Quý III/2025", "Trước 30/9/2025", "Tháng 6/2025",
                                 "Thường xuyên"], start=1)]
ROWS.append(["Quý III", "6", "Tổ chức ngày hội", "Sở Văn hoá, Thể thao và Du lịch", "Tháng 7/2025", "", ""])


@pytest.fixture
def world(core, tmp_path) -> Core:
    with session_scope(core.engine) as s:
        sync_registry(s, REGISTRY)
    with session_scope(core.engine) as s:
        assert import_plans(s, [write_plan(tmp_path, rows=ROWS, header=HEADER)]).ok
    return core


def invite(core: Core, agency: str = "Sở KH&CN") -> str:
    with session_scope(core.engine) as s:
        return create_invite(s, agency, "focal", core.clock()).code


def zalo_core(core: Core, fake: FakeZalo, **extra) -> Core:
    settings = core.settings.model_copy(update={"zalo_bot_token": SecretStr(TOKEN), "zalo_send_rate": 1000.0,
                                                "zalo_base_url": fake.base_url, **extra})
    return Core(settings=settings, engine=core.engine, clock=core.clock)


@pytest.fixture
async def fake():
    async with FakeZalo(TOKEN, repeat_updates=True) as server:
        yield server


@pytest.fixture
async def bot(world, fake):
    runtime = await start_zalo(zalo_core(world, fake), build_conversation(world).handle,
                               poll_timeout=0.3, backoff=(0.01, 0.05))
    assert runtime.mode == "polling"
    yield runtime
    await runtime.stop()


async def say(fake: FakeZalo, user: str, text: str) -> str:
    """Send one text as `user`, wait for the one answer, return it."""
    before = len(fake.sent)
    fake.push_text(user, text, display_name=f"Anh {user}")
    sent = await fake.wait_for(before + 1)
    assert sent[before].chat_id == user
    return sent[before].text


def state(core: Core, code: str, agency: str = KHCN) -> tuple[Assignment, list[StatusEvent]]:
    with Session(core.engine) as s:
        a = s.exec(select(Assignment).join(Task).join(Agency, Agency.id == Assignment.agency_id)
                   .where(Task.code == code, Agency.name == agency)).one()
        events = s.exec(select(StatusEvent).where(StatusEvent.assignment_id == a.id).order_by(StatusEvent.id)).all()
        return a, list(events)


def count(core: Core, model) -> int:
    with Session(core.engine) as s:
        return len(s.exec(select(model)).all())


async def test_onboarding_in_three_spellings_answered_once(bot, fake, world):
    codes = [invite(world) for _ in range(3)]
    for user, text in (("u1", f"DANGKY {codes[0]}"), ("u2", f"/start {codes[1].lower()}"),
                       ("u3", f"đăng ký {codes[2]}")):
        answer = await say(fake, user, text)
        assert f"Đăng ký thành công: bạn là đầu mối của {KHCN}" in answer
        assert "XONG <mã>" in answer and "\x02" not in answer  # Zalo help, plain text
    with Session(world.engine) as s:
        contacts = s.exec(select(Contact).order_by(Contact.id)).all()
    assert [(c.platform, c.user_id, c.chat_id, c.display_name) for c in contacts] == [
        ("zalo", u, u, f"Anh {u}") for u in ("u1", "u2", "u3")]
    assert len(fake.sent) == 3  # every update was delivered twice (repeat_updates), answered once
    assert sum(method == "getUpdates" for method, _ in fake.calls) >= 6


async def test_stranger_refused_and_nothing_written(bot, fake, world):
    assert "chưa đăng ký" in await say(fake, "x", "XONG DEMO-1 đã ban hành QĐ 1")
    assert "Mã mời không đúng" in await say(fake, "x", "DANGKY SAIMA23456")
    assert "chưa đăng ký" in await say(fake, "x", "xong rồi")
    assert (count(world, Contact), count(world, StatusEvent)) == (0, 0)
    assert state(world, "DEMO-1")[0].status == "open"


async def test_every_reply_form_is_stored_and_confirmed(bot, fake, world):
    await say(fake, "u1", f"DANGKY {invite(world)}")

    answer = await say(fake, "u1", "XONG DEMO-1 đã ban hành QĐ 123/QĐ-UBND")
    assert "Đã ghi nhận DEMO-1: hoàn thành." in answer and "Ghi chú: đã ban hành QĐ 123/QĐ-UBND" in answer
    assert "gõ HOANTAC" in answer
    a, events = state(world, "DEMO-1")
    assert (a.status, a.note) == ("done", "đã ban hành QĐ 123/QĐ-UBND")
    assert [(e.status, e.channel) for e in events] == [("done", "zalo")] and events[0].contact_id

    assert "Muốn thêm ghi chú" in await say(fake, "u1", "xông DEMO-2")  # autocorrect, no note yet
    assert state(world, "DEMO-2")[0].status == "done"
    assert "Ghi chú: QĐ 45/QĐ-SKHCN" in await say(fake, "u1", "QĐ 45/QĐ-SKHCN")  # answers the prompt
    a, events = state(world, "DEMO-2")
    assert (a.status, a.note, [e.status for e in events]) == ("done", "QĐ 45/QĐ-SKHCN", ["done", "done"])

    answer = await say(fake, "u1", "CHAM DEMO-3 15/7 chờ ý kiến Sở Tài chính")
    assert "chậm, xin lùi hạn" in answer and "Ngày dự kiến mới: 15/07/2025" in answer
    a, _ = state(world, "DEMO-3")
    assert (a.status, a.new_due, a.note) == ("delayed", date(2025, 7, 15), "chờ ý kiến Sở Tài chính")

    assert "đến ngày nào" in await say(fake, "u1", "cham DEMO-4")
    assert state(world, "DEMO-4")[1] == []  # only asked, nothing stored yet
    assert "Lý do chậm" in await say(fake, "u1", "20/7")
    a, _ = state(world, "DEMO-4")
    assert (a.status, a.new_due) == ("delayed", date(2025, 7, 20))
    await say(fake, "u1", "thiếu kinh phí")
    a, events = state(world, "DEMO-4")
    assert (a.status, a.new_due, a.note) == ("delayed", date(2025, 7, 20), "thiếu kinh phí")
    assert [(e.status, e.new_due) for e in events] == [("delayed", date(2025, 7, 20))] * 2

    await say(fake, "u1", "trễ DEMO-5 dự kiến 30/7 do chờ thẩm định")
    a, _ = state(world, "DEMO-5")
    assert (a.status, a.new_due) == ("delayed", date(2025, 7, 30)) and "chờ thẩm định" in a.note

    assert "Ghi chú: đã gửi báo cáo về Sở" in await say(fake, "u1", "GHICHU DEMO-1 đã gửi báo cáo về Sở")
    a, events = state(world, "DEMO-1")
    assert (a.status, a.note, len(events)) == ("done", "đã gửi báo cáo về Sở", 2)
    assert all(e.channel == "zalo" for e in events)


async def test_free_text_for_the_one_open_task(bot, fake, world):
    await say(fake, "vh", f"DANGKY {invite(world, VH)}")
    answer = await say(fake, "vh", "xong rồi, đã ban hành QĐ 123")
    assert "Đã ghi nhận DEMO-6: hoàn thành." in answer
    a, events = state(world, "DEMO-6", VH)
    assert (a.status, a.note) == ("done", "đã ban hành QĐ 123") and len(events) == 1


async def test_sticker_gets_the_text_only_hint_and_a_photo_is_evidence(bot, fake, world):
    """A photo is evidence (issue 13): without a task to attach it to, the bot asks which one
    (fetching nothing); one for a task of theirs that cannot be fetched is said so. Nothing is
    written either way."""
    await say(fake, "u1", f"DANGKY {invite(world)}")
    before = len(fake.sent)
    fake.push_sticker("u1")
    assert "chỉ đọc tin nhắn chữ" in (await fake.wait_for(before + 1))[before].text
    before = len(fake.sent)
    fake.push_photo("u1", b"\xff\xd8\xff\xe0" + b"0" * 100)
    assert "minh chứng cho việc nào" in (await fake.wait_for(before + 1))[before].text
    before = len(fake.sent)
    fake.push_image("u1", caption="DEMO-1")  # https://example.invalid/a.jpg: cannot be fetched
    assert "chưa tải được" in (await fake.wait_for(before + 1))[before].text
    assert count(world, StatusEvent) == 0


async def test_group_stranger_ignored_bots_ignored(bot, fake, world):
    group = fake.make_update("text", "x", text="xong rồi nhé")
    group["message"]["chat"] = {"id": "g-1", "chat_type": "GROUP"}
    fake.push_raw(group)
    assert "chưa đăng ký" in await say(fake, "x", "VIEC")  # same user: handled after the group message
    assert [m.chat_id for m in fake.sent] == ["x"]
    z = parse_update(group)
    assert inbound_from(z).sender.chat_type == "group" and inbound_from(z).sender.chat_id == "g-1"
    robot = fake.make_update("text", "b", text="hi")
    robot["message"]["from"]["is_bot"] = True
    assert inbound_from(parse_update(robot)) is None


@pytest.fixture
async def channel(fake):
    async with ZaloBotAPI(TOKEN, fake.base_url, timeout=2.0) as api:
        yield ZaloChannel(api, send_rate=1000.0)


async def test_long_digest_arrives_in_two_messages_no_entry_cut(channel, fake):
    entries = [Entry(f"{bold(f'DEMO-{i}')} — " + f"Việc thứ {i} của Sở, hạn 30/6/2025. " * 7) for i in range(1, 11)]
    reply = Reply(entries=entries)
    assert 2400 <= len(reply.plain) <= 2700
    with pytest.raises(PartTooBig):  # the adapter never cuts: the service does, once
        await channel.send("u1", reply)
    assert fake.sent == []
    ids = await deliver(channel, "u1", reply)
    assert len(ids) == 2 == len(fake.sent)
    texts = [m.text for m in fake.sent]
    assert all(len(t) <= 2000 and "\x02" not in t and "\x03" not in t for t in texts)
    plain = [e.text.replace("\x02", "").replace("\x03", "") for e in entries]
    assert all(sum(p in t for t in texts) == 1 for p in plain)  # each entry whole, in one message
    assert "\n\n".join(texts) == reply.plain


async def test_attachments_url_photo_sent_bytes_replaced_by_a_note(channel, fake):
    chart = Attachment("bieu-do.png", b"\x89PNG", kind="photo", caption="Biểu đồ tiến độ")
    sheet = Attachment("tien-do.xlsx", b"PK", caption="")
    hosted = Attachment("anh.png", b"", kind="photo", caption="Ảnh", url="https://example.invalid/anh.png")
    ids = await deliver(channel, "u1", Reply(entries=[Entry("Tổng hợp: 3/6 việc xong.")], attachments=[chart, sheet, hosted]))
    [text, photo] = fake.sent
    assert len(ids) == 2 and text.text.startswith("Tổng hợp: 3/6 việc xong.")
    assert "📊 Biểu đồ tiến độ" in text.text and "📎 tien-do.xlsx" in text.text
    assert (photo.method, photo.photo, photo.caption) == ("sendPhoto", hosted.url, "Ảnh")


async def test_429_is_retried_and_delivered_once(channel, fake):
    fake.fail_next("sendMessage", 429, retry_after=0.05)
    assert len(await channel.send("u1", Reply.text("Nhắc việc DEMO-1"))) == 1
    assert [m.text for m in fake.sent] == ["Nhắc việc DEMO-1"]
    assert sum(m == "sendMessage" for m, _ in fake.calls) == 2


async def test_delivery_errors_are_mapped(channel, fake):
    fake.fail_next("sendMessage", 429, retry_after=60)  # too long to wait inline: the dispatcher waits
    with pytest.raises(DeliveryRetry) as err:
        await channel.send("u1", Reply.text("a"))
    assert err.value.retry_after == 60
    fake.fail_next("sendMessage", 429, count=3, retry_after=0.01)  # still refused after 2 retries
    with pytest.raises(DeliveryRetry):
        await channel.send("u1", Reply.text("a"))
    fake.fail_next("sendMessage", 500)
    with pytest.raises(DeliveryRetry):
        await channel.send("u1", Reply.text("a"))
    fake.fail_next("sendMessage", 403)
    with pytest.raises(DeliveryBlocked):
        await channel.send("u1", Reply.text("a"))
    fake.fail_next("sendMessage", 400)
    with pytest.raises(DeliveryError) as err:
        await channel.send("u1", Reply.text("a"))
    assert type(err.value) is DeliveryError and TOKEN not in str(err.value)
    assert fake.sent == [] and await channel.send("u1", Reply()) == []


async def test_send_limiter_spaces_messages():
    now, slept = [100.0], []

    async def sleep(seconds: float) -> None:
        slept.append(seconds)
        now[0] += seconds

    limiter = SendLimiter(4.0, clock=lambda: now[0], sleep=sleep)
    for _ in range(3):
        await limiter.acquire()
    assert slept == [0.25, 0.25]
    now[0] += 10  # idle: no wait, no burst credit beyond one
    await limiter.acquire()
    assert slept == [0.25, 0.25]


async def test_polling_survives_errors_without_leaking_the_token(bot, fake, world, caplog):
    caplog.set_level(logging.DEBUG)
    fake.fail_next("getUpdates", 500, count=2)
    fake.fail_next("sendMessage", 403)
    fake.push_text("x", "VIEC")  # its answer is refused (403): logged, the loop goes on
    assert "chưa đăng ký" in await say(fake, "x", "VIEC nữa")
    assert "getUpdates failed" in caplog.text and "not delivered" in caplog.text
    assert TOKEN not in caplog.text


async def test_stop_is_prompt_during_a_long_poll(world, fake):
    runtime = await start_zalo(zalo_core(world, fake), build_conversation(world).handle, poll_timeout=20)
    await asyncio.sleep(0.05)  # the long poll is open
    started = time.monotonic()
    await runtime.stop()
    assert time.monotonic() - started < 1.0 and runtime.mode == "stopped"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


async def test_webhook_mode_checks_the_secret(world, fake):
    port = free_port()
    url = f"http://127.0.0.1:{port}/zalo/webhook"
    handled = []
    conv = build_conversation(world)

    def handle(inbound):
        handled.append(inbound.text)
        return conv.handle(inbound)

    core = zalo_core(world, fake, zalo_webhook_url=url, zalo_webhook_port=port,
                     zalo_webhook_secret=SecretStr("hook-secret-456"))
    runtime = await start_zalo(core, handle)
    try:
        assert runtime.mode == "webhook" and (fake.webhook_url, fake.webhook_secret) == (url, "hook-secret-456")
        code = invite(world)
        assert await fake.deliver(f"DANGKY {code}", secret="wrong", user_id="w1") == 403
        assert await fake.deliver(f"DANGKY {code}", send_secret=False, user_id="w1") == 403
        assert handled == [] and count(world, Contact) == 0
        update = fake.make_update("text", "w1", text=f"DANGKY {code}")
        assert await fake.deliver(update) == 200
        assert "Đăng ký thành công" in (await fake.wait_for(1))[0].text
        assert await fake.deliver(update) == 200  # a redelivery is not handled twice
        assert await fake.deliver("VIEC", wrapped=True, user_id="w1") == 200
        await fake.wait_for(2)
        assert handled == [f"DANGKY {code}", "VIEC"] and len(fake.sent) == 2
    finally:
        await runtime.stop()


async def test_runner_serves_zalo(world, fake):
    from bot.runner import serve

    task = asyncio.create_task(serve(zalo_core(world, fake)))
    try:
        assert "Đăng ký thành công" in await say(fake, "r1", f"DANGKY {invite(world)}")
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
    assert task.done()

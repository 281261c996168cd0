"""Files added to a submission after the secretaries' notice went out are forwarded to them
(issue 13 follow-up, gap 2): one "Bổ sung minh chứng" message per added batch with the file,
claimed like every notice (sent once, queued in the database so a restart loses nothing), and
none once the submission is decided. The real Application and dispatcher against FakeTelegram."""
from __future__ import annotations

from sqlmodel import Session, select

import asyncio

from bot.app import build_conversation
from bot.service.ports import Inbound, IncomingFile, Sender
from bot.service.reminders.dispatch import tick
from bot.store.claims import DEAD
from bot.store.models import Reminder
from tests.e2e.test_review_telegram import (FOCAL, NOW, PDF, SEC1, SEC2, docx_bytes, no_sleep, rcore,  # noqa: F401
                                            running, said)
from tests.fakes._tg_media import tiny_png


def followups(server, chat: int) -> list:
    return [r for r in server.outbox(chat) if r.method == "sendMessage" and "Bổ sung minh chứng" in r.plain_text]


def documents(server, chat: int) -> list[bytes]:
    return [r.file_bytes for r in server.outbox(chat) if r.method == "sendDocument"]


async def test_files_added_after_the_notice_reach_the_secretaries_once_per_batch(telegram_server, rcore,  # noqa: F811
                                                                                 sending_channel):
    async with running(telegram_server, rcore) as channel:
        telegram_server.push_text(FOCAL, "/xong DEMO-2")
        await telegram_server.wait_for(said(telegram_server, FOCAL, "Gửi kèm văn bản hoặc minh chứng"))
        await tick(rcore, {"telegram": channel}, NOW, sleep=no_sleep)
        for chat in (SEC1, SEC2):
            [notice] = [r for r in telegram_server.outbox(chat) if r.buttons()]
            assert "Minh chứng: không gửi kèm" in notice.plain_text and documents(telegram_server, chat) == []

        telegram_server.push_document(FOCAL, PDF, "QĐ 45.pdf", caption="DEMO-2 bổ sung QĐ 45/QĐ-SYT")
        await telegram_server.wait_for(said(telegram_server, FOCAL, "Đã nhận minh chứng cho DEMO-2"))
    # the bot is stopped here: the follow-up waits in the database for the next pass, whoever runs it
    report = await tick(rcore, {"telegram": sending_channel}, NOW.replace(minute=5), sleep=no_sleep)
    assert not report.deferred and not report.failed
    for chat in (SEC1, SEC2):
        [more] = followups(telegram_server, chat)
        assert "DEMO-2 — Sở Y tế: QĐ 45.pdf" in more.plain_text and "bổ sung QĐ 45/QĐ-SYT" in more.plain_text
        assert documents(telegram_server, chat) == [PDF]
    again = await tick(rcore, {"telegram": sending_channel}, NOW.replace(minute=10), sleep=no_sleep)
    assert again.sent == [] and all(len(followups(telegram_server, c)) == 1 for c in (SEC1, SEC2))

    docx = docx_bytes()  # once: a zip carries the time it was made
    async with running(telegram_server, rcore) as channel:  # a second batch: a second follow-up
        telegram_server.push_document(FOCAL, docx, "bien-ban.docx", caption="DEMO-2")
        await telegram_server.wait_for(said(telegram_server, FOCAL, "bien-ban.docx"))
        await tick(rcore, {"telegram": channel}, NOW.replace(minute=15), sleep=no_sleep)
        for chat in (SEC1, SEC2):
            first, second = followups(telegram_server, chat)
            assert "bien-ban.docx" in second.plain_text and "QĐ 45.pdf" not in second.plain_text
            assert documents(telegram_server, chat) == [PDF, docx]


async def test_no_follow_up_for_a_submission_decided_meanwhile(telegram_server, rcore):  # noqa: F811
    async with running(telegram_server, rcore) as channel:
        telegram_server.push_text(FOCAL, "/xong DEMO-1")
        await telegram_server.wait_for(said(telegram_server, FOCAL, "Gửi kèm văn bản hoặc minh chứng"))
        await tick(rcore, {"telegram": channel}, NOW, sleep=no_sleep)
        [notice] = [r for r in telegram_server.outbox(SEC1) if r.buttons()]
        telegram_server.push_photo(FOCAL, data=tiny_png(40, 30), caption="DEMO-1 ảnh biên bản")
        await telegram_server.wait_for(said(telegram_server, FOCAL, "Đã nhận minh chứng cho DEMO-1"))
        with Session(rcore.engine) as s:  # queued for both secretaries, not yet sent
            assert len(s.exec(select(Reminder).where(Reminder.kind == "more")).all()) == 2
        telegram_server.push_callback(SEC1, notice.buttons()[0]["callback_data"], notice.message_id)
        await telegram_server.wait_for(said(telegram_server, SEC1, "Đã xác nhận hoàn thành DEMO-1"))
        report = await tick(rcore, {"telegram": channel}, NOW.replace(minute=5), sleep=no_sleep)
        assert {r["kind"] for r in report.sent} == {"told", "decided"}
        telegram_server.push_document(FOCAL, PDF, "sau.pdf", caption="DEMO-1")  # after the decision
        await telegram_server.wait_for(said(telegram_server, FOCAL, "sau.pdf"))
        await tick(rcore, {"telegram": channel}, NOW.replace(minute=10), sleep=no_sleep)
    assert followups(telegram_server, SEC1) == followups(telegram_server, SEC2) == []
    with Session(rcore.engine) as s:
        rows = s.exec(select(Reminder).where(Reminder.kind == "more")).all()
    assert len(rows) == 2 and all(r.sent_at is None and r.claimed_by == DEAD and "decided" in r.last_error for r in rows)


class AttachDuringFirstSend:
    """The dispatcher's channel, through which the focal point's file arrives while the pass is
    sending its first notice: after that pass's snapshot, after one secretary's claim, before
    the other's."""

    def __init__(self, channel, conversation) -> None:
        self.channel, self.conversation, self.caps, self.done = channel, conversation, channel.caps, False

    async def send(self, chat_id, part):
        if not self.done and "Báo cáo hoàn thành chờ xác nhận" in part.plain:
            self.done = True
            focal = Sender("telegram", str(FOCAL), str(FOCAL))
            [r] = await asyncio.to_thread(self.conversation.handle, Inbound(
                sender=focal, text="DEMO-2", kind="document", files=(IncomingFile("QĐ 45.pdf", len(PDF), PDF),)))
            assert "Đã nhận minh chứng cho DEMO-2" in r.plain
        return await self.channel.send(chat_id, part)


async def test_a_file_added_while_the_notices_go_out_reaches_each_secretary_once(telegram_server, rcore,  # noqa: F811
                                                                                sending_channel):
    conversation = build_conversation(rcore)
    conversation.handle(Inbound(sender=Sender("telegram", str(FOCAL), str(FOCAL)), text="/xong DEMO-2"))
    channel = AttachDuringFirstSend(sending_channel, conversation)
    await tick(rcore, {"telegram": channel}, NOW, sleep=no_sleep, concurrency=1)
    await tick(rcore, {"telegram": channel}, NOW.replace(minute=5), sleep=no_sleep)
    notices = {c: [r for r in telegram_server.outbox(c) if r.buttons()][0] for c in (SEC1, SEC2)}
    first, second = sorted(notices, key=lambda c: notices[c].received_at)
    assert "không gửi kèm" in notices[first].plain_text and len(followups(telegram_server, first)) == 1
    assert "QĐ 45.pdf" in notices[second].plain_text and followups(telegram_server, second) == []
    assert documents(telegram_server, first) == documents(telegram_server, second) == [PDF]

"""Issue 13 end to end on Telegram: the real python-telegram-bot Application against FakeTelegram,
the dispatcher delivering review notices, files fetched with getFile and forwarded.

A focal point reports done with a PDF; both secretaries get it with ✅/↩️; one confirms, the
other's press is refused and their copy is edited to show the decision; the focal point is told.
Returned with a reason and resubmitted; extensions agreed and refused by the lead; the figures at
each step (`summary_dict`)."""
from __future__ import annotations

import hashlib
import io
import threading
import zipfile
from contextlib import asynccontextmanager
from datetime import date, datetime

import pytest
from sqlmodel import Session, select

from bot.app import Core, build_conversation
from bot.channels.telegram import build_application, start_application, stop_application
from bot.clock import fixed_clock
from bot.service.ports import Inbound, Sender
from bot.service.reminders.dispatch import tick
from bot.service.reports.summary import summarize
from bot.service.reports.summary_json import summary_dict
from bot.service.tasks import list_tasks
from bot.store import session_scope
from bot.store.models import Evidence, Plan, Reminder, ReviewDecision
from tests.conftest import TZ
from tests.e2e.conftest import TELEGRAM_TOKEN
from tests.service.helpers import add_contact, assignment, seed

NOW = datetime(2025, 6, 16, 9, 0, tzinfo=TZ)  # Monday, office hours
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
FOCAL, SEC1, SEC2, LEAD = 100, 800, 801, 900


def docx_bytes() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", '<Types><Override ContentType="application/vnd.openxmlformats-officedocument.'
                                          'wordprocessingml.document.main+xml"/></Types>')
        z.writestr("word/document.xml", "<w:document/>")
    return buf.getvalue()


@pytest.fixture
def rcore(core, engine, tmp_path) -> Core:
    seed(engine)
    with session_scope(engine) as s:
        plan = s.exec(select(Plan)).one()
        plan.review = True
        s.add(plan)
    add_contact(engine, "telegram", str(FOCAL), "focal", "Sở Y tế", NOW)
    add_contact(engine, "telegram", str(SEC1), "secretariat", None, NOW)
    add_contact(engine, "telegram", str(SEC2), "secretariat", None, NOW)
    add_contact(engine, "telegram", str(LEAD), "lead", None, NOW)
    settings = core.settings.model_copy(update={"files_dir": tmp_path / "files"})
    return Core(settings=settings, engine=engine, clock=fixed_clock(NOW))


@asynccontextmanager
async def running(server, core):
    app = build_application(TELEGRAM_TOKEN, server.base_url, build_conversation(core).handle,
                            base_file_url=server.base_file_url, rate_limit=False)
    await start_application(app, poll_timeout=1)
    try:
        yield app.bot_data["channel"]
    finally:
        await stop_application(app)


async def no_sleep(_seconds: float) -> None:
    return None


def figures(core: Core, day: date = NOW.date()) -> dict:
    with Session(core.engine) as s:
        return summary_dict(summarize(s, day, TZ, plan="DEMO"))


def said(server, chat: int, needle: str):
    return lambda r: r.chat_id == chat and needle in (r.plain_text or r.caption or "")


async def test_submission_with_a_file_confirmed_once_and_figures(telegram_server, rcore):
    base = figures(rcore)
    assert (base["done_on_time"], base["submitted"], base["in_progress_on_time"]) == (0, 0, 2)
    async with running(telegram_server, rcore) as channel:
        telegram_server.push_document(FOCAL, PDF, "QĐ 123.pdf", caption="xong DEMO-1 đã ban hành QĐ 123/QĐ-UBND")
        [ok] = await telegram_server.wait_for(said(telegram_server, FOCAL, "Đã nhận minh chứng"))
        assert "chờ thư ký" in ok.plain_text and "QĐ 123.pdf" in ok.plain_text
        a = assignment(rcore.engine, "DEMO-1", "Sở Y tế")
        assert a.status == "submitted"
        sha = hashlib.sha256(PDF).hexdigest()
        assert (rcore.settings.files_dir / sha[:2] / sha).read_bytes() == PDF
        step = figures(rcore)
        assert (step["submitted"], step["done_on_time"], step["in_progress_on_time"]) == (1, 0, 2)
        [task] = [t for t in list_tasks(Session(rcore.engine)) if t["code"] == "DEMO-1"]
        assert task["status"] == "submitted"
        [ev] = task["assignments"][0]["evidence"]
        assert (ev["name"], ev["size"], ev["sha256"]) == ("QĐ 123.pdf", len(PDF), sha)

        report = await tick(rcore, {"telegram": channel}, NOW, sleep=no_sleep)
        assert not report.deferred and not report.failed
        notices = {}
        for chat in (SEC1, SEC2):
            [msg] = [r for r in telegram_server.outbox(chat) if r.method == "sendMessage" and r.buttons()]
            assert "Báo cáo hoàn thành chờ xác nhận" in msg.plain_text and "DEMO-1" in msg.plain_text
            assert "Ghi chú: đã ban hành QĐ 123/QĐ-UBND" in msg.plain_text
            assert [b["text"] for b in msg.buttons()] == ["✅ Xác nhận", "↩️ Trả lại"]
            [doc] = [r for r in telegram_server.outbox(chat) if r.method == "sendDocument"]
            assert doc.file_bytes == PDF and doc.filename == "QĐ 123.pdf"
            notices[chat] = msg
        again = await tick(rcore, {"telegram": channel}, NOW.replace(minute=5), sleep=no_sleep)
        assert not any(r["kind"] == "review" for r in again.sent)  # exactly once

        ok_data = notices[SEC1].buttons()[0]["callback_data"]
        telegram_server.push_callback(SEC1, ok_data, notices[SEC1].message_id)
        await telegram_server.wait_for(said(telegram_server, SEC1, "Đã xác nhận hoàn thành"))
        telegram_server.push_callback(SEC2, ok_data, notices[SEC2].message_id)
        [late] = await telegram_server.wait_for(said(telegram_server, SEC2, "không cần quyết định lại"))
        assert "Người 800" in late.plain_text
        assert assignment(rcore.engine, "DEMO-1", "Sở Y tế").status == "done"
        with Session(rcore.engine) as s:
            assert len(s.exec(select(ReviewDecision)).all()) == 1

        await tick(rcore, {"telegram": channel}, NOW.replace(minute=10), sleep=no_sleep)
        [edit] = [r for r in telegram_server.outbox(SEC2, include_edits=True) if r.is_edit]
        assert edit.message_id == notices[SEC2].message_id and "đã xác nhận hoàn thành" in edit.plain_text
        assert edit.buttons() == []  # no second decision from that copy
        assert not [r for r in telegram_server.outbox(SEC1, include_edits=True) if r.is_edit]
        await telegram_server.wait_for(said(telegram_server, FOCAL, "đã xác nhận hoàn thành DEMO-1"))
    done = figures(rcore, date(2025, 7, 20))  # confirmed: done on the day it was submitted, on time
    assert (done["done_on_time"], done["submitted"]) == (1, 0)


async def test_returned_with_a_reason_then_resubmitted_and_confirmed(telegram_server, rcore):
    async with running(telegram_server, rcore) as channel:
        telegram_server.push_text(FOCAL, "/xong DEMO-2")
        [ask] = await telegram_server.wait_for(said(telegram_server, FOCAL, "Gửi kèm văn bản hoặc minh chứng"))
        telegram_server.push_document(FOCAL, docx_bytes(), "bao-cao.docx")  # no caption: the task asked about
        await telegram_server.wait_for(said(telegram_server, FOCAL, "Đã nhận minh chứng cho DEMO-2"))
        telegram_server.push_document(FOCAL, b"MZ\x90\x00 not evidence", "virus.exe")
        await telegram_server.wait_for(said(telegram_server, FOCAL, "không phải"))
        await tick(rcore, {"telegram": channel}, NOW, sleep=no_sleep)
        [msg] = [r for r in telegram_server.outbox(SEC1) if r.method == "sendMessage" and r.buttons()]
        assert "bao-cao.docx" in msg.plain_text and "virus" not in msg.plain_text
        back = msg.buttons()[1]["callback_data"]
        telegram_server.push_callback(FOCAL, back, check_button=False)  # not a secretary
        await telegram_server.wait_for(said(telegram_server, FOCAL, "Chỉ thư ký"))
        telegram_server.push_callback(SEC1, back, msg.message_id)
        await telegram_server.wait_for(said(telegram_server, SEC1, "Lý do trả lại DEMO-2"))
        telegram_server.push_text(SEC1, "Thiếu quyết định phê duyệt kèm theo")
        await telegram_server.wait_for(said(telegram_server, SEC1, "Đã trả lại DEMO-2"))
        a = assignment(rcore.engine, "DEMO-2", "Sở Y tế")
        assert (a.status, a.note) == ("in_progress", "Trả lại: Thiếu quyết định phê duyệt kèm theo")
        assert figures(rcore)["submitted"] == 0
        await tick(rcore, {"telegram": channel}, NOW.replace(minute=5), sleep=no_sleep)
        [told] = await telegram_server.wait_for(said(telegram_server, FOCAL, "trả lại báo cáo hoàn thành DEMO-2"))
        assert "Lý do: Thiếu quyết định phê duyệt kèm theo" in told.plain_text

        telegram_server.push_text(FOCAL, "/xong DEMO-2 đã bổ sung quyết định 45/QĐ-SYT")
        await telegram_server.wait_for(said(telegram_server, FOCAL, "Ghi chú: đã bổ sung quyết định 45/QĐ-SYT"))
        assert figures(rcore)["submitted"] == 1
        await tick(rcore, {"telegram": channel}, NOW.replace(minute=10), sleep=no_sleep)
        second = [r for r in telegram_server.outbox(SEC2) if r.method == "sendMessage" and r.buttons()][-1]
        assert "đã bổ sung quyết định" in second.plain_text
        telegram_server.push_callback(SEC2, second.buttons()[0]["callback_data"], second.message_id)
        await telegram_server.wait_for(said(telegram_server, SEC2, "Đã xác nhận hoàn thành DEMO-2"))
    assert assignment(rcore.engine, "DEMO-2", "Sở Y tế").status == "done"
    f = figures(rcore)
    assert (f["done_on_time"], f["submitted"]) == (1, 0)


async def test_extension_agreed_and_refused_by_the_lead(telegram_server, rcore):
    async with running(telegram_server, rcore) as channel:
        telegram_server.push_text(FOCAL, "/cham DEMO-1 15/7 chờ ý kiến Sở Tài chính")
        [req] = await telegram_server.wait_for(said(telegram_server, FOCAL, "Đề nghị gia hạn"))
        assert "15/07/2025" in req.plain_text and "hạn vẫn là 30/06/2025" in req.plain_text
        a = assignment(rcore.engine, "DEMO-1", "Sở Y tế")
        assert (a.status, a.new_due, a.requested_due) == ("delayed", None, date(2025, 7, 15))
        telegram_server.push_text(FOCAL, "/cham DEMO-2 31/10 thiếu kinh phí")
        await telegram_server.wait_for(said(telegram_server, FOCAL, "31/10/2025"))
        await tick(rcore, {"telegram": channel}, NOW, sleep=no_sleep)
        reqs = [r for r in telegram_server.outbox(LEAD) if r.method == "sendMessage" and r.buttons()]
        assert len(reqs) == 2 and [b["text"] for b in reqs[0].buttons()] == ["✅ Đồng ý gia hạn", "❌ Không đồng ý"]
        by_code = {("DEMO-1" if "DEMO-1" in r.plain_text else "DEMO-2"): r for r in reqs}
        telegram_server.push_callback(SEC1, by_code["DEMO-1"].buttons()[0]["callback_data"], check_button=False)
        await telegram_server.wait_for(said(telegram_server, SEC1, "Chỉ lãnh đạo"))
        telegram_server.push_callback(LEAD, by_code["DEMO-1"].buttons()[0]["callback_data"], by_code["DEMO-1"].message_id)
        await telegram_server.wait_for(said(telegram_server, LEAD, "Đã đồng ý gia hạn DEMO-1"))
        telegram_server.push_callback(LEAD, by_code["DEMO-2"].buttons()[1]["callback_data"], by_code["DEMO-2"].message_id)
        await telegram_server.wait_for(said(telegram_server, LEAD, "Đã không đồng ý gia hạn DEMO-2"))
        telegram_server.push_callback(LEAD, by_code["DEMO-2"].buttons()[0]["callback_data"], by_code["DEMO-2"].message_id)
        await telegram_server.wait_for(said(telegram_server, LEAD, "không cần quyết định lại"))
        await tick(rcore, {"telegram": channel}, NOW.replace(minute=5), sleep=no_sleep)
        await telegram_server.wait_for(said(telegram_server, FOCAL, "đồng ý gia hạn DEMO-1 đến 15/07/2025"))
        await telegram_server.wait_for(said(telegram_server, FOCAL, "không đồng ý gia hạn DEMO-2"))
    one, two = assignment(rcore.engine, "DEMO-1", "Sở Y tế"), assignment(rcore.engine, "DEMO-2", "Sở Y tế")
    assert (one.new_due, one.requested_due) == (date(2025, 7, 15), None)
    assert (two.status, two.new_due, two.requested_due) == ("delayed", None, None)
    f = figures(rcore, date(2025, 7, 1))  # judged against the plan's 30/6 although extended
    assert f["in_progress_overdue"] == 3 and f["extended"] == 1  # DEMO-1 (extended: still overdue), DEMO-3, DEMO-5
    assert f["extensions"] == [{"code": "DEMO-1", "agency": "Sở Y tế", "due": "2025-06-30",
                                "extended_to": "2025-07-15"}]



def test_an_agreed_extension_stays_when_the_focal_point_then_reports_progress(rcore):
    """The lead granted 15/7; a later "đang làm" keeps it (it used to fall back to 30/6)."""
    conv = build_conversation(rcore)
    focal, lead = (Sender("telegram", str(u), str(u)) for u in (FOCAL, LEAD))
    conv.handle(Inbound(sender=focal, text="/cham DEMO-1 15/7 chờ ý kiến Sở Tài chính"))
    with Session(rcore.engine) as s:
        key = s.exec(select(Reminder.key).where(Reminder.kind == "extreq")).first()
    [agreed] = conv.handle(Inbound(sender=lead, text="/giahan DEMO-1 Sở Y tế DONGY"))
    assert "Đã đồng ý gia hạn DEMO-1" in agreed.plain, (key, agreed.plain)
    conv.handle(Inbound(sender=focal, text="/danglam DEMO-1 đang trình ký"))
    a = assignment(rcore.engine, "DEMO-1", "Sở Y tế")
    assert (a.status, a.new_due) == ("in_progress", date(2025, 7, 15))


def test_two_secretaries_deciding_at_once_one_wins(rcore):
    """Two conversation threads press ✅ on the same submission at the same instant."""
    conv = build_conversation(rcore)
    focal = Sender("telegram", str(FOCAL), str(FOCAL))
    [r] = conv.handle(Inbound(sender=focal, text="/xong DEMO-1 xong"))
    assert "chờ thư ký" in r.plain
    with Session(rcore.engine) as s:
        key = s.exec(select(Reminder.key).where(Reminder.kind == "review")).first()
    event_id = key.split(":e")[1].split(":")[0]
    barrier, answers = threading.Barrier(2), {}

    def press(user: int) -> None:
        barrier.wait()
        [reply] = conv.handle(Inbound(sender=Sender("telegram", str(user), str(user)), button=f"rv:ok:{event_id}",
                                      kind="button"))
        answers[user] = reply.plain

    threads = [threading.Thread(target=press, args=(u,)) for u in (SEC1, SEC2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    wins = [u for u, text in answers.items() if text.startswith("Đã xác nhận")]
    assert len(wins) == 1 and len(answers) == 2, answers
    loser = next(u for u in answers if u not in wins)
    assert "không cần quyết định lại" in answers[loser] or "không còn chờ" in answers[loser]
    with Session(rcore.engine) as s:
        assert len(s.exec(select(ReviewDecision)).all()) == 1
        told = s.exec(select(Reminder).where(Reminder.kind.in_(["told", "decided"]))).all()
        assert {r.kind for r in told} == {"told", "decided"} and len(told) == 2
    assert assignment(rcore.engine, "DEMO-1", "Sở Y tế").status == "done"


def test_bad_evidence_and_decisions_change_nothing(rcore):
    from bot.service.ports import IncomingFile

    conv = build_conversation(rcore)
    focal = Sender("telegram", str(FOCAL), str(FOCAL))
    big = IncomingFile("to.pdf", 21 * 1024 * 1024, None, too_big=True)
    [r] = conv.handle(Inbound(sender=focal, text="xong DEMO-1", kind="document", files=(big,)))
    assert "lớn hơn 20 MB" in r.plain
    [r] = conv.handle(Inbound(sender=focal, text="xong DEMO-5", kind="document", files=(IncomingFile("a.pdf", 10, PDF),)))
    assert "không giao cho cơ quan của bạn" in r.plain
    [r] = conv.handle(Inbound(sender=Sender("telegram", str(SEC1), str(SEC1)), text="TRALAI DEMO-1 Sở Y tế"))
    assert "không có báo cáo nào đang chờ" in r.plain
    conv.handle(Inbound(sender=focal, text="/xong DEMO-1"))
    [r] = conv.handle(Inbound(sender=Sender("telegram", str(SEC1), str(SEC1)), text="TRALAI DEMO-1 Sở Y tế"))
    assert "Xin ghi lý do" in r.plain
    [r] = conv.handle(Inbound(sender=Sender("telegram", str(LEAD), str(LEAD)), text="XACNHAN DEMO-1"))
    assert "Chỉ thư ký" in r.plain
    with Session(rcore.engine) as s:
        assert s.exec(select(Evidence)).all() == [] and s.exec(select(ReviewDecision)).all() == []
    assert assignment(rcore.engine, "DEMO-1", "Sở Y tế").status == "submitted"



def test_a_reason_typed_after_someone_else_decided_is_refused_once(rcore):
    conv = build_conversation(rcore)
    sec1, sec2 = (Sender("telegram", str(u), str(u)) for u in (SEC1, SEC2))
    conv.handle(Inbound(sender=Sender("telegram", str(FOCAL), str(FOCAL)), text="/xong DEMO-1"))
    with Session(rcore.engine) as s:
        key = s.exec(select(Reminder.key).where(Reminder.kind == "review")).first()
    event_id = key.split(":e")[1].split(":")[0]
    [ask] = conv.handle(Inbound(sender=sec1, button=f"rv:back:{event_id}", kind="button"))
    assert "Lý do trả lại" in ask.plain
    [ok] = conv.handle(Inbound(sender=sec2, button=f"rv:ok:{event_id}", kind="button"))
    assert ok.plain.startswith("Đã xác nhận")
    [late] = conv.handle(Inbound(sender=sec1, text="thiếu văn bản"))
    assert "không cần quyết định lại" in late.plain
    [chat] = conv.handle(Inbound(sender=sec1, text="cảm ơn"))
    assert "không cần quyết định lại" not in chat.plain  # no longer waiting for a reason
    assert assignment(rcore.engine, "DEMO-1", "Sở Y tế").status == "done"

"""`/cho-xac-nhan` over HTTP on the real plans with TB25 under review: the list for each role,
the secretariat's and the lead's decisions through the chat's own functions (channel "web"),
every refusal (role, agency, CSRF, empty reason, a second decision from the chat or the page)."""
from __future__ import annotations

import re
from datetime import date
from urllib.parse import unquote

import pytest
from sqlmodel import Session, select

from bot.app import build_conversation
from bot.service.ports import Inbound, Sender
from bot.store import session_scope
from bot.service.portal.auth import new_link
from bot.store.models import Contact, Plan, Reminder, ReviewDecision, StatusEvent
from tests.service.helpers import add_contact, assignment
from tests.web.conftest import Browser

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
HEALTH, HOME = "Sở Y tế", "Sở Nội vụ"  # TB25-16 is Sở Y tế's; TB25-8 and TB25-10 are Sở Nội vụ's


@pytest.fixture
def rcore(plans_core, tmp_path):
    """The real plans, TB25 under review (`review: true`), evidence files under tmp_path."""
    with session_scope(plans_core.engine) as s:
        plan = s.exec(select(Plan).where(Plan.key == "TB25")).one()
        plan.review = True
        s.add(plan)
    plans_core.settings = plans_core.settings.model_copy(update={"files_dir": tmp_path / "files"})
    return plans_core


def done(b, code: str, note: str = ""):
    r = b.post(f"/nhiem-vu/{code}/cap-nhat", {"action": "done", "note": note})
    assert r.status_code == 303, r.text
    return r


def attach(b, code: str, data: bytes = PDF, name: str = "QĐ 12.pdf", caption: str = "", **kw):
    return b.post(f"/nhiem-vu/{code}/minh-chung", {"caption": caption}, files=[("file", (name, data, "x/y"))], **kw)


def event_id(page: str, code: str) -> int:
    return int(re.search(rf'id="e(\d+)" data-code="{re.escape(code)}"', page).group(1))


@pytest.fixture
def waiting(rcore, as_role, clock):
    """Sở Y tế reports TB25-16 done with a PDF (Monday 9:00); an hour later Sở Nội vụ reports
    TB25-8 done and asks to move TB25-10 to 31/10. Returns (secretariat, lead, health, home)."""
    health, home = as_role("focal", HEALTH), as_role("focal", HOME)
    ok = done(health, "TB25-16", "đã ban hành QĐ 12/QĐ-SYT")
    assert "hoàn thành — chờ thư ký (Sở KH&CN) xác nhận" in unquote(ok.headers["location"])
    assert attach(health, "TB25-16", caption="QĐ 12/QĐ-SYT").status_code == 303
    clock.advance(hours=1)
    done(home, "TB25-8")
    r = home.post("/nhiem-vu/TB25-10/cap-nhat", {"action": "delay", "new_due": "2025-10-31", "note": "chờ kinh phí"})
    assert "Đề nghị gia hạn TB25-10 đến 31/10/2025 đã gửi lãnh đạo" in unquote(r.headers["location"])
    return as_role("secretariat"), as_role("lead"), health, home


def test_the_secretariat_sees_what_waits_oldest_first_with_evidence(waiting, clock, as_role):
    clock.advance(days=3)  # Thursday: TB25-16 has waited 3 working days (a new sign-in: 12-hour sessions)
    sec = as_role("secretariat")
    page = sec.get("/cho-xac-nhan")
    assert page.status_code == 200
    text = page.text
    assert text.index('data-code="TB25-16"') < text.index('data-code="TB25-8"')  # oldest first
    first = text[text.index('data-code="TB25-16"'):text.index('data-code="TB25-8"')]
    assert HEALTH in first and "đã ban hành QĐ 12/QĐ-SYT" in first and "chờ 3 ngày làm việc" in first
    assert "đầu mối (trang web)" in first and "16/06/2025 09:00" in first
    assert re.search(r'href="/minh-chung/\d+">QĐ 12.pdf</a>', first)
    assert "/xac-nhan" in first and "/tra-lai" in first and 'name="reason"' in first
    assert "Đề nghị gia hạn chờ lãnh đạo (1)" in text
    assert "31/10/2025" in text and "chờ kinh phí" in text
    assert "gia-han" not in text  # the lead decides extensions, not the secretariat
    assert '<a href="/cho-xac-nhan" class="on">Chờ xác nhận</a>' in text


def test_the_lead_decides_extensions_and_reads_submissions(waiting):
    _, lead, *_ = waiting
    text = lead.get("/cho-xac-nhan").text
    assert 'data-code="TB25-16"' in text and "/xac-nhan" not in text and "/tra-lai" not in text
    assert text.count("/gia-han") == 2


def test_a_focal_point_reads_its_own_agency_only(waiting):
    _, _, health, home = waiting
    text = health.get("/cho-xac-nhan").text
    assert 'data-code="TB25-16"' in text and 'data-code="TB25-8"' not in text and 'data-code="TB25-10"' not in text
    assert "/xac-nhan" not in text and "/gia-han" not in text and "chỉ xem" in text
    assert 'data-code="TB25-10"' in home.get("/cho-xac-nhan").text


def test_confirm_and_return_from_the_page_are_recorded_as_web(waiting, rcore):
    sec, *_ = waiting
    page = sec.get("/cho-xac-nhan").text
    e16, e8 = event_id(page, "TB25-16"), event_id(page, "TB25-8")
    empty = sec.post(f"/cho-xac-nhan/{e8}/tra-lai", {"reason": "   "})
    assert empty.status_code == 400 and "Xin ghi lý do trả lại" in empty.text
    assert assignment(rcore.engine, "TB25-8", HOME).status == "submitted"
    r = sec.post(f"/cho-xac-nhan/{e8}/tra-lai", {"reason": "Thiếu quyết định <kèm theo>"})
    assert r.status_code == 303
    shown = sec.get(r.headers["location"]).text
    assert "Đã trả lại TB25-8 (Sở Nội vụ), lý do: Thiếu quyết định &lt;kèm theo&gt;" in shown
    assert 'data-code="TB25-8"' not in shown
    a = assignment(rcore.engine, "TB25-8", HOME)
    assert (a.status, a.note) == ("in_progress", "Trả lại: Thiếu quyết định <kèm theo>")
    assert sec.post(f"/cho-xac-nhan/{e16}/xac-nhan").status_code == 303
    assert assignment(rcore.engine, "TB25-16", HEALTH).status == "done"
    with Session(rcore.engine) as s:
        assert sorted(d.channel for d in s.exec(select(ReviewDecision))) == ["web", "web"]
        last = s.exec(select(StatusEvent).order_by(StatusEvent.id.desc())).first()
        assert (last.status, last.channel) == ("done", "web")
    history = sec.get("/nhiem-vu/TB25-16").text
    assert "đã hoàn thành" in history and '<span class="tag">web</span>' in history


def test_the_lead_agrees_and_refuses_from_the_page(waiting, rcore, as_role):
    _, lead, _, home = waiting
    r = home.post("/nhiem-vu/TB25-1/cap-nhat", {"action": "delay", "new_due": "2025-09-30"})
    assert r.status_code == 303
    page = lead.get("/cho-xac-nhan").text
    e10, e1 = event_id(page, "TB25-10"), event_id(page, "TB25-1")
    assert lead.post(f"/cho-xac-nhan/{e10}/gia-han", {"verdict": "dong-y"}).status_code == 303
    a = assignment(rcore.engine, "TB25-10", HOME)
    assert (a.status, a.new_due, a.requested_due) == ("delayed", date(2025, 10, 31), None)
    assert lead.post(f"/cho-xac-nhan/{e1}/gia-han", {"verdict": "khong"}).status_code == 303
    assert assignment(rcore.engine, "TB25-1", HOME).requested_due is None
    again = lead.post(f"/cho-xac-nhan/{e1}/gia-han", {"verdict": "dong-y"})
    assert again.status_code == 409 and "không cần quyết định lại" in again.text
    assert lead.post(f"/cho-xac-nhan/{e1}/gia-han", {"verdict": "co-le"}).status_code == 400
    assert "Không có đề nghị gia hạn nào đang chờ" in lead.get("/cho-xac-nhan").text


def test_who_may_decide(waiting, rcore):
    sec, lead, health, _ = waiting
    page = sec.get("/cho-xac-nhan").text
    e16, e10 = event_id(page, "TB25-16"), event_id(page, "TB25-10")
    for b in (lead, health):
        r = b.post(f"/cho-xac-nhan/{e16}/xac-nhan")
        assert r.status_code == 403 and "Chỉ thư ký Tiểu Ban" in r.text
        assert b.post(f"/cho-xac-nhan/{e16}/tra-lai", {"reason": "x"}).status_code == 403
    for b in (sec, health):
        r = b.post(f"/cho-xac-nhan/{e10}/gia-han", {"verdict": "dong-y"})
        assert r.status_code == 403 and "Chỉ lãnh đạo Tiểu Ban" in r.text
    no_csrf = sec.post(f"/cho-xac-nhan/{e16}/xac-nhan", csrf=False)
    assert no_csrf.status_code == 403 and "CSRF" in no_csrf.text
    forged = sec.client.post(f"/cho-xac-nhan/{e16}/xac-nhan", data={"csrf": "0" * 32})
    assert forged.status_code == 403
    assert sec.post("/cho-xac-nhan/999999/xac-nhan").status_code == 400
    with Session(rcore.engine) as s:
        assert s.exec(select(ReviewDecision)).all() == []
    assert assignment(rcore.engine, "TB25-16", HEALTH).status == "submitted"


def test_every_route_needs_a_session(app, rcore):
    from fastapi.testclient import TestClient

    client = TestClient(app, follow_redirects=False)
    assert client.get("/cho-xac-nhan").status_code == 401
    assert client.get("/minh-chung/1").status_code == 401
    assert client.post("/cho-xac-nhan/1/xac-nhan", data={"csrf": "x"}).status_code == 401


def _events(engine) -> int:
    with Session(engine) as s:
        return len(s.exec(select(StatusEvent)).all())


def test_the_first_decision_wins_across_chat_and_page(waiting, rcore):
    sec, *_ = waiting
    add_contact(rcore.engine, "telegram", "800", "secretariat", None, rcore.clock())
    chat = build_conversation(rcore)
    page = sec.get("/cho-xac-nhan").text
    e16, e8 = event_id(page, "TB25-16"), event_id(page, "TB25-8")

    [said] = chat.handle(Inbound(sender=Sender("telegram", "800", "800"), text="XACNHAN TB25-16"))
    assert "Đã xác nhận hoàn thành" in said.plain
    before = _events(rcore.engine)
    late = sec.post(f"/cho-xac-nhan/{e16}/tra-lai", {"reason": "thiếu văn bản"})
    assert late.status_code == 409 and "đã được Người 800 xác nhận hoàn thành" in late.text
    assert _events(rcore.engine) == before and assignment(rcore.engine, "TB25-16", HEALTH).status == "done"

    assert sec.post(f"/cho-xac-nhan/{e8}/xac-nhan").status_code == 303
    before = _events(rcore.engine)
    [refused] = chat.handle(Inbound(sender=Sender("telegram", "800", "800"), button=f"rv:ok:{e8}", kind="button"))
    assert "không cần quyết định lại" in refused.plain
    assert _events(rcore.engine) == before
    with Session(rcore.engine) as s:
        assert sorted((d.event_id, d.channel) for d in s.exec(select(ReviewDecision))) == \
            sorted([(e16, "telegram"), (e8, "web")])


def sign_in_as(app, core, contact_id: int) -> Browser:
    """A browser signed in as one chat contact (what /web in the chat gives them)."""
    with session_scope(core.engine) as s:
        url = new_link(s, s.get(Contact, contact_id), core.clock(), core.settings.base_url).url
    b = Browser(app, core, None)
    assert b.get(url.removeprefix(core.settings.base_url)).status_code == 303
    return b


def test_notices_go_to_chat_contacts_and_a_web_decision_tells_the_deciders_chat_too(rcore, as_role, app):
    sec1 = add_contact(rcore.engine, "telegram", "800", "secretariat", None, rcore.clock())
    sec2 = add_contact(rcore.engine, "telegram", "801", "secretariat", None, rcore.clock())
    web_only = as_role("secretariat")  # `nhacviec web-link`: a contact without a chat
    done(as_role("focal", HEALTH), "TB25-16")

    def keys(kind: str) -> set[str]:
        with Session(rcore.engine) as s:
            return {r.key.rsplit(":", 1)[1] for r in s.exec(select(Reminder).where(Reminder.kind == kind))}

    assert keys("review") == {f"c{sec1}", f"c{sec2}"}  # nothing queued that could never be sent
    e16 = event_id(web_only.get("/cho-xac-nhan").text, "TB25-16")
    assert sign_in_as(app, rcore, sec1).post(f"/cho-xac-nhan/{e16}/xac-nhan").status_code == 303
    assert keys("decided") == {f"c{sec1}", f"c{sec2}"}  # sec1's chat copy still had its buttons

"""A completion decided on the web page, seen in Telegram: the dispatcher (real PTB sending bot
against FakeTelegram) edits both secretaries' copies of the notice — the decider's too, since
its buttons were not pressed — and tells the focal point, as when decided in the chat."""
from __future__ import annotations

from fastapi.testclient import TestClient
from sqlmodel import select

from bot.app import build_conversation
from bot.service.portal.auth import csrf_token, new_link
from bot.service.ports import Inbound, Sender
from bot.service.reminders.dispatch import tick
from bot.store import session_scope
from bot.store.models import Contact, ReviewDecision
from bot.web.app import create_app
from bot.web.auth import COOKIE, RateLimiter
from tests.e2e.conftest import sending_channel as channel  # noqa: F401 (fixture)
from tests.e2e.test_review_telegram import FOCAL, NOW, SEC1, SEC2, no_sleep, rcore  # noqa: F401 (fixture)
from tests.service.helpers import assignment
from tests.web.conftest import BASE


def signed_in(app, core, user_id: str) -> TestClient:
    """The browser of the Telegram contact `user_id`, signed in by its own /web link."""
    with session_scope(core.engine) as s:
        contact = s.exec(select(Contact).where(Contact.user_id == user_id)).one()
        url = new_link(s, contact, core.clock(), core.settings.base_url).url
    client = TestClient(app, base_url=BASE, follow_redirects=False)
    assert client.get(url.removeprefix(core.settings.base_url)).status_code == 303
    return client


async def test_a_web_decision_edits_the_chat_copies(telegram_server, channel, rcore):  # noqa: F811
    [ok] = build_conversation(rcore).handle(Inbound(sender=Sender("telegram", str(FOCAL), str(FOCAL)),
                                                    text="/xong DEMO-1 đã ban hành QĐ 123/QĐ-UBND"))
    assert "chờ thư ký" in ok.plain
    await tick(rcore, {"telegram": channel}, NOW, sleep=no_sleep)
    notices = {chat: [r for r in telegram_server.outbox(chat) if r.buttons()][0] for chat in (SEC1, SEC2)}

    app = create_app(rcore, login_limiter=RateLimiter(limit=1000))
    browser = signed_in(app, rcore, str(SEC1))
    page = browser.get("/cho-xac-nhan").text
    event = notices[SEC1].buttons()[0]["callback_data"].rsplit(":", 1)[1]
    assert f'id="e{event}" data-code="DEMO-1"' in page
    r = browser.post(f"/cho-xac-nhan/{event}/xac-nhan", data={"csrf": csrf_token(browser.cookies.get(COOKIE))})
    assert r.status_code == 303
    assert assignment(rcore.engine, "DEMO-1", "Sở Y tế").status == "done"

    await tick(rcore, {"telegram": channel}, NOW.replace(minute=5), sleep=no_sleep)
    for chat in (SEC1, SEC2):
        [edit] = [r for r in telegram_server.outbox(chat, include_edits=True) if r.is_edit]
        assert edit.message_id == notices[chat].message_id and "đã xác nhận hoàn thành" in edit.plain_text
        assert "Người 800" in edit.plain_text and edit.buttons() == []
    await telegram_server.wait_for(lambda m: m.chat_id == FOCAL and "đã xác nhận hoàn thành DEMO-1" in
                                   (m.plain_text or ""))
    with session_scope(rcore.engine) as s:
        [d] = s.exec(select(ReviewDecision)).all()
        assert d.channel == "web"

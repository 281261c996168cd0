"""`/cho-xac-nhan` in real headless Chromium (Debian's chromium through Playwright) on a phone-sized
viewport: the secretariat downloads the evidence, returns one submission with a reason (an empty
reason is stopped) and confirms another. Screenshots land in out/screens/."""
from __future__ import annotations

import re

from sqlmodel import select

from bot.store import session_scope
from bot.store.models import ReviewDecision
from tests.service.helpers import assignment
from tests.web.test_browser import browser, phone, pytestmark, shot, site  # noqa: F401 (fixtures, marks)
from tests.web.test_review import HEALTH, HOME, attach, done, rcore  # noqa: F401 (fixture)


def test_the_secretariat_returns_one_and_confirms_another(rcore, as_role, site, browser, tmp_path):  # noqa: F811
    base, core = site
    health = as_role("focal", HEALTH)
    done(health, "TB25-16", "đã ban hành QĐ 12/QĐ-SYT")
    assert attach(health, "TB25-16", name="QĐ 12.pdf").status_code == 303
    done(as_role("focal", HOME), "TB25-8", "đã trình UBND tỉnh")

    page = phone(browser, base, core, "secretariat")
    page.get_by_role("link", name="Chờ xác nhận").click()
    page.wait_for_url(base + "/cho-xac-nhan")
    assert page.locator("section.item").count() == 2
    shot(page, "11-cho-xac-nhan")
    first = page.locator('section.item[data-code="TB25-16"]')
    with page.expect_download() as dl:
        first.get_by_role("link", name="QĐ 12.pdf").click()
    assert dl.value.suggested_filename == "QĐ 12.pdf"

    back = page.locator('section.item[data-code="TB25-8"]')
    back.get_by_role("button", name="↩️ Trả lại").click()  # no reason: the browser stops the form
    assert back.locator('input[name="reason"]').evaluate("i => i.validity.valueMissing")
    assert page.url == base + "/cho-xac-nhan"
    back.locator('input[name="reason"]').fill("Thiếu quyết định phê duyệt kèm theo")
    back.get_by_role("button", name="↩️ Trả lại").click()
    page.wait_for_url(re.compile(r"/cho-xac-nhan\?ok="))
    said = page.locator("p.ok").inner_text()
    assert "Đã trả lại TB25-8 (Sở Nội vụ), lý do: Thiếu quyết định phê duyệt kèm theo" in said
    assert page.locator("section.item").count() == 1
    shot(page, "12-cho-xac-nhan-tra-lai")

    page.locator('section.item[data-code="TB25-16"]').get_by_role("button", name="✅ Xác nhận").click()
    page.wait_for_url(re.compile(r"/cho-xac-nhan\?ok="))
    assert "Đã xác nhận hoàn thành TB25-16 (Sở Y tế)" in page.locator("p.ok").inner_text()
    assert "Không có báo cáo hoàn thành nào đang chờ xác nhận" in page.content()
    shot(page, "13-cho-xac-nhan-xong")

    assert assignment(core.engine, "TB25-16", HEALTH).status == "done"
    a = assignment(core.engine, "TB25-8", HOME)
    assert (a.status, a.note) == ("in_progress", "Trả lại: Thiếu quyết định phê duyệt kèm theo")
    with session_scope(core.engine) as s:
        assert sorted(d.channel for d in s.exec(select(ReviewDecision))) == ["web", "web"]

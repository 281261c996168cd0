"""In real headless Chromium (Debian's chromium through Playwright), against uvicorn on 127.0.0.1:
`/healthz`; a chat's sign-in link that names a task opens that task signed in (and one naming
another site opens the overview); every form the other browser tests do not already use (task
note, delay, evidence upload, an extension decision, revoking, filtering, signing out); and a
too-big upload answered 413 with its Vietnamese page, which the browser shows."""
from __future__ import annotations

import re
from urllib.parse import quote

from bot.service.portal.auth import operator_link
from bot.service.review.files import MAX_BYTES
from bot.service.review.outgoing import task_page
from tests.web.test_browser import browser, phone, pytestmark, shot, site  # noqa: F401 (fixtures, marks)
from tests.web.test_review import HEALTH, HOME, PDF, rcore  # noqa: F401 (fixture)


def fresh(browser):
    ctx = browser.new_context(viewport={"width": 390, "height": 844}, locale="vi-VN")
    return ctx.new_page()


def test_healthz_and_a_link_to_a_task_lands_there_signed_in(site, browser):
    base, core = site
    page = fresh(browser)
    page.goto(base + "/healthz")
    assert page.locator("body").inner_text().strip() == "ok"

    # the kind of link a review notice carries (review.outgoing): signs in, then opens the task
    url = operator_link(core.engine, "focal", HEALTH, core.clock(), base, to=task_page("TB25-16")).url
    assert url.endswith("?next=/nhiem-vu/TB25-16")
    page.goto(url)
    assert page.url == base + "/nhiem-vu/TB25-16"
    assert page.locator("h1").inner_text() == "TB25-16"
    assert HEALTH in page.locator("header .who").inner_text()
    assert page.get_by_role("button", name="✅ Đã xong").is_visible()  # signed in as the focal point
    shot(page, "14-dang-nhap-thang-vao-nhiem-vu")

    page.get_by_role("button", name="Đăng xuất").click()
    page.wait_for_url(base + "/dang-nhap")
    page.goto(base + "/nhiem-vu/TB25-16")
    assert "Cần đăng nhập" in page.content()

    elsewhere = operator_link(core.engine, "lead", None, core.clock(), base).url + "?next=" + quote("//example.com/")
    other = fresh(browser)
    other.goto(elsewhere)
    assert other.url == base + "/"
    assert "lãnh đạo" in other.locator("header .who").inner_text()


def test_a_focal_point_uses_every_task_form(rcore, site, browser, tmp_path):  # noqa: F811
    base, core = site
    page = phone(browser, base, core, "focal", HEALTH)
    page.goto(base + "/nhiem-vu/TB25-16")
    page.locator('form:has(input[value="note"]) input[name="note"]').fill("Đang lấy ý kiến các sở")
    page.get_by_role("button", name="📝 Thêm ghi chú").click()
    page.wait_for_url(re.compile(r"/nhiem-vu/TB25-16\?ok="))
    assert "Đang lấy ý kiến các sở" in page.content()

    delay = page.locator('form:has(input[value="delay"])')
    delay.locator('input[name="new_due"]').fill("2025-10-31")
    delay.locator('input[name="note"]').fill("chờ kinh phí")
    delay.get_by_role("button", name="⏳ Báo chậm").click()
    page.wait_for_url(re.compile(r"/nhiem-vu/TB25-16\?ok="))
    assert "31/10/2025" in page.locator("p.ok").inner_text()

    page.get_by_role("button", name="✅ Đã xong").click()
    page.wait_for_url(re.compile(r"/nhiem-vu/TB25-16\?ok="))
    assert "TB25-16" in page.locator("p.ok").inner_text()

    pdf = tmp_path / "QĐ 12.pdf"
    pdf.write_bytes(PDF)
    page.set_input_files('input[name="file"]', str(pdf))
    page.locator('input[name="caption"]').fill("QĐ 12/QĐ-SYT")
    page.get_by_role("button", name="📎 Gửi minh chứng").click()
    page.wait_for_url(re.compile(r"/nhiem-vu/TB25-16\?ok="))
    assert "Đã nhận minh chứng cho TB25-16: QĐ 12.pdf" in page.locator("p.ok").inner_text()
    assert page.get_by_role("link", name="QĐ 12.pdf").is_visible()
    shot(page, "15-nhiem-vu-minh-chung")

    big = tmp_path / "lon.pdf"
    big.write_bytes(b"%PDF" + b"0" * (MAX_BYTES + 512 * 1024))  # over the body cap: refused unread
    page.set_input_files('input[name="file"]', str(big))
    with page.expect_response(lambda r: r.url.endswith("/minh-chung")) as answer:
        page.get_by_role("button", name="📎 Gửi minh chứng").click()
    assert answer.value.status == 413
    page.wait_for_load_state()
    assert "lớn hơn 20 MB" in page.locator("p.err").inner_text()
    shot(page, "16-minh-chung-qua-lon")


def test_the_lead_the_secretariat_and_their_forms(rcore, as_role, site, browser, tmp_path):  # noqa: F811
    base, core = site
    home = as_role("focal", HOME)  # Sở Nội vụ asks to move TB25-10 (over HTTP; the form is tested above)
    r = home.post("/nhiem-vu/TB25-10/cap-nhat", {"action": "delay", "new_due": "2025-10-31", "note": "chờ kinh phí"})
    assert r.status_code == 303

    lead = phone(browser, base, core, "lead")
    lead.goto(base + "/cho-xac-nhan")
    lead.locator('section.item[data-code="TB25-10"]').get_by_role("button", name="✅ Đồng ý gia hạn").click()
    lead.wait_for_url(re.compile(r"/cho-xac-nhan\?ok="))
    assert "TB25-10" in lead.locator("p.ok").inner_text()

    lead.goto(base + "/nhiem-vu")
    with lead.expect_response(lambda r: "trang_thai=delayed" in r.url):
        lead.select_option('select[name="trang_thai"]', value="delayed")  # htmx: on change
    lead.wait_for_url(re.compile(r"/nhiem-vu\?.*trang_thai=delayed"))
    assert "TB25-10" in lead.locator("table").inner_text()  # delayed to 31/10 by the lead's yes

    sec = phone(browser, base, core, "secretariat")
    sec.goto(base + "/dau-moi")
    sec.on("dialog", lambda d: d.accept())  # "Thu hồi quyền của người này?"
    row = sec.locator("tr", has_text=HOME).filter(has=sec.get_by_role("button", name="Thu hồi")).first
    row.get_by_role("button", name="Thu hồi").click()
    sec.wait_for_load_state()
    assert "đã thu hồi" in sec.locator("tr", has_text=HOME).first.inner_text()
    assert home.get("/").status_code == 401  # the revoked contact's session is gone

    sec.goto(base + "/ke-hoach")
    big = tmp_path / "lon.csv"
    big.write_bytes(b"x" * (6 * 1024 * 1024))
    sec.set_input_files('input[name="file"]', str(big))
    with sec.expect_response(lambda r: r.url.endswith("/ke-hoach/xem-truoc")) as answer:
        sec.get_by_role("button", name="Xem trước").click()
    assert answer.value.status == 413
    sec.wait_for_load_state()
    assert "Tệp lớn hơn 5 MB." in sec.locator("p.err").inner_text()

"""The page in real headless Chromium (Debian's `chromium`, driven by Playwright; CI installs it),
on a phone-sized viewport, against the real app served by uvicorn on 127.0.0.1. Screenshots of
each page land in out/screens/."""
from __future__ import annotations

import re
import shutil
import threading
import time
from pathlib import Path

import pytest

from bot.service.reports.summary import summarize
from bot.service.reports.summary_json import summary_dict
from bot.store import session_scope
from bot.web.app import create_app
from bot.web.auth import RateLimiter
from tests.web.conftest import link_path
from tests.web.test_pages import BAD, GOOD
from tests.web.test_serving import free_port

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SCREENS = Path(__file__).resolve().parents[2] / "out" / "screens"
pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed "
                                 "(apt-get install -y chromium; .ci/run installs it)")]


@pytest.fixture
def site(plans_core):
    import uvicorn

    port = free_port()
    app = create_app(plans_core, login_limiter=RateLimiter(limit=1000))
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, access_log=False, log_level="warning",
                                           lifespan="off"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.02)
    yield f"http://127.0.0.1:{port}", plans_core
    server.should_exit = True
    thread.join(10)


@pytest.fixture
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield b
        b.close()


def phone(browser, base: str, core, role: str, agency: str | None = None):
    ctx = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=1, locale="vi-VN",
                              accept_downloads=True)
    page = ctx.new_page()
    page.goto(base + link_path(core, role, agency))
    assert page.url == base + "/"
    return page


def shot(page, name: str) -> None:
    SCREENS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENS / f"{name}.png"), full_page=True)


def test_sign_in_and_the_overview_equals_summary_json(site, browser):
    base, core = site
    page = phone(browser, base, core, "lead")
    with session_scope(core.engine) as s:
        data = summary_dict(summarize(s, core.clock().date(), core.settings.zone))
    for key in ("dated_total", "done_on_time", "done_late", "in_progress_on_time", "in_progress_overdue",
                "undated_total"):
        assert page.locator(f'[data-k="{key}"]').inner_text().replace(".", "") == str(data[key])
    assert page.locator("img.chart").evaluate("i => i.complete && i.naturalWidth > 0")
    shot(page, "01-tong-quan")
    for path, name in (("/co-quan", "02-co-quan"), ("/nhiem-vu", "03-nhiem-vu"), ("/qua-han", "04-qua-han")):
        page.goto(base + path)
        shot(page, name)
    page.goto(base + link_path(core, "lead").replace("/login/", "/login/x"))
    assert "đã dùng hoặc đã hết hạn" in page.content()


def test_a_focal_point_marks_a_task_done(site, browser):
    base, core = site
    page = phone(browser, base, core, "focal", "Sở Y tế")
    page.goto(base + "/nhiem-vu/TB25-16")
    page.locator('form:has(input[value="done"]) input[name="note"]').fill("Đã ban hành QĐ 12/QĐ-SYT")
    page.get_by_role("button", name="✅ Đã xong").click()
    page.wait_for_url(re.compile(r"/nhiem-vu/TB25-16\?ok="))
    assert "Đã ghi nhận TB25-16: hoàn thành." in page.locator("p.ok").inner_text()
    assert "web" in page.locator("ul.plain").last.inner_text()
    shot(page, "05-nhiem-vu-xong")


def test_import_preview_with_a_row_error_then_a_corrected_import(site, browser, tmp_path):
    base, core = site
    page = phone(browser, base, core, "secretariat")
    page.goto(base + "/ke-hoach")
    bad, good = tmp_path / "bad" / "demo.csv", tmp_path / "good" / "demo.csv"
    for path, text in ((bad, BAD), (good, GOOD)):
        path.parent.mkdir()
        path.write_text(text, encoding="utf-8")
    page.set_input_files('input[name="file"]', str(bad))
    page.get_by_role("button", name="Xem trước").click()
    page.wait_for_load_state()
    assert "Không nhận ra cơ quan" in page.locator("tr.bad").inner_text()
    assert page.get_by_role("button", name="Nhập", exact=True).count() == 0
    shot(page, "06-ke-hoach-loi")
    page.set_input_files('input[name="file"]', str(good))
    page.get_by_role("button", name="Xem trước").click()
    page.wait_for_load_state()
    shot(page, "07-ke-hoach-xem-truoc")
    page.get_by_role("button", name="Nhập", exact=True).click()
    page.wait_for_load_state()
    assert "Đã nhập DEMO: 2 việc mới" in page.locator("p.ok").inner_text()
    shot(page, "08-ke-hoach-da-nhap")


def test_an_invite_with_its_qr_code(site, browser):
    base, core = site
    page = phone(browser, base, core, "secretariat")
    page.goto(base + "/dau-moi")
    page.select_option('select[name="agency"]', label="Sở Y tế")
    page.get_by_role("button", name="Tạo mã mời").click()
    page.wait_for_load_state()
    assert re.fullmatch(r"[A-Z2-9]{10}", page.locator(".invite .code").inner_text())
    assert page.locator("img.qr").evaluate("i => i.complete && i.naturalWidth > 20")
    shot(page, "09-dau-moi-ma-moi")


def test_the_workbook_downloads(site, browser, tmp_path):
    from openpyxl import load_workbook

    base, core = site
    page = phone(browser, base, core, "lead")
    page.goto(base + "/bao-cao")
    shot(page, "10-bao-cao")
    with page.expect_download() as dl:
        page.get_by_role("button", name="Bảng Excel").click()
    path = tmp_path / dl.value.suggested_filename
    dl.value.save_as(path)
    assert path.name.startswith("tien-do-") and load_workbook(path).sheetnames

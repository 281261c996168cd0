"""Every page for each role, the focal point's updates, the import preview, invites, reports."""
from __future__ import annotations

import io
import json
import re

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from bot.cli.app import app as cli
from bot.service.tasks import list_tasks
from bot.store import session_scope

FOCAL = "Sở Y tế"


def agency_id(b, name: str) -> int:
    return int(re.search(r'href="/co-quan/(\d+)">' + re.escape(name) + "<", b.get("/co-quan").text).group(1))


@pytest.mark.parametrize("role", ["secretariat", "lead"])
def test_managers_see_every_page(as_role, role):
    b = as_role(role)
    for path in ["/", "/co-quan", "/co-quan?sap=in_progress_overdue", "/nhiem-vu", "/nhiem-vu?ke_hoach=TB25&trang_thai=open",
                 "/nhiem-vu/TB25-16", "/qua-han", "/dau-moi", "/bao-cao", "/ke-hoach/mau.csv", "/healthz"]:
        assert b.get(path).status_code == 200, path
    assert b.get(f"/co-quan/{agency_id(b, FOCAL)}").status_code == 200
    assert b.get("/bieu-do.png").content[:4] == b"\x89PNG"
    assert b.get("/nhiem-vu/NOPE-1").status_code == 404
    assert b.get("/co-quan/99999").status_code == 404
    assert b.get("/nhiem-vu?han_truoc=khong-phai-ngay").status_code == 400


def test_overview_and_api_equal_summary_json(as_role, db_url, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", db_url)
    out = CliRunner().invoke(cli, ["summary", "--json", "--now", "2025-06-16T09:00"])
    assert out.exit_code == 0, out.output
    cli_data = json.loads(out.output)
    b = as_role("lead")
    assert b.get("/api/summary").json() == cli_data
    page = b.get("/").text
    for key in ("dated_total", "done_on_time", "done_late", "in_progress_on_time", "in_progress_overdue",
                "undated_total"):
        assert re.search(rf'data-k="{key}">([\d.]+)<', page).group(1).replace(".", "") == str(cli_data[key])
    assert set(cli_data) >= {"as_of", "dated_total", "done_on_time", "done_late", "in_progress_on_time",
                             "in_progress_overdue", "undated_total", "agencies"}


def test_api_tasks_equals_tasks_json(as_role, plans_core):
    b = as_role("secretariat")
    with session_scope(plans_core.engine) as s:
        assert b.get("/api/tasks").json() == json.loads(json.dumps(list_tasks(s)))
        assert b.get("/api/tasks?agency=Sở Y tế&status=open").json() == json.loads(
            json.dumps(list_tasks(s, agency="Sở Y tế", status="open")))


def test_a_focal_point_sees_only_its_agency(as_role):
    sec, focal = as_role("secretariat"), as_role("focal", FOCAL)
    other = agency_id(sec, "Sở Nội vụ")
    assert focal.get(f"/co-quan/{agency_id(sec, FOCAL)}").status_code == 200
    assert focal.get(f"/co-quan/{other}").status_code == 403
    assert focal.get("/nhiem-vu/TB25-1").status_code == 403  # Sở Nội vụ's
    assert focal.get("/nhiem-vu/TB25-16").status_code == 200
    tasks = focal.get("/api/tasks").json()
    assert tasks and all(FOCAL in t["assignees"] for t in tasks)
    assert focal.get("/nhiem-vu?co_quan=Sở Nội vụ").text.count('href="/nhiem-vu/TB25-1"') == 0
    assert [r["agency"] for r in focal.get("/api/summary").json()["agencies"]] == [FOCAL]
    assert focal.get("/ke-hoach").status_code == 403
    assert focal.post("/dau-moi/moi", {"role": "focal", "agency": FOCAL}).status_code == 403
    assert focal.post("/dau-moi/1/thu-hoi").status_code == 403


def test_the_lead_reads_but_neither_imports_invites_nor_updates(as_role):
    lead = as_role("lead")
    assert lead.get("/ke-hoach").status_code == 403
    assert lead.post("/dau-moi/moi", {"role": "focal", "agency": FOCAL}).status_code == 403
    assert lead.post("/nhiem-vu/TB25-16/cap-nhat", {"action": "done"}).status_code == 403


def test_a_focal_point_updates_through_the_chats_functions(as_role, plans_core):
    focal = as_role("focal", FOCAL)
    r = focal.post("/nhiem-vu/TB25-16/cap-nhat", {"action": "done", "note": "QĐ 12/QĐ-SYT"})
    assert r.status_code == 303
    page = focal.get(r.headers["location"]).text
    assert "Đã ghi nhận TB25-16: hoàn thành." in page and "QĐ 12/QĐ-SYT" in page and ">web<" in page
    with session_scope(plans_core.engine) as s:
        task = list_tasks(s, agency=FOCAL)
    t16 = next(t for t in task if t["code"] == "TB25-16")
    assert t16["assignments"][0]["status"] == "done"
    assert focal.post("/nhiem-vu/TB25-16/cap-nhat", {"action": "delay", "new_due": "2025-08-15",
                                                    "note": "chờ kinh phí"}).status_code == 303
    assert "15/08/2025" in focal.get("/nhiem-vu/TB25-16").text
    assert focal.post("/nhiem-vu/TB25-16/cap-nhat", {"action": "note", "note": "đã họp"}).status_code == 303


def test_update_refusals(as_role):
    focal = as_role("focal", FOCAL)
    assert focal.post("/nhiem-vu/TB25-16/cap-nhat", {"action": "done"}, csrf=False).status_code == 403
    assert focal.post("/nhiem-vu/TB25-16/cap-nhat", {"action": "done", "csrf": "x" * 32}, csrf=False).status_code == 403
    assert focal.post("/nhiem-vu/TB25-1/cap-nhat", {"action": "done"}).status_code == 403  # another agency's
    assert focal.post("/nhiem-vu/TB25-16/cap-nhat", {"action": "delay"}).status_code == 400  # no date
    assert focal.post("/nhiem-vu/TB25-16/cap-nhat", {"action": "delay", "new_due": "2020-01-01"}).status_code == 400
    assert focal.post("/nhiem-vu/TB25-16/cap-nhat", {"action": "note"}).status_code == 400
    assert "chưa báo cáo" in focal.get("/nhiem-vu/TB25-16").text  # nothing was written


BAD = ("\ufeffTT,Nội dung công việc,Cơ quan chủ trì,Thời gian hoàn thành\n"
       "1,Ban hành quy chế,Sở Y tế,Quý III/2025\n2,Tổng kết,Sở Không Có,30/12/2025\n")
GOOD = BAD.replace("Sở Không Có", "Sở Nội vụ")


def upload(b, text: str, name: str = "demo.csv", plan: str = ""):
    return b.client.post("/ke-hoach/xem-truoc", data={"csrf": b.csrf, "plan": plan},
                         files={"file": (name, io.BytesIO(text.encode("utf-8")), "text/csv")})


def test_import_preview_shows_row_errors_then_a_corrected_file_imports(as_role):
    sec = as_role("secretariat")
    r = upload(sec, BAD)
    assert r.status_code == 422 and "Không nhận ra cơ quan" in r.text and "hạn 30/09/2025" in r.text
    assert 'action="/ke-hoach/nhap"' not in r.text
    assert sec.get("/api/tasks?plan=DEMO").json() == []  # a preview writes nothing
    r = upload(sec, GOOD)
    assert r.status_code == 200 and 'action="/ke-hoach/nhap"' in r.text
    upload_id = re.search(r'name="upload" value="([^"]+)"', r.text).group(1)
    other = as_role("secretariat")
    assert other.post("/ke-hoach/nhap", {"upload": upload_id}).status_code == 400  # another session's file
    r = sec.post("/ke-hoach/nhap", {"upload": upload_id})
    assert r.status_code == 200 and "Đã nhập DEMO: 2 việc mới" in r.text
    assert [t["code"] for t in sec.get("/api/tasks?plan=DEMO").json()] == ["DEMO-1", "DEMO-2"]
    assert sec.post("/ke-hoach/nhap", {"upload": upload_id}).status_code == 400  # used up


def test_reimporting_an_existing_plan_keeps_its_key(as_role, plans_core):
    sec = as_role("secretariat")
    text = (plans_core.settings.plans_dir / "tb2025.csv").read_text(encoding="utf-8-sig")
    r = upload(sec, text, "tb2025-sua.csv", plan="TB25")
    assert r.status_code == 200 and "(mã TB25)" in r.text


def test_upload_limits(as_role):
    sec = as_role("secretariat")
    assert upload(sec, GOOD, "plan.txt").status_code == 400
    assert upload(sec, "x" * (5 * 1024 * 1024 + 10), "big.csv").status_code == 413
    assert upload(sec, "not a workbook", "fake.xlsx").status_code == 400
    assert upload(sec, "PK-not-really", "fake.xlsx").status_code == 422  # read, and refused row by row
    r = sec.client.post("/ke-hoach/xem-truoc", data={"plan": ""},
                        files={"file": ("demo.csv", io.BytesIO(GOOD.encode()), "text/csv")})
    assert r.status_code == 403  # no CSRF token


def test_invite_with_qr_code_and_revoke(as_role):
    sec = as_role("secretariat")
    r = sec.post("/dau-moi/moi", {"role": "focal", "agency": FOCAL})
    assert r.status_code == 200
    assert re.search(r'class="code">[A-Z2-9]{10}<', r.text) and 'src="data:image/png;base64,' in r.text
    assert "t.me/" in r.text and "DANGKY" in r.text
    assert sec.post("/dau-moi/moi", {"role": "focal"}).status_code == 400  # a focal point needs an agency


@pytest.mark.parametrize("kind,magic", [("xlsx", b"PK"), ("png", b"\x89PNG"), ("docx", b"PK")])
def test_report_downloads(as_role, kind, magic):
    r = as_role("lead").get(f"/bao-cao/tep/{kind}?ngay=2025-06-30")
    assert r.status_code == 200 and r.content.startswith(magic)
    assert "2025-06-30" in r.headers["content-disposition"]


def test_a_focal_points_workbook_holds_its_agency_only(as_role):
    r = as_role("focal", FOCAL).get("/bao-cao/tep/xlsx")
    wb = load_workbook(io.BytesIO(r.content))
    names = {c.value for row in wb.worksheets[0].iter_rows() for c in row if isinstance(c.value, str)}
    assert FOCAL in names and "Sở Nội vụ" not in names


def test_text_is_escaped(as_role):
    focal = as_role("focal", FOCAL)
    focal.post("/nhiem-vu/TB25-16/cap-nhat", {"action": "note", "note": "<script>alert(1)</script>"})
    page = focal.get("/nhiem-vu/TB25-16").text
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page


def test_the_task_list_is_paged(as_role):
    b = as_role("secretariat")
    first = b.get("/nhiem-vu").text
    total = len(b.get("/api/tasks").json())
    assert f"{total} việc — trang 1/{-(-total // 100)}" in first and first.count('<td class="nowrap"><a href="/nhiem-vu/') == 100
    last = b.get("/nhiem-vu?trang=99").text
    assert last.count('<td class="nowrap"><a href="/nhiem-vu/') == total - 100 * (-(-total // 100) - 1)

"""Report files and CLI: every figure checked against what `nhacviec tasks --json` implies.

The expectation is computed here from the JSON alone (each assignee's status and reply
time, each task's due date), independently of `bot.service.reports.summary`; the as-of date is after
every reply, so the current status in the JSON is also the status as of that date.
"""
from __future__ import annotations

import random
from collections import Counter, defaultdict
from datetime import date, datetime, timedelta, timezone
from io import BytesIO

import pytest
from docx import Document
from openpyxl import load_workbook
from sqlmodel import Session
from typer.testing import CliRunner

from bot.agencies import sync_registry
from bot.service.reports.monthly import report_title
from bot.service.reports.files import chart_png, default_paths, docx_bytes, write_reports, xlsx_bytes
from bot.store.status import record_status
from bot.service.reports.summary import CATEGORIES, LABELS, ONGOING_LABEL, summarize
from bot.service.tasks import list_tasks
from bot.store import session_scope
from tests.service.test_import import REGISTRY
from tests.service.test_summary import GROUP, KHCN, TP, TZ, VH, VT, at, build_plan, play_history, share

pytestmark = pytest.mark.store
AS_OF = date(2025, 9, 30)
ORDER = ["Hoàn thành đúng hạn", "Hoàn thành quá hạn", "Đang thực hiện trong hạn", "Đang thực hiện quá hạn"]


def random_rows(n: int = 60, seed: int = 7) -> list[tuple]:
    rng = random.Random(seed)
    rows = []
    for i in range(1, n + 1):
        lead = rng.choice([KHCN, VH, TP, VT, GROUP])
        if i % 10 == 0:
            rows.append((str(i), f"Nhiệm vụ thường xuyên số {i}", lead, "Thường xuyên", "recurring", None))
            continue
        due = date(2025, rng.randint(3, 12), rng.choice([10, 15, 20, 28]))
        rows.append((str(i), f"Nhiệm vụ số {i} về chuyển đổi số", lead, f"Trước {due.day}/{due.month}/2025", "date", due))
    return rows


def play_random(session: Session, rows: list[tuple], seed: int = 7) -> None:
    """Random replies, all before AS_OF; "done" is always an assignee's last event."""
    rng = random.Random(seed)
    last = datetime(2025, 9, 29, 16, 0, tzinfo=TZ)
    for no, _, lead, _, kind, due in rows:
        members = [TP, VT] if lead == GROUP else [lead]
        for agency in members:
            a = share(session, f"RND-{no}", agency)
            base = datetime.combine(due or date(2025, 6, 1), datetime.min.time(), tzinfo=TZ) + timedelta(hours=10)
            when = lambda days: min(base + timedelta(days=days), last)  # noqa: E731
            outcome = rng.choice(["none", "in_progress", "delayed", "done", "done", "done_after_progress"])
            if outcome in ("in_progress", "done_after_progress"):
                record_status(session, a, status="in_progress", at=when(-30), note="Đang làm")
            if outcome == "delayed":
                record_status(session, a, status="delayed", at=when(-3), note=f"Lý do {no}",
                              new_due=(due or date(2025, 6, 1)) + timedelta(days=20))
            if outcome.startswith("done"):
                record_status(session, a, status="done", at=when(rng.randint(-20, 20)))


@pytest.fixture
def session(engine):
    rows = random_rows()
    with session_scope(engine) as s:
        sync_registry(s, REGISTRY)
        build_plan(s, rows, key="RND", title="Kế hoạch hoạt động năm 2025 của Tiểu Ban")
        play_random(s, rows)
    with Session(engine, expire_on_commit=False) as s:
        yield s


def _local_day(updated_at: str) -> date:
    """The JSON's reply time ("…Z", UTC) as a local date; tolerant of "+00:00Z" too."""
    when = datetime.fromisoformat(updated_at.removesuffix("Z"))
    return (when if when.tzinfo else when.replace(tzinfo=timezone.utc)).astimezone(TZ).date()


def _category(states: list[dict], due: date, as_of: date) -> str:
    if states and all(a["status"] == "done" for a in states):
        done = max(_local_day(a["updated_at"]) for a in states)
        return ORDER[0] if done <= due else ORDER[1]
    return ORDER[2] if as_of <= due else ORDER[3]


def expected_from_json(rows: list[dict], as_of: date) -> dict:
    """Task-level and per-agency figures, from the JSON contract only."""
    tasks: Counter = Counter()
    agencies: dict[str, Counter] = defaultdict(Counter)
    overdue_shares = set()
    statuses = {}
    for r in rows:
        for a in r["assignments"]:
            statuses[(r["code"], a["agency"])] = a["status"]
        if r["kind"] != "date" or not r["due"]:
            tasks[ONGOING_LABEL] += 1
            for a in r["assignments"]:
                agencies[a["agency"]][ONGOING_LABEL] += 1
            continue
        due = date.fromisoformat(r["due"])
        tasks[_category(r["assignments"], due, as_of)] += 1
        for a in r["assignments"]:
            cat = _category([a], due, as_of)
            agencies[a["agency"]][cat] += 1
            if cat == ORDER[3]:
                overdue_shares.add((r["code"], a["agency"], (as_of - due).days))
    return {"tasks": tasks, "agencies": agencies, "overdue": overdue_shares, "statuses": statuses}


def test_xlsx_figures_match_task_json(session):
    exp = expected_from_json(list_tasks(session), AS_OF)
    assert all(exp["tasks"][c] for c in ORDER)  # the random plan exercises every category
    wb = load_workbook(BytesIO(xlsx_bytes(summarize(session, AS_OF, TZ))))
    assert wb.sheetnames == ["Tổng hợp", "Chi tiết", "Quá hạn", "Đã gia hạn"]
    ws = wb["Tổng hợp"]
    head = [c.value for c in ws[1]]
    assert head[2:6] == ORDER == [LABELS[c] for c in CATEGORIES] and head[6] == ONGOING_LABEL
    body = {r[1]: r for r in ws.iter_rows(min_row=2, values_only=True) if r[1]}
    for agency, counts in exp["agencies"].items():
        row = body[agency]
        assert list(row[2:7]) == [counts[c] for c in [*ORDER, ONGOING_LABEL]], agency
        assert row[7] == sum(counts.values())
        dated = sum(counts[c] for c in ORDER)
        assert row[8] == pytest.approx((counts[ORDER[0]] + counts[ORDER[1]]) / dated)
    total = body["Toàn bộ (theo nhiệm vụ)"]
    assert list(total[2:7]) == [exp["tasks"][c] for c in [*ORDER, ONGOING_LABEL]]
    detail = list(wb["Chi tiết"].iter_rows(min_row=2, values_only=True))
    assert len(detail) == len(exp["statuses"])
    status_vi = {"open": "Chưa báo cáo", "in_progress": "Đang thực hiện", "delayed": "Xin lùi hạn", "done": "Đã hoàn thành"}
    assert {(r[1], r[8]): r[9] for r in detail} == {k: status_vi[v] for k, v in exp["statuses"].items()}
    overdue = list(wb["Quá hạn"].iter_rows(min_row=2, values_only=True))
    assert {(r[1], r[4], r[6]) for r in overdue} == exp["overdue"]
    assert [r[6] for r in overdue] == sorted((r[6] for r in overdue), reverse=True)  # oldest first


def test_xlsx_layout(session):
    wb = load_workbook(BytesIO(xlsx_bytes(summarize(session, AS_OF, TZ))))
    for ws in wb:
        assert ws.freeze_panes == "A2", ws.title
        assert ws.auto_filter.ref and ws.auto_filter.ref.startswith("A1:"), ws.title
        assert all(c.font.b for c in ws[1]), ws.title
        assert ws.column_dimensions["B"].width >= 10
    ws = wb["Chi tiết"]
    due = ws.cell(row=2, column=8)
    assert isinstance(due.value, datetime) and due.number_format == "DD/MM/YYYY"
    replies = [r[12] for r in ws.iter_rows(min_row=2) if r[12].value is not None]
    assert replies and all(isinstance(c.value, datetime) and c.number_format == "DD/MM/YYYY HH:MM" for c in replies)
    assert ws.auto_filter.ref == f"A1:Q{ws.max_row}"  # P: Ngày hoàn thành, Q: Minh chứng (issue 13)


def test_docx_figures_match_task_json(session):
    exp = expected_from_json(list_tasks(session), AS_OF)
    s = summarize(session, AS_OF, TZ)
    doc = Document(BytesIO(docx_bytes(s)))
    text = [p.text for p in doc.paragraphs]
    assert text[0] == "BÁO CÁO TIẾN ĐỘ THỰC HIỆN KẾ HOẠCH HOẠT ĐỘNG NĂM 2025 CỦA TIỂU BAN THÁNG 9/2025"
    assert text[0] == report_title(s) and "Số liệu tính đến hết ngày 30/09/2025" in text
    dated = sum(exp["tasks"][c] for c in ORDER)
    assert f"Tổng số {dated} nhiệm vụ có thời hạn, trong đó:" in text
    for c in ORDER:
        pct = f"{100 * exp['tasks'][c] / dated:.1f}".replace(".", ",")
        assert f"{c}: {exp['tasks'][c]} ({pct}%)" in text
    agencies, overdue_table, next_month = doc.tables
    rows = {r.cells[1].text: [c.text for c in r.cells] for r in agencies.rows[1:]}
    for agency, counts in exp["agencies"].items():
        assert rows[agency][2:8] == [str(counts[c]) for c in [*ORDER, ONGOING_LABEL]] + [str(sum(counts.values()))]
    overdue_codes = {code for code, _, _ in exp["overdue"]}
    assert {r.cells[1].text for r in overdue_table.rows[1:]} == overdue_codes
    assert any("Lý do" in r.cells[5].text or "chưa có giải trình" in r.cells[5].text for r in overdue_table.rows[1:])
    oct_due = {r["code"] for r in list_tasks(session) if r["due"] and r["due"].startswith("2025-10")
               and r["status"] != "done"}
    assert oct_due <= {r.cells[1].text for r in next_month.rows[1:]}
    assert any(p.startswith("IV. NHIỆM VỤ ĐẾN HẠN THÁNG 10/2025") for p in text)


def test_docx_caps_long_lists(session):
    doc = Document(BytesIO(docx_bytes(summarize(session, AS_OF, TZ), limit=3)))
    assert len(doc.tables[1].rows) == 4
    assert any(p.text.startswith("… và ") and "nhiệm vụ quá hạn khác" in p.text for p in doc.paragraphs)


def test_chart_png(session):
    png = chart_png(summarize(session, AS_OF, TZ))
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 5_000


def test_write_reports_to_paths(session, tmp_path):
    paths = default_paths(tmp_path / "out", AS_OF, "RND")
    summary, written = write_reports(session, AS_OF, TZ, paths, plan="RND")
    assert [p.name for p in written] == ["tien-do-rnd-2025-09-30.xlsx", "bieu-do-rnd-2025-09-30.png",
                                         "bao-cao-thang-rnd-2025-09-30.docx"]
    assert all(p.stat().st_size > 1000 for p in written) and summary.plan == "RND"


@pytest.fixture
def cli(engine, db_url, tmp_path, monkeypatch):
    """The CLI against the test database, run from an empty folder (default ./out/ lands there)."""
    with session_scope(engine) as s:
        sync_registry(s, REGISTRY)
        build_plan(s)
        play_history(s)
    monkeypatch.setenv("DATABASE_URL", db_url)
    monkeypatch.setenv("NHACVIEC_TZ", "Asia/Ho_Chi_Minh")
    monkeypatch.chdir(tmp_path)
    from bot.cli import app

    return lambda *args: CliRunner().invoke(app, list(args))


def test_cli_summary(cli):
    result = cli("summary", "--now", "2025-06-16T09:00:00+07:00")
    assert result.exit_code == 0, result.output
    assert "Tình hình thực hiện kế hoạch đến ngày 16/06/2025" in result.output
    assert "Hoàn thành đúng hạn: 3 (37,5%)" in result.output and "\x02" not in result.output
    assert "Đang thực hiện quá hạn: 2 (25,0%)" in result.output
    vt = cli("summary", "--now", "2025-06-16", "--agency", "UBND huyện Vũ Thư", "--plan", "DEMO")
    assert vt.exit_code == 0 and "Đang thực hiện quá hạn: 1 (50,0%)" in vt.output
    utc = cli("summary", "--now", "2025-06-16T17:00:00Z")  # 00:00 on the 17th in Hà Nội
    assert "đến ngày 17/06/2025" in utc.output
    bad = cli("summary", "--now", "16/06/2025")
    assert bad.exit_code == 2 and "Thời điểm không hợp lệ" in bad.output
    unknown = cli("summary", "--agency", "Sở Ngoại vụ")
    assert unknown.exit_code == 2 and "Không có cơ quan" in unknown.output


def test_cli_summary_json_prints_the_figures_the_text_shows(cli):
    import json

    text = cli("summary", "--now", "2025-06-16T09:00:00+07:00").output
    result = cli("summary", "--now", "2025-06-16T09:00:00+07:00", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["as_of"] == "2025-06-16" and data["done_on_time"] == 3 and data["in_progress_overdue"] == 2
    assert data["dated_total"] == sum(data[k] for k in ("done_on_time", "done_late", "in_progress_on_time",
                                                         "in_progress_overdue"))
    assert f"{data['dated_total']} nhiệm vụ có thời hạn" in text and f"Chờ xác nhận: {data['submitted']}" in text
    assert {"agency", "dated_total", "submitted", "undated_total"} <= set(data["agencies"][0])


def test_cli_report(cli, tmp_path):
    result = cli("report", "--as-of", "2025-06-16")
    assert result.exit_code == 0, result.output
    out = tmp_path / "out"
    assert sorted(p.name for p in out.iterdir()) == ["bao-cao-thang-2025-06-16.docx", "bieu-do-2025-06-16.png",
                                                      "tien-do-2025-06-16.xlsx"]
    assert "Đã ghi out/tien-do-2025-06-16.xlsx" in result.output
    wb = load_workbook(out / "tien-do-2025-06-16.xlsx")
    total = next(r for r in wb["Tổng hợp"].iter_rows(values_only=True) if r[1] == "Toàn bộ (theo nhiệm vụ)")
    assert list(total[2:6]) == [3, 1, 2, 2]
    one = cli("report", "--as-of", "2025-06-16", "--png", str(tmp_path / "c.png"), "--plan", "DEMO")
    assert one.exit_code == 0 and (tmp_path / "c.png").read_bytes().startswith(b"\x89PNG")
    assert "docx" not in one.output
    bad = cli("report", "--as-of", "2025-13-01")
    assert bad.exit_code == 2 and "Ngày không hợp lệ" in bad.output
    assert cli("report", "--plan", "NOPE").exit_code == 2


def test_chat_summary_and_report(session, tz=TZ):
    """/tonghop and /baocao as the conversation calls them through `bot.service.hooks`."""
    from bot.agencies import Registry
    from bot.service.conversation.context import Ctx, Refusal
    from bot.service.ports import Sender
    from bot.service.conversation.report_commands import chat_report, chat_summary
    from bot.store.models import Contact

    now = datetime(2025, 9, 30, 9, 0, tzinfo=TZ)

    def ctx(role: str | None, agency_id: int | None = None) -> Ctx:
        contact = role and Contact(platform="console", user_id="1", chat_id="1", role=role, agency_id=agency_id,
                                   created_at=now)
        return Ctx(session=session, sender=Sender("console", "1", "1"), contact=contact or None, now=now)

    assert "Tình hình thực hiện kế hoạch đến ngày 30/09/2025" in chat_summary(ctx("lead"), "", tz=TZ).plain
    assert "Kế hoạch RND" in chat_summary(ctx("secretariat"), "rnd", tz=TZ).plain
    assert f"Cơ quan: {VT}" in chat_summary(ctx("lead"), "UBND huyện Vũ Thư", tz=TZ).plain
    own = chat_summary(ctx("focal", Registry.load(session).match(VT).id), "Sở Văn hóa", tz=TZ).plain
    assert f"Cơ quan: {VT}" in own  # a focal point sees their own agency, whatever they type
    with pytest.raises(Refusal):
        chat_summary(ctx(None), "", tz=TZ)
    report = chat_report(ctx("lead"), "", tz=TZ)
    assert "Báo cáo tiến độ đến ngày 30/09/2025" in report.plain
    assert [(a.filename, a.kind) for a in report.attachments] == [
        ("bieu-do-2025-09-30.png", "photo"), ("tien-do-2025-09-30.xlsx", "document"),
        ("bao-cao-thang-2025-09-30.docx", "document")]
    assert report.attachments[0].data.startswith(b"\x89PNG")
    assert Document(BytesIO(report.attachments[2].data)).paragraphs[0].text.endswith("THÁNG 9/2025")


@pytest.mark.parametrize("lead", ["=", "+", "-", "@"])
def test_xlsx_text_that_looks_like_a_formula_stays_text(session, lead):
    """A note (or content) typed as "=HYPERLINK(…)", "+84…", "-5", "@x" is a string cell, never a formula."""
    s = summarize(session, AS_OF, TZ)
    task = next(t for t in s.tasks if t.assignments)
    note = f"{lead}HYPERLINK(\"http://example.com\",\"bấm\")+1"
    task.assignments[0].note = note
    task.content = f"{lead}1+2"
    wb = load_workbook(BytesIO(xlsx_bytes(s)))
    cells = [c for row in wb["Chi tiết"].iter_rows(min_row=2) for c in row if c.value in (note, f"{lead}1+2")]
    assert {c.value for c in cells} == {note, f"{lead}1+2"}
    assert all(c.data_type == "s" for c in cells)

"""Benchmark: summary and report files for 10,000 tasks across ~40 agencies.

Builds a throwaway SQLite database with bulk inserts (random but seeded statuses), then
times the summary and each file format. Run: `.venv/bin/python bench/report.py [N_TASKS]`.
"""
from __future__ import annotations

import random
import sys
import tempfile
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import insert  # noqa: E402
from sqlmodel import Session  # noqa: E402

from bot.render import to_plain  # noqa: E402
from bot.service.reports.chart import chart_png  # noqa: E402
from bot.service.reports.monthly import docx_bytes  # noqa: E402
from bot.service.reports.workbook import xlsx_bytes  # noqa: E402
from bench._openpyxl_workbook import xlsx_bytes as openpyxl_xlsx_bytes  # noqa: E402
from bot.service.reports.summary import summarize  # noqa: E402
from bot.service.reports.summary_text import summary_text  # noqa: E402
from bot.store import create_schema, make_engine  # noqa: E402
from bot.store.models import Agency, Assignment, Plan, StatusEvent, Task  # noqa: E402
from bot.text import fold  # noqa: E402

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
AS_OF = date(2025, 9, 30)
KINDS = ["Sở Nội vụ", "Sở Tài chính", "Sở Xây dựng", "Sở Y tế", "Sở Công Thương", "Sở Tư pháp",
         "Sở Giáo dục và Đào tạo", "Sở Nông nghiệp và Môi trường", "Sở Khoa học và Công nghệ",
         "Sở Văn hóa, Thể thao và Du lịch"]
TOWNS = ["Thành phố Thái Bình", "huyện Vũ Thư", "huyện Kiến Xương", "huyện Tiền Hải", "huyện Thái Thụy",
         "huyện Quỳnh Phụ", "huyện Hưng Hà", "huyện Đông Hưng"]


def agency_names() -> list[str]:
    names = KINDS + [f"Ủy ban nhân dân {t}" for t in TOWNS]
    names += [f"Ban Quản lý dự án số {i}" for i in range(1, 41 - len(names))]
    return names[:40]


def build(engine, n_tasks: int, seed: int = 2025) -> dict[str, int]:
    """Bulk inserts with explicit ids: one statement per table, no per-row round trips."""
    rng = random.Random(seed)
    names = agency_names()
    utc = lambda d, h: datetime.combine(d, datetime.min.time(), tzinfo=TZ).replace(hour=h).astimezone(timezone.utc)  # noqa: E731
    tasks, shares, events = [], [], []
    for tid in range(1, n_tasks + 1):
        recurring = rng.random() < 0.15
        due = None if recurring else date(2025, 1, 1) + timedelta(days=rng.randint(0, 364))
        tasks.append(dict(id=tid, plan_id=1, no=str(tid), code=f"BENCH-{tid}", group="",
                          content=f"Nhiệm vụ {tid}: triển khai chuyển đổi số, rà soát thủ tục hành chính và báo cáo kết quả",
                          lead_text="", coordinating_text="", deadline_text="Thường xuyên" if recurring else f"Trước {due:%d/%m/%Y}",
                          note="", kind="recurring" if recurring else "date", due=due, start=None,
                          recurrence="monthly" if recurring else None, position=tid, archived=False))
        picked = rng.sample(range(1, len(names) + 1), rng.choice([1, 1, 1, 2, 3]) + 1)
        for pos, agency_id in enumerate(picked):
            role = "coordinating" if pos == len(picked) - 1 else "lead"
            aid = len(shares) + 1
            shares.append(dict(id=aid, task_id=tid, agency_id=agency_id, role=role, via_group_id=None, position=pos,
                               status="open", note="", new_due=None, updated_at=None))
            if role != "lead":
                continue
            ref = due or date(2025, 6, 1)
            outcome = rng.choice(["none", "progress", "delayed", "done", "done", "done"])
            if outcome in ("progress", "delayed", "done"):
                events.append(dict(assignment_id=aid, status="in_progress", note="Đang triển khai",
                                   at=utc(min(ref - timedelta(days=20), AS_OF), 9)))
            if outcome == "delayed":
                events.append(dict(assignment_id=aid, status="delayed", note="Chờ kinh phí, xin lùi hạn",
                                   new_due=ref + timedelta(days=30), at=utc(min(ref - timedelta(days=2), AS_OF), 15)))
            if outcome == "done":
                events.append(dict(assignment_id=aid, status="done", note="Đã hoàn thành, có văn bản báo cáo",
                                   at=utc(min(ref + timedelta(days=rng.randint(-15, 10)), AS_OF), 10)))
    for i, e in enumerate(events, 1):
        e.setdefault("new_due", None)
        e.update(id=i, contact_id=None, channel="bench", reverts_id=None)
    with Session(engine) as s:
        s.execute(insert(Agency), [dict(id=i, name=n, key=fold(n), is_group=False, successor_id=None)
                                   for i, n in enumerate(names, 1)])
        s.execute(insert(Plan), [dict(id=1, key="BENCH", title="Kế hoạch thử tải", number="", issued_on=None,
                                      issuer="", year=2025, source="bench")])
        s.execute(insert(Task), tasks)
        s.execute(insert(Assignment), shares)
        s.execute(insert(StatusEvent), events)
        s.commit()
    return {"agencies": len(names), "tasks": len(tasks), "assignments": len(shares), "events": len(events)}


def timed(label: str, fn):
    start = time.perf_counter()
    out = fn()
    print(f"{label:<28} {time.perf_counter() - start:7.2f} s", flush=True)
    return out


def _side_by_side(summary, runs: int = 3) -> bytes:
    """The workbook (XlsxWriter) and the openpyxl write-only reference on the same summary,
    alternated, best of `runs` each; prints both and the ratio."""
    best = {"xlsxwriter": float("inf"), "openpyxl": float("inf")}
    out = b""
    for _ in range(runs):
        for name, fn in (("xlsxwriter", xlsx_bytes), ("openpyxl", openpyxl_xlsx_bytes)):
            start = time.perf_counter()
            data = fn(summary)
            best[name] = min(best[name], time.perf_counter() - start)
            if name == "xlsxwriter":
                out = data
    print(f"{'xlsx (XlsxWriter)':<28} {best['xlsxwriter']:7.2f} s")
    print(f"{'xlsx (openpyxl write-only)':<28} {best['openpyxl']:7.2f} s   ratio {best['xlsxwriter'] / best['openpyxl']:.2f}",
          flush=True)
    return out


def main(n_tasks: int = 10_000) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(f"sqlite:///{Path(tmp) / 'bench.sqlite3'}")
        create_schema(engine)
        sizes = timed("build database", lambda: build(engine, n_tasks))
        print("  " + ", ".join(f"{v} {k}" for k, v in sizes.items()))
        with Session(engine) as s:
            summary = timed("summary (load + compute)", lambda: summarize(s, AS_OF, TZ))
            with_agency = timed("summary, one agency", lambda: summarize(s, AS_OF, TZ, agency="Sở Y tế"))
        timed("summary text", lambda: summary_text(summary))
        files = {
            "xlsx": _side_by_side(summary),
            "png": timed("png", lambda: chart_png(summary)),
            "docx": timed("docx", lambda: docx_bytes(summary)),
        }
        print("  " + ", ".join(f"{k} {len(v) / 1024:.0f} KB" for k, v in files.items()))
        print("  " + " | ".join(to_plain(summary_text(summary)).splitlines()[1:6]))
        print(f"  one agency: {with_agency.dated} dated tasks")
        engine.dispose()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)

"""The world of bench/tick.py: N open assignments in a fresh database, and a channel that
accepts every message at once (so only the dispatcher's own work is timed).

50 agencies, N/50 tasks each assigned to all 50 (2,000 tasks x 50 agencies = 100k), due dates
spread over 2026 with some recurring and event tasks, a fifth of the assignments with an "in
progress" answer, one focal point per agency, one lead and one secretariat contact.

Imports of `bot` happen inside the functions: bench/tick.py runs this module against the code
of an older commit too (its `--before`), with that tree first on sys.path.
"""
from __future__ import annotations

import random
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = datetime(2026, 5, 6, 9, 0, tzinfo=TZ)  # a Wednesday, a working day
AGENCIES = 50


def populate(engine, n: int, seed: int = 2026) -> None:
    from sqlalchemy import insert

    from bot.store.models import Agency, Assignment, Contact, Plan, StatusEvent, Task

    rng = random.Random(seed)
    created = datetime(2026, 1, 1, tzinfo=timezone.utc)
    n_tasks = max(1, n // AGENCIES)
    tasks, shares, events = [], [], []
    for tid in range(1, n_tasks + 1):
        r = rng.random()
        kind = "recurring" if r < 0.1 else "event" if r < 0.15 else "date"
        due = date(2026, 1, 5) + timedelta(days=rng.randint(0, 360)) if kind == "date" else None
        rec = rng.choice(["monthly", "quarterly", "yearly"]) if kind == "recurring" else None
        tasks.append(dict(id=tid, plan_id=1, no=str(tid), code=f"BENCH-{tid}", group="",
                          content=f"Nhiệm vụ thử số {tid}: triển khai chuyển đổi số và báo cáo kết quả",
                          lead_text="", coordinating_text="", deadline_text=f"{due:%d/%m/%Y}" if due else "Thường xuyên",
                          note="", kind=kind, due=due, start=None, recurrence=rec, position=tid, archived=False))
        for g in range(1, AGENCIES + 1):
            aid = len(shares) + 1
            progress = rng.random() < 0.2
            shares.append(dict(id=aid, task_id=tid, agency_id=g, role="lead", via_group_id=None, position=0,
                               status="in_progress" if progress else "open", note="", new_due=None, updated_at=None))
            if progress:
                events.append(dict(id=len(events) + 1, assignment_id=aid, status="in_progress", note="Đang làm",
                                   new_due=None, contact_id=None, channel="bench", reverts_id=None,
                                   at=created + timedelta(days=rng.randint(0, 100))))
    contacts = [dict(id=g, platform="telegram", user_id=str(20_000 + g), chat_id=str(20_000 + g),
                     display_name=f"Đầu mối {g}", agency_id=g, role="focal", active=True, created_at=created)
                for g in range(1, AGENCIES + 1)]
    contacts += [dict(id=AGENCIES + 1, platform="telegram", user_id="1", chat_id="1", display_name="Lãnh đạo",
                      agency_id=None, role="lead", active=True, created_at=created),
                 dict(id=AGENCIES + 2, platform="telegram", user_id="2", chat_id="2", display_name="Thư ký",
                      agency_id=None, role="secretariat", active=True, created_at=created)]
    with engine.begin() as conn:
        conn.execute(insert(Plan.__table__).values(id=1, key="BENCH", title="Bench", year=2026))
        conn.execute(insert(Agency.__table__), [dict(id=g, name=f"Cơ quan {g}", key=f"co quan {g}", is_group=False)
                                                for g in range(1, AGENCIES + 1)])
        for table, rows in ((Task, tasks), (Assignment, shares), (StatusEvent, events), (Contact, contacts)):
            for i in range(0, len(rows), 20_000):
                conn.execute(insert(table.__table__), rows[i:i + 20_000])


class Sink:
    """A Channel that accepts every message at once."""

    platform = "telegram"

    def __init__(self) -> None:
        from bot.service.ports import Capabilities

        self.caps = Capabilities(max_len=4096, has_buttons=True, html=True, send_rate=30.0, max_buttons=100)
        self.sent = 0
        self.to_lead = 0

    async def send(self, chat_id: str, part) -> list[str]:
        self.sent += 1
        self.to_lead += chat_id == "1"
        return [str(self.sent)]

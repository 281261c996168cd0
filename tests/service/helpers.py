"""Small worlds for service tests: a registry, one plan with dated tasks, contacts."""
from __future__ import annotations

from datetime import date, datetime

from sqlmodel import Session, select

from bot.agencies import AgencyRow, Registry, sync_registry
from bot.clock import to_utc
from bot.store import session_scope
from bot.store.models import Agency, Assignment, Contact, Plan, Task

AGENCIES = [
    AgencyRow("Sở Khoa học và Công nghệ", aliases=("Sở KH&CN",)),
    AgencyRow("Sở Y tế"),
    AgencyRow("Sở Tài chính"),
    AgencyRow("Sở Văn hóa, Thể thao và Du lịch"),
    AgencyRow("Ủy ban nhân dân huyện Vũ Thư", aliases=("UBND huyện Vũ Thư",)),
    AgencyRow("Ủy ban nhân dân huyện Kiến Xương", aliases=("UBND huyện Kiến Xương",)),
    AgencyRow("UBND huyện, thành phố", kind="group",
              members=("Ủy ban nhân dân huyện Vũ Thư", "Ủy ban nhân dân huyện Kiến Xương")),
]
# code suffix, content, lead agency (name or group), kind, due
TASKS = [
    ("1", "Ban hành quy chế phối hợp chuyển đổi số", "Sở Y tế", "date", date(2025, 6, 30)),
    ("2", "Xây dựng kho dữ liệu y tế dùng chung", "Sở Y tế", "date", date(2025, 9, 30)),
    ("3", "Rà soát thủ tục hành chính trực tuyến", "UBND huyện, thành phố", "date", date(2025, 5, 31)),
    ("4", "Báo cáo tình hình thực hiện hằng tháng", "Sở Y tế", "recurring", None),
    ("5", "Bố trí kinh phí khoa học công nghệ", "Sở Tài chính", "date", date(2025, 4, 20)),
]


def seed(engine) -> dict[str, int]:
    """Registry + plan DEMO with TASKS; returns agency name -> id."""
    with session_scope(engine) as s:
        sync_registry(s, AGENCIES)
    with session_scope(engine) as s:
        reg = Registry.load(s)
        plan = Plan(key="DEMO", title="Kế hoạch thử", year=2025)
        s.add(plan)
        s.flush()
        for pos, (no, content, lead, kind, due) in enumerate(TASKS):
            add_task(s, reg, Task(plan_id=plan.id, no=no, code=f"DEMO-{no}", content=content, lead_text=lead,
                                  deadline_text=f"Tháng {due.month}/{due.year}" if due else "Thường xuyên",
                                  kind=kind, due=due, recurrence="monthly" if kind == "recurring" else None,
                                  position=pos))
        return {a.name: a.id for a in s.exec(select(Agency)).all()}


def add_task(session: Session, reg: Registry, task: Task) -> Task:
    """A task with its lead assignments as the importer writes them (groups expanded)."""
    session.add(task)
    session.flush()
    named = reg.match(task.lead_text)
    for i, member in enumerate(reg.expand(named)):
        session.add(Assignment(task_id=task.id, agency_id=member.id, role="lead", position=i,
                               via_group_id=named.id if named.is_group else None))
    return task


def add_contact(engine, platform: str, user_id: str, role: str, agency: str | None, now: datetime) -> int:
    with session_scope(engine) as s:
        aid = s.exec(select(Agency.id).where(Agency.name == agency)).one() if agency else None
        c = Contact(platform=platform, user_id=user_id, chat_id=user_id, role=role, agency_id=aid,
                    display_name=f"Người {user_id}", created_at=to_utc(now))
        s.add(c)
        s.flush()
        return c.id


def assignment(engine, code: str, agency: str) -> Assignment:
    with Session(engine) as s:
        return s.exec(select(Assignment).join(Task).join(Agency, Agency.id == Assignment.agency_id)
                      .where(Task.code == code, Agency.name == agency)).one()

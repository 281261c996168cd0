"""Shared by the dispatch tests: a settable clock, a recording Channel (our own protocol, not
python-telegram-bot's), tables written directly, and the fixtures that tie them to `core`.

No test lives here; the name only keeps it among the dispatcher's test files.
"""
from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import Session, select

from bot.app import Core
from bot.service.ports import Capabilities, DeliveryBlocked
from bot.service.reminders.dispatch import tick
from bot.service.ports import Reply
from bot.store.status import record_status
from bot.store import session_scope
from bot.store.models import Agency, Assignment, Contact, Plan, Reminder, Task
from bot.text import fold

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
TG = Capabilities(max_len=4096, has_buttons=True, html=True, send_rate=30.0)
DUE = date(2026, 5, 6)


def at(mo: int, d: int, h: int = 8, mi: int = 0, y: int = 2026) -> datetime:
    return datetime(y, mo, d, h, mi, tzinfo=TZ)


class Clock:
    """A settable clock for Core: claims and marks are stamped with it."""

    def __init__(self, t: datetime) -> None:
        self.t = t

    def __call__(self) -> datetime:
        return self.t


@dataclass
class Msg:
    chat_id: str
    reply: Reply
    at: datetime

    @property
    def text(self) -> str:
        return self.reply.plain

    @property
    def codes(self) -> list[str]:
        return [b.data.split(":")[-1] for e in self.reply.entries for b in e.buttons if b.data.startswith("st:done:")]


@dataclass
class Recorder:
    """Our own Channel protocol, recording what arrives; `plan` holds errors to raise next."""

    clock: Clock
    platform: str = "telegram"
    caps: Capabilities = TG
    sent: list[Msg] = field(default_factory=list)
    plan: list[tuple[str | None, Exception]] = field(default_factory=list)  # (chat or None, error)
    blocked: set[str] = field(default_factory=set)
    calls: int = 0

    async def send(self, chat_id: str, reply: Reply) -> list[str]:
        self.calls += 1
        await asyncio.sleep(0)  # let other dispatchers interleave
        if chat_id in self.blocked:
            raise DeliveryBlocked("403")
        for n, (chat, exc) in enumerate(self.plan):
            if chat in (None, chat_id):
                del self.plan[n]
                raise exc
        self.sent.append(Msg(chat_id, reply, self.clock()))
        return [str(len(self.sent))]

    def to(self, chat_id: str) -> list[Msg]:
        return [m for m in self.sent if m.chat_id == chat_id]


class World:
    """A plan, agencies, tasks and contacts written straight to the tables."""

    def __init__(self, engine) -> None:
        self.engine = engine
        self.n = 0
        with session_scope(engine) as s:
            plan = Plan(key="TB26", title="Kế hoạch thử", year=2026)
            s.add(plan)
            s.flush()
            self.plan_id = plan.id

    def agency(self, name: str) -> int:
        with session_scope(self.engine) as s:
            a = Agency(name=name, key=fold(name))
            s.add(a)
            s.flush()
            return a.id

    def task(self, agency_id: int | list[int], due: date | None = DUE, *, kind: str = "date",
             recurrence: str | None = None, content: str | None = None) -> str:
        self.n += 1
        code = f"TB26-{self.n}"
        with session_scope(self.engine) as s:
            t = Task(plan_id=self.plan_id, no=str(self.n), code=code, content=content or f"Việc số {self.n}",
                     lead_text="x", kind=kind, due=due, recurrence=recurrence, position=self.n)
            s.add(t)
            s.flush()
            for g in agency_id if isinstance(agency_id, list) else [agency_id]:
                s.add(Assignment(task_id=t.id, agency_id=g, role="lead"))
        return code

    def contact(self, agency_id: int | None, role: str = "focal", chat: str | None = None,
                platform: str = "telegram") -> str:
        self.n += 1
        chat = chat or str(1000 + self.n)
        with session_scope(self.engine) as s:
            s.add(Contact(platform=platform, user_id=chat, chat_id=chat, display_name=f"Người {chat}",
                          agency_id=agency_id, role=role, created_at=at(1, 1)))
        return chat

    def status(self, code: str, status: str, when: datetime, new_due: date | None = None) -> None:
        with session_scope(self.engine) as s:
            t = s.exec(select(Task).where(Task.code == code)).one()
            for a in s.exec(select(Assignment).where(Assignment.task_id == t.id)).all():
                record_status(s, a, status=status, at=when, new_due=new_due, channel="test")

    def reminders(self) -> list[Reminder]:
        with Session(self.engine) as s:
            return list(s.exec(select(Reminder).order_by(Reminder.key)).all())


@pytest.fixture
def clock() -> Clock:
    return Clock(at(4, 9))


@pytest.fixture
def world(engine) -> World:
    return World(engine)


@pytest.fixture
def rec(clock) -> Recorder:
    return Recorder(clock)


@pytest.fixture
def dcore(core: Core, clock: Clock) -> Core:
    core.clock = clock
    return core


async def run(core: Core, channels, t: datetime, **kw):
    core.clock.t = t
    return await tick(core, channels, **kw)


def days(start: date, end: date):
    d = start
    while d <= end:
        yield d
        d += timedelta(days=1)


HOURS = ((7, 0), (8, 0), (8, 30), (12, 0), (14, 0), (17, 30), (21, 0))


async def walk(core, channels, start: date, end: date, hours=HOURS):
    for d in days(start, end):
        for h, m in hours:
            await run(core, channels, datetime(d.year, d.month, d.day, h, m, tzinfo=TZ))


def stamps(msgs: list[Msg]) -> list[str]:
    return [f"{m.at:%d/%m %H:%M}" for m in msgs]


def digests(rec: Recorder, chat: str) -> list[Msg]:
    """The task digests to `chat` (not the monthly check-ins)."""
    return [m for m in rec.to(chat) if m.text.startswith("Nhắc việc")]

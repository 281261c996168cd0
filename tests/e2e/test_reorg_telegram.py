"""Issue 15, reorganisations end to end: `agencies merge|dissolve` then the dispatcher through
python-telegram-bot against FakeTelegram. Nothing goes to OLD after the date, nothing is lost,
contacts are told once, figures and `tasks --json` show NEW with its former names."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlmodel import Session, select

from bot.service import reorg
from bot.service.reports.summary import summarize
from bot.service.tasks import list_tasks
from bot.store import session_scope
from bot.store.models import Agency, Assignment, Contact, StatusEvent, Task
from schedules.policy import Rules
from tests.e2e.conftest import sending_channel as channel  # noqa: F401 (fixture)
from tests.service.test_dispatch_support import TZ, at, clock, dcore, run, world  # noqa: F401 (fixtures)

NOW = at(4, 13, 9)  # T-14 of 6/5/2026
QUIET = Rules(checkin_workday=25)


def texts_to(server, chat: str) -> list[str]:
    return [r.plain_text for r in server.sent if r.method == "sendMessage" and str(r.chat_id) == chat]


def merge(engine, olds, into, on, now, **kw):
    with session_scope(engine) as s:
        plan = reorg.plan_merge(s, olds, into, on, now.date(), **kw)
        reorg.apply(s, plan, now)
        return plan.to_dict()


async def test_merge_moves_open_tasks_and_contacts_keeps_finished_and_history(dcore, world, telegram_server, channel):
    old, other = world.agency("Sở Thông tin và Truyền thông"), world.agency("Sở Y tế")
    open_code = world.task(old)
    done_code = world.task(old, date(2026, 3, 1))
    world.status(open_code, "delayed", at(4, 1), new_due=date(2026, 5, 20))
    world.status(done_code, "done", at(3, 1))
    focal = world.contact(old, chat="701")
    world.contact(other, chat="702")
    sec = world.contact(None, role="secretariat", chat="703")
    with Session(dcore.engine) as s:
        before = s.exec(select(Assignment).join(Task).where(Task.code == open_code)).one()
        events_before = len(s.exec(select(StatusEvent).where(StatusEvent.assignment_id == before.id)).all())

    day = at(5, 4, 9)
    with session_scope(dcore.engine) as s:  # --dry-run: computed, nothing written
        dry = reorg.plan_merge(s, ["Sở Thông tin và Truyền thông"], "Sở Khoa học và Công nghệ",
                               date(2026, 5, 1), day.date()).to_dict()
    assert [t["code"] for t in dry["tasks"]] == [open_code] and dry["create"] and dry["finished_kept"] == 1
    with Session(dcore.engine) as s:
        assert s.exec(select(Agency).where(Agency.name == "Sở Khoa học và Công nghệ")).first() is None

    out = merge(dcore.engine, ["Sở Thông tin và Truyền thông"], "Sở Khoa học và Công nghệ", date(2026, 5, 1), day)
    assert out["tasks"] == dry["tasks"] and [c["id"] for c in out["contacts"]] != []
    again = merge(dcore.engine, ["Sở Thông tin và Truyền thông"], "Sở Khoa học và Công nghệ", date(2026, 5, 1), day)
    assert again["noop"] and again["op"] is None  # twice: nothing changes

    with Session(dcore.engine) as s:
        new = s.exec(select(Agency).where(Agency.name == "Sở Khoa học và Công nghệ")).one()
        moved = s.get(Assignment, before.id)  # the same row: history, note, new due kept
        assert (moved.agency_id, moved.status, moved.new_due) == (new.id, "delayed", date(2026, 5, 20))
        assert len(s.exec(select(StatusEvent).where(StatusEvent.assignment_id == moved.id)).all()) == events_before
        finished = s.exec(select(Assignment).join(Task).where(Task.code == done_code)).one()
        assert finished.agency_id == old  # finished stays with OLD for the record
        assert s.exec(select(Contact).where(Contact.chat_id == focal)).one().agency_id == new.id

    sent_before = len(texts_to(telegram_server, focal))
    r = await run(dcore, {"telegram": channel}, day, rules=QUIET)
    told = texts_to(telegram_server, focal)[sent_before:]
    assert any("Từ ngày 01/05/2026, các việc của Sở Thông tin và Truyền thông do Sở Khoa học và Công nghệ tiếp nhận"
               in t for t in told)
    assert [x["keys"] for x in r.sent if any(k.startswith("reorg:") for k in x["keys"])] == [
        [k] for k in [x["keys"][0] for x in r.sent if x["keys"][0].startswith("reorg:")]]
    digests = [t for t in told if t.startswith("Nhắc việc")]
    assert digests and all("Sở Khoa học và Công nghệ" in t for t in digests)
    r2 = await run(dcore, {"telegram": channel}, day + timedelta(minutes=30), rules=QUIET)
    assert r2.messages == 0  # told once
    assert not texts_to(telegram_server, sec) or all("Thay đổi" not in t for t in texts_to(telegram_server, sec))

    with Session(dcore.engine) as s:
        summary = summarize(s, day.date(), TZ)
        names = [f.agency for f in summary.agencies]
        assert "Sở Khoa học và Công nghệ (gồm cả: Sở Thông tin và Truyền thông)" in names
        assert not any(n == "Sở Thông tin và Truyền thông" for n in names)
        mine = summarize(s, day.date(), TZ, agency="Sở Thông tin và Truyền thông")  # old name resolves to NEW
        assert mine.agency == "Sở Khoa học và Công nghệ" and len(mine.tasks) == 2
        rows = {t["code"]: t for t in list_tasks(s)}
        assert rows[open_code]["assignments"][0]["former_agencies"] == ["Sở Thông tin và Truyền thông"]
        assert rows[open_code]["assignments"][0]["agency"] == "Sở Khoa học và Công nghệ"
        assert rows[done_code]["assignments"][0]["former_agencies"] == []


def test_cycles_unknown_names_and_future_dates_are_refused(engine):
    from tests.service.helpers import seed
    seed(engine)
    today = date(2025, 8, 1)
    merge(engine, ["Sở Y tế"], "Sở Tài chính", date(2025, 7, 1), at(8, 1, 9, y=2025))
    with session_scope(engine) as s:
        with pytest.raises(reorg.ReorgError, match="vòng: Sở Tài chính → Sở Y tế → Sở Tài chính"):
            reorg.plan_merge(s, ["Sở Tài chính"], "Sở Y tế", date(2025, 7, 2), today)
        with pytest.raises(reorg.ReorgError, match="có phải: Sở Tài chính"):
            reorg.plan_merge(s, ["Sở Tai chinh x"], "Sở Y tế", date(2025, 7, 2), today)
        with pytest.raises(reorg.ReorgError, match="chưa đến"):
            reorg.plan_merge(s, ["Sở Tài chính"], "Sở Mới", date(2025, 9, 1), today)
        with pytest.raises(reorg.ReorgError, match="nhóm"):
            reorg.plan_merge(s, ["UBND huyện, thành phố"], "Sở Mới", date(2025, 7, 2), today)


async def test_dissolved_group_waits_in_a_weekly_list_then_goes_to_the_named_successor(dcore, world, telegram_server,
                                                                                     channel):
    from bot.agencies import AgencyRow, sync_registry
    with session_scope(dcore.engine) as s:
        sync_registry(s, [AgencyRow("UBND huyện A"), AgencyRow("UBND huyện B"),
                          AgencyRow("UBND huyện, thành phố", kind="group", members=("UBND huyện A", "UBND huyện B")),
                          AgencyRow("Sở Nội vụ")])
        ids = {a.name: a.id for a in s.exec(select(Agency)).all()}
    code_a, code_ab = world.task(ids["UBND huyện A"]), world.task([ids["UBND huyện A"], ids["UBND huyện B"]])
    fa = world.contact(ids["UBND huyện A"], chat="801")
    sec = world.contact(None, role="secretariat", chat="803")
    day = at(4, 13, 9)
    with session_scope(dcore.engine) as s:
        reorg.apply(s, reorg.plan_dissolve(s, "UBND huyện, thành phố", date(2026, 4, 1), day.date()), day)
    await run(dcore, {"telegram": channel}, day, rules=QUIET)
    told = texts_to(telegram_server, fa)
    assert any("không còn là cơ quan thực hiện" in t for t in told) and not any(t.startswith("Nhắc việc") for t in told)
    [weekly] = [t for t in texts_to(telegram_server, sec) if "Việc chưa có cơ quan tiếp nhận" in t]
    assert "UBND huyện A — 2 việc" in weekly and "UBND huyện B — 1 việc" in weekly
    await run(dcore, {"telegram": channel}, day + timedelta(hours=2), rules=QUIET)
    assert len([t for t in texts_to(telegram_server, sec) if "chưa có cơ quan tiếp nhận" in t]) == 1  # weekly
    later = day + timedelta(days=1)
    with session_scope(dcore.engine) as s:
        out = reorg.apply(s, reorg.plan_dissolve(s, "UBND huyện, thành phố", date(2026, 4, 1), later.date(),
                                                 "Sở Nội vụ"), later).to_dict()
    assert sorted(t["code"] for t in out["tasks"]) == sorted([code_a, code_ab, code_ab])
    with Session(dcore.engine) as s:
        rows = {t["code"]: t for t in list_tasks(s)}
    [share] = rows[code_ab]["assignments"]  # two districts, one successor: one share, both former names
    assert share["agency"] == "Sở Nội vụ" and share["former_agencies"] == ["UBND huyện A", "UBND huyện B"]
    assert rows[code_a]["assignments"][0]["agency"] == "Sở Nội vụ"

"""The overview's figures are kept between requests (bot/service/portal/figures.py) and are never
stale: equal to `nhacviec summary --json` on a database with tasks in every state, and after every
kind of write — a chat reply in this process or in another one, an import, a reorganisation — and
on the next day, with nothing written. Run on PostgreSQL too (store marker)."""
from __future__ import annotations

import json
import re
from datetime import datetime

import pytest
from sqlmodel import select
from typer.testing import CliRunner

from bot.app import import_files
from bot.cli.app import app as cli
from bot.service.conversation import Conversation
from bot.service.ports import Inbound, Sender
from bot.service.review.files import FileStore
from bot.store import make_engine, session_scope
from bot.store.models import Plan
from tests.conftest import TZ
from tests.service.helpers import add_contact

pytestmark = pytest.mark.store
CARDS = ("dated_total", "done_on_time", "done_late", "in_progress_on_time", "in_progress_overdue", "undated_total")
YT, KHCN, NV = "Sở Y tế", "Sở Khoa học và Công nghệ", "Sở Nội vụ"


def summary_json(monkeypatch, db_url: str, now: datetime, *args: str) -> dict:
    monkeypatch.setenv("DATABASE_URL", db_url)
    out = CliRunner().invoke(cli, ["summary", "--json", "--now", now.isoformat(), *args])
    assert out.exit_code == 0, out.output
    return json.loads(out.output)


def cards(page: str) -> dict[str, int]:
    """The overview's figures as shown (Vietnamese thousands separator removed)."""
    return {k: int(re.search(rf'data-k="{k}">([\d.]+)<', page).group(1).replace(".", "")) for k in CARDS}


def shown(page: str) -> tuple[list[tuple[str, int]], list[str]]:
    """(the agencies most behind with their counts, the codes falling due) as the overview lists them."""
    worst = [(name, int(n)) for name, n in re.findall(r'<li><a href="/co-quan/\d+">([^<]+)</a>: (\d+) việc quá hạn', page)]
    soon = re.findall(r'<tr><td><a href="/nhiem-vu/[^"]+">([^<]+)</a></td>', page.split("Đến hạn trong")[1])
    return worst, soon


def chat(core, clock, files):
    conv = Conversation(engine=core.engine, clock=clock, tz=TZ, files=FileStore(files))

    def say(user: str, text: str, at: datetime | None = None) -> str:
        if at:
            clock.at = at
        [reply] = conv.handle(Inbound(sender=Sender("telegram", user, user), text=text))
        return reply.plain
    return say


def on(month: int, day: int, hour: int = 9) -> datetime:
    return datetime(2025, month, day, hour, 0, tzinfo=TZ)


@pytest.fixture
def people(plans_core, now):
    for user, role, agency in [("101", "focal", YT), ("102", "focal", KHCN), ("103", "focal", NV),
                               ("900", "lead", None), ("800", "secretariat", None)]:
        add_contact(plans_core.engine, "telegram", user, role, agency, now)
    return plans_core


@pytest.fixture
def busy(people, clock, tmp_path, now):
    """TB25 under review, and replies over two months: done on time and late (confirmed), submitted
    and waiting, in progress, delayed with an extension the lead agreed to, an undone slip, a
    recurring task started; the rest open, some of it overdue."""
    with session_scope(people.engine) as s:
        s.exec(select(Plan).where(Plan.key == "TB25")).one().review = True
    say = chat(people, clock, tmp_path)
    assert "chờ thư ký" in say("102", "/xong TB25-6 đã ban hành", on(4, 25))
    assert "Đã xác nhận" in say("800", "XACNHAN TB25-6")
    say("102", "/xong TB25-7 xong", on(5, 5))
    say("800", "XACNHAN TB25-7")
    say("102", "/xong TB25-22 xong", on(6, 12))
    say("800", "XACNHAN TB25-22")
    say("103", "/danglam TB25-8 đang làm", on(6, 10))
    assert "Đề nghị gia hạn" in say("103", "/cham TB25-1 30/6 chờ ý kiến", on(6, 11))
    assert "Đã đồng ý gia hạn" in say("900", "GIAHAN TB25-1 DONGY")
    say("101", "/xong TB25-28 nhầm", on(6, 13))
    assert "hoàn tác" in say("101", "HOANTAC").lower()
    say("101", "/xong TB25-16 đã xong", now)
    say("101", "/danglam NQ57-5.2", now)
    return people


def test_overview_and_api_equal_summary_json_with_tasks_in_every_state(busy, as_role, db_url, monkeypatch, now):
    want = summary_json(monkeypatch, db_url, now)
    assert all(want[k] for k in (*CARDS, "submitted", "extended")), want  # every state is there
    lead = as_role("lead")
    assert lead.get("/api/summary").json() == want
    page = lead.get("/").text
    assert cards(page) == {k: want[k] for k in CARDS}
    worst, soon = shown(page)
    assert worst == [(r["agency"], r["in_progress_overdue"]) for r in want["most_overdue"]]
    assert soon == [r["code"] for r in want["due_soon"]]
    assert lead.get("/").text == page  # the second time from the cache: the same page
    focal = as_role("focal", YT)
    assert focal.get("/api/summary").json() == summary_json(monkeypatch, db_url, now, "--agency", YT)


def test_a_chat_reply_is_on_the_next_overview_and_nothing_is_rebuilt_without_one(people, as_role, app, clock,
                                                                                   tmp_path, db_url, monkeypatch, now):
    lead = as_role("lead")
    before = cards(lead.get("/").text)
    built = app.state.figures.built
    assert cards(lead.get("/").text) == before and lead.get("/api/summary").status_code == 200
    assert app.state.figures.built == built  # served from the cache
    assert "Đã ghi nhận TB25-16: hoàn thành" in chat(people, clock, tmp_path)("101", "/xong TB25-16 xong")
    after = cards(lead.get("/").text)
    assert after != before and after == {k: summary_json(monkeypatch, db_url, now)[k] for k in CARDS}
    assert after["done_on_time"] == before["done_on_time"] + 1


def test_a_reply_written_by_another_process_is_on_the_next_overview(people, as_role, clock, tmp_path, db_url):
    lead = as_role("lead")
    before = cards(lead.get("/").text)
    other = make_engine(db_url)  # another bot process on the same database: its own engine, no shared memory
    try:
        conv = Conversation(engine=other, clock=clock, tz=TZ, files=FileStore(tmp_path))
        conv.handle(Inbound(sender=Sender("telegram", "102", "102"), text="/xong TB25-6 xong"))
    finally:
        other.dispose()
    after = cards(lead.get("/").text)
    assert after["done_late"] == before["done_late"] + 1  # TB25-6 was due 30/04
    assert after["in_progress_overdue"] == before["in_progress_overdue"] - 1


def test_the_next_day_counts_overdue_from_that_day(people, as_role, clock, db_url, monkeypatch, now):
    first = as_role("lead").get("/api/summary").json()
    clock.advance(days=15)  # 1 July: the second quarter's tasks are overdue, nothing was written
    lead = as_role("lead")  # signed in again (a session lasts 12 hours); the same app and its cache
    later = lead.get("/api/summary").json()
    assert later == summary_json(monkeypatch, db_url, clock())
    assert later["in_progress_overdue"] > first["in_progress_overdue"] and later["as_of"] == "2025-07-01"
    assert cards(lead.get("/").text)["in_progress_overdue"] == later["in_progress_overdue"]


def test_an_import_and_a_reorganisation_are_on_the_next_overview(people, as_role, tmp_path, db_url, monkeypatch, now):
    lead = as_role("lead")
    before = lead.get("/api/summary").json()
    plan = tmp_path / "demo.csv"
    plan.write_text("TT,Nội dung công việc,Cơ quan chủ trì,Thời gian hoàn thành\n"
                    "1,Ban hành quy chế,Sở Y tế,Quý III/2025\n2,Tổng kết,Sở Nội vụ,30/12/2025\n", encoding="utf-8")
    assert import_files(people, [plan]).ok
    imported = lead.get("/api/summary").json()
    assert imported["dated_total"] == before["dated_total"] + 2 == cards(lead.get("/").text)["dated_total"]
    monkeypatch.setenv("DATABASE_URL", db_url)
    out = CliRunner().invoke(cli, ["agencies", "rename", NV, "Sở Nội vụ và Dân tộc", "--on", "01/06/2025"])
    assert out.exit_code == 0, out.output
    renamed = lead.get("/api/summary").json()
    assert renamed == summary_json(monkeypatch, db_url, now) != imported
    assert any(r["agency"].startswith("Sở Nội vụ và Dân tộc") for r in renamed["agencies"])


def test_the_overview_lists_the_first_tasks_falling_due_and_counts_the_rest(busy, as_role, db_url, monkeypatch, now):
    from bot.web import pages_overview

    want = [r["code"] for r in summary_json(monkeypatch, db_url, now)["due_soon"]]
    assert len(want) > 2
    monkeypatch.setattr(pages_overview, "SOON_SHOWN", 2)
    page = as_role("lead").get("/").text
    assert shown(page)[1] == want[:2] and f"… và {len(want) - 2} việc nữa" in page


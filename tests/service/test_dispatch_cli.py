"""The scheduler job and `nhacviec remind` around the dispatch pass."""
from __future__ import annotations

import asyncio
import json

import pytest
from typer.testing import CliRunner

from bot.cli import app
from bot.scheduler import JOB_ID, build_scheduler
from tests.service.test_dispatch_support import at, clock, dcore, rec, world  # noqa: F401 (fixtures)

pytestmark = pytest.mark.store


async def test_scheduler_runs_a_pass_at_start_then_every_tick(dcore, world, rec, clock):
    a = world.agency("Sở Y tế")
    code = world.task(a)
    world.contact(a)
    clock.t = at(4, 13, 9)
    dcore.settings.tick_seconds = 45
    scheduler = build_scheduler(dcore, {"telegram": rec})
    job = scheduler.get_job(JOB_ID)
    assert job.trigger.interval.total_seconds() == 45 and str(job.trigger.timezone) == "Asia/Ho_Chi_Minh"
    assert (job.coalesce, job.max_instances, job.misfire_grace_time) == (True, 1, 45)
    arrived = asyncio.Event()
    send = rec.send

    async def recording(chat_id, reply):
        ids = await send(chat_id, reply)
        arrived.set()
        return ids

    rec.send = recording
    scheduler.start()
    try:
        await asyncio.wait_for(arrived.wait(), 10)  # the first pass runs at start, not after 45 s
    finally:
        scheduler.shutdown(wait=False)
    assert [m.codes for m in rec.sent] == [[code]]


def test_remind_dry_run_prints_who_would_get_what_without_a_token(dcore, world, db_url, monkeypatch):
    a = world.agency("Sở Y tế")
    code = world.task(a)
    world.contact(a, chat="4242")
    monkeypatch.setenv("DATABASE_URL", db_url)
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    monkeypatch.delenv("ZALO_BOT_TOKEN", raising=False)
    runner = CliRunner()
    out = runner.invoke(app, ["remind", "--now", "2026-04-13T09:00", "--dry-run", "--json"])
    assert out.exit_code == 0, out.output
    report = json.loads(out.output)
    assert report["dry_run"] and report["claimed"] == 0 and report["now"] == "2026-04-13T09:00:00+07:00"
    [w] = report["would_send"]
    assert (w["chat_id"], w["codes"]) == ("4242", [code]) and "Sắp đến hạn" in w["text"]
    assert world.reminders() == []
    text = runner.invoke(app, ["remind", "--now", "2026-04-13T09:00", "--dry-run"])
    assert text.exit_code == 0 and "chạy thử" in text.output and f"4242] cập nhật tháng: 1 việc ({code})" in text.output
    sunday = runner.invoke(app, ["remind", "--now", "2026-04-12T09:00", "--dry-run", "--json"])
    assert json.loads(sunday.output)["would_send"] == []
    bad = runner.invoke(app, ["remind", "--now", "mai", "--dry-run"])
    assert bad.exit_code != 0

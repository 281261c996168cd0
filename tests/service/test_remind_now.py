"""/nhacngay (console): the real, claiming pass in office hours; outside them a labelled
preview of the next working moment that claims nothing."""
from __future__ import annotations

import io
from datetime import datetime

import pytest
from sqlmodel import Session, select

from bot.app import Core
from bot.channels.console import ConsoleChannel
from bot.clock import fixed_clock
from bot.service.reminders.on_demand import remind_now
from bot.store.models import Reminder
from tests.conftest import TZ
from tests.service.helpers import add_contact, seed

pytestmark = pytest.mark.store


def world(core, at: datetime):
    seed(core.engine)
    add_contact(core.engine, "console", "local", "focal", "Sở Y tế", at)
    add_contact(core.engine, "telegram", "100", "focal", "Sở Y tế", at)  # not the console's: left alone
    out = io.StringIO()
    return Core(settings=core.settings, engine=core.engine, clock=fixed_clock(at)), {"console": ConsoleChannel(out)}, out


def claimed(engine) -> list[Reminder]:
    with Session(engine) as s:
        return list(s.exec(select(Reminder)).all())


async def test_outside_office_hours_a_preview_that_claims_nothing(core):
    at = datetime(2025, 6, 14, 21, 0, tzinfo=TZ)  # a Saturday night
    core, channels, out = world(core, at)
    reply = await remind_now(core, channels, at)
    assert "ngoài giờ hành chính" in reply.plain and "lúc 16/06/2025 07:30" in reply.plain
    assert "DEMO-1" in reply.plain and out.getvalue() == "" and claimed(core.engine) == []


async def test_in_office_hours_the_real_pass_once(core):
    at = datetime(2025, 6, 16, 9, 0, tzinfo=TZ)
    core, channels, out = world(core, at)
    reply = await remind_now(core, channels, at)
    assert "đã gửi bạn 1 tin" in reply.plain and "Sở Y tế" in out.getvalue()
    keys = {r.key for r in claimed(core.engine)}
    assert keys and all(k.endswith(":c1") for k in keys)  # the console contact only
    again = await remind_now(core, channels, at)
    assert "không có tin nào đến lượt" in again.plain

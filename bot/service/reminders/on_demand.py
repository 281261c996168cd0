"""`/nhacngay` in the console chat: one reminder pass at once, for the identity being played.

Why it exists: reminders are the point of the bot, and a newcomer trying `make run` should
see the ladder (14, 7, 3, 1 working days before, the due date, every 3 working days overdue,
the monthly check-in) without waiting for the next tick.

What "now" means. The policy sends nothing outside office hours (`owed.deliveries` is empty
then). Two ways round that were possible; this module takes the second:
- run the real pass "as if" at the next working moment: still exactly once (the keys are
  claimed), but the message would be worded for another day ("còn 3 ngày" counted from
  Monday, sent on Friday night) and the real pass at that moment would find it taken;
- inside office hours, run the real pass (the scheduler's own `tick`, claiming every key in
  `Reminder` before sending, so nothing it sends is ever sent again); outside, a dry run at
  the next working moment: what WOULD be sent then, labelled as such, nothing claimed.

"For the identity being played": the pass is given the console channel only, and the console
has a single contact (the `local` user that `/la` switches), so only that contact is sent
anything; contacts of other platforms are left unclaimed for their own channels (`tick`'s
`no_channel`). The same `lock` as the scheduler's job keeps the two passes from overlapping.
"""
from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Mapping
from datetime import datetime

from bot.service import texts
from bot.service.ports import Channel, Entry, Reply
from bot.service.reminders.dispatch import Deps, tick


async def remind_now(deps: Deps, channels: Mapping[str, Channel], now: datetime,
                     lock: asyncio.Lock | None = None) -> Reply:
    cal = deps.calendar
    at = texts.vn_datetime(now.astimezone(cal.tz))
    if cal.is_working_time(now):
        async with lock or contextlib.nullcontext():
            report = await tick(deps, channels, now)
        n = report.messages
        return Reply.text((texts.REMIND_NOW_SENT if n else texts.REMIND_NOW_NOTHING).format(at=at, n=n))
    then = cal.next_working_moment(now)
    report = await tick(deps, channels, then, dry_run=True)
    mine = [r for r in report.would_send if r["platform"] in channels]
    when = texts.vn_datetime(then.astimezone(cal.tz))
    if not mine:
        return Reply.text(texts.REMIND_NOW_OUTSIDE_NOTHING.format(at=at, next=when))
    head = texts.REMIND_NOW_OUTSIDE.format(at=at, next=when, n=sum(r["messages"] for r in mine))
    return Reply(entries=[Entry(head)] + [Entry(r["text"]) for r in mine])

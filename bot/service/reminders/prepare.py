"""The first half of a pass, in bounded steps: the snapshot, what is owed, minus what is already
sent or freshly held by another dispatcher; and the dry run's rendering, one message a step.

Why steps (reminders/steps.py): at 100k open assignments this half is about two seconds of CPU
(reading the rows, the policy for every assignment, looking up 70k claim keys). Run as one call
it held the GIL in long stretches next to the event loop that answers the chat; cut into steps of
`PLAN_CHUNK` assignments and `EXISTING_CHUNK` keys, the loop gets its turn between every two.
"""
from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime

from bot.service.ports import PLAIN, Capabilities, Channel
from bot.service.reminders.deliveries import Delivery
from bot.service.reminders.digest import build
from bot.service.reminders.owed import deliveries
from bot.service.reminders.planner import Planner, Snapshot
from bot.service.reminders.report import TickReport, record
from bot.service.reminders.steps import Steps
from bot.store import Engine, Session, claims
from schedules.calendar import WorkCalendar
from schedules.policy import Rules

EXISTING_CHUNK = 2_000  # claim keys looked up per step (a few queries of claims.CHUNK)


async def prepare(steps: Steps, engine: Engine, cal: WorkCalendar, now: datetime, rules: Rules,
                  stale: datetime) -> tuple[Snapshot, list[Delivery], int]:
    """The snapshot, the deliveries still to make (their items cut to the free keys) and how many
    keys were skipped as already sent or held by someone else."""
    planner = await steps.run(_read, engine, cal, now, rules)
    while await steps.run(planner.plan):
        pass
    snap = planner.snap
    owed, keys = await steps.run(_owed, snap, cal, now, rules)
    seen: dict[str, claims.Existing] = {}
    for i in range(0, len(keys), EXISTING_CHUNK):
        seen.update(await steps.run(claims.existing, engine, keys[i:i + EXISTING_CHUNK]))
    skipped = await steps.run(_unclaimed, owed, keys, seen, stale)
    return snap, owed, skipped


def _read(engine: Engine, cal: WorkCalendar, now: datetime, rules: Rules) -> Planner:
    with Session(engine) as s:
        return Planner(s, cal, now, rules)


def _owed(snap: Snapshot, cal: WorkCalendar, now: datetime, rules: Rules) -> tuple[list[Delivery], list[str]]:
    owed = deliveries(snap, cal, now, rules)
    return owed, [k for d in owed for k in d.keys]


def _unclaimed(owed: list[Delivery], keys: list[str], seen: dict[str, claims.Existing], stale: datetime) -> int:
    """Cut `owed` in place to what is still free; what is dropped is freed here, in the worker
    thread, not on the loop when the caller lets go of it."""

    def free(key: str) -> bool:
        e = seen.get(key)
        return e is None or e.claimable(stale)

    kept, skipped = [], 0
    for d in owed:
        if d.gate is not None and not free(d.gate.key):
            continue  # this lead already had today's escalation digest
        items = [i for i in d.items if free(i.key)]
        skipped += len(d.items) - len(items)
        if items:
            d.items = items
            kept.append(d)
    owed[:] = kept
    keys.clear()
    seen.clear()
    return skipped


async def dry_run(steps: Steps, work: list[Delivery], channels: Mapping[str, Channel],
                  caps: Mapping[str, Capabilities] | None, today: date, tz, report: TickReport) -> None:
    """Render every message that would be sent, one delivery a step."""
    for d in work:
        report.would_send.append(await steps.run(_would_send, d, channels, caps, today, tz))


def _would_send(d: Delivery, channels: Mapping[str, Channel], caps: Mapping[str, Capabilities] | None,
                today: date, tz) -> dict:
    channel = channels.get(d.contact.platform)
    shown = channel.caps if channel is not None else (caps or {}).get(d.contact.platform, PLAIN)
    parts = build(d, set(d.keys), shown, today, tz=tz)
    return record(d, None, codes=[c for p in parts for c in p.codes], messages=len(parts),
                  text="\n\n".join(p.text for p in parts))

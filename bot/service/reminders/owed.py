"""Who is owed which message at `now`: the read side of the dispatcher. No sending, no claims.

Why it is separate from `dispatch`: this half is pure computation over one snapshot of the
database (loaded in a fixed number of queries, whatever the number of tasks), so a dry run,
the tests and the real pass all see the same answer, and it can run in a worker thread
without holding up the event loop that also serves the chat.

Each `Delivery` is one message (possibly split into parts) to one contact, with the claim
keys it carries. Key formats (unique in `Reminder.key`):
  a<assignment>:<slot key>:c<contact>   a task slot (focal digest or lead escalation)
  escday:c<contact>:<yyyy-mm-dd>        the gate: at most one escalation digest a day per lead
  month:g<agency>:<yyyy-mm>:c<contact>  the monthly "update all your tasks" check-in
  orphan:g<agency>:<yyyy>-W<ww>:c<contact>  an agency without a focal point, once a week
  blocked:c<contact>:<stamp>:c<recipient>   the secretariat told that a contact blocked the bot
  reorg: / away: / waiting:                 reorganisations and leave (see availability.py)
Focal points on leave get nothing; an assignment put off ("remind me later") is left out of
its agency's digests until it resumes; a dissolved agency's tasks go to the secretariat's
weekly "chưa có cơ quan tiếp nhận" list instead of to nobody.
  review:… extreq:… decided:… told:… rvlate:…  plans under review (issue 13; see bot.store.review)
  fault:a<assignment>:<yyyy-mm-dd>:c<contact>  the secretariat told, once a day, that a task's
                                        stored data could not be planned or rendered

The snapshot it reads and the policy's slots per assignment come from planner.py.
"""
from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timedelta

from bot.clock import to_utc
from bot.service.reminders.availability import extra_deliveries, held
from bot.service.reminders.deliveries import Delivery, Due, Fault, Item
from bot.service.reminders.planner import Snapshot, fault_of, load
from bot.service.reminders.planner import focal_points as _focal
from bot.store.snapshot import ContactRow as Contact
from schedules.calendar import WorkCalendar
from schedules.policy import Rules

__all__ = ["Delivery", "Due", "Fault", "Item", "Snapshot", "blocked_notices", "deliveries", "fault_of", "load"]


def nth_working_day(cal: WorkCalendar, year: int, month: int, n: int) -> date:
    return cal.add_working_days(date(year, month, 1) - timedelta(days=1), n)


def monthly_due(cal: WorkCalendar, now: datetime, rules: Rules) -> bool:
    """From `rules.checkin_workday`-th working day of the month at `send_at` on (caught up once)."""
    local = now.astimezone(cal.tz)
    day = nth_working_day(cal, local.year, local.month, rules.checkin_workday)
    return day.month == local.month and now >= cal.moment(day, rules.send_at)


def weekly_due(cal: WorkCalendar, now: datetime, rules: Rules) -> bool:
    """From the week's first working day at `send_at` on."""
    local = now.astimezone(cal.tz)
    first = cal.add_working_days(local.date() - timedelta(days=local.weekday()), 0)
    return now >= cal.moment(first, rules.send_at)


def _by_agency(dues: list[Due]) -> dict[int, list[Due]]:
    out: dict[int, list[Due]] = defaultdict(list)
    for d in dues:
        out[d.agency.id].append(d)
    return out


def deliveries(snap: Snapshot, cal: WorkCalendar, now: datetime, rules: Rules) -> list[Delivery]:
    """Everything owed at `now`, before any claim: focal digests, escalations, the monthly
    check-in, the weekly orphan report and unsent "contact blocked" notices. Nothing outside
    office hours."""
    if not cal.is_working_time(now):
        return []
    local = now.astimezone(cal.tz)
    today, ex = local.date(), snap.extras
    active = [c for c in snap.contacts.values() if c.active]
    focal_all = _focal(snap.contacts)
    focal = {g: [c for c in people if not ex.on_leave(c.id, today)] for g, people in focal_all.items()}
    leads = [c for c in active if c.role == "lead" and not ex.on_leave(c.id, today)]
    secretariat = [c for c in active if c.role == "secretariat"]
    every = _by_agency(snap.dues)
    by_agency = {g: ds for g, ds in every.items() if g not in ex.waiting}
    out: list[Delivery] = []

    digests: dict[int, Delivery] = {}  # by contact
    for agency_id, dues in sorted(by_agency.items()):
        owed = [(d, s) for d in dues for s in d.slots if s.audience == "focal" and not held(ex, d.assignment.id, today)]
        for c in focal.get(agency_id, []) if owed else []:
            items = [Item(f"a{d.assignment.id}:{s.key}:c{c.id}", s.kind, s.at, d) for d, s in owed]
            digests[c.id] = Delivery("digest", c, items, agency=snap.agencies[agency_id])

    escalated = [(d, s) for d in snap.dues for s in d.slots if s.audience == "lead"]
    for c in leads if escalated else []:
        gate = Item(f"escday:c{c.id}:{local.date()}", "escday", now)
        items = [Item(f"a{d.assignment.id}:{s.key}:c{c.id}", s.kind, s.at, d, about=s.due) for d, s in escalated]
        out.append(Delivery("escalation", c, items, gate=gate))

    open_by_agency = by_agency  # the query left out finished date/event tasks
    if monthly_due(cal, now, rules):
        ym = f"{local.year:04d}-{local.month:02d}"
        for agency_id, dues in sorted(open_by_agency.items()):
            for c in focal.get(agency_id, []) if dues else []:
                item = Item(f"month:g{agency_id}:{ym}:c{c.id}", "month", now)
                digest = digests.pop(c.id, None)  # the check-in carries the pass's digest: one message
                items = (digest.items if digest else []) + [item]
                out.append(Delivery("monthly", c, items, agency=snap.agencies[agency_id], dues=dues))
    out[:0] = digests.values()

    orphans = [snap.agencies[g] for g, ds in sorted(open_by_agency.items()) if ds and not focal_all.get(g)]
    if orphans and weekly_due(cal, now, rules):
        year, week, _ = local.isocalendar()
        for c in secretariat:
            items = [Item(f"orphan:g{a.id}:{year}-W{week:02d}:c{c.id}", "orphan", now, agency=a) for a in orphans]
            out.append(Delivery("orphan", c, items, dues=[d for a in orphans for d in open_by_agency[a.id]]))

    out += _review(snap, cal, now, secretariat)
    out += fault_notices(snap.faults, snap, now, local.date())

    for r in snap.pending_blocked:
        recipient = snap.contacts.get(r.contact_id)
        subject = snap.contacts.get(blocked_subject(r.key))
        if recipient is not None and recipient.active and subject is not None:
            out.append(Delivery("blocked", recipient, [Item(r.key, "blocked", to_utc(r.slot_at))], subject=subject,
                                agency=snap.agencies.get(subject.agency_id)))
    out += extra_deliveries(snap, focal_all, secretariat, every, now, local, weekly_due(cal, now, rules))
    return out


def _review(snap: Snapshot, cal: WorkCalendar, now: datetime, secretariat: list[Contact]) -> list[Delivery]:
    """Queued review notices, and submissions unreviewed for LATE_DAYS working days."""
    from bot.service.review.notices import LATE_DAYS

    out = []
    for n in snap.notices:
        c = snap.contacts.get(n.reminder.contact_id)
        if n.reminder.kind == "more" and (n.decision is not None or not n.evidence):
            continue  # files added to a submission decided meanwhile (review.drop_followups)
        if c is not None and c.active:
            out.append(Delivery(n.reminder.kind, c, [Item(n.reminder.key, n.reminder.kind, to_utc(n.reminder.slot_at))],
                                agency=n.agency, notice=n))
    today = now.astimezone(cal.tz).date()
    late = [r for r in snap.submissions
            if cal.working_days_between(r[3].at.astimezone(cal.tz).date(), today) >= LATE_DAYS]
    for c in secretariat if late else []:
        items = [Item(f"rvlate:a{a.id}:e{e.id}:c{c.id}", "rvlate", now) for _, a, _, e in late]
        out.append(Delivery("rvlate", c, items, late=late))
    return out


def blocked_notices(subject: Contact, snap: Snapshot, now: datetime) -> list[Delivery]:
    """Fresh notices to every active secretariat contact that `subject` blocked the bot."""
    stamp = to_utc(now).strftime("%Y%m%dT%H%M%S")
    agency = snap.agencies.get(subject.agency_id)
    return [Delivery("blocked", c, [Item(f"blocked:c{subject.id}:{stamp}:c{c.id}", "blocked", now)],
                     subject=subject, agency=agency)
            for c in snap.contacts.values() if c.active and c.role == "secretariat" and c.id != subject.id]


def fault_notices(faults: list[Fault], snap: Snapshot, now: datetime, day: date) -> list[Delivery]:
    """One notice a day per faulty task to each active secretariat contact (the claim key
    carries the day, so a fault that persists is reported again the next working day)."""
    out = []
    for f in faults:
        for c in snap.contacts.values():
            if c.active and c.role == "secretariat":
                item = Item(f"fault:a{f.due.assignment.id}:{day}:c{c.id}", "fault", now, f.due)
                out.append(Delivery("fault", c, [item], agency=f.due.agency, dues=[f.due], error=f.error))
    return out


def blocked_subject(key: str) -> int | None:
    try:
        return int(key.split(":")[1][1:])
    except (IndexError, ValueError):
        return None

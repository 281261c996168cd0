"""Reminder policy: which reminder one assignment is owed at `now`. Pure: no I/O, no clock.

The dispatcher calls `due_slots` on every tick for every open assignment and claims each
returned key in the database before sending. So this module only has to be deterministic:
the same slot always has the same key whatever `now` is, and a pass returns at most the latest
slot per audience, which means a missed slot is caught up once and never replayed (older keys
are simply never returned again once a newer slot has passed).

Keys (stable, documented for the store):
  date tasks   "<due>:before:<n>"  n working days before   "<due>:due"
               "<due>:over:<n>"    n working days overdue  "<due>:esc"  (audience "lead")
               <due> is the effective due date (ISO), so a delay gives new keys.
  recurring    "chk:<yyyy-mm>"  monthly check-in           "close:<report date ISO>"
  weekly       "chk:<yyyy>-W<ww>"  check-in per ISO week, instead of the monthly one
  event        "evt:<yyyy-mm>"  monthly "any news?" check-in
(These three are planned in `schedules._periodic`, which says when each falls.)
A close (N working days before each report date of a quarterly/half-year/yearly task) that
falls at the same moment as the month's check-in replaces it. "done" ends date and event
tasks; a recurring task never ends, its "done" only answers the slots up to that moment (a
weekly task's "done" answers that week's check-in; the next week asks again). A
"submitted" (done, waiting for the secretariat's confirmation) counts as done here: reminders
pause, and resume if the submission is returned (the status goes back to "in_progress"). An
extension request is a "delayed" point whose `new_due` is still the current due date, so a
pending request never moves the schedule; only the lead's agreement records the new date.

A deadline on a day off runs to the end of the next working day (Bộ luật Dân sự 2015, Điều 148),
so the "due" slot and the overdue count start from that day; the key keeps the nominal date.
Everything is computed from dates (a handful of calendar calls per assignment), never by
enumerating days, so thousands of assignments fit in one tick.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from schedules._periodic import Periodic
from schedules._slots import DEFAULT_RULES, FINISHED, PERIOD_MONTHS, STATUSES, Rules, Slot, StatusPoint
from schedules.calendar import WorkCalendar
from schedules.deadlines import Deadline

__all__ = ["DEFAULT_RULES", "FINISHED", "PERIOD_MONTHS", "STATUSES", "Rules", "Slot", "StatusPoint",
           "due_slots", "planned_slots"]


@dataclass(frozen=True)
class _State:
    status: str  # the current (latest) status
    due: date | None  # effective due date
    since: datetime | None  # slots before this are dropped (assignment created / delay agreed)
    done_at: datetime | None  # latest "done" point


def _state(deadline: Deadline, history: Sequence[StatusPoint]) -> _State:
    """Effective due and the bounds the history puts on slots.

    The due moves only while the current status is "delayed" (to the latest delayed point
    with a `new_due`), or while the current point still carries a `new_due` (an extension the
    lead granted, in a plan under review: it stays when the focal point later says "đang làm");
    from then on slots count from the moment the delay was agreed, so a delay never fires the
    new schedule's already-past slots.
    """
    points = sorted(history, key=lambda p: p.at)
    for p in points:
        if p.status not in STATUSES:
            raise ValueError(f"Unknown status {p.status!r}")
    if not points:
        return _State("open", deadline.due, None, None)
    due, since = deadline.due, points[0].at
    last = points[-1]
    if last.status == "delayed":
        moved = next((p for p in reversed(points) if p.status == "delayed" and p.new_due), None)
        if moved is not None:
            due, since = moved.new_due, moved.at
    elif last.new_due and last.status not in FINISHED:  # a granted extension outlives the delay
        run = [p for p in points if p.new_due == last.new_due]
        due, since = last.new_due, next((p.at for p in run if p.status == "delayed"), run[0].at)
    done = [p.at for p in points if p.status in FINISHED]
    return _State(points[-1].status, due, since, max(done) if done else None)


class _Plan:
    """Slot builders for one (deadline, state, calendar, rules); cheap, built per call.

    `paused`: days the overdue count and the escalation clock do not count (every focal point
    of the agency was on leave); only working days among them matter."""

    def __init__(self, deadline: Deadline, state: _State, cal: WorkCalendar, rules: Rules,
                 paused: frozenset[date] = frozenset()) -> None:
        self.d, self.s, self.cal, self.r = deadline, state, cal, rules
        due = state.due
        self.legal = None if due is None else cal.add_working_days(due, 0)
        self.paused = sorted(p for p in paused if self.legal is not None and p > self.legal and cal.is_working_day(p))

    def paused_in(self, a: date, b: date) -> int:
        """Paused working days in (a, b]."""
        return sum(1 for p in self.paused if a < p <= b)

    def after(self, n: int) -> date:
        """The n-th counted working day after the legal due day (paused days not counted)."""
        day = self.cal.add_working_days(self.legal, n)
        extra = self.paused_in(self.legal, day)
        while extra:
            nxt = self.cal.add_working_days(day, extra)
            extra = self.paused_in(day, nxt)
            day = nxt
        return day

    def at(self, day: date) -> datetime:
        return self.cal.moment(day, self.r.send_at)

    # date tasks
    def fixed(self) -> list[Slot]:
        """Before, due and escalation slots: at most len(before) + 2 of them."""
        due, legal, r, cal = self.s.due, self.legal, self.r, self.cal
        out = [
            Slot(f"{due}:before:{n}", "before", self.at(cal.add_working_days(legal, -n)), "focal", due)
            for n in sorted(set(r.before), reverse=True)
        ]
        if r.on_due:
            out.append(Slot(f"{due}:due", "due", self.at(legal), "focal", due))
        if r.escalate_after:
            day = self.after(r.escalate_after)
            out.append(Slot(f"{due}:esc", "escalation", self.at(day), "lead", due))
        return out

    def overdue(self, n: int) -> Slot:
        day = self.after(n)
        return Slot(f"{self.s.due}:over:{n}", "overdue", self.at(day), "focal", self.s.due)

    def keep(self, slot: Slot) -> bool:
        """History and start bounds: not before the assignment/delay, not before `start`,
        and for recurring tasks not at or before the latest "done" (it answered them)."""
        s = self.s
        if s.since is not None and slot.at < s.since:
            return False
        if self.d.kind != "date" and self.d.start is not None and slot.at.date() < self.d.start:
            return False
        return not (s.done_at is not None and slot.at <= s.done_at)


def _plan(deadline: Deadline, history: Sequence[StatusPoint], cal: WorkCalendar, rules: Rules,
          paused: frozenset[date] = frozenset()) -> _Plan | None:
    if deadline.kind not in ("date", "recurring", "event"):
        raise ValueError(f"Unknown deadline kind {deadline.kind!r}")
    state = _state(deadline, history)
    if deadline.kind != "recurring" and state.status in FINISHED:
        return None  # finished; a recurring task is never finished, "done" answers one period
    if deadline.kind == "date" and state.due is None:
        return None
    return _Plan(deadline, state, cal, rules, paused)


def _one_per_moment(slots: list[Slot]) -> list[Slot]:
    """Same audience, same moment: one message. A close says more than that month's check-in."""
    best: dict[tuple[str, datetime], Slot] = {}
    for s in slots:
        k = (s.audience, s.at)
        if k not in best or (s.kind == "close" and best[k].kind != "close"):
            best[k] = s
    return sorted(best.values(), key=lambda s: (s.at, s.audience, s.key))


def _latest_per_audience(slots: list[Slot], now: datetime) -> list[Slot]:
    best: dict[str, Slot] = {}
    for s in _one_per_moment(slots):  # time order: the last one per audience wins
        if s.at <= now:
            best[s.audience] = s
    return sorted(best.values(), key=lambda s: (s.at, s.audience))


def due_slots(
    deadline: Deadline,
    history: Sequence[StatusPoint],
    calendar: WorkCalendar,
    now: datetime,
    rules: Rules = DEFAULT_RULES,
    paused: frozenset[date] = frozenset(),
) -> list[Slot]:
    """At most one slot per audience: the latest whose `at` <= now. [] outside office hours.
    `paused`: days every focal point of the agency was away; overdue days and the escalation
    clock do not count them (the data comes from the leave table, the policy stays pure)."""
    if not calendar.is_working_time(now):
        return []
    plan = _plan(deadline, history, calendar, rules, paused)
    if plan is None:
        return []
    today = now.astimezone(calendar.tz).date()
    cands: list[Slot] = []
    if deadline.kind == "date":
        cands = plan.fixed()
        every = rules.overdue_every
        if every and today > plan.legal:
            n = calendar.working_days_between(plan.legal, today) - plan.paused_in(plan.legal, today)
            for m in (n - n % every, n - n % every - every):  # today's slot may be later today
                if m >= every:
                    cands.append(plan.overdue(m))
    else:
        cands = Periodic(deadline, calendar, rules).candidates(today)
    return _latest_per_audience([s for s in cands if plan.keep(s)], now)


def planned_slots(
    deadline: Deadline,
    history: Sequence[StatusPoint],
    calendar: WorkCalendar,
    start: date,
    end: date,
    rules: Rules = DEFAULT_RULES,
    paused: frozenset[date] = frozenset(),
) -> list[Slot]:
    """Every slot whose local date is in [start, end], in order: previews and tests."""
    plan = _plan(deadline, history, calendar, rules, paused)
    if plan is None or end < start:
        return []

    def inside(s: Slot) -> bool:
        return start <= s.at.astimezone(calendar.tz).date() <= end

    out: list[Slot] = []
    if deadline.kind == "date":
        out = [s for s in plan.fixed() if inside(s)]
        every = rules.overdue_every
        if every:
            first = (calendar.working_days_between(plan.legal, start) - plan.paused_in(plan.legal, start)
                     if start > plan.legal else 0)
            n = max(every, -(-first // every) * every)
            while (s := plan.overdue(n)).at.astimezone(calendar.tz).date() <= end:
                if inside(s):
                    out.append(s)
                n += every
    else:
        out = Periodic(deadline, calendar, rules).between(start, end)
    return _one_per_moment([s for s in out if plan.keep(s)])

"""What the dispatcher needs to know about people and reorganisations, read once per pass:
who is on leave, which assignments were put off ("remind me later"), which agencies were
dissolved with nobody to take their tasks, the pending "your tasks now go to …" notices, and
who of an agency answered each task last. The messages these give rise to are built here too:
  reorg:<op>:c<contact>                     queued by `agencies merge` (released claims)
  away:g<agency>:<first day>:c<contact>     the secretariat told once that all focal points are away
  waiting:<yyyy>-W<ww>:c<contact>           the weekly list of tasks nobody has taken over
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from bot.clock import to_utc
from bot.render import bold
from bot.service import texts
from bot.service.reminders.deliveries import Delivery, Item
from bot.store import Session, availability, reorg
from bot.store.models import Contact, Reminder, Reorganisation

HORIZON = 400  # days of leave history that can still pause an overdue clock


@dataclass
class Extras:
    away: dict[int, list[tuple[date, date]]] = field(default_factory=dict)  # contact -> leave periods
    snoozed: dict[int, date] = field(default_factory=dict)  # assignment -> resume day
    waiting: set[int] = field(default_factory=set)  # dissolved agencies nobody took over
    notices: list[tuple[Reminder, Reorganisation]] = field(default_factory=list)
    sources: dict[int, list[int]] = field(default_factory=dict)  # op -> ended agencies
    answers: dict[int, tuple[str, str, datetime]] = field(default_factory=dict)

    def on_leave(self, contact_id: int, day: date) -> bool:
        return any(s <= day <= e for s, e in self.away.get(contact_id, ()))

    def days_away(self, contact_id: int) -> set[date]:
        out: set[date] = set()
        for s, e in self.away.get(contact_id, ()):
            out.update(s + timedelta(days=i) for i in range((e - s).days + 1))
        return out

    def all_away_days(self, focal: list[Contact]) -> frozenset[date]:
        """Days on which every focal point of an agency was away (none without focal points)."""
        if not focal:
            return frozenset()
        days = self.days_away(focal[0].id)
        for c in focal[1:]:
            days &= self.days_away(c.id)
        return frozenset(days)


def load_extras(session: Session, today: date, contacts: dict[int, Contact]) -> Extras:
    ex = Extras()
    for leave in availability.leaves_since(session, today - timedelta(days=HORIZON)):
        ex.away.setdefault(leave.contact_id, []).append((leave.start, leave.end))
    ex.snoozed = availability.snoozed(session, today)
    ex.waiting = reorg.waiting_agencies(session)
    ex.notices = reorg.pending_notices(session)
    ex.sources = reorg.sources_of(session, [op.id for _, op in ex.notices])
    per_agency: dict[int, int] = {}
    for c in contacts.values():
        if c.active and c.role == "focal" and c.agency_id is not None:
            per_agency[c.agency_id] = per_agency.get(c.agency_id, 0) + 1
    ex.answers = availability.last_answers(session, [a for a, n in per_agency.items() if n > 1])
    return ex


def answered_line(answer: tuple[str, str, datetime] | None) -> str:
    """'↳ Chị Lan trả lời gần nhất (12/06/2025): đang thực hiện' (times already local)."""
    if answer is None:
        return ""
    who, status, at = answer
    return texts.LAST_ANSWER.format(who=who, status=texts.STATUS[status], date=texts.vn_date(at))


def extra_deliveries(snap, focal_all: dict[int, list[Contact]], secretariat: list[Contact], by_agency: dict,
                     now: datetime, local: datetime, weekly: bool) -> list:
    ex: Extras = snap.extras
    out = []
    for r, op in ex.notices:
        to = snap.contacts.get(r.contact_id)
        if to is None or not to.active:
            continue
        olds = ", ".join(bold(snap.agencies[a].name) for a in ex.sources.get(op.id, []) if a in snap.agencies)
        into = snap.agencies.get(op.into_id) if op.into_id else None
        text = (texts.REORG_NOTICE.format(title=bold(texts.REORG_NOTICE_TITLE), date=texts.vn_date(op.effective_on),
                                          old=olds, new=bold(into.name)) if into else
                texts.REORG_NOTICE_ENDED.format(title=bold(texts.REORG_NOTICE_TITLE),
                                                date=texts.vn_date(op.effective_on), old=olds))
        out.append(Delivery("notice", to, [Item(r.key, "reorg", to_utc(r.slot_at))], agency=into, text=text))
    today = local.date()
    for agency_id, dues in sorted(by_agency.items()):
        people = focal_all.get(agency_id, [])
        if not dues or not people or agency_id in ex.waiting or not all(ex.on_leave(c.id, today) for c in people):
            continue
        first = max(s for c in people for s, e in ex.away[c.id] if s <= today <= e)
        back = min(e for c in people for s, e in ex.away[c.id] if s <= today <= e) + timedelta(days=1)
        agency = snap.agencies[agency_id]
        text = texts.ALL_AWAY.format(title=bold(texts.ALL_AWAY_TITLE), name=bold(agency.name), n=len(dues),
                                     back=texts.vn_date(back))
        for c in secretariat:
            out.append(Delivery("notice", c, [Item(f"away:g{agency_id}:{first}:c{c.id}", "away", now)],
                                agency=agency, text=text))
    waiting = [(snap.agencies[a], by_agency[a]) for a in sorted(ex.waiting) if by_agency.get(a)]
    if waiting and weekly:
        year, week, _ = local.isocalendar()
        lines = [texts.WAITING_HEAD.format(title=bold(texts.WAITING_TITLE))]
        for agency, dues in waiting:
            codes = [d.task.code for d in dues]
            lines.append(texts.ORPHAN_LINE.format(name=bold(agency.name), n=len(codes),
                                                  codes=", ".join(codes[:8]) + (" …" if len(codes) > 8 else "")))
        lines.append(texts.WAITING_TAIL)
        for c in secretariat:
            out.append(Delivery("notice", c, [Item(f"waiting:{year}-W{week:02d}:c{c.id}", "waiting", now)],
                                text="\n".join(lines)))
    return out


def held(ex: Extras, assignment_id: int, today: date) -> bool:
    """Put off by "remind me later" until a later day."""
    resume = ex.snoozed.get(assignment_id)
    return resume is not None and today < resume



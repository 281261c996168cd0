"""Reorganisations as one operation: merge, rename, dissolve (CLI now, a web page later).

From the effective date the ended agencies (OLD) point at their successor (NEW): names and
aliases of OLD resolve to NEW in imports and replies (`Registry.current`), their open
assignments move to NEW keeping their rows, hence their whole history, notes and new due
dates, their active contacts become contacts of NEW and are told once through the
dispatcher's claims (`reorg:<op>:c<contact>`); finished assignments stay with OLD.
A dissolution without a successor leaves the open tasks where they are, listed weekly to the
secretariat as "chưa có cơ quan tiếp nhận" until someone is named.

Dates: the effective date may be today or in the past (applied now, recorded with its date);
a future date is refused (run the command on that day) — no pending state to forget about.
Everything is computed first (`plan_*`, also the --dry-run) and written in the caller's one
transaction; running the same operation again finds nothing to do and writes nothing.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from bot.agencies import Registry, UnknownAgency
from bot.domain import AssignmentRole, ReorgKind
from bot.service import texts
from bot.store import Session
from bot.store import registry
from bot.store import reorg as store
from bot.store.models import Agency, Assignment, Contact
from bot.text import fold, nfc


class ReorgError(ValueError):
    """An operation refused as written; the message says why (and suggests names)."""


@dataclass
class ReorgPlan:
    kind: ReorgKind
    on: date
    sources: list[Agency]
    into: Agency | None  # None: a dissolution nobody takes over (yet)
    into_name: str | None
    group: Agency | None = None
    create: bool = False  # NEW does not exist yet
    moves: list[tuple[Assignment, str, Agency]] = field(default_factory=list)  # (assignment, task code, from)
    contacts: list[Contact] = field(default_factory=list)
    kept_finished: int = 0
    op_id: int | None = None

    @property
    def noop(self) -> bool:
        settled = all(s.successor_id == (self.into.id if self.into else None) for s in self.sources)
        return not self.create and settled and not self.moves and not self.contacts and self.into is not None

    def to_dict(self) -> dict:
        return {"kind": str(self.kind), "on": self.on.isoformat(), "from": [s.name for s in self.sources],
                "into": self.into_name, "group": self.group.name if self.group else None, "create": self.create,
                "tasks": [{"code": code, "from": old.name} for _, code, old in self.moves],
                "contacts": [{"id": c.id, "name": c.display_name, "platform": str(c.platform)} for c in self.contacts],
                "finished_kept": self.kept_finished, "noop": self.noop, "op": self.op_id}


def _resolve(reg: Registry, name: str) -> Agency:
    try:
        return reg.resolve_raw(name)
    except UnknownAgency as exc:
        raise ReorgError(str(exc)) from None


def _check_date(on: date, today: date) -> None:
    if on > today:
        raise ReorgError(texts.REORG_FUTURE.format(date=texts.vn_date(on)))


def _check_into(reg: Registry, sources: list[Agency], into: Agency) -> None:
    if into.successor_id is not None:
        chain, cur = [into], into
        while cur.successor_id and reg.agencies[cur.successor_id] not in chain:
            cur = reg.agencies[cur.successor_id]
            chain.append(cur)
            if cur in sources:  # NEW already leads, through its successors, to an OLD: a ring
                ring = " → ".join(a.name for a in [cur, *chain])
                raise ReorgError(texts.REORG_CYCLE.format(ring=ring))
        raise ReorgError(texts.REORG_INTO_ENDED.format(name=into.name, new=reg.current(into.id).name))
    for s in sources:
        if s.id == into.id:
            raise ReorgError(texts.REORG_SAME.format(name=s.name))
        if s.successor_id is not None and s.successor_id != into.id:
            raise ReorgError(texts.REORG_ALREADY.format(old=s.name, new=reg.current(s.id).name))


def _fill(session: Session, plan: ReorgPlan) -> ReorgPlan:
    ids = [s.id for s in plan.sources]
    names = {s.id: s for s in plan.sources}
    plan.moves = [(a, t.code, names[a.agency_id]) for a, t in store.open_assignments(session, ids)]
    plan.kept_finished = store.finished_count(session, ids)
    plan.contacts = store.active_contacts(session, ids)
    return plan


def plan_merge(session: Session, olds: list[str], into: str, on: date, today: date, *,
               kind: ReorgKind = ReorgKind.MERGE) -> ReorgPlan:
    _check_date(on, today)
    reg = Registry.load(session)
    sources = []
    for name in olds:
        a = _resolve(reg, name)
        if a.is_group:
            raise ReorgError(texts.REORG_GROUP.format(name=a.name))
        if a not in sources:
            sources.append(a)
    target = reg.raw(into)
    if kind == ReorgKind.RENAME and target is not None and target.successor_id != sources[0].id \
            and sources[0].successor_id != target.id:
        raise ReorgError(texts.REORG_RENAME_EXISTS.format(name=target.name))
    if target is not None:
        _check_into(reg, sources, target)
    for s in sources:
        if target is None and s.successor_id is not None:
            raise ReorgError(texts.REORG_ALREADY.format(old=s.name, new=reg.current(s.id).name))
    plan = ReorgPlan(kind, on, sources, target, target.name if target else nfc(into).strip(), create=target is None)
    return _fill(session, plan)


def plan_dissolve(session: Session, group: str, on: date, today: date, into: str | None = None) -> ReorgPlan:
    _check_date(on, today)
    reg = Registry.load(session)
    g = _resolve(reg, group)
    if not g.is_group:
        raise ReorgError(texts.REORG_NOT_GROUP.format(name=g.name))
    sources = [reg.agencies[m] for m in reg.members.get(g.id, [])]
    if not sources:
        raise ReorgError(texts.REORG_EMPTY_GROUP.format(name=g.name))
    target = _resolve(reg, into) if into else None
    if target is not None:
        _check_into(reg, [*sources, g], target)
    else:
        sources = [s for s in sources if s.successor_id is None]  # members already taken over stay so
    plan = ReorgPlan(ReorgKind.DISSOLVE, on, sources, target, target.name if target else None, group=g)
    return _fill(session, plan)


def apply(session: Session, plan: ReorgPlan, now: datetime, note: str = "") -> ReorgPlan:
    """Write `plan` (in the caller's transaction). Nothing happens for a plan already applied."""
    if plan.noop:
        return plan
    into = plan.into
    if plan.create:
        into = store.add_agency(session, plan.into_name, fold(plan.into_name))
        plan.into = into
    op = store.add(session, plan.kind, plan.on, into.id if into else None, plan.group.id if plan.group else None,
                   [s.id for s in plan.sources], note, now)
    plan.op_id = op.id
    ended = [*plan.sources, *([plan.group] if plan.group and into else [])]
    for s in ended:
        if into is not None:
            s.successor_id = into.id
            session.add(s)
    if into is not None:
        reg = Registry.load(session)
        _move(session, op.id, plan, reg.expand(into))
        for c in plan.contacts:
            c.agency_id = into.id
            session.add(c)
    store.queue_notices(session, op.id, [c.id for c in plan.contacts], now)
    session.flush()
    return plan


def _move(session: Session, op_id: int, plan: ReorgPlan, targets: list[Agency]) -> None:
    """Each open assignment goes to every target (a group's members); a task that already has
    the target as lead keeps that one, the moved row is folded into it (kept, role removed)."""
    task_ids = list({a.task_id for a, _, _ in plan.moves})
    taken = {(a.task_id, a.agency_id, a.role): a for a in store.lead_shares(session, task_ids)}
    for a, _, old in plan.moves:
        placed = None
        for t in targets:
            have = taken.get((a.task_id, t.id, AssignmentRole.LEAD))
            if have is not None and have is not a:
                store.add_move(session, op_id, have.id, a.id, old.id)
                continue
            if placed is None:
                a.agency_id = t.id
                session.add(a)
                session.flush()
                placed = a
                taken[(a.task_id, t.id, AssignmentRole.LEAD)] = a
                store.add_move(session, op_id, a.id, a.id, old.id)
            else:
                copy = Assignment(task_id=a.task_id, agency_id=t.id, role=AssignmentRole.LEAD,
                                  via_group_id=a.via_group_id, position=a.position, status=a.status, note=a.note,
                                  new_due=a.new_due, updated_at=a.updated_at)
                session.add(copy)
                session.flush()
                taken[(a.task_id, t.id, AssignmentRole.LEAD)] = copy
                store.add_move(session, op_id, copy.id, a.id, old.id)
        if placed is None and (a.task_id, a.agency_id, AssignmentRole.REMOVED) not in taken:
            a.role = AssignmentRole.REMOVED  # folded into the successor's own share of the task
            taken[(a.task_id, a.agency_id, AssignmentRole.REMOVED)] = a
            session.add(a)
    session.flush()


def agency_list(session: Session) -> list[dict]:
    """`nhacviec agencies list`: every agency with its aliases, members, successor, contacts, open tasks."""
    reg = Registry.load(session)
    aliases: dict[int, list[str]] = {}
    for al in registry.all_aliases(session):
        aliases.setdefault(al.agency_id, []).append(al.alias)
    since = {}
    srcs = store.sources_of(session, [o.id for o in store.all_ops(session)])
    for op in store.all_ops(session):
        for aid in srcs[op.id]:
            since[aid] = op.effective_on
    waiting = store.waiting_agencies(session)
    contacts, open_ = store.contact_counts(session), store.open_counts(session)
    out = []
    for a in sorted(reg.agencies.values(), key=lambda a: fold(a.name)):
        succ = reg.agencies.get(a.successor_id) if a.successor_id else None
        out.append({"name": a.name, "group": a.is_group, "aliases": sorted(aliases.get(a.id, [])),
                    "members": [reg.agencies[m].name for m in reg.members.get(a.id, [])],
                    "successor": succ.name if succ else None,
                    "since": since[a.id].isoformat() if a.id in since else None,
                    "waiting": a.id in waiting, "contacts": contacts.get(a.id, 0), "open_tasks": open_.get(a.id, 0)})
    return out

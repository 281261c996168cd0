"""Import plan tables into the store: validate everything first, then write in one transaction.

All or nothing: if any file has an error, nothing is written and every error is listed with
its file, row and column. Re-importing updates tasks by (plan, TT) and never touches their
status history; tasks missing from the new file are archived, not deleted, and assignments
that something refers to are closed, not deleted. What a person must confirm first (content
changed under a status, many tasks archived) is decided in `bot.plan_changes`.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from bot.agencies import Registry
from bot.plan_changes import Existing, Incoming, review
from bot.plan_codes import code_suffix, no_problem, task_code
from bot.plan_files import PlanFile, PlanMeta, RawRow, plan_paths, read_plan_file
from bot.store import Session, plan_rows
from bot.store.models import Agency, Assignment, Plan, Task
from schedules.deadlines import DeadlineError, parse_deadline


@dataclass(frozen=True)
class ImportIssue:
    file: str
    line: int
    column: str
    message: str
    level: str = "error"  # error | warning

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        col = f" [{self.column}]" if self.column else ""
        label = "Lỗi" if self.level == "error" else "Cảnh báo"
        return f"{label} {where}{col}: {self.message}"


@dataclass
class ImportResult:
    issues: list[ImportIssue] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    archived: int = 0
    plans: list[str] = field(default_factory=list)

    @property
    def errors(self) -> list[ImportIssue]:
        return [i for i in self.issues if i.level == "error"]

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class _Row:
    raw: RawRow
    no: str
    lead: list[tuple[Agency, Agency | None]]  # (assignee, via group)
    coordinating: list[Agency]
    deadline: object | None


def _validate(pf: PlanFile, reg: Registry, issues: list[ImportIssue]) -> list[_Row]:
    name = pf.path.name
    for p in pf.errors:
        issues.append(ImportIssue(p.file or name, p.line, p.column, p.message))
    if pf.meta is None:
        return []
    header = lambda col: pf.headers.get(col, col)  # noqa: E731
    seen: dict[str, int] = {}
    rows: list[_Row] = []
    for raw in pf.rows:
        err = lambda col, msg, level="error": issues.append(ImportIssue(name, raw.line, header(col), msg, level))  # noqa: E731
        c = raw.cells
        no = c.get("no", "").strip().strip("()")
        for col in ("no", "content", "lead", "deadline"):
            if not c.get(col, "").strip():
                err(col, "Ô bắt buộc đang để trống")
        if no and (problem := no_problem(no)):
            err("no", problem)
        elif no and code_suffix(no) in seen:  # "3a", "3 a", "3A" and "(3a)" are all code …-3a
            err("no", f"TT {no} trùng với dòng {seen[code_suffix(no)]} (cùng mã {task_code(pf.meta.key, no)})")
        seen.setdefault(code_suffix(no), raw.line)
        lead: list[tuple[Agency, Agency | None]] = []
        coord: list[Agency] = []
        for col in ("lead", "coordinating"):
            found, unknown = reg.split(c.get(col, ""))
            for frag in unknown:
                err(col, f"Không nhận ra cơ quan “{frag}”{reg.hint(frag)}")
            for agency in found:
                if col == "coordinating":
                    coord.append(agency)
                    continue
                via = agency if agency.is_group and reg.members.get(agency.id) else None
                lead.extend((m, via) for m in reg.expand(agency))
        deadline = None
        if c.get("deadline", "").strip():
            try:
                deadline = parse_deadline(c["deadline"], pf.meta.year)
                for w in deadline.warnings:
                    err("deadline", w, "warning")
            except DeadlineError as exc:
                err("deadline", str(exc))
        rows.append(_Row(raw=raw, no=no, lead=lead, coordinating=coord, deadline=deadline))
    return rows


def _upsert_plan(session: Session, meta: PlanMeta, source: str) -> Plan:
    plan = plan_rows.plan_by_key(session, meta.key) or Plan(key=meta.key, title=meta.title, year=meta.year)
    plan.title, plan.year, plan.number = meta.title, meta.year, meta.number
    plan.issued_on, plan.issuer, plan.source = meta.issued_on, meta.issuer, source
    plan.review = meta.review
    session.add(plan)
    session.flush()
    return plan


def load_existing(session: Session, plan_key: str) -> Existing:
    """Tasks keyed like the new rows (by code suffix, so "3 a" and "3a" are one task), and what
    refers to their assignments: those are closed on re-import, never deleted."""
    plan = plan_rows.plan_by_key(session, plan_key)
    if plan is None:
        return Existing()
    ex = Existing(tasks={code_suffix(t.no): t for t in plan_rows.plan_tasks(session, plan.id)})
    for a in plan_rows.task_assignments(session, [t.id for t in ex.tasks.values()]):
        ex.shares.setdefault(a.task_id, []).append(a)
    task_of = {a.id: a.task_id for shares in ex.shares.values() for a in shares}
    events = plan_rows.with_events(session, list(task_of))
    reminded = plan_rows.with_reminders(session, list(task_of))
    ex.referenced = events | reminded
    ex.with_history = {task_of[i] for i in events}
    return ex


def _sync_shares(session: Session, task: Task, row: _Row, have: list[Assignment], referenced: set[int]) -> bool:
    """Make the task's assignments match the row; True if anything changed.

    One assignment per (task, agency) is reused whatever its role, so a status given as lead
    follows the agency when it becomes coordinating, and a closed share reopens when the
    agency comes back. A share no longer in the file is deleted only if nothing refers to
    it; one with status events or reminders is closed instead (role "removed": the
    dispatcher, the chat and the reports read only "lead"/"coordinating"), because deleting
    it broke the reminders' foreign key and would lose history."""
    want: dict[int, tuple[str, int | None, int]] = {}  # agency id -> (role, via group, position)
    for agency, via in row.lead:
        want.setdefault(agency.id, ("lead", via.id if via else None, len(want)))
    for agency in row.coordinating:
        want.setdefault(agency.id, ("coordinating", None, len(want)))
    by_agency: dict[int, list[Assignment]] = {}
    for a in have:
        by_agency.setdefault(a.agency_id, []).append(a)
    changed, leftover = False, []
    for agency_id, (role, via_id, position) in want.items():
        mine = by_agency.pop(agency_id, []) or _finished_under_old_name(session, by_agency, agency_id)
        a = next((x for x in mine if x.role == role), None) or next((x for x in mine if x.role == "removed"), None) \
            or (mine[0] if mine else None)
        leftover += [x for x in mine if x is not a]
        if a is None:
            session.add(Assignment(task_id=task.id, agency_id=agency_id, role=role, via_group_id=via_id, position=position))
            changed = True
        elif (a.role, a.via_group_id, a.position) != (role, via_id, position):
            a.role, a.via_group_id, a.position = role, via_id, position
            session.add(a)
            changed = True
    leftover += [a for mine in by_agency.values() for a in mine]
    closed = {a.agency_id for a in have if a.role == "removed"}  # reopened ones have their new role by now
    for a in leftover:
        if a.role == "removed":
            continue
        if a.id not in referenced:
            session.delete(a)
        elif a.agency_id not in closed:  # (task, agency, role) is unique: one closed share per agency
            a.role = "removed"
            closed.add(a.agency_id)
            session.add(a)
        changed = True
    return changed


def _finished_under_old_name(session: Session, by_agency: dict[int, list[Assignment]], agency_id: int) -> list[Assignment]:
    """A finished share kept by an agency since merged into `agency_id` (`agencies merge`): the
    plan's name now resolves to the successor, and the finished share stays with OLD for the record
    instead of a fresh open share for NEW."""
    for old_id, shares in list(by_agency.items()):
        cur, seen = session.get(Agency, old_id), set()
        while cur is not None and cur.successor_id and cur.id not in seen:
            seen.add(cur.id)
            cur = session.get(Agency, cur.successor_id)
        if cur is not None and cur.id == agency_id and old_id != agency_id and all(a.status == "done" for a in shares):
            return by_agency.pop(old_id)
    return []


def _apply(session: Session, pf: PlanFile, rows: list[_Row], existing: Existing, result: ImportResult) -> None:
    plan = _upsert_plan(session, pf.meta, pf.path.name)
    tasks = dict(existing.tasks)
    for pos, row in enumerate(rows):
        c, d = row.raw.cells, row.deadline
        values = dict(
            no=row.no, code=task_code(plan.key, row.no), group=c.get("group", ""), content=c["content"],
            lead_text=c["lead"], coordinating_text=c.get("coordinating", ""), deadline_text=c["deadline"],
            note=c.get("note", ""), kind=d.kind, due=d.due, start=d.start, recurrence=d.recurrence,
            position=pos, archived=False,
        )
        task = tasks.pop(code_suffix(row.no), None)
        if task is None:
            task = Task(plan_id=plan.id, **values)
            session.add(task)
            session.flush()
            _sync_shares(session, task, row, [], set())
            result.created += 1
            continue
        diff = {k: v for k, v in values.items() if getattr(task, k) != v}
        for k, v in diff.items():
            setattr(task, k, v)
        session.add(task)
        if _sync_shares(session, task, row, existing.shares.get(task.id, []), existing.referenced) or diff:
            result.updated += 1
        else:
            result.unchanged += 1
    for task in tasks.values():  # gone from the file: archived with its history, never deleted
        if not task.archived:
            task.archived = True
            session.add(task)
            result.archived += 1


def import_plans(session: Session, paths: list[Path], *, accept_changes: bool = False) -> ImportResult:
    """Validate every file, then write all of them, or nothing if anything is wrong.

    Changes that would move a status onto other content or archive much of a plan are
    errors unless `accept_changes` (then they are listed as warnings and applied)."""
    result = ImportResult()
    reg = Registry.load(session)
    files = [read_plan_file(p) for p in plan_paths(paths)]
    if not files:
        result.issues.append(ImportIssue(", ".join(map(str, paths)), 0, "", "Không có tệp kế hoạch (.csv, .xlsx)"))
    checked = [(pf, _validate(pf, reg, result.issues)) for pf in files]
    keys = [pf.meta.key for pf in files if pf.meta]
    for dup in {k for k in keys if keys.count(k) > 1}:
        result.issues.append(ImportIssue(dup, 0, "", f"Hai tệp cùng mã kế hoạch {dup}"))
    if not result.ok:
        return result
    stored = []
    for pf, rows in checked:
        existing = load_existing(session, pf.meta.key)
        incoming = [Incoming(r.raw.line, r.no, r.raw.cells["content"]) for r in rows]
        for p in review(existing, incoming, pf.headers.get("content", "content")):
            result.issues.append(ImportIssue(p.file or pf.path.name, p.line, p.column, p.message,
                                             "warning" if accept_changes else "error"))
        stored.append(existing)
    if not result.ok:
        return result
    for (pf, rows), existing in zip(checked, stored):
        _apply(session, pf, rows, existing, result)
        result.plans.append(pf.meta.key)
    session.flush()
    return result

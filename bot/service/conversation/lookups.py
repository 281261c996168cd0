"""Read-only answers: a focal point's tasks, what is overdue, one agency, one task's history.

Each is a `paging.Listing` (counts, then items with stable keys) that `paging` cuts into
pages; `listing` rebuilds one from its name and argument for the next page."""
from __future__ import annotations

from collections import defaultdict
from datetime import date

from bot.agencies import Registry
from bot.clock import to_local
from bot.domain import Action, Role, Status
from bot.render import bold
from bot.service import texts
from bot.service.conversation.context import Ctx, Refusal
from bot.service.conversation.paging import Item, Listing
from bot.service.ports import Entry, Reply
from bot.service.views import sort_key, task_entry
from bot.store import availability, tasks
from bot.store.models import Agency, Task


def is_overdue(task: Task, today: date) -> bool:
    return task.kind == "date" and task.due is not None and task.due < today


def listing(ctx: Ctx, name: str, arg: str) -> Listing:
    """A paged list rebuilt from its name and canonical argument (the cursor, the button)."""
    if name == Action.TASKS:
        return my_tasks(ctx)
    if name == Action.OVERDUE:
        return overdue(ctx, arg)
    if name == Action.AGENCY:
        return agency_view(ctx, arg)
    if name == Action.TASK:
        return task_history(ctx, arg or None, ctx.now.tzinfo)
    raise Refusal(texts.STALE_BUTTON)


def _agency(ctx: Ctx, text: str) -> tuple[Agency, list[int]]:
    """An agency by name (with "did you mean") or by id (a page cursor), and the ids it covers
    (a group's members)."""
    reg = Registry.load(ctx.session)
    if text.isdigit() and int(text) in reg.agencies:
        agency = reg.current(int(text))
    else:
        try:
            agency = reg.resolve(text)
        except LookupError as exc:
            raise Refusal(str(exc)) from None
    return agency, [a.id for a in reg.expand(agency)]


def _task_items(ctx: Ctx, rows, *, buttons: bool, multi: bool = False) -> list[Item]:
    return [Item(f"a{a.id}", task_entry(t, ctx.today, a, buttons=buttons, agency=ag.name if multi else None))
            for t, a, ag in sorted(rows, key=lambda r: sort_key(r[0], r[1]))]


def my_tasks(ctx: Ctx) -> Listing:
    if ctx.contact is None or ctx.contact.agency_id is None:
        raise Refusal(texts.FOCAL_COMMAND_ONLY)
    rows = tasks.open_rows(ctx.session, [ctx.contact.agency_id])
    head = bold(texts.OPEN_HEAD) + texts.OPEN_HEAD_TAIL.format(n=len(rows)) if rows else texts.NOTHING_OPEN
    return Listing(Action.TASKS, "", texts.OPEN_HEAD, [Entry(head)], _task_items(ctx, rows, buttons=ctx.has_buttons))


def overdue(ctx: Ctx, name: str = "") -> Listing:
    """Managers: the count per agency (worst first), then every overdue line under its agency;
    `name`: one agency's list. A focal point: its own agency's."""
    name = name.strip()
    if ctx.is_manager and not name:
        return _overdue_all(ctx)
    if not ctx.is_manager and (ctx.contact is None or ctx.contact.agency_id is None):
        raise Refusal(texts.UNREGISTERED_SHORT)
    if name:
        agency, ids = _agency(ctx, name)
        if not ctx.is_manager and ctx.contact.agency_id not in ids:
            raise Refusal(texts.MANAGERS_ONLY_AGENCY)
    else:
        agency, ids = ctx.session.get(Agency, ctx.contact.agency_id), [ctx.contact.agency_id]
    rows = [r for r in tasks.open_rows(ctx.session, ids) if is_overdue(r[0], ctx.today)]
    if not rows:
        empty = texts.NOTHING_OVERDUE_OF.format(name=bold(agency.name)) if name else texts.NOTHING_OVERDUE_MINE
        return Listing(Action.OVERDUE, str(agency.id) if name else "", texts.OVERDUE_HEAD, [Entry(empty)])
    head = Entry(texts.OVERDUE_OF.format(name=bold(agency.name), n=len(rows)))
    items = _task_items(ctx, rows, buttons=ctx.has_buttons and not ctx.is_manager, multi=len(ids) > 1)
    return Listing(Action.OVERDUE, str(agency.id) if name else "", f"{texts.OVERDUE_HEAD} — {agency.name}", [head], items)


def _overdue_all(ctx: Ctx) -> Listing:
    rows = [r for r in tasks.open_rows(ctx.session, None) if is_overdue(r[0], ctx.today)]
    if not rows:
        return Listing(Action.OVERDUE, "", texts.OVERDUE_HEAD, [Entry(texts.NOTHING_OVERDUE)])
    by_agency: dict[str, list] = defaultdict(list)
    for t, a, ag in rows:
        by_agency[ag.name].append((t, a))
    order = sorted(by_agency.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    head = [Entry(bold(texts.OVERDUE_HEAD) + texts.OVERDUE_ALL.format(n=len(rows), agencies=len(by_agency))),
            Entry("\n".join([texts.OVERDUE_COUNT_LINE.format(name=name, n=len(items)) for name, items in order]
                            + [texts.OVERDUE_ONE_HINT]))]
    out: list[Item] = []
    for name, items in order:
        group = texts.OVERDUE_AGENCY.format(name=bold(name), n=len(items))
        for t, a in sorted(items, key=lambda ta: (ta[0].due, ta[0].code)):
            line = texts.OVERDUE_LINE.format(code=t.code, days=(ctx.today - t.due).days, content=texts.shorten(t.content, 80))
            out.append(Item(f"a{a.id}", Entry(line), group))
    return Listing(Action.OVERDUE, "", texts.OVERDUE_HEAD, head, out)


def agency_view(ctx: Ctx, name: str) -> Listing:
    if not ctx.is_manager:
        raise Refusal(texts.MANAGERS_ONLY_AGENCY)
    if not name.strip():
        raise Refusal(texts.AGENCY_NAME_NEEDED)
    agency, ids = _agency(ctx, name.strip())
    rows = tasks.agency_rows(ctx.session, ids)
    done = sum(1 for _, a, _ in rows if a.status == Status.DONE)
    late = sum(1 for t, a, _ in rows if a.status != Status.DONE and is_overdue(t, ctx.today))
    head = Entry(texts.AGENCY_HEAD.format(name=bold(agency.name), n=len(rows), done=done, overdue=late))
    return Listing(Action.AGENCY, str(agency.id), agency.name, [head],
                   _task_items(ctx, rows, buttons=False, multi=len(ids) > 1))


def task_history(ctx: Ctx, code: str | None, tz) -> Listing:
    if not code:
        raise Refusal(texts.TASK_CODE_NEEDED)
    task = tasks.task_by_code(ctx.session, code, live_only=False)
    if task is None:
        raise Refusal(texts.NO_TASK.format(code=code))
    rows = tasks.lead_assignments(ctx.session, task.id)
    mine = ctx.contact is not None and any(a.agency_id == ctx.contact.agency_id for a, _ in rows)
    if not (ctx.is_manager or mine):
        raise Refusal(texts.OWN_HISTORY_ONLY)
    head = task_entry(task, ctx.today, buttons=False)
    head.text += "\n" + texts.COMPLETION_TIME.format(text=task.deadline_text)
    events = tasks.history(ctx.session, [a.id for a, _ in rows])
    snoozes = availability.snoozes_of(ctx.session, [a.id for a, _ in rows])
    items: list[Item] = []
    for a, ag in rows:
        group = f"{bold(ag.name)}: {texts.STATUS[Status(a.status)]}"
        mine_events = [(e, who) for e, who in events if e.assignment_id == a.id]
        if not mine_events:
            items.append(Item(f"a{a.id}", Entry(""), group))
        for z in (z for z in snoozes if z.assignment_id == a.id):  # "remind me later" is history too
            line = f"• {texts.vn_datetime(to_local(z.created_at, tz))} " + texts.SNOOZE_HISTORY.format(
                n=z.days, date=texts.vn_date(z.resume_on))
            items.append(Item(f"z{z.id}", Entry(line), group))
        for e, who in mine_events:
            what = texts.HISTORY_UNDO if e.reverts_id else texts.STATUS[Status(e.status)]
            extra = (texts.HISTORY_DUE.format(date=texts.vn_date(e.new_due)) if e.new_due else "") \
                + (f" — {e.note}" if e.note else "")
            line = (f"• {texts.vn_datetime(to_local(e.at, tz))} {what}{extra}"
                    + (f" ({who.display_name})" if who and who.display_name else ""))
            items.append(Item(f"e{e.id}", Entry(line), group))
    return Listing(Action.TASK, task.code, texts.HISTORY_TITLE.format(code=task.code), [head], items)


def people(ctx: Ctx, name: str) -> Reply:
    """/daumoi [cơ quan]: an agency's focal points and who of them is away. A focal point sees
    their own agency's; the lead and the secretariat name one."""
    name = name.strip()
    if ctx.is_manager:
        if not name:
            raise Refusal(texts.PEOPLE_WHICH)
        agency, _ = _agency(ctx, name)
    elif ctx.contact is not None and ctx.contact.agency_id is not None:
        agency = ctx.session.get(Agency, ctx.contact.agency_id)
    else:
        raise Refusal(texts.FOCAL_COMMAND_ONLY)
    people = [c for c in availability.agency_contacts(ctx.session, agency.id) if c.role == Role.FOCAL]
    if not people:
        return Reply.text(texts.PEOPLE_NONE.format(name=agency.name))
    lines = [texts.PEOPLE_HEAD.format(name=bold(agency.name), n=len(people))]
    for c in people:
        now = [p for p in availability.current_leaves(ctx.session, c.id, ctx.today) if p.start <= ctx.today]
        away = texts.PEOPLE_AWAY.format(date=texts.vn_date(now[0].end)) if now else ""
        lines.append(texts.PEOPLE_LINE.format(name=c.display_name or c.user_id, platform=texts.CHANNEL_NAME.get(
            str(c.platform), str(c.platform)), id=c.id, away=away))
    return Reply.text("\n".join(lines))

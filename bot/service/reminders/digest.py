"""The dispatcher's messages: one digest per contact per pass, cut into parts that each fit
one platform message, every part carrying the claim keys of the tasks it shows.

Why parts are cut here and not left to the channel: a part is the unit that is marked sent.
If the second of three messages fails, the tasks in the first are already recorded as
delivered and only the rest is retried, so a retry repeats nothing. Entries are never cut;
tasks are formatted by `views.task_entry` like everywhere else.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from bot.domain import Role
from bot.render import bold
from bot.service import texts
from bot.service.parts import pack
from bot.service.ports import Capabilities, Entry, Reply
from bot.service.reminders.availability import answered_line
from bot.service.reminders.owed import Delivery, Due, Fault, Item, fault_of
from bot.service.views import checkin_line, sort_key, task_entry

GROUPS = texts.DIGEST_GROUPS
CATEGORY = {"overdue": "overdue", "before": "upcoming", "due": "upcoming", "escalation": "overdue",
            "checkin": "periodic", "close": "periodic", "event": "periodic"}
@dataclass
class Part:
    """One platform message and the claim keys it delivers."""

    reply: Reply
    keys: list[str] = field(default_factory=list)
    codes: list[str] = field(default_factory=list)
    ids: list[str] = field(default_factory=list)  # the platform's message ids, once sent

    @property
    def text(self) -> str:
        return self.reply.plain


@dataclass
class _Block:
    entry: Entry
    keys: list[str] = field(default_factory=list)
    codes: list[str] = field(default_factory=list)


def _pack(blocks: list[_Block], caps: Capabilities) -> list[Part]:
    """Blocks into parts with `parts.pack` (the one cutter); each part keeps its blocks' keys."""
    by_entry = {id(b.entry): b for b in blocks}
    parts = []
    for group in pack([b.entry for b in blocks], caps):
        part = Part(Reply(entries=group))
        for e in group:
            b = by_entry.get(id(e))
            if b is not None:
                part.keys += b.keys
                part.codes += b.codes
        parts.append(part)
    return parts


def _footer(caps: Capabilities, codes: list[str]) -> _Block:
    if caps.has_buttons:
        return _Block(Entry(texts.REPLY_HINT_BUTTONS))
    return _Block(Entry(texts.REPLY_HINT_TEXT.format(code=codes[0] if codes else "TB25-11")))


def _titled(title: str, entry: Entry) -> Entry:
    return Entry(f"{bold(title)}\n{entry.text}", entry.buttons)


def _category(item: Item | None, due: Due, today: date) -> str:
    """A slot's group; for a task without a slot (monthly check-in), its state's."""
    if item is not None:
        return CATEGORY.get(item.kind, "periodic")
    if due.task.kind != "date":
        return "periodic"
    effective = due.assignment.new_due or due.task.due
    return "overdue" if effective and effective < today else "others"


def _task_blocks(rows: list[tuple[Item | None, Due]], today: date, buttons: bool, tz=None) -> list[_Block]:
    """Task entries grouped by category, soonest first in each; each group's title rides on
    its first entry so a part never ends on a bare title. A check-in says which week or month
    it asks about (`tz`: the calendar's, for the day it fell on)."""
    groups: dict[str, list[tuple[Item | None, Due]]] = {}
    for item, due in rows:
        groups.setdefault(_category(item, due, today), []).append((item, due))
    order = [g for g, _ in GROUPS if g in groups]
    titles = {g: texts.GROUP_TITLE.format(label=label, n=len(groups[g])) for g, label in GROUPS if g in groups}
    out: list[_Block] = []
    for g in order:
        for n, (item, due) in enumerate(sorted(groups[g], key=lambda r: sort_key(r[1].task, r[1].assignment))):
            entry = task_entry(due.task, today, due.assignment, buttons=buttons, snooze=buttons)
            if item is not None and item.kind == "checkin":
                asked = (item.slot_at.astimezone(tz) if tz else item.slot_at).date()
                entry = Entry(f"{entry.text}\n{checkin_line(due.task, asked, today)}", entry.buttons)
            if due.last:
                entry = Entry(f"{entry.text}\n{answered_line(due.last)}", entry.buttons)
            out.append(_Block(_titled(titles[g], entry) if n == 0 else entry,
                              [item.key] if item else [], [due.task.code]))
    return out


def _digest(name: str, rows, caps: Capabilities, today: date, tz=None) -> list[Part]:
    blocks = _task_blocks(rows, today, caps.has_buttons, tz)
    head = texts.DIGEST_HEAD.format(title=bold(texts.DIGEST_TITLE), name=name, n=len(blocks))
    return _pack([_Block(Entry(head)), *blocks, _footer(caps, [c for b in blocks for c in b.codes])], caps)


def _monthly(name: str, d: Delivery, month: Item, slots: list[Item], caps: Capabilities, today: date,
             tz=None) -> list[Part]:
    """Every open task of the agency; the pass's slot reminders ride along (one message a pass)."""
    by_assignment = {i.due.assignment.id: i for i in slots}
    rows = [(by_assignment.get(x.assignment.id), x) for x in d.dues]
    blocks = _task_blocks(rows, today, caps.has_buttons, tz)
    head = texts.MONTHLY_HEAD.format(title=bold(texts.MONTHLY_TITLE.format(month=f"{today:%m/%Y}")), name=name,
                                     n=len(blocks))
    parts = _pack([_Block(Entry(head)), *blocks, _footer(caps, [c for b in blocks for c in b.codes])], caps)
    parts[-1].keys.append(month.key)  # a failed later part resends the whole check-in
    return parts


def build(d: Delivery, won: set[str], caps: Capabilities, today: date, *, files=None, tz=None) -> list[Part]:
    """The parts of delivery `d`, limited to the keys this pass `won` (`files`: where review
    notices find the evidence they forward; `tz`: how they show times)."""
    items = [i for i in d.items if i.key in won]
    if not items:
        return []
    from bot.service.review import notices  # late: review builds on the conversation

    if d.kind in notices.KINDS:
        return _review_parts(d, items, caps, today, files, tz, notices)
    name = d.agency.name if d.agency else ""
    slots = [i for i in items if i.due is not None]
    if d.kind == "digest":
        parts = _digest(name, [(i, i.due) for i in slots], caps, today, tz)
    elif d.kind == "monthly":
        month = next((i for i in items if i.kind == "month"), None)
        parts = (_monthly(name, d, month, slots, caps, today, tz) if month
                 else _digest(name, [(i, i.due) for i in slots], caps, today, tz))
    elif d.kind == "escalation":
        parts = [_escalation(slots, caps, today)]
    elif d.kind == "orphan":
        counts: dict[int, list[str]] = {}
        for x in d.dues:
            counts.setdefault(x.agency.id, []).append(x.task.code)
        blocks = [_Block(Entry(_orphan_line(i, counts.get(i.agency.id, []))), [i.key]) for i in items]
        head = texts.ORPHAN_HEAD.format(title=bold(texts.ORPHAN_TITLE))
        tail = texts.ORPHAN_TAIL
        parts = _pack([_Block(Entry(head)), *blocks, _Block(Entry(tail))], caps)
    elif d.kind == "notice":  # reorganisation, all focal points away, tasks nobody took over
        parts = _pack([_Block(Entry(d.text), [items[0].key])], caps)
    elif d.kind == "blocked":
        parts = _pack([_Block(Entry(_blocked_text(d)), [items[0].key])], caps)
    elif d.kind == "fault":
        parts = _pack([_Block(Entry(_fault_text(d)), [items[0].key])], caps)
    else:
        raise ValueError(f"unknown delivery kind {d.kind!r}")
    if d.gate is not None and d.gate.key in won:
        parts[0].keys.insert(0, d.gate.key)
    return parts


def build_isolated(d: Delivery, won: set[str], caps: Capabilities, today: date,
                   **kw) -> tuple[list[Part], list[Fault]]:
    """`build`, except that a task whose rendering fails (a stored row no code expected) is
    left out, not the whole message: each task is tried alone to find the culprits, which come
    back as Faults for the secretariat; everything else is rendered as usual."""
    try:
        return build(d, won, caps, today, **kw), []
    except Exception as exc:
        if d.kind not in ("digest", "monthly", "escalation"):
            raise
        first = exc
    dues = {x.assignment.id: x for x in [i.due for i in d.items if i.due is not None] + d.dues}
    kind = "escalation" if d.kind == "escalation" else "digest"
    bad: list[Fault] = []
    for due in dues.values():
        probe = Delivery(kind, d.contact, [Item("probe", "due", d.items[0].slot_at, due)], agency=d.agency)
        try:
            build(probe, {"probe"}, caps, today, **kw)
        except Exception as exc:  # noqa: BLE001 - this task is the culprit
            bad.append(fault_of(due, exc))
    if not bad:
        raise first
    ids = {f.due.assignment.id for f in bad}
    d.items = [i for i in d.items if i.due is None or i.due.assignment.id not in ids]
    d.dues = [x for x in d.dues if x.assignment.id not in ids]
    return build(d, won, caps, today, **kw), bad


# (agencies shown, tasks shown, content width): tried in turn until the summary fits one message
_ESCALATION_SHAPES = ((10, 10, 80), (10, 10, 40), (5, 10, 40), (5, 5, 40), (3, 3, 30), (0, 0, 0))


def _escalation(slots: list[Item], caps: Capabilities, today: date) -> Part:
    """The lead's escalation as ONE message, however many tasks: counts per agency (most
    overdue tasks first), the oldest overdue tasks, and a pointer to /quahan. It carries the
    claim key of every escalated slot, so each is still delivered (and marked sent) once."""
    by_agency: dict[int, list[Item]] = {}
    by_task: dict[int, list[Item]] = {}
    for i in slots:
        by_agency.setdefault(i.due.agency.id, []).append(i)
        by_task.setdefault(i.due.task.id, []).append(i)

    def due_of(i: Item) -> date:
        return i.about or i.due.assignment.new_due or i.due.task.due or today

    agencies = sorted(by_agency.values(), key=lambda xs: (-len(xs), min(map(due_of, xs)), xs[0].due.agency.name))
    oldest = sorted(by_task.values(), key=lambda xs: (min(map(due_of, xs)), xs[0].due.task.code))
    head = texts.ESCALATION_HEAD.format(title=bold(texts.ESCALATION_TITLE), n=len(by_task), agencies=len(by_agency))
    keys = [i.key for i in slots]
    codes = [xs[0].due.task.code for xs in oldest]
    for n_agencies, n_tasks, width in _ESCALATION_SHAPES:
        entries = [Entry(head)]
        if n_agencies:
            lines = [texts.ESCALATION_BY_AGENCY]
            lines += [texts.ESCALATION_AGENCY_LINE.format(name=xs[0].due.agency.name, n=len(xs))
                      for xs in agencies[:n_agencies]]
            rest = agencies[n_agencies:]
            if rest:
                lines.append(texts.ESCALATION_MORE_AGENCIES.format(k=len(rest), n=sum(len(xs) for xs in rest)))
            entries.append(Entry("\n".join(lines)))
        if n_tasks:
            lines = [texts.ESCALATION_OLDEST.format(k=min(n_tasks, len(oldest)))]
            for xs in oldest[:n_tasks]:
                first, due = xs[0].due, min(map(due_of, xs))
                who = first.agency.name if len(xs) == 1 else texts.ESCALATION_AGENCIES.format(n=len(xs))
                lines.append(texts.ESCALATION_TASK_LINE.format(
                    code=bold(first.task.code), content=texts.shorten(first.task.content, width),
                    due=texts.vn_date(due), days=(today - due).days, who=who))
            entries.append(Entry("\n".join(lines)))
        entries.append(Entry(texts.ESCALATION_POINTER))
        if len(pack(entries, caps)) == 1:
            break
    return Part(Reply(entries=entries), keys, codes[:n_tasks])


def _orphan_line(item: Item, codes: list[str]) -> str:
    shown = ", ".join(codes[:5]) + (" …" if len(codes) > 5 else "")
    return texts.ORPHAN_LINE.format(name=bold(item.agency.name), n=len(codes), codes=shown)


def _fault_text(d: Delivery) -> str:
    """Plain facts only (the task's code and agency, the error's text): it must render whatever
    is wrong with the task."""
    task = d.dues[0].task
    agency = texts.OF_AGENCY.format(name=d.agency.name) if d.agency else ""
    return texts.FAULT_TEXT.format(title=bold(texts.FAULT_TITLE), code=bold(task.code), agency=agency,
                                   error=texts.shorten(d.error, 120))


def _blocked_text(d: Delivery) -> str:
    s = d.subject
    who = s.display_name or f"{s.platform}:{s.user_id}"
    agency = texts.OF_AGENCY.format(name=d.agency.name) if d.agency else ""
    return texts.BLOCKED_TEXT.format(title=bold(texts.BLOCKED_TITLE), role=texts.capitalise(texts.ROLE[Role(s.role)]),
                                     who=who, agency=agency, platform=s.platform)


def _review_parts(d: Delivery, items: list[Item], caps: Capabilities, today: date, files, tz, notices) -> list[Part]:
    if d.kind == "rvlate":
        keys = {i.key for i in items}
        rows = [r for r in d.late if any(k.startswith(f"rvlate:a{r[1].id}:e{r[3].id}:") for k in keys)]
        reply = notices.late_message(rows, tz, today)
        parts = _cut_reply(reply, caps)
        return [Part(p, [i.key for i in items] if n == len(parts) - 1 else []) for n, p in enumerate(parts)]
    reply = notices.message(d.kind, d.notice, caps, tz, files)
    return [Part(p, [items[0].key] if n == len(parts) - 1 else [], [d.notice.task.code])
            for parts in [_cut_reply(reply, caps)] for n, p in enumerate(parts)]


def _cut_reply(reply: Reply, caps: Capabilities) -> list[Reply]:
    from bot.service.parts import split

    parts = split(reply, caps)
    for p in parts:
        p.edit_id = reply.edit_id if len(parts) == 1 else None
    return parts

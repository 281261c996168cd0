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

from bot.channels.base import Capabilities, caps_of
from bot.render import ENTRY_SEP, bold, visible_len
from bot.service.reminders.owed import Delivery, Due, Item
from bot.service.ports import Entry, Reply
from bot.service.onboarding import ROLE_VI
from bot.service.views import sort_key, task_entry

GROUPS = (("overdue", "Quá hạn"), ("upcoming", "Sắp đến hạn"), ("periodic", "Báo cáo định kỳ"),
          ("others", "Các việc khác"))
CATEGORY = {"overdue": "overdue", "before": "upcoming", "due": "upcoming", "escalation": "overdue",
            "checkin": "periodic", "close": "periodic", "event": "periodic"}
TEXT_HINT = ("Trả lời bằng tin nhắn (có dấu hay không dấu đều được):\n"
             "• XONG <mã> [ghi chú]\n• CHAM <mã> [ngày] [lý do]\n• GHICHU <mã> <nội dung>\n"
             "Ví dụ: XONG {code} đã hoàn thành")
BUTTON_HINT = "Bấm Xong, Chậm hoặc Ghi chú dưới mỗi việc, hoặc trả lời thẳng tin nhắn này."
MARGIN = 64  # Telegram counts UTF-16 units; keep clear of the limit
MAX_BUTTON_ENTRIES = 30  # 3 buttons each: under Telegram's 100 buttons per message


@dataclass
class Part:
    """One platform message and the claim keys it delivers."""

    reply: Reply
    keys: list[str] = field(default_factory=list)
    codes: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return self.reply.plain


@dataclass
class _Block:
    entry: Entry
    keys: list[str] = field(default_factory=list)
    codes: list[str] = field(default_factory=list)


def caps_for(platform: str, channel=None) -> Capabilities:
    """The running channel's, else (dry runs without a token) how the platform would show it."""
    return channel.caps if channel is not None else caps_of(platform)


def _pack(blocks: list[_Block], caps: Capabilities) -> list[Part]:
    limit = max(200, caps.max_len - MARGIN)
    parts: list[Part] = []
    size = buttons = 0
    for b in blocks:
        n = visible_len(b.entry.text)
        full = parts and (size + len(ENTRY_SEP) + n > limit or (b.entry.buttons and buttons >= MAX_BUTTON_ENTRIES))
        if not parts or full:
            parts.append(Part(Reply()))
            size, buttons = -len(ENTRY_SEP), 0
        p = parts[-1]
        p.reply.entries.append(b.entry)
        p.keys += b.keys
        p.codes += b.codes
        size += len(ENTRY_SEP) + n
        buttons += bool(b.entry.buttons)
    return parts


def _footer(caps: Capabilities, codes: list[str]) -> _Block:
    if caps.has_buttons:
        return _Block(Entry(BUTTON_HINT))
    return _Block(Entry(TEXT_HINT.format(code=codes[0] if codes else "TB25-11")))


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


def _task_blocks(rows: list[tuple[Item | None, Due]], today: date, buttons: bool, *,
                 by_agency: bool = False) -> list[_Block]:
    """Task entries grouped (by category, or by agency for the lead), soonest first in each;
    each group's title rides on its first entry so a part never ends on a bare title."""
    groups: dict[str, list[tuple[Item | None, Due]]] = {}
    for item, due in rows:
        name = due.agency.name if by_agency else _category(item, due, today)
        groups.setdefault(name, []).append((item, due))
    if by_agency:
        order = sorted(groups, key=lambda g: (-len(groups[g]), g))
        titles = {g: f"{g} ({len(groups[g])} việc)" for g in order}
    else:
        order = [g for g, _ in GROUPS if g in groups]
        titles = {g: f"{label} ({len(groups[g])} việc)" for g, label in GROUPS if g in groups}
    out: list[_Block] = []
    for g in order:
        for n, (item, due) in enumerate(sorted(groups[g], key=lambda r: sort_key(r[1].task, r[1].assignment))):
            entry = task_entry(due.task, today, due.assignment, buttons=buttons)
            out.append(_Block(_titled(titles[g], entry) if n == 0 else entry,
                              [item.key] if item else [], [due.task.code]))
    return out


def _digest(name: str, rows, caps: Capabilities, today: date) -> list[Part]:
    blocks = _task_blocks(rows, today, caps.has_buttons)
    head = f"{bold('Nhắc việc')} — {name}\nĐề nghị đồng chí cập nhật tiến độ {len(blocks)} việc dưới đây."
    return _pack([_Block(Entry(head)), *blocks, _footer(caps, [c for b in blocks for c in b.codes])], caps)


def _monthly(name: str, d: Delivery, month: Item, slots: list[Item], caps: Capabilities, today: date) -> list[Part]:
    """Every open task of the agency; the pass's slot reminders ride along (one message a pass)."""
    by_assignment = {i.due.assignment.id: i for i in slots}
    rows = [(by_assignment.get(x.assignment.id), x) for x in d.dues]
    blocks = _task_blocks(rows, today, caps.has_buttons)
    head = (f"{bold(f'Cập nhật tiến độ tháng {today:%m/%Y}')} — {name}\n"
            f"Đề nghị đồng chí cập nhật một lượt tình hình tất cả {len(blocks)} việc cơ quan đang chủ trì: "
            "việc nào đã xong, việc nào đang làm, việc nào cần lùi hạn.")
    parts = _pack([_Block(Entry(head)), *blocks, _footer(caps, [c for b in blocks for c in b.codes])], caps)
    parts[-1].keys.append(month.key)  # a failed later part resends the whole check-in
    return parts


def build(d: Delivery, won: set[str], caps: Capabilities, today: date) -> list[Part]:
    """The parts of delivery `d`, limited to the keys this pass `won`."""
    items = [i for i in d.items if i.key in won]
    if not items:
        return []
    name = d.agency.name if d.agency else ""
    slots = [i for i in items if i.due is not None]
    if d.kind == "digest":
        parts = _digest(name, [(i, i.due) for i in slots], caps, today)
    elif d.kind == "monthly":
        month = next((i for i in items if i.kind == "month"), None)
        parts = (_monthly(name, d, month, slots, caps, today) if month
                 else _digest(name, [(i, i.due) for i in slots], caps, today))
    elif d.kind == "escalation":
        blocks = _task_blocks([(i, i.due) for i in slots], today, False, by_agency=True)
        agencies = len({i.due.agency.id for i in slots})
        head = (f"{bold('Báo cáo lãnh đạo: việc quá hạn')}\n{len(blocks)} việc của {agencies} cơ quan đã quá hạn "
                "nhiều ngày làm việc mà chưa báo hoàn thành. Đề nghị đồng chí chỉ đạo đôn đốc.")
        parts = _pack([_Block(Entry(head)), *blocks], caps)
    elif d.kind == "orphan":
        counts: dict[int, list[str]] = {}
        for x in d.dues:
            counts.setdefault(x.agency.id, []).append(x.task.code)
        blocks = [_Block(Entry(_orphan_line(i, counts.get(i.agency.id, []))), [i.key]) for i in items]
        head = (f"{bold('Cơ quan chưa có đầu mối nhận tin nhắc')}\nCác cơ quan sau có việc chưa hoàn thành nhưng "
                "không có đầu mối đang nhận tin (chưa đăng ký hoặc đã chặn bot), nên bot chưa nhắc được:")
        tail = "Cấp mã mời cho đầu mối: nhacviec invite \"TÊN CƠ QUAN\" --role focal"
        parts = _pack([_Block(Entry(head)), *blocks, _Block(Entry(tail))], caps)
    elif d.kind == "blocked":
        parts = _pack([_Block(Entry(_blocked_text(d)), [items[0].key])], caps)
    else:
        raise ValueError(f"unknown delivery kind {d.kind!r}")
    if d.gate is not None and d.gate.key in won:
        parts[0].keys.insert(0, d.gate.key)
    return parts


def _orphan_line(item: Item, codes: list[str]) -> str:
    shown = ", ".join(codes[:5]) + (" …" if len(codes) > 5 else "")
    return f"• {bold(item.agency.name)} — {len(codes)} việc ({shown})"


def _blocked_text(d: Delivery) -> str:
    s = d.subject
    role = ROLE_VI.get(s.role, s.role)
    who = s.display_name or f"{s.platform}:{s.user_id}"
    agency = f" của {d.agency.name}" if d.agency else ""
    return (f"{bold('Không gửi được tin nhắc')}\n{role[:1].upper() + role[1:]} {who}{agency} ({s.platform}) đã chặn "
            "bot hoặc rời cuộc trò chuyện; bot đã ngừng gửi tin cho tài khoản này. Đề nghị liên hệ cơ quan để "
            "đăng ký lại (nhacviec invite).")

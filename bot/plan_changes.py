"""What a re-import would change that a person must confirm: content under a TT that has a
status history, and tasks that disappear from the file.

Tasks are matched by plan and TT. When a row is inserted near the top, every TT below it
shifts by one, and matching by TT alone would silently move each agency's status onto the
next task's content; an empty or truncated file would archive the plan. Such changes are
refused with a readable diff unless the operator passes `--accept-changes`. Small
corrections (typos, case, punctuation) pass: the folded texts are compared with difflib.
No queries here (the importer loads `Existing`), so the rules are plain functions.
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from bot.plan_codes import code_suffix
from bot.plan_files import Problem
from bot.store.models import Assignment, Task
from bot.text import fold

SAME_TASK = 0.8  # difflib ratio on folded content at or above which a rewrite is a correction
FEW = 3  # archiving up to this many tasks (or up to FEW_SHARE of the plan) needs no confirmation
FEW_SHARE = 0.10
ACCEPT = "Nếu đúng là vậy, nhập lại với --accept-changes."


@dataclass(frozen=True)
class Incoming:
    line: int
    no: str
    content: str


@dataclass
class Existing:
    """A plan as stored, before the re-import touches it."""

    tasks: dict[str, Task] = field(default_factory=dict)  # code suffix ("3a") -> task, archived ones too
    shares: dict[int, list[Assignment]] = field(default_factory=dict)  # task id -> its assignments
    referenced: set[int] = field(default_factory=set)  # assignment ids with status events or reminders
    with_history: set[int] = field(default_factory=set)  # task ids with status events


def review(existing: Existing, incoming: list[Incoming], content_col: str) -> list[Problem]:
    """Everything in this file the operator must confirm, in file order."""
    stored = {k: _Stored(t.code, t.content, t.archived, t.id in existing.with_history) for k, t in existing.tasks.items()}
    pairs = [(stored[code_suffix(r.no)], r) for r in incoming if code_suffix(r.no) in stored]
    keep = {code_suffix(r.no) for r in incoming}
    out = content_changes(pairs, incoming, content_col)
    gone = [t for k, t in stored.items() if k not in keep]
    problem = archive_problem(gone, sum(not t.archived for t in stored.values()))
    return out + ([problem] if problem else [])


@dataclass(frozen=True)
class _Stored:
    code: str
    content: str
    archived: bool
    has_history: bool


def similarity(old: str, new: str) -> float:
    """How alike two contents are, ignoring case, marks, spacing and punctuation (0..1)."""
    return difflib.SequenceMatcher(None, fold(old), fold(new), autojunk=False).ratio()


def _short(text: str, n: int = 90) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def content_changes(pairs: list[tuple[_Stored, Incoming]], incoming: list[Incoming], content_col: str) -> list[Problem]:
    """A task with history whose content under its TT is now another task's: old, new, and
    where the old content went if it is still in the file (a renumbering)."""
    out = []
    for old, new in pairs:
        if not old.has_history or (ratio := similarity(old.content, new.content)) >= SAME_TASK:
            continue
        moved = max(incoming, key=lambda r: similarity(old.content, r.content), default=None)
        where = (f" Nội dung cũ nay ở TT {moved.no} (dòng {moved.line}): có dòng mới chèn vào làm đổi số thứ tự?"
                 if moved and moved is not new and similarity(old.content, moved.content) >= SAME_TASK else "")
        out.append(Problem(new.line, content_col, (
            f"{old.code} đã có báo cáo tiến độ nhưng nội dung TT {new.no} đổi khác (giống {ratio:.0%}); "
            f"báo cáo sẽ gắn với nội dung mới.\n    − cũ:  {_short(old.content)}\n    + mới: {_short(new.content)}\n   "
            f"{where} {ACCEPT}")))
    return out


def archive_problem(gone: list[_Stored], live: int) -> Problem | None:
    """Archiving more than a few of the plan's live tasks, or all of them, looks like a wrong file."""
    gone = [t for t in gone if not t.archived]
    if not gone or (len(gone) < live and len(gone) <= max(FEW, int(live * FEW_SHARE))):
        return None
    codes = ", ".join(t.code for t in gone[:8]) + (", …" if len(gone) > 8 else "")
    return Problem(0, "", f"Tệp này sẽ đưa {len(gone)}/{live} việc đang theo dõi vào lưu trữ ({codes}) vì không "
                          f"còn trong tệp. Tệp thiếu dòng hoặc nhầm tệp? {ACCEPT}")

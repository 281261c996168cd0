"""Reading what a person typed: commands, task codes and free-text status replies.

Pure functions. Keywords are matched on folded text, so "xong", "Xong", "xông" (autocorrect),
"chậm", "cham", "trễ" all work. When a text says two things ("xong một phần nhưng còn chậm")
the result is ambiguous and the conversation asks; it never guesses silently.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from bot.text import fold, nfc
from schedules.deadlines import extract_reply_date

COMMANDS = {
    "start": "start", "dangky": "start", "batdau": "start",
    "done": "done", "xong": "done",
    "delayed": "delayed", "delay": "delayed", "cham": "delayed", "tre": "delayed",
    "note": "note", "ghichu": "note",
    "progress": "progress", "danglam": "progress",
    "tasks": "tasks", "viec": "tasks",
    "overdue": "overdue", "quahan": "overdue",
    "help": "help", "huongdan": "help", "trogiup": "help",
    "summary": "summary", "tonghop": "summary",
    "agency": "agency", "coquan": "agency",
    "task": "task", "nhiemvu": "task",
    "undo": "undo", "hoantac": "undo",
    "report": "report", "baocao": "report",
    "cancel": "cancel", "huy": "cancel",
}
# Words that start a Zalo-style text command ("XONG TB25-11 …", "DANGKY ABC123").
TEXT_COMMANDS = {"xong": "done", "cham": "delayed", "tre": "delayed", "ghichu": "note", "ghi": "note",
                 "dangky": "start", "dang": "start"}

_CMD = re.compile(r"^\s*/([A-Za-z_]+)(?:@\w+)?(?:\s+(.*))?$", re.S)
_CODE = re.compile(r"(?<![\w-])([A-Za-z]{2,8}\d{0,4})\s?-\s?(\d+(?:\.\d+)*[a-zA-Z]?)(?!\w)")

_DONE = re.compile(r"\b(xong|hoan thanh|hoan tat|done|finished)\b")
_NOT_DONE = re.compile(r"\b(chua|khong|ko|k)\s+(xong|hoan thanh|kip)\b")
_DELAY = re.compile(r"\b(cham|tre|lui han|xin lui|gia han|delay|delayed|qua han)\b")
_PROGRESS = re.compile(r"\b(dang (lam|thuc hien|trien khai|xu ly|hoan thien|tien hanh)|in progress)\b")
_LEAD_WORDS = {"xong", "roi", "a", "nhe", "nha", "ha", "ok", "oke", "hoan", "thanh", "tat", "done",
               "cham", "tre", "lui", "han", "xin", "gia", "du", "kien", "se", "chua", "khong", "kip",
               "delay", "delayed", "vi", "do", "ly", "den", "toi", "ngay", "moi"}
_SOFT_LEAD = {"da", "dang", "bi", "bao", "cao"}


@dataclass(frozen=True)
class Command:
    name: str  # canonical: done, delayed, note, tasks …
    args: str


@dataclass(frozen=True)
class FreeText:
    intent: str | None  # done | delayed | in_progress | None (unclear)
    ambiguous: bool
    codes: list[str]
    note: str  # what to store: the text without its leading keywords, codes and date
    new_due: date | None = None


def parse_command(text: str) -> Command | None:
    """'/xong@bot TB25-11 đã xong' → Command('done', 'TB25-11 đã xong'); unknown → name 'unknown'."""
    m = _CMD.match(text)
    if not m:
        return None
    return Command(COMMANDS.get(fold(m.group(1)).replace(" ", ""), "unknown:" + m.group(1)), nfc(m.group(2) or ""))


def parse_text_command(text: str) -> Command | None:
    """Zalo has no slash menu: 'XONG TB25-11 …', 'cham TB25-11 15/7 …', 'ĐĂNG KÝ ABC' are commands."""
    words = nfc(text).split(maxsplit=1)
    if not words:
        return None
    first = fold(words[0]).replace(" ", "")
    rest = words[1] if len(words) > 1 else ""
    if first == "dang" and fold(rest).startswith("ky "):
        return Command("start", rest.split(maxsplit=1)[1] if len(rest.split()) > 1 else "")
    name = TEXT_COMMANDS.get(first)
    if name in ("done", "delayed", "note") and find_codes(rest[:40]):
        return Command(name, rest)
    if name == "start" and first == "dangky":
        return Command("start", rest)
    return None


def normalise_code(prefix: str, number: str) -> str:
    return f"{prefix.upper()}-{number.lower() if number[-1:].isalpha() else number}"


def find_codes(text: str) -> list[str]:
    """Task codes in a text, in order, without repeats: 'tb25-11' → 'TB25-11'."""
    out: list[str] = []
    for m in _CODE.finditer(text or ""):
        code = normalise_code(m.group(1), m.group(2))
        if code not in out:
            out.append(code)
    return out


def split_code(text: str) -> tuple[str | None, str]:
    """The first task code in a command's arguments, and the arguments without it
    ('demo-1 đã xong' → ('DEMO-1', 'đã xong')), whatever case the code was typed in."""
    m = _CODE.search(text or "")
    if m is None:
        return None, text.strip()
    return normalise_code(m.group(1), m.group(2)), nfc(text[:m.start()] + " " + text[m.end():])


def strip_codes(text: str) -> str:
    return nfc(_CODE.sub(" ", text)).strip(" ,.;:")


def strip_lead(text: str) -> str:
    """Drop the leading status words ('xong rồi,', 'chậm, dự kiến', 'vì') and tidy punctuation."""
    tokens = text.split()
    while tokens:
        word = fold(tokens[0])
        nxt = fold(tokens[1]) if len(tokens) > 1 else ""
        if word in _LEAD_WORDS or not word or (word in _SOFT_LEAD and nxt in _LEAD_WORDS):
            tokens.pop(0)
            continue
        break
    return " ".join(tokens).strip(" ,.;:-–—")


def classify(text: str, today: date) -> FreeText:
    raw = nfc(text)
    codes = find_codes(raw)
    body = nfc(strip_codes(raw))
    folded = fold(body)
    delayed = bool(_DELAY.search(folded) or _NOT_DONE.search(folded))
    done = bool(_DONE.search(_NOT_DONE.sub(" ", folded)))
    progress = bool(_PROGRESS.search(folded))
    found = [name for name, hit in (("done", done), ("delayed", delayed), ("in_progress", progress)) if hit]
    intent = found[0] if len(found) == 1 else None
    new_due = None
    note = body
    if intent == "delayed":
        hit = extract_reply_date(body, today)
        if hit:
            new_due, note = hit
    if intent == "in_progress":
        return FreeText(intent, False, codes, body.strip(" ,.;:"), new_due)
    return FreeText(intent, len(found) > 1, codes, strip_lead(note), new_due)

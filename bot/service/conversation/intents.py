"""Reading what a person typed: commands, task codes and free-text status replies.

Pure functions. Commands and keywords are matched on folded text, so "xong", "Xong", "xông"
(autocorrect), "chậm", "cham", "trễ" all work. What a free-text reply means is read by
`schedules.replies`: when it does not say clearly, the conversation asks and writes nothing.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from bot.domain import Action
from bot.service.texts import BARE, SLASH, WORDS
from bot.text import fold, nfc
from schedules.calendar import WorkCalendar
from schedules.replies import Meaning, read_reply

_CMD = re.compile(r"^\s*/([A-Za-z_]+)(?:@\w+)?(?:\s+(.*))?$", re.S)
_CODE = re.compile(r"(?<![\w-])([A-Za-z]{2,8}\d{0,4})\s?-\s?(\d+(?:\.\d+)*[a-zA-Z]?)(?!\w)")

_LEAD_WORDS = {"xong", "roi", "a", "nhe", "nha", "ha", "ok", "oke", "hoan", "thanh", "tat", "done",
               "cham", "tre", "lui", "han", "xin", "gia", "du", "kien", "se", "chua", "khong", "kip",
               "delay", "delayed", "vi", "do", "ly", "den", "toi", "ngay", "moi"}
_SOFT_LEAD = {"da", "dang", "bi", "bao", "cao"}


@dataclass(frozen=True)
class Command:
    action: Action | None  # None: a slash command we do not know
    args: str


_ACTION_OF = {Meaning.DONE: Action.DONE, Meaning.DELAYED: Action.DELAY, Meaning.IN_PROGRESS: Action.PROGRESS}


@dataclass(frozen=True)
class FreeText:
    meaning: Meaning
    codes: list[str]
    note: str  # what to store: the text without its leading status words, codes and date
    new_due: date | None = None
    date_problem: str | None = None  # the new date cannot be taken: why, with an example

    @property
    def intent(self) -> Action | None:
        """The status action the text states clearly; None when the bot must ask."""
        return _ACTION_OF.get(self.meaning)


def parse_command(text: str) -> Command | None:
    """'/xong@bot TB25-11 đã xong' → Command(DONE, 'TB25-11 đã xong'); unknown → action None."""
    m = _CMD.match(text)
    if not m:
        return None
    return Command(SLASH.get(fold(m.group(1)).replace(" ", "")), nfc(m.group(2) or ""))


def parse_text_command(text: str) -> Command | None:
    """Zalo has no slash menu: 'XONG TB25-11 …', 'cham TB25-11 15/7 …', 'ĐĂNG KÝ ABC' are commands.
    A status word counts as a command only when a task code follows it closely."""
    words = nfc(text).split(maxsplit=1)
    if not words:
        return None
    first = fold(words[0]).replace(" ", "")
    rest = words[1] if len(words) > 1 else ""
    if first == "dang" and fold(rest).startswith("ky "):
        return Command(Action.START, rest.split(maxsplit=1)[1] if len(rest.split()) > 1 else "")
    action = WORDS.get(first)
    if action == Action.START:
        return Command(action, rest)
    if action == Action.LEAVE and re.match(r"\s*(\d|huy\b)", fold(rest)):  # "NGHI 10/12 - 20/12", "NGHI HUY"
        return Command(action, rest)
    if action is not None and find_codes(rest[:40]):
        return Command(action, rest)
    return None


def parse_bare_word(text: str) -> Command | None:
    """Zalo users type 'viec', 'HOANTAC', 'tong hop' without a slash."""
    action = BARE.get(fold(text).replace(" ", ""))
    return Command(action, "") if action else None


def parse(text: str) -> Command | None:
    """A command in any of its forms, or None for free text."""
    return parse_command(text) or parse_text_command(text) or parse_bare_word(text)


def task_code(prefix: str, number: str) -> str:
    """The canonical spelling of a typed task code: prefix upper-case, a letter suffix lower-case."""
    return f"{prefix.upper()}-{number.lower() if number[-1:].isalpha() else number}"


def find_codes(text: str) -> list[str]:
    """Task codes in a text, in order, without repeats: 'tb25-11' → 'TB25-11'."""
    out: list[str] = []
    for m in _CODE.finditer(text or ""):
        code = task_code(m.group(1), m.group(2))
        if code not in out:
            out.append(code)
    return out


def split_code(text: str) -> tuple[str | None, str]:
    """The first task code in a command's arguments, and the arguments without it
    ('demo-1 đã xong' → ('DEMO-1', 'đã xong')), whatever case the code was typed in."""
    m = _CODE.search(text or "")
    if m is None:
        return None, text.strip()
    return task_code(m.group(1), m.group(2)), nfc(text[:m.start()] + " " + text[m.end():])


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


def classify(text: str, today: date, calendar: WorkCalendar | None = None) -> FreeText:
    """A free-text reply: its task codes, and what it says (`schedules.replies.read_reply`:
    only an explicit statement of completion is DONE)."""
    raw = nfc(text)
    codes = find_codes(raw)
    reading = read_reply(nfc(strip_codes(raw)), today, calendar)
    return FreeText(reading.meaning, codes, reading.note, reading.new_due, reading.date_problem)

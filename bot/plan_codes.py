"""Task codes ("TB25-11", "NQ57-1.4a"): the rule that keeps them typeable in a chat message.

The chat finds codes with `bot.service.conversation.intents.find_codes`: a prefix of 2–8 letters then at
most 4 digits, a dash, a number like 3, 1.2 or 12.3a; it upper-cases the prefix and
lower-cases the letter. A code stored in any other shape (key "kh", "KH123456", "2025",
TT "3A" or "II") could never be matched by what a person types, so the importer refuses
such keys and TTs here, and `task_code` writes the one shape the chat reads back.
"""
from __future__ import annotations

import re

from bot.text import strip_marks

KEY_RULE = re.compile(r"[A-Z]{2,8}[0-9]{0,4}")  # intents._CODE's prefix, in its normalised (upper) case
NO_RULE = re.compile(r"[0-9]+(?:\.[0-9]+)*[a-z]?")  # intents._CODE's number, letter lower-cased
KEY_HELP = "cần 2–8 chữ cái in hoa không dấu, rồi tối đa 4 chữ số (ví dụ TB25, NQ57, KHCD)"


def key_problem(key: str) -> str | None:
    """Why a plan key cannot prefix typeable codes (Vietnamese), or None when it can."""
    if KEY_RULE.fullmatch(key):
        return None
    hint = f"; viết là {key.upper()}" if KEY_RULE.fullmatch(key.upper()) else ""
    return f"Mã kế hoạch “{key}” không tạo được mã việc gõ được trong tin nhắn: {KEY_HELP}{hint}"


def code_suffix(no: str) -> str:
    """The TT as it appears in the code: no marks, no spaces or brackets, letter lower-case."""
    return strip_marks(no).replace(" ", "").strip("()").lower()


def no_problem(no: str) -> str | None:
    """Why a TT cannot end a typeable code (Vietnamese), or None when it can."""
    if NO_RULE.fullmatch(code_suffix(no)):
        return None
    return f"TT “{no}” không tạo được mã việc gõ được: cần dạng số như 3, 1.2 hoặc 12.3a"


def task_code(plan_key: str, no: str) -> str:
    """ASCII, no spaces, in the case `find_codes` returns: "TB25-11", "NQ57-3.2a"."""
    return f"{plan_key}-{code_suffix(no)}"

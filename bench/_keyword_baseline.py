"""The keyword classifier that `schedules.replies.read_reply` replaced (frozen copy, bench only):
any done word anywhere meant "done", so "xong chưa?" and "sắp xong" closed tasks. Kept so that
bench/replies_nlu.py can print the new reader side by side with what it replaced."""
from __future__ import annotations

import re

from bot.text import fold

_DONE = re.compile(r"\b(xong|hoan thanh|hoan tat|done|finished)\b")
_NOT_DONE = re.compile(r"\b(chua|khong|ko|k)\s+(xong|hoan thanh|kip)\b")
_DELAY = re.compile(r"\b(cham|tre|lui han|xin lui|gia han|delay|delayed|qua han)\b")
_PROGRESS = re.compile(r"\b(dang (lam|thuc hien|trien khai|xu ly|hoan thien|tien hanh)|in progress)\b")


def keyword_label(text: str) -> str:
    folded = fold(text)
    delayed = bool(_DELAY.search(folded) or _NOT_DONE.search(folded))
    done = bool(_DONE.search(_NOT_DONE.sub(" ", folded)))
    progress = bool(_PROGRESS.search(folded))
    found = [name for name, hit in (("done", done), ("delayed", delayed), ("in_progress", progress)) if hit]
    return found[0] if len(found) == 1 else "unclear"

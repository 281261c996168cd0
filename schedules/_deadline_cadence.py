"""Cadence, anchor, event and postponement patterns of the completion-time grammar.

Split from `_deadline_grammar` (the period pattern and its arithmetic) to keep each file short;
same conventions: every pattern runs on the folded text (see `_fold.fold`).
"Hằng tuần" is a cadence of its own ("weekly"); "hằng ngày" stays ongoing work.
"""
from __future__ import annotations

import re


def at_words(letters: str, body: str) -> re.Pattern[str]:
    """`\b<body>` (verbose, ASCII), tried only where a word begins with one of `letters` or a digit.

    Why: Python's regex engine tries every alternative of a big pattern at every word boundary
    (word ends included). A one-character lookahead lets it reject most positions at once: the
    scans run about twice as fast. `letters` must hold the first letter of every word a match can
    begin with; tests/unit/test_deadline_patterns.py checks that each guarded pattern finds
    exactly what its bare body finds."""
    return re.compile(rf"\b(?=[0-9{letters}]){body}", re.VERBOSE | re.ASCII)


_TIMES = r"\s*(?:/\s*(?:0?1\s*)?lan|(?:mot|0?1)\s*lan)\b"
# hằng/mỗi/định kỳ/tuần/tháng/quý/năm/của/và/những/các/thường/liên/trở/bốn/hai/nửa
CADENCE_STARTS = "hmdtqncvlb"
CADENCE_BODY = rf"""(?:
    (?P<weekly>\b(?:hang|moi)\s+tuan\b|\bdinh\s+ky\s+(?:hang\s+)?tuan\b|\btuan\s*(?:/\s*)?(?:mot|0?1)\s*lan\b)
   |(?P<monthly>\b(?:hang|moi)\s+thang\b|\bdinh\s+ky\s+(?:hang\s+)?thang\b|\bthang\s+bao\s+cao\b
       |(?<!\d)(?<!\d\s)\b(?:0?1\s*)?thang{_TIMES}|\b12\s*lan\s*(?:/|mot|trong|moi)\s*nam\b)
   |(?P<quarterly>\b(?:hang|moi)\s+quy\b|\bdinh\s+ky\s+(?:hang\s+)?quy\b
       |\b(?:hang|moi|dinh\s+ky)\s+(?:0?3|ba)\s+thang\b|\b0?3\s*thang{_TIMES}|\bquy{_TIMES}
       |\bthang\s+(?:dau(?:\s+tien)?|cuoi(?:\s+cung)?|giua|thu\s+(?:nhat|hai|ba|[123]))\s+(?:cua\s+)?(?:moi\s+|hang\s+)?quy\b
       |\b(?:4|bon)\s*lan\s*(?:/|mot|trong|moi)\s*nam\b)
   |(?P<semiannual>\b(?:hang|moi|dinh\s+ky)\s+(?:0?6\s+thang|nua\s+nam)\b|\b(?:0?6\s*thang|nua\s+nam){_TIMES}
       |\b(?:2|hai)\s*lan\s*(?:/|mot|trong|moi)\s*nam\b)
   |(?P<yearly>\bnam\s+bao\s+cao\b|\b(?:hang|moi)\s+nam\b|\bdinh\s+ky\s+(?:hang\s+)?nam\b|\bthuong\s+nien\b
       |(?<!\d)(?<!\d\s)\b(?:0?1\s*)?nam{_TIMES}|\b12\s*thang{_TIMES}|\b(?:cua\s+)?nam\s+truoc\b(?!\s*\d)
       |\b(?:va\s+)?(?:nhung|cac)\s+nam\s+(?:tiep\s+theo|sau(?:\s+do)?|ke\s+tiep)\b)
   |(?P<ongoing>\bthuong\s+(?:xuyen|truc)\b|\blien\s+tuc\b|\b(?:hang|moi)\s+ngay\b
       |\btro\s+(?:di|ve\s+sau)\b|\bdinh\s+ky\b)
    )"""
CADENCE = at_words(CADENCE_STARTS, CADENCE_BODY)
# words one of which every cadence contains: most texts skip the CADENCE scan on this test alone
CADENCE_HINT = re.compile(r"\b(?:hang|moi|dinh|lan|thuong|nam\s+truoc|nien|lien|tro\s|tiep|sau\s+do|thu\s|dau\s+quy"
                          r"|cuoi\s+quy|giua\s+quy|cua\s+quy|hang\s+quy|tien\s+quy|cung\s+quy|(?:nhung|cac)\s+nam|bao\s+cao|tuan)", re.ASCII)
CADENCE_ORDER = ("weekly", "monthly", "quarterly", "semiannual", "yearly")  # shortest first
PERIOD_MONTHS = {"monthly": 1, "quarterly": 3, "semiannual": 6, "yearly": 12}
DAY_ANCHOR = re.compile(r"\bngay\s*(?P<d>\d{1,2})(?!\d)(?!\s*[/.-]\s*\d)", re.ASCII)
QUARTER_MONTH = re.compile(r"\bthang\s+(?P<w>dau(?:\s+tien)?|cuoi(?:\s+cung)?|giua|thu\s+(?:nhat|hai|ba|[123]))\s+(?:cua\s+)?"
                           r"(?:moi\s+|hang\s+)?quy\b", re.ASCII)
QUARTER_MONTH_NO = {"dau": 1, "nhat": 1, "1": 1, "giua": 2, "hai": 2, "2": 2, "cuoi": 3, "ba": 3, "3": 3}
EVENT_STARTS = "nsktdp"  # ngày/sau/khi/theo/đột/tùy/phát/nếu
EVENT_BODY = (r"(?:(?:ngay\s+)?(?:sau\s+)?khi|theo\s+(?:yeu\s+cau|de\s+nghi|chi\s+dao|huong\s+dan|quy\s+dinh"
              r"|ke\s+hoach|lo\s+trinh|tien\s+do|thong\s+bao|van\s+ban)|dot\s+xuat|tuy\s+(?:tinh\s+hinh|theo|thuoc)"
              r"|phat\s+sinh|neu\s+co)\b")
EVENT = at_words(EVENT_STARTS, EVENT_BODY)
POSTPONE_HINT = re.compile(r"\b(?:lui|gia\s+han|dieu\s+chinh|chuyen|hoan|doi)\b", re.ASCII)
POSTPONE = re.compile(r"\b(?:da\s+)?(?:lui|gia\s+han|dieu\s+chinh|chuyen|hoan|doi)\s+(?:lai\s+)?"
                      r"(?:thoi\s+(?:han|gian)\s+)?(?:hoan\s+thanh\s+)?(?P<dir>tu|sang|den|toi|xuong|ve)\b", re.ASCII)
ONWARDS = re.compile(r"\btro\s+(?:di|ve\s+sau)\b", re.ASCII)
HAS_WORD = re.compile(r"[a-z0-9]", re.ASCII)
RANGE_GAP = re.compile(r"[\s,]*(?:-|den|toi)?[\s,]*", re.ASCII)



# "trước ngày 10/01 của năm liền kề năm báo cáo": the report falls in the year after the one reported on
REPORT_YEAR_NEXT = re.compile(r"\bnam\s+(?:lien\s+ke|ke\s+tiep|tiep\s+theo|sau)\s+(?:\w+\s+){0,2}nam\s+bao\s+cao\b",
                              re.ASCII)


def quarter_month_no(word: str) -> int:
    """"đầu (tiên)" 1, "giữa" 2, "cuối (cùng)" 3, "thứ hai" 2 … -> the month inside a quarter."""
    first = word.split()[0]
    return QUARTER_MONTH_NO[first if first in ("dau", "cuoi", "giua") else word.split()[-1]]

"""Fast readings of the other forms plans repeat: an anchored cadence, and an event.

Why: after the plain periods (`_deadline_fast`), the cells plans repeat most are a cadence with
its report day ("Tháng 6 hằng năm", "Trước ngày 15 hằng tháng", "Chậm nhất ngày 10 của tháng
đầu quý", "trước ngày 10/01 của năm liền kề năm báo cáo") and events ("Khi có hướng dẫn của Bộ").
The full reading finds their parts by scanning the whole text for every period and cadence
(10–20 µs); here one anchored pattern finds the same parts, and the same function
(`_deadline_recurring.recurring`) reads them, so the reading and its warnings cannot drift.

What the pattern admits: an optional prefix word, a day ("ngày 15", "ngày 10/01") and/or a month
or two ("tháng 6 (và tháng 12)"), then one cadence phrase, nothing else. The parts it builds are
those the full scan finds in such a text (a day written "ngày 15 tháng 6" is one date, "ngày 15 của
tháng 6" a month and a day anchor); tests/unit/test_deadlines_fast.py compares the two readings on
a grid of these forms and their near misses. Values out of range go to the full reading, which
words the error.
"""
from __future__ import annotations

import re

from schedules import _deadline_grammar as g
from schedules._deadline_recurring import recurring
from schedules._deadline_result import Deadline, built

_D = r"(?:3[01]|[12]\d|0?[1-9])(?!\d)"  # a day, 1-31
_M = r"(?:1[0-2]|0?[1-9])(?!\d)"  # a month, 1-12
CADENCE_FORM = re.compile(rf"""
    \s*(?:(?:truoc|cham\s+nhat|han|vao)\s+)?
    (?:ngay\s*(?P<dd>{_D})\s*[/.]\s*(?P<dm>{_M})\s+(?:cua\s+)?
     |(?:ngay\s*(?P<d>{_D})\s+(?P<of>cua\s+)?)?
      (?:thang\s*(?P<m>{_M})\s+(?:va\s+thang\s*(?P<m2>{_M})\s+)?(?:cua\s+)?)?)
    (?:(?:dinh\s+ky\s+)?(?:hang|moi)\s+(?P<every>tuan|thang|quy|nam)
     |(?:cua\s+)?nam\s+truoc
     |(?:cua\s+)?(?P<mrep>thang)\s+bao\s+cao
     |(?:cua\s+)?nam\s+(?:lien\s+ke|ke\s+tiep|tiep\s+theo|sau)\s+nam\s+bao\s+cao
     |(?:cua\s+)?thang\s+(?:dau(?:\s+tien)?|cuoi(?:\s+cung)?|giua)\s+(?:cua\s+)?(?:moi\s+|hang\s+)?(?P<qm>quy)
        (?:\s+tiep\s+theo)?)
    \s*""", re.VERBOSE | re.ASCII)
# "Từ năm 2026 và những năm tiếp theo": yearly from that year
ONWARDS_FORM = re.compile(r"\s*tu\s+nam\s+(?P<y>\d{4})(?!\d)\s+(?:va\s+)?(?:nhung|cac)\s+nam\s+"
                          r"(?:tiep\s+theo|sau(?:\s+do)?|ke\s+tiep)\s*", re.ASCII)
_EVERY = {"tuan": "weekly", "thang": "monthly", "quy": "quarterly", "nam": "yearly"}


def _piece(fam: str, a: int, b: int = 0, year: int | None = None) -> g.Piece:
    return g.Piece(fam, None, 0, 0, year, a=a, b=b)  # spans and prefix: unused by `recurring`


def read(text: str, nfc: str, folded: str, plan_year: int | None, hinted: bool) -> Deadline | None:
    """The Deadline of an anchored cadence or an event, as the full reading gives it; None for
    any other text. `hinted`: the text holds a word of `CADENCE_HINT`, which every cadence phrase
    below holds."""
    m = CADENCE_FORM.fullmatch(folded) if hinted else None
    if m is not None:
        cadence = (_EVERY[m["every"]] if m["every"] else "monthly" if m["mrep"] else
                   "quarterly" if m["qm"] else "yearly")
        if m["dd"]:
            pieces = [_piece("DATE", int(m["dd"]), int(m["dm"]))]
        elif m["d"] and m["m"] and not m["of"]:  # "ngày 15 tháng 6": one date
            pieces = [_piece("DATE", int(m["d"]), int(m["m"]))]
        else:  # "(ngày 15 của) tháng 6": a month, and the day anchor `recurring` finds itself
            pieces = [_piece("MONTH", int(m["m"]))] if m["m"] else []
        if m["m2"]:
            pieces.append(_piece("MONTH", int(m["m2"])))
        return recurring(text, nfc, folded, plan_year, [cadence], pieces, [])
    m = ONWARDS_FORM.fullmatch(folded) if hinted else None
    if m is not None:
        if not g.MIN_YEAR <= int(m["y"]) <= g.MAX_YEAR:
            return None
        return recurring(text, nfc, folded, plan_year, ["yearly"], [_piece("YEAR", 0, year=int(m["y"]))], [])
    # an event: no period, no cadence, an event word ("Khi…", "Sau khi…", "Theo yêu cầu")
    if g.PERIOD_HINT.search(folded) or hinted and g.CADENCE.search(folded) or not g.EVENT.search(folded):
        return None
    return built("event", None, text, [])

"""A recurring completion time, from the cadences and periods found in it.

Split from `deadlines` so that both readings use it: the full one (`deadlines._Reading`, which
finds cadences and periods by scanning the whole text) and the fast one for the common anchored
forms ("Tháng 6 hằng năm", "Trước ngày 15 hằng tháng", "Chậm nhất ngày 10 của tháng đầu quý",
`_deadline_fast_cadence`), which finds the same ones with one pattern. Same reading, same
warnings: tests/unit/test_deadlines_fast.py compares the two.
"""
from __future__ import annotations

from datetime import date

from schedules import _deadline_grammar as g
from schedules._deadline_result import Deadline, built, error

CADENCE_VI = {"weekly": "hằng tuần", "monthly": "hằng tháng", "quarterly": "hằng quý", "semiannual": "6 tháng một lần",
              "yearly": "hằng năm"}


def _months_cadence(months: list[int], warnings: list[str]) -> str:
    """"Tháng 6 và tháng 12 hằng năm": months evenly spread over the year are a shorter cadence
    (2 -> semiannual, 4 -> quarterly, 12 -> monthly); otherwise yearly on the last, warned."""
    n = len(months)
    spread = {2: "semiannual", 4: "quarterly", 12: "monthly"}.get(n)
    if spread and all(b - a == 12 // n for a, b in zip(months, months[1:])):
        return spread
    warnings.append("Văn bản nêu nhiều tháng trong năm không đều nhau; nhắc hằng năm theo tháng "
                    f"{months[-1]}.")
    return "yearly"


def recurring(text: str, nfc: str, folded: str, year: int | None, periodic: list[str], pieces: list[g.Piece],
              warnings: list[str]) -> Deadline:
    """The Deadline of a text in which `periodic` cadences (shortest first) and `pieces` were found.

    The report day inside each period comes from a month, quarter or date piece ("Tháng 6 hằng
    năm"), a day anchor ("ngày 15"), or the month of the quarter ("tháng đầu quý"); the first due
    date is the first such day from the start written, else from the plan year."""
    if periodic[0] == "weekly":  # no report day inside a week is ever written: check-ins only
        return built("recurring", None, text, warnings, recurrence="weekly")
    listed = sorted({p.a for p in pieces if p.fam == "MONTH" and p.year is None and 1 <= p.a <= 12}) if pieces else ()
    if periodic[0] == "yearly" and len(listed) > 1:
        periodic = [_months_cadence(listed, warnings)] + periodic
    cadence, months = periodic[0], g.PERIOD_MONTHS[periodic[0]]
    if len(periodic) > 1 and periodic[1] != "yearly" or len(periodic) > 2:
        warnings.append("Văn bản nêu nhiều chu kỳ (" + ", ".join(CADENCE_VI[c] for c in periodic)
                        + f"); nhắc theo chu kỳ ngắn nhất: {CADENCE_VI[cadence]}.")
    month = day = None
    start = None
    try:
        for p in pieces:
            if p.year is not None:
                first = p.bounds(None)[0]
                start = first if start is None else min(start, first)
            if p.fam == "DATE":
                if not 1 <= p.b <= 12 or not 1 <= p.a <= 31:
                    p.bounds(2000)  # raises Invalid with the right message
                month, day = p.b, p.a
            elif p.fam == "MONTH":
                if not 1 <= p.a <= 12:
                    p.bounds(2000)
                month = p.a
            elif p.fam == "QUARTER":
                month = 3 * g.roman_quarter(p.raw_q2 or p.raw_q)
            elif p.fam == "HALF":
                month = 6 * p.a
    except g.Invalid as exc:
        raise error(nfc, exc.reason, exc.example) from None
    if day is None and "ngay" in folded and (m := g.DAY_ANCHOR.search(folded)):  # (a literal test first: cheaper)
        day = int(m.group("d"))
    in_period = None if month is None else (month - 1) % months + 1
    if cadence == "quarterly" and "thang" in folded and (m := g.QUARTER_MONTH.search(folded)):
        in_period = g.quarter_month_no(m.group("w"))
    if day is not None and not 1 <= day <= 31:
        raise error(nfc, f"không có ngày {day} trong tháng", "Trước ngày 15 hằng tháng")
    if months == 1:
        in_period = None
    elif day is not None and in_period is None:
        in_period = months
        warnings.append(f"Ngày {day} được hiểu là ngày {day} của tháng cuối mỗi kỳ.")
    base = start or (date(year, 1, 1) if year and (in_period or day) else None)
    if base is not None and start is None and "cao" in folded and g.REPORT_YEAR_NEXT.search(folded):
        base = date(base.year + 1, 1, 1)  # "… của năm liền kề năm báo cáo": reported the year after
    due = g.first_occurrence(months, in_period, day, base) if base else None
    return built("recurring", due, text, warnings, start=start, recurrence=cadence, period_month=in_period,
                 period_day=day)

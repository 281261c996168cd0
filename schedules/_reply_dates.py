"""Dates in free chat replies ("chậm, dự kiến 15/7 vì chờ ý kiến Sở Tài chính"), relative to `today`.

Our own patterns first (fast, predictable, with or without diacritics); dateparser only as a
fallback, and only for a short text that looks like a date, because on ordinary words it happily
invents one. Readings, so that the bot's answers can be explained:

* "15/7", "15-7", "ngày 15 tháng 7", "tháng 9": the first such day on or after today — a day that
  has passed this year means next year ("15/7" said in December is next July): a reply promises
  a future day. A date written with its year is taken as written (`check_new_due` judges it).
* "tháng 9", "cuối tháng 8", "hết tháng 8" -> the month's last day; "đầu tháng 9" -> the 10th (the
  end of thượng tuần, the first ten days); "giữa tháng 9" -> the 15th.
* "tuần sau/tới", "cuối tuần sau" -> Friday of next week (the working week ends on Friday);
  "đầu tuần sau" Monday, "giữa tuần sau" Wednesday; "cuối tuần", "trong tuần (này)" -> this
  week's Friday (next week's once this Friday has passed).
* "thứ sáu tới" -> the next Friday after today; "thứ 6", "thứ sáu này" -> today if it is Friday,
  else the next Friday; "thứ 6 tuần sau/tới" -> Friday of next calendar week; "thứ 6 tuần
  này" -> this week's Friday (even if past).
* "ngày mai" +1, "ngày kia"/"ngày mốt" +2, "hôm qua" -1, "3 ngày nữa", "sau 2 tuần", "1 tháng nữa".
* "cuối năm", "cuối quý (này)", "quý sau", "cuối quý sau", "cuối năm sau", "quý III/2025" -> the
  period's last day.
* "3 ngày làm việc nữa", "sau 5 ngày làm việc": working days from the agency's `WorkCalendar`
  (holidays and swapped days) when the caller passes one, else Monday–Friday.
* "mùng 5", "mồng 5 tháng này/sau", "mùng 5 tháng 8": that day of the month named (this month's,
  or next month's once it has passed).
* "trước Tết" the eve of the coming Tết; "sau Tết", "ra Tết/Giêng" mùng 10 tháng Giêng (a guess);
  "trước Tết 2026" the eve of that year's Tết — from the Vietnamese lunar calendar (`_lunar`).
* English: "tomorrow", "next week" (its Friday), "next month" (its last day); "until 15/7" is 15/7.

"hôm nay", "bây giờ", "today", "hôm qua", "hôm kia" are read as dates here (a leave starts "từ hôm
nay"), but in a status reply they say *when* something happens or happened ("hôm nay họp", "hôm
qua đã gửi"), never until when the work is put off: `extract_expected_date` skips them (the next
date in the text, if any, is the expected one) and `names_now` tells that one was said.

`extract_reply_date` also returns the reply without the date phrase: NFC text, the phrase (with a
leading "vào"/"ngày") cut out, spaces collapsed, no space before , . ; : ! ? ), no doubled
separators, no leading/trailing spaces or , ; : - — so it can be stored as the reason.
When only dateparser found the date, the whole text was the date and the residue is "".
"""
from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from typing import TYPE_CHECKING

from schedules import _lunar
from schedules._deadline_grammar import Invalid, month_end, roman_quarter
from schedules._fold import fold, strip_marks
from schedules._reply_relative import (add_months, add_working_days, near_year, shade_month, week_monday,
                                       word)

if TYPE_CHECKING:
    from schedules.calendar import WorkCalendar

_NUM = {"mot": 1, "hai": 2, "ba": 3, "bon": 4, "nam": 5, "sau": 6, "bay": 7, "tam": 8, "chin": 9, "muoi": 10}
_WEEKDAY = {"hai": 0, "2": 0, "ba": 1, "3": 1, "tu": 2, "4": 2, "nam": 3, "5": 3, "sau": 4, "6": 4,
            "bay": 5, "7": 5}
_MONTH_WORD = {"gieng": 1, "mot": 1, "hai": 2, "ba": 3, "tu": 4, "bon": 4, "nam": 5, "bay": 7, "tam": 8,
               "chin": 9, "muoi": 10, "muoi mot": 11, "muoi hai": 12, "chap": 12}  # "sáu" is read in MREL
_PATTERN = re.compile(r"""
    (?:\bvao\s+)?
    (?:
      (?P<REL>(?:\b(?P<rp>sau|trong)\s+)?(?<![\d/.])\b(?P<n>\d{1,3}|mot|hai|ba|bon|nam|sau|bay|tam|chin|muoi)
          \s+(?P<unit>ngay|tuan|thang)(?P<lv>\s+lam\s+viec)?(?:\s+(?P<rt>nua|toi))?\b)
     |(?P<MUNG>\b(?:mung|mong)\s*(?P<md>\d{1,2}|mot|hai|ba|bon|nam|sau|bay|tam|chin|muoi)(?![\d/])
          (?:\s+thang\s*(?:(?P<mwhich>nay|sau|toi)\b|(?P<mmon>\d{1,2}|{MONTH_WORDS})\b))?)
     |(?P<TET>(?:\b(?P<tp>truoc|sau|ra)\s+)?\btet\b(?:\s+nguyen\s+dan)?(?:\s+(?P<ty>\d{4})\b)?
          |\bra\s+gieng\b)
     |(?P<DMY>(?:\bngay\s*|(?<![\w/.-]))(?P<d>\d{1,2})\s*(?:(?P<sep>[/.-])|\s+thang\s+)\s*(?P<m>\d{1,2})
          (?:\s*(?:(?P=sep)|,?\s*nam\s+)\s*(?P<y>\d{4}|\d{2}))?(?![\d%])(?!\s*[/.-]\s*\d)
          (?!\s*(?:ngay|tuan|thang|lan|gio|phut|h\b|%|trieu|ty|nguoi|ban|trang|khoi|so|cong)))
     |(?P<MREL>(?:\b(?P<xp>cuoi|dau|giua|het|trong)\s+)?\bthang\s+(?P<which>nay|sau|toi)\b
          |\b(?P<xp2>cuoi|dau|giua|het)\s+thang\b(?!\s*(?:\d|(?:{MONTH_WORDS}|sau)\b)))
     |(?P<MON>(?:\b(?P<mp>cuoi|dau|giua|het|trong)\s+)?\bthang\s*(?P<mm>\d{1,2}|{MONTH_WORDS})
          (?:(?:\s*(?:[/.-]|,?\s*nam)\s*|\s+)(?P<my>\d{4}))?(?![\d/])(?![a-z]))
     |(?P<WD>\b(?:thu\s*(?P<wdn>hai|ba|tu|nam|sau|bay|[2-7])\b|chu\s*nhat\b)
          (?:\s*(?P<when>tuan\s+(?:sau|toi|nay)|toi|nay)\b)?)
     |(?P<WEEK>(?:\b(?P<wp>cuoi|dau|giua|trong)\s+)?\btuan\s*(?P<wk>sau|toi|nay)?\b)
     |(?P<QTR>(?:\b(?:cuoi|het|trong)\s+)?\bquy\s*(?P<qq>[ivxl1|]+|[1-4])(?![a-z0-9])
          (?:\s*(?:[/.-]|,?\s*nam)\s*(?P<qy>\d{4}))?)
     |(?P<WORD>\b(?:hom\s+nay|bay\s+gio|(?:ngay|sang|chieu|toi)\s+mai|ngay\s+(?:kia|mot)|hom\s+(?:qua|kia)
          |(?:(?:cuoi|het)\s+)?(?:quy|nam)\s+(?:sau|toi)|(?:cuoi|het)\s+(?:nam|quy)(?:\s+nay)?
          |tomorrow|today|next\s+(?:week|month))\b)
    )""".replace("{MONTH_WORDS}", r"muoi\s+mot|muoi\s+hai|gieng|chap|mot|hai|ba|tu|bon|nam|bay|tam|chin|muoi"),
    re.VERBOSE | re.ASCII)
# the fallback only sees texts with a number next to a date word or a d/m shape
_DATEISH = re.compile(r"\d\s*[/.-]\s*\d|\b(?:ngay|thang|nam|tuan|thu)\s*\d|\d+\s*(?:ngay|tuan|thang)\b", re.ASCII)
_FALLBACK_MAX = 60  # dateparser reads whole texts; a long sentence is not one date


def _number(token: str) -> int:
    return int(token) if token.isdigit() else _NUM[token]


def _reading(m: re.Match[str], nfc: str, today: date, calendar: WorkCalendar | None) -> date | None:
    """The date one match names, or None when it is not a date after all."""
    fam, g = m.lastgroup, m.group
    if fam == "REL":
        if not (g("rp") or g("rt")):
            return None  # "3 ngày" alone is a duration, not a date
        n = _number(g("n"))
        if g("lv"):  # working days: the agency's calendar, holidays included
            return add_working_days(today, n, calendar) if n <= 366 else None
        if g("unit") == "ngay":
            return today + timedelta(days=n) if n <= 366 else None
        if g("unit") == "tuan":
            return today + timedelta(weeks=n) if n <= 53 else None
        return add_months(today, n) if n <= 24 else None
    if fam == "DMY":
        d, mo = int(g("d")), int(g("m"))
        if not 1 <= mo <= 12 or not 1 <= d <= month_end(2000, mo).day:
            return None
        if g("y") is None:
            return near_year(today, mo, d)
        year = 2000 + int(g("y")) if len(g("y")) == 2 else int(g("y"))
        return date(year, mo, d) if year >= 1 and d <= month_end(year, mo).day else None
    if fam == "MON":
        mo = int(g("mm")) if g("mm").isdigit() else _MONTH_WORD[" ".join(g("mm").split())]
        if not 1 <= mo <= 12:
            return None
        last = month_end(int(g("my")), mo) if g("my") and int(g("my")) >= 1 else near_year(today, mo, None)
        return None if last is None else shade_month(last, g("mp"))
    if fam == "MREL":
        base = month_end(today.year, today.month)
        if g("which") == "sau" and "sáu" in nfc[m.start("which"):m.end("which")].lower():
            base = near_year(today, 6, None)  # "tháng sáu" is June, "tháng sau" next month
            return None if base is None else shade_month(base, g("xp"))
        if g("which") in ("sau", "toi"):
            base = add_months(base.replace(day=1), 1)
            base = month_end(base.year, base.month)
        return shade_month(base, g("xp") or g("xp2"))
    if fam == "MUNG":
        return _mung(m, nfc, today)
    if fam == "TET":
        return _tet(g("tp") or ("ra" if g("TET").startswith("ra") else None), g("ty"), today)
    if fam == "WD":
        spelled = nfc[m.start("WD"):m.start("WD") + 3].lower()
        if spelled not in ("thứ", "chủ") and (spelled not in ("thu", "chu") or nfc != strip_marks(nfc)):
            return None  # "thu sau" in a text typed with diacritics ("sẽ thu sau"): another word
        wd = 6 if g("wdn") is None else _WEEKDAY[g("wdn")]
        when = g("when") or ""
        if when.startswith("tuan"):
            return week_monday(today, 0 if when.endswith("nay") else 1) + timedelta(days=wd)
        ahead = (wd - today.weekday()) % 7
        return today + timedelta(days=ahead or (7 if when == "toi" else 0))
    if fam == "WEEK":
        pre, wk = g("wp"), g("wk")
        if not (pre or wk):
            return None
        weeks = 1 if wk in ("sau", "toi") else 0
        if weeks == 0 and today.weekday() > 4:
            weeks = 1
        return week_monday(today, weeks) + timedelta(days={"dau": 0, "giua": 2}.get(pre or "", 4))
    if fam == "QTR":
        try:
            q = roman_quarter(g("qq"))
        except Invalid:
            return None
        year = int(g("qy")) if g("qy") else today.year
        return month_end(year, 3 * q) if 1900 <= year <= 2199 else None
    said = " ".join(g("WORD").split())
    if said == "ngay mot" and "một" in nfc[m.start("WORD"):m.end("WORD")].lower():
        return None  # "ngày một" (day by day), not "ngày mốt"
    return word(said, today)


def _mung(m: re.Match[str], nfc: str, today: date) -> date | None:
    """"mùng 5" (this month's, or next month's once passed), "mùng 5 tháng sau", "mùng 5 tháng 8"."""
    day, which, mon = _number(m.group("md")), m.group("mwhich"), m.group("mmon")
    if which == "sau" and "sáu" in nfc[m.start("mwhich"):m.end("mwhich")].lower():
        which, mon = None, "6"
    if mon is not None:
        mo = int(mon) if mon.isdigit() else _MONTH_WORD[" ".join(mon.split())]
        return near_year(today, mo, day) if 1 <= mo <= 12 and 1 <= day <= 31 else None
    first = today.replace(day=1)
    if which == "nay":
        return first.replace(day=day) if 1 <= day <= month_end(first.year, first.month).day else None
    for ahead in (1,) if which in ("sau", "toi") else (0, 1):
        base = add_months(first, ahead)
        if 1 <= day <= month_end(base.year, base.month).day and base.replace(day=day) >= today:
            return base.replace(day=day)
    return None


def _tet(pre: str | None, year: str | None, today: date) -> date | None:
    """"trước Tết (2026)" the eve of Tết; "sau/ra Tết", "ra Giêng" mùng 10 tháng Giêng."""
    if year is not None:
        tet = _lunar.tet(int(year))
        if tet is None:
            return None
        return tet - timedelta(days=1) if pre in (None, "truoc") else tet + timedelta(days=9)
    if pre in ("sau", "ra"):
        return _lunar.after_tet(today)
    return _lunar.before_tet(today)


def _tidy(text: str) -> str:
    text = re.sub(r"\s+", " ", text)
    text = re.sub(r"\s+([,.;:!?)])", r"\1", text)
    text = re.sub(r"\(\s+", "(", text)
    text = re.sub(r"\(\)", "", text)
    text = re.sub(r"([,;:])(?:\s*[,;:])+", r"\1", text)
    return text.strip(" ,;:-–—")


_NOW_WORDS = frozenset({"hom nay", "bay gio", "today", "hom qua", "hom kia"})
_NOW = re.compile(r"\b(?:hom\s+(?:nay|qua|kia)|bay\s+gio|today)\b", re.ASCII)


def _says_now(m: re.Match[str]) -> bool:
    return m.lastgroup == "WORD" and " ".join(m.group("WORD").split()) in _NOW_WORDS


def _ours(text: str, today: date, calendar: WorkCalendar | None,
          skip_now: bool = False) -> tuple[date, str] | None:
    nfc, folded = fold(text)
    for m in _PATTERN.finditer(folded):
        if skip_now and _says_now(m):
            continue
        try:
            found = _reading(m, nfc, today, calendar)
        except (ValueError, OverflowError):  # a day before 1/1/1 or after 31/12/9999
            found = None
        if found is not None:
            return found, _tidy(nfc[:m.start()] + " " + nfc[m.end():])
    return None


def _dateparser(text: str, today: date) -> date | None:
    """dateparser's reading, kept only when it is a plausible date near today.

    It answers "today" for texts it cannot place ("Năm 2025"), so today is never accepted here
    ("hôm nay" is read by our own patterns). Any exception inside it means "no date".
    """
    folded = fold(text)[1]
    if len(folded) > _FALLBACK_MAX or not _DATEISH.search(folded):
        return None
    try:
        import dateparser

        found = dateparser.parse(text, languages=["vi"], settings={
            "DATE_ORDER": "DMY", "RELATIVE_BASE": datetime(today.year, today.month, today.day),
            "PREFER_DATES_FROM": "future"})
    except Exception:  # noqa: BLE001 — a fallback must never break the conversation
        return None
    if found is None:
        return None
    day = found.date()
    return day if day != today and abs(day.year - today.year) <= 5 else None


def extract_reply_date(text: str, today: date, *, calendar: WorkCalendar | None = None) -> tuple[date, str] | None:
    """(the date a reply names, the reply without it), or None when it names no date.
    `calendar` counts "N ngày làm việc"; without one, Monday–Friday are the working days."""
    if not isinstance(text, str) or not text.strip():
        return None
    hit = _ours(text, today, calendar)
    if hit is not None:
        return hit
    day = _dateparser(text, today)
    return (day, "") if day is not None else None


def extract_expected_date(text: str, today: date, *,
                          calendar: WorkCalendar | None = None) -> tuple[date, str] | None:
    """`extract_reply_date` for a new expected date: "hôm nay", "bây giờ", "hôm qua", "hôm kia"
    are skipped (they stay in the rest), so "hôm nay họp" names no date and "hôm nay họp, ngày
    mai gửi" names tomorrow. A date written as one ("1/7" on 1/7) is still read as written."""
    if not isinstance(text, str) or not text.strip():
        return None
    hit = _ours(text, today, calendar, skip_now=True)
    if hit is not None:
        return hit
    day = _dateparser(text, today)
    return (day, "") if day is not None and day > today else None


def names_now(text: str) -> bool:
    """Whether a reply says "hôm nay", "bây giờ", "hôm qua", "hôm kia" or "today" (with or
    without diacritics)."""
    return isinstance(text, str) and bool(_NOW.search(fold(text)[1]))


def parse_reply_date(text: str, today: date, *, calendar: WorkCalendar | None = None) -> date | None:
    """The date a chat reply names, relative to `today`; None when there is none."""
    hit = extract_reply_date(text, today, calendar=calendar)
    return hit[0] if hit else None

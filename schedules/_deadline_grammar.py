"""The regular grammar behind `deadlines.parse_deadline`: the patterns and the period arithmetic.

Why our own grammar: completion times are a small closed language ("Tháng 6/2025",
"Quý II năm 2025", "Trước 20/4/2025", "Thường xuyên"…) that dateparser does not know — it reads
"Tháng 6/2025" as 1 June instead of the end of June, cannot read quarters, ranges or cadences,
and takes about a millisecond a call. Precompiled patterns over a folded string read all of it
in microseconds.

Every pattern runs on the folded text (`_fold.fold`: lower-case, no diacritics, same length).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

# the cadence patterns live in _deadline_cadence (kept apart for size); re-exported for callers
from schedules._deadline_cadence import (
    CADENCE, CADENCE_HINT, CADENCE_ORDER, DAY_ANCHOR, EVENT, HAS_WORD, ONWARDS, PERIOD_MONTHS, POSTPONE,
    POSTPONE_HINT, QUARTER_MONTH, QUARTER_MONTH_NO, RANGE_GAP, REPORT_YEAR_NEXT, at_words, quarter_month_no,
)

MIN_YEAR, MAX_YEAR = 1900, 2199  # wide enough for any plan, narrow enough for date arithmetic
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_LOOKS_LIKE_I = str.maketrans("l1|!", "iiii")  # "Quý lII", "Quý 1V": I typed as l, 1, |, !


# --- the period pattern -------------------------------------------------------------------
# Every alternative is wrapped in a named group so `match.lastgroup` names the family.
_Y = r"\d{4,9}(?!\d)"  # long digit runs are matched so that year 99999 gets a clear error
_PRE_WORDS = (r"truoc|den\s+het|den|toi|cham\s+nhat(?:\s+(?:la|vao))?|han(?:\s+chot)?|trong|cuoi|dau"
              r"|giua|het|tu|vao|sau")
# the first letters of the words a match can begin with (see `_deadline_cadence.at_words`):
# trước/đến/tới/chậm/hạn/trong/cuối/đầu/giữa/hết/từ/vào/sau/giai đoạn/năm/ngày/tháng/t./quý/q./nửa/tết/mốc
PERIOD_STARTS = "tdchgvsqnm"
PERIOD_BODY = rf"""
    (?:(?P<pre>{_PRE_WORDS})\b[\s:,]*)?
    (?:
      (?P<RANGE>(?:(?:giai\s+doan|nam|tu\s+nam)\s*)?(?<![\d/.])(?P<r1>{_Y})\s*
          (?:-|(?:den|toi)(?:\s+het)?(?:\s+nam)?)\s*(?P<r2>{_Y})(?![/]))
     |(?P<DATE>(?:ngay\s*)?(?<![\d/.])(?P<dd>\d{{1,2}})\s*(?P<sep>[/.-])\s*(?P<dm>\d{{1,2}})
          (?:\s*(?P=sep)\s*(?P<dy>\d{{4,9}}|\d{{2}}))?(?![\d/]))
     |(?P<DATEW>ngay\s*(?P<wd>\d{{1,2}})\s*,?\s*thang\s*(?P<wm>\d{{1,2}})(?:\s*,?\s*nam\s*(?P<wy>{_Y}))?(?!\d))
     |(?P<MONTH>\b(?:thang|th|t)\.?\s*(?P<mm>\d{{1,2}})
          (?P<ml>(?:\s*(?:,|;|va)\s*(?:thang\s*)?(?:1[0-2]|0?[1-9])(?![\d/])(?!\s*[/.-]\s*\d))+)?
          (?:(?:\s*[/.-]\s*|\s*,?\s*nam\s*|\s+|\s*,\s*(?=\d{{4}}|(?:1[3-9]|[2-9]\d)(?!\d)))(?P<my>\d{{4,9}}|\d{{2}})(?!\d))?(?![\d/]))
     |(?P<MBARE>(?<![\d/.])(?P<bm>\d{{1,2}})\s*[/.-]\s*(?P<by>{_Y})(?![/]))
     |(?P<QUARTER>\b(?:quy|q)\.?\s*(?P<qq>[ivxl1|!]+|\d{{1,2}})(?![a-z0-9])
          (?:\s*(?P<qj>-|,|va|den)\s*(?:quy\s*)?(?P<qq2>[ivxl1|!]+|\d)(?![a-z0-9]))?
          (?:(?:\s*[/.,-]\s*|\s*,?\s*nam\s*|\s+)(?P<qy>\d{{4,9}}|\d{{2}})(?!\d))?(?![\d/]))
     |(?P<HALF>\b(?:0?6\s*thang|nua)\s*(?P<hh>dau|cuoi)\s*(?:cua\s*)?nam(?:\s*(?P<hy>{_Y}))?(?![\d/]))
     |(?P<TET>\btet(?:\s+nguyen\s+dan)?(?:\s*(?:nam\s*)?(?P<ty>\d{{4}})(?!\d))?(?![\d/]))
     |(?P<YEAR>\b(?:nam|moc(?:\s+nam)?)\s*(?P<yy>{_Y})(?![/]))
    )"""
PERIOD = at_words(PERIOD_STARTS, PERIOD_BODY)
_NUMBER = re.compile(r"\d+")
BARE_YEAR = re.compile(rf"\s*(?:(?P<pre>{_PRE_WORDS})[\s:,]*)?(?P<yy>{_Y})[\s.;]*", re.ASCII)
PARENS = re.compile(r"\([^()]*(?:\)|$)")


class Invalid(Exception):
    """A period that names an impossible value; `reason` and `example` feed the DeadlineError."""

    def __init__(self, reason: str, example: str) -> None:
        super().__init__(reason)
        self.reason, self.example = reason, example


class MissingYear(Exception):
    """A month/quarter/day written without a year, with no year to take it from."""


def check_year(year: int) -> int:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise Invalid(f"năm {year} nằm ngoài khoảng {MIN_YEAR}–{MAX_YEAR}", "Năm 2025")
    return year


_MONTH_DAYS = (0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def days_in(year: int, month: int) -> int:
    """`calendar.monthrange(year, month)[1]` without the weekday it also computes (a third of a
    month's bounds)."""
    if month == 2 and year % 4 == 0 and (year % 100 != 0 or year % 400 == 0):
        return 29
    return _MONTH_DAYS[month]


def month_end(year: int, month: int) -> date:
    return date(year, month, days_in(year, month))


def roman_quarter(token: str) -> int:
    """'II', 'lII' (l/1/| typed for I), '3' -> quarter number; Invalid for anything else."""
    q = int(token) if token.isdigit() else _ROMAN.get(token.translate(_LOOKS_LIKE_I))
    if q is None or not 1 <= q <= 4:
        raise Invalid(f"không có Quý {token.upper()} (chỉ có Quý I đến Quý IV)", "Quý IV/2025")
    return q


def _two_digit(text: str | None) -> int | None:
    if text is None:
        return None
    return 2000 + int(text) if len(text) == 2 else int(text)


@dataclass(slots=True, eq=False)
class Piece:
    """One period found in the text. `year` None means not written (taken from context)."""

    fam: str  # DATE | MONTH | QUARTER | HALF | YEAR | RANGE
    pre: str | None  # the word in front: truoc, den, cuoi, dau, tu, …
    start: int
    end: int
    year: int | None
    a: int = 0  # DATE: day; MONTH: month; HALF: 1|2; RANGE: first year (QUARTER: see raw_q)
    b: int = 0  # DATE: month
    in_paren: bool = False
    raw_q: str = ""  # QUARTER: the numeral as written, for the error message
    raw_q2: str = ""  # QUARTER range "Quý III-IV/2025": the last quarter
    listed: bool = False  # the second of a list "Quý II, III/2025": with the first, one span

    def bounds(self, year: int | None) -> tuple[date, date]:
        """First and last day of the period; raises Invalid / MissingYear."""
        y = self.year if self.year is not None else year
        if self.fam == "RANGE":
            check_year(self.a)
            check_year(self.year)
            if self.a > self.year:
                raise Invalid(f"năm bắt đầu {self.a} sau năm kết thúc {self.year}", f"{self.year}-{self.a}")
            return date(self.a, 1, 1), date(self.year, 12, 31)
        if self.fam == "QUARTER":
            roman_quarter(self.raw_q)
        elif self.fam == "MONTH" and not 1 <= self.a <= 12:
            raise Invalid(f"không có tháng {self.a} (tháng từ 1 đến 12)", "Tháng 12/2025")
        elif self.fam == "DATE" and not 1 <= self.b <= 12:
            raise Invalid(f"không có tháng {self.b} trong ngày {self.a}/{self.b}", "Trước 20/4/2025")
        elif self.fam == "DATE" and not 1 <= self.a <= 31:
            raise Invalid(f"không có ngày {self.a}", "Trước 20/4/2025")
        if y is None:
            raise MissingYear()
        check_year(y)
        if self.fam == "TET":
            return _tet_bounds(y if self.year is not None else y + 1, self.pre)
        if self.fam == "DATE":
            last = days_in(y, self.b)
            if self.a > last:
                raise Invalid(f"tháng {self.b}/{y} chỉ có {last} ngày, không có ngày {self.a}/{self.b}/{y}",
                              f"Trước {last}/{self.b}/{y}")
            return date(y, self.b, self.a), date(y, self.b, self.a)
        if self.fam == "MONTH":
            return date(y, self.a, 1), month_end(y, self.a)
        if self.fam == "QUARTER":
            q = roman_quarter(self.raw_q)
            q2 = roman_quarter(self.raw_q2) if self.raw_q2 else q
            if q2 < q:
                raise Invalid(f"Quý {self.raw_q2.upper()} đứng trước Quý {self.raw_q.upper()}", "Quý III-IV/2025")
            return date(y, 3 * q - 2, 1), month_end(y, 3 * q2)
        if self.fam == "HALF":
            return (date(y, 1, 1), date(y, 6, 30)) if self.a == 1 else (date(y, 7, 1), date(y, 12, 31))
        return date(y, 1, 1), date(y, 12, 31)


def _tet_bounds(year: int, pre: str | None) -> tuple[date, date]:
    """"(Trước) Tết Nguyên đán 2026" is due on the eve of that Tết; "sau Tết" on mùng 10 tháng
    Giêng. Without a year, the Tết that closes the plan year (the one early the next year)."""
    from schedules._lunar import tet

    day = tet(year)
    if day is None:
        raise Invalid(f"không tính được Tết năm {year}", "Trước Tết Nguyên đán 2026")
    day = day + timedelta(days=9) if pre == "sau" else day - timedelta(days=1)
    return day, day


def pieces_from(m: re.Match[str], parens: list[tuple[int, int]]) -> list[Piece]:
    """A PERIOD match -> Pieces (values unchecked: `bounds` validates them). One, except a list of
    quarters "Quý I, II/2025", which is two periods; "Quý III-IV/2025" is one (a range)."""
    fam, g = m.lastgroup or "", m.group
    in_paren = bool(parens) and any(s <= m.start(fam) < e for s, e in parens)
    pre = m.group("pre")
    p = Piece(fam, " ".join(pre.split()) if pre else None, m.start(), m.end(), None, in_paren=in_paren)
    if fam == "RANGE":
        p.a, p.year = int(g("r1")), int(g("r2"))
    elif fam == "DATE":
        p.a, p.b, p.year = int(g("dd")), int(g("dm")), _two_digit(g("dy"))
    elif fam == "DATEW":
        p.fam, p.a, p.b, p.year = "DATE", int(g("wd")), int(g("wm")), _two_digit(g("wy"))
    elif fam == "MONTH":
        p.a, p.year = int(g("mm")), _two_digit(g("my"))
        if g("ml"):  # "Tháng 3, 6, 9 và 12 (năm 2025)": one piece a month, the year for all
            p.end = m.end("mm")
            listed = [Piece(fam, None, n.start() + m.start("ml"), n.end() + m.start("ml"), p.year, a=int(n.group()),
                            in_paren=in_paren, listed=True) for n in _NUMBER.finditer(g("ml"))]
            listed[-1].end = m.end()
            return [p, *listed]
    elif fam == "MBARE":
        p.fam, p.a, p.year = "MONTH", int(g("bm")), int(g("by"))
    elif fam == "QUARTER":
        p.raw_q, p.year = g("qq"), _two_digit(g("qy"))
        if g("qj") in ("-", "den"):
            p.raw_q2 = g("qq2")
        elif g("qj"):
            second = Piece(fam, None, m.start("qq2"), m.end(), p.year, in_paren=in_paren, raw_q=g("qq2"), listed=True)
            p.end = m.end("qq")
            return [p, second]
    elif fam == "HALF":
        p.a, p.year = (1 if g("hh") == "dau" else 2), _two_digit(g("hy"))
    elif fam == "TET":
        p.year = int(g("ty")) if g("ty") else None
    else:  # YEAR
        p.year = int(g("yy"))
    return [p]


# what every PERIOD match holds (a digit, or a word "tet", "nua", "quý <roman>") and BARE_YEAR too:
# a text without any ("Khi có hướng dẫn", "Hằng quý") has no period, and skips the PERIOD scan
PERIOD_HINT = re.compile(r"[0-9]|\b(?:tet|nua)|\bq(?:uy)?\.?\s*[ivxl|!]", re.ASCII)


def scan(folded: str) -> list[Piece]:
    """Every period in the text, in order; a bare year ("2027", "trong 2027") only as the whole text."""
    if not PERIOD_HINT.search(folded):
        return []
    parens = [(m.start(), m.end()) for m in PARENS.finditer(folded)] if "(" in folded else []
    pieces = [p for m in PERIOD.finditer(folded) for p in pieces_from(m, parens)]
    if not pieces:
        outside = PARENS.sub(lambda m: " " * len(m.group()), folded)
        bare = BARE_YEAR.fullmatch(outside)
        if bare:
            pre = " ".join(bare.group("pre").split()) if bare.group("pre") else None
            pieces = [Piece("YEAR", pre, bare.start("yy"), bare.end("yy"), int(bare.group("yy")))]
    return pieces


def shade(first: date, last: date, pre: str | None, fam: str) -> tuple[date, bool]:
    """The due day a prefix word gives a period, and whether that reading is a guess to warn about.

    "Trước <ngày>" is due on that day; "Trước <tháng/quý/năm>" at the end of the period before;
    "đầu"/"giữa" a month are the 10th/15th (thượng tuần / mid-month), of a quarter the end of its
    first/second month, of a year 31/3 and 30/6.
    """
    if pre == "truoc" and fam not in ("DATE", "TET"):
        return first - timedelta(days=1), False
    if pre in ("dau", "giua") and fam in ("MONTH", "QUARTER", "YEAR"):
        if fam == "MONTH":
            due = first.replace(day=10 if pre == "dau" else 15)
        else:
            step = 1 if fam == "QUARTER" else 3
            due = month_end(first.year, first.month + (step if pre == "dau" else 2 * step) - 1)
        return due, True
    return last, pre == "sau"



def first_occurrence(months: int, period_month: int | None, period_day: int | None, start: date) -> date:
    """The first report date on or after `start` for a cadence of `months` months.

    `period_month` is the month inside each period (1 = its first month; None = its last month),
    `period_day` the day of that month (None = its last day; clamped to the month's length).
    """
    first_month = (start.month - 1) // months * months + 1
    year = start.year
    while True:
        month = first_month + (period_month or months) - 1
        last = days_in(year, month)
        occurrence = date(year, month, min(period_day or last, last))
        if occurrence >= start:
            return occurrence
        first_month += months
        if first_month > 12:
            first_month, year = first_month - 12, year + 1

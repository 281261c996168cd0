"""The fast path of `deadlines.parse_deadline`: the forms plans repeat, each read by one pattern.

Why: nearly every cell of a plan is a single period ("Tháng 6/2025", "Quý II/2025", "Năm 2026
(2025-2026)", "Trước 20/4/2025") or a bare cadence ("Thường xuyên", "Hằng quý"). The full reading
(`deadlines._Reading`) scans the text for every period, cadence, postponement and event word and
costs 10–20 µs; one anchored pattern over the whole folded text, and a table of cadence phrases,
answer these in a few µs. Both feed the same arithmetic (`Piece.bounds`, `shade`, or `_due`, which
gives what they give) and the same warnings (`_deadline_result.program_note`, `plan_year_note`), so the reading
cannot drift from the full one; tests/unit/test_deadlines_fast.py compares the two on every form
we know and on generated grids of each form below and their near misses.

The forms, tried in this order (`read`):
* a bare cadence (`CADENCES`);
* one period of the PERIOD families (`FAST`: no list, no second date, no "từ", none of the
  guessed prefixes "đầu/giữa/sau", which warn), with an optional programme bracket "(2025-2030)";
* an anchored cadence or an event (`_deadline_fast_cadence`);
* a list of adjacent months or quarters with its year ("Tháng 9, 10/2025", `_listed`);
* a period after words that say what is to be done ("Trình UBND tỉnh trước ngày 30/9/2025", `_led`);
* a period and its postponement in brackets ("Tháng 12/2025 (lùi từ tháng 9/2025)", `_postponed`).
Whenever the reading would warn or fail in a way we do not rebuild here (a value out of range, a
year missing with no plan year, a bare year before a bracket), `read` returns None and the full
grammar reads the text (and writes the error message).
"""
from __future__ import annotations

import re
from datetime import date, timedelta

from schedules import _deadline_fast_cadence as cadence_forms
from schedules import _deadline_grammar as g
from schedules._deadline_result import Deadline, built, plan_year_note, program_note

_Y = r"\d{4}(?!\d)"  # four digits: two-digit and overlong years go to the full grammar
_YEAR_SEP = r"(?:\s*[/.,-]\s*|\s*,?\s*nam\s*|\s+)"
_QUARTER_NO = r"(?:[ivxl1|!]+|\d{1,2})(?![a-z0-9])"
# The same alternatives, in the same order, as `_deadline_grammar.PERIOD`, narrowed as said above.
_FAST_BODY = rf"""
    \s*(?:(?P<pre>truoc|den\s+het|den|toi|cham\s+nhat(?:\s+(?:la|vao))?|han(?:\s+chot)?|trong|cuoi|het|vao)
        \b[\s:,]*)?
    (?:
      (?P<RANGE>(?:(?:giai\s+doan|nam)\s*)?(?P<r1>{_Y})\s*(?:-|(?:den|toi)(?:\s+het)?(?:\s+nam)?)\s*(?P<r2>{_Y}))
     |(?P<DATE>(?:ngay\s*)?(?P<dd>\d{{1,2}})\s*(?P<sep>[/.-])\s*(?P<dm>\d{{1,2}})(?:\s*(?P=sep)\s*(?P<dy>{_Y}))?)
     |(?P<DATEW>ngay\s*(?P<wd>\d{{1,2}})\s*,?\s*thang\s*(?P<wm>\d{{1,2}})(?:\s*,?\s*nam\s*(?P<wy>{_Y}))?)
     |(?P<MONTH>(?:thang|th|t)\.?\s*(?P<mm>\d{{1,2}})(?:{_YEAR_SEP}(?P<my>{_Y}))?)
     |(?P<MBARE>(?P<bm>\d{{1,2}})\s*[/.-]\s*(?P<by>{_Y}))
     |(?P<QUARTER>(?:quy|q)\.?\s*(?P<qq>{_QUARTER_NO})(?:\s*(?:-|den)\s*(?:quy\s*)?(?P<qq2>[ivxl1|!]+|\d)(?![a-z0-9]))?
          (?:{_YEAR_SEP}(?P<qy>{_Y}))?)
     |(?P<HALF>(?:0?6\s*thang|nua)\s*(?P<hh>dau|cuoi)\s*(?:cua\s*)?nam(?:\s*(?P<hy>{_Y}))?)
     |(?P<TET>tet(?:\s+nguyen\s+dan)?(?:\s*(?:nam\s*)?(?P<ty>{_Y}))?)
     |(?P<YEAR>(?:nam|moc(?:\s+nam)?)\s*(?P<yy>{_Y}))
     |(?P<BARE>(?P<by2>{_Y}))
    )\s*"""
FAST = re.compile(_FAST_BODY, re.VERBOSE | re.ASCII)
# Words before the period that say what is to be done ("Trình UBND tỉnh trước ngày 30/9/2025"):
# the shortest such lead, so the period takes every word it can. The lead must not end with a word
# of the period grammar (a period could then begin inside it: "từ năm 2026", "đầu tháng 6"), nor
# hold a period, cadence, event or postponement word: then the full reading finds one period, the
# one found here, and reads it the same way.
LEAD = re.compile(r"(?P<lead>\s*[a-z]+(?:\s+[a-z]+)*?)\s" + _FAST_BODY, re.VERBOSE | re.ASCII)
# a list of months or quarters with its year ("Tháng 9, 10/2025", "Quý II, III/2025"): one span
# when they follow each other (a list of far-apart ones warns: the full reading words it)
_LIST_MONTH = r"(?:1[0-2]|0?[1-9])(?!\d)"
_LIST_YEAR = r"(?:\s*[/.-]\s*|\s*,?\s*nam\s*)(?P<y>\d{4})(?!\d)\s*"
MONTH_LIST = re.compile(rf"\s*(?:thang|th|t)\.?\s*(?P<first>{_LIST_MONTH})"
                        rf"(?P<rest>(?:\s*(?:,|va|;)\s*(?:thang\s*)?{_LIST_MONTH})+){_LIST_YEAR}", re.ASCII)
QUARTER_LIST = re.compile(rf"\s*(?:quy|q)\.?\s*(?P<first>[ivx]+|[1-4])\s*(?:,|va)\s*(?:quy\s*)?(?P<last>[ivx]+|[1-4])"
                          rf"(?![a-z0-9]){_LIST_YEAR}", re.ASCII)
_NUMBERS = re.compile(r"\d+", re.ASCII)
_GRAMMAR_WORDS = frozenset("truoc den het toi cham nhat la vao han chot trong cuoi dau giua tu sau giai doan nam ngay "
                           "thang th t quy q moc nua tet cua nguyen dan".split())
# the programme bracket closing the text, "(2025-2030)" ("(2025-2030" when cut short)
BRACKET = re.compile(rf"\s*\(\s*(?P<p1>{_Y})\s*-\s*(?P<p2>{_Y})\s*\)?\s*\Z", re.ASCII)

# A whole text that is only a cadence: its recurrence (None: ongoing work, "thường xuyên").
# Only phrases whose full reading has no due date, no start and no warning, whatever the plan year.
CADENCES: dict[str, str | None] = {
    "thuong xuyen": None, "thuong truc": None, "lien tuc": None,
    "hang tuan": "weekly", "moi tuan": "weekly", "dinh ky hang tuan": "weekly",
    "hang thang": "monthly", "moi thang": "monthly", "dinh ky hang thang": "monthly",
    "hang quy": "quarterly", "moi quy": "quarterly", "dinh ky hang quy": "quarterly",
    "6 thang mot lan": "semiannual", "06 thang mot lan": "semiannual", "6 thang/lan": "semiannual",
    "hang nam": "yearly", "moi nam": "yearly", "dinh ky hang nam": "yearly", "thuong nien": "yearly",
}


def _piece(m: re.Match[str], bracket: bool) -> g.Piece | None:
    """The match as the Piece `_deadline_grammar.pieces_from` would build (None: not ours).
    `lastgroup` is the family: each family group closes after the groups inside it."""
    fam = m.lastgroup or ""
    p = g.Piece(fam, m["pre"], m.start(fam), m.end(fam), None)
    if fam == "MONTH":
        p.a, p.year = int(m["mm"]), m["my"] and int(m["my"])
    elif fam == "QUARTER":
        p.raw_q, p.raw_q2, p.year = m["qq"], m["qq2"] or "", m["qy"] and int(m["qy"])
    elif fam == "YEAR":
        p.year = int(m["yy"])
    elif fam == "DATE":
        p.a, p.b, p.year = int(m["dd"]), int(m["dm"]), m["dy"] and int(m["dy"])
    elif fam == "MBARE":
        p.fam, p.a, p.year = "MONTH", int(m["bm"]), int(m["by"])
    elif fam == "RANGE":
        p.a, p.year = int(m["r1"]), int(m["r2"])
    elif fam == "DATEW":
        p.fam, p.a, p.b, p.year = "DATE", int(m["wd"]), int(m["wm"]), m["wy"] and int(m["wy"])
    elif fam == "HALF":
        p.a, p.year = (1 if m["hh"] == "dau" else 2), m["hy"] and int(m["hy"])
    elif fam == "TET":
        p.year = m["ty"] and int(m["ty"])
    elif bracket:  # "2027 (2025-2030)": the full grammar reads the bracket as the period
        return None
    else:  # BARE: a lone year ("2027", "trong 2027")
        p.fam, p.year = "YEAR", int(m["by2"])
    return p


# "Tháng 12/2025 (lùi từ tháng 9/2025)": a period, and in brackets the postponement that gave it
# ("từ"/"về": the old date, dropped) or the new date ("sang"/"đến"…: it replaces the first)
POSTPONED = re.compile(r"\((?P<phrase>\s*(?:da\s+)?(?:lui|gia\s+han|dieu\s+chinh|chuyen|hoan|doi)\s+(?:lai\s+)?"
                       r"(?:thoi\s+(?:han|gian)\s+)?(?:hoan\s+thanh\s+)?(?P<dir>tu|sang|den|toi|xuong|ve))\b"
                       r"[^()]*?(?P<close>\)?)\s*\Z", re.ASCII)
_SIMPLE = frozenset(("MONTH", "MBARE", "YEAR", "DATE", "DATEW", "QUARTER"))
_ONE_DAY = timedelta(days=1)


def _due(m: re.Match[str], fam: str, plan_year: int | None) -> date | None:
    """The due day of the commonest periods straight from the match, as `Piece.bounds` and
    `shade` give it, without building a Piece (a third of a plain reading); None where `bounds`
    would raise (the full reading words the error). "Trước" a period is the day before it."""
    if fam == "YEAR":
        year = int(m["yy"])
        if not g.MIN_YEAR <= year <= g.MAX_YEAR:
            return None
        return date(year - 1, 12, 31) if m["pre"] == "truoc" else date(year, 12, 31)
    if fam == "QUARTER":
        try:
            q = g.roman_quarter(m["qq"])
        except g.Invalid:
            return None
        first_month, month, written = 3 * q - 2, 3 * q, m["qy"]
    elif fam == "DATE" or fam == "DATEW":
        day, month, written = (m["dd"], m["dm"], m["dy"]) if fam == "DATE" else (m["wd"], m["wm"], m["wy"])
        day, month = int(day), int(month)
    else:
        month, written = (int(m["mm"]), m["my"]) if fam == "MONTH" else (int(m["bm"]), m["by"])
        first_month = month
    year = int(written) if written else plan_year
    if year is None or not 1 <= month <= 12 or not g.MIN_YEAR <= year <= g.MAX_YEAR:
        return None
    if fam == "DATE" or fam == "DATEW":
        return date(year, month, day) if 1 <= day <= g.days_in(year, month) else None
    if m["pre"] == "truoc":
        return date(year, first_month, 1) - _ONE_DAY
    return date(year, month, g.days_in(year, month))


def _postponed(text: str, nfc: str, folded: str, plan_year: int | None, hinted: bool) -> Deadline | None:
    """A period followed by its postponement in brackets, read as the full reading does: the date
    kept, and a warning that quotes the postponement."""
    b = None if hinted else POSTPONED.search(folded)
    if b is None or g.EVENT.search(folded):
        return None
    first = FAST.fullmatch(folded, 0, b.start())
    other = FAST.fullmatch(folded, b.end("phrase"), b.start("close"))
    if first is None or other is None or "BARE" in (first.lastgroup, other.lastgroup) or other.lastgroup == "RANGE":
        return None
    kept = first if b["dir"] in ("tu", "ve") else other
    quick = _dated(text, kept, None, plan_year)
    if quick is None:
        return None
    phrase = nfc[b.start("phrase"):other.end(other.lastgroup)].strip()
    quick.warnings.insert(len(quick.warnings) - (plan_year_note(quick.due, plan_year) is not None),
                          f'Thời hạn đã được điều chỉnh ("{phrase}"); nhắc theo thời hạn {quick.due:%d/%m/%Y}.')
    return quick


def _listed(text: str, folded: str, plan_year: int | None) -> Deadline | None:
    """"Tháng 9, 10(, 11)/2025" and "Quý II, III/2025": from the first day of the first to the last
    day of the last, when each follows the one before."""
    if (m := MONTH_LIST.fullmatch(folded)) is not None:
        months = [int(m["first"]), *map(int, _NUMBERS.findall(m["rest"]))]
        first_month, last_month = months[0], months[-1]
    elif (m := QUARTER_LIST.fullmatch(folded)) is not None:
        try:
            q1, q2 = g.roman_quarter(m["first"]), g.roman_quarter(m["last"])
        except g.Invalid:
            return None
        months, first_month, last_month = [q1, q2], 3 * q1 - 2, 3 * q2
    else:
        return None
    year = int(m["y"])
    if any(b != a + 1 for a, b in zip(months, months[1:])) or not g.MIN_YEAR <= year <= g.MAX_YEAR:
        return None
    due = g.month_end(year, last_month)
    note = plan_year_note(due, plan_year)
    return built("date", due, text, [note] if note else [], date(year, first_month, 1))


def _led(folded: str, end: int, hinted: bool) -> re.Match[str] | None:
    """A period after words that say what is to be done, when the full reading would find only it.
    `hinted`: the text holds a word of a cadence (`CADENCE_HINT`)."""
    if hinted:
        return None
    m = LEAD.fullmatch(folded, 0, end)
    if m is None or m.lastgroup == "BARE":  # a bare year is a period only when alone
        return None
    lead = m["lead"]
    if (lead.rsplit(None, 1)[-1] in _GRAMMAR_WORDS or g.PERIOD_HINT.search(lead) or g.EVENT.search(folded)
            or g.POSTPONE_HINT.search(folded)):
        return None
    return m


def read(text: str, nfc: str, folded: str, plan_year: int | None) -> Deadline | None:
    """The Deadline the full reading gives, or None when the text is not one of the forms above
    (or is one the full grammar must warn or fail about)."""
    if (key := folded.strip()) in CADENCES:  # no digit, no bracket: FAST could not match it
        return built("recurring", None, text, [], recurrence=CADENCES[key])
    bracket = BRACKET.search(folded) if "(" in folded else None
    end = bracket.start() if bracket else len(folded)
    m = FAST.fullmatch(folded, 0, end)
    if m is None:
        hinted = g.CADENCE_HINT.search(folded) is not None
        if bracket is None:
            if (quick := cadence_forms.read(text, nfc, folded, plan_year, hinted)) is not None:
                return quick
            if ("," in folded or "va" in folded) and (quick := _listed(text, folded, plan_year)) is not None:
                return quick
        m = _led(folded, end, hinted)
        if m is None:
            return _postponed(text, nfc, folded, plan_year, hinted) if bracket is None and "(" in folded else None
    return _dated(text, m, bracket, plan_year)


def _dated(text: str, m: re.Match[str], bracket: re.Match[str] | None, plan_year: int | None) -> Deadline | None:
    """The Deadline of one period matched by FAST (and the programme bracket after it)."""
    fam = m.lastgroup
    if fam in _SIMPLE and (fam != "QUARTER" or not m["qq2"]):
        due = _due(m, fam, plan_year)
        if due is None:
            return None
        start = None
    else:
        p = _piece(m, bracket is not None)
        if p is None:
            return None
        try:
            first, last = p.bounds(plan_year)
        except (g.Invalid, g.MissingYear):
            return None
        due, guessed = g.shade(first, last, p.pre, p.fam)
        if guessed:  # not reachable with the prefixes admitted; the full reading words the warning
            return None
        start = first if p.fam == "RANGE" or p.raw_q2 else None
    warnings = []
    if bracket is not None:  # a year "0000" closing the bracket is no year: the bracket is its first
        y1 = int(bracket["p1"])
        start, note = program_note(due, start, y1, int(bracket["p2"]) or y1)
        if note:
            warnings.append(note)
    if plan_year is not None and due.year < plan_year:
        warnings.append(plan_year_note(due, plan_year))
    return built("date", due, text, warnings, start)

"""Vietnamese completion times -> concrete dates. Pure: no I/O, no clock of its own.

`parse_deadline` reads the "Thời gian hoàn thành" column of a plan. The reading rules, so that the
importer, the policy and a secretariat all agree on them:

* a named period is due on its last day: "Tháng 6/2025" 30/6, "Quý II/2025" 30/6, "Năm 2025"
  31/12, "6 tháng đầu năm 2027" 30/6; "Trước/Đến (ngày) 20/4/2025" is due that day;
  "Trước tháng 10/2025" / "trước quý 4/2025" / "trước năm 2027" end with the period before.
* "đầu tháng 6/2025" is the 10th (thượng tuần), "giữa tháng" the 15th, "đầu/giữa quý" the end of
  its first/second month, "đầu/giữa năm" 31/3 and 30/6 — guesses, so they carry a warning.
* a range ("2026-2027", "Giai đoạn 2025–2030", "Từ tháng 6 đến tháng 9/2025") starts on the
  first day of its first period and is due on the last day of its last; a range in brackets after
  a date ("Năm 2026 (2025-2026)") is the programme period: it gives `start`, and a date outside it
  ("Năm 2027 (2025-2026)") is read by the date and warned about.
* a month, quarter or day written without a year takes the plan year (or the year written later
  in the same text, "từ tháng 6 đến tháng 9/2025"); with neither it is a DeadlineError.
* cadences ("Hằng tháng", "Hàng quý", "6 tháng một lần", "Định kỳ hằng năm", "Tháng 6 hằng năm",
  "Tháng 11 của năm trước", "Từ năm 2026 và những năm tiếp theo") are `recurring`;
  "Thường xuyên"/"liên tục"/"trở đi" are `recurring` with no cadence. "Từ <mốc>" alone is ongoing
  work from that day.
* lists of adjacent months/quarters are one span ("Tháng 9, 10/2025" 1/9–31/10, "Quý II, III/2025");
  "Quí" is "Quý"; number words in brackets are legal drafting ("ngày 06 (sáu) tháng 06 (sáu)").
* reporting periods: "ngày 15 của tháng báo cáo" monthly; "10/01 của năm liền kề năm báo cáo"
  yearly, first due the year after the plan year; "tháng đầu tiên của quý tiếp theo" quarterly,
  month 1; "Tháng 6 và tháng 12 hằng năm" semiannual; "Hằng tuần" weekly (no report day).
* "Mốc 2045" is 31/12/2045; "Trước Tết Nguyên đán 2026" the eve of that Tết (16/02/2026, from the
  lunar calendar); "Trước Tết" alone the Tết that closes the plan year.
* "Khi…", "Sau khi…", "Theo yêu cầu", "Đột xuất" are `event`.
* "(lùi từ tháng 9/2025)" drops the old date; "(lùi sang tháng 12/2025)" takes the new one;
  either way a warning records the postponement.
* several unrelated dates in one text: the earliest counts, with a warning.
"""
from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from functools import lru_cache

from schedules import _deadline_fast as fast
from schedules import _deadline_grammar as g
from schedules._fold import blank_number_words, fold
from schedules._deadline_result import Deadline, DeadlineError
from schedules._deadline_recurring import recurring
from schedules._deadline_result import built as _built
from schedules._deadline_result import error as _error
from schedules._deadline_result import plan_year_note, program_note
from schedules._new_due import DateCheck, check_new_due
from schedules._reply_dates import extract_reply_date, parse_reply_date

__all__ = ["DateCheck", "Deadline", "DeadlineError", "check_new_due", "extract_reply_date", "parse_deadline",
           "parse_reply_date"]

MAX_LEN = 500  # a completion-time cell; longer text is a paste error, not a deadline
_MISSING_EXAMPLE = {"MONTH": "Tháng 6/2025", "QUARTER": "Quý II/2025", "DATE": "Trước 20/4/2025",
                    "HALF": "6 tháng đầu năm 2025"}
_END_WORDS = ("den", "den het", "toi")
_LIST_GAP = re.compile(r"\s*(?:,|va|;)\s*(?:(?:thang|quy)\s*)?", re.ASCII)


def parse_deadline(text: str, plan_year: int | None = None) -> Deadline:
    """Read one completion time; `plan_year` fills in a missing year. Raises only DeadlineError."""
    if not isinstance(text, str):
        raise DeadlineError(f"Thời hạn phải là văn bản, không phải {type(text).__name__}.")
    if plan_year is not None and (not isinstance(plan_year, int) or not g.MIN_YEAR <= plan_year <= g.MAX_YEAR):
        raise DeadlineError(f"Năm kế hoạch {plan_year!r} không hợp lệ (từ {g.MIN_YEAR} đến {g.MAX_YEAR}).")
    return replace(d := _parse(text, plan_year), warnings=list(d.warnings))  # a copy: callers may edit it


@lru_cache(maxsize=4096)
def _parse(text: str, plan_year: int | None) -> Deadline:
    """The parse itself, cached: a plan repeats a few forms ("Thường xuyên", "Quý II/2025") across
    hundreds of rows, and the importer, the CLI and the policy re-read them. Errors are not cached."""
    nfc, folded = fold(text)
    if "(" in folded:
        folded = blank_number_words(folded)
    # one plain period or cadence, most cells: what the fast path reads has words, so the checks
    # below could not have failed
    if len(folded) <= MAX_LEN and (quick := fast.read(text, nfc, folded, plan_year)) is not None:
        return quick
    if not g.HAS_WORD.search(folded):
        raise _error(nfc)
    if len(folded) > MAX_LEN:
        raise _error(nfc[:60], f"văn bản dài quá {MAX_LEN} ký tự", "Tháng 6/2025")
    return _Reading(text, nfc, folded, plan_year).read()


class _Reading:
    """One parse: the text, its pieces, and the warnings gathered on the way."""

    def __init__(self, text: str, nfc: str, folded: str, plan_year: int | None) -> None:
        self.text, self.nfc, self.s, self.year = text, nfc, folded, plan_year
        self.warnings: list[str] = []
        self.invalid: g.Invalid | None = None
        self.missing: str | None = None  # family of the first piece with no year to take
        self.postponed: str | None = None  # the postponement phrase, quoted in a warning

    def out(self, kind: str, due: date | None, **extra: object) -> Deadline:
        return _built(kind, due, self.text, self.warnings, **extra)  # type: ignore[arg-type]

    def read(self) -> Deadline:
        found: dict[str, re.Match[str]] = {}
        if g.CADENCE_HINT.search(self.s):
            for m in g.CADENCE.finditer(self.s):
                found.setdefault(m.lastgroup or "", m)
        pieces = self._postponement(g.scan(self.s))
        ranges_in_paren = [p for p in pieces if p.fam == "RANGE" and p.in_paren]
        main = [p for p in pieces if p not in ranges_in_paren] or ranges_in_paren
        program = ranges_in_paren if main is not ranges_in_paren else []
        periodic = [c for c in g.CADENCE_ORDER if c in found]
        if periodic:
            return recurring(self.text, self.nfc, self.s, self.year, periodic, main, self.warnings)
        dated = self._dated(main, program, "ongoing" in found)
        if dated is not None:
            return dated
        if "ongoing" in found:
            said = found["ongoing"].group()
            if said.startswith("dinh"):
                self.warnings.append('Không rõ chu kỳ ("định kỳ"); nhắc như việc thường xuyên.')
            elif said.endswith(("ngay", "tuan")):
                self.warnings.append(f'Chu kỳ "{self.nfc[found["ongoing"].start():found["ongoing"].end()]}"'
                                     " được nhắc như việc thường xuyên.")
            return self.out("recurring", None)
        if g.EVENT.search(self.s):
            return self.out("event", None)
        if self.missing is not None:
            raise _error(self.nfc, "thiếu năm, hãy ghi rõ năm", _MISSING_EXAMPLE.get(self.missing, "Tháng 6/2025"))
        if self.invalid is not None:
            raise _error(self.nfc, self.invalid.reason, self.invalid.example)
        raise _error(self.nfc)

    def _postponement(self, pieces: list[g.Piece]) -> list[g.Piece]:
        """"lùi từ X" drops X (the old date); "lùi sang X" keeps only X (the new one)."""
        m = g.POSTPONE.search(self.s) if g.POSTPONE_HINT.search(self.s) else None
        if m is None:
            return pieces
        target = next((p for p in pieces if p.end > m.end() and p.start >= m.start()), None)
        if target is None:
            self.postponed = self.nfc[m.start():m.end()]
            return pieces
        self.postponed = self.nfc[m.start():target.end].strip()
        if m.group("dir") in ("tu", "ve"):
            return [p for p in pieces if p is not target]
        return [p for p in pieces if p is target or (p.fam == "RANGE" and p.in_paren)]

    def _resolve(self, pieces: list[g.Piece]) -> list[tuple[g.Piece, date, date]]:
        """(piece, first day, last day) for each readable piece; a missing year is taken from the
        next piece that writes one, else the plan year."""
        out = []
        for i, p in enumerate(pieces):
            year = next((q.year for q in pieces[i + 1:] if q.year is not None and q.fam != "RANGE"), self.year)
            try:
                first, last = p.bounds(year)
            except g.MissingYear:
                self.missing = self.missing or p.fam
                continue
            except g.Invalid as exc:
                self.invalid = self.invalid or exc
                continue
            out.append((p, first, last))
        return out

    @staticmethod
    def _consecutive(p: g.Piece, q: g.Piece) -> bool:
        """Two adjacent months or quarters; a list of far-apart ones ("Tháng 6 và tháng 12/2025")
        stays two milestones (the earliest counts, with a warning)."""
        if p.fam != q.fam or p.fam not in ("MONTH", "QUARTER"):
            return False
        if p.fam == "MONTH":
            return q.a == p.a + 1
        try:
            return g.roman_quarter(q.raw_q) == g.roman_quarter(p.raw_q) + 1
        except g.Invalid:
            return False

    def _lists(self, p: g.Piece, q: g.Piece) -> bool:
        """A list of adjacent periods "Tháng 9, 10/2025", "Quý II, III/2025": one span, due at its end."""
        return self._consecutive(p, q) and (q.listed or p.year is None
                                             and _LIST_GAP.fullmatch(self.s, p.end, q.start) is not None)

    def _joins(self, p: g.Piece, q: g.Piece) -> bool:
        """Whether two consecutive pieces are the ends of one range ("từ X đến Y", "X - Y")."""
        gap = self.s[p.end:q.start]
        if not g.RANGE_GAP.fullmatch(gap):
            return False
        return q.pre in _END_WORDS or "-" in gap or "den" in gap or "toi" in gap

    def _dated(self, main: list[g.Piece], program: list[g.Piece], ongoing: bool) -> Deadline | None:
        items: list[tuple[date, date | None, tuple[int, int], bool]] = []  # due, start, span, guessed
        froms: list[date] = []
        resolved = self._resolve(main)
        i = 0
        while i < len(resolved):
            p, first, last = resolved[i]
            j = i
            while j + 1 < len(resolved) and self._lists(resolved[j][0], resolved[j + 1][0]):
                j += 1  # "Tháng 9, 10, 11/2025": the whole list is one span
            if j > i or i + 1 < len(resolved) and self._joins(p, resolved[i + 1][0]):
                j = max(j, i + 1)
                q, first2, last2 = resolved[j]
                due, guessed = g.shade(first2, last2, q.pre, q.fam)
                if first > due:
                    self.invalid = g.Invalid("khoảng thời gian kết thúc trước khi bắt đầu", "Từ tháng 6 đến tháng 9/2025")
                else:
                    items.append((due, first, (p.start, q.end), guessed))
                i = j + 1
                continue
            if p.pre == "tu" and p.fam != "RANGE":
                froms.append(first)
            else:
                due, guessed = g.shade(first, last, p.pre, p.fam)
                ranged = p.fam == "RANGE" or p.raw_q2  # "Quý III-IV/2025" is a range too
                items.append((due, first if ranged else None, (p.start, p.end), guessed))
            i += 1
        if not items:
            if not froms:
                return None
            if not g.ONWARDS.search(self.s):
                self.warnings.append(f"Chỉ nêu thời điểm bắt đầu; nhắc như việc thường xuyên từ {froms[0]:%d/%m/%Y}.")
            return self.out("recurring", None, start=froms[0])
        due, start, span, guessed = min(items, key=lambda it: it[0])
        phrase = self.nfc[span[0]:span[1]].strip()
        if guessed:
            self.warnings.append(f'"{phrase}" được hiểu là hạn {due:%d/%m/%Y}.')
        if len({it[0] for it in items}) > 1:
            self.warnings.append(f"Văn bản ghi nhiều mốc thời gian; nhắc theo mốc sớm nhất {due:%d/%m/%Y} (\"{phrase}\").")
        if program:
            start, note = program_note(due, start, program[0].a, program[0].year or program[0].a)
            if note:
                self.warnings.append(note)
        if self.postponed:
            self.warnings.append(f'Thời hạn đã được điều chỉnh ("{self.postponed}"); nhắc theo thời hạn '
                                 f"{due:%d/%m/%Y}.")
        if ongoing:
            self.warnings.append(f"Văn bản ghi cả việc thường xuyên và mốc cụ thể; nhắc theo mốc {due:%d/%m/%Y}.")
        if g.EVENT.search(self.s):
            self.warnings.append(f"Thời hạn kèm điều kiện; nhắc theo mốc {due:%d/%m/%Y}.")
        if note := plan_year_note(due, self.year):
            self.warnings.append(note)
        return self.out("date", due, start=start)

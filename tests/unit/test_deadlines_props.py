"""Properties of the deadline grammar: it never fails with anything but DeadlineError, and every
month / quarter spelling maps to the period's last day."""
from __future__ import annotations

import calendar
import unicodedata
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from schedules.deadlines import DeadlineError, parse_deadline, parse_reply_date

FRAGMENTS = [
    "Tháng", "tháng", "Quý", "quý", "năm", "Năm", "ngày", "Trước", "trước", "đến", "Đến hết", "từ", "Từ", "trong",
    "cuối", "đầu", "giữa", "hằng", "hàng", "định kỳ", "lần", "một", "của", "thứ", "tuần", "sau", "tới", "nữa",
    "Thường xuyên", "khi", "lùi", "sang", "giai đoạn", "những năm tiếp theo", "6 tháng đầu năm", "T", "Q",
    "I", "II", "III", "IV", "V", "lII", "1V", "0", "1", "2", "6", "12", "13", "29", "31", "32", "99", "2025",
    "2O25", "1899", "2200", "99999", "1234567890123", "/", "-", "–", "—", ".", ",", ":", "(", ")", " ", "  ",
]
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


def _strip(text: str) -> str:
    bare = "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")
    return bare.replace("đ", "d").replace("Đ", "D")


def _only_deadline_error(text: str, year: int | None) -> None:
    try:
        d = parse_deadline(text, year)
    except DeadlineError as exc:
        assert str(exc)  # a message a person can read
        return
    assert d.kind in ("date", "recurring", "event") and d.text == text
    assert d.kind != "date" or d.due is not None
    assert d.start is None or d.due is None or d.start <= d.due


@settings(max_examples=300)
@given(st.text(), st.one_of(st.none(), st.integers(min_value=-10, max_value=100_000)))
def test_arbitrary_text_only_raises_deadline_error(text, year):
    _only_deadline_error(text, year)


@settings(max_examples=500)
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=10), st.sampled_from([None, 2025]), st.sampled_from(["", " "]))
def test_grammar_fragments_only_raise_deadline_error(parts, year, glue):
    _only_deadline_error(glue.join(parts), year)


spacing = st.sampled_from(["", " ", "  ", "\t"])
styles = st.sampled_from(["as is", "upper", "lower", "stripped", "nfd"])


def _styled(text: str, style: str) -> str:
    return {"as is": text, "upper": text.upper(), "lower": text.lower(), "stripped": _strip(text),
            "nfd": unicodedata.normalize("NFD", text)}[style]


@given(st.integers(1, 12), st.integers(2000, 2100), spacing, spacing, spacing, styles,
       st.sampled_from(["Tháng", "tháng", "THÁNG", "T"]), st.booleans())
def test_every_month_is_its_last_day(month, year, s1, s2, s3, style, word, zero):
    number = f"{month:02d}" if zero else str(month)
    text = _styled(f"{s1}{word}{s2}{number}{s3}/{s2}{year}{s1}", style)
    assert parse_deadline(text).due == date(year, month, calendar.monthrange(year, month)[1])


@given(st.integers(1, 4), st.integers(2000, 2100), st.booleans(), spacing, spacing, styles,
       st.sampled_from(["Quý", "Qúy", "quý", "Quy"]), st.sampled_from(["/", " năm "]))
def test_every_quarter_is_its_last_day(quarter, year, roman, s1, s2, style, word, sep):
    numeral = ROMAN[quarter] if roman else str(quarter)
    text = _styled(f"{s1}{word} {numeral}{s2}{sep}{s2}{year}{s1}", style)
    month = 3 * quarter
    assert parse_deadline(text).due == date(year, month, calendar.monthrange(year, month)[1])


@settings(max_examples=300)
@given(st.one_of(st.text(), st.lists(st.sampled_from(FRAGMENTS), max_size=8).map(" ".join)), st.dates())
def test_reply_dates_never_raise(text, today):
    found = parse_reply_date(text, today)
    assert found is None or isinstance(found, date)

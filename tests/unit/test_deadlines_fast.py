"""The fast path of parse_deadline (schedules/_deadline_fast.py) reads exactly as the full grammar.

Every text is read twice, uncached: as parse_deadline reads it, and with the fast path switched
off; the two Deadlines must be equal field for field (warnings included), or both readings must
fail with the same message. The texts: the bench's, every plan's, the table tests', a generated
grid of the forms the fast pattern admits (and near misses: values out of range, two-digit
years, guessed prefixes, brackets), and Hypothesis compositions of their fragments.
"""
from __future__ import annotations

import csv
import itertools
import pickle
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from bench.deadlines import INPUTS
from schedules import _deadline_fast as fast
from schedules import deadlines
from schedules._fold import blank_number_words, fold
from schedules.deadlines import Deadline, DeadlineError
from tests.unit.test_deadlines import CASES
from tests.unit.test_deadlines_props import FRAGMENTS, _styled

PLANS = Path(__file__).resolve().parents[2] / "data" / "plans"
YEARS = (None, 2025, 2031)


def _outcome(text: str, year: int | None) -> Deadline | str:
    try:
        return deadlines._parse.__wrapped__(text, year)
    except DeadlineError as exc:
        return f"DeadlineError: {exc}"


def _both(text: str, year: int | None) -> tuple[Deadline | str, Deadline | str]:
    quick = _outcome(text, year)
    real_read = fast.read
    fast.read = lambda text, nfc, folded, plan_year: None  # the full grammar alone
    try:
        full = _outcome(text, year)
    finally:
        fast.read = real_read
    return quick, full


def _same(text: str, year: int | None) -> None:
    quick, full = _both(text, year)
    assert quick == full, (text, year)
    if isinstance(full, Deadline):
        assert vars(quick) == vars(full) and type(quick.warnings) is list, (text, year)


def _plan_texts() -> list[tuple[str, int | None]]:
    found = []
    for path in sorted(PLANS.glob("*.csv")):
        meta = path.with_suffix(".yaml")
        year = (yaml.safe_load(meta.read_text(encoding="utf-8")) or {}).get("year") if meta.exists() else None
        with path.open(encoding="utf-8-sig", newline="") as f:
            found += sorted({(row.get("Thời gian hoàn thành") or "", year) for row in csv.DictReader(f)})
    return found


def _grid() -> list[str]:
    """The fast pattern's forms with every prefix, numbers in and out of range, and the ways a
    text can almost be one of them."""
    pres = ["", "Trước ", "trước: ", "Đến hết ", "đến ", "Chậm nhất ", "Hạn chót ", "trong ", "Cuối ", "hết ",
            "vào ", "Đầu ", "giữa ", "Sau ", "Từ ", "tới "]
    periods = ["Tháng {m}/{y}", "tháng {m} năm {y}", "T{m}/{y}", "th.{m}-{y}", "Tháng {m}", "tháng {m} {y}",
               "{m}/{y}", "{d}/{m}/{y}", "ngày {d}.{m}.{y}", "Ngày {d}/{m}", "ngày {d} tháng {m} năm {y}",
               "ngày {d} tháng {m}", "Quý {q}/{y}", "quý {q} năm {y}", "Q{q}-{y}", "Quý {q}", "Quý {q}-IV/{y}",
               "quý I đến quý {q}/{y}", "Quý {q}, IV/{y}", "Năm {y}", "Mốc {y}", "mốc năm {y}", "{y}",
               "6 tháng đầu năm {y}", "06 tháng cuối năm", "nửa đầu năm {y}", "Tết Nguyên đán {y}", "Tết",
               "Giai đoạn {y}-2030", "{y} - 2027", "năm {y} đến năm 2028", "{y}–{y}"]
    values = [{"d": "15", "m": "6", "q": "II", "y": "2025"}, {"d": "31", "m": "02", "q": "4", "y": "2024"},
              {"d": "29", "m": "2", "q": "lII", "y": "2100"}, {"d": "0", "m": "13", "q": "V", "y": "1899"},
              {"d": "32", "m": "0", "q": "12", "y": "2200"}, {"d": "1", "m": "12", "q": "i", "y": "25"},
              {"d": "05", "m": "1", "q": "III", "y": "2O26"}, {"d": "10", "m": "11", "q": "IV", "y": "20255"}]
    tails = ["", " ", " (2025-2026)", " (2025- 2030", "(2020-2024)", " (2025-0000)", " (0000-2026)",
             " (2026-2025)", " (ghi chú)", " hằng năm", ", 2026", " và 2027"]
    texts = set()
    for pre, period, v in itertools.product(pres, periods, values):
        for tail in tails:
            texts.add(pre + period.format(**v) + tail)
    return sorted(texts)


def _taken(text: str, year: int | None = 2025) -> bool:
    nfc, folded = fold(text)
    return fast.read(text, nfc, blank_number_words(folded), year) is not None


def test_the_grid_exercises_the_fast_path():
    texts = _grid()
    taken = sum(_taken(t) for t in texts)
    assert len(texts) > 40_000 and taken > 10_000


def test_every_bench_form_has_a_fast_reading():
    """The throughput bench (bench/deadlines.py) holds the forms plans and the issue name; each
    must be read by a fast reading, not the full one (10-20 µs): a guard on the design, no timing."""
    assert [t for t in INPUTS if not _taken(t, 2025)] == []


@pytest.mark.parametrize("year", YEARS)
def test_bench_inputs(year):
    for text in INPUTS:
        _same(text, year)


def test_plan_forms():
    for text, year in _plan_texts():
        for y in {year, *YEARS}:
            _same(text, y)


def test_table_cases():
    for text, year, *_ in CASES:
        for y in {year, *YEARS}:
            _same(text, y)


@pytest.mark.parametrize("year", YEARS)
def test_generated_grid(year):
    for text in _grid():
        _same(text, year)


def _cadence_grid() -> list[str]:
    """The anchored cadences and events `_deadline_fast_cadence` reads, and their near misses."""
    pres = ["", "Trước ", "chậm nhất ", "Hạn ", "vào ", "Từ "]
    anchors = ["", "ngày 15 ", "ngày 15 của ", "ngày 10/01 ", "ngày 10/01 của ", "ngày 31.12 ", "ngày 32 ", "ngày 0 ",
               "ngày 15/13 ", "ngày 10-01 ", "tháng 6 ", "tháng 6 của ", "tháng 13 ", "ngày 15 tháng 6 ",
               "ngày 15 của tháng 6 ", "ngày 31 tháng 2 ", "tháng 6 và tháng 12 ", "tháng 3 và tháng 7 ",
               "ngày 15 tháng 6 và tháng 12 ", "tháng 6, 12 ", "tháng 6/2025 ", "quý II ", "ngày 1 "]
    cadences = ["hằng tuần", "hằng tháng", "hàng quý", "hằng năm", "mỗi năm", "định kỳ hằng quý", "của năm trước",
                "năm trước", "của tháng báo cáo", "tháng báo cáo", "của năm liền kề năm báo cáo",
                "năm sau năm báo cáo", "của tháng đầu quý", "tháng đầu tiên của quý tiếp theo",
                "tháng cuối cùng mỗi quý", "tháng giữa quý", "tháng đầu tiên quý", "tháng thứ hai của quý",
                "6 tháng một lần", "thường xuyên", "hằng ngày", "lần"]
    tails = ["", " 2025", ", khi có yêu cầu"]
    texts = {pre + anchor + cadence + tail
             for pre, anchor, cadence, tail in itertools.product(pres, anchors, cadences, tails)}
    texts |= {f"{pre}năm {y} {glue} {rest}" for pre in ("Từ ", "", "Trước ") for y in ("2026", "1899", "2O26", "26")
              for glue in ("và", "", ",") for rest in ("những năm tiếp theo", "các năm sau", "các năm sau đó",
                                                       "những năm kế tiếp", "năm tiếp theo")}
    texts |= {pre + event + tail for pre in ("", "Chỉ ") for tail in ("", " 2025", " hằng năm", " thường xuyên")
              for event in ("Khi có hướng dẫn", "Sau khi được phê duyệt", "Theo yêu cầu", "Khi Trung ương có quy định mới",
                            "Theo kế hoạch", "Đột xuất", "Tùy tình hình", "khi Tết", "Khi quý II", "Theo quý lII",
                            "Phát sinh", "nếu có", "ngày khi", "Khi lùi sang tháng 6")}
    return sorted(texts)


def test_the_cadence_grid_exercises_the_fast_forms():
    texts = _cadence_grid()
    assert len(texts) > 8_000 and sum(_taken(t) for t in texts) > 1_000


@pytest.mark.parametrize(("style", "step"), [("as is", 1), ("stripped", 3), ("upper", 5)])
def test_cadence_grid(style, step):
    for text in _cadence_grid()[::step]:
        for year in YEARS:
            _same(_styled(text, style), year)


LEADS = ["Trình UBND tỉnh ", "Hoàn thành ", "Báo cáo ", "thời hạn là ", "Xây dựng kế hoạch ", "Ban hành từ ",
         "Triển khai đầu ", "Phê duyệt sau ", "Tổ chức hội nghị giai đoạn ", "nộp vào ", "Khi có ", "Lùi sang ",
         "Thực hiện thường xuyên ", "Nộp chậm nhất ", "Trình Tết ", "dự kiến nửa ", "xong quý ", "tổng kết năm ",
         "Sơ kết 6 tháng ", "Trình, ", "làm ngày "]


def test_the_lead_grid_exercises_the_fast_path():
    texts = [lead + text for lead in LEADS for text in _grid()[::113]]
    assert sum(_taken(t) for t in texts) > 200


@pytest.mark.parametrize("year", YEARS)
def test_periods_after_words(year):
    """"Trình UBND tỉnh trước ngày 30/9/2025": the words before a period, and near misses."""
    for lead in LEADS:
        for text in _grid()[::113]:
            _same(lead + text, year)


def _list_grid() -> list[str]:
    """Lists of months and quarters with their year, adjacent or not, and near misses."""
    months = ["9, 10", "09, 10", "9 và tháng 10", "9, tháng 10", "9; 10", "10, 11, 12", "11, 12, 13", "6, 12", "9 , 10",
              "12, 1", "1, 2, 3, 4", "9, 10 và 11", "9-10", "0, 1"]
    quarters = ["II, III", "II và quý III", "2, 3", "III, IV", "IV, V", "I, III", "lII, IV", "3 và 4", "II,III"]
    years = ["/2025", " năm 2025", "-2026", ".2025", "/25", " 2025", "/1899", "/2200", "/2O25", ""]
    pres = ["", "Trước ", "Đến hết ", "trong ", "Từ "]
    texts = {f"{pre}{word} {body}{year}{tail}" for pre in pres for year in years for tail in ("", " ", " (2025-2030)")
             for word, bodies in (("Tháng", months), ("Quý", quarters), ("T", months[:3]), ("Q", quarters[:3]))
             for body in bodies}
    return sorted(texts)


def test_the_list_grid_exercises_the_fast_path():
    texts = _list_grid()
    assert sum(_taken(t) for t in texts) > 100


@pytest.mark.parametrize("year", YEARS)
def test_lists_of_periods(year):
    for text in _list_grid():
        _same(text, year)


def _postponed_grid() -> list[str]:
    """A period and its postponement in brackets, every direction, and near misses."""
    firsts = ["Tháng 12/2025", "Tháng 12", "Quý IV/2025", "Năm 2026", "Trước 20/4/2025", "2026", "2025-2026",
              "Đầu tháng 6/2025", "Tháng 13/2025", "Hằng năm", "Tháng 12/2025 thường xuyên", "Khi có yêu cầu"]
    phrases = ["lùi từ", "đã lùi từ", "lùi sang", "Lùi lại đến", "gia hạn đến", "điều chỉnh thời hạn hoàn thành sang",
               "chuyển về", "hoãn tới", "đổi xuống", "lùi", "lùi từ ngày", "sang"]
    others = ["tháng 9/2025", "tháng 9", "Quý III/2025", "20/4/2025", "năm 2027", "2025-2026", "hết tháng 6/2026",
              "tháng 13/2025", "tháng 9/2025 theo Văn bản 12", "đầu tháng 6/2025", "2024"]
    closes = [")", "", ") ", ").", ") hằng năm"]
    return sorted({f"{first} ({phrase} {other}{close}" for first in firsts for phrase in phrases for other in others
                   for close in closes})


def test_the_postponed_grid_exercises_the_fast_path():
    assert sum(_taken(t) for t in _postponed_grid()) > 300


@pytest.mark.parametrize("year", YEARS)
def test_postponements(year):
    for text in _postponed_grid():
        _same(text, year)


def test_cadence_phrases_in_every_style():
    for phrase, style in itertools.product(fast.CADENCES, ("as is", "upper", "stripped", "nfd")):
        for text in (phrase, f" {phrase} ", phrase.replace(" ", "  "), phrase + " 2025", "Từ 2025 " + phrase):
            for year in YEARS:
                _same(_styled(text, style), year)


FAST_FRAGMENTS = ["Tháng", "tháng", "T", "Quý", "Quí", "Q", "năm", "Năm", "Mốc", "ngày", "Trước", "đến hết",
                  "trong", "cuối", "đầu", "Giai đoạn", "Tết", "Nguyên đán", "6 tháng", "nửa", "của", "thường xuyên",
                  "hằng", "quý", "II", "lII", "IV", "1", "3", "6", "9", "12", "13", "29", "31", "2024", "2025", "2O25",
                  "1899", "2200", "/", "-", "–", ".", ",", "(", ")", "(2025-2026)", " ", "  ",
                  "hằng tháng", "hàng quý", "hằng năm", "mỗi", "báo cáo", "đầu tiên", "cuối cùng", "liền kề",
                  "năm trước", "những năm tiếp theo", "Từ", "và", "chậm nhất", "Khi", "theo yêu cầu", "10/01", "15"]


@settings(max_examples=800)
@given(st.lists(st.sampled_from(FAST_FRAGMENTS), min_size=1, max_size=7), st.sampled_from(["", " "]),
       st.sampled_from(YEARS), st.sampled_from(["as is", "upper", "lower", "stripped", "nfd"]))
def test_fragments_of_the_fast_forms(parts, glue, year, style):
    _same(_styled(glue.join(parts), style), year)


@settings(max_examples=300)
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=10), st.sampled_from([None, 2025]), st.sampled_from(["", " "]))
def test_grammar_fragments(parts, year, glue):
    _same(glue.join(parts), year)


@settings(max_examples=200)
@given(st.text(), st.sampled_from(YEARS))
def test_arbitrary_text(text, year):
    _same(text, year)


def test_built_deadline_is_a_deadline():
    """`deadlines._built` skips the dataclass __init__; nothing downstream may notice."""
    made = deadlines._built("recurring", date(2025, 3, 31), "Hằng quý", ["w"], date(2025, 1, 1), "quarterly", 3, 31)
    real = Deadline("recurring", date(2025, 3, 31), date(2025, 1, 1), "quarterly", "Hằng quý", ["w"], 3, 31)
    assert made == real and repr(made) == repr(real) and vars(made) == vars(real)
    assert list(vars(made)) == list(vars(real))  # same field order: asdict / replace / repr agree
    assert pickle.loads(pickle.dumps(made)) == real and replace(made, due=None) == replace(real, due=None)
    with pytest.raises(AttributeError):
        made.due = None  # type: ignore[misc]  # still frozen

"""The guarded scans of the completion-time grammar find exactly what their bare patterns find.

`_deadline_cadence.at_words` puts a first-letter lookahead in front of PERIOD, CADENCE and EVENT
so the regex engine skips positions no match can start at. If a new alternative began with a
letter the guard does not list, the guarded pattern would silently miss it; these tests compare
every match (span, family, groups) of the guarded pattern with `\\b` + the same body, on the
plans' texts, the bench's, the table tests' and generated compositions of grammar words.
"""
from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bench.deadlines import INPUTS
from schedules import _deadline_cadence as cad
from schedules import _deadline_grammar as g
from schedules._fold import blank_number_words, fold
from tests.unit.test_deadlines import CASES
from tests.unit.test_deadlines_fast import FAST_FRAGMENTS, _plan_texts
from tests.unit.test_deadlines_props import FRAGMENTS, _styled

GUARDED = {
    "PERIOD": (g.PERIOD, g.PERIOD_BODY),
    "CADENCE": (cad.CADENCE, cad.CADENCE_BODY),
    "EVENT": (cad.EVENT, cad.EVENT_BODY),
}
# words the three patterns are made of, glued in ways a cell can hold them (no space, dot, slash)
WORDS = sorted(set(FRAGMENTS) | set(FAST_FRAGMENTS) | {
    "qii", "quyiv", "q.3", "th.6", "t11", "tetnam", "nuadau", "moc2045", "nam2025", "ngay15", "thangbao cao",
    "chậm nhất", "hạn chót", "vào", "hết", "đột xuất", "tùy theo", "phát sinh", "nếu có", "theo yêu cầu",
    "sau khi", "ngày khi", "bốn lần", "hai lần", "12 lần/năm", "01 lần", "một lần", "mỗi", "liên tục", "trở đi",
    "thường niên", "báo cáo", "liền kề", "năm trước", "đầu tiên", "tiếp theo", "nhất", "cùng", "3 tháng", "03",
    "06", "01", "4", "2", "ba", "bốn", "hai", "sáu", "(", ")", "2026-2027", "ngày 10/01", "Mốc",
})


# one phrase for each alternative of the three patterns, so that a letter missing from a guard is
# caught by the corpus test and not left to chance
PHRASES = [
    "hằng tuần", "định kỳ tuần", "tuần 1 lần", "hằng tháng", "định kỳ hằng tháng", "ngày 15 của tháng báo cáo",
    "1 tháng/lần", "12 lần/năm", "mỗi quý", "định kỳ quý", "mỗi 3 tháng", "3 tháng một lần", "quý một lần",
    "tháng đầu của quý", "tháng thứ hai của mỗi quý", "bốn lần trong năm", "4 lần/năm", "hằng 6 tháng",
    "nửa năm một lần", "hai lần mỗi năm", "năm báo cáo", "mỗi năm", "định kỳ năm", "thường niên", "năm 1 lần",
    "12 tháng/lần", "của năm trước", "và những năm tiếp theo", "các năm sau đó", "thường trực", "liên tục",
    "hằng ngày", "từ 2026 trở đi", "định kỳ", "Khi có văn bản", "ngày khi", "sau khi duyệt", "theo kế hoạch",
    "đột xuất", "tùy tình hình", "phát sinh", "nếu có", "Giai đoạn 2025-2030", "từ năm 2025 đến 2027",
    "ngày 5/6/2025", "ngày 5 tháng 6 năm 2025", "th.6/2025", "T6 2025", "6/2025", "Q.II/2025", "quý I, II/2025",
    "6 tháng đầu năm 2025", "nửa cuối năm", "Tết Nguyên đán 2026", "Mốc năm 2045", "hạn chót 5/6/2025",
    "chậm nhất vào 5/6/2025", "vào tháng 6/2025", "giữa tháng 6/2025", "hết quý II/2025", "tới năm 2027",
]


def _bare(body: str) -> re.Pattern[str]:
    return re.compile(rf"\b{body}", re.VERBOSE | re.ASCII)


BARE = {name: _bare(body) for name, (_, body) in GUARDED.items()}


def _matches(pattern: re.Pattern[str], folded: str) -> list[tuple]:
    return [(m.span(), m.lastgroup, m.groups()) for m in pattern.finditer(folded)]


def _same(text: str) -> None:
    folded = blank_number_words(fold(text)[1])
    for name, (guarded, _) in GUARDED.items():
        assert _matches(guarded, folded) == _matches(BARE[name], folded), (name, text)


def _corpus() -> list[str]:
    return sorted({*INPUTS, *PHRASES, *(t for t, _ in _plan_texts()), *(c[0] for c in CASES)})


def test_the_corpus_has_matches_of_every_pattern():
    """The comparison below means something only if the texts do match the patterns."""
    folded = [blank_number_words(fold(t)[1]) for t in _corpus()]
    for name, (guarded, _) in GUARDED.items():
        assert sum(bool(guarded.search(f)) for f in folded) >= 5, name


@pytest.mark.parametrize("style", ["as is", "upper", "stripped"])
def test_corpus_texts(style):
    for text in _corpus():
        _same(_styled(text, style))


def test_the_guard_would_be_caught():
    """A guard missing a first letter ("t" for tháng/trước) finds less than the bare pattern."""
    weak = re.compile(rf"\b(?=[0-9dchgvsqnm]){g.PERIOD_BODY}", re.VERBOSE | re.ASCII)
    folded = fold("Tháng 6/2025")[1]
    assert _matches(weak, folded) != _matches(BARE["PERIOD"], folded)


@settings(max_examples=600)
@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=8), st.sampled_from(["", " ", ", ", "/"]),
       st.sampled_from(["as is", "upper", "stripped"]))
def test_compositions_of_grammar_words(parts, glue, style):
    _same(_styled(glue.join(parts), style))

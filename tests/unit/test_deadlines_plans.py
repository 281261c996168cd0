"""Every completion time the plans hold is read, and read the way we expect.

`SEED_FORMS` are the 31 distinct "Thời gian hoàn thành" values of the Tiểu Ban's 2025 plan (source
text 000_8f992bdef26003fe.txt, appendix), hard-coded so the test checks them even before
`data/plans/*.csv` exist. Whatever CSVs exist are read as well, with the plan year from the
sidecar YAML; a form this table does not know must still parse, to the kind its words suggest.
"""
from __future__ import annotations

import csv
import re
from datetime import date
from pathlib import Path

import pytest
import yaml

from schedules.deadlines import parse_deadline

PLANS = Path(__file__).resolve().parents[2] / "data" / "plans"
COLUMN = "Thời gian hoàn thành"
YEAR = 2025
R, E = "recurring", "event"
# form: (kind, due, start, warned) with plan year 2025
SEED_FORMS = {
    "Hàn thành đăng ký trong Tháng 3/2025": ("date", "2025-03-31", None, False),
    "Khi Trung ương có quy định mới": (E, None, None, False),
    "Năm 2025": ("date", "2025-12-31", None, False),
    "Năm 2026 (2025-2026)": ("date", "2026-12-31", "2025-01-01", False),
    "Năm 2027 (2025-2026)": ("date", "2027-12-31", "2025-01-01", True),  # outside its own bracket
    "Năm 2028 (2025-2026)": ("date", "2028-12-31", "2025-01-01", True),
    "Năm 2028 (2025-2028)": ("date", "2028-12-31", "2025-01-01", False),
    "Năm 2028 (2025-2030)": ("date", "2028-12-31", "2025-01-01", False),
    "Năm 2030 (2025-2030": ("date", "2030-12-31", "2025-01-01", False),
    "Năm 2030 (2025-2030)": ("date", "2030-12-31", "2025-01-01", False),
    "Quý II năm 2025": ("date", "2025-06-30", None, False),
    "Quý II/2025": ("date", "2025-06-30", None, False),
    "Quý III/2025": ("date", "2025-09-30", None, False),
    "Quý IV/2025": ("date", "2025-12-31", None, False),
    "Tháng 10/2025": ("date", "2025-10-31", None, False),
    "Tháng 10/2026 (2025-2026)": ("date", "2026-10-31", "2025-01-01", False),
    "Tháng 11 của năm trước": (R, "2025-11-30", None, False),
    "Tháng 11/2025": ("date", "2025-11-30", None, False),
    "Tháng 12/ 2025": ("date", "2025-12-31", None, False),
    "Tháng 12/2025": ("date", "2025-12-31", None, False),
    "Tháng 12/2026 (2025-2026)": ("date", "2026-12-31", "2025-01-01", False),
    "Tháng 12/2027 (2025-2027)": ("date", "2027-12-31", "2025-01-01", False),
    "Tháng 3/2025": ("date", "2025-03-31", None, False),
    "Tháng 4/2025": ("date", "2025-04-30", None, False),
    "Tháng 5/2025": ("date", "2025-05-31", None, False),
    "Tháng 6/2025": ("date", "2025-06-30", None, False),
    "Tháng 7/2025": ("date", "2025-07-31", None, False),
    "Tháng 9/ 2025": ("date", "2025-09-30", None, False),
    "Tháng 9/2025": ("date", "2025-09-30", None, False),
    "Thường xuyên": (R, None, None, False),
    "Trước 20/4/2025": ("date", "2025-04-20", None, False),
}
# the same forms as the flattened PDF text spells them (a space after the dash)
SPELLED_IN_SOURCE = {k.replace("(2025-", "(2025- "): v for k, v in SEED_FORMS.items() if "(2025-" in k}


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


@pytest.mark.parametrize("form", sorted({**SEED_FORMS, **SPELLED_IN_SOURCE}))
def test_seed_form(form):
    kind, due, start, warned = {**SEED_FORMS, **SPELLED_IN_SOURCE}[form]
    d = parse_deadline(form, YEAR)
    assert (d.kind, _iso(d.due), _iso(d.start), bool(d.warnings)) == (kind, due, start, warned), d


def test_seed_list_is_complete():
    assert len(SEED_FORMS) == 31


def _plan_forms() -> list[tuple[str, str, int | None]]:
    """(file name, form, plan year) for every distinct non-empty completion time in the CSVs."""
    found = []
    for path in sorted(PLANS.glob("*.csv")):
        meta = path.with_suffix(".yaml")
        year = (yaml.safe_load(meta.read_text(encoding="utf-8")) or {}).get("year") if meta.exists() else None
        with path.open(encoding="utf-8-sig", newline="") as f:
            forms = {(row.get(COLUMN) or "").strip() for row in csv.DictReader(f)}
        found += [(path.name, form, year) for form in sorted(forms) if form]
    return found


def _kind_its_words_suggest(form: str) -> str:
    folded = re.sub(r"[^a-z0-9 ]", " ", form.lower())
    if re.search(r"\bkhi\b|yêu cầu|đột xuất", form.lower()):
        return E
    if re.search(r"thường xuyên|hằng|hàng|định kỳ|lần|năm trước|tiếp theo", form.lower()) or "thuong xuyen" in folded:
        return R
    return "date"


def test_every_form_in_the_plan_files():
    rows = _plan_forms()
    assert {name for name, _, _ in rows} == {"tb2025.csv", "nq57.csv"}
    for name, form, year in rows:
        d = parse_deadline(form, year)
        expected = SEED_FORMS.get(form)
        if expected is not None and year == YEAR:
            assert (d.kind, _iso(d.due), _iso(d.start), bool(d.warnings)) == expected, (name, d)
        else:
            assert d.kind == _kind_its_words_suggest(form), (name, d)
            assert d.kind != "date" or d.due is not None, (name, d)

"""Bench: our deadline grammar against dateparser on the same completion times.

    .venv/bin/python bench/deadlines.py [--quick]

Both parsers see the same list (the plans' forms plus the other provinces' families below), each
with the due date we expect (plan year 2025). dateparser gets the settings most favourable to it:
languages=["vi"], DMY, the last day of a month/year preferred, and a fixed relative base so its
answers do not depend on today. We count an input as read when the parser returns exactly the
expected due date; the speed ratio is also given on the inputs both read. Timing is the best of
several runs (the machine is shared), whole list repeated enough to last a fraction of a second;
time is the process's CPU time, so that the other processes of a busy machine (which take the CPU
away from this one at random moments) do not count, and the parsers take turns within each run.
parse_deadline caches its readings (plans repeat a few forms over hundreds of rows), so the list
repeated is mostly cache hits; the uncached rate (the parse without its cache) is printed too.
"""
from __future__ import annotations

import sys
import time
from datetime import date, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import dateparser  # noqa: E402

from schedules import deadlines  # noqa: E402
from schedules.deadlines import DeadlineError, parse_deadline  # noqa: E402

YEAR = 2025
SETTINGS = {"DATE_ORDER": "DMY", "PREFER_DAY_OF_MONTH": "last", "PREFER_MONTH_OF_YEAR": "last",
            "RELATIVE_BASE": datetime(YEAR, 1, 1)}
# text -> expected due (None: recurring without a fixed day, or an event)
INPUTS: dict[str, str | None] = {
    "Tháng 6/2025": "2025-06-30", "Tháng 9/ 2025": "2025-09-30", "Tháng 12/ 2025": "2025-12-31",
    "Quý II/2025": "2025-06-30", "Quý II năm 2025": "2025-06-30", "Quý IV/2025": "2025-12-31",
    "Trước 20/4/2025": "2025-04-20", "Hàn thành đăng ký trong Tháng 3/2025": "2025-03-31",
    "Năm 2025": "2025-12-31", "Năm 2026 (2025-2026)": "2026-12-31", "Tháng 12/2026 (2025-2026)": "2026-12-31",
    "Năm 2030 (2025-2030": "2030-12-31", "Năm 2027 (2025-2026)": "2027-12-31", "Thường xuyên": None,
    "Tháng 11 của năm trước": "2025-11-30", "Khi Trung ương có quy định mới": None,
    "8/2026": "2026-08-31", "08/2026": "2026-08-31", "T11/2025": "2025-11-30", "Tháng 05 năm 2027": "2027-05-31",
    "trong tháng 8/2026": "2026-08-31", "trước tháng 10/2025": "2025-09-30",
    "quý 4/2026": "2026-12-31", "Quý III năm 2027": "2027-09-30", "trong quý 3": "2025-09-30",
    "trước quý 4/2025": "2025-09-30", "6 tháng đầu năm 2027": "2027-06-30", "6 tháng cuối năm 2026": "2026-12-31",
    "cuối năm 2026": "2026-12-31", "Trong năm 2027": "2027-12-31", "Đến hết năm 2027": "2027-12-31",
    "Năm 2026": "2026-12-31", "2027": "2027-12-31", "Trước ngày 05/9/2025": "2025-09-05",
    "Đến ngày 1/10/2026": "2026-10-01", "trước ngày 20.11.2025": "2025-11-20", "Trước ngày 20/4": "2025-04-20",
    "30/9/2025": "2025-09-30", "05/9/2025": "2025-09-05", "20.11.2025": "2025-11-20",
    "ngày 15 tháng 7 năm 2025": "2025-07-15", "Trình UBND tỉnh trước ngày 30/9/2025": "2025-09-30",
    "2026-2027": "2027-12-31", "2026 - 2028": "2028-12-31", "Giai đoạn 2025–2030": "2030-12-31",
    "Năm 2026- 2027": "2027-12-31", "Từ năm 2026 và những năm tiếp theo": "2026-12-31",
    "Hằng tháng": None, "Hàng quý": None, "Định kỳ hằng năm": None, "Tháng 6 hằng năm": "2025-06-30",
    "Trước ngày 15 hằng tháng": "2025-01-15", "Chậm nhất ngày 10 của tháng đầu quý": "2025-01-10",
    "6 tháng một lần": None, "Khi có hướng dẫn của Bộ": None, "Sau khi được phê duyệt": None, "Theo yêu cầu": None,
    "Tháng 12/2025 (lùi từ tháng 9/2025)": "2025-12-31", "Quy II/2025": "2025-06-30", "Thang 6/2025": "2025-06-30",
    "Thuong xuyen": None, "Quý lII/2026": "2026-09-30", "Năm 2O25": "2025-12-31", "Tháng 7/2025": "2025-07-31",
    # other provinces' forms (issue 11)
    "Tháng 9, 10/2025": "2025-10-31", "Quý II, III/2025": "2025-09-30", "Quý II-III/2025": "2025-09-30",
    "Quí II/2025": "2025-06-30", "ngày 06 (sáu) tháng 06 (sáu) năm 2025": "2025-06-06",
    "chậm nhất ngày 15 của tháng báo cáo": "2025-01-15", "trước ngày 10/01 của năm liền kề năm báo cáo": "2026-01-10",
    "tháng đầu tiên của quý tiếp theo": "2025-01-31", "Mốc 2045": "2045-12-31",
    "Tháng 6 và tháng 12 hằng năm": "2025-06-30", "Hằng tuần": None, "Trước Tết Nguyên đán 2026": "2026-02-16",
}


def ours(text: str) -> date | None:
    try:
        return parse_deadline(text, YEAR).due
    except DeadlineError:
        return date.min  # never an expected value


def ours_cold(text: str) -> date | None:
    """Without parse_deadline's cache: every text parsed as if seen for the first time."""
    try:
        return deadlines._parse.__wrapped__(text, YEAR).due
    except DeadlineError:
        return date.min


def theirs(text: str) -> date | None:
    found = dateparser.parse(text, languages=["vi"], settings=SETTINGS)
    return found.date() if found else None


def rates(fns: list, texts: list[str], seconds: float, runs: int) -> list[float]:
    """Parses per second of each function: best of `runs` rounds, each repeating the list for about
    `seconds`. The functions take turns within a round, so a load spike on this shared machine
    slows one round of all of them rather than all the rounds of one."""
    reps = []
    for fn in fns:  # calibrate: how many repetitions of the list last `seconds`
        start, n = time.process_time(), 0
        while time.process_time() - start < seconds / 4:
            for t in texts:
                fn(t)
            n += 1
        reps.append(n * 4)
    best = [float("inf")] * len(fns)
    for _ in range(runs):
        for i, fn in enumerate(fns):
            t0 = time.process_time()
            for _ in range(reps[i]):
                for t in texts:
                    fn(t)
            best[i] = min(best[i], time.process_time() - t0)
    return [n * len(texts) / b for n, b in zip(reps, best)]


def main() -> None:
    quick = "--quick" in sys.argv
    texts = list(INPUTS)
    expected = {t: date.fromisoformat(v) if v else None for t, v in INPUTS.items()}
    for t in texts:  # warm both (dateparser loads its language data on first use)
        ours(t), theirs(t)
    ok_ours = {t for t in texts if ours(t) == expected[t]}
    ok_theirs = {t for t in texts if expected[t] is not None and theirs(t) == expected[t]}
    dated = [t for t in texts if expected[t] is not None]
    both = [t for t in dated if t in ok_ours and t in ok_theirs]
    seconds, runs = (0.2, 2) if quick else (0.6, 5)
    r_ours, r_cold, r_theirs = rates([ours, ours_cold, theirs], texts, seconds, runs)
    print(f"inputs: {len(texts)} ({len(dated)} with a due date, {len(texts) - len(dated)} recurring/event)")
    print(f"read correctly (exact due): parse_deadline {len(ok_ours)}/{len(texts)}, "
          f"dateparser {len(ok_theirs)}/{len(dated)} dated (it has no notion of recurring/event)")
    print(f"all inputs:      parse_deadline {r_ours:,.0f} parses/s (cached), {r_cold:,.0f} parses/s (cache "
          f"cleared before each call), dateparser {r_theirs:,.0f} parses/s")
    print(f"ratio vs dateparser: {r_ours / r_theirs:.0f}x cached (a plan repeats its forms), "
          f"{r_cold / r_theirs:.0f}x uncached (target >= 50x)")
    if both:
        b_ours, b_theirs = rates([ours, theirs], both, seconds, runs)
        print(f"both read ({len(both)}): parse_deadline {b_ours:,.0f} parses/s, dateparser {b_theirs:,.0f} parses/s, "
              f"ratio {b_ours / b_theirs:.0f}x")
    missed = [t for t in texts if t not in ok_ours]
    if missed:
        print("parse_deadline misses:", ", ".join(repr(t) for t in missed))
    print("dateparser reads:", ", ".join(repr(t) for t in sorted(ok_theirs)))


if __name__ == "__main__":
    main()

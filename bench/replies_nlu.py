"""Bench: schedules.replies.read_reply against the keyword classifier it replaced (bench/_keyword_baseline.py) on the corpus.

    .venv/bin/python bench/replies_nlu.py

Prints the corpus size per class, the confusion matrix and precision/recall per class for both,
and throughput (replies/s, best of 5). The old classifier has no question/unclear/chat classes:
its None ("ambiguous or nothing") is counted as "unclear".

tests/data/replies_holdout.csv (43 replies) was written after the classifier and scored once
before any change: 36/43, with one reply wrongly read as done ("dự kiến 15/8 xong"). The general
causes were then fixed (a date before the done word is the future, "không … đúng hạn" is late,
"có … không" is a question), so it is no longer unseen; its score is printed for the record.
"""
from __future__ import annotations

import csv
import sys
import time
from collections import Counter
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench._keyword_baseline import keyword_label  # noqa: E402
from schedules.replies import Meaning, read_reply  # noqa: E402

TODAY = date(2025, 7, 1)
CORPUS = Path(__file__).resolve().parents[1] / "tests" / "data" / "replies.csv"
LABELS = [m.value for m in Meaning]


def new(text: str) -> str:
    return read_reply(text, TODAY).meaning.value


def old(text: str) -> str:
    return keyword_label(text)


def report(name: str, fn, rows: list[dict[str, str]]) -> None:
    pairs = [(r["label"], fn(r["text"])) for r in rows]
    matrix = Counter(pairs)
    print(f"\n{name}: confusion matrix (rows: corpus label, columns: answer)")
    print(" " * 12 + "".join(f"{c[:11]:>12}" for c in LABELS))
    for a in LABELS:
        print(f"{a:<12}" + "".join(f"{matrix[(a, b)]:>12}" for b in LABELS))
    print(f"{'class':<12}{'precision':>10}{'recall':>8}")
    for c in LABELS:
        tp = matrix[(c, c)]
        pred = sum(matrix[(a, c)] for a in LABELS)
        act = sum(matrix[(c, b)] for b in LABELS)
        prec = f"{tp / pred:.1%}" if pred else "—"
        print(f"{c:<12}{prec:>10}{tp / act:>8.1%}")
    wrong_done = sum(n for (a, b), n in matrix.items() if b == "done" and a != "done")
    print(f"replies wrongly recorded as done: {wrong_done}")


def rate(fn, texts: list[str]) -> float:
    best = float("inf")
    for _ in range(5):
        t0 = time.perf_counter()
        for t in texts:
            fn(t)
        best = min(best, time.perf_counter() - t0)
    return len(texts) / best


def main() -> None:
    with CORPUS.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    counts = Counter(r["label"] for r in rows)
    print(f"corpus: {len(rows)} replies — " + ", ".join(f"{c} {counts[c]}" for c in LABELS))
    report("read_reply (new)", new, rows)
    report("classify (old)", old, rows)
    with CORPUS.with_name("replies_holdout.csv").open(encoding="utf-8", newline="") as f:
        hold = list(csv.DictReader(f))
    for name, fn in (("read_reply", new), ("classify", old)):
        ok = sum(1 for r in hold if fn(r["text"]) == r["label"])
        false_done = sum(1 for r in hold if fn(r["text"]) == "done" and r["label"] != "done")
        print(f"holdout ({len(hold)}): {name} {ok}/{len(hold)} right, {false_done} wrongly done")
    texts = [r["text"] for r in rows]
    r_new, r_old = rate(new, texts), rate(old, texts)
    print(f"\nthroughput: read_reply {r_new:,.0f} replies/s, classify {r_old:,.0f} replies/s "
          f"({r_new / r_old:.2f}x)")


if __name__ == "__main__":
    main()

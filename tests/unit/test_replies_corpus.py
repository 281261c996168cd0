"""The reply corpus (tests/data/replies.csv, written before the classifier): DONE must never be
given to a reply that is not a completion (precision 100%), and no class may fall under 95%
precision or recall. A note, where the corpus gives one, must be what is stored."""
from __future__ import annotations

import csv
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from schedules.replies import Meaning, read_reply

CORPUS = Path(__file__).resolve().parents[1] / "data" / "replies.csv"
TODAY = date(2025, 7, 1)


def _rows() -> list[dict[str, str]]:
    with CORPUS.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


ROWS = _rows()
GOT = [read_reply(r["text"], TODAY) for r in ROWS]


def test_corpus_is_large_and_covers_every_class():
    counts = Counter(r["label"] for r in ROWS)
    assert len(ROWS) >= 300
    assert set(counts) == {m.value for m in Meaning}
    assert min(counts.values()) >= 30


def test_done_precision_is_total():
    wrong = [r["text"] for r, g in zip(ROWS, GOT) if g.meaning == Meaning.DONE and r["label"] != "done"]
    assert wrong == []


@pytest.mark.parametrize("label", [m.value for m in Meaning])
def test_precision_and_recall(label):
    tp = sum(1 for r, g in zip(ROWS, GOT) if r["label"] == label and g.meaning == label)
    predicted = sum(1 for g in GOT if g.meaning == label)
    actual = sum(1 for r in ROWS if r["label"] == label)
    misses = [(r["text"], g.meaning.value) for r, g in zip(ROWS, GOT) if (r["label"] == label) != (g.meaning == label)]
    assert tp / actual >= 0.95 and tp / max(predicted, 1) >= 0.95, misses


def test_notes():
    wrong = [(r["text"], g.note, r["note"]) for r, g in zip(ROWS, GOT) if r["note"] and g.note != r["note"]]
    assert wrong == []

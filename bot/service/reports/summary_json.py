"""`nhacviec summary --json` and `GET /api/summary`: the four categories as a JSON contract."""
from __future__ import annotations

from typing import Any

from bot.service.reports.summary import CATEGORIES, OVERDUE, Summary


def summary_dict(summary: Summary) -> dict[str, Any]:
    s = summary
    return {
        "as_of": s.as_of.isoformat(),
        "dated_total": s.dated,
        **{c: s.counts[c] for c in CATEGORIES},
        "undated_total": s.ongoing,
        "agencies": [{"agency": f.agency, "dated_total": f.dated, **{c: f.counts[c] for c in CATEGORIES},
                      "undated_total": f.ongoing} for f in s.agencies],
        "most_overdue": [{"agency": f.agency, "in_progress_overdue": f.counts[OVERDUE]} for f in s.top_overdue],
        "due_soon": [{"code": t.code, "date": d.isoformat()} for t, d in s.due_soon],
    }

"""`nhacviec summary --json`, `GET /api/summary` and the web page: the figures the summary text
shows, as a JSON contract.

Top-level counts are per task (as "Toàn bộ (theo nhiệm vụ)" in the workbook), agencies' per share
(a task led by two agencies counts once for each). "submitted" (waiting for the secretariat's
confirmation) is counted among the not-done categories too, never as done."""
from __future__ import annotations

from typing import Any

from bot.service.reports.summary import IN_TIME, LATE, ON_TIME, OVERDUE, AgencyFigures, Summary


def _figures(dated: int, counts: dict[str, int], submitted: int, undated: int) -> dict[str, int]:
    return {"dated_total": dated, "done_on_time": counts[ON_TIME], "done_late": counts[LATE],
            "in_progress_on_time": counts[IN_TIME], "in_progress_overdue": counts[OVERDUE],
            "submitted": submitted, "undated_total": undated}


def agency_dict(f: AgencyFigures) -> dict[str, Any]:
    return {"agency": f.agency, **_figures(f.dated, f.counts, f.submitted, f.ongoing)}


def summary_dict(summary: Summary) -> dict[str, Any]:
    s = summary
    out: dict[str, Any] = {"as_of": s.as_of.isoformat(), **_figures(s.dated, s.counts, s.submitted, s.ongoing)}
    out["extended"] = len(s.extended)
    out["extensions"] = [{"code": t.code, "agency": a.agency, "due": t.due.isoformat() if t.due else None,
                          "extended_to": a.extended_to.isoformat()} for t, a in s.extended]
    if s.plan:
        out["plan"] = s.plan
    if s.agency:
        out["agency"] = s.agency
    out["agencies"] = [agency_dict(f) for f in s.agencies]
    out["most_overdue"] = [{"agency": f.agency, "in_progress_overdue": f.counts[OVERDUE]} for f in s.top_overdue]
    out["due_soon"] = [{"code": t.code, "date": d.isoformat()} for t, d in s.due_soon]
    return out

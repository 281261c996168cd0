"""`GET /api/tasks` and `GET /api/summary`: the JSON of `nhacviec tasks --json` and
`nhacviec summary --json`, with a session or `Authorization: Bearer <token>`."""
from __future__ import annotations

from fastapi import APIRouter, Depends, Request

from bot.service.portal import views
from bot.service.portal.auth import Viewer
from bot.web.auth import api_viewer, core_of, figures_of, now_of
from bot.web.pages_tasks import STATUSES, parse_day

router = APIRouter(prefix="/api")


@router.get("/tasks")
def tasks(request: Request, agency: str = "", status: str = "", due_before: str = "", plan: str = "",
          who: Viewer = Depends(api_viewer)):
    return views.tasks_json(core_of(request).engine, who, agency=agency or None,
                            status=status if status in STATUSES else None, due_before=parse_day(due_before),
                            plan=plan or None)


@router.get("/summary")
def summary(request: Request, who: Viewer = Depends(api_viewer)):
    core = core_of(request)
    return views.summary_json(figures_of(request), who, now_of(request).date(), core.settings.zone)

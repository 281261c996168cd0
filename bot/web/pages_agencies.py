"""`/co-quan`: one row per agency with the four counts, sortable; `/co-quan/<id>`: its tasks,
contacts and last replies."""
from __future__ import annotations

from fastapi import APIRouter, Depends, Request

from bot.service.portal import views
from bot.service.portal.auth import Viewer
from bot.web.auth import core_of, figures_of, now_of, viewer
from bot.web.render import page

router = APIRouter()


@router.get("/co-quan")
def agencies(request: Request, sap: str = "agency", who: Viewer = Depends(viewer)):
    core = core_of(request)
    rows = views.agencies_table(figures_of(request), who, now_of(request).date(), core.settings.zone, sort=sap)
    return page(request, "agencies.html", who, rows=rows, sort=sap)


@router.get("/co-quan/{agency_id}")
def agency(agency_id: int, request: Request, who: Viewer = Depends(viewer)):
    core = core_of(request)
    d = views.agency_detail(core.engine, who, agency_id, now_of(request).date(), core.settings.zone)
    return page(request, "agency.html", who, **d)

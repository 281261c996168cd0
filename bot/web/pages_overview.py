"""`/`: the four categories as of today, the chart, the agencies most behind, what falls due."""
from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from bot.service.portal import reports, views
from bot.service.portal.auth import Viewer
from bot.web.auth import core_of, figures_of, now_of, viewer
from bot.web.render import page

router = APIRouter()
SOON_SHOWN = 30  # the lead's one glance: the first tasks falling due, not hundreds of rows at 10,000 tasks


@router.get("/")
def overview(request: Request, who: Viewer = Depends(viewer)):
    core = core_of(request)
    today = now_of(request).date()
    o = views.overview(figures_of(request), who, today, core.settings.zone)
    return page(request, "overview.html", who, o=o, data=o.data, summary=o.summary, today=today,
                soon_shown=SOON_SHOWN)


@router.get("/bieu-do.png")
def chart(request: Request, who: Viewer = Depends(viewer)):
    core = core_of(request)
    _, media, data = reports.report_file(figures_of(request), who, "png", now_of(request).date(), core.settings.zone)
    return Response(data, media_type=media, headers={"Cache-Control": "private, max-age=60"})

"""`/bao-cao`: the workbook, the chart and the monthly report as of a chosen date."""
from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from bot.service.portal import reports
from bot.service.portal.auth import NotFound, Viewer
from bot.web.auth import core_of, figures_of, now_of, viewer
from bot.web.pages_tasks import parse_day
from bot.web.render import page

router = APIRouter()


@router.get("/bao-cao")
def reports_page(request: Request, who: Viewer = Depends(viewer)):
    return page(request, "reports.html", who, today=now_of(request).date().isoformat())


@router.get("/bao-cao/tep/{kind}")
def report_file(kind: str, request: Request, ngay: str = "", who: Viewer = Depends(viewer)):
    if kind not in reports.KINDS:
        raise NotFound(f"Không có loại báo cáo “{kind}”.")
    core = core_of(request)
    as_of = parse_day(ngay) or now_of(request).date()
    name, media, data = reports.report_file(figures_of(request), who, kind, as_of, core.settings.zone)
    return Response(data, media_type=media, headers={"Content-Disposition": f'attachment; filename="{name}"'})

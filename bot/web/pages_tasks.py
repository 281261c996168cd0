"""`/nhiem-vu` (filters: plan, agency, status, due before; 100 a page, filtered and paged in SQL,
with a page navigator whose links keep the filters), `/nhiem-vu/<code>` with its whole
history and, for the focal point of the agency, the update form; `/qua-han`."""
from __future__ import annotations

from datetime import date
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse

from bot.service.portal import evidence, views
from bot.service.portal.actions import Invalid, act
from bot.service.portal.auth import Viewer
from bot.service.portal.task_list import pager, task_page
from bot.web.auth import check_csrf, core_of, figures_of, now_of, viewer
from bot.web.render import page

router = APIRouter()
STATUSES = ("open", "in_progress", "delayed", "done")


def parse_day(text: str | None, what: str = "Ngày") -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise Invalid(f"{what} không hợp lệ: {text} (chọn trên lịch, dạng YYYY-MM-DD)") from None


@router.get("/nhiem-vu")
def task_list(request: Request, ke_hoach: str = "", co_quan: str = "", trang_thai: str = "", han_truoc: str = "",
              trang: int = 1, who: Viewer = Depends(viewer)):
    core = core_of(request)
    p = task_page(core.engine, who, trang, plan=ke_hoach or None, agency=co_quan or None,
                  status=trang_thai if trang_thai in STATUSES else None,
                  due_before=parse_day(han_truoc))
    f = dict(ke_hoach=ke_hoach, co_quan=co_quan, trang_thai=trang_thai, han_truoc=han_truoc)
    query = urlencode({k: v for k, v in f.items() if v})  # the filters, kept by every page link
    return page(request, "tasks.html", who, rows=p.rows, total=p.total, trang=p.page, pages=p.pages,
                pager=pager(p.page, p.pages), query=query + "&" if query else "",
                plans=views.plan_keys(core.engine),
                agencies=views.agency_choices(core.engine) if who.is_manager else [], statuses=STATUSES, f=f)


@router.get("/nhiem-vu/{code}")
def task(code: str, request: Request, who: Viewer = Depends(viewer), done: str = ""):
    core = core_of(request)
    d = views.task_detail(core.engine, who, code, now_of(request).date(), core.settings.zone)
    return page(request, "task.html", who, confirmation=request.query_params.get("ok", ""),
                evidence=evidence.task_files(core.engine, who, code, core.settings.zone), **d)


@router.post("/nhiem-vu/{code}/cap-nhat")
async def update(code: str, request: Request, who: Viewer = Depends(viewer)):
    form = await request.form()
    check_csrf(request, form.get("csrf"))
    core = core_of(request)
    message = act(core.engine, who, code, str(form.get("action", "")), now=now_of(request),
                  note=str(form.get("note", ""))[:2000], new_due=parse_day(str(form.get("new_due", "")), "Ngày dự kiến"))
    from urllib.parse import quote

    return RedirectResponse(f"/nhiem-vu/{quote(code)}?ok={quote(message)}", status_code=303)


OVERDUE_PER_PAGE = 100  # thousands can be overdue at 10,000 tasks: the page stays light


@router.get("/qua-han")
def overdue(request: Request, trang: int = 1, who: Viewer = Depends(viewer)):
    core = core_of(request)
    rows = views.overdue(figures_of(request), who, now_of(request).date(), core.settings.zone)
    pages = max(1, -(-len(rows) // OVERDUE_PER_PAGE))
    trang = min(max(trang, 1), pages)  # an old link or a typed number past the end: the last page
    shown = rows[(trang - 1) * OVERDUE_PER_PAGE:trang * OVERDUE_PER_PAGE]
    return page(request, "overdue.html", who, rows=shown, total=len(rows), trang=trang, pages=pages,
                pager=pager(trang, pages), query="")

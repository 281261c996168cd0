"""Templates (Jinja2, autoescaped) and the shared labels they use (from bot.service.texts)."""
from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import jinja2
from fastapi import Request
from fastapi.templating import Jinja2Templates

from bot.service import texts
from bot.service.portal.auth import Viewer
from bot.web.session import csrf_for
from bot.service.reports.summary import CATEGORIES, LABELS

HERE = Path(__file__).resolve().parent
_env = jinja2.Environment(loader=jinja2.FileSystemLoader(HERE / "templates"), autoescape=True)
_env.filters["vn_date"] = lambda d: texts.vn_date(d) if isinstance(d, (date, datetime)) else (d or "")
_env.filters["vn_datetime"] = lambda d: texts.vn_datetime(d) if d else ""
_env.filters["vn_num"] = lambda n: texts.vn_num(int(n or 0))
_env.globals.update(CATEGORIES=CATEGORIES, LABELS=LABELS, STATUS=texts.STATUS, ROLE=texts.ROLE,
                    CHANNEL_NAME={**texts.CHANNEL_NAME, "web": "web", "cli": "dòng lệnh", "import": "nhập"})
templates = Jinja2Templates(env=_env)

NAV = (("/", "Tổng quan"), ("/co-quan", "Cơ quan"), ("/nhiem-vu", "Nhiệm vụ"), ("/qua-han", "Quá hạn"),
       ("/cho-xac-nhan", "Chờ xác nhận"), ("/dau-moi", "Đầu mối"), ("/ke-hoach", "Kế hoạch"), ("/bao-cao", "Báo cáo"))


def page(request: Request, name: str, viewer: Viewer | None, *, status: int = 200, **context):
    nav = [(href, label) for href, label in NAV
           if viewer is not None and (viewer.is_manager or href not in ("/ke-hoach",))]
    return templates.TemplateResponse(request, name, {"viewer": viewer, "nav": nav, "path": request.url.path,
                                                      "csrf": csrf_for(request) if viewer else "", **context},
                                      status_code=status)

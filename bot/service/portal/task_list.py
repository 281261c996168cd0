"""`/nhiem-vu`: one page of the filtered task list. The filters, the count and the page are SQL
(bot/store/task_list.py); only the page's tasks are loaded and turned into the dicts of
`nhacviec tasks --json`, so a page costs the same at 100 tasks as at 10,000."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from bot.service.portal.auth import NotFound, Viewer
from bot.service.portal.figures import scope_agency
from bot.service.tasks import agency_ids, task_dicts
from bot.store import Engine, session_scope
from bot.store.queries import task_views
from bot.store.task_list import Filters, page_of_task_ids

PER_PAGE = 100


@dataclass(frozen=True)
class TaskPage:
    rows: list[dict[str, Any]]
    total: int
    page: int  # 1-based, within 1..pages
    pages: int


def task_page(engine: Engine, viewer: Viewer, page: int = 1, *, per_page: int = PER_PAGE, plan: str | None = None,
              agency: str | None = None, status: str | None = None, due_before: date | None = None) -> TaskPage:
    """The rows `list_tasks` would give for these filters, `per_page` of them from page `page`
    (clamped to the pages there are). A focal point sees its own agency's tasks whatever it asks."""
    agency = scope_agency(viewer) or agency
    with session_scope(engine) as s:
        try:
            ids = agency_ids(s, agency) if agency else None
        except LookupError as exc:
            raise NotFound(str(exc)) from None
        f = Filters(plan=plan, agency_ids=ids, status=status, due_before=due_before)
        page = max(1, page)
        total, wanted = page_of_task_ids(s, f, (page - 1) * per_page, per_page)
        pages = max(1, -(-total // per_page))
        if page > pages:  # past the end (an old link, a typed number): the last page
            page = pages
            total, wanted = page_of_task_ids(s, f, (page - 1) * per_page, per_page)
        by_id = {v.task.id: v for v in task_views(s, task_ids=wanted)} if wanted else {}
        rows = task_dicts(s, [by_id[i] for i in wanted if i in by_id])
    return TaskPage(rows=rows, total=total, page=page, pages=pages)


def pager(page: int, pages: int, around: int = 2) -> list[int | None]:
    """The page numbers a navigator shows: the first, the last, and `around` either side of the
    current one; None where numbers are left out ("…")."""
    shown = sorted({1, pages, *range(max(1, page - around), min(pages, page + around) + 1)})
    out: list[int | None] = []
    for n in shown:
        if out and n - out[-1] == 2:
            out.append(n - 1)  # one page left out: show it rather than "…"
        elif out and n - out[-1] > 2:
            out.append(None)
        out.append(n)
    return out

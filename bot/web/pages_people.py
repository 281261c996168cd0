"""`/dau-moi`: contacts, revoke, and new invites (code, Telegram link, QR code, Zalo words)."""
from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse

from bot.service.portal import people, views
from bot.service.portal.auth import Viewer
from bot.web.auth import check_csrf, core_of, now_of, viewer
from bot.web.render import page

router = APIRouter()


def _page(request: Request, who: Viewer, status: int = 200, **extra):
    core = core_of(request)
    return page(request, "people.html", who, status=status,
                contacts=people.contacts(core.engine, who, core.settings.zone),
                manage=people.may_manage_people(who),
                agencies=views.agency_choices(core.engine) if people.may_manage_people(who) else [],
                ok=request.query_params.get("ok", ""), **extra)


@router.get("/dau-moi")
def people_page(request: Request, who: Viewer = Depends(viewer)):
    return _page(request, who)


@router.post("/dau-moi/moi")
async def invite(request: Request, who: Viewer = Depends(viewer)):
    form = await request.form()
    check_csrf(request, form.get("csrf"))
    core = core_of(request)
    card = people.new_invite(core.engine, who, str(form.get("agency", "")), str(form.get("role", "focal")),
                             now_of(request), core.settings.telegram_bot_username)
    return _page(request, who, invite=card)


@router.post("/dau-moi/{contact_id}/thu-hoi")
async def revoke(contact_id: int, request: Request, who: Viewer = Depends(viewer)):
    form = await request.form()
    check_csrf(request, form.get("csrf"))
    message = people.revoke_contact(core_of(request).engine, who, contact_id)
    from urllib.parse import quote

    return RedirectResponse(f"/dau-moi?ok={quote(message)}", status_code=303)

"""`/cho-xac-nhan`: completions waiting for the secretariat (Xác nhận / Trả lại) and extension
requests waiting for the lead (Đồng ý / Không đồng ý); `/minh-chung/<id>`: one evidence file;
`/nhiem-vu/<code>/minh-chung`: a focal point's upload. Every form carries the CSRF token; who
may do what is checked by `bot.service.portal` (review, evidence)."""
from __future__ import annotations

import re
from urllib.parse import quote

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response

from bot.domain import Decision
from bot.service import texts
from bot.service.portal import evidence, review
from bot.service.portal.actions import Invalid
from bot.service.portal.auth import Viewer
from bot.service.portal.review import Conflict
from bot.service.ports import IncomingFile
from bot.service.review.files import MAX_BYTES
from bot.text import strip_marks
from bot.web.auth import check_csrf, core_of, now_of, viewer
from bot.web.render import page
from bot.web.uploads import upload_form

router = APIRouter()
FORM_OVERHEAD = 256 * 1024  # the multipart headers and the small fields around the files
UPLOAD_CAP = MAX_BYTES + FORM_OVERHEAD  # the whole body of one evidence upload (`uploads.upload_form`)
VERDICTS = {"dong-y": Decision.AGREED, "khong": Decision.REFUSED}


def _page(request: Request, who: Viewer, *, status: int = 200, error: str = ""):
    core = core_of(request)
    w = review.waiting(core.engine, who, core.calendar, now_of(request))
    return page(request, "review.html", who, status=status, w=w, error=error,
                ok="" if error else request.query_params.get("ok", ""))


@router.get("/cho-xac-nhan")
def review_page(request: Request, who: Viewer = Depends(viewer)):
    return _page(request, who)


async def _decide(request: Request, who: Viewer, event_id: int, decision: Decision | None, reason: str = ""):
    """The decision, then back to the list: done (303 with the confirmation), or the list again
    with why not (409: someone decided first; 400: e.g. no reason)."""
    core = core_of(request)
    try:
        if decision is None:
            raise Invalid(texts.DECISION_UNKNOWN)
        message = review.decide(core.engine, who, event_id, decision, now_of(request), reason)
    except Invalid as exc:
        return _page(request, who, status=409 if isinstance(exc, Conflict) else 400, error=str(exc))
    return RedirectResponse(f"/cho-xac-nhan?ok={quote(message)}", status_code=303)


@router.post("/cho-xac-nhan/{event_id}/xac-nhan")
async def confirm(event_id: int, request: Request, who: Viewer = Depends(viewer)):
    form = await request.form()
    check_csrf(request, form.get("csrf"))
    return await _decide(request, who, event_id, Decision.CONFIRMED)


@router.post("/cho-xac-nhan/{event_id}/tra-lai")
async def send_back(event_id: int, request: Request, who: Viewer = Depends(viewer)):
    form = await request.form()
    check_csrf(request, form.get("csrf"))
    return await _decide(request, who, event_id, Decision.RETURNED, str(form.get("reason", "")))


@router.post("/cho-xac-nhan/{event_id}/gia-han")
async def extension(event_id: int, request: Request, who: Viewer = Depends(viewer)):
    form = await request.form()
    check_csrf(request, form.get("csrf"))
    return await _decide(request, who, event_id, VERDICTS.get(str(form.get("verdict", ""))))


@router.get("/minh-chung/{evidence_id}")
def evidence_file(evidence_id: int, request: Request, who: Viewer = Depends(viewer)):
    core = core_of(request)
    name, media, data = evidence.download(core.engine, who, evidence_id, core.files)
    return Response(data, media_type=media, headers={"Content-Disposition": attachment(name),
                                                     "X-Content-Type-Options": "nosniff",
                                                     "Cache-Control": "private, no-store"})


def attachment(name: str) -> str:
    """A download, never shown inline: the UTF-8 name (RFC 6266) and an ASCII one without
    tones for old browsers ("Quyết định.pdf" → "Quyet dinh.pdf")."""
    plain = re.sub(r'[^\x20-\x7e]|["\\]', "_", strip_marks(name))
    return f"attachment; filename=\"{plain}\"; filename*=UTF-8''{quote(name, safe='')}"


async def _incoming(form) -> list[IncomingFile]:
    out = []
    for upload in form.getlist("file"):
        if not hasattr(upload, "read"):
            continue
        data = await upload.read(MAX_BYTES + 1)
        if not upload.filename and not data:  # the empty part of a file input left empty
            continue
        big = len(data) > MAX_BYTES
        out.append(IncomingFile(name=upload.filename or "", size=len(data), data=None if big else data, too_big=big))
    return out


@router.post("/nhiem-vu/{code}/minh-chung")
async def upload(code: str, request: Request, who: Viewer = Depends(viewer)):
    too_big = texts.UPLOAD_TOO_BIG.format(max=MAX_BYTES // (1024 * 1024))
    async with upload_form(request, UPLOAD_CAP, too_big, max_files=evidence.MAX_FILES * 4, max_fields=10) as form:
        check_csrf(request, form.get("csrf"))
        files, caption = await _incoming(form), str(form.get("caption", ""))[:500]
    core = core_of(request)
    message = evidence.upload(core.engine, who, code, files, caption, now_of(request), core.files)
    return RedirectResponse(f"/nhiem-vu/{quote(code)}?ok={quote(message)}", status_code=303)

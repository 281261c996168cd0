"""`/ke-hoach`: upload a plan (CSV/XLSX, at most 5 MB; the body is read through `uploads`' cap),
see how every completion time was read with each row's errors and warnings, then "Nhập" (all
or nothing, as `nhacviec import`)."""
from __future__ import annotations

import re
import secrets
import shutil

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from bot.service import texts
from bot.service.portal import plans, views
from bot.service.portal.actions import Invalid, TooLarge
from bot.service.portal.auth import Forbidden, Viewer
from bot.web.auth import check_csrf, core_of, viewer
from bot.web.session import csrf_for
from bot.web.render import page
from bot.web.uploads import upload_form

router = APIRouter()
UPLOAD_CAP = plans.MAX_UPLOAD + 64 * 1024  # the whole body: the file and the form around it


def _secretariat(who: Viewer) -> None:
    if not who.is_manager or who.role != "secretariat" or who.api:
        raise Forbidden("Chỉ thư ký Tiểu Ban nhập kế hoạch.")


def _safe_name(name: str) -> str:
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", (name or "ke-hoach").rsplit("/", 1)[-1].rsplit("\\", 1)[-1]).strip("-.")
    return stem or "ke-hoach"


async def _read_upload(upload, limit: int, too_big: str) -> bytes:
    data = await upload.read(limit + 1)
    if len(data) > limit:
        raise TooLarge(too_big)
    return data


@router.get("/ke-hoach")
def plans_page(request: Request, who: Viewer = Depends(viewer)):
    _secretariat(who)
    return page(request, "plans.html", who, plans=views.plan_keys(core_of(request).engine), preview=None)


@router.get("/ke-hoach/mau.csv")
def template(who: Viewer = Depends(viewer)):
    return Response(plans.template_csv(), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": 'attachment; filename="ke-hoach-mau.csv"'})


@router.post("/ke-hoach/xem-truoc")
async def preview(request: Request, who: Viewer = Depends(viewer)):
    _secretariat(who)
    too_big = texts.PLAN_TOO_BIG.format(max=plans.MAX_UPLOAD // (1024 * 1024))
    async with upload_form(request, UPLOAD_CAP, too_big, max_files=2, max_fields=10) as form:
        check_csrf(request, form.get("csrf"))
        upload = form.get("file")
        if upload is None or not getattr(upload, "filename", ""):
            raise Invalid("Chọn một tệp kế hoạch (.csv hoặc .xlsx).")
        name = _safe_name(upload.filename)
        if not name.lower().endswith(plans.SUFFIXES):
            raise Invalid("Chỉ nhận tệp .csv hoặc .xlsx.")
        data = await _read_upload(upload, plans.MAX_UPLOAD, too_big)
        plan_key = str(form.get("plan", "")).strip()
    if name.lower().endswith(".xlsx") and not data.startswith(b"PK"):
        raise Invalid("Tệp .xlsx không hợp lệ.")
    core = core_of(request)
    upload_id = secrets.token_urlsafe(12)
    folder = request.app.state.upload_dir / upload_id
    folder.mkdir(parents=True)
    path = folder / name
    path.write_bytes(data)
    if plan_key:
        try:
            plans.write_sidecar(core.engine, folder, path, plan_key)
        except LookupError as exc:
            shutil.rmtree(folder, ignore_errors=True)
            raise Invalid(str(exc)) from None
    request.app.state.uploads[upload_id] = (csrf_for(request), path)
    result = plans.preview(core.engine, path)
    return page(request, "plans.html", who, plans=views.plan_keys(core.engine), preview=result, upload_id=upload_id,
                status=200 if result.ok else 422)


@router.post("/ke-hoach/nhap")
async def do_import(request: Request, who: Viewer = Depends(viewer)):
    _secretariat(who)
    form = await request.form()
    check_csrf(request, form.get("csrf"))
    upload_id = str(form.get("upload", ""))
    owner, path = request.app.state.uploads.get(upload_id, (None, None))
    if owner != csrf_for(request):
        raise Invalid("Không còn tệp đã xem trước. Tải tệp lên lại.")
    from bot.app import import_files  # the CLI's own import: registry first, then all or nothing

    core = core_of(request)
    result = import_files(core, [path])
    if result.ok:
        request.app.state.uploads.pop(upload_id, None)
        shutil.rmtree(path.parent, ignore_errors=True)
    return page(request, "plans.html", who, plans=views.plan_keys(core.engine), preview=None, imported=result,
                status=200 if result.ok else 422)

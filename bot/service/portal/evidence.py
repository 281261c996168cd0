"""Evidence files on the web page: a focal point uploads them to its own agency's tasks through
the chat's evidence functions (`review.evidence`: the type read from the content, at most
20 MB, stored by SHA-256); the lead, the secretariat and the submitting agency's focal points
download them.

A file is found by its row id in the database, never by a name or a path taken from the URL,
and is sent as an attachment with the media type of the kind its content was checked to be.
"""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from bot.clock import to_local
from bot.render import clean_input, to_plain
from bot.service import texts
from bot.service.conversation.actions import own_assignment
from bot.service.conversation.context import Refusal
from bot.service.portal.actions import Invalid, TooLarge, web_ctx
from bot.service.portal.auth import Forbidden, NotFound, Viewer
from bot.service.ports import IncomingFile
from bot.service.review import evidence
from bot.service.review.files import MAX_BYTES, FileStore, human_size
from bot.store import Engine, review, session_scope, tasks

MAX_FILES = 5  # per upload (and MAX_BYTES for all of them together)
MEDIA = {"pdf": "application/pdf", "doc": "application/msword", "xls": "application/vnd.ms-excel",
         "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
         "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
         "odt": "application/vnd.oasis.opendocument.text", "jpg": "image/jpeg", "png": "image/png"}


def may_see(viewer: Viewer, agency_id: int) -> bool:
    """The lead and the secretariat see every agency's files, a focal point its own agency's."""
    return viewer.is_manager or (viewer.agency_id is not None and viewer.agency_id == agency_id)


def download(engine: Engine, viewer: Viewer, evidence_id: int, store: FileStore) -> tuple[str, str, bytes]:
    """(file name, media type, bytes) of one evidence file the viewer may see."""
    with session_scope(engine) as s:
        found = review.evidence_item(s, evidence_id)
    if found is None:
        raise NotFound(texts.EVIDENCE_NOT_FOUND.format(id=evidence_id))
    item, a = found
    if not may_see(viewer, a.agency_id):
        raise Forbidden(texts.EVIDENCE_NOT_YOURS)
    data = store.get(item.sha256)
    if data is None or item.kind not in MEDIA:
        raise NotFound(texts.EVIDENCE_MISSING.format(name=item.name))
    return item.name, MEDIA[item.kind], data


def upload(engine: Engine, viewer: Viewer, code: str, files: list[IncomingFile], caption: str, now: datetime,
           store: FileStore) -> str:
    """Attach the files to the viewer's agency's share of `code`; returns the confirmation.
    Ownership first (someone else's task is refused before its files are even looked at), then
    every file (one bad file refuses them all, nothing is stored)."""
    if viewer.contact_id is None or viewer.is_manager:
        raise Forbidden(texts.FOCAL_ONLY)
    if not files:
        raise Invalid(texts.UPLOAD_NONE)
    if len(files) > MAX_FILES:
        raise Invalid(texts.UPLOAD_TOO_MANY.format(n=MAX_FILES))
    with session_scope(engine) as s:
        if tasks.task_by_code(s, code) is None:
            raise NotFound(texts.NO_TASK.format(code=code))
        ctx = web_ctx(s, viewer, now)
        try:
            task, a = own_assignment(ctx, code)
        except Refusal as exc:
            raise Forbidden(str(exc)) from None
        try:
            checked = evidence.check(tuple(files))
        except evidence.FileTooBig as exc:
            raise TooLarge(str(exc)) from None
        except Refusal as exc:
            raise Invalid(str(exc)) from None
        items = evidence.attach(ctx, store, task, a, checked, clean_input(caption).strip())
        return to_plain(evidence.added_line(task.code, items))


def task_files(engine: Engine, viewer: Viewer, code: str, tz: ZoneInfo) -> list[dict]:
    """The evidence of a task the viewer may see (the task page's "Minh chứng"), oldest first."""
    with session_scope(engine) as s:
        task = tasks.task_by_code(s, code, live_only=False)
        if task is None:
            return []
        shares = {a.id: g.name for a, g in tasks.lead_assignments(s, task.id) if may_see(viewer, a.agency_id)}
        found = review.evidence_by_assignment(s, list(shares)) if shares else {}
    rows = [{"id": e.id, "name": e.name, "size": human_size(e.size), "agency": shares[aid],
             "at": to_local(e.added_at, tz), "caption": e.caption} for aid, items in found.items() for e in items]
    return sorted(rows, key=lambda r: r["id"])

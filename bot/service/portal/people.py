"""Contacts and invites from the web page: the secretariat invites and revokes; the lead reads;
a focal point sees its own agency's contacts."""
from __future__ import annotations

import base64
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.domain import Role
from bot.service import texts
from bot.service.onboarding import OnboardingError, create_invite, list_contacts, revoke
from bot.service.portal.auth import Forbidden, Viewer
from bot.service.portal.views import contact_row
from bot.store import Engine, session_scope


def may_manage_people(viewer: Viewer) -> bool:
    return viewer.role == Role.SECRETARIAT and not viewer.api


def contacts(engine: Engine, viewer: Viewer, tz: ZoneInfo) -> list[dict]:
    with session_scope(engine) as s:
        rows = list_contacts(s)
    if not viewer.is_manager:
        rows = [(c, a) for c, a in rows if c.agency_id is not None and c.agency_id == viewer.agency_id]
    return [contact_row(c, a, tz) for c, a in rows]


def revoke_contact(engine: Engine, viewer: Viewer, contact_id: int) -> str:
    if not may_manage_people(viewer):
        raise Forbidden("Chỉ thư ký Tiểu Ban thu hồi được quyền.")
    if contact_id == viewer.contact_id:
        raise OnboardingError("Không tự thu hồi quyền của chính mình được.")
    with session_scope(engine) as s:
        c = revoke(s, str(contact_id))
        return f"Đã thu hồi {c.platform}:{c.user_id}."


@dataclass(frozen=True)
class InviteCard:
    code: str
    agency: str | None
    role: str
    expires_at: datetime
    telegram_link: str
    zalo_hint: str
    qr_png_data_uri: str


def qr_data_uri(text: str) -> str:
    import segno

    png = segno.make(text, error="m").png_data_uri(scale=6, border=2)
    return png if png.startswith("data:") else "data:image/png;base64," + base64.b64encode(png).decode()


def new_invite(engine: Engine, viewer: Viewer, agency: str | None, role: str, now: datetime,
               bot_username: str | None) -> InviteCard:
    if not may_manage_people(viewer):
        raise Forbidden("Chỉ thư ký Tiểu Ban cấp được mã mời.")
    with session_scope(engine) as s:
        inv = create_invite(s, agency or None, role, now)
    link = texts.telegram_link(bot_username, inv.code)
    return InviteCard(code=inv.code, agency=inv.agency, role=texts.ROLE[inv.role], expires_at=inv.expires_at,
                      telegram_link=link, zalo_hint=texts.ZALO_HINT.format(code=inv.code),
                      qr_png_data_uri=qr_data_uri(link))

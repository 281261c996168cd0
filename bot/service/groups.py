"""Group chats as destinations, as the secretariat sees them (`nhacviec groups [--legacy]`).

A group becomes an agency's destination only through a group invite and is a contact of its own
(`group:<chat id>`). Groups registered the old way, by a person typing their own invite code in
the group, were converted or set aside by revision 0008_legacy_groups; this lists what it did and
what is left for the secretariat to decide, so no group silently stops receiving reminders."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.clock import to_local
from bot.domain import LegacyOutcome, Role
from bot.service import texts
from bot.store import Session, people
from bot.store.models import Agency


@dataclass(frozen=True)
class GroupView:
    id: int
    platform: str
    chat_id: str
    agency: str | None
    active: bool
    since: datetime

    def as_dict(self) -> dict:
        return dict(id=self.id, platform=self.platform, chat_id=self.chat_id, agency=self.agency, active=self.active,
                    since=self.since.isoformat())


@dataclass(frozen=True)
class LegacyView:
    """One person found registered in a group the old way, what the upgrade did, and the group now."""

    platform: str
    chat_id: str
    contact_id: int  # the person: `nhacviec contacts`, `revoke`
    user_id: str
    name: str
    role: Role
    agency: str | None  # as registered then
    outcome: LegacyOutcome
    migrated_at: datetime
    now_agency: str | None  # the agency whose destination the group is now, if any

    @property
    def pending(self) -> bool:
        """The group gets nothing and the upgrade could not say whose it is: the secretariat decides."""
        return self.outcome not in (LegacyOutcome.CONVERTED, LegacyOutcome.REVOKED) and self.now_agency is None

    def as_dict(self) -> dict:
        return dict(platform=self.platform, chat_id=self.chat_id, contact_id=self.contact_id, user_id=self.user_id,
                    name=self.name, role=self.role.value, agency=self.agency, outcome=self.outcome.value,
                    migrated_at=self.migrated_at.isoformat(), now_agency=self.now_agency, pending=self.pending)


def registered_groups(session: Session, tz: ZoneInfo) -> list[GroupView]:
    return [GroupView(c.id, c.platform, c.chat_id, a.name if a else None, c.active, to_local(c.created_at, tz))
            for c, a in people.group_destinations(session)]


def legacy_groups(session: Session, tz: ZoneInfo) -> list[LegacyView]:
    out = []
    for g, person, agency, now in people.legacy_groups(session):
        held = session.get(Agency, now.agency_id) if now is not None and now.active and now.agency_id else None
        out.append(LegacyView(g.platform, g.chat_id, person.id, person.user_id, person.display_name, Role(g.role),
                              agency.name if agency else None, LegacyOutcome(g.outcome), to_local(g.migrated_at, tz),
                              held.name if held else None))
    return out


def groups_text(groups: list[GroupView], legacy: list[LegacyView]) -> str:
    lines = [texts.GROUPS_HEAD.format(n=len(groups))] if groups else [texts.GROUPS_NONE]
    lines += [texts.GROUPS_LINE.format(id=g.id, platform=g.platform, chat=g.chat_id, agency=g.agency or "—",
                                       since=texts.vn_date(g.since), revoked="" if g.active else texts.GROUPS_REVOKED)
              for g in groups]
    waiting = {(v.platform, v.chat_id) for v in legacy if v.pending}
    if waiting:
        lines.append(texts.GROUPS_LEGACY_HINT.format(n=len(waiting)))
    return "\n".join(lines)


def legacy_text(legacy: list[LegacyView]) -> str:
    """Group by group (in the order the upgrade found them): where each stands now, each person
    registered in it and what the upgrade did, and what the secretariat may do."""
    if not legacy:
        return texts.LEGACY_NONE
    chats: dict[tuple[str, str], list[LegacyView]] = {}
    for v in legacy:
        chats.setdefault((v.platform, v.chat_id), []).append(v)
    lines = [texts.LEGACY_HEAD.format(date=texts.vn_date(legacy[0].migrated_at))]
    for (platform, chat), views in chats.items():
        held = views[0].now_agency
        now = texts.LEGACY_NOW_HELD.format(agency=held) if held else texts.LEGACY_NOW_NONE
        lines.append(texts.LEGACY_CHAT.format(platform=platform, chat=chat, now=now))
        for v in views:
            lines.append(texts.LEGACY_PERSON.format(
                who=v.name or v.user_id, role=texts.ROLE[v.role], id=v.contact_id,
                agency=texts.OF_AGENCY.format(name=v.agency) if v.agency else "",
                outcome=texts.LEGACY_OUTCOME[v.outcome].format(agency=v.agency)))
        if any(v.pending for v in views):
            lines.append(texts.LEGACY_TODO)
    if any(v.outcome != LegacyOutcome.REVOKED for v in legacy):
        lines.append(texts.LEGACY_PRIVATE)
    return "\n".join(lines)

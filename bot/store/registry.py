"""Reads of the agency registry (agencies, aliases, group members) for `bot.agencies`."""
from __future__ import annotations

from sqlmodel import Session, select

from bot.store.models import Agency, AgencyAlias, GroupMember


def all_agencies(session: Session) -> list[Agency]:
    return list(session.exec(select(Agency)).all())


def all_aliases(session: Session) -> list[AgencyAlias]:
    return list(session.exec(select(AgencyAlias)).all())


def all_members(session: Session) -> list[GroupMember]:
    return list(session.exec(select(GroupMember).order_by(GroupMember.member_id)).all())


def aliases_of(session: Session, agency_id: int) -> list[AgencyAlias]:
    return list(session.exec(select(AgencyAlias).where(AgencyAlias.agency_id == agency_id)).all())


def members_of(session: Session, group_id: int) -> list[GroupMember]:
    return list(session.exec(select(GroupMember).where(GroupMember.group_id == group_id)).all())

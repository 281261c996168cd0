"""Reorganisations (issue 15): merges, renames and dissolutions of agencies, and the assignments
they handed on."""
from __future__ import annotations

from datetime import date, datetime

from sqlmodel import Field, SQLModel

from bot.domain import ReorgKind
from bot.store.models.base import EnumText


class Reorganisation(SQLModel, table=True):
    """One merge, rename or dissolution, applied once (bot/service/reorg.py). `into_id` is None
    for a dissolution nobody takes over yet: its open tasks wait "chưa có cơ quan tiếp nhận"."""

    id: int | None = Field(default=None, primary_key=True)
    kind: ReorgKind = Field(sa_type=EnumText(ReorgKind))
    effective_on: date
    into_id: int | None = Field(default=None, foreign_key="agency.id")
    group_id: int | None = Field(default=None, foreign_key="agency.id")  # dissolve: the group named
    note: str = ""
    created_at: datetime


class ReorgSource(SQLModel, table=True):
    """The agencies an operation ends (OLD)."""

    reorg_id: int = Field(foreign_key="reorganisation.id", primary_key=True)
    agency_id: int = Field(foreign_key="agency.id", primary_key=True)


class AssignmentMove(SQLModel, table=True):
    """An assignment handed from an agency to its successor: `assignment_id` carries the work
    now; `from_assignment_id` is the row that was moved (the same row) or folded into it."""

    id: int | None = Field(default=None, primary_key=True)
    reorg_id: int = Field(foreign_key="reorganisation.id", index=True)
    assignment_id: int = Field(foreign_key="assignment.id", index=True)
    from_assignment_id: int = Field(foreign_key="assignment.id")
    from_agency_id: int = Field(foreign_key="agency.id")

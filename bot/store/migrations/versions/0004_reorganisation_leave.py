"""Reorganisations (merge, rename, dissolve), leave periods and "remind me later" (issue 15).

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01

Five new tables; no existing table or column is touched, so rows of 0002 are kept as they are.
Indexes are named as create_all names them (ix_<table>_<column>) so a database made by
create_all equals one made by replaying the revisions.
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def _id() -> sa.Column:
    return sa.Column("id", sa.Integer(), primary_key=True, nullable=False)


def _fk(name: str, target: str, nullable: bool = True, **kw) -> sa.Column:
    return sa.Column(name, sa.Integer(), sa.ForeignKey(target), nullable=nullable, **kw)


def upgrade() -> None:
    op.create_table(
        "reorganisation", _id(), sa.Column("kind", sa.String(), nullable=False),
        sa.Column("effective_on", sa.Date(), nullable=False),
        _fk("into_id", "agency.id"), _fk("group_id", "agency.id"),
        sa.Column("note", sa.String(), nullable=False), sa.Column("created_at", TZ, nullable=False),
    )
    op.create_table(
        "reorgsource", _fk("reorg_id", "reorganisation.id", False, primary_key=True),
        _fk("agency_id", "agency.id", False, primary_key=True),
    )
    op.create_table(
        "assignmentmove", _id(), _fk("reorg_id", "reorganisation.id", False),
        _fk("assignment_id", "assignment.id", False), _fk("from_assignment_id", "assignment.id", False),
        _fk("from_agency_id", "agency.id", False),
    )
    op.create_index("ix_assignmentmove_reorg_id", "assignmentmove", ["reorg_id"])
    op.create_index("ix_assignmentmove_assignment_id", "assignmentmove", ["assignment_id"])
    op.create_table(
        "leave", _id(), _fk("contact_id", "contact.id", False),
        sa.Column("start", sa.Date(), nullable=False), sa.Column("end", sa.Date(), nullable=False),
        sa.Column("reason", sa.String(), nullable=False), _fk("set_by", "contact.id"),
        sa.Column("created_at", TZ, nullable=False), sa.Column("cancelled_at", TZ, nullable=True),
    )
    op.create_index("ix_leave_contact_id", "leave", ["contact_id"])
    op.create_table(
        "snooze", _id(), _fk("assignment_id", "assignment.id", False), _fk("contact_id", "contact.id", False),
        sa.Column("days", sa.Integer(), nullable=False), sa.Column("resume_on", sa.Date(), nullable=False),
        sa.Column("created_at", TZ, nullable=False),
    )
    op.create_index("ix_snooze_assignment_id", "snooze", ["assignment_id"])


def downgrade() -> None:
    for table in ("snooze", "leave", "assignmentmove", "reorgsource", "reorganisation"):
        op.drop_table(table)

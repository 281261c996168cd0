"""data version: a counter the database bumps on every write the figures depend on; an index for the task list

Revision ID: 0009
Revises: 0008_legacy_groups
Create Date: 2026-12-08

The web page keeps the summary of a day until the data changes (bot/service/portal/figures.py);
it knows the data changed by this counter, which triggers on the data tables bump in the writing
transaction (bot/store/version.py), whichever process or tool writes. The table starts empty
(version 0); nothing existing is touched.

The index on assignment (task_id, role, status) serves the task list's status filter, which asks
per task whether it has a lead share in a given status (bot/store/task_list.py).
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from bot.store import version

revision = "0009"
down_revision = "0008_legacy_groups"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "dataversion",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    version.ensure_triggers(op.get_bind())
    op.create_index("ix_assignment_task_role_status", "assignment", ["task_id", "role", "status"])


def downgrade() -> None:
    op.drop_index("ix_assignment_task_role_status", table_name="assignment")
    version.drop_triggers(op.get_bind())
    op.drop_table("dataversion")

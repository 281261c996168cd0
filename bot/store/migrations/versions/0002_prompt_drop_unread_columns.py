"""Drop prompt.intent, prompt.event_id and prompt.draft_date (models changed in 27889f6).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23

Why: the code stopped writing these columns, and intent is NOT NULL without a default, so on a database
from the first release every Prompt insert failed ("NOT NULL constraint failed: prompt.intent") and
the user got no answer. Batch mode on SQLite (the table is recreated; migrate runs this with foreign
keys off, as SQLite's ALTER TABLE procedure requires); plain ALTER TABLE DROP COLUMN on PostgreSQL,
which drops the event_id foreign key with its column.
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("prompt") as batch:
        batch.drop_column("intent")
        batch.drop_column("event_id")
        batch.drop_column("draft_date")


def downgrade() -> None:
    # intent comes back NOT NULL as it was; existing rows get "" (what the old code wrote for non-picks).
    with op.batch_alter_table("prompt") as batch:
        batch.add_column(sa.Column("intent", sa.String(), nullable=False, server_default=""))
        # Batch mode needs a name for the key; PostgreSQL's own default name, so 0001 comes back as it was.
        batch.add_column(sa.Column("event_id", sa.Integer(),
                                   sa.ForeignKey("statusevent.id", name="prompt_event_id_fkey"), nullable=True))
        batch.add_column(sa.Column("draft_date", sa.Date(), nullable=True))
    with op.batch_alter_table("prompt") as batch:
        batch.alter_column("intent", server_default=None, existing_type=sa.String(), existing_nullable=False)

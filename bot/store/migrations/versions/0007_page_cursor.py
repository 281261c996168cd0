"""page cursor: where a long list stopped, apart from the question the bot waits on

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-05

A page cursor used to be a `Prompt` row of action "page"; one prompt per contact meant a
follow-up question (the note after "xong") replaced it and `/tiep` lost its place. The cursors
move to their own table, keeping those in use.
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "pagecursor",
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("listing", sa.String(), nullable=False),
        sa.Column("shown", sa.String(), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["contact_id"], ["contact.id"]),
        sa.PrimaryKeyConstraint("contact_id"),
    )
    op.execute("INSERT INTO pagecursor (contact_id, listing, shown, expires_at) "
               "SELECT contact_id, draft_text, codes, expires_at FROM prompt WHERE action = 'page'")
    op.execute("DELETE FROM prompt WHERE action = 'page'")


def downgrade() -> None:
    op.execute("INSERT INTO prompt (contact_id, action, codes, draft_text, expires_at) "
               "SELECT c.contact_id, 'page', c.shown, c.listing, c.expires_at FROM pagecursor c "
               "WHERE NOT EXISTS (SELECT 1 FROM prompt p WHERE p.contact_id = c.contact_id)")
    op.drop_table("pagecursor")

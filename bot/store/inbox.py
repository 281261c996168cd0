"""The inbox: incoming updates stored before the platform is told they arrived.

Why: Telegram's getUpdates offset (and a webhook's 200) tells the platform to forget an update;
acknowledged before it was handled, a crash lost it (7 of 12 replies after a kill -9). Now:
- `add` stores a batch before the acknowledgement (insert-if-absent on (platform, update_id),
  so a redelivery is recognised and not handled twice);
- `mark_handled` is a conditional UPDATE made in the conversation's own transaction, so an
  update's effects and its "handled" mark commit together: replayed after a crash, an update
  is either wholly done or not at all (effects exactly once);
- `pending` lists what a crash left unhandled, oldest first, for the next start.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Connection, Engine

from bot.clock import to_utc
from bot.store.models import Inbox

T = Inbox.__table__


def add(engine: Engine, platform: str, items: list[tuple[str, str, str]], now: datetime) -> set[str]:
    """Store (update_id, chat_id, payload JSON) rows; the ids that were new."""
    if not items:
        return set()
    insert = pg_insert if engine.dialect.name == "postgresql" else sqlite_insert
    rows = [dict(platform=platform, update_id=u, chat_id=c, payload=p, received_at=to_utc(now)) for u, c, p in items]
    with engine.begin() as conn:
        stmt = insert(T).values(rows).on_conflict_do_nothing(index_elements=["platform", "update_id"])
        return set(conn.execute(stmt.returning(T.c.update_id)).scalars())


def mark_handled(conn: Connection, platform: str, update_id: str, now: datetime) -> bool:
    """Mark one update handled; False if it already was (a redelivery, or a replay racing it)."""
    res = conn.execute(update(T).where(T.c.platform == platform, T.c.update_id == update_id,
                                       T.c.handled_at.is_(None)).values(handled_at=to_utc(now)))
    return res.rowcount == 1


def handled(engine: Engine, platform: str, update_id: str, now: datetime) -> bool:
    with engine.begin() as conn:
        return mark_handled(conn, platform, update_id, now)


def pending(engine: Engine, platform: str) -> list[tuple[str, str]]:
    """(update_id, payload) of the updates stored and never handled, in the order received."""
    with engine.connect() as conn:
        q = select(T.c.update_id, T.c.payload).where(T.c.platform == platform, T.c.handled_at.is_(None))
        return [(u, p) for u, p in conn.execute(q.order_by(T.c.id))]

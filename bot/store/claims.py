"""Claims in the `Reminder` table: the only coordination between dispatchers.

A key is claimed before its message is sent and marked sent after the API accepted it, so:
- two processes never send the same key: the claim is `INSERT … ON CONFLICT DO NOTHING`
  (one row wins, PostgreSQL makes the loser wait for the winner's commit and then skip);
- a claim left unsent by a crash is taken over once its lease is over, by a conditional
  UPDATE (`… WHERE sent_at IS NULL AND claimed_at < :stale`): one updater wins;
- the claimer owns it (`claimed_by`, a token per pass): before every send it checks that the
  claim is still its own and extends the lease (`renew`); it never sleeps past the lease;
- a failed send releases the claim (`claimed_by = ''`) so the next pass retries it at once;
  a permanent failure (HTTP 400: our bug, not the network) is marked DEAD and not retried.
Keys already present are looked up first and only new ones are inserted: an `INSERT … ON
CONFLICT` that does nothing still burns a sequence value on PostgreSQL, every minute.

Everything here is synchronous and short; the dispatcher runs it in a worker thread.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from sqlalchemy import and_, delete, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Engine

from bot.clock import to_utc
from bot.store.models import Contact, Reminder

R = Reminder.__table__
DEAD = "!dead"  # claimed_by of a reminder that failed for good (never claimed again)


class Item(Protocol):
    """What a claim is made for (the dispatcher's `Item`)."""

    key: str
    kind: str
    slot_at: datetime

    @property
    def assignment_id(self) -> int | None: ...

CHUNK = 500  # keys per statement: far below SQLite's and PostgreSQL's parameter limits


@dataclass(frozen=True, slots=True)
class Existing:
    sent: bool
    claimed_by: str
    claimed_at: datetime

    def claimable(self, stale: datetime) -> bool:
        return not self.sent and self.claimed_by != DEAD and (self.claimed_by == "" or self.claimed_at < stale)


SENT = Existing(True, "", datetime.min)  # what `existing` says of every sent key


def _chunks(seq: list, n: int = CHUNK) -> Iterable[list]:
    for i in range(0, len(seq), n):
        yield seq[i:i + n]


def existing(engine: Engine, keys: Iterable[str]) -> dict[str, Existing]:
    """The claims already made for `keys` (missing keys are unclaimed)."""
    out: dict[str, Existing] = {}
    wanted = sorted(set(keys))
    with engine.connect() as conn:
        for part in _chunks(wanted):
            # the many sent keys as bare strings; only the few unsent ones with their claim
            q = select(R.c.key).where(R.c.key.in_(part), R.c.sent_at.is_not(None))
            out.update(dict.fromkeys(conn.execute(q).scalars(), SENT))
            q = select(R.c.key, R.c.claimed_by, R.c.claimed_at).where(R.c.key.in_(part), R.c.sent_at.is_(None))
            for key, by, at in conn.execute(q):
                out[key] = Existing(False, by, to_utc(at))
    return out


def _steal_condition(stale: datetime):
    return and_(R.c.sent_at.is_(None), R.c.claimed_by != DEAD,
                or_(R.c.claimed_by == "", R.c.claimed_at < stale))


def claim(engine: Engine, items: list[Item], contact_id: int, owner: str, at: datetime,
          stale: datetime) -> set[str]:
    """Claim what can be claimed of `items` (new keys, released or stale claims); the keys won.

    One transaction, keys in sorted order so that two claimers never wait on each other in
    opposite orders (PostgreSQL would report a deadlock)."""
    if not items:
        return set()
    at = to_utc(at)
    by_key = {i.key: i for i in items}
    keys = sorted(by_key)
    insert = pg_insert if engine.dialect.name == "postgresql" else sqlite_insert
    won: set[str] = set()
    rows = [dict(key=k, kind=by_key[k].kind, assignment_id=by_key[k].assignment_id, contact_id=contact_id,
                 slot_at=to_utc(by_key[k].slot_at), claimed_at=at, claimed_by=owner, attempts=0, last_error="")
            for k in keys]
    # one statement with the rows as executemany parameters: SQLAlchemy sends them as multi-row
    # VALUES pages ("insertmanyvalues") from one cached compilation, where `.values(rows)` compiled
    # a statement of 9 bound parameters per row every time (6x the CPU on SQLite, 3x on PostgreSQL)
    stmt = insert(R).on_conflict_do_nothing(index_elements=["key"]).returning(R.c.key)
    with engine.begin() as conn:
        for part in _chunks(rows):
            won.update(conn.execute(stmt, part).scalars())
        rest = [k for k in keys if k not in won]
        for part in _chunks(rest):
            stmt = (update(R).where(R.c.key.in_(part), _steal_condition(to_utc(stale)))
                    .values(claimed_at=at, claimed_by=owner).returning(R.c.key))
            won.update(conn.execute(stmt).scalars())
    return won


def renew(engine: Engine, keys: list[str], owner: str, at: datetime) -> bool:
    """Before a send: are these unsent claims still ours? If so their lease starts again now.

    One conditional UPDATE (`… WHERE claimed_by = :owner AND sent_at IS NULL`), so a sender that
    was held up past its lease (a long 429, a stalled process) and whose claims another pass took
    over learns it before sending, instead of sending a second time."""
    wanted = sorted(set(keys))
    if not wanted:
        return True
    renewed = 0
    with engine.begin() as conn:
        for part in _chunks(wanted):
            res = conn.execute(update(R).where(R.c.key.in_(part), R.c.claimed_by == owner, R.c.sent_at.is_(None))
                               .values(claimed_at=to_utc(at)))
            renewed += res.rowcount
    return renewed == len(wanted)


def drop_claim(engine: Engine, key: str, owner: str) -> None:
    """Undo our own claim that turned out useless (an escalation gate with nothing behind it)."""
    with engine.begin() as conn:
        conn.execute(delete(R).where(R.c.key == key, R.c.claimed_by == owner, R.c.sent_at.is_(None)))


def mark_sent(engine: Engine, keys: list[str], at: datetime) -> None:
    if not keys:
        return
    with engine.begin() as conn:
        for part in _chunks(sorted(keys)):
            conn.execute(update(R).where(R.c.key.in_(part), R.c.sent_at.is_(None))
                         .values(sent_at=to_utc(at), attempts=R.c.attempts + 1, last_error=""))


def mark_failed(engine: Engine, keys: list[str], error: str, *, dead: bool = False) -> None:
    """Leave the claims unsent with the error; released for the next pass unless `dead`."""
    if not keys:
        return
    with engine.begin() as conn:
        for part in _chunks(sorted(keys)):
            conn.execute(update(R).where(R.c.key.in_(part), R.c.sent_at.is_(None))
                         .values(attempts=R.c.attempts + 1, last_error=error[:500],
                                 claimed_by=DEAD if dead else ""))


def release(engine: Engine, keys: list[str], owner: str, error: str) -> None:
    """Hand our unsent claims to the next pass at once (the pass was interrupted)."""
    if not keys:
        return
    with engine.begin() as conn:
        for part in _chunks(sorted(keys)):
            conn.execute(update(R).where(R.c.key.in_(part), R.c.claimed_by == owner, R.c.sent_at.is_(None))
                         .values(claimed_by="", last_error=error[:500]))


def deactivate(engine: Engine, contact_id: int, notices: list[tuple[Item, int]], at: datetime) -> bool:
    """Mark a contact inactive and, in the same transaction, record the notices to the
    secretariat as released claims (sent by this pass or, failing that, the next). True only
    for the one caller that changed it, so the secretariat is told once even after a crash."""
    c = Contact.__table__
    at = to_utc(at)
    with engine.begin() as conn:
        res = conn.execute(update(c).where(c.c.id == contact_id, c.c.active == True)  # noqa: E712
                           .values(active=False))
        if res.rowcount != 1:
            return False
        if notices:
            conn.execute(R.insert(), [dict(key=i.key, kind=i.kind, assignment_id=None, contact_id=to, slot_at=at,
                                           claimed_at=at, claimed_by="", attempts=0, last_error="")
                                      for i, to in notices])
        return True

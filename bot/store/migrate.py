"""Bring a database to the latest schema revision (Alembic), from any state the bot may find it in.

Three states exist in the field:
- empty (a new install): `create_all` + `stamp head` — equal to replaying every revision (the test
  `test_head_equals_models` proves it) and much faster, which matters for the test suite;
- made by `create_all` before migrations existed (no `alembic_version`): adopted by stamping the revision
  whose schema it has — 0001 if `prompt` still has `intent`, else 0002 — then upgraded;
- managed by Alembic: upgraded.

Two processes starting together must not both migrate. On PostgreSQL the whole check-and-upgrade runs
under a session-level `pg_advisory_lock` on its own connection (released in `finally`; if the unlock
fails the connection is dropped, which releases it too). On SQLite it runs inside `BEGIN IMMEDIATE`,
which takes the database's write lock up front (the busy timeout makes the second process wait), with
foreign keys off for the duration, as SQLite's table-rebuild procedure (batch mode) requires, and a
`PRAGMA foreign_key_check` before commit.

After an upgrade (or the empty-database shortcut) the data version's triggers are put back where missing
(bot/store/version.py): a SQLite batch migration rebuilds a table without its triggers.

The Alembic Config is built in code (no alembic.ini), so this works from an installed package in any cwd.
"""
from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection, Engine
from sqlmodel import SQLModel

from bot.store import models  # noqa: F401  (registers the tables)
from bot.store import version

log = logging.getLogger(__name__)

SCRIPT_LOCATION = Path(__file__).resolve().with_name("migrations")
LOCK_KEY = 7955715821566256483  # int.from_bytes(b"nhacviec"): this app's pg_advisory_lock key
FIRST_RELEASE = "0001"  # prompt still has intent/event_id/draft_date
AFTER_PROMPT_CLEANUP = "0002"  # the schema create_all made from 27889f6 until migrations existed


class Step(NamedTuple):
    revision: str
    down_revision: str | None
    message: str


def config(connection: Connection | None = None) -> Config:
    """An Alembic Config without an ini file; env.py uses `connection` when given."""
    cfg = Config()
    cfg.set_main_option("script_location", str(SCRIPT_LOCATION))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


@lru_cache(maxsize=1)
def script() -> ScriptDirectory:
    """Parsed once per process: tests create hundreds of databases."""
    return ScriptDirectory.from_config(config())


def head() -> str:
    return script().get_current_head()


def history() -> list[Step]:
    """All revisions, oldest first."""
    steps = [Step(r.revision, r.down_revision, (r.doc or "").strip().splitlines()[0] if r.doc else "")
             for r in script().walk_revisions()]
    return steps[::-1]


def current(engine: Engine) -> str | None:
    """The revision the database is stamped with, as found (None: empty or made before migrations)."""
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine, revision: str = "head", *, shortcut: bool = True) -> None:
    """Bring the database to `revision`. `shortcut=False` replays every revision even on an empty
    database (the tests use it to check that the revisions produce the models' schema)."""
    with _locked(engine) as conn:
        _upgrade(conn, revision, shortcut)


def _upgrade(conn: Connection, revision: str, shortcut: bool) -> None:
    insp = inspect(conn)
    tables = set(insp.get_table_names())
    ctx = MigrationContext.configure(conn)
    before = ctx.get_current_revision()
    if not tables & set(SQLModel.metadata.tables):
        if before is not None:  # the tables were dropped (tests' drop_all) but the version row stayed
            ctx.stamp(script(), "base")
            before = None
        if shortcut and revision in ("head", head()):
            SQLModel.metadata.create_all(conn)
            version.ensure_triggers(conn)
            ctx.stamp(script(), "head")
            log.info("database: new, created at revision %s", head())
            return
    elif before is None:
        columns = {c["name"] for c in insp.get_columns("prompt")} if "prompt" in tables else set()
        before = FIRST_RELEASE if "intent" in columns else AFTER_PROMPT_CLEANUP
        ctx.stamp(script(), before)
        log.info("database: made before migrations, adopted as revision %s", before)
    if before == head() and revision in ("head", head()):
        return  # the usual start: nothing to do, and no need to load env.py
    command.upgrade(config(conn), revision)
    version.ensure_triggers(conn)  # a batch migration (SQLite) rebuilds a table without its triggers
    after = MigrationContext.configure(conn).get_current_revision()
    if after != before:
        log.info("database: upgraded %s -> %s", before, after)


@contextmanager
def _locked(engine: Engine) -> Iterator[Connection]:
    """A connection inside one transaction that no other migrating process can share (module doc)."""
    if engine.dialect.name == "postgresql":
        with _pg_locked(engine) as conn:
            yield conn
    elif engine.dialect.name == "sqlite":
        with _sqlite_locked(engine) as conn:
            yield conn
    else:  # no lock known for this backend: one transaction, and one process at a time is assumed
        with engine.begin() as conn:
            yield conn


@contextmanager
def _pg_locked(engine: Engine) -> Iterator[Connection]:
    with engine.connect() as conn:
        conn.execute(text("SELECT pg_advisory_lock(:k)"), {"k": LOCK_KEY})
        conn.commit()  # a session-level lock outlives the transaction it was taken in
        try:
            with conn.begin():  # PostgreSQL DDL is transactional: the whole upgrade or nothing
                yield conn
        finally:
            try:
                conn.rollback()
                conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": LOCK_KEY})
                conn.commit()
            except Exception:  # pragma: no cover - the server went away; closing releases the lock
                conn.invalidate()


@contextmanager
def _sqlite_locked(engine: Engine) -> Iterator[Connection]:
    with engine.connect() as conn:
        dbapi = conn.connection.driver_connection
        saved = dbapi.isolation_level
        # No implicit BEGINs from the sqlite3 module: ours is BEGIN IMMEDIATE, and the PRAGMA below only
        # takes effect outside a transaction.
        dbapi.isolation_level = None
        try:
            conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
            conn.exec_driver_sql("BEGIN IMMEDIATE")
            try:
                yield conn
                broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if broken:
                    raise RuntimeError(f"migration left {len(broken)} broken foreign key(s), e.g. {broken[0]}")
                conn.commit()
            except BaseException:
                conn.rollback()
                raise
        finally:
            conn.exec_driver_sql("PRAGMA foreign_keys=ON")
            conn.commit()
            dbapi.isolation_level = saved


def has_tables(engine: Engine) -> bool:
    """Whether the database holds any table at all (an unversioned one may be a release's)."""
    from sqlalchemy import inspect

    return bool(inspect(engine).get_table_names())

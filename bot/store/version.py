"""The data version: one counter that every write to the data the figures are made of bumps, so a
summary computed once can be reused until something it depends on changes (bot/service/portal/figures.py).

Why triggers and not a call in each writer: status replies, imports, reorganisations, review decisions,
evidence and contacts are written from many places (and by other processes, or by hand with psql); a
writer that forgets the bump would make the web page show stale figures. The database bumps the
counter itself, in the same transaction as the write, so a reader that sees the new data sees the new
version too, whichever process wrote it.

- SQLite: a row trigger per table and operation; writers are serialised by SQLite's one write lock anyway.
- PostgreSQL: one deferred constraint trigger per table, so the counter's row is locked only at commit
  (not from the first write on: a long import would otherwise hold it, and two writers that locked
  rows in a different order could deadlock on it). The first firing in a transaction bumps; the rest
  see a transaction-local flag and return.

The row is created by the first write (an upsert), so a new database has an empty table (version 0).
`ensure_triggers` is run by `bot.store.migrate` after every upgrade: SQLite's batch migrations rebuild
a table and its triggers go with it.
"""
from __future__ import annotations

from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection
from sqlmodel import Session, select

from bot.store.models import DataVersion

TABLE = "dataversion"
# What the figures, the task lists and the people pages are read from. Not `reminder`, `inbox`,
# `prompt`, sessions…: they change every minute and change no figure.
TABLES = ("plan", "task", "assignment", "statusevent", "agency", "agencyalias", "groupmember",
          "reviewdecision", "evidence", "contact", "reorganisation", "reorgsource", "assignmentmove")
OPS = ("insert", "update", "delete")
PG_FUNCTION = "dataversion_bump"
PG_TRIGGER = "dataversion_bump"
PG_FLAG = "nhacviec.dataversion_bumped"


def current(session: Session) -> int:
    """The version as this transaction sees it (0 before the first write)."""
    return session.exec(select(DataVersion.version).where(DataVersion.id == 1)).first() or 0


def _sqlite_name(table: str, op: str) -> str:
    return f"dataversion_{table}_{op}"


def expected(conn: Connection) -> set[tuple[str, str]]:
    """(table, trigger name) pairs that should exist, for the tables this database has."""
    tables = set(inspect(conn).get_table_names())
    if TABLE not in tables:
        return set()
    if conn.dialect.name == "sqlite":
        return {(t, _sqlite_name(t, op)) for t in TABLES if t in tables for op in OPS}
    return {(t, PG_TRIGGER) for t in TABLES if t in tables}


def installed(conn: Connection) -> set[tuple[str, str]]:
    if conn.dialect.name == "sqlite":
        rows = conn.exec_driver_sql("SELECT tbl_name, name FROM sqlite_master WHERE type = 'trigger' "
                                    "AND name LIKE 'dataversion\\_%' ESCAPE '\\'").all()
    else:
        rows = conn.execute(text(
            "SELECT c.relname, t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = current_schema() AND t.tgname = :name"), {"name": PG_TRIGGER}).all()
    return {(r[0], r[1]) for r in rows}


def ensure_triggers(conn: Connection) -> None:
    """Create the triggers that are missing (nothing before the table exists: older revisions)."""
    missing = expected(conn) - installed(conn)
    if not missing:
        return
    if conn.dialect.name == "sqlite":
        for table, name in sorted(missing):
            op = name.rsplit("_", 1)[1].upper()
            conn.exec_driver_sql(
                f'CREATE TRIGGER IF NOT EXISTS "{name}" AFTER {op} ON "{table}" BEGIN '
                f"INSERT INTO {TABLE} (id, version) VALUES (1, 1) "
                f"ON CONFLICT (id) DO UPDATE SET version = version + 1; END")
        return
    conn.exec_driver_sql(
        f"CREATE OR REPLACE FUNCTION {PG_FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        f"IF current_setting('{PG_FLAG}', true) IS DISTINCT FROM 'on' THEN "
        f"INSERT INTO {TABLE} (id, version) VALUES (1, 1) "
        f"ON CONFLICT (id) DO UPDATE SET version = {TABLE}.version + 1; "
        f"PERFORM set_config('{PG_FLAG}', 'on', true); "
        f"END IF; RETURN NULL; END $$")
    for table, name in sorted(missing):
        conn.exec_driver_sql(
            f'CREATE CONSTRAINT TRIGGER {name} AFTER INSERT OR UPDATE OR DELETE ON "{table}" '
            f"DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION {PG_FUNCTION}()")


def drop_triggers(conn: Connection) -> None:
    for table, name in sorted(installed(conn)):
        if conn.dialect.name == "sqlite":
            conn.exec_driver_sql(f'DROP TRIGGER IF EXISTS "{name}"')
        else:
            conn.exec_driver_sql(f'DROP TRIGGER IF EXISTS {name} ON "{table}"')
    if conn.dialect.name != "sqlite":
        conn.exec_driver_sql(f"DROP FUNCTION IF EXISTS {PG_FUNCTION}()")

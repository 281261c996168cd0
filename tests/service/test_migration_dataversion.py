"""0009 (the data version and the task list's index): a database at 0008 with rows in it upgrades,
keeps every row, and from then on the database itself bumps the version on every write to the data
the figures are made of — by hand too — and on nothing else; the triggers are the same whether the
revisions are replayed or the schema is created at once, and an upgrade puts back any that a table
rebuild lost."""
from __future__ import annotations

import pytest
from alembic import command
from sqlalchemy import inspect, text

from bot.store import migrate, version
from tests.service.test_migrations import AT, bare, fill, kept, model_diffs, rows_for, snapshot, wipe  # noqa: F401

pytestmark = pytest.mark.store


def bumps(engine, statement: str, **params) -> int:
    """How much one committed statement moves the data version."""
    def now() -> int:
        with engine.connect() as conn:
            return conn.execute(text("SELECT coalesce(max(version), 0) FROM dataversion")).scalar()
    before = now()
    with engine.begin() as conn:
        conn.execute(text(statement), params)
    return now() - before


def test_0009_adds_the_data_version_its_triggers_and_the_status_index_keeping_every_row(bare):  # noqa: F811
    """From 0008 with rows in every table: rows kept, the version table empty (version 0), and from
    then on every write to a data table moves it — by hand too — while reminders and sessions do not."""
    migrate.upgrade(bare, "0008_legacy_groups", shortcut=False)
    fill(bare, rows_for({}))
    before = snapshot(bare)
    migrate.upgrade(bare, "0009")
    after = snapshot(bare)
    assert after["dataversion"] == [] and kept(after, before) == before
    assert {i["name"] for i in inspect(bare).get_indexes("assignment")} >= {"ix_assignment_task_role_status"}
    with bare.connect() as conn:
        assert version.installed(conn) == version.expected(conn) and len(version.expected(conn)) >= 13
    assert bumps(bare, "UPDATE assignment SET status = 'done' WHERE id = 1") > 0
    assert bumps(bare, "UPDATE task SET content = 'sửa tay' WHERE id = 1") > 0
    assert bumps(bare, "UPDATE agency SET successor_id = NULL WHERE id = 2") > 0
    assert bumps(bare, "UPDATE contact SET active = false WHERE id = 1") > 0
    assert bumps(bare, "INSERT INTO statusevent (id, assignment_id, status, note, channel, at) "
                       "VALUES (99, 1, 'done', '', 'cli', :at)", at=AT) > 0
    assert bumps(bare, "DELETE FROM groupmember WHERE group_id = 3 AND member_id = 2") > 0
    two_rows = bumps(bare, "UPDATE assignment SET note = 'x'")  # PostgreSQL: once per transaction
    assert two_rows == (1 if bare.dialect.name == "postgresql" else 2)
    assert bumps(bare, "UPDATE reminder SET attempts = 3 WHERE id = 1") == 0
    assert bumps(bare, "DELETE FROM prompt") == 0
    migrate.upgrade(bare)
    assert model_diffs(bare) == []


def test_the_triggers_are_the_same_replayed_or_created_and_come_back_after_a_rebuild(bare):  # noqa: F811
    migrate.upgrade(bare, shortcut=False)
    with bare.connect() as conn:
        replayed = version.installed(conn)
        assert replayed == version.expected(conn) and replayed
    wipe(bare)
    migrate.upgrade(bare)  # create_all + stamp head
    with bare.connect() as conn:
        assert version.installed(conn) == replayed
        table, name = sorted(replayed)[0]
        conn.exec_driver_sql(f'DROP TRIGGER "{name}"' if bare.dialect.name == "sqlite" else
                             f'DROP TRIGGER {name} ON "{table}"')  # as a SQLite batch rebuild of the table does
        conn.commit()
    with migrate._locked(bare) as conn:
        command.downgrade(migrate.config(conn), "0008_legacy_groups")
        assert "dataversion" not in inspect(conn).get_table_names() and version.installed(conn) == set()
    migrate.upgrade(bare)
    with bare.connect() as conn:
        assert version.installed(conn) == replayed

"""Alembic migrations: old databases upgrade with every row intact, and head equals the models.

Old schemas come from fixed DDL files on SQLite (tests/data/*.sqlite.sql, dumped once from create_all,
never from the live models) and from the revisions themselves on PostgreSQL (upgrade to the old
revision, then drop alembic_version, which is what a create_all-made database looks like). Rows are
written and read through reflected tables, so these tests do not depend on today's models either.
"""
from __future__ import annotations

import threading
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import MetaData, inspect, select, text
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, SQLModel
from typer.testing import CliRunner

from bot.cli.app import app
from bot.store import create_schema, make_engine, migrate, session_scope
from bot.store.models import Contact, Prompt

pytestmark = pytest.mark.store
DATA = Path(__file__).resolve().parents[1] / "data"
OLD_PROMPT_COLUMNS = {"intent", "event_id", "draft_date"}
AT = datetime(2025, 6, 16, 2, 0, tzinfo=UTC)


def wipe(engine) -> None:
    """Drop every table, alembic_version included (conftest's drop_all leaves that one)."""
    md = MetaData()
    with engine.begin() as conn:
        md.reflect(conn)
        md.drop_all(conn)


@pytest.fixture
def bare(db_url):
    eng = make_engine(db_url)
    wipe(eng)
    yield eng
    wipe(eng)
    eng.dispose()


def old_schema(engine, name: str, revision: str) -> None:
    """The schema a create_all of that time made, without alembic_version."""
    if engine.dialect.name == "sqlite":
        raw = engine.raw_connection()
        try:
            raw.driver_connection.executescript((DATA / f"schema_{name}.sqlite.sql").read_text(encoding="utf-8"))
        finally:
            raw.close()
    else:
        migrate.upgrade(engine, revision, shortcut=False)
        with engine.begin() as conn:
            conn.exec_driver_sql("DROP TABLE alembic_version")
    assert migrate.current(engine) is None


def rows_for(prompt_extra: dict) -> list[tuple[str, list[dict]]]:
    """One small world touching every table, in foreign-key order."""
    return [
        ("agency", [dict(id=1, name="Sở Y tế", key="so y te", is_group=False, successor_id=None),
                    dict(id=2, name="Sở Thông tin", key="so thong tin", is_group=False, successor_id=1),
                    dict(id=3, name="Các sở", key="cac so", is_group=True, successor_id=None)]),
        ("agencyalias", [dict(id=1, agency_id=1, alias="SYT", key="syt")]),
        ("groupmember", [dict(group_id=3, member_id=1), dict(group_id=3, member_id=2)]),
        ("plan", [dict(id=1, key="TB25", title="Kế hoạch 2025", number="Số: 1/KH", issued_on=date(2025, 1, 2),
                       issuer="Tiểu Ban", year=2025, source="tb25.csv")]),
        ("task", [dict(id=1, plan_id=1, no="1", code="TB25-1", group="Quý I", content="Ban hành quy chế",
                       lead_text="Sở Y tế", coordinating_text="", deadline_text="30/6/2025", note="",
                       kind="date", due=date(2025, 6, 30), start=None, recurrence=None, position=0,
                       archived=False),
                  dict(id=2, plan_id=1, no="2", code="TB25-2", group="Quý I", content="Báo cáo hằng tháng",
                       lead_text="Các sở", coordinating_text="Sở Y tế", deadline_text="Hằng tháng", note="x",
                       kind="recurring", due=None, start=date(2025, 1, 1), recurrence="monthly", position=1,
                       archived=True)]),
        ("assignment", [dict(id=1, task_id=1, agency_id=1, role="lead", via_group_id=None, position=0,
                             status="delayed", note="chờ kinh phí", new_due=date(2025, 7, 15), updated_at=AT),
                        dict(id=2, task_id=2, agency_id=2, role="lead", via_group_id=3, position=0,
                             status="open", note="", new_due=None, updated_at=None)]),
        ("contact", [dict(id=1, platform="telegram", user_id="101", chat_id="101", display_name="Chị Lan",
                          agency_id=1, role="focal", active=True, created_at=AT),
                     dict(id=2, platform="zalo", user_id="z2", chat_id="z2", display_name="Anh Minh",
                          agency_id=None, role="lead", active=False, created_at=AT)]),
        ("statusevent", [dict(id=1, assignment_id=1, status="in_progress", note="đang làm", new_due=None,
                              contact_id=1, channel="telegram", at=AT, reverts_id=None),
                         dict(id=2, assignment_id=1, status="delayed", note="chờ kinh phí",
                              new_due=date(2025, 7, 15), contact_id=1, channel="telegram",
                              at=AT + timedelta(hours=1), reverts_id=None),
                         dict(id=3, assignment_id=1, status="open", note="hoàn tác", new_due=None,
                              contact_id=None, channel="cli", at=AT + timedelta(hours=2), reverts_id=2)]),
        ("invite", [dict(id=1, code_hash="ab" * 32, agency_id=1, role="focal", created_at=AT,
                         expires_at=AT + timedelta(days=7), used_at=AT + timedelta(days=1), used_by=1)]),
        ("reminder", [dict(id=1, key="1:due:1", kind="due", assignment_id=1, contact_id=1, slot_at=AT,
                           claimed_at=AT, claimed_by="pid 7", sent_at=AT + timedelta(seconds=3), attempts=1,
                           last_error=""),
                      dict(id=2, key="escday:c2:2025-06-16", kind="escalation", assignment_id=None,
                           contact_id=2, slot_at=AT, claimed_at=AT, claimed_by="", sent_at=None, attempts=2,
                           last_error="429")]),
        ("prompt", [dict(contact_id=1, action="delay", codes="TB25-1", draft_text="chờ kinh phí",
                         expires_at=AT + timedelta(minutes=30), **prompt_extra)]),
    ]


NEW_IN_0005 = {"plan": {"review": False}, "assignment": {"requested_due": None},
               "statusevent": {"requested_due": None}}
TABLES_IN_0005 = ("evidence", "reviewdecision", "reviewmessage")


def with_0005(before: dict[str, list[dict]]) -> dict[str, list[dict]]:
    """What 0005 makes of a snapshot taken before it: new columns defaulted, new tables empty."""
    out = {t: [dict(r, **NEW_IN_0005.get(t, {})) for r in rows] for t, rows in before.items()}
    return dict(out, **{t: [] for t in TABLES_IN_0005})


def fill(engine, world) -> None:
    md = MetaData()
    with engine.begin() as conn:
        md.reflect(conn)
        for table, rows in world:
            if table == "invite" and "for_group" in md.tables[table].c:  # 0003 on
                rows = [{"for_group": False, **r} for r in rows]
            conn.execute(md.tables[table].insert(), rows)


def kept(after: dict, before: dict) -> dict:
    """The tables `before` had, as they are `after` (later revisions may add tables, empty)."""
    assert all(rows == [] for t, rows in after.items() if t not in before)
    return {t: rows for t, rows in after.items() if t in before}


def at_head(before: dict) -> dict:
    """What an upgrade to head makes of the rows of a database at 0002 or older."""
    out = with_0005(before)
    return dict(out, inbox=[], invite=[dict(r, for_group=False) for r in out["invite"]])


def snapshot(engine) -> dict[str, list[dict]]:
    """Every row of every app table, read through reflection, ordered by primary key."""
    md = MetaData()
    with engine.connect() as conn:
        md.reflect(conn)
        return {name: [dict(r._mapping) for r in conn.execute(select(t).order_by(*t.primary_key.columns))]
                for name, t in md.tables.items() if name != "alembic_version"}


def schema_of(engine) -> dict:
    """Columns, keys, indexes and unique constraints as the database reports them."""
    insp = inspect(engine)
    out = {}
    for t in sorted(set(insp.get_table_names()) - {"alembic_version"}):
        out[t] = dict(
            columns=[(c["name"], str(c["type"]), c["nullable"]) for c in insp.get_columns(t)],
            pk=insp.get_pk_constraint(t)["constrained_columns"],
            fks=sorted((tuple(f["constrained_columns"]), f["referred_table"], tuple(f["referred_columns"]))
                       for f in insp.get_foreign_keys(t)),
            indexes=sorted((i["name"], tuple(i["column_names"]), bool(i["unique"])) for i in insp.get_indexes(t)),
            uniques=sorted(tuple(u["column_names"]) for u in insp.get_unique_constraints(t)),
        )
    return out


def model_diffs(engine) -> list:
    with engine.connect() as conn:
        return compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), SQLModel.metadata)


def test_head_equals_models_and_the_empty_database_shortcut(bare):
    migrate.upgrade(bare, shortcut=False)  # every revision, replayed
    assert migrate.current(bare) == migrate.head()
    assert model_diffs(bare) == []
    replayed = schema_of(bare)
    wipe(bare)
    migrate.upgrade(bare)  # create_all + stamp head
    assert migrate.current(bare) == migrate.head()
    assert schema_of(bare) == replayed


def test_upgrade_from_9c19136_keeps_every_row(bare):
    old_schema(bare, "9c19136", "0002")
    world = rows_for({})
    fill(bare, world)
    before = snapshot(bare)
    assert all(before[t] for t, _ in world)
    create_schema(bare)
    assert migrate.current(bare) == migrate.head()
    assert kept(snapshot(bare), at_head(before)) == at_head(before)
    assert model_diffs(bare) == []


def test_first_release_upgrade_drops_the_unread_prompt_columns_and_prompts_work_again(bare):
    old_schema(bare, "first_release", "0001")
    fill(bare, rows_for(dict(intent="", event_id=2, draft_date=date(2025, 7, 15))))
    before = snapshot(bare)
    with pytest.raises(IntegrityError, match="intent"):  # the bug: every Prompt insert failed
        with session_scope(bare) as s:
            s.add(Prompt(contact_id=2, action="note", expires_at=AT))
    create_schema(bare)
    assert migrate.current(bare) == migrate.head()
    after = snapshot(bare)
    expected = at_head(dict(before, prompt=[{k: v for k, v in r.items() if k not in OLD_PROMPT_COLUMNS}
                                            for r in before["prompt"]]))
    assert kept(after, expected) == expected
    with session_scope(bare) as s:
        s.add(Prompt(contact_id=2, action="pick", codes="TB25-1,TB25-2", draft_text="xong", expires_at=AT))
    with Session(bare) as s:
        assert s.get(Prompt, 2).codes == "TB25-1,TB25-2"
        assert s.get(Prompt, 1).draft_text == "chờ kinh phí"
        assert s.get(Contact, 1).created_at == AT  # aware UTC through the model, as before
    assert model_diffs(bare) == []


def test_first_release_upgrades_on_every_backend_from_a_versioned_0001(bare):
    """Alembic-managed at 0001 (not adopted): the plain upgrade path."""
    migrate.upgrade(bare, "0001", shortcut=False)
    assert migrate.current(bare) == "0001"
    fill(bare, rows_for(dict(intent="ghi", event_id=None, draft_date=None)))
    migrate.upgrade(bare)
    assert migrate.current(bare) == migrate.head()
    assert [r["codes"] for r in snapshot(bare)["prompt"]] == ["TB25-1"]


def test_empty_to_head_then_again_changes_nothing(bare):
    assert migrate.current(bare) is None
    create_schema(bare)
    first, rev = schema_of(bare), migrate.current(bare)
    create_schema(bare)
    assert (schema_of(bare), migrate.current(bare)) == (first, rev) and rev == migrate.head()
    if bare.dialect.name == "sqlite":  # the migration switched them off; the pooled connection has them back
        with bare.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_adopted_database_upgrades_twice_without_change(bare):
    old_schema(bare, "first_release", "0001")
    create_schema(bare)
    first = schema_of(bare)
    create_schema(bare)
    assert schema_of(bare) == first and migrate.current(bare) == migrate.head()


def test_dropped_tables_with_a_stale_version_row_are_rebuilt(bare):
    create_schema(bare)
    SQLModel.metadata.drop_all(bare)  # what conftest does between tests on PostgreSQL
    migrate.upgrade(bare, shortcut=False)
    assert model_diffs(bare) == [] and migrate.current(bare) == migrate.head()


def test_downgrade_to_first_release_and_back(bare):
    def unordered(schema):  # a downgrade appends the columns it brings back
        return {t: dict(d, columns=sorted(d["columns"])) for t, d in schema.items()}

    migrate.upgrade(bare, "0001", shortcut=False)
    first_release = unordered(schema_of(bare))
    migrate.upgrade(bare)
    fill(bare, rows_for({}))
    with migrate._locked(bare) as conn:
        command.downgrade(migrate.config(conn), "0001")
    assert migrate.current(bare) == "0001" and unordered(schema_of(bare)) == first_release
    prompt = snapshot(bare)["prompt"]
    assert [(p["intent"], p["event_id"], p["draft_date"], p["codes"]) for p in prompt] == [("", None, None, "TB25-1")]
    migrate.upgrade(bare)
    assert model_diffs(bare) == [] and len(snapshot(bare)["statusevent"]) == 3


def test_0005_upgrade_keeps_rows_defaults_the_new_columns_and_review_works(bare):
    """From the revision before it with rows in every table: rows kept, plan.review false, requested dates NULL,
    and the new tables take evidence and exactly one decision per submission."""
    migrate.upgrade(bare, "0004", shortcut=False)
    fill(bare, rows_for({}))
    before = snapshot(bare)
    migrate.upgrade(bare, "0005")
    assert migrate.current(bare) == "0005"
    after = snapshot(bare)
    assert kept(after, with_0005(before)) == with_0005(before)
    assert [p["review"] for p in after["plan"]] == [False]
    assert all(r["requested_due"] is None for r in after["assignment"] + after["statusevent"])
    md = MetaData()
    with bare.begin() as conn:
        md.reflect(conn)
        conn.execute(md.tables["evidence"].insert(), [dict(assignment_id=1, event_id=2, contact_id=1, name="qd.pdf",
                                                           size=10, sha256="ab" * 32, kind="pdf", caption="",
                                                           added_at=AT)])
        decision = dict(event_id=2, assignment_id=1, decision="confirmed", reason="", new_due=None, contact_id=2,
                        channel="zalo", at=AT)
        conn.execute(md.tables["reviewdecision"].insert(), [decision])
    with pytest.raises(IntegrityError):
        with bare.begin() as conn:
            conn.execute(md.tables["reviewdecision"].insert(), [dict(decision, contact_id=1)])
    migrate.upgrade(bare)  # the later revisions on top: the head equals the models
    assert model_diffs(bare) == []


def test_history_oldest_first():
    steps = migrate.history()
    assert [s.revision for s in steps][:2] == ["0001", "0002"] and steps[-1].revision == migrate.head()
    assert steps[1].down_revision == "0001" and all(s.message for s in steps)


def test_a_failed_sqlite_migration_leaves_the_database_as_it_was(tmp_path):
    """One transaction (BEGIN IMMEDIATE): a foreign key broken by hand fails the check, nothing is kept."""
    eng = make_engine(f"sqlite:///{tmp_path / 'broken.sqlite3'}")
    old_schema(eng, "first_release", "0001")
    raw = eng.raw_connection()
    try:
        raw.driver_connection.execute("PRAGMA foreign_keys=OFF")
        raw.driver_connection.execute("INSERT INTO prompt (contact_id, action, codes, intent, draft_text, expires_at)"
                                      " VALUES (99, 'note', '', '', '', '2025-06-16 02:00:00')")
        raw.driver_connection.commit()
    finally:
        raw.close()
    with pytest.raises(RuntimeError, match="foreign key"):
        create_schema(eng)
    assert migrate.current(eng) is None
    assert "intent" in {c["name"] for c in inspect(eng).get_columns("prompt")}
    eng.dispose()


def test_db_cli_current_history_upgrade(tmp_path, monkeypatch):
    path = tmp_path / "cli.sqlite3"
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{path}")
    runner = CliRunner()
    r = runner.invoke(app, ["db", "current"])
    assert r.exit_code == 0 and "còn trống" in r.output, r.output
    eng = make_engine(f"sqlite:///{path}")
    old_schema(eng, "first_release", "0001")
    r = runner.invoke(app, ["db", "current"])
    assert r.exit_code == 0 and "trước khi có phiên bản" in r.output and migrate.current(eng) is None, r.output
    r = runner.invoke(app, ["db", "history"])
    assert r.exit_code == 0 and "0001" in r.output and f"{migrate.head()}  " in r.output, r.output
    r = runner.invoke(app, ["db", "upgrade"])
    assert r.exit_code == 0 and f"→ {migrate.head()}" in r.output, r.output
    r = runner.invoke(app, ["db", "upgrade"])
    assert r.exit_code == 0 and "không cần nâng cấp" in r.output, r.output
    r = runner.invoke(app, ["db", "current"])
    assert r.exit_code == 0 and f"{migrate.head()} (mới nhất)" in r.output, r.output
    eng.dispose()


@pytest.mark.parametrize("shortcut", [True, False])
def test_two_processes_upgrading_at_once_on_postgres(bare, shortcut):
    if bare.dialect.name != "postgresql":
        pytest.skip("the advisory lock is PostgreSQL's; set DATABASE_URL to a PostgreSQL database")
    barrier, errors = threading.Barrier(2), []

    def start() -> None:
        eng = make_engine(bare.url.render_as_string(hide_password=False))
        try:
            barrier.wait(timeout=30)
            migrate.upgrade(eng, shortcut=shortcut)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            eng.dispose()

    threads = [threading.Thread(target=start) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert errors == [] and migrate.current(bare) == migrate.head()
    assert model_diffs(bare) == []
    with bare.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM alembic_version")).scalar() == 1


def test_0004_keeps_every_row_and_adds_the_reorganisation_tables(bare):
    """Issue 15: reorganisations, leave and "remind me later" are new tables on top of 0003."""
    migrate.upgrade(bare, "0003", shortcut=False)
    fill(bare, rows_for({}))
    before = snapshot(bare)
    migrate.upgrade(bare, "0004")
    assert migrate.current(bare) == "0004"
    after = snapshot(bare)
    assert kept(after, before) == before
    migrate.upgrade(bare)
    assert {"reorganisation", "reorgsource", "assignmentmove", "leave", "snooze"} <= set(after)
    fill(bare, [("reorganisation", [dict(id=1, kind="merge", effective_on=date(2025, 7, 1), into_id=1,
                                         group_id=None, note="NQ 202/2025/QH15", created_at=AT)]),
                ("reorgsource", [dict(reorg_id=1, agency_id=2)]),
                ("assignmentmove", [dict(id=1, reorg_id=1, assignment_id=2, from_assignment_id=2, from_agency_id=2)]),
                ("leave", [dict(id=1, contact_id=1, start=date(2025, 12, 10), end=date(2025, 12, 20), reason="",
                                set_by=None, created_at=AT, cancelled_at=None)]),
                ("snooze", [dict(id=1, assignment_id=1, contact_id=1, days=2, resume_on=date(2025, 6, 18),
                                 created_at=AT)])])
    assert len(snapshot(bare)["assignmentmove"]) == 1


def test_0006_adds_the_inbox_and_group_invites_keeping_every_row(bare):
    migrate.upgrade(bare, "0005", shortcut=False)
    fill(bare, rows_for({}))
    before = snapshot(bare)
    migrate.upgrade(bare, "0006")
    after = snapshot(bare)
    assert after["inbox"] == []
    assert after["invite"] == [dict(r, for_group=False) for r in before["invite"]]
    assert {t: rows for t, rows in after.items() if t not in ("inbox", "invite")} == \
        {t: rows for t, rows in before.items() if t != "invite"}
    migrate.upgrade(bare)
    assert model_diffs(bare) == []


def test_0007_moves_page_cursors_out_of_prompt(bare):
    """A page cursor was a `Prompt` of action "page"; 0007 moves it to `pagecursor` and leaves
    real questions where they are."""
    migrate.upgrade(bare, "0006", shortcut=False)
    fill(bare, rows_for({}))
    with bare.begin() as conn:
        conn.execute(text("DELETE FROM prompt"))
        conn.execute(text("INSERT INTO prompt (contact_id, action, codes, draft_text, expires_at) VALUES "
                          "(1, 'page', 'TB25-1,TB25-2', 'tasks:', :at), (2, 'note', 'TB25-1', '', :at)"), {"at": AT})
    migrate.upgrade(bare, "0007")
    after = snapshot(bare)
    assert [(r["contact_id"], r["action"]) for r in after["prompt"]] == [(2, "note")]
    assert [(r["contact_id"], r["listing"], r["shown"]) for r in after["pagecursor"]] == [(1, "tasks:", "TB25-1,TB25-2")]
    migrate.upgrade(bare)
    assert model_diffs(bare) == []

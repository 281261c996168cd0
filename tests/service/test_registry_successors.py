"""Successor links must end somewhere (issue 12, item 8).

Two agencies naming each other as successor (or a longer ring) used to be accepted, and
`Registry.current` then sent each one's tasks and invites to the other.
"""
from __future__ import annotations

import pytest
from sqlmodel import Session, select
from typer.testing import CliRunner

from bot.agencies import AgencyRow, RegistryError, read_registry, sync_registry
from bot.cli.app import app
from bot.store import session_scope
from bot.store.models import Agency

pytestmark = pytest.mark.store
HEADER = "name,kind,aliases,members,successor,note\n"


def _csv(tmp_path, body: str):
    path = tmp_path / "agencies.csv"
    path.write_text(HEADER + body, encoding="utf-8")
    return path


def test_two_agencies_naming_each_other_are_refused_naming_the_row(engine, tmp_path):
    path = _csv(tmp_path, "Sở A,agency,,,,\nSở B,agency,,,Sở C,\nSở C,agency,,,Sở B,\n")
    with pytest.raises(RegistryError) as exc, session_scope(engine) as s:
        sync_registry(s, read_registry(path))
    msg = str(exc.value)
    assert "agencies.csv:3" in msg and "Sở B → Sở C → Sở B" in msg, msg
    with Session(engine) as s:
        assert s.exec(select(Agency)).all() == []


def test_longer_ring_and_self_successor_are_refused(engine):
    ring = [AgencyRow("Sở A", successor="Sở B"), AgencyRow("Sở B", successor="Sở C"), AgencyRow("Sở C", successor="Sở A")]
    with pytest.raises(RegistryError, match="Sở A → Sở B → Sở C → Sở A"), session_scope(engine) as s:
        sync_registry(s, ring)
    with pytest.raises(RegistryError, match="Sở A → Sở A"), session_scope(engine) as s:
        sync_registry(s, [AgencyRow("Sở A", successor="sở a")])


def test_a_ring_closed_through_an_agency_already_stored_is_refused(engine):
    with session_scope(engine) as s:
        sync_registry(s, [AgencyRow("Sở A", successor="Sở B"), AgencyRow("Sở B")])
    with pytest.raises(RegistryError, match="Sở B → Sở A → Sở B"), session_scope(engine) as s:
        sync_registry(s, [AgencyRow("Sở B", successor="Sở A")])  # Sở A is not in this file but points at B


def test_chains_are_fine(engine):
    with session_scope(engine) as s:
        sync_registry(s, [AgencyRow("Sở A", successor="Sở B"), AgencyRow("Sở B", successor="Sở C"), AgencyRow("Sở C")])
    with Session(engine) as s:
        succ = {a.name: a.successor_id for a in s.exec(select(Agency)).all()}
        ids = {a.name: a.id for a in s.exec(select(Agency)).all()}
    assert succ == {"Sở A": ids["Sở B"], "Sở B": ids["Sở C"], "Sở C": None}


def test_import_reports_the_cycle_without_a_traceback(engine, db_url, tmp_path, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", db_url)
    monkeypatch.setenv("NHACVIEC_DATA_DIR", str(tmp_path))
    _csv(tmp_path, "Sở B,agency,,,Sở C,\nSở C,agency,,,Sở B,\n")
    plan = tmp_path / "p.csv"
    plan.write_text("TT,Nội dung công việc,Cơ quan thực hiện,Thời gian hoàn thành\n1,Việc,Sở B,Tháng 6/2025\n",
                    encoding="utf-8")
    r = CliRunner().invoke(app, ["import", str(plan)])
    assert r.exit_code == 1 and isinstance(r.exception, SystemExit), r.exception
    assert "agencies.csv:2" in r.output and "Sở B → Sở C → Sở B" in r.output and "Traceback" not in r.output, r.output

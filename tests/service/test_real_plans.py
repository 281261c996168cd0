"""The two real plans through the real importer: counts, agencies of the tricky rows, dates."""
from __future__ import annotations

import pytest

from bot.app import import_files
from bot.service.tasks import list_tasks
from bot.store import session_scope
from tests.conftest import DATA

pytestmark = pytest.mark.store


@pytest.fixture
def tasks(core):
    result = import_files(core, [DATA / "plans"])
    assert result.ok, [str(i) for i in result.errors]
    assert result.created == 98 + 85
    with session_scope(core.engine) as s:
        return {t["code"]: t for t in list_tasks(s)}


def test_counts_and_codes(tasks):
    assert sum(t["plan"] == "TB25" for t in tasks.values()) == 98
    assert sum(t["plan"] == "NQ57" for t in tasks.values()) == 85
    assert all(code.isascii() and " " not in code for code in tasks)


@pytest.mark.parametrize("code, lead", [
    ("TB25-11", ["Ban Quản lý Khu kinh tế và các Khu công nghiệp tỉnh"]),
    ("TB25-47", ["Ban Quản lý Khu kinh tế và các Khu công nghiệp tỉnh"]),
    ("TB25-52", ["Sở Công Thương", "Sở Nông nghiệp và Môi trường", "Sở Xây dựng", "Sở Y tế"]),
    ("TB25-86", ["Trung tâm Hỗ trợ, Xúc tiến đầu tư và Phát triển Thái Bình",
                 "Ban Quản lý Khu kinh tế và các Khu công nghiệp tỉnh"]),
    ("TB25-88", ["Các sở, ban, ngành", "UBND huyện, thành phố"]),
    ("NQ57-12.1", ["Sở Khoa học và Công nghệ"]),
])
def test_tricky_rows_have_the_right_agencies(tasks, code, lead):
    assert tasks[code]["lead_agencies"] == lead


def test_groups_expand_to_members(tasks):
    t = tasks["TB25-88"]
    assert "Sở Y tế" in t["assignees"] and "Ủy ban nhân dân huyện Vũ Thư" in t["assignees"]
    assert len(t["assignees"]) == len(set(t["assignees"])) == len(t["assignments"])


def test_every_task_has_its_deadline_read(tasks):
    for t in tasks.values():
        assert t["kind"] in ("date", "recurring", "event"), t["code"]
        if t["kind"] == "date":
            assert t["due"], t["code"]
    assert (tasks["TB25-11"]["kind"], tasks["TB25-11"]["due"]) == ("date", "2025-06-30")
    assert tasks["NQ57-1.1"]["kind"] == "recurring" and tasks["NQ57-1.1"]["due"] is None


def test_reimport_changes_nothing(core, tasks):
    again = import_files(core, [DATA / "plans"])
    assert (again.created, again.updated, again.unchanged, again.archived) == (0, 0, 183, 0)

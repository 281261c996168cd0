"""Data tests for data/agencies.csv, the agency registry.

Besides the file's own consistency (unique names, no alias collisions, groups whose
members are real agencies, successors that exist), the coverage test splits every lead
and coordinating cell of every plan in data/plans/*.csv with the real
`bot.agencies.Registry.split` and requires that nothing is left unknown.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from pathlib import Path

import pytest

from bot.agencies import Registry, read_registry, sync_registry
from bot.store import create_schema, make_engine, session_scope
from bot.text import fold

DATA = Path(__file__).resolve().parents[2] / "data"
CSV_PATH = DATA / "agencies.csv"
PLAN_PATHS = sorted((DATA / "plans").glob("*.csv"))
HEADER = ["name", "kind", "aliases", "members", "successor", "note"]
LEAD_COLUMNS = ("Cơ quan thực hiện", "Cơ quan chủ trì")
COORD_COLUMNS = ("Cơ quan phối hợp",)


def _rows() -> list[dict[str, str]]:
    with CSV_PATH.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def _split(value: str) -> list[str]:
    return [x.strip() for x in (value or "").split("|") if x.strip()]


@pytest.fixture(scope="module")
def rows() -> list[dict[str, str]]:
    return _rows()


@pytest.fixture(scope="module")
def registry(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("agencies")
    eng = make_engine(f"sqlite:///{tmp}/t.sqlite3")
    create_schema(eng)
    with session_scope(eng) as s:
        sync_registry(s, read_registry(CSV_PATH))
        reg = Registry.load(s)
        # Touch every attribute the tests read while the session is still open.
        for a in reg.agencies.values():
            _ = (a.id, a.name, a.key, a.is_group, a.successor_id)
        yield reg


def _names(agencies) -> list[str]:
    return [a.name for a in agencies]


# --- the file itself ----------------------------------------------------------------------

def test_file_is_utf8_with_bom_and_exact_header():
    raw = CSV_PATH.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "agencies.csv must be UTF-8 with BOM"
    with CSV_PATH.open(encoding="utf-8-sig", newline="") as fh:
        assert next(csv.reader(fh)) == HEADER


def test_every_row_has_the_right_number_of_fields():
    with CSV_PATH.open(encoding="utf-8-sig", newline="") as fh:
        bad = [i for i, rec in enumerate(csv.reader(fh), 1) if len(rec) != len(HEADER)]
    assert not bad, f"rows with a wrong number of fields: {bad}"


def test_text_is_nfc_and_trimmed(rows):
    bad = [(r["name"], k) for r in rows for k in HEADER
           if r[k] != unicodedata.normalize("NFC", r[k]) or r[k] != r[k].strip() or "  " in r[k]]
    assert not bad, f"not NFC / not trimmed: {bad}"


def test_canonical_names_are_unique(rows):
    names = [r["name"] for r in rows]
    assert all(names), "empty name"
    assert len(names) == len(set(names)), "duplicate canonical name"
    keys = [fold(n) for n in names]
    dup = sorted({k for k in keys if keys.count(k) > 1})
    assert not dup, f"canonical names that fold alike: {dup}"


def test_new_style_tone_placement_in_names(rows):
    # Old style puts the tone on the first vowel of a word-final "oa", "oe", "uy" ("hoá", "Uỷ").
    old = re.compile(r"(?<![qQ])(?:[oO][aAeE]|[uU][yY])[\u0300\u0301\u0303\u0309\u0323](?![\w\u0300-\u036f])")
    bad = [r["name"] for r in rows if old.search(unicodedata.normalize("NFD", r["name"]))]
    assert not bad, f"old-style tone placement in canonical names: {bad}"


def test_kind_is_agency_or_group(rows):
    bad = [(r["name"], r["kind"]) for r in rows if r["kind"] not in {"agency", "group"}]
    assert not bad, bad


def test_no_folded_name_or_alias_collides_across_agencies(rows):
    owner: dict[str, str] = {}
    clashes = []
    for r in rows:
        for text in [r["name"], *_split(r["aliases"])]:
            key = fold(text)
            assert key, f"{r['name']!r}: alias {text!r} folds to nothing"
            if owner.setdefault(key, r["name"]) != r["name"]:
                clashes.append((text, owner[key], r["name"]))
    assert not clashes, f"folded name/alias shared by two agencies: {clashes}"


def test_no_alias_is_redundant(rows):
    """An alias that folds like its own name (or a sibling alias) adds nothing: keep the file tidy."""
    bad = []
    for r in rows:
        seen = {fold(r["name"])}
        for a in _split(r["aliases"]):
            if fold(a) in seen:
                bad.append((r["name"], a))
            seen.add(fold(a))
    assert not bad, f"aliases already covered by folding: {bad}"


def test_members_are_canonical_agencies(rows):
    kind = {r["name"]: r["kind"] for r in rows}
    bad = []
    for r in rows:
        members = _split(r["members"])
        if members and r["kind"] != "group":
            bad.append((r["name"], "members on a non-group"))
        if len(members) != len(set(members)):
            bad.append((r["name"], "duplicate member"))
        for m in members:
            if kind.get(m) != "agency":
                bad.append((r["name"], m, kind.get(m, "missing")))
    assert not bad, bad


def test_successors_exist_and_are_live(rows):
    by_name = {r["name"]: r for r in rows}
    bad = []
    for r in rows:
        succ = r["successor"]
        if not succ:
            continue
        target = by_name.get(succ)
        if target is None:
            bad.append((r["name"], succ, "missing"))
        elif target["successor"]:
            bad.append((r["name"], succ, "successor itself merged"))
        elif target["kind"] != "agency" or r["kind"] != "agency":
            bad.append((r["name"], succ, "successor links are between agencies"))
    assert not bad, bad


def test_members_are_live_agencies(rows):
    merged = {r["name"] for r in rows if r["successor"]}
    bad = [(r["name"], m) for r in rows for m in _split(r["members"]) if m in merged]
    assert not bad, f"groups listing merged (abolished) agencies: {bad}"


def test_expected_agencies_and_successors(rows):
    by_name = {r["name"]: r for r in rows}
    for name in ["Sở Khoa học và Công nghệ", "Sở Công Thương", "Sở Văn hóa, Thể thao và Du lịch",
                 "Ban Quản lý Khu kinh tế và các Khu công nghiệp tỉnh", "Văn phòng Ủy ban nhân dân tỉnh",
                 "Ủy ban nhân dân thành phố Thái Bình", "Trường Đại học Y Dược Thái Bình"]:
        assert by_name[name]["kind"] == "agency", name
    assert {n: by_name[n]["successor"] for n in [
        "Sở Thông tin và Truyền thông", "Sở Kế hoạch và Đầu tư", "Sở Lao động - Thương binh và Xã hội",
        "Sở Tài nguyên và Môi trường", "Sở Nông nghiệp và Phát triển nông thôn", "Sở Giao thông vận tải",
    ]} == {
        "Sở Thông tin và Truyền thông": "Sở Khoa học và Công nghệ",
        "Sở Kế hoạch và Đầu tư": "Sở Tài chính",
        "Sở Lao động - Thương binh và Xã hội": "Sở Nội vụ",
        "Sở Tài nguyên và Môi trường": "Sở Nông nghiệp và Môi trường",
        "Sở Nông nghiệp và Phát triển nông thôn": "Sở Nông nghiệp và Môi trường",
        "Sở Giao thông vận tải": "Sở Xây dựng",
    }
    districts = _split(by_name["UBND huyện, thành phố"]["members"])
    assert len(districts) == 8 and "Ủy ban nhân dân thành phố Thái Bình" in districts
    depts = set(_split(by_name["Các sở, ban, ngành"]["members"]))
    big = set(_split(by_name["Các sở, ban, ngành, đơn vị, địa phương"]["members"]))
    assert depts | set(districts) <= big


# --- the registry as the bot loads it -------------------------------------------------------

def test_registry_loads_with_groups_and_successors(registry):
    g = registry.match("các sở, ban, ngành")
    assert g is not None and g.is_group
    assert len(registry.expand(g)) >= 12
    assert registry.match("Sở Thông tin và Truyền thông").name == "Sở Khoa học và Công nghệ"
    assert registry.match("So KH&CN").name == "Sở Khoa học và Công nghệ"
    assert registry.match("Trường Đại học Y – Dược Thái Bình").name == "Trường Đại học Y Dược Thái Bình"


@pytest.mark.parametrize("cell, expected", [
    ("Sở Công thương, Sở Nông nghiệp và Môi trường; Sở Xây dựng, Sở Y tế",
     ["Sở Công Thương", "Sở Nông nghiệp và Môi trường", "Sở Xây dựng", "Sở Y tế"]),
    ("Các sở, ban, ngành, UBND huyện, thành phố", ["Các sở, ban, ngành", "UBND huyện, thành phố"]),
    ("Trung tâm xúc tiến đầu tư, Ban Quản lý khu kinh tế và các khu công nghiệp",
     ["Trung tâm Hỗ trợ, Xúc tiến đầu tư và Phát triển Thái Bình", "Ban Quản lý Khu kinh tế và các Khu công nghiệp tỉnh"]),
    ("Các sở, ban, ngành, đơn vị, địa phương thuộc tỉnh", ["Các sở, ban, ngành, đơn vị, địa phương"]),
    ("Các sở, ban, ngành, đơn vị, địa phương", ["Các sở, ban, ngành, đơn vị, địa phương"]),
    ("Sở Tài chính, các sở, ban, ngành, UBND huyện, thành phố và đơn vị liên quan",
     ["Sở Tài chính", "Các sở, ban, ngành", "UBND huyện, thành phố", "Đơn vị liên quan"]),
    ("Văn phòng UBND tỉnh, các cơ quan địa diện người Việt Nam ở nước ngoài, các sở, ban, ngành",
     ["Văn phòng Ủy ban nhân dân tỉnh", "Cơ quan đại diện Việt Nam ở nước ngoài", "Các sở, ban, ngành"]),
    ("Sở Khoa học và Công nghệ; các cơ quan báo chí, thông tin và truyền thông trên địa bàn tỉnh",
     ["Sở Khoa học và Công nghệ", "Các cơ quan báo chí, thông tin và truyền thông trên địa bàn tỉnh"]),
    ("Trường Đại học Thái Bình, Trường Đại học Y - Dược Thái Bình",
     ["Trường Đại học Thái Bình", "Trường Đại học Y Dược Thái Bình"]),
    # Greedy matching must not swallow "đơn vị" of "đơn vị liên quan" into the big group.
    ("Các sở, ban, ngành, đơn vị liên quan", ["Các sở, ban, ngành", "Đơn vị liên quan"]),
    ("các sở, ban, ngành, đơn vị và địa phương", ["Các sở, ban, ngành, đơn vị, địa phương"]),
    ("Sở Tài chính, Sở Công Thương, Ban Quản lý khu kinh tế và các khu công nghiệp tỉnh, "
     "các địa phương thuộc tỉnh",
     ["Sở Tài chính", "Sở Công Thương", "Ban Quản lý Khu kinh tế và các Khu công nghiệp tỉnh",
      "UBND huyện, thành phố"]),
    ("Các cơ sở giáo dục và đào tạo, cơ sở nghiên cứu trong tỉnh",
     ["Các cơ sở giáo dục và đào tạo, cơ sở nghiên cứu trong tỉnh"]),
    ("Sở Thông tin và Truyền thông, Sở Kế hoạch và Đầu tư", ["Sở Khoa học và Công nghệ", "Sở Tài chính"]),
])
def test_exact_splits(registry, cell, expected):
    found, unknown = registry.split(cell)
    assert unknown == []
    assert _names(found) == expected


def _plan_cells(path: Path) -> list[tuple[int, str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        cols = [c for c in reader.fieldnames or [] if c in LEAD_COLUMNS + COORD_COLUMNS]
        return [(n, c, rec[c]) for n, rec in enumerate(reader, 2) for c in cols if (rec[c] or "").strip()]


def test_plans_exist():
    assert PLAN_PATHS, "no data/plans/*.csv"


@pytest.mark.parametrize("path", PLAN_PATHS, ids=lambda p: p.name)
def test_every_plan_cell_is_covered(registry, path):
    with path.open(encoding="utf-8-sig", newline="") as fh:
        fields = csv.DictReader(fh).fieldnames or []
    assert any(c in fields for c in LEAD_COLUMNS), f"{path.name}: no lead column in {fields}"
    cells = _plan_cells(path)
    assert cells
    problems = []
    for line, col, cell in cells:
        found, unknown = registry.split(cell)
        if unknown or not found:
            problems.append(f"{path.name}:{line} [{col}] {cell!r} -> unknown {unknown}")
    assert not problems, "unmatched agency fragments:\n" + "\n".join(problems)

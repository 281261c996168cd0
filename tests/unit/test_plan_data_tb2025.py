"""Data tests for data/plans/tb2025.csv (+ sidecar tb2025.yaml).

Expected values were read by hand from the source
/work/shared/seeds/000_8f992bdef26003fe.txt (PHỤ LỤC of the Tiểu Ban KHCN, ĐMST
và CĐS tỉnh Thái Bình 2025 activity plan, tasks (1)…(98)).
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from tests.unit.plan_csv import assert_excel_csv, read_plan_csv
import yaml

PLANS = Path(__file__).resolve().parents[2] / "data" / "plans"
CSV_PATH = PLANS / "tb2025.csv"
YAML_PATH = PLANS / "tb2025.yaml"

HEADER = [
    "Nhóm",
    "TT",
    "Nội dung công việc",
    "Cơ quan thực hiện",
    "Thời gian hoàn thành",
    "Cơ quan phối hợp",
    "Ghi chú",
]
REQUIRED = ("Nội dung công việc", "Cơ quan thực hiện", "Thời gian hoàn thành")

MULTI_YEAR = "Các nhiệm vụ tổ chức thực hiện từ năm 2025"
ONGOING = (
    "Nhiệm vụ thực hiện thường xuyên và nhiệm vụ thực hiện theo hướng dẫn "
    "cấp có thẩm quyền"
)



def test_file_opens_in_excel_with_the_documents_header():
    assert_excel_csv(CSV_PATH, HEADER)

@pytest.fixture(scope="module")
def rows() -> list[dict[str, str]]:
    return read_plan_csv(CSV_PATH)[1]


@pytest.fixture(scope="module")
def by_tt(rows) -> dict[int, dict[str, str]]:
    return {int(r["TT"]): r for r in rows}


def test_98_rows_numbered_1_to_98_in_order(rows):
    assert len(rows) == 98
    tts = [r["TT"] for r in rows]
    assert tts == [str(i) for i in range(1, 99)]
    assert len(set(tts)) == 98


def test_no_required_cell_empty(rows):
    for r in rows:
        for col in REQUIRED:
            assert r[col].strip(), (r["TT"], col)


def test_no_none_cells_and_clean_whitespace(rows):
    for r in rows:
        assert None not in r  # no surplus fields
        for col, val in r.items():
            assert val is not None, (r["TT"], col)
            assert val == val.strip(), (r["TT"], col)
            assert "  " not in val and "\n" not in val, (r["TT"], col)
            assert unicodedata.is_normalized("NFC", val), (r["TT"], col)


GROUP_FIRST_ROWS = {
    1: "Quý I",
    5: "Quý II",
    37: "Quý III",
    52: "Quý IV",
    69: MULTI_YEAR,
    89: ONGOING,
}


def test_group_of_first_row_of_every_group(by_tt):
    for tt, group in GROUP_FIRST_ROWS.items():
        assert by_tt[tt]["Nhóm"] == group, tt


def test_groups_are_contiguous_blocks(rows):
    starts = sorted(GROUP_FIRST_ROWS)
    for r in rows:
        tt = int(r["TT"])
        first = max(s for s in starts if s <= tt)
        assert r["Nhóm"] == GROUP_FIRST_ROWS[first], tt


# TT -> (Cơ quan thực hiện, Thời gian hoàn thành)
EXPECTED_EXEC_TIME = {
    1: ("Sở Nội vụ", "Tháng 3/2025"),
    4: ("Các sở, ban, ngành", "Hàn thành đăng ký trong Tháng 3/2025"),
    5: ("Sở Khoa học và Công nghệ", "Quý II năm 2025"),
    11: ("Ban Quản lý Khu kinh tế và các Khu công nghiệp tỉnh", "Quý II/2025"),
    16: ("Sở Y tế", "Tháng 6/2025"),
    18: ("Trường Đại học Thái Bình", "Quý II/2025"),
    24: ("Sở Giáo dục và Đào tạo", "Trước 20/4/2025"),
    36: ("Trường Đại học Y – Dược Thái Bình", "Tháng 6/2025"),
    41: ("Sở Tài chính", "Tháng 9/ 2025"),
    47: ("Ban Quản lý Khu kinh tế và các Khu công nghiệp tỉnh", "Tháng 7/2025"),
    52: (
        "Sở Công thương, Sở Nông nghiệp và Môi trường; Sở Xây dựng, Sở Y tế",
        "Tháng 10/2025",
    ),
    63: ("Bộ Chỉ huy Bộ đội Biên phòng tỉnh", "Tháng 12/ 2025"),
    66: ("UBND thành phố Thái Bình", "Quý IV/2025"),
    68: ("Sở Tài chính", "Tháng 12/2025"),
    72: ("Ban Quản lý khu kinh tế và các Khu công nghiệp", "Năm 2025"),
    73: ("Văn phòng UBND tỉnh", "Tháng 10/2026 (2025-2026)"),
    77: ("Sở Y tế", "Năm 2027 (2025-2026)"),
    86: (
        "Trung tâm xúc tiến đầu tư, Ban Quản lý khu kinh tế và các khu công nghiệp",
        "Năm 2025",
    ),
    87: ("Sở Công thương", "Năm 2030 (2025-2030"),
    88: ("Các sở, ban, ngành, UBND huyện, thành phố", "Năm 2030 (2025-2030)"),
    93: ("Các sở, ban, ngành, UBND huyện, thành phố", "Khi Trung ương có quy định mới"),
    96: ("Sở Khoa học và Công nghệ", "Tháng 11 của năm trước"),
    98: ("Sở Khoa học và Công nghệ", "Thường xuyên"),
}


@pytest.mark.parametrize("tt", sorted(EXPECTED_EXEC_TIME))
def test_exec_agency_and_deadline(by_tt, tt):
    agency, when = EXPECTED_EXEC_TIME[tt]
    assert by_tt[tt]["Cơ quan thực hiện"] == agency
    assert by_tt[tt]["Thời gian hoàn thành"] == when


# Rows whose cells were mixed on one extracted line or split by a page break.
EXPECTED_OTHER_CELLS = {
    11: {
        "Cơ quan phối hợp": "Các sở, ban, ngành và các đơn vị liên quan",
        "Ghi chú": "Số thứ tự 20 Phụ lục II Kế hoạch số 26/KH-UBND ngày 13/02/2025",
    },
    18: {
        "Nội dung công việc": (
            "Xây dựng Đề án phát triển Trường Đại học Thái Bình giai đoạn 2025-2030, "
            "tầm nhìn 2050; trong đó xác định cụ thể lộ trình phát triển Trường Đại "
            "học Thái Bình trở thành Trường Đại học thành viên của Đại học Quốc gia "
            "Hà Nội vào năm 2026."
        ),
        "Cơ quan phối hợp": (
            "Sở Giáo dục và Đào tạo; các sở, ban, ngành và đơn vị liên quan"
        ),
    },
    24: {"Cơ quan phối hợp": "", "Ghi chú": "Công văn số 1246/UBND-VXNV ngày 31/3/2025"},
    47: {
        "Cơ quan phối hợp": (
            "Các sở, ban, ngành, UBND huyện, thành phố và đơn vị liên quan"
        ),
        "Ghi chú": "Số thứ tự 46 Phụ lục II Kế hoạch số 26/KH-UBND ngày 13/02/2025",
    },
    49: {
        "Ghi chú": (
            "Công văn số 1246/UBND-VXCNV; Số thứ tự 94 Phụ lục II Kế hoạch số "
            "26/KH-UBND ngày 13/02/2025"
        ),
    },
    51: {"Ghi chú": "Công an tỉnh bổ sung"},
    53: {
        "Cơ quan phối hợp": (
            "Ban Quản lý Khu kinh tế và các Khu công nghiệp tỉnh, Sở Công thương "
            "và các đơn vị có liên quan"
        ),
    },
    60: {
        "Cơ quan phối hợp": (
            "Sở Khoa học và Công nghệ; Các sở, ban, ngành, UBND huyện, thành phố "
            "và đơn vị liên quan"
        ),
    },
    68: {
        "Nội dung công việc": (
            "Tham mưu UBND tỉnh trình Hội đồng nhân dân tỉnh tiếp tục áp dụng mức "
            "thu lệ phí không đồng khi người dân nộp hồ sơ bằng hình thức dịch vụ "
            "công trực tuyến"
        ),
        "Cơ quan phối hợp": "",
        "Ghi chú": "Công văn 1246/UBND – VXNV ngày 31/3/2025",
    },
    86: {
        "Cơ quan phối hợp": (
            "Các cơ quan địa diện của Việt Nam ở nước ngoài, các sở, ban, ngành, "
            "UBND huyện, thành phố và đơn vị liên quan"
        ),
    },
    88: {"Cơ quan phối hợp": "Văn phòng UBND tỉnh, Sở Tư pháp"},
    89: {
        "Nội dung công việc": (
            "Xây dựng các chuyên đề, chuyên trang, chuyên mục giới thiệu, tuyên "
            "truyền Nghị quyết số 57-NQ/TW và thường xuyên phản ánh, thông tin, "
            "tuyên truyền tôn vinh những tổ chức, cá nhân tiêu biểu, điển hình "
            "trong các hoạt động phát triển khoa học, công nghệ, đổi mới sáng tạo "
            "và chuyển đổi số, đóng góp thiết thực cho sự phát triền của tỉnh."
        ),
    },
    98: {"Cơ quan phối hợp": ""},
}


@pytest.mark.parametrize("tt", sorted(EXPECTED_OTHER_CELLS))
def test_tricky_rows_other_cells(by_tt, tt):
    for col, expected in EXPECTED_OTHER_CELLS[tt].items():
        assert by_tt[tt][col] == expected, col


def test_row_1_keeps_source_typo(by_tt):
    assert "biểu dường" in by_tt[1]["Nội dung công việc"]
    assert by_tt[3]["Nội dung công việc"].startswith(
        "Rà soát, đánh giá việc triển khai thực hiện Quyết định số 849/QĐ-UBND "
    )


def test_page_number_not_in_row_32(by_tt):
    assert by_tt[32]["Ghi chú"] == (
        "Số thứ tự 19 Phụ lục II Kế hoạch số 26/KH-UBND ngày 13/02/2025"
    )


EXPECTED_TIMES = {
    "Hàn thành đăng ký trong Tháng 3/2025",
    "Khi Trung ương có quy định mới",
    "Năm 2025",
    "Năm 2026 (2025-2026)",
    "Năm 2027 (2025-2026)",
    "Năm 2028 (2025-2026)",
    "Năm 2028 (2025-2028)",
    "Năm 2028 (2025-2030)",
    "Năm 2030 (2025-2030",
    "Năm 2030 (2025-2030)",
    "Quý II năm 2025",
    "Quý II/2025",
    "Quý III/2025",
    "Quý IV/2025",
    "Tháng 10/2025",
    "Tháng 10/2026 (2025-2026)",
    "Tháng 11 của năm trước",
    "Tháng 11/2025",
    "Tháng 12/ 2025",
    "Tháng 12/2025",
    "Tháng 12/2026 (2025-2026)",
    "Tháng 12/2027 (2025-2027)",
    "Tháng 3/2025",
    "Tháng 4/2025",
    "Tháng 5/2025",
    "Tháng 6/2025",
    "Tháng 7/2025",
    "Tháng 9/ 2025",
    "Tháng 9/2025",
    "Thường xuyên",
    "Trước 20/4/2025",
}


def test_distinct_completion_times(rows):
    assert len(EXPECTED_TIMES) == 31
    assert {r["Thời gian hoàn thành"] for r in rows} == EXPECTED_TIMES


def test_sidecar_yaml():
    data = yaml.safe_load(YAML_PATH.read_text(encoding="utf-8"))
    assert set(data) == {
        "key",
        "title",
        "number",
        "issued_on",
        "issued_month",
        "issuer",
        "year",
        "lead_column",
        "source",
        "replaces",
    }
    assert data["key"] == "TB25"
    assert data["title"] == (
        "Kế hoạch hoạt động năm 2025 của Tiểu Ban Khoa học, công nghệ, đổi mới "
        "sáng tạo và chuyển đổi số tỉnh Thái Bình"
    )
    assert data["number"] == "/QĐ-TBCĐ"
    assert data["issued_on"] is None
    assert data["issued_month"] == "2025-04"
    assert isinstance(data["issuer"], str) and "Tiểu Ban" in data["issuer"]
    assert data["year"] == 2025
    assert data["lead_column"] == "Cơ quan thực hiện"
    assert data["lead_column"] in HEADER
    assert data["source"] == "000_8f992bdef26003fe.txt"
    assert data["replaces"] is None

"""Data tests for data/plans/nq57.csv (+ sidecar nq57.yaml).

Expected values were read by hand from the OCR'd source
/work/shared/seeds/001_b2ef8e1b34ff32fd.txt (Thái Bình's plan implementing
Nghị quyết 57-NQ/TW, section II "Nhiệm vụ và giải pháp", items 1.1 … 12.3).
Items that carry several dash-bulleted tasks, each with its own lead agency,
are split into lettered sub-tasks (1.4a, 1.4b, …).
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest

from tests.unit.plan_csv import assert_excel_csv, read_plan_csv
import yaml

PLANS = Path(__file__).resolve().parents[2] / "data" / "plans"
CSV_PATH = PLANS / "nq57.csv"
YAML_PATH = PLANS / "nq57.yaml"

HEADER = [
    "Nhóm",
    "TT",
    "Nội dung công việc",
    "Cơ quan chủ trì",
    "Thời gian hoàn thành",
    "Cơ quan phối hợp",
    "Ghi chú",
]

SKHCN = "Sở Khoa học và Công nghệ"

EXPECTED_TT = (
    "1.1 1.2 1.3 1.4a 1.4b 1.5a 1.5b 1.5c 1.5d 1.5e 1.5f 1.6 "
    "2.1 2.2 2.3 2.4 2.5 2.6 2.7 2.8 2.9 2.10 2.11 2.12 2.13 2.14 2.15 2.16 "
    "3.1 3.2 3.3 3.4 3.5 3.6 3.7 3.8 3.9 3.10 3.11 "
    "4.1 4.2 4.3 4.4 4.5 "
    "5.1 5.2 5.3 5.4 5.5 5.6 "
    "6.1 6.2 6.3 6.4 "
    "7.1 7.2a 7.2b 7.3a 7.3b 7.4 7.5a 7.5b 7.6a 7.6b 7.7 7.8a 7.8b 7.8c "
    "8.1 8.2 8.3 "
    "9.1 9.2 9.3a 9.3b "
    "10.1 10.2 10.3 "
    "11.1a 11.1b 11.2a 11.2b "
    "12.1 12.2 12.3"
).split()

GROUPS = {
    1: "1. Công tác lãnh đạo, chỉ đạo và nâng cao nhận thức, quyết tâm chính trị, "
    "thông tin, truyền thông",
    2: "2. Hoàn thiện cơ chế, chính sách tạo đột phá, đảm bảo nguồn lực",
    3: "3. Tăng cường đầu tư, hoàn thiện hạ tầng cho khoa học, công nghệ, đổi mới "
    "sáng tạo, phát triển hạ tầng số, ứng dụng, dịch vụ số",
    4: "4. Tiếp tục cơ cấu lại các ngành kinh tế, đổi mới mô hình tăng trưởng dựa "
    "trên nền tảng khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số",
    5: "5. Phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số tạo "
    "đột phá trong các lĩnh vực trọng điểm phát triển của tỉnh",
    6: "6. Phát triển hệ sinh thái khởi nghiệp, đổi mới sáng tạo, hỗ trợ nghiên "
    "cứu và phát triển",
    7: "7. Phát triển nguồn nhân lực chất lượng cao; phát triển, trọng dụng nhân "
    "lực chất lượng cao, nhân tài đáp ứng yêu cầu phát triển khoa học, công "
    "nghệ, đổi mới sáng tạo và chuyển đổi số",
    8: "8. Xây dựng kế hoạch chuyển đổi số, kinh tế số cấp tỉnh; đẩy mạnh chuyển "
    "đổi số, ứng dụng khoa học, công nghệ, đổi mới sáng tạo trong hoạt động của "
    "các cơ quan của hệ thống chính trị; nâng cao hiệu quả quản trị, hiệu lực "
    "quản lý nhà nước trên các lĩnh vực và bảo đảm quốc phòng, an ninh",
    9: "9. Bảo đảm an ninh mạng và chủ quyền số",
    10: "10. Thúc đẩy mạnh mẽ hoạt động khoa học, công nghệ, đổi mới sáng tạo và "
    "chuyển đổi số trong doanh nghiệp",
    11: "11. Đẩy mạnh hợp tác, liên kết vùng, quốc tế",
    12: "12. Giám sát, đánh giá và tuyên truyền",
}

OCR_ARTEFACTS = ("ứiực", "Vãn ", "Bmh", "phưooig", "đooi", "Ke hoạch", "vỊ")



def test_file_opens_in_excel_with_the_documents_header():
    assert_excel_csv(CSV_PATH, HEADER)

@pytest.fixture(scope="module")
def rows() -> list[dict[str, str]]:
    return read_plan_csv(CSV_PATH)[1]


@pytest.fixture(scope="module")
def by_tt(rows) -> dict[str, dict[str, str]]:
    return {r["TT"]: r for r in rows}


def test_tt_list_exact_and_in_order(rows):
    assert len(EXPECTED_TT) == 85
    assert [r["TT"] for r in rows] == EXPECTED_TT


def test_tt_unique(rows):
    tts = [r["TT"] for r in rows]
    assert len(set(tts)) == len(tts)


def test_every_task_has_content_and_lead(rows):
    for r in rows:
        assert None not in r, r["TT"]  # no surplus fields
        assert r["Nội dung công việc"].strip(), r["TT"]
        assert r["Cơ quan chủ trì"].strip(), r["TT"]


def test_cells_clean_nfc_single_line(rows):
    for r in rows:
        for col, val in r.items():
            assert val is not None, (r["TT"], col)
            assert val == val.strip(), (r["TT"], col)
            assert "  " not in val and "\n" not in val, (r["TT"], col)
            assert unicodedata.is_normalized("NFC", val), (r["TT"], col)
        assert not r["Cơ quan chủ trì"].endswith("."), r["TT"]


def test_every_completion_time_is_ongoing(rows):
    assert {r["Thời gian hoàn thành"] for r in rows} == {"Thường xuyên"}


def test_ghi_chu_empty(rows):
    assert all(r["Ghi chú"] == "" for r in rows)


def test_group_matches_tt_prefix(rows):
    for r in rows:
        group_no = int(re.match(r"(\d+)\.", r["TT"]).group(1))
        assert r["Nhóm"] == GROUPS[group_no], r["TT"]
    assert {r["Nhóm"] for r in rows} == set(GROUPS.values())


def test_items_12_x_assigned_to_skhcn(by_tt):
    for tt in ("12.1", "12.2", "12.3"):
        assert by_tt[tt]["Cơ quan chủ trì"] == SKHCN, tt


# TT -> (start of Nội dung công việc, Cơ quan chủ trì)
EXPECTED_CELLS = {
    "1.1": (
        "Ban Chỉ đạo của Ủy ban nhân dân tỉnh về phát triển khoa học, công nghệ, "
        "đổi mới sáng tạo, chuyển đổi số và triển khai Đề án 06 của tỉnh",
        SKHCN,
    ),
    "1.3": (
        "Kiện toàn các Tiểu ban giúp việc Ban Chỉ đạo của Ủy ban nhân dân tỉnh",
        "Sở Khoa học và Công nghệ, Sở Nội vụ, Công an tỉnh",
    ),
    "1.5a": (
        "Các cơ quan báo chí, thông tin và truyền thông trên địa bàn tỉnh xây dựng "
        "các chuyên đề, chuyên trang, chuyên mục",
        "Sở Khoa học và Công nghệ; các cơ quan báo chí, thông tin và truyền thông "
        "trên địa bàn tỉnh",
    ),
    "1.5f": (
        "Nâng cao chất lượng tổ chức Hội thi Sáng tạo Khoa học - Công nghệ và Kỹ "
        "thuật tỉnh",
        "Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh",
    ),
    "1.6": (
        "Triển khai bộ quy tắc ứng xử trên môi trường số",
        "Sở Văn hóa, Thể thao và Du lịch",
    ),
    "2.5": (
        "Ứng dụng công nghệ số để tự động hóa quy trình",
        "Văn phòng Ủy ban nhân dân tỉnh",
    ),
    "2.7": (
        "Phát triển các trung tâm nghiên cứu, đặc biệt là Trường Đại học Thái Bình "
        "và Trường Đại học Y - Dược Thái Bình",
        "Trường Đại học Thái Bình, Trường Đại học Y Dược Thái Bình",
    ),
    "2.9": (
        "Thu hút, sử dụng có hiệu quả mọi nguồn lực đầu tư",
        "Sở Tài chính, Sở Công Thương, Ban Quản lý khu kinh tế và các khu công "
        "nghiệp tỉnh, các địa phương thuộc tỉnh",
    ),
    "3.3": (
        "Chú trọng phát triển hạ tầng năng lượng hiện đại",
        "Các sở, ban, ngành, đơn vị, địa phương",
    ),
    "5.6": (
        "Phối hợp với Bộ Y tế thực hiện phương án đầu tư xây dựng trường Đại học "
        "Y Dược Thái Bình",
        "Trường Đại học Y Dược Thái Bình",
    ),
    "7.2b": (
        "Khuyến khích các cơ sở giáo dục và đào tạo, cơ sở nghiên cứu trong tỉnh",
        "Các cơ sở giáo dục và đào tạo, cơ sở nghiên cứu trong tỉnh",
    ),
    "7.8c": (
        "Tiếp tục thực hiện hiệu quả Chương trình hành động số 31-CTr/TU, ngày "
        "17/4/2024 của Ban Thường vụ Tỉnh ủy",
        SKHCN,
    ),
    "8.1": (
        "Xây dựng Kế hoạch 5 năm thực hiện Chương trình chuyển đổi số của tỉnh; "
        "trong đó, tập trung thực hiện các nội dung: - Tập trung đào tạo",
        SKHCN,
    ),
    "9.3a": (
        "Chia sẻ thông tin, phối hợp theo dõi, giám sát, xử lý sự cố",
        "Công an tỉnh",
    ),
    "11.1a": (
        "Tăng cường liên kết, hợp tác với các tỉnh, thành phố lân cận",
        "Các sở, ban, ngành, đơn vị, địa phương",
    ),
}


@pytest.mark.parametrize("tt", sorted(EXPECTED_CELLS))
def test_content_start_and_lead(by_tt, tt):
    start, lead = EXPECTED_CELLS[tt]
    assert by_tt[tt]["Nội dung công việc"].startswith(start), tt
    assert by_tt[tt]["Cơ quan chủ trì"] == lead, tt


def test_exact_full_cells(by_tt):
    assert by_tt["1.5e"]["Nội dung công việc"] == (
        "Phát động phong trào thi đua học tập, lao động sáng tạo, phát huy sáng "
        "kiến, cải tiến kỹ thuật trong doanh nghiệp và các tổ chức, cơ quan, đơn "
        "vị trên địa bàn tỉnh."
    )
    assert by_tt["1.5e"]["Cơ quan chủ trì"] == "Sở Nội vụ"
    assert by_tt["12.3"]["Nội dung công việc"] == (
        "Đẩy mạnh tuyên truyền, nâng cao nhận thức cộng đồng về vai trò, kết quả "
        "của phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số "
        "trong phát triển kinh tế - xã hội, nâng cao đời sống vật chất, tinh thần "
        "của nhân dân địa phương."
    )
    assert by_tt["6.1"]["Nội dung công việc"] == (
        "Xây dựng kế hoạch tổng thể 10 năm phát triển hệ sinh thái khởi nghiệp, "
        "đổi mới sáng tạo, hỗ trợ nghiên cứu và phát triển."
    )


def test_coordinating_agencies(rows, by_tt):
    expected = {
        "5.6": "Bộ Y tế",
        "9.3a": "Bộ Công an, Bộ Quốc phòng, Bộ Khoa học và Công nghệ, "
        "Ban Cơ yếu Chính phủ",
    }
    for tt, coop in expected.items():
        assert by_tt[tt]["Cơ quan phối hợp"] == coop, tt
    others = [r["TT"] for r in rows if r["Cơ quan phối hợp"] and r["TT"] not in expected]
    assert others == []


def test_no_ocr_artefacts(rows):
    for r in rows:
        for col, val in r.items():
            for bad in OCR_ARTEFACTS:
                assert bad not in val, (r["TT"], col, bad)


def test_sidecar_yaml():
    meta = yaml.safe_load(YAML_PATH.read_text(encoding="utf-8"))
    assert set(meta) == {
        "key", "title", "number", "issued_on", "issued_month", "issuer",
        "year", "lead_column", "source", "replaces",
    }
    assert meta["key"] == "NQ57"
    assert meta["title"].startswith(
        "Kế hoạch thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị"
    )
    assert meta["number"] == "/KH-UBND"
    assert meta["issued_on"] is None
    assert meta["issued_month"] is None
    assert meta["issuer"] == "Ủy ban nhân dân tỉnh Thái Bình"
    assert meta["year"] == 2025
    assert meta["lead_column"] == "Cơ quan chủ trì"
    assert meta["source"] == "001_b2ef8e1b34ff32fd.txt"
    assert meta["replaces"] == "26/KH-UBND ngày 13/02/2025"
    for val in meta.values():
        if isinstance(val, str):
            for bad in OCR_ARTEFACTS:
                assert bad not in val

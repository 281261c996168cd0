"""Reorganisations, leave and "remind me later" (issue 15)."""
from __future__ import annotations

# -- reorganisations (bot/service/reorg.py, `nhacviec agencies …`) -----------------------

REORG_NOTICE_TITLE = "Thay đổi cơ quan thực hiện"
REORG_NOTICE = "{title}\nTừ ngày {date}, các việc của {old} do {new} tiếp nhận. Bot sẽ nhắc các việc này dưới tên {new}."
REORG_NOTICE_ENDED = ("{title}\nTừ ngày {date}, {old} không còn là cơ quan thực hiện; các việc chưa xong chờ Tiểu Ban "
                      "giao cơ quan tiếp nhận, bot ngừng nhắc các việc này.")
REORG_FUTURE = ("Ngày hiệu lực {date} chưa đến. Bot không tự áp dụng việc sắp xếp trong tương lai: chạy lại lệnh "
                "từ ngày đó (có thể thử trước với --dry-run).")
REORG_SAME = "Cơ quan tiếp nhận trùng với cơ quan bị sắp xếp: {name}."
REORG_CYCLE = "Không sáp nhập được vì tạo thành vòng: {ring}."
REORG_ALREADY = "{old} đã được sắp xếp vào {new}; không sáp nhập lại vào cơ quan khác."
REORG_INTO_ENDED = "{name} đã được sắp xếp vào {new}: hãy ghi {new}."
REORG_GROUP = "{name} là một nhóm cơ quan: dùng nhacviec agencies dissolve “{name}” --on NGÀY [--into …]."
REORG_NOT_GROUP = "{name} không phải là một nhóm cơ quan: dùng nhacviec agencies merge."
REORG_RENAME_EXISTS = "Đã có cơ quan {name}: để gộp vào cơ quan này, dùng nhacviec agencies merge."
REORG_EMPTY_GROUP = "Nhóm {name} không có cơ quan thành viên nào trong danh mục."
REORG_NOTHING = "Không có gì thay đổi: việc sắp xếp này đã được thực hiện."
WITH_FORMER = "{name} (gồm cả: {former})"
WAITING_TITLE = "Việc chưa có cơ quan tiếp nhận"
WAITING_HEAD = ("{title}\nCác cơ quan sau đã giải thể mà chưa có cơ quan nào được giao tiếp nhận; bot không nhắc "
                "được các việc này:")
WAITING_TAIL = "Giao cơ quan tiếp nhận: nhacviec agencies dissolve “TÊN NHÓM” --on NGÀY --into “CƠ QUAN”"
LAST_ANSWER = "↳ {who} trả lời gần nhất ({date}): {status}"
ALL_AWAY_TITLE = "Cơ quan vắng toàn bộ đầu mối"
ALL_AWAY = ("{title}\nMọi đầu mối của {name} đang nghỉ phép, nên bot tạm không nhắc {n} việc chưa xong của cơ quan "
            "(ngày vắng không tính vào số ngày quá hạn để báo lãnh đạo). Dự kiến có người trở lại từ {back}.")
SNOOZE_BUTTON = "⏰ Nhắc lại sau"

# -- "remind me later" and leave (conversation/later.py, conversation/leave.py) --------

SNOOZED = "Đã hoãn nhắc {code}: bot nhắc lại từ ngày {date} ({n} ngày làm việc)."
SNOOZE_CAPPED_DUE = "Không hoãn quá hạn của việc: nhắc lại đúng ngày đến hạn."
SNOOZE_CAPPED = "Hoãn tối đa {max} ngày làm việc{why}."
SNOOZE_CAPPED_OVERDUE = " khi việc đã quá hạn"
SNOOZE_DAYS = "Số ngày hoãn phải là số từ 1 đến 5, ví dụ: NHACLAI {code} 2"
SNOOZE_DONE = "{code} đã hoàn thành nên không cần nhắc lại."
SNOOZE_DUE_TODAY = "{code} đến hạn hôm nay nên không hoãn được. Nếu cần thêm thời gian, báo chậm: /cham {code} NGÀY lý do"
SNOOZE_HISTORY = "hoãn nhắc {n} ngày (đến {date})"
LEAVE_USAGE = ("Báo nghỉ phép: /nghi 10/12 - 20/12 [lý do] (trên Zalo: NGHI 10/12 - 20/12). "
               "Kết thúc sớm: /nghi huy.")
LEAVE_NOW = "Đang ghi nhận nghỉ phép: {periods}."
LEAVE_SAVED = ("Đã ghi nhận {who} nghỉ từ {start} đến {end}: bot không gửi tin nhắc trong thời gian này. "
               "Kết thúc sớm: /nghi huy.")
LEAVE_COVERED = "Đồng nghiệp vẫn nhận tin nhắc của cơ quan: {names}."
LEAVE_ALONE = ("Cơ quan không còn đầu mối nào khác nhận tin trong thời gian này: Sở KH&CN sẽ được báo, và những "
               "ngày vắng không tính vào số ngày quá hạn.")
LEAVE_ENDED = "Đã kết thúc nghỉ phép của {who}: bot nhắc việc lại từ hôm nay."
LEAVE_NONE = "{who} không có kỳ nghỉ phép nào đang ghi nhận."
LEAVE_PAST = "Ngày bắt đầu nghỉ đã qua: chỉ ghi nhận nghỉ từ hôm nay trở đi."
LEAVE_REVERSED = "Ngày kết thúc trước ngày bắt đầu: viết ví dụ /nghi 10/12 - 20/12."
LEAVE_TOO_LONG = "Kỳ nghỉ dài {n} ngày, tối đa 60 ngày: báo Sở KH&CN để giao đầu mối khác."
LEAVE_UNREAD = "Chưa đọc được ngày nghỉ. Viết ví dụ: /nghi 10/12 - 20/12 đi học."
LEAVE_NO_ONE = "Không có người dùng {ref} đang hoạt động."
YOU = "bạn"
PEOPLE_HEAD = "Đầu mối của {name} ({n}):"
PEOPLE_LINE = "• {name} ({platform}, mã {id}){away}"
PEOPLE_AWAY = " — nghỉ đến {date}"
PEOPLE_NONE = "{name} chưa có đầu mối nào đăng ký. Cấp mã mời: nhacviec invite \"{name}\" --role focal"
PEOPLE_WHICH = "Gõ tên cơ quan, ví dụ: /daumoi Sở Y tế"

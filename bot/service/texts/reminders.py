"""What the reminder digests, escalations and notices say."""
from __future__ import annotations

# -- reminders -------------------------------------------------------------------------

DIGEST_GROUPS = (("overdue", "Quá hạn"), ("upcoming", "Sắp đến hạn"), ("periodic", "Báo cáo định kỳ"),
                 ("others", "Các việc khác"))
GROUP_TITLE = "{label} ({n} việc)"
DIGEST_TITLE = "Nhắc việc"
DIGEST_HEAD = "{title} — {name}\nĐề nghị đồng chí cập nhật tiến độ {n} việc dưới đây."
MONTHLY_TITLE = "Cập nhật tiến độ tháng {month}"
MONTHLY_HEAD = ("{title} — {name}\nĐề nghị đồng chí cập nhật một lượt tình hình tất cả {n} việc cơ quan đang "
                "chủ trì: việc nào đã xong, việc nào đang làm, việc nào cần lùi hạn.")
# under a task whose check-in slot this is: the period it asks about (a check-in caught up
# after its week or month has ended names that period instead of "this")
CHECKIN_THIS_WEEK = "Đề nghị cập nhật tình hình thực hiện tuần này (từ {start} đến {end})."
CHECKIN_PAST_WEEK = "Đề nghị cập nhật tình hình thực hiện tuần từ {start} đến {end}."
CHECKIN_THIS_MONTH = "Đề nghị cập nhật tình hình thực hiện tháng này ({month})."
CHECKIN_PAST_MONTH = "Đề nghị cập nhật tình hình thực hiện tháng {month}."
ESCALATION_TITLE = "Báo cáo lãnh đạo: việc quá hạn"
ESCALATION_HEAD = ("{title}\n{n} việc của {agencies} cơ quan đã quá hạn nhiều ngày làm việc mà chưa báo hoàn "
                   "thành. Đề nghị đồng chí chỉ đạo đôn đốc.")
ESCALATION_BY_AGENCY = "Theo cơ quan (nhiều nhất trước):"
ESCALATION_AGENCY_LINE = "• {name}: {n} việc"
ESCALATION_MORE_AGENCIES = "• … và {k} cơ quan khác: {n} việc"
ESCALATION_OLDEST = "{k} việc quá hạn lâu nhất:"
ESCALATION_TASK_LINE = "• {code} · {content} — hạn {due}, quá hạn {days} ngày — {who}"
ESCALATION_AGENCIES = "{n} cơ quan"
ESCALATION_POINTER = "Danh sách đầy đủ theo cơ quan: gõ /quahan."
ORPHAN_TITLE = "Cơ quan chưa có đầu mối nhận tin nhắc"
ORPHAN_HEAD = ("{title}\nCác cơ quan sau có việc chưa hoàn thành nhưng không có đầu mối đang nhận tin (chưa "
               "đăng ký hoặc đã chặn bot), nên bot chưa nhắc được:")
ORPHAN_LINE = "• {name} — {n} việc ({codes})"
ORPHAN_TAIL = "Cấp mã mời cho đầu mối: nhacviec invite \"TÊN CƠ QUAN\" --role focal"
BLOCKED_TITLE = "Không gửi được tin nhắc"
BLOCKED_TEXT = ("{title}\n{role} {who}{agency} ({platform}) đã chặn bot hoặc rời cuộc trò chuyện; bot đã ngừng "
                "gửi tin cho tài khoản này. Đề nghị liên hệ cơ quan để đăng ký lại (nhacviec invite).")
OF_AGENCY = " của {name}"
REPLY_HINT_TEXT = ("Trả lời bằng tin nhắn (có dấu hay không dấu đều được):\n"
                   "• XONG <mã> [ghi chú]\n• CHAM <mã> [ngày] [lý do]\n• GHICHU <mã> <nội dung>\n"
                   "Ví dụ: XONG {code} đã hoàn thành")
REPLY_HINT_BUTTONS = "Bấm Xong, Chậm hoặc Ghi chú dưới mỗi việc, hoặc trả lời thẳng tin nhắn này."
FAULT_TITLE = "Lỗi dữ liệu: một việc không nhắc được"
FAULT_TEXT = ("{title}\nViệc {code}{agency} có dữ liệu bot không xử lý được ({error}), nên hôm nay bot không "
              "nhắc việc này. Các tin nhắc khác vẫn gửi bình thường. Đề nghị kiểm tra lại việc này trong kế "
              "hoạch (hạn, loại thời hạn, ngày dự kiến mới).")

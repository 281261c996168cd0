"""The labels of statuses, roles, cadences and buttons: one spelling each, everywhere."""
from __future__ import annotations

from bot.domain import Action, Decision, Role, Status

# -- labels ----------------------------------------------------------------------------

STATUS = {Status.OPEN: "chưa báo cáo", Status.IN_PROGRESS: "đang thực hiện",
          Status.DELAYED: "xin lùi hạn", Status.DONE: "đã hoàn thành", Status.SUBMITTED: "chờ xác nhận"}
ROLE = {Role.FOCAL: "đầu mối", Role.LEAD: "lãnh đạo Tiểu Ban", Role.SECRETARIAT: "thư ký (Sở KH&CN)"}
RECURRENCE = {"monthly": "hằng tháng", "quarterly": "hằng quý", "semiannual": "6 tháng", "yearly": "hằng năm",
              "weekly": "hằng tuần"}
BUTTON = {Action.DONE: "✅ Xong", Action.DELAY: "⏳ Chậm", Action.PROGRESS: "🔄 Đang làm",
          Action.NOTE: "📝 Ghi chú", Action.UNDO: "↩️ Hoàn tác", Action.SKIP: "Bỏ qua"}
REVIEW_BUTTONS = {Decision.CONFIRMED: "✅ Xác nhận", Decision.RETURNED: "↩️ Trả lại",
                  Decision.AGREED: "✅ Đồng ý gia hạn", Decision.REFUSED: "❌ Không đồng ý"}
PICK_NOTE_BUTTON = "📝 Chỉ ghi chú"

"""Group chats as destinations, for the secretariat (`nhacviec groups [--legacy]`)."""
from __future__ import annotations

from bot.domain import LegacyOutcome

GROUPS_HEAD = "Nhóm chat nhận nhắc việc ({n}):"
GROUPS_LINE = "{id:>4} {platform} nhóm {chat} — {agency} · từ {since}{revoked}"
GROUPS_REVOKED = " (đã thu hồi)"
GROUPS_NONE = "Chưa có nhóm chat nào nhận nhắc việc. Đăng ký một nhóm: nhacviec invite \"CƠ QUAN\" --group"
GROUPS_LEGACY_HINT = "Còn {n} nhóm đăng ký theo cách cũ chưa nhận nhắc việc: xem nhacviec groups --legacy"

LEGACY_HEAD = ("Nhóm chat đăng ký theo cách cũ (có người gửi mã mời cá nhân trong nhóm), "
               "được xử lý khi nâng cấp cơ sở dữ liệu ngày {date}:")
LEGACY_NONE = "Không có nhóm chat nào đăng ký theo cách cũ."
LEGACY_CHAT = "• {platform} nhóm {chat}: {now}"
LEGACY_NOW_HELD = "hiện nhận nhắc việc của {agency}"
LEGACY_NOW_NONE = "hiện không nhận tin nào"
LEGACY_PERSON = "  – {who} ({role}{agency}, mã {id}): {outcome}"
LEGACY_OUTCOME = {
    LegacyOutcome.CONVERTED: "nhóm được chuyển thành nơi nhận nhắc việc của {agency}; trong nhóm chỉ đầu mối đã "
                             "đăng ký của cơ quan này trả lời được.",
    LegacyOutcome.MANAGER: "nhóm thôi nhận tin: tin cho lãnh đạo, thư ký (kèm minh chứng, đường dẫn đăng nhập trang "
                           "web) không gửi vào nhóm chat.",
    LegacyOutcome.SHARED: "nhóm thôi nhận tin: người của nhiều cơ quan hoặc vai trò cùng đăng ký trong nhóm, "
                          "chưa rõ nhóm của cơ quan nào.",
    LegacyOutcome.NO_AGENCY: "nhóm thôi nhận tin: đầu mối này chưa gắn với cơ quan nào.",
    LegacyOutcome.TAKEN: "nhóm thôi nhận tin theo người này: nhóm đã được đăng ký (hoặc đã thu hồi) cho cơ quan khác.",
    LegacyOutcome.REVOKED: "người này đã bị thu hồi trước khi nâng cấp: không chuyển gì.",
}
LEGACY_TODO = ("  → Nếu nhóm cần nhận nhắc việc của một cơ quan: nhacviec invite \"CƠ QUAN\" --group, "
               "rồi gửi /start MÃ trong nhóm.")
LEGACY_PRIVATE = ("Người đăng ký trong các nhóm trên vẫn giữ vai trò của mình và nay nhận tin nhắn riêng. Ai chưa "
                  "từng nhắn riêng với bot thì bot không nhắn trước được (sẽ bị coi là chặn bot và bị tạm dừng): nhờ "
                  "họ mở bot và bấm Start (Zalo: gửi một tin) trước ngày làm việc tới.")

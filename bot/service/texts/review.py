"""Evidence, review by the secretariat and extensions approved by the lead (issue 13)."""
from __future__ import annotations

from bot.domain import Decision

# -- evidence and review (issue 13) ------------------------------------------------------

REPORTED_SUBMITTED = "hoàn thành — chờ thư ký (Sở KH&CN) xác nhận"
ASK_EVIDENCE = "Gửi kèm văn bản hoặc minh chứng (nếu có): gửi tệp (pdf, doc, docx, xls, xlsx, odt) hoặc ảnh ngay sau tin này."
EVIDENCE_TOO_BIG = "Tệp {name} lớn hơn {max} MB nên bot không nhận. Xin gửi tệp nhỏ hơn."
EVIDENCE_BAD_TYPE = "Bot chỉ nhận minh chứng là pdf, doc, docx, xls, xlsx, odt hoặc ảnh jpg, png; tệp {name} không phải."
EVIDENCE_NOT_FETCHED = "Bot chưa tải được tệp {name}. Xin gửi lại sau ít phút."
EVIDENCE_WHICH_TASK = "Tệp này là minh chứng cho việc nào? Gửi lại kèm chú thích, ví dụ: “xong TB25-16 đã ban hành QĐ 123”."
EVIDENCE_NO_STORE = "Bot chưa được cấu hình nơi lưu tệp nên chưa nhận minh chứng. Xin báo Sở KH&CN."
EVIDENCE_ADDED = "Đã nhận minh chứng cho {code}: {names}."
EVIDENCE_ITEM = "{name} ({size})"
EXTENSION_REQUESTED = ("Đề nghị gia hạn {code} đến {date} đã gửi lãnh đạo Tiểu Ban. Đến khi lãnh đạo đồng ý, "
                       "hạn vẫn là {due}.")
REVIEW_SECRETARIAT_ONLY = "Chỉ thư ký Tiểu Ban (Sở KH&CN) xác nhận hoặc trả lại báo cáo hoàn thành."
REVIEW_LEAD_ONLY = "Chỉ lãnh đạo Tiểu Ban quyết định gia hạn."
REVIEW_ALREADY = "{code} ({agency}) đã được {who} {what} lúc {at}; không cần quyết định lại."
REVIEW_STALE = "{code} ({agency}) không còn chờ quyết định (đã hoàn tác hoặc có cập nhật mới hơn)."
REVIEW_NONE_WAITING = "{code} không có báo cáo nào đang chờ {what}."
REVIEW_WHICH_AGENCY = "{code} có nhiều cơ quan đang chờ: ghi thêm tên cơ quan, ví dụ: {example}"
REVIEW_CODE_NEEDED = "Ghi kèm mã việc, ví dụ: {example}"
REVIEW_REASON_EMPTY = "Xin ghi lý do trả lại (một tin nhắn), để cơ quan biết cần bổ sung gì."
REVIEW_ASK_REASON = "Lý do trả lại {code} ({agency})? Trả lời bằng một tin nhắn, hoặc gõ /huy để thôi."
REVIEW_EXTEND_WORD = "Ghi DONGY hoặc KHONG sau mã việc, ví dụ: GIAHAN TB25-16 Sở Y tế DONGY"
DECISION_DONE = {Decision.CONFIRMED: "Đã xác nhận hoàn thành {code} ({agency}).",
                 Decision.RETURNED: "Đã trả lại {code} ({agency}), lý do: {reason}. Cơ quan sẽ được báo.",
                 Decision.AGREED: "Đã đồng ý gia hạn {code} ({agency}) đến {date}. Cơ quan sẽ được báo.",
                 Decision.REFUSED: "Đã không đồng ý gia hạn {code} ({agency}). Cơ quan sẽ được báo."}
DECISION_WHAT = {Decision.CONFIRMED: "xác nhận hoàn thành", Decision.RETURNED: "trả lại",
                 Decision.AGREED: "đồng ý gia hạn", Decision.REFUSED: "không đồng ý gia hạn"}
DECIDED_LINE = "➡️ {who} đã {what} lúc {at}{reason}."
REVIEW_TITLE = "Báo cáo hoàn thành chờ xác nhận"
EXTREQ_TITLE = "Đề nghị gia hạn"
REVIEW_BODY = "{title}\n{code} — {agency}\nNội dung: {content}\nHạn: {due}\nBáo xong lúc: {at}"
EXTREQ_BODY = "{title}\n{code} — {agency}\nNội dung: {content}\nHạn hiện tại: {due}\nXin gia hạn đến: {date}"
REVIEW_NOTE = "Ghi chú: {note}"
REVIEW_EVIDENCE = "Minh chứng: {names}"
REVIEW_NO_EVIDENCE = "Minh chứng: không gửi kèm"
REVIEW_FILES_ELSEWHERE = "(Tệp minh chứng không gửi được qua kênh này; xem trên Telegram hoặc hỏi cơ quan.)"
REVIEW_FILES_ON_WEB = ("Tệp minh chứng không gửi được qua kênh này; xem trên trang web (đường dẫn đăng nhập và "
                       "mở thẳng trang của việc này, dùng một lần, hết hạn lúc {until}; sau đó gõ WEB để lấy "
                       "đường dẫn mới):\n{url}")
MORE_EVIDENCE = "Bổ sung minh chứng cho {code} — {agency}: {names}"
REVIEW_HINT_TEXT = "Trả lời: XACNHAN {code} {agency}  hoặc  TRALAI {code} {agency} <lý do>"
EXTREQ_HINT_TEXT = "Trả lời: GIAHAN {code} {agency} DONGY  hoặc  GIAHAN {code} {agency} KHONG"
TOLD = {Decision.CONFIRMED: "✅ Sở KH&CN đã xác nhận hoàn thành {code}: {content}",
        Decision.RETURNED: ("↩️ Sở KH&CN trả lại báo cáo hoàn thành {code}: {content}\nLý do: {reason}\n"
                            "Việc trở lại “đang thực hiện”; bot tiếp tục nhắc. Khi xong, báo lại: XONG {code} …"),
        Decision.AGREED: "✅ Lãnh đạo Tiểu Ban đồng ý gia hạn {code} đến {date}: {content}",
        Decision.REFUSED: ("❌ Lãnh đạo Tiểu Ban không đồng ý gia hạn {code}: {content}\n"
                           "Hạn vẫn là {due}.")}
PENDING_HEAD = "Việc chờ xác nhận hoàn thành ({n}):"
PENDING_NONE = "Không có việc nào đang chờ xác nhận."
PENDING_LINE = "• {code} — {agency}: {content} (báo xong {at}{evidence})"
PENDING_MORE = "… và {n} việc khác."
LATE_TITLE = "Báo cáo hoàn thành chưa được xác nhận"
LATE_HEAD = "{title}\n{n} báo cáo hoàn thành đã chờ từ {days} ngày làm việc trở lên:"
LATE_TAIL = "Xem và quyết định: /choxacnhan (Zalo: CHOXACNHAN)."
REVIEW_ONLY_UNDER_REVIEW = "Kế hoạch của {code} không yêu cầu xác nhận hoàn thành hay duyệt gia hạn."

"""What the web page says about review and evidence (the page's other words are in its templates)."""
from __future__ import annotations

EVIDENCE_NOT_FOUND = "Không có tệp minh chứng số {id}."
EVIDENCE_NOT_YOURS = "Bạn chỉ tải được minh chứng của cơ quan mình."
EVIDENCE_MISSING = "Tệp {name} không còn trong kho lưu trữ. Xin báo thư ký Tiểu Ban."
UPLOAD_NONE = "Chọn ít nhất một tệp minh chứng."
UPLOAD_TOO_BIG = "Tệp gửi lên lớn hơn {max} MB (mỗi lần gửi tối đa {max} MB). Xin gửi tệp nhỏ hơn."
PLAN_TOO_BIG = "Tệp lớn hơn {max} MB."
UPLOAD_TOO_MANY = "Mỗi lần gửi tối đa {n} tệp."
DECISION_UNKNOWN = "Quyết định không hợp lệ."
WHO_ON_WEB = "{role} (trang web)"
WHO_ON_CHAT = "{role} ({channel} {user_id})"
WEB_LINK_BAD_TARGET = ("Trang “{to}” không dùng được: chỉ nhận đường dẫn trong trang Nhắc việc, bắt đầu bằng một "
                       "dấu /, ví dụ /nhiem-vu/TB25-16.")

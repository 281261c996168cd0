"""What the conversation says: registration, status actions, lookups, pages, reports, the
console."""
from __future__ import annotations

from bot.domain import Status
from bot.service.texts.labels import STATUS

# -- conversation ----------------------------------------------------------------------

NOT_REGISTERED = ("Bạn chưa đăng ký với bot Nhắc việc. Xin Sở KH&CN (thư ký Tiểu Ban) một mã mời, "
                  "rồi gửi: /start MÃ (trên Zalo: DANGKY MÃ).")
WELCOME = ("Chào bạn! Để dùng bot Nhắc việc, xin Sở KH&CN (thư ký Tiểu Ban) một mã mời, "
           "rồi gửi: /start MÃ (trên Zalo: DANGKY MÃ).")
REGISTERED = "Đăng ký thành công: bạn là {who}.\n{what}"
REGISTERED_FOCAL = ("Bot sẽ nhắc bạn trước hạn (14, 7, 3, 1 ngày làm việc), đúng hạn và khi quá hạn, "
                    "chỉ trong giờ hành chính.")
REGISTERED_MANAGER = "Bot sẽ gửi bạn tổng hợp việc quá hạn mỗi ngày làm việc khi có."
TEXT_ONLY = ("Bot chỉ đọc tin nhắn chữ. Hãy gõ câu trả lời, ví dụ: “xong TB25-11” "
             "hoặc /huongdan để xem cách dùng.")
INTERNAL_ERROR = ("Xin lỗi, bot đang gặp lỗi nên chưa ghi nhận được tin này. Xin gửi lại sau ít phút; "
                  "nếu vẫn lỗi, báo Sở KH&CN.")
UNKNOWN_COMMAND = "Không hiểu lệnh này. Gõ /huongdan để xem các lệnh."
CANCELLED = "Đã hủy. Gõ /huongdan nếu cần."
SKIPPED = "Đã bỏ qua."
STALE_BUTTON = "Nút này không còn dùng được. Gõ /viec để xem lại danh sách."
WHICH_TASK = "Bạn báo cho việc nào? Ghi kèm mã việc (ví dụ TB25-11). Gõ /viec để xem danh sách."
PICK_TASK = "Bạn báo cho việc nào? Chọn mã việc:"
WHAT_FOR = "Bạn muốn báo gì cho {code}?"
NUMBER_HINT = "\nTrả lời bằng một số (ví dụ: 1), hoặc gõ /huy để thôi."
NUMBER_OUT_OF_RANGE = "Xin chọn một số từ 1 đến {n}, hoặc gõ /huy để thôi."
CHAT_ACK = "Dạ. Khi cần báo tiến độ, gõ ví dụ “xong TB25-11 …” hoặc /huongdan để xem cách dùng."
DATE_UNREAD = "Chưa đọc được ngày. Viết ví dụ “15/7”, “30/9/2025” hoặc “cuối tháng 8”. Gõ /huy để thôi."
REPORT_MANAGERS_ONLY = "Báo cáo dành cho lãnh đạo Tiểu Ban và thư ký. Gõ /tonghop để xem tổng hợp của cơ quan bạn."
SUMMARY_REGISTERED_ONLY = ("Tổng hợp dành cho đầu mối các cơ quan và lãnh đạo Tiểu Ban. "
                           "Xin Sở KH&CN (thư ký Tiểu Ban) một mã mời để đăng ký.")

# -- onboarding ------------------------------------------------------------------------

BAD_ROLE = "Vai trò không hợp lệ: {role} (focal, lead hoặc secretariat)"
FOCAL_NEEDS_AGENCY = "Đầu mối phải thuộc một cơ quan: nhacviec invite \"Sở Y tế\" --role focal"
INVITE_WRONG = "Mã mời không đúng. Kiểm tra lại mã (10 ký tự) hoặc xin mã mới từ Sở KH&CN."
INVITE_USED = "Mã mời này đã được dùng. Mỗi mã chỉ dùng một lần: xin Sở KH&CN cấp mã mới."
INVITE_EXPIRED = "Mã mời đã hết hạn (7 ngày). Xin Sở KH&CN cấp mã mới."
NO_SUCH_USER = "Không có người dùng {ref}"
GROUP_NEEDS_FOCAL = "Mã mời cho nhóm phải dành cho đầu mối của một cơ quan: nhacviec invite \"Sở Y tế\" --group"
GROUP_INVITE_IN_PRIVATE = "Mã này dành cho nhóm: hãy thêm bot vào nhóm của cơ quan rồi gửi /start MÃ trong nhóm."
PERSON_INVITE_IN_GROUP = "Mã này dành cho một người: hãy gửi /start MÃ trong tin nhắn riêng với bot, không gửi trong nhóm."
GROUP_NAME = "Nhóm {chat_id}"
REGISTERED_GROUP = ("Đã đăng ký nhóm này nhận nhắc việc của {agency}. "
                    "Chỉ đầu mối đã đăng ký của {agency} trả lời được việc trong nhóm.")
GROUP_MEMBERS_ONLY = "Trong nhóm này chỉ đầu mối đã đăng ký của {agency} trả lời được; xin nhắn riêng với bot."
PRIVATE_ONLY = ("Lệnh này chỉ dùng trong tin nhắn riêng với bot, để thông tin (và đường dẫn đăng nhập) không lộ "
                "ra nhóm. Hãy mở cuộc trò chuyện riêng với bot và gõ lại.")
INVITE_FOR_GROUP = "dùng trong nhóm"
ZALO_HINT = "Trên Zalo: mở bot Nhắc việc và gửi tin nhắn “DANGKY {code}”."


def telegram_link(username: str | None, code: str, group: bool = False) -> str:
    """`startgroup`: Telegram asks which group to add the bot to, then sends /start CODE there."""
    return f"https://t.me/{username or '<tên_bot>'}?{'startgroup' if group else 'start'}={code}"

# -- actions ---------------------------------------------------------------------------

NO_SUCH_TASK = "Không có việc mã {code}. Gõ /viec để xem việc của cơ quan bạn."
FOCAL_ONLY = "Chỉ đầu mối của cơ quan được giao mới cập nhật được việc này."
NOT_YOURS = ("Việc {code} không giao cho cơ quan của bạn, nên bạn không cập nhật được. "
             "Nếu có nhầm lẫn, xin liên hệ Sở KH&CN.")
NOTE_TOO_LONG = "Ghi chú dài {n} ký tự, tối đa {max}. Xin rút gọn rồi gửi lại."
RECORDED = "Đã ghi nhận {code}: {status}."
# A change is confirmed as what the person said ("Đã ghi nhận TB25-11: chậm, xin lùi hạn"),
# which for a delay or a completion is not the state label of `STATUS`.
REPORTED = {Status.OPEN: STATUS[Status.OPEN], Status.IN_PROGRESS: STATUS[Status.IN_PROGRESS],
            Status.DELAYED: "chậm, " + STATUS[Status.DELAYED], Status.DONE: "hoàn thành"}
NEW_DUE = "Ngày dự kiến mới: {date}"
NOTE_LINE = "Ghi chú: {note}"
UNDO_HINT_BUTTON = "Có thể hoàn tác trong 10 phút (nút ↩️)."
UNDO_HINT_TEXT = "Có thể hoàn tác trong 10 phút: gõ HOANTAC."
ASK_DONE_NOTE = "Muốn thêm ghi chú (số văn bản, kết quả…)? Trả lời tin này, hoặc bỏ qua."
ASK_DELAY_REASON = "Lý do chậm là gì? Trả lời tin này, hoặc bỏ qua."
ASK_NOTE = "Nhập ghi chú cho {code} (một tin nhắn, tối đa {max} ký tự)."
ASK_DELAY_DATE = "{code} chậm: đến ngày nào thì xong? Ví dụ: “15/7”, “cuối tháng 8”{reason}."
ASK_DELAY_DATE_REASON = ", kèm lý do nếu có"
# after a delay that named today or yesterday ("chậm, hôm nay mới gửi được"): not a new date, and
# perhaps the work is in fact done
ASK_DELAY_DATE_NOW_BUTTON = "Ngày dự kiến mới phải sau hôm nay. Nếu việc đã xong, bấm “{done}”."
ASK_DELAY_DATE_NOW_TEXT = "Ngày dự kiến mới phải sau hôm nay. Nếu việc đã xong, trả lời: XONG {code}"
NOTHING_TO_UNDO_UNREGISTERED = "Bạn chưa đăng ký nên không có gì để hoàn tác."
NOTHING_TO_UNDO = "Không có cập nhật nào của bạn để hoàn tác."
UNDO_TOO_LATE = "Đã quá 10 phút nên không hoàn tác được. Hãy gửi cập nhật mới (ví dụ /cham hoặc /ghichu)."
UNDO_NOT_LATEST = "Việc này đã có cập nhật mới hơn (hoặc đã hoàn tác), nên không hoàn tác được."
UNDONE = "Đã hoàn tác. {code} trở lại: {status}{due}."
UNDONE_DUE = " (dự kiến {date})"
UNDO_DECIDED = "Việc này đã được xác nhận hoặc quyết định gia hạn, nên không hoàn tác được."

# -- lookups ---------------------------------------------------------------------------

FOCAL_COMMAND_ONLY = "Lệnh này dành cho đầu mối của một cơ quan. Lãnh đạo và thư ký dùng /tonghop hoặc /quahan."
NOTHING_OPEN = "Cơ quan bạn không còn việc nào chưa hoàn thành. 👏"
OPEN_HEAD = "Việc chưa hoàn thành"
OPEN_HEAD_TAIL = " ({n}), hạn gần nhất trước:"
NOTHING_OVERDUE = "Không có việc nào quá hạn."
NOTHING_OVERDUE_MINE = "Cơ quan bạn không có việc quá hạn."
OVERDUE_HEAD = "Việc quá hạn"
OVERDUE_ALL = ": {n} lượt giao, {agencies} cơ quan"
OVERDUE_AGENCY = "{name} — {n} việc"
OVERDUE_LINE = "• {code} ({days} ngày): {content}"
OVERDUE_COUNT_LINE = "• {name}: {n}"
OVERDUE_ONE_HINT = "Xem riêng một cơ quan: /quahan <tên cơ quan>. Danh sách đầy đủ:"
OVERDUE_OF = "Việc quá hạn — {name} ({n}):"
NOTHING_OVERDUE_OF = "{name} không có việc quá hạn."
UNREGISTERED_SHORT = "Bạn chưa đăng ký. Xin mã mời từ Sở KH&CN rồi gửi /start MÃ."
MANAGERS_ONLY_AGENCY = "Chỉ lãnh đạo Tiểu Ban và thư ký xem được việc của cơ quan khác."
AGENCY_NAME_NEEDED = "Gõ tên cơ quan, ví dụ: /coquan Sở Y tế"
AGENCY_HEAD = "{name}: {n} việc, {done} đã hoàn thành, {overdue} quá hạn"
TASK_CODE_NEEDED = "Gõ mã việc, ví dụ: /nhiemvu TB25-11"
NO_TASK = "Không có việc mã {code}."
OWN_HISTORY_ONLY = "Bạn chỉ xem được lịch sử việc của cơ quan mình."
COMPLETION_TIME = "Thời gian hoàn thành: {text}"
HISTORY_UNDO = "hoàn tác"
HISTORY_DUE = ", dự kiến {date}"
HISTORY_TITLE = "Lịch sử {code}"

# -- long lists in pages (conversation/paging.py) ------------------------------------

PAGE_MORE_BUTTON = "Xem tiếp ▸ (còn {n})"
PAGE_MORE_TEXT = "Còn {n} mục nữa: gõ /tiep (hoặc TIEP) để xem tiếp."
PAGE_HEAD = "{title} (tiếp): {first}–{last} / {total}"
PAGE_CONTINUED = " (tiếp)"
PAGE_END = "Hết danh sách."
PAGE_NONE = "Không có danh sách nào đang xem dở. Gõ lại lệnh (ví dụ /viec, /quahan) để xem từ đầu."

# -- how a task looks ------------------------------------------------------------------

DUE_LEFT = "còn {n} ngày"
DUE_TODAY = "đến hạn hôm nay"
DUE_PAST = "quá hạn {n} ngày"
DUE_PHRASE = "hạn {date} — {tail}"
DUE_MOVED = " (dự kiến mới {date})"
RECURRING_PHRASE = "{text} — báo cáo định kỳ{every}"
EVENT_PHRASE = "{text} — khi có sự kiện"
AGENCY_LINE = "Cơ quan: {name}"
STATE_LINE = "Trạng thái: {state}"

# -- reports in chat -------------------------------------------------------------------

REPORT_TITLE = "Báo cáo tiến độ"
CHART_CAPTION = "Tiến độ theo cơ quan đến ngày {date}"
WORKBOOK_CAPTION = "Bảng tổng hợp, chi tiết và việc quá hạn"
MONTHLY_CAPTION = "Báo cáo tháng {month}/{year}"
FILE_NOT_SENT = ("📎 {name}: bot không gửi được tệp, nên tệp không kèm ở đây. "
                 "Xem trên Telegram hoặc xin thư ký (Sở KH&CN) gửi qua email.")
CHART_NOT_SENT = ("📊 {name}: bot không gửi được biểu đồ; số liệu đã có ở trên. "
                  "Xem biểu đồ trên Telegram hoặc xin thư ký (Sở KH&CN).")

# -- the web page (/web) ---------------------------------------------------------------

WEB_LINK = ("Mở trang web Nhắc việc (bảng, tệp Excel, báo cáo, biểu mẫu) bằng đường dẫn này:\n{url}\n"
            "Đường dẫn chỉ dùng một lần, hết hạn lúc {until}. Đừng chuyển cho người khác.")
WEB_OFF = "Trang web chưa bật trên máy chủ này (NHACVIEC_WEB_LISTEN đang để trống)."
RUNNING_WEB = "• Trang web: {url} (đăng nhập: gõ /web trong trò chuyện, hoặc nhacviec web-link)"

# -- console ---------------------------------------------------------------------------

CONSOLE_BANNER = ("Nhắc việc — trò chuyện trên máy (chưa có TELEGRAM_BOT_TOKEN hay ZALO_BOT_TOKEN).\n"
                  "Bạn đang là {who}. Gõ /huongdan, /tonghop, /quahan …; /la <cơ quan> để đóng vai đầu mối "
                  "(ví dụ: /la Sở Y tế), /la lanhdao để làm lãnh đạo; Ctrl-D để thoát.\n"
                  "Tin nhắc tự hiện ra ở đây trong giờ hành chính, như trên Zalo/Telegram; /nhacngay để chạy "
                  "ngay một lượt nhắc cho vai đang đóng.")
CONSOLE_YOU_ARE = "Bạn đang là {who}."
CONSOLE_UNCHANGED = "(không đổi) — {error}"
CONSOLE_ATTACHMENT = "   (tệp đính kèm: {name}, {size} byte)"

# -- /nhacngay (console) and what `make run` runs --------------------------------------

REMIND_NOW_CONSOLE_ONLY = ("Lệnh /nhacngay chỉ dùng khi chạy thử trên máy (make run). Ở đây bot tự gửi tin nhắc "
                           "trong giờ hành chính các ngày làm việc.")
REMIND_NOW_SENT = "Lượt nhắc lúc {at}: đã gửi bạn {n} tin (ở trên)."
REMIND_NOW_NOTHING = ("Lượt nhắc lúc {at}: không có tin nào đến lượt cho bạn. Tin đã gửi thì không gửi lại; "
                      "bot nhắc tiếp khi đến mốc sau.")
REMIND_NOW_OUTSIDE = ("Bây giờ ({at}) là ngoài giờ hành chính nên bot không gửi tin nhắc. Xem trước: lúc {next} "
                      "bot sẽ gửi bạn {n} tin dưới đây (chưa gửi, chưa ghi nhận).")
REMIND_NOW_OUTSIDE_NOTHING = ("Bây giờ ({at}) là ngoài giờ hành chính nên bot không gửi tin nhắc; đến {next} cũng "
                              "chưa có tin nào đến lượt cho bạn.")
RUNNING_HEAD = "Nhắc việc đang chạy:"
RUNNING_DATABASE = "• Cơ sở dữ liệu: {where}"
RUNNING_CHANNELS = "• Kênh: {names}"
RUNNING_REMINDERS = "• Tin nhắc: mỗi {every} giây xem một lượt; chỉ gửi trong giờ hành chính, ngày làm việc"
RUNNING_STOP = "• Dừng: Ctrl-C"
RUNNING_STOP_CONSOLE = "• Dừng: Ctrl-D (hoặc Ctrl-C)"
CHANNEL_NAME = {"telegram": "Telegram", "zalo": "Zalo", "console": "trò chuyện trên máy"}

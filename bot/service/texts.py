"""Every Vietnamese word the bot says in chat, and the one table of commands.

Why one file: a civil servant reads the same thing on Telegram, Zalo and the console, the
labels of a status must agree everywhere ("chậm, xin lùi hạn" in one place and "xin lùi hạn"
in another confused people), and adding a command is one row of `COMMANDS`: the slash
commands, the Zalo words, the bare words, the Telegram menu and the help texts derive from it.
Formats are Vietnamese: 30/06/2025, 10.000, 30,0%.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from bot.domain import Action, Role, Status

# -- formats ---------------------------------------------------------------------------


def vn_date(d: date | datetime | None) -> str:
    return d.strftime("%d/%m/%Y") if d else ""


def vn_datetime(d: datetime) -> str:
    return d.strftime("%d/%m/%Y %H:%M")


def vn_num(n: int) -> str:
    """Vietnamese digit grouping: 10.000."""
    return f"{n:,}".replace(",", ".")


def vn_pct(x: float) -> str:
    """Vietnamese decimal comma: 30,0%."""
    return f"{x:.1f}".replace(".", ",") + "%"


def shorten(text: str, width: int = 140) -> str:
    """At most `width` characters, cut between words, with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= width:
        return text
    cut = text[:width - 1].rsplit(" ", 1)[0] or text[:width - 1]
    return cut.rstrip(",;:.- ") + "…"


def capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


# -- labels ----------------------------------------------------------------------------

STATUS = {Status.OPEN: "chưa báo cáo", Status.IN_PROGRESS: "đang thực hiện",
          Status.DELAYED: "xin lùi hạn", Status.DONE: "đã hoàn thành"}
ROLE = {Role.FOCAL: "đầu mối", Role.LEAD: "lãnh đạo Tiểu Ban", Role.SECRETARIAT: "thư ký (Sở KH&CN)"}
RECURRENCE = {"monthly": "hằng tháng", "quarterly": "hằng quý", "semiannual": "6 tháng", "yearly": "hằng năm",
              "weekly": "hằng tuần"}
BUTTON = {Action.DONE: "✅ Xong", Action.DELAY: "⏳ Chậm", Action.PROGRESS: "🔄 Đang làm",
          Action.NOTE: "📝 Ghi chú", Action.UNDO: "↩️ Hoàn tác", Action.SKIP: "Bỏ qua"}
PICK_NOTE_BUTTON = "📝 Chỉ ghi chú"

# -- the command table -----------------------------------------------------------------


@dataclass(frozen=True)
class CommandSpec:
    """One action and every way to ask for it.

    `slash`: /names, the first shown in menus and help; `words`: Zalo-style text commands
    ("XONG TB25-11 …": for status actions only when a task code follows); `bare`: words that
    alone are the command ("viec", "tong hop"); `menu`: the Telegram menu line (empty: not
    listed); `usage`/`about`/`example`: the help line; `managers`: shown to the lead and the
    secretariat instead of focal points."""

    action: Action
    slash: tuple[str, ...]
    words: tuple[str, ...] = ()
    bare: tuple[str, ...] = ()
    menu: str = ""
    usage: str = ""
    about: str = ""
    example: str = ""
    managers: bool = False
    console: bool = False  # only the console chat runs it (`make run`); elsewhere a polite refusal


COMMANDS: tuple[CommandSpec, ...] = (
    CommandSpec(Action.START, ("start", "dangky", "batdau"), words=("dangky",)),
    CommandSpec(Action.DONE, ("xong", "done"), words=("xong",), menu="Báo xong: /xong MÃ [ghi chú]",
                usage="MÃ [ghi chú]", about="báo xong", example="TB25-11 đã ban hành QĐ 123/QĐ-UBND"),
    CommandSpec(Action.DELAY, ("cham", "delayed", "delay", "tre"), words=("cham", "tre"),
                menu="Báo chậm: /cham MÃ [ngày] [lý do]", usage="MÃ [ngày dự kiến] [lý do]", about="báo chậm",
                example="TB25-11 15/7 chờ ý kiến Sở Tài chính"),
    CommandSpec(Action.PROGRESS, ("danglam", "progress"), words=("danglam",), usage="MÃ [ghi chú]",
                about="báo đang làm", example="TB25-11 đã xong dự thảo"),
    CommandSpec(Action.NOTE, ("ghichu", "note"), words=("ghichu", "ghi"), menu="Ghi chú: /ghichu MÃ nội dung",
                usage="MÃ nội dung", about="thêm ghi chú"),
    CommandSpec(Action.TASKS, ("viec", "tasks"), bare=("viec",), menu="Việc chưa hoàn thành của cơ quan",
                about="việc chưa xong"),
    CommandSpec(Action.OVERDUE, ("quahan", "overdue"), bare=("quahan",), menu="Việc quá hạn",
                about="việc quá hạn theo cơ quan"),
    CommandSpec(Action.UNDO, ("hoantac", "undo"), bare=("hoantac",), menu="Hoàn tác cập nhật vừa gửi",
                about="hoàn tác"),
    CommandSpec(Action.SUMMARY, ("tonghop", "summary"), bare=("tonghop",), menu="Tổng hợp tiến độ",
                usage="[cơ quan | mã kế hoạch]", about="tổng hợp tiến độ"),
    CommandSpec(Action.AGENCY, ("coquan", "agency"), usage="TÊN", about="việc của một cơ quan và trả lời gần nhất",
                managers=True),
    CommandSpec(Action.TASK, ("nhiemvu", "task"), usage="MÃ", about="lịch sử một việc", managers=True),
    CommandSpec(Action.REPORT, ("baocao", "report"), bare=("baocao",), menu="Biểu đồ và Excel (lãnh đạo, thư ký)",
                about="biểu đồ và tệp Excel", managers=True),
    CommandSpec(Action.NEXT, ("tiep", "next", "xemtiep"), bare=("tiep", "xemtiep"), about="xem tiếp danh sách dài"),
    CommandSpec(Action.REMIND_NOW, ("nhacngay",), bare=("nhacngay",), console=True),
    CommandSpec(Action.CANCEL, ("huy", "cancel"), bare=("huy",), about="thôi việc đang hỏi dở"),
    CommandSpec(Action.HELP, ("huongdan", "help", "trogiup"), bare=("huongdan", "help"), menu="Hướng dẫn"),
)
SLASH = {name: spec.action for spec in COMMANDS for name in spec.slash}
WORDS = {word: spec.action for spec in COMMANDS for word in spec.words}
BARE = {word: spec.action for spec in COMMANDS for word in spec.bare}
MENU = [(spec.slash[0], spec.menu) for spec in COMMANDS if spec.menu]


def _help_line(spec: CommandSpec, *, slash: bool) -> str:
    name = f"/{spec.slash[0]}" if slash else (spec.words or spec.bare or spec.slash)[0].upper()
    usage = spec.usage if slash else spec.usage.replace("MÃ", "<mã>")
    line = f"• {name}{' ' + usage if usage else ''} — {spec.about}"
    return line + (f". Ví dụ: {name} {spec.example}" if spec.example else "")


def help_text(role: Role | None, *, buttons: bool) -> str:
    if role is not None and Role(role).is_manager:
        lines = [_help_line(s, slash=True) for s in COMMANDS
                 if s.about and (s.managers or s.action in (Action.SUMMARY, Action.OVERDUE, Action.NEXT))]
        return "Lệnh cho lãnh đạo và thư ký:\n" + "\n".join(lines)
    focal = [s for s in COMMANDS if s.about and not s.managers]
    if buttons:
        head = ("Cách trả lời:\n• Bấm ✅ Xong, ⏳ Chậm hoặc 📝 Ghi chú dưới mỗi việc; hoặc gõ lệnh:\n")
        tail = "\n• Hoặc trả lời thẳng tin nhắc việc: “xong rồi, …”, “chậm, dự kiến 15/7 vì …”, “đang làm …”"
        return head + "\n".join(_help_line(s, slash=True) for s in focal) + tail
    head = "Cách trả lời (gõ chữ, có dấu hay không dấu đều được):\n"
    return head + "\n".join(_help_line(s, slash=False) for s in focal)


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
NOTHING_TO_UNDO_UNREGISTERED = "Bạn chưa đăng ký nên không có gì để hoàn tác."
NOTHING_TO_UNDO = "Không có cập nhật nào của bạn để hoàn tác."
UNDO_TOO_LATE = "Đã quá 10 phút nên không hoàn tác được. Hãy gửi cập nhật mới (ví dụ /cham hoặc /ghichu)."
UNDO_NOT_LATEST = "Việc này đã có cập nhật mới hơn (hoặc đã hoàn tác), nên không hoàn tác được."
UNDONE = "Đã hoàn tác. {code} trở lại: {status}{due}."
UNDONE_DUE = " (dự kiến {date})"

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

# -- reminders -------------------------------------------------------------------------

DIGEST_GROUPS = (("overdue", "Quá hạn"), ("upcoming", "Sắp đến hạn"), ("periodic", "Báo cáo định kỳ"),
                 ("others", "Các việc khác"))
GROUP_TITLE = "{label} ({n} việc)"
DIGEST_TITLE = "Nhắc việc"
DIGEST_HEAD = "{title} — {name}\nĐề nghị đồng chí cập nhật tiến độ {n} việc dưới đây."
MONTHLY_TITLE = "Cập nhật tiến độ tháng {month}"
MONTHLY_HEAD = ("{title} — {name}\nĐề nghị đồng chí cập nhật một lượt tình hình tất cả {n} việc cơ quan đang "
                "chủ trì: việc nào đã xong, việc nào đang làm, việc nào cần lùi hạn.")
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
FAULT_TITLE = "Lỗi dữ liệu: một việc không nhắc được"
FAULT_TEXT = ("{title}\nViệc {code}{agency} có dữ liệu bot không xử lý được ({error}), nên hôm nay bot không "
              "nhắc việc này. Các tin nhắc khác vẫn gửi bình thường. Đề nghị kiểm tra lại việc này trong kế "
              "hoạch (hạn, loại thời hạn, ngày dự kiến mới).")
REPLY_HINT_TEXT = ("Trả lời bằng tin nhắn (có dấu hay không dấu đều được):\n"
                   "• XONG <mã> [ghi chú]\n• CHAM <mã> [ngày] [lý do]\n• GHICHU <mã> <nội dung>\n"
                   "Ví dụ: XONG {code} đã hoàn thành")
REPLY_HINT_BUTTONS = "Bấm Xong, Chậm hoặc Ghi chú dưới mỗi việc, hoặc trả lời thẳng tin nhắn này."

# -- reports in chat -------------------------------------------------------------------

REPORT_TITLE = "Báo cáo tiến độ"
CHART_CAPTION = "Tiến độ theo cơ quan đến ngày {date}"
WORKBOOK_CAPTION = "Bảng tổng hợp, chi tiết và việc quá hạn"
MONTHLY_CAPTION = "Báo cáo tháng {month}/{year}"
FILE_NOT_SENT = ("📎 {name}: bot không gửi được tệp, nên tệp không kèm ở đây. "
                 "Xem trên Telegram hoặc xin thư ký (Sở KH&CN) gửi qua email.")
CHART_NOT_SENT = ("📊 {name}: bot không gửi được biểu đồ; số liệu đã có ở trên. "
                  "Xem biểu đồ trên Telegram hoặc xin thư ký (Sở KH&CN).")

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

"""The one table of commands: slash names, Zalo words, bare words, the Telegram menu and
the help texts all derive from `COMMANDS`."""
from __future__ import annotations

from dataclasses import dataclass

from bot.domain import Action, Role

# -- the command table -----------------------------------------------------------------


@dataclass(frozen=True)
class CommandSpec:
    """One action and every way to ask for it.

    `slash`: /names, the first shown in menus and help; `words`: Zalo-style text commands
    ("XONG TB25-11 …": for status actions only when a task code follows); `bare`: words that
    alone are the command ("viec", "tong hop"); `menu`: the Telegram menu line (empty: not
    listed); `usage`/`about`/`example`: the help line; `managers`: shown to the lead and the
    secretariat instead of focal points. In a group everyone reads the answer: `private` ones
    (personal, such as a sign-in link, or every agency's business) are answered only in a private
    chat, and `wide` ones too when the lead or the secretariat asks (their answer covers every
    agency)."""

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
    private: bool = False
    wide: bool = False


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
                about="việc chưa xong", wide=True),
    CommandSpec(Action.OVERDUE, ("quahan", "overdue"), bare=("quahan",), menu="Việc quá hạn",
                about="việc quá hạn theo cơ quan", wide=True),
    CommandSpec(Action.SNOOZE, ("nhaclai", "snooze"), words=("nhaclai",), usage="MÃ [số ngày]",
                about="nhắc lại sau (1–5 ngày làm việc)", example="TB25-11 2"),
    CommandSpec(Action.LEAVE, ("nghi", "nghiphep"), words=("nghi", "nghiphep"), usage="TỪ - ĐẾN [lý do] | huy",
                about="báo nghỉ phép: không nhận tin nhắc", example="10/12 - 20/12 đi học", private=True),
    CommandSpec(Action.PEOPLE, ("daumoi",), bare=("daumoi",), usage="[cơ quan]", about="đầu mối của cơ quan", private=True),
    CommandSpec(Action.UNDO, ("hoantac", "undo"), bare=("hoantac",), menu="Hoàn tác cập nhật vừa gửi",
                about="hoàn tác"),
    CommandSpec(Action.SUMMARY, ("tonghop", "summary"), bare=("tonghop",), menu="Tổng hợp tiến độ",
                usage="[cơ quan | mã kế hoạch]", about="tổng hợp tiến độ", private=True),
    CommandSpec(Action.AGENCY, ("coquan", "agency"), usage="TÊN", about="việc của một cơ quan và trả lời gần nhất",
                managers=True, wide=True),
    CommandSpec(Action.TASK, ("nhiemvu", "task"), usage="MÃ", about="lịch sử một việc", managers=True, wide=True),
    CommandSpec(Action.REPORT, ("baocao", "report"), bare=("baocao",), menu="Biểu đồ và Excel (lãnh đạo, thư ký)",
                about="biểu đồ và tệp Excel", managers=True, private=True),
    CommandSpec(Action.WEB, ("web", "trangweb"), bare=("web",), menu="Mở trang web (bảng, tệp, biểu mẫu)",
                about="đường dẫn đăng nhập trang web (dùng một lần, 15 phút)", private=True),
    CommandSpec(Action.PENDING_REVIEW, ("choxacnhan",), bare=("choxacnhan",), menu="Việc chờ xác nhận hoàn thành",
                about="việc báo xong đang chờ thư ký xác nhận", managers=True, private=True),
    CommandSpec(Action.CONFIRM, ("xacnhan",), words=("xacnhan",), usage="MÃ [cơ quan]",
                about="thư ký xác nhận hoàn thành", example="TB25-16 Sở Y tế", managers=True, private=True),
    CommandSpec(Action.RETURN, ("tralai",), words=("tralai",), usage="MÃ [cơ quan] lý do",
                about="thư ký trả lại, kèm lý do", example="TB25-16 Sở Y tế thiếu quyết định ban hành", managers=True, private=True),
    CommandSpec(Action.EXTEND, ("giahan",), words=("giahan",), usage="MÃ [cơ quan] DONGY|KHONG",
                about="lãnh đạo đồng ý hoặc không đồng ý gia hạn", example="TB25-16 Sở Y tế DONGY", managers=True, private=True),
    CommandSpec(Action.NEXT, ("tiep", "next", "xemtiep"), bare=("tiep", "xemtiep"), about="xem tiếp danh sách dài", wide=True),
    CommandSpec(Action.REMIND_NOW, ("nhacngay",), bare=("nhacngay",), console=True),
    CommandSpec(Action.CANCEL, ("huy", "cancel"), bare=("huy",), about="thôi việc đang hỏi dở"),
    CommandSpec(Action.HELP, ("huongdan", "help", "trogiup"), bare=("huongdan", "help"), menu="Hướng dẫn"),
)
SLASH = {name: spec.action for spec in COMMANDS for name in spec.slash}
WORDS = {word: spec.action for spec in COMMANDS for word in spec.words}
BARE = {word: spec.action for spec in COMMANDS for word in spec.bare}
MENU = [(spec.slash[0], spec.menu) for spec in COMMANDS if spec.menu]
PRIVATE = frozenset(spec.action for spec in COMMANDS if spec.private)
WIDE = frozenset(spec.action for spec in COMMANDS if spec.wide)


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

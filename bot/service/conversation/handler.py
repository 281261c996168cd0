"""One conversation for every channel: Inbound → intent → authorisation → store → Reply.

Adapters (Telegram, Zalo, console) only translate to and from `Inbound`/`Reply`; all the
understanding lives here, so the three channels behave the same.
"""
from __future__ import annotations

from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlalchemy.engine import Engine

from bot.channels.base import caps_of
from bot.clock import Clock
from bot.render import bold, clean_input
from bot.service.conversation import actions, lookups
from bot.service.conversation.actions import Ctx, Refusal
from bot.service.conversation.intents import Command, classify, find_codes, parse_command, parse_text_command, split_code, strip_codes, strip_lead
from bot.service.ports import Button, Inbound, Reply
from bot.service.onboarding import ROLE_VI, OnboardingError, find_contact, redeem
from bot.store import session_scope
from bot.text import fold
from schedules.deadlines import extract_reply_date

FOCAL_HELP = (
    "Cách trả lời:\n"
    "• Bấm ✅ Xong, ⏳ Chậm hoặc 📝 Ghi chú dưới mỗi việc; hoặc\n"
    "• /xong MÃ [ghi chú] — ví dụ: /xong TB25-11 đã ban hành QĐ 123/QĐ-UBND\n"
    "• /cham MÃ [ngày dự kiến] [lý do] — ví dụ: /cham TB25-11 15/7 chờ ý kiến Sở Tài chính\n"
    "• /ghichu MÃ nội dung\n"
    "• Hoặc trả lời thẳng tin nhắc việc: “xong rồi, …”, “chậm, dự kiến 15/7 vì …”, “đang làm …”\n"
    "• /viec — việc chưa xong · /quahan — việc quá hạn · /tonghop — tổng hợp · /hoantac — hoàn tác"
)
ZALO_HELP = (
    "Cách trả lời (gõ chữ, có dấu hay không dấu đều được):\n"
    "• XONG <mã> [ghi chú] — ví dụ: XONG TB25-11 đã ban hành QĐ 123\n"
    "• CHAM <mã> [ngày] [lý do] — ví dụ: CHAM TB25-11 15/7 chờ ý kiến Sở Tài chính\n"
    "• GHICHU <mã> <nội dung>\n"
    "• VIEC — việc chưa xong · QUAHAN — việc quá hạn · TONGHOP — tổng hợp · HOANTAC — hoàn tác"
)
MANAGER_HELP = (
    "Lệnh cho lãnh đạo và thư ký:\n"
    "• /tonghop [cơ quan | mã kế hoạch] — tổng hợp tiến độ\n"
    "• /quahan — việc quá hạn theo cơ quan\n"
    "• /coquan TÊN — việc của một cơ quan và trả lời gần nhất\n"
    "• /nhiemvu MÃ — lịch sử một việc\n"
    "• /baocao — biểu đồ và tệp Excel"
)
NOT_REGISTERED = ("Bạn chưa đăng ký với bot Nhắc việc. Xin Sở KH&CN (thư ký Tiểu Ban) một mã mời, "
                  "rồi gửi: /start MÃ (trên Zalo: DANGKY MÃ).")


@dataclass
class Conversation:
    engine: Engine
    clock: Clock
    tz: ZoneInfo
    summary_hook: object | None = None  # callable(ctx, args) -> Reply, for /tonghop
    report_hook: object | None = None  # callable(ctx) -> Reply, for /baocao

    def handle(self, inbound: Inbound) -> list[Reply]:
        """Handle one inbound message in one transaction; a refusal writes nothing."""
        now = self.clock().astimezone(self.tz)
        with session_scope(self.engine) as session:
            contact = find_contact(session, inbound.sender.platform, inbound.sender.user_id)
            ctx = Ctx(session=session, sender=inbound.sender, contact=contact, now=now,
                      has_buttons=caps_of(inbound.sender.platform).has_buttons)
            try:
                reply = self._route(ctx, inbound)
            except Refusal as exc:
                session.rollback()
                reply = Reply.text(str(exc))
            except OnboardingError as exc:
                session.rollback()
                reply = Reply.text(str(exc))
        return [reply] if reply else []

    # -- routing -------------------------------------------------------------------------
    def _route(self, ctx: Ctx, inbound: Inbound) -> Reply | None:
        if inbound.button:
            return self._button(ctx, inbound.button)
        if inbound.kind != "text" or not (inbound.text or "").strip():
            if inbound.sender.in_group and ctx.contact is None:
                return None
            return Reply.text("Bot chỉ đọc tin nhắn chữ. Hãy gõ câu trả lời, ví dụ: “xong TB25-11” "
                              "hoặc /huongdan để xem cách dùng.")
        text = clean_input(inbound.text).strip()
        cmd = parse_command(text) or parse_text_command(text) or self._bare_word(text)
        if cmd is not None:
            return self._command(ctx, cmd)
        if ctx.contact is None:
            return None if inbound.sender.in_group else Reply.text(NOT_REGISTERED)
        if inbound.sender.in_group:
            return None  # free text in a group is people talking to each other
        return self._free_text(ctx, text, inbound.reply_to_text)

    @staticmethod
    def _bare_word(text: str) -> Command | None:
        """Zalo users type 'viec', 'HOANTAC', 'tong hop' without a slash."""
        word = fold(text).replace(" ", "")
        return parse_command("/" + word) if word in {"viec", "quahan", "tonghop", "hoantac", "huongdan",
                                                        "baocao", "huy", "help"} else None

    def _command(self, ctx: Ctx, cmd: Command) -> Reply | None:
        name, args = cmd.name, cmd.args
        if name == "start":
            return self._start(ctx, args)
        if name == "help":
            return self._help(ctx)
        if ctx.contact is None:
            return Reply.text(NOT_REGISTERED)
        code, rest = split_code(args)
        if name in ("done", "delayed", "note", "progress"):
            if code is None:
                return self._free_text(ctx, f"{name_vi(name)} {args}", None, forced=name)
            if name == "done":
                return actions.do_done(ctx, code, rest)
            if name == "progress":
                return actions.do_progress(ctx, code, rest)
            if name == "note":
                return actions.do_note(ctx, code, rest)
            hit = extract_reply_date(rest, ctx.today)
            return actions.do_delay(ctx, code, hit[0] if hit else None, hit[1] if hit else rest)
        if name == "undo":
            return actions.do_undo(ctx, None)
        if name == "cancel":
            actions.clear_prompt(ctx)
            return Reply.text("Đã hủy. Gõ /huongdan nếu cần.")
        if name == "tasks":
            return lookups.my_tasks(ctx)
        if name == "overdue":
            return lookups.overdue(ctx)
        if name == "agency":
            return lookups.agency_view(ctx, args)
        if name == "task":
            return lookups.task_history(ctx, split_code(args)[0], self.tz)
        if name == "summary" and self.summary_hook:
            return self.summary_hook(ctx, args)
        if name == "report" and self.report_hook:
            if not lookups.is_manager(ctx):
                raise Refusal("Báo cáo dành cho lãnh đạo Tiểu Ban và thư ký. Gõ /tonghop để xem tổng hợp của cơ quan bạn.")
            return self.report_hook(ctx)
        return Reply.text("Không hiểu lệnh này. Gõ /huongdan để xem các lệnh.")

    def _start(self, ctx: Ctx, args: str) -> Reply:
        code = args.strip().split()[0] if args.strip() else ""
        if not code:
            if ctx.contact:
                return self._help(ctx)
            return Reply.text("Chào bạn! Để dùng bot Nhắc việc, xin Sở KH&CN (thư ký Tiểu Ban) một mã mời, "
                              "rồi gửi: /start MÃ (trên Zalo: DANGKY MÃ).")
        s = ctx.sender
        contact = redeem(ctx.session, code, platform=s.platform, user_id=s.user_id, chat_id=s.chat_id,
                         display_name=s.display_name, now=ctx.now)
        ctx.contact = contact
        agency = ctx.session.get(lookups.Agency, contact.agency_id) if contact.agency_id else None
        who = f"{ROLE_VI[contact.role]}" + (f" của {bold(agency.name)}" if agency else "")
        what = ("Bot sẽ nhắc bạn trước hạn (14, 7, 3, 1 ngày làm việc), đúng hạn và khi quá hạn, "
                "chỉ trong giờ hành chính." if contact.role == "focal" else
                "Bot sẽ gửi bạn tổng hợp việc quá hạn mỗi ngày làm việc khi có.")
        return Reply.text(f"Đăng ký thành công: bạn là {who}.\n{what}", self._help(ctx).entries[0].text)

    def _help(self, ctx: Ctx) -> Reply:
        if ctx.contact is None:
            return Reply.text(NOT_REGISTERED)
        if lookups.is_manager(ctx):
            return Reply.text(MANAGER_HELP)
        return Reply.text(FOCAL_HELP if ctx.has_buttons else ZALO_HELP)

    # -- buttons and free text -----------------------------------------------------------
    def _button(self, ctx: Ctx, data: str) -> Reply:
        parts = data.split(":")
        if parts[0] == "skip":
            actions.clear_prompt(ctx)
            return Reply.text("Đã bỏ qua.")
        if parts[0] == "undo" and len(parts) == 2 and parts[1].isdigit():
            return actions.do_undo(ctx, int(parts[1]))
        if parts[0] in ("st", "fx") and len(parts) == 3:
            action, code = parts[1], parts[2]
            prompt = actions.current_prompt(ctx)
            draft = prompt.draft_text if parts[0] == "fx" and prompt and prompt.action == "pick" else ""
            if action == "done":
                return actions.do_done(ctx, code, strip_lead(draft))
            if action == "delay":
                hit = extract_reply_date(draft, ctx.today) if draft else None
                reason = strip_lead(hit[1] if hit else draft)
                return actions.do_delay(ctx, code, hit[0] if hit else None, reason)
            if action == "progress":
                return actions.do_progress(ctx, code, draft)
            if action == "note":
                return actions.do_note(ctx, code, draft)
        return Reply.text("Nút này không còn dùng được. Gõ /viec để xem lại danh sách.")

    def _free_text(self, ctx: Ctx, text: str, reply_to: str | None, forced: str | None = None) -> Reply:
        prompt = actions.current_prompt(ctx)
        if prompt and prompt.action != "pick" and not forced:
            return self._answer_prompt(ctx, prompt, text)
        ft = classify(text, ctx.today)
        codes = ft.codes or (find_codes(reply_to) if reply_to else [])
        intent = {"done": "done", "delayed": "delay", "in_progress": "progress", "note": "note"}.get(forced or "", None) \
            or {"done": "done", "delayed": "delay", "in_progress": "progress"}.get(ft.intent or "")
        if not codes and ctx.contact.role == "focal":
            open_rows = lookups.open_rows(ctx, [ctx.contact.agency_id]) if ctx.contact.agency_id else []
            candidates = sorted({t.code for t, _, _ in open_rows})
            if len(candidates) == 1:
                codes = candidates
            elif candidates:
                return self._ask_which(ctx, intent, text, candidates)
        if not codes:
            return Reply.text("Bạn báo cho việc nào? Ghi kèm mã việc (ví dụ TB25-11). Gõ /viec để xem danh sách.")
        if len(codes) > 1:
            return self._ask_which(ctx, intent, text, codes)
        code = codes[0]
        if intent is None or ft.ambiguous:
            actions.own_assignment(ctx, code)
            actions.set_prompt(ctx, "pick", codes=[code], draft_text=strip_codes(text))
            buttons = [Button("✅ Xong", f"fx:done:{code}"), Button("⏳ Chậm", f"fx:delay:{code}"),
                       Button("🔄 Đang làm", f"fx:progress:{code}"), Button("📝 Chỉ ghi chú", f"fx:note:{code}")]
            hint = "" if ctx.has_buttons else f"\nGõ: XONG {code} … / CHAM {code} … / GHICHU {code} …"
            return Reply.text(f"Bạn muốn báo gì cho {bold(code)}?{hint}", buttons=buttons)
        if intent == "done":
            return actions.do_done(ctx, code, ft.note)
        if intent == "progress":
            return actions.do_progress(ctx, code, ft.note)
        if intent == "note":
            return actions.do_note(ctx, code, ft.note)
        return actions.do_delay(ctx, code, ft.new_due, ft.note)

    def _ask_which(self, ctx: Ctx, intent: str | None, text: str, codes: list[str]) -> Reply:
        actions.set_prompt(ctx, "pick", codes=codes[:8], draft_text=strip_codes(text))
        kind = intent or "note"
        buttons = [Button(c, f"fx:{kind}:{c}") for c in codes[:8]]
        hint = "" if ctx.has_buttons else "\nGõ lại kèm mã việc, ví dụ: XONG " + codes[0]
        return Reply.text("Bạn báo cho việc nào? Chọn mã việc:" + hint, buttons=buttons)

    def _answer_prompt(self, ctx: Ctx, prompt, text: str) -> Reply:
        code = prompt.codes.split(",")[0]
        if prompt.action in ("done_note", "delay_reason", "note"):
            return actions.do_note(ctx, code, text)
        # prompt.action == "delay": we still need the date (and maybe the reason)
        hit = extract_reply_date(text, ctx.today)
        if hit is None:
            raise Refusal("Chưa đọc được ngày. Viết ví dụ “15/7”, “30/9/2025” hoặc “cuối tháng 8”. Gõ /huy để thôi.")
        reason = " ".join(x for x in (prompt.draft_text, strip_lead(hit[1])) if x).strip()
        return actions.do_delay(ctx, code, hit[0], reason)


def name_vi(name: str) -> str:
    return {"done": "xong", "delayed": "chậm", "note": "ghi chú", "progress": "đang làm"}[name]

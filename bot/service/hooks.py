"""/tonghop and /baocao: the conversation asks, the summary and report services answer."""
from __future__ import annotations

from bot.render import bold
from bot.service.actions import Ctx
from bot.service.messages import Reply


def summary_hook(core):
    def answer(ctx: Ctx, args: str) -> Reply:
        try:
            from bot.service.summary import chat_summary
        except ImportError:  # the summary service is not there yet
            return Reply.text("Chưa có chức năng tổng hợp.")
        return chat_summary(ctx, args, core)

    return answer


def report_hook(core):
    def answer(ctx: Ctx) -> Reply:
        try:
            from bot.service.summary import chat_report
        except ImportError:
            return Reply.text(f"{bold('Báo cáo')}: chưa có chức năng này.")
        return chat_report(ctx, core)

    return answer

"""/tonghop and /baocao in the chat (bound to the conversation by `bot.app.build_conversation`).

A manager (lead, secretariat) sees the whole picture or names an agency or a plan key; a
focal point sees their own agency only, because the figures of other agencies are the
lead's to read. /baocao sends the three files as attachments, built in memory.
"""
from __future__ import annotations

from sqlmodel import select

from bot.service.conversation.actions import Ctx, Refusal
from bot.service.conversation.lookups import is_manager
from bot.service.ports import Attachment, Reply
from bot.service.reports.chart import chart_png
from bot.service.reports.monthly import docx_bytes
from bot.service.reports.formats import vn_date
from bot.service.reports.workbook import xlsx_bytes
from bot.service.reports.files import default_paths
from bot.service.reports.summary import summarize, summary_text
from bot.store.models import Agency, Plan


def chat_summary(ctx: Ctx, args: str, core) -> Reply:
    """/tonghop [cơ quan | mã kế hoạch]."""
    args, plan, agency = args.strip(), None, None
    if is_manager(ctx):
        keys = set(ctx.session.exec(select(Plan.key)).all())
        plan = args.upper() if args.upper() in keys else None
        agency = args if args and plan is None else None
    elif ctx.contact is not None and ctx.contact.agency_id is not None:
        agency = ctx.session.get(Agency, ctx.contact.agency_id).name
    else:
        raise Refusal("Tổng hợp dành cho đầu mối các cơ quan và lãnh đạo Tiểu Ban. "
                      "Xin Sở KH&CN (thư ký Tiểu Ban) một mã mời để đăng ký.")
    try:
        summary = summarize(ctx.session, ctx.today, core.settings.zone, plan=plan, agency=agency)
    except LookupError as exc:
        return Reply.text(str(exc))
    return Reply.text(summary_text(summary))


def chat_report(ctx: Ctx, core) -> Reply:
    """/baocao: the summary text plus the chart, the workbook and the monthly report."""
    summary = summarize(ctx.session, ctx.today, core.settings.zone)
    names = {k: p.name for k, p in default_paths(core.settings.data_dir, ctx.today).items()}
    reply = Reply.text(summary_text(summary, title="Báo cáo tiến độ"))
    reply.attachments = [
        Attachment(names["png"], chart_png(summary), kind="photo",
                   caption=f"Tiến độ theo cơ quan đến ngày {vn_date(ctx.today)}"),
        Attachment(names["xlsx"], xlsx_bytes(summary), caption="Bảng tổng hợp, chi tiết và việc quá hạn"),
        Attachment(names["docx"], docx_bytes(summary), caption=f"Báo cáo tháng {ctx.today.month}/{ctx.today.year}"),
    ]
    return reply

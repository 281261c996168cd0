"""/tonghop and /baocao in the chat (bound to the conversation by `bot.app.build_conversation`,
so the report libraries are imported only when a report is asked for).

A manager (lead, secretariat) sees the whole picture or names an agency or a plan key; a
focal point sees their own agency only, because the figures of other agencies are the
lead's to read. /baocao sends the three files as attachments, built in memory.
"""
from __future__ import annotations

from pathlib import Path
from zoneinfo import ZoneInfo

from bot.service import texts
from bot.service.conversation.context import Ctx, Refusal
from bot.service.ports import Attachment, Reply
from bot.service.reports.chart import chart_png
from bot.service.reports.files import default_paths
from bot.service.reports.monthly import docx_bytes
from bot.service.reports.summary import summarize
from bot.service.reports.summary_text import summary_text
from bot.service.reports.workbook import xlsx_bytes
from bot.store import tasks
from bot.store.models import Agency


def chat_summary(ctx: Ctx, args: str, *, tz: ZoneInfo) -> Reply:
    """/tonghop [cơ quan | mã kế hoạch]."""
    args, plan, agency = args.strip(), None, None
    if ctx.is_manager:
        plan = args.upper() if args.upper() in tasks.plan_keys(ctx.session) else None
        agency = args if args and plan is None else None
    elif ctx.contact is not None and ctx.contact.agency_id is not None:
        agency = ctx.session.get(Agency, ctx.contact.agency_id).name
    else:
        raise Refusal(texts.SUMMARY_REGISTERED_ONLY)
    try:
        summary = summarize(ctx.session, ctx.today, tz, plan=plan, agency=agency)
    except LookupError as exc:
        return Reply.text(str(exc))
    return Reply.text(summary_text(summary))


def chat_report(ctx: Ctx, args: str, *, tz: ZoneInfo) -> Reply:
    """/baocao: the summary text plus the chart, the workbook and the monthly report."""
    summary = summarize(ctx.session, ctx.today, tz)
    names = {k: p.name for k, p in default_paths(Path("."), ctx.today).items()}
    reply = Reply.text(summary_text(summary, title=texts.REPORT_TITLE))
    reply.attachments = [
        Attachment(names["png"], chart_png(summary), kind="photo",
                   caption=texts.CHART_CAPTION.format(date=texts.vn_date(ctx.today))),
        Attachment(names["xlsx"], xlsx_bytes(summary), caption=texts.WORKBOOK_CAPTION),
        Attachment(names["docx"], docx_bytes(summary),
                   caption=texts.MONTHLY_CAPTION.format(month=ctx.today.month, year=ctx.today.year)),
    ]
    return reply

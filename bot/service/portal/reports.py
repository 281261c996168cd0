"""Report files from the web page, as of a chosen date: the same `Summary` as the chat and the
CLI, scoped to the viewer (a focal point gets its own agency's figures)."""
from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

from bot.service.portal.auth import Viewer
from bot.service.portal.figures import Figures

KINDS = {
    "xlsx": ("tien-do-{d}.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "png": ("bieu-do-{d}.png", "image/png"),
    "docx": ("bao-cao-thang-{d}.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
}


def report_file(figures: Figures, viewer: Viewer, kind: str, as_of: date, tz: ZoneInfo) -> tuple[str, str, bytes]:
    """(file name, media type, bytes) of one report. The summary (and the chart, which the
    overview shows on every visit) come from the cache; the workbook and the DOCX are made each time."""
    if kind == "png":
        name, media = KINDS[kind]
        return name.format(d=as_of.isoformat()), media, figures.chart(viewer, as_of, tz)
    summary = figures.summary(viewer, as_of, tz)
    if kind == "xlsx":
        from bot.service.reports.workbook import xlsx_bytes as render
    elif kind == "docx":
        from bot.service.reports.monthly import docx_bytes as render
    else:
        raise KeyError(kind)
    name, media = KINDS[kind]
    return name.format(d=as_of.isoformat()), media, render(summary)

"""Report files for the Tiểu Ban lead: one `Summary`, three renderings.

Each renderer returns bytes (so the chat can send the file without touching the disk) and
has a `write_*` twin. `write_reports` computes the summary once and writes the requested
files, so the workbook, the chart and the DOCX always show the same figures.
"""
from __future__ import annotations

from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.store import Session

from bot.service.reports.chart import chart_png, write_png
from bot.service.reports.monthly import docx_bytes, write_docx
from bot.service.reports.workbook import write_xlsx, xlsx_bytes
from bot.service.reports.summary import Summary, summarize

__all__ = ["chart_png", "default_paths", "docx_bytes", "write_docx", "write_png", "write_reports", "write_xlsx",
           "xlsx_bytes"]

WRITERS = {"xlsx": write_xlsx, "png": write_png, "docx": write_docx}


def default_paths(folder: Path, as_of: date, plan: str | None = None) -> dict[str, Path]:
    """`out/tien-do-2025-06-16.xlsx`, `…png`, `bao-cao-thang-…docx` (plan key added when filtered)."""
    tag = f"{plan.lower()}-{as_of.isoformat()}" if plan else as_of.isoformat()
    return {"xlsx": folder / f"tien-do-{tag}.xlsx", "png": folder / f"bieu-do-{tag}.png",
            "docx": folder / f"bao-cao-thang-{tag}.docx"}


def write_reports(session: Session, as_of: date, tz: ZoneInfo, paths: dict[str, Path], *,
                  plan: str | None = None) -> tuple[Summary, list[Path]]:
    """Summarise once, then write each requested format ("xlsx", "png", "docx") to its path."""
    summary = summarize(session, as_of, tz, plan=plan)
    return summary, [WRITERS[kind](summary, path) for kind, path in paths.items()]

"""Vietnamese number and date formats shared by the summary text and the report files.

Vietnamese writes 30,0% and 10.000 (comma for decimals, dot for thousands) and dates as
16/06/2025; the lead reads these figures next to official documents written that way.
"""
from __future__ import annotations

from datetime import date, datetime


def vn_date(d: date | datetime | None) -> str:
    return d.strftime("%d/%m/%Y") if d else ""


def vn_num(n: int) -> str:
    """Vietnamese digit grouping: 10.000."""
    return f"{n:,}".replace(",", ".")


def vn_pct(x: float) -> str:
    """Vietnamese decimal comma: 30,0%."""
    return f"{x:.1f}".replace(".", ",") + "%"


def shorten(text: str, width: int = 60) -> str:
    text = " ".join(text.split())
    if len(text) <= width:
        return text
    cut = text[:width - 1].rsplit(" ", 1)[0] or text[:width - 1]
    return cut.rstrip(",;:.- ") + "…"

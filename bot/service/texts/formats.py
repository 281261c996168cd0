"""Vietnamese formats: 30/06/2025, 10.000, 30,0%; and shortening a long content."""
from __future__ import annotations

from datetime import date, datetime

# -- formats ---------------------------------------------------------------------------


def vn_date(d: date | datetime | None) -> str:
    return d.strftime("%d/%m/%Y") if d else ""


def vn_datetime(d: datetime) -> str:
    return d.strftime("%d/%m/%Y %H:%M")


def vn_time_date(d: datetime) -> str:
    """'20:41 05/12/2026': the time first, as in "hết hạn lúc …"."""
    return d.strftime("%H:%M %d/%m/%Y")


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

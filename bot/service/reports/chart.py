"""The chart: one horizontal stacked bar per agency, by category, most overdue on top.

Headless (Agg) and built on a `Figure` object rather than pyplot, so it holds no global
state and can run in the bot's worker thread. DejaVu Sans ships with matplotlib and has the
Vietnamese glyphs; it is set explicitly because a system default font may lack them.
"""
from __future__ import annotations

from io import BytesIO
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

from matplotlib import rc_context  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.ticker import MaxNLocator  # noqa: E402

from bot.service.texts import shorten, vn_date  # noqa: E402
from bot.service.reports.summary import CATEGORIES, IN_TIME, LABELS, LATE, ON_TIME, OVERDUE, Summary  # noqa: E402
from bot.text import fold  # noqa: E402

COLORS = {ON_TIME: "#2e7d32", LATE: "#9ccc65", IN_TIME: "#1e88e5", OVERDUE: "#e53935"}
FONT = {"font.family": "DejaVu Sans", "font.size": 9, "axes.titlesize": 12}


def chart_png(summary: Summary, *, dpi: int = 130) -> bytes:
    rows = sorted((f for f in summary.agencies if f.dated), key=lambda f: (-f.counts[OVERDUE], fold(f.agency)))
    with rc_context(FONT):
        fig = Figure(figsize=(11, max(3.5, 0.32 * len(rows) + 2.2)), dpi=dpi, layout="constrained")
        ax = fig.add_subplot()
        ax.set_title(f"Tiến độ thực hiện nhiệm vụ theo cơ quan — đến ngày {vn_date(summary.as_of)}",
                     fontweight="bold")
        if rows:
            y = list(range(len(rows)))
            left = [0] * len(rows)
            for c in CATEGORIES:
                values = [f.counts[c] for f in rows]
                ax.barh(y, values, left=left, color=COLORS[c], label=LABELS[c], height=0.7)
                left = [a + b for a, b in zip(left, values)]
            for i, total in enumerate(left):
                ax.text(total, i, f" {total}", va="center", fontsize=8)
            ax.set_yticks(y, labels=[shorten(f.agency, 48) for f in rows])
            ax.set_ylim(len(rows) - 0.5, -0.5)  # the most overdue agency on top, no padding
            ax.set_xlim(0, max(left) * 1.08 + 1)
            fig.legend(loc="outside lower center", ncol=4, frameon=False)
        else:
            ax.text(0.5, 0.5, "Không có nhiệm vụ có thời hạn", ha="center", va="center", transform=ax.transAxes)
            ax.set_yticks([])
        ax.set_xlabel("Số nhiệm vụ")
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.grid(axis="x", alpha=0.3)
        ax.set_axisbelow(True)
        buf = BytesIO()
        fig.savefig(buf, format="png")
    return buf.getvalue()


def write_png(summary: Summary, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(chart_png(summary))
    return path

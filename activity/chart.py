"""Bar charts as PNG, drawn with matplotlib's Agg backend (no display, safe in a thread).

DejaVu Sans, which ships with matplotlib, has every Vietnamese letter, so labels keep their
diacritics.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

MAX_BARS = 15
COLOURS = ("#1f77b4", "#2ca02c")


@dataclass(frozen=True)
class Panel:
    """One horizontal bar chart: a title and (label, value) bars, drawn in the given order."""

    title: str
    bars: tuple[tuple[str, int], ...]


def bar_count(panels: list[Panel]) -> int:
    return sum(len(panel.bars[:MAX_BARS]) for panel in panels)


def render_png(title: str, panels: list[Panel]) -> bytes:
    """The panels side by side under one title, as PNG bytes."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    panels = [p for p in panels if p.bars]
    tallest = max((len(p.bars[:MAX_BARS]) for p in panels), default=1)
    figure = Figure(figsize=(6.5 * max(len(panels), 1), 1.6 + 0.42 * tallest), dpi=100)
    FigureCanvasAgg(figure)
    figure.suptitle(title, fontsize=13, fontweight="bold")
    for index, panel in enumerate(panels):
        axes = figure.add_subplot(1, len(panels), index + 1)
        bars = panel.bars[:MAX_BARS]
        labels = [_short(label) for label, _ in bars][::-1]
        values = [value for _, value in bars][::-1]
        drawn = axes.barh(range(len(values)), values, height=0.65,
                          color=COLOURS[index % len(COLOURS)])
        axes.set_ylim(len(values) - max(tallest, 4) - 0.5, len(values) - 0.5)  # bars at the top
        axes.xaxis.set_major_locator(MaxNLocator(integer=True))
        axes.set_yticks(range(len(values)), labels, fontsize=9)
        axes.bar_label(drawn, labels=[f"{v:,}".replace(",", ".") for v in values],
                       padding=3, fontsize=8)
        axes.set_title(panel.title, fontsize=11)
        axes.margins(x=0.18)
        axes.spines[["top", "right"]].set_visible(False)
        axes.tick_params(axis="x", labelsize=8)
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


def _short(label: str, limit: int = 28) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"

"""Horizontal bar charts drawn by the server as SVG: no script, readable on any phone, and
the figures stay in the page as text. Render with ``common/bar_chart.html``."""

from dataclasses import dataclass

CHART_WIDTH = 320
BAR_HEIGHT = 18
LABEL_WIDTH = 110


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    shown: str
    y: int
    width: int


@dataclass(frozen=True)
class BarChart:
    id: str
    title: str
    bars: list[Bar]
    width: int = CHART_WIDTH
    label_width: int = LABEL_WIDTH

    @property
    def height(self) -> int:
        return max(len(self.bars), 1) * BAR_HEIGHT + 4


def bar_chart(
    id: str,
    title: str,
    rows: list[tuple[str, float]],
    *,
    scale: float | None = None,
    unit: str = "",
) -> BarChart:
    """A chart of ``rows`` (label, value); bars are scaled to ``scale`` (100 for
    percentages) or to the largest value."""
    peak = scale or max((value for _label, value in rows), default=0)
    room = CHART_WIDTH - LABEL_WIDTH - 44
    bars = [
        Bar(
            label=label,
            value=value,
            shown=f"{value:g}{unit}",
            y=index * BAR_HEIGHT + 2,
            width=round(min(value, peak) / peak * room) if peak else 0,
        )
        for index, (label, value) in enumerate(rows)
    ]
    return BarChart(id=id, title=title, bars=bars)

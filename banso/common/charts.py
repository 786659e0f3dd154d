"""Horizontal bar charts drawn by the server as SVG: no script, readable on any phone, and
the figures stay in the page as text. Render with ``common/bar_chart.html``."""

from dataclasses import dataclass

from banso.common.numbers import number_text

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
            shown=f"{number_text(value)}{unit}",
            y=index * BAR_HEIGHT + 2,
            width=round(min(value, peak) / peak * room) if peak else 0,
        )
        for index, (label, value) in enumerate(rows)
    ]
    return BarChart(id=id, title=title, bars=bars)


RANK_CHART_HEIGHT = 160
RANK_MARGIN = 28


@dataclass(frozen=True)
class RankPoint:
    label: str
    rank: int
    out_of: int
    x: int
    y: int


@dataclass(frozen=True)
class RankChart:
    """Rank over editions: first place at the top, the last rank ranked at the bottom."""

    id: str
    title: str
    points: list[RankPoint]
    bottom: int
    width: int = CHART_WIDTH
    height: int = RANK_CHART_HEIGHT
    top: int = RANK_MARGIN // 2
    left: int = RANK_MARGIN

    @property
    def line(self) -> str:
        return " ".join(f"{point.x},{point.y}" for point in self.points)

    @property
    def axis_bottom(self) -> int:
        return self.height - RANK_MARGIN


def rank_chart(id: str, title: str, editions: list[tuple[str, int, int]]) -> RankChart:
    """A line of ``editions`` (label, rank, out of), oldest first, on a scale from 1 to the
    largest number ranked, so a rank out of 34 and one out of 63 stand on the same axis."""
    bottom = max((out_of for _label, _rank, out_of in editions), default=1)
    top, left = RANK_MARGIN // 2, RANK_MARGIN
    span_y = RANK_CHART_HEIGHT - RANK_MARGIN - top
    span_x = CHART_WIDTH - 2 * left
    step = span_x / (len(editions) - 1) if len(editions) > 1 else 0
    points = [
        RankPoint(
            label=label,
            rank=rank,
            out_of=out_of,
            x=round(left + index * step) if step else CHART_WIDTH // 2,
            y=round(top + (rank - 1) / max(bottom - 1, 1) * span_y),
        )
        for index, (label, rank, out_of) in enumerate(editions)
    ]
    return RankChart(id=id, title=title, points=points, bottom=bottom)

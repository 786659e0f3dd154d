"""A bar chart drawn on the server as inline SVG: no script, no library, readable by a screen
reader (``<title>``, ``<desc>`` and a label on each bar) and crisp at any width."""

from dataclasses import dataclass

WIDTH = 320
HEIGHT = 160
AXIS = 20  # room under the bars for the day labels
TOP = 14  # room above the tallest bar for its value


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    value: int
    label: str
    show_label: bool
    label_x: float
    label_anchor: str


@dataclass(frozen=True)
class BarChart:
    width: int
    height: int
    baseline: float
    bars: list[Bar]
    peak: int


def bar_chart(points: list[tuple[str, int]], *, label_every: int = 7) -> BarChart:
    """Geometry of a bar per ``(label, value)``; every ``label_every``-th label is printed
    under its bar (the last one always), all of them are in the bars' titles."""
    plot = HEIGHT - AXIS - TOP
    peak = max((value for _label, value in points), default=0)
    slot = WIDTH / max(len(points), 1)
    bars = []
    last = len(points) - 1
    for index, (label, value) in enumerate(points):
        height = round(plot * value / peak, 1) if peak else 0
        # Labels sit under the middle of their bar; the last one ends at the edge.
        centre = round(index * slot + slot / 2, 2)
        bars.append(
            Bar(
                x=round(index * slot + slot * 0.1, 2),
                y=round(TOP + plot - height, 1),
                width=round(slot * 0.8, 2),
                height=height,
                value=value,
                label=label,
                show_label=(last - index) % label_every == 0,
                label_x=WIDTH if index == last else centre,
                label_anchor="end" if index == last else "middle",
            )
        )
    return BarChart(width=WIDTH, height=HEIGHT, baseline=TOP + plot, bars=bars, peak=peak)

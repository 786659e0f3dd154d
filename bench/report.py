"""Measures, their goals, the results table and the JSON file."""

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Goal:
    """A bound on a measure's ratio to its baseline.

    Throughput should stay above a share of the baseline's (``at_least``), latency below a
    multiple of it. Goals are ratios, never absolute times, so they hold on any machine. A count
    that must come out right (one booking won of a race) is ``exactly`` its baseline.
    """

    bound: float
    at_least: bool
    exactly: bool = False

    def met(self, ratio: float) -> bool:
        if self.exactly:
            return ratio == self.bound
        return ratio >= self.bound if self.at_least else ratio <= self.bound

    def __str__(self) -> str:
        sign = "=" if self.exactly else "≥" if self.at_least else "≤"
        return f"{sign} {self.bound:.2f}"


@dataclass(frozen=True)
class Measure:
    """One row of the results: a value and, where it has one, its baseline from the same run."""

    benchmark: str
    measure: str
    value: float
    unit: str
    baseline: float | None = None
    goal: Goal | None = None

    @property
    def ratio(self) -> float | None:
        if self.baseline is None or self.baseline == 0:
            return None
        return self.value / self.baseline

    @property
    def goal_met(self) -> bool | None:
        if self.goal is None or self.ratio is None:
            return None
        return self.goal.met(self.ratio)

    def as_dict(self) -> dict[str, Any]:
        return {
            "benchmark": self.benchmark,
            "measure": self.measure,
            "unit": self.unit,
            "value": self.value,
            "baseline": self.baseline,
            "ratio": self.ratio,
            "goal": str(self.goal) if self.goal else None,
            "goal_met": self.goal_met,
        }


@dataclass
class Report:
    """What one benchmark module returns: its rows, and raw figures for the JSON file."""

    measures: list[Measure]
    details: dict[str, Any]


def format_number(value: float) -> str:
    if value >= 100:
        return f"{value:,.0f}"
    return f"{value:.2f}"


def format_table(measures: list[Measure]) -> str:
    header = ["benchmark", "measure", "value", "baseline", "ratio", "goal"]
    rows = [header]
    for measure in measures:
        goal = ""
        if measure.goal is not None:
            goal = f"{measure.goal} {'met' if measure.goal_met else 'MISSED'}"
        rows.append(
            [
                measure.benchmark,
                f"{measure.measure} ({measure.unit})",
                format_number(measure.value),
                format_number(measure.baseline) if measure.baseline is not None else "",
                f"{measure.ratio:.3f}" if measure.ratio is not None else "",
                goal,
            ]
        )
    widths = [max(len(row[column]) for row in rows) for column in range(len(header))]
    numeric = {2, 3, 4}

    def line(row: list[str]) -> str:
        cells = [
            cell.rjust(width) if index in numeric else cell.ljust(width)
            for index, (cell, width) in enumerate(zip(row, widths, strict=True))
        ]
        return "  ".join(cells).rstrip()

    rule = "  ".join("-" * width for width in widths)
    return "\n".join([line(rows[0]), rule, *(line(row) for row in rows[1:])])


def write_json(path: Path, document: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def quantile(values: list[float], share: float) -> float:
    """The value ``share`` (0–1) of the way through ``values`` once sorted, at the nearest
    index (not interpolated): the p50 and p95 of the benchmarks' timings."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def timing_summary(times: list[float]) -> dict[str, float]:
    """p50, p95 and the slowest of ``times`` (milliseconds), rounded to 0.01 ms."""
    return {
        "p50_ms": round(quantile(times, 0.5), 2),
        "p95_ms": round(quantile(times, 0.95), 2),
        "max_ms": round(max(times), 2),
    }


def p95_measures(
    name: str, what: str, label: str, p95_ms: float, *, baseline_ms: float, goal_ms: float
) -> list[Measure]:
    """A p95 set against the run's baseline, and against its goal (at most ``goal_ms``)."""
    return [
        Measure(name, f"{what} p95, {label}", p95_ms, "ms", baseline=baseline_ms),
        Measure(
            name,
            f"{what} p95 vs {format_number(goal_ms)} ms goal, {label}",
            p95_ms,
            "ms",
            baseline=goal_ms,
            goal=Goal(1.0, at_least=False),
        ),
    ]

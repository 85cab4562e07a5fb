"""Geometry of the inline SVG chart of a school's overall rank over editions.

The template only draws what this computes: rank 1 at the top, the worst position at the
bottom; an exact rank is a dot, a band a bar covering its bounds (an open band runs to the
bottom), and a line joins the middles of consecutive editions.
"""

from __future__ import annotations

from dataclasses import dataclass

from .ranks import Rank

WIDTH, HEIGHT = 640, 300
LEFT, RIGHT, TOP, BOTTOM = 76, 24, 40, 48


@dataclass(frozen=True, slots=True)
class ChartPoint:
    year: int
    label: str
    x: float
    y_top: float
    y_bottom: float
    is_band: bool

    @property
    def y_middle(self) -> float:
        return (self.y_top + self.y_bottom) / 2

    @property
    def bar_height(self) -> float:
        return max(self.y_bottom - self.y_top, 4)

    # SVG coordinates as text: a template would print floats with the language's decimal comma.
    @property
    def svg(self) -> dict[str, str]:
        return {
            "x": f"{self.x:.1f}",
            "y": f"{self.y_top:.1f}",
            "bar_x": f"{self.x - 14:.1f}",
            "bar_height": f"{self.bar_height:.1f}",
            "label_y": f"{self.y_top - 10:.1f}",
        }


@dataclass(frozen=True, slots=True)
class Tick:
    y: float
    position: int

    @property
    def svg_y(self) -> str:
        return f"{self.y:.1f}"


@dataclass(frozen=True, slots=True)
class RankChart:
    width: int
    height: int
    left: int
    right_edge: int
    bottom_edge: int
    points: list[ChartPoint]
    ticks: list[Tick]

    @property
    def line(self) -> str:
        return " ".join(f"{p.x:.1f},{p.y_middle:.1f}" for p in self.points)


def _tick_step(worst: int) -> int:
    for step in (1, 2, 5, 10, 20, 50, 100, 200, 250, 500):
        if worst / step <= 6:
            return step
    return 1000


def rank_chart(history: list[tuple[int, Rank | None]], *, worst: int) -> RankChart | None:
    """The chart of (year, overall rank) pairs, oldest first; None without any rank."""
    ranked = [(year, rank) for year, rank in history if rank is not None]
    if not ranked:
        return None
    worst = max([worst, *(rank.high or rank.low for _, rank in ranked)], default=1)
    plot_height = HEIGHT - TOP - BOTTOM
    plot_width = WIDTH - LEFT - RIGHT

    def y(position: int) -> float:
        return TOP + plot_height * (position - 1) / max(worst - 1, 1)

    step = plot_width / len(ranked)
    points = [
        ChartPoint(
            year=year,
            label=str(rank),
            x=LEFT + step * (index + 0.5),
            y_top=y(rank.low),
            y_bottom=y(rank.high if rank.high is not None else worst),
            is_band=rank.is_band,
        )
        for index, (year, rank) in enumerate(ranked)
    ]
    tick = _tick_step(worst)
    ticks = [Tick(y(1), 1)] + [Tick(y(pos), pos) for pos in range(tick, worst + 1, tick)]
    return RankChart(WIDTH, HEIGHT, LEFT, WIDTH - RIGHT, HEIGHT - BOTTOM, points, ticks)

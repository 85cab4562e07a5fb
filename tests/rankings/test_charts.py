"""Geometry of the school page's rank chart (rankings/charts.py)."""

from rankings.charts import BOTTOM, HEIGHT, TOP, rank_chart
from rankings.ranks import Rank


def test_better_rank_is_drawn_higher():
    chart = rank_chart([(2020, Rank.parse("301-400")), (2021, Rank.parse("101-200"))], worst=1115)
    earlier, later = chart.points
    assert later.y_top < earlier.y_top
    assert earlier.x < later.x


def test_band_covers_its_bounds_and_exact_rank_is_a_point():
    chart = rank_chart([(2020, Rank.parse("101-200")), (2021, Rank.parse("57"))], worst=1000)
    band, exact = chart.points
    assert band.is_band
    assert band.y_bottom > band.y_top
    assert not exact.is_band
    assert exact.y_top == exact.y_bottom


def test_open_band_runs_to_the_bottom_of_the_chart():
    (point,) = rank_chart([(2021, Rank.parse("1001+"))], worst=1115).points
    assert point.y_bottom == HEIGHT - BOTTOM
    assert point.label == "1001+"


def test_rank_one_is_at_the_top_and_ticks_stay_inside_the_plot():
    chart = rank_chart([(2021, Rank.parse("1"))], worst=776)
    assert chart.points[0].y_top == TOP
    assert chart.ticks[0].position == 1
    assert all(TOP <= tick.y <= HEIGHT - BOTTOM for tick in chart.ticks)


def test_editions_without_an_overall_rank_are_left_out():
    chart = rank_chart([(2020, None), (2021, Rank.parse("401-600"))], worst=1115)
    assert [point.year for point in chart.points] == [2021]
    assert rank_chart([(2020, None)], worst=776) is None


def test_svg_coordinates_use_a_decimal_point_whatever_the_language():
    (point,) = rank_chart([(2021, Rank.parse("101-200"))], worst=1115).points
    assert all("," not in value for value in point.svg.values())

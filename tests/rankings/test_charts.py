"""Geometry of the school page's rank chart (rankings/charts.py), and its SVG as the French
page prints it."""

import re

from rankings.charts import BOTTOM, HEIGHT, TOP, rank_chart
from rankings.models import Result
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


def test_svg_coordinates_use_a_decimal_point_on_the_french_page(client, demo):
    # A float printed by a template takes the language's decimal comma, which SVG cannot read.
    result = Result.objects.get(school__slug="imt-atlantique", edition__year=2021)
    result.rank = "57"  # a dot (cx, cy) beside 2020's band (x, y, height)
    result.save()

    page = client.get("/fr/schools/imt-atlantique/").content.decode()

    assert '<html lang="fr">' in page
    svg = page[page.index("<svg") : page.index("</svg>")]
    assert ">1\u00a0000</text>" in svg  # the tick labels are French
    coordinates = re.findall(r' (x|y|x1|x2|y1|y2|cx|cy|width|height|r)="([^"]*)"', svg)
    assert {name for name, _ in coordinates} >= {"x", "y", "y1", "cx", "cy", "height"}
    assert [value for _, value in coordinates if not re.fullmatch(r"\d+(\.\d+)?", value)] == []
    (points,) = re.findall(r'<polyline[^>]* points="([^"]*)"', svg)
    assert re.fullmatch(r"\d+\.\d,\d+\.\d \d+\.\d,\d+\.\d", points), points

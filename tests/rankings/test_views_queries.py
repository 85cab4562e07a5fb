"""Every public page's query count, pinned, and the same with ~1,200 institutions in a table."""

import itertools

import pytest
from django.urls import reverse

from rankings.models import SDG, Edition, Result, SDGResult
from schools.models import PressContact, School

pytestmark = pytest.mark.django_db

COUNTRIES = ["FR", "DE", "GB", "US", "ES", "IT", "JP", "BR", "CA", "AU"]


def add_institutions(count: int) -> None:
    """`count` institutions in the 2020 and 2021 tables, each ranked in three SDGs."""
    editions = list(Edition.objects.order_by("year"))
    countries = itertools.cycle(COUNTRIES)
    schools = School.objects.bulk_create(
        School(
            name=f"University of Testing {n}",
            slug=f"university-of-testing-{n}",
            name_key=f"university of testing {n}",
            country=next(countries),
            kind=School.Kind.OTHER,
        )
        for n in range(count)
    )
    results = Result.objects.bulk_create(
        Result(edition=edition, school=school, rank_low=1001 + n, rank_high=1001 + n)
        for edition in editions
        for n, school in enumerate(schools)
    )
    SDGResult.objects.bulk_create(
        SDGResult(result=result, sdg_id=number, rank_low=401, rank_high=600)
        for result in results
        for number in (3, 11, 17)
    )


def pages() -> list[tuple[str, str, dict, dict, int]]:
    contact = PressContact.objects.order_by("pk").first()
    return [
        ("home", "home", {}, {}, 6),
        ("schools list", "schools:list", {}, {}, 7),
        ("schools list, other institutions", "schools:list", {}, {"kind": "other"}, 7),
        ("school page", "schools:detail", {"slug": "imt-atlantique"}, {}, 4),
        ("contact", "schools:contact", {}, {}, 3),
        ("vcard", "schools:vcard", {"pk": contact.pk}, {}, 3),
        ("about", "schools:about", {}, {}, 3),
        ("rankings index", "rankings:index", {}, {}, 3),
        ("edition table", "rankings:edition", {"year": 2021}, {}, 6),
        (
            "edition table, filtered and sorted",
            "rankings:edition",
            {"year": 2021},
            {"country": "FR", "sdg": 11, "q": "mines", "sort": "sdgs", "page": 1},
            6,
        ),
        ("edition table, last page", "rankings:edition", {"year": 2021}, {"page": 99}, 6),
        ("sdg table", "rankings:sdg", {"year": 2021, "number": 11}, {}, 6),
    ]


@pytest.mark.parametrize("extra_institutions", [10, 1200], ids=["demo+10", "demo+1200"])
def test_every_page_runs_a_fixed_number_of_queries(
    client, demo, django_assert_num_queries, extra_institutions
):
    add_institutions(extra_institutions)
    for _, name, kwargs, params, queries in pages():
        url = reverse(name, kwargs=kwargs)
        with django_assert_num_queries(queries):
            response = client.get(url, params)
        assert response.status_code == 200, url


def test_large_table_shows_fifty_rows_a_page(client, demo):
    add_institutions(1200)
    response = client.get("/en/rankings/2021/")
    assert response.content.decode().count('<th scope="row">') == 50
    assert "of 1,204 institutions" in response.content.decode()


def test_sitemap_runs_a_fixed_number_of_queries(client, demo, django_assert_num_queries):
    add_institutions(1200)
    # One query a section: pages, schools, THE Impact's editions and SDG tables, the press,
    # the rankings, the other rankings' editions and their subject tables.
    with django_assert_num_queries(7):
        response = client.get("/sitemap.xml")
    assert "university-of-testing-1199" in response.content.decode()


def test_sdg_badges_of_every_goal_reach_aa_contrast():
    from common.colours import contrast_ratio, text_colour_on

    for sdg in SDG.objects.all():
        assert contrast_ratio(sdg.colour, text_colour_on(sdg.colour)) >= 4.5, sdg

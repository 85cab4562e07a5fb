"""The result admin's release sentences (press/admin/results.py): what a release would say."""

import pytest

from rankings.models import SDG, Result
from tests.conftest import admin_url
from tests.factories import ResultFactory, SDGResultFactory

pytestmark = pytest.mark.django_db


def sdg(number: int) -> SDG:
    return SDG.objects.get(number=number)


def test_result_page_shows_what_a_release_would_say_about_its_sdgs(admin_client):
    result = ResultFactory(school__name="IMT Mines Alès")
    for number, rank, national in [(1, "101-200", 1), (3, "201-300", None), (6, "=57", 1)]:
        SDGResultFactory(result=result, sdg=sdg(number), rank=rank, national_rank=national)
    page = admin_client.get(admin_url(Result, "change", result.pk)).content.decode()
    # Small numbers in words, each joined to its noun by a no-break space, as the release.
    assert (
        '<p lang="en">Ranked in three\u00a0of the 17\u00a0SDGs, the school is in the world '
        "top 100 in one\u00a0of them" in page
    )
    assert "Among French institutions, it is first in two\u00a0SDGs" in page
    assert '<p lang="fr">Présente dans trois\u00a0des 17\u00a0ODD, l’école se classe' in page
    assert (
        "Written once the result is saved."
        in admin_client.get(admin_url(Result, "add")).content.decode()
    )

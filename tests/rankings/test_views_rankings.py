"""The public pages of every ranking: the index lists them all, each edition has its overall
and subject tables (filters, search, sort, pagination, pinned queries, embargo), a school's page
shows every ranking it is in, with a chart each; THE Impact's addresses keep answering."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from rankings.models import Result, SubjectResult
from schools.models import School
from tests.factories import (
    EditionFactory,
    GroupFactory,
    RankingFactory,
    ResultFactory,
    SchoolFactory,
    SDGResultFactory,
    SubjectFactory,
)
from tests.pages import jsonld

pytestmark = pytest.mark.django_db

WUR = "the-world-rankings"


@pytest.fixture
def rankings(db):
    group = GroupFactory(name="Institut Mines-Télécom", short_name="IMT", slug="imt")
    atlantique = SchoolFactory(name="IMT Atlantique", group=group, kind=School.Kind.MEMBER)
    paris = SchoolFactory(name="Télécom Paris", group=group, kind=School.Kind.MEMBER)
    impact = ResultFactory(edition=EditionFactory(year=2021), school=atlantique, rank="101-200")
    SDGResultFactory(result=impact)
    wur = RankingFactory(slug=WUR, name_en="THE World University Rankings", name="x")
    wur.name_fr = "Classement mondial des universités THE"
    wur.save()
    science = SubjectFactory(ranking=wur, name="Computer science")
    science.name_fr = "Informatique"
    science.save()
    engineering = SubjectFactory(ranking=wur, name="Engineering and technology")
    for year, national in ((2020, 12), (2021, 10)):
        edition = EditionFactory(ranking=wur, year=year, institutions_ranked=1600)
        result = ResultFactory(
            edition=edition, school=atlantique, rank="351-400", national_rank=national
        )
        ResultFactory(edition=edition, school=paris, rank="201-250")
    SubjectResult.objects.create(result=result, subject=science, rank_low=151, rank_high=175)
    SubjectResult.objects.create(result=result, subject=engineering, rank_low=201, rank_high=250)
    letudiant = RankingFactory(
        slug="letudiant", name="L'Étudiant engineering schools", scope="national", country="FR"
    )
    for year, rank in ((2019, 10), (2020, 9)):
        edition = EditionFactory(ranking=letudiant, year=year, institutions_ranked=167)
        ResultFactory(edition=edition, school=atlantique, rank=str(rank))
    return wur


@pytest.mark.parametrize(
    ("language", "names"),
    [
        ("en", ["THE Impact Rankings", "L'Étudiant", "THE World University Rankings"]),
        ("fr", ["THE Impact Rankings", "Classement mondial des universités THE", "L'Étudiant"]),
    ],
)
def test_the_index_lists_every_ranking_with_its_editions_and_tables(
    client, rankings, language, names, django_assert_num_queries
):
    with django_assert_num_queries(4):  # group, editions, subjects, SDGs
        text = client.get(f"/{language}/rankings/").content.decode().replace("&#x27;", "'")
    positions = [text.index(name) for name in names]
    assert positions == sorted(positions)  # THE Impact first, then by name in the language
    assert f'href="/{language}/rankings/{WUR}/2021/"' in text
    assert f'href="/{language}/rankings/{WUR}/2021/computer-science/"' in text
    assert f'href="/{language}/rankings/letudiant/2020/"' in text
    assert f'href="/{language}/rankings/2021/sdg/17/"' in text
    assert ("Informatique" in text) == (language == "fr")


def test_the_impact_addresses_keep_answering(client, rankings):
    # A WUR 2021 edition exists too: /rankings/2021/ is still THE Impact's.
    page = client.get("/en/rankings/2021/").content.decode()
    assert "THE Impact Rankings 2021: overall table" in page
    assert client.get("/en/rankings/2021/sdg/17/").status_code == 200
    response = client.get("/en/rankings/the-impact-rankings/2021/")
    assert response.status_code == 301
    assert response["Location"] == "/en/rankings/2021/"


def test_another_ranking_s_edition_page(client, rankings, django_assert_num_queries):
    url = reverse("rankings:ranking_edition", kwargs={"slug": WUR, "year": 2021})
    with django_assert_num_queries(6):
        response = client.get(url)
    text = response.content.decode()
    assert "THE World University Rankings 2021: overall table" in text
    assert text.index("Télécom Paris") < text.index("IMT Atlantique")  # 201–250 before 351–400
    assert "351–400" in text
    assert "1,600 institutions ranked worldwide." in text
    assert jsonld(response)[0]["@type"] == "ItemList"


@pytest.mark.parametrize(
    ("params", "shown", "hidden"),
    [
        ({"subject": "computer-science"}, "IMT Atlantique", "Télécom Paris"),
        ({"q": "telecom"}, "Télécom Paris", "IMT Atlantique"),
        ({"sort": "-rank"}, "IMT Atlantique", None),
        ({"sort": "subjects", "country": "FR", "page": 1}, "IMT Atlantique", None),
    ],
)
def test_another_ranking_s_table_filters_searches_and_sorts(
    client, rankings, params, shown, hidden, django_assert_num_queries
):
    url = reverse("rankings:ranking_edition", kwargs={"slug": WUR, "year": 2021})
    with django_assert_num_queries(6):
        text = client.get(url, params).content.decode()
    body = text[text.index("<tbody>") :]
    assert shown in body
    if hidden:
        assert hidden not in body
    if params.get("sort") == "-rank":
        assert body.index("IMT Atlantique") < body.index("Télécom Paris")


def test_a_long_table_is_paged(client, rankings):
    edition = rankings.editions.get(year=2021)
    for n in range(60):
        ResultFactory(edition=edition, rank=str(400 + n))
    url = reverse("rankings:ranking_edition", kwargs={"slug": WUR, "year": 2021})
    assert client.get(url).content.decode().count('<th scope="row">') == 50
    assert client.get(url, {"page": 2}).content.decode().count('<th scope="row">') == 12


@pytest.mark.parametrize(
    ("language", "title"), [("en", "Computer science"), ("fr", "Informatique")]
)
def test_a_subject_table(client, rankings, language, title, django_assert_num_queries):
    url = f"/{language}/rankings/{WUR}/2021/computer-science/"
    with django_assert_num_queries(6):
        response = client.get(url)
    text = response.content.decode()
    assert f"<h1>{title}</h1>" in text
    assert "151–175" in text
    assert "Télécom Paris" not in text[text.index("<tbody>") :]
    assert client.get(f"/{language}/rankings/{WUR}/2021/law/").status_code == 404
    # THE Impact's tables are SDGs, not subjects.
    assert client.get(f"/{language}/rankings/the-impact-rankings/2021/sdg-17/").status_code == 404


def test_a_ranking_s_page_lists_its_editions(client, rankings, django_assert_num_queries):
    with django_assert_num_queries(4):
        text = client.get(f"/en/rankings/{WUR}/").content.decode()
    assert "<h1>THE World University Rankings</h1>" in text
    assert text.index("THE World University Rankings 2021") < text.index(
        "THE World University Rankings 2020"
    )
    national = client.get("/en/rankings/letudiant/").content.decode()
    assert "national ranking (France)" in national
    assert client.get("/en/rankings/nope/").status_code == 404


def test_an_edition_under_embargo_is_seen_by_staff_only(client, admin_client, rankings):
    edition = rankings.editions.get(year=2021)
    edition.published_at = timezone.now() + datetime.timedelta(days=3)
    edition.save()
    url = reverse("rankings:ranking_edition", kwargs={"slug": WUR, "year": 2021})
    subject_url = f"/en/rankings/{WUR}/2021/computer-science/"
    assert client.get(url).status_code == 404
    assert client.get(subject_url).status_code == 404
    assert f"/rankings/{WUR}/2021/" not in client.get("/en/rankings/").content.decode()
    school = client.get("/en/schools/imt-atlantique/").content.decode()
    assert "151–175" not in school
    assert admin_client.get(url).status_code == 200
    assert admin_client.get(subject_url).status_code == 200


@pytest.mark.parametrize("language", ["en", "fr"])
def test_a_school_page_shows_every_ranking_with_a_chart_each(
    client, rankings, language, django_assert_num_queries
):
    with django_assert_num_queries(5):  # THE Impact's four, and the subject tables
        text = client.get(f"/{language}/schools/imt-atlantique/").content.decode()
    wur_name = {"en": "THE World University Rankings", "fr": "Classement mondial"}[language]
    assert wur_name in text
    assert "L&#x27;Étudiant engineering schools" in text
    assert text.count("<svg") == 3  # THE Impact, WUR, L'Étudiant
    assert 'id="chart-title"' in text
    assert f'id="chart-{WUR}"' in text
    assert 'id="chart-letudiant"' in text
    assert f'href="/{language}/rankings/{WUR}/2021/computer-science/">151–175</a>' in text
    assert f'href="/{language}/rankings/letudiant/2020/">2020</a>' in text


def test_a_school_only_in_another_ranking_has_a_page(client, rankings):
    school = SchoolFactory(name="Mines Saint-Étienne")
    ResultFactory(edition=rankings.editions.get(year=2021), school=school, rank="601-800")
    text = client.get(school.get_absolute_url()).content.decode()
    assert "601–800" in text
    assert "no result in any edition yet" not in text


def test_the_sitemap_lists_every_ranking_s_pages(client, rankings):
    text = client.get("/sitemap.xml").content.decode()
    for path in (
        f"/en/rankings/{WUR}/",
        f"/en/rankings/{WUR}/2021/",
        f"/fr/rankings/{WUR}/2021/computer-science/",
        "/en/rankings/letudiant/2019/",
        "/en/rankings/2021/",
    ):
        assert f"{path}</loc>" in text or f'href="http://testserver{path}"' in text, path
    assert f"/en/rankings/{WUR}/2021/sdg" not in text
    assert Result.objects.count() == 7

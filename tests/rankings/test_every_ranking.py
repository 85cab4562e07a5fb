"""Every ranking the office publishes about: a ranking's names and scope, its subject tables,
`manage.py add_ranking` and the same in the admin."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, transaction
from django.utils import translation

from rankings.models import Ranking, SubjectResult
from rankings.ranks import Rank
from schools.models import School
from tests.conftest import admin_url
from tests.factories import (
    EditionFactory,
    GroupFactory,
    RankingFactory,
    ResultFactory,
    SchoolFactory,
    SubjectFactory,
    SubjectResultFactory,
)

pytestmark = pytest.mark.django_db


# --- The ranking -----------------------------------------------------------------------------
def test_a_national_ranking_needs_its_country_and_a_world_one_has_none():
    with transaction.atomic(), pytest.raises(IntegrityError):
        RankingFactory(slug="letudiant", name="L'Étudiant", scope="national", country="")
    with transaction.atomic(), pytest.raises(IntegrityError):
        RankingFactory(slug="the-world", name="THE World", scope="world", country="FR")
    national = RankingFactory(slug="letudiant", name="L'Étudiant", scope="national", country="FR")
    assert national.is_national
    assert not national.is_impact


def test_a_ranking_slug_is_never_a_year():
    # /rankings/2021/ is THE Impact's 2021 edition: a ranking cannot take that address.
    with transaction.atomic(), pytest.raises(IntegrityError):
        RankingFactory(slug="2021", name="Numbers")


def test_a_ranking_has_an_english_and_a_french_name():
    ranking = RankingFactory(slug="the-world", name_en="THE World University Rankings")
    ranking.name_fr = "Classement mondial des universités THE"
    ranking.save()
    with translation.override("fr"):
        assert (
            str(Ranking.objects.get(slug="the-world")) == "Classement mondial des universités THE"
        )
    with translation.override("en"):
        assert str(Ranking.objects.get(slug="the-world")) == "THE World University Rankings"


@pytest.mark.parametrize(
    ("text", "low", "high", "shown"),
    [
        ("201–250", 201, 250, "201–250"),  # THE World University Rankings' bands of 50
        ("151-175", 151, 175, "151–175"),  # THE by subject: bands of 25
        ("1201+", 1201, None, "1201+"),
        ("167", 167, 167, "167"),  # a national ranking's exact positions past 100
    ],
)
def test_every_ranking_s_positions_are_ranks(text, low, high, shown):
    rank = Rank.parse(text)
    assert (rank.low, rank.high, str(rank)) == (low, high, shown)
    entry = SubjectResultFactory(rank=text)
    entry.refresh_from_db()
    assert entry.rank == rank
    assert str(entry.rank) == shown


# --- Subjects --------------------------------------------------------------------------------
def test_a_subject_s_name_is_matched_and_addressed_whatever_its_spelling():
    subject = SubjectFactory(name="Computer Science", slug="")
    assert (subject.slug, subject.name_key) == ("computer-science", "computer science")
    with transaction.atomic(), pytest.raises(IntegrityError):
        SubjectFactory(ranking=subject.ranking, name="computer science", slug="cs")


def test_two_rankings_may_have_a_subject_of_the_same_name():
    first = SubjectFactory(name="Engineering")
    other = RankingFactory(slug="arwu-subjects", name="Shanghai subjects")
    second = SubjectFactory(ranking=other, name="Engineering")
    assert first.slug == second.slug
    assert first.ranking != second.ranking


def test_a_result_has_one_position_per_subject():
    entry = SubjectResultFactory()
    with transaction.atomic(), pytest.raises(IntegrityError):
        SubjectResult.objects.create(result=entry.result, subject=entry.subject, rank_low=3)
    assert entry.result.subject_results.get().subject.name == "Computer science"


def test_a_subject_with_results_cannot_be_deleted():
    entry = SubjectResultFactory()
    from django.db.models import ProtectedError

    with pytest.raises(ProtectedError):
        entry.subject.delete()


# --- manage.py add_ranking -------------------------------------------------------------------
def test_add_ranking_adds_a_world_ranking(capsys):
    call_command("add_ranking", "the-world-rankings", "--name", "THE World University Rankings")
    ranking = Ranking.objects.get(slug="the-world-rankings")
    assert (ranking.name_en, ranking.scope, ranking.country) == (
        "THE World University Rankings",
        "world",
        "",
    )
    assert "the-world-rankings: world" in capsys.readouterr().out


def test_add_ranking_with_a_country_adds_a_national_ranking_with_its_french_name():
    call_command(
        "add_ranking",
        "letudiant-engineering",
        "--name",
        "L'Étudiant engineering schools",
        "--name-fr",
        "Palmarès des écoles d'ingénieurs L'Étudiant",
        "--country",
        "fr",
    )
    ranking = Ranking.objects.get(slug="letudiant-engineering")
    assert ranking.is_national
    assert ranking.country.code == "FR"
    with translation.override("fr"):
        assert ranking.name == "Palmarès des écoles d'ingénieurs L'Étudiant"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["the-impact-rankings", "--name", "Again"], "already exists"),
        (["2021", "--name", "A year"], "needs a letter"),
        (["not a slug", "--name", "Spaces"], "slug"),
        (["national", "--name", "Somewhere", "--country", "ZZ"], "country"),
    ],
)
def test_add_ranking_refuses_what_cannot_be_a_ranking(args, message):
    RankingFactory()
    with pytest.raises(CommandError, match=message):
        call_command("add_ranking", *args)
    assert Ranking.objects.count() == 1


# --- The admin -------------------------------------------------------------------------------
def ranking_form(**values):
    data = {
        "name_en": "L'Étudiant engineering schools",
        "name_fr": "Palmarès L'Étudiant des écoles d'ingénieurs",
        "slug": "letudiant",
        "publisher": "L'Étudiant",
        "url": "",
        "scope": "national",
        "country": "FR",
        "description_en": "",
        "description_fr": "",
        "subjects-TOTAL_FORMS": "1",
        "subjects-INITIAL_FORMS": "0",
        "subjects-MIN_NUM_FORMS": "0",
        "subjects-MAX_NUM_FORMS": "1000",
        "subjects-0-name_en": "",
        "subjects-0-name_fr": "",
        "subjects-0-slug": "",
    }
    return data | values


def test_an_editor_adds_a_national_ranking_with_a_subject_in_the_admin(admin_client):
    data = ranking_form(
        **{
            "subjects-0-name_en": "Computer science",
            "subjects-0-name_fr": "Informatique",
            "subjects-0-slug": "computer-science",
        }
    )
    response = admin_client.post(admin_url(Ranking, "add"), data)
    assert response.status_code == 302, response.context["adminform"].errors
    ranking = Ranking.objects.get(slug="letudiant")
    assert ranking.is_national
    subject = ranking.subjects.get()
    assert (subject.name_en, subject.name_fr, subject.name_key) == (
        "Computer science",
        "Informatique",
        "computer science",
    )


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_admin_says_a_national_ranking_needs_a_country(admin_client, language):
    response = admin_client.post(
        admin_url(Ranking, "add"), ranking_form(country=""), HTTP_ACCEPT_LANGUAGE=language
    )
    assert response.status_code == 200
    expected = {
        "en": "A national ranking has a country; a world ranking has none.",
        "fr": "Un classement national a un pays ; un classement mondial n’en a pas.",
    }[language]
    assert expected in response.content.decode().replace("\u00a0", " ")
    assert not Ranking.objects.filter(slug="letudiant").exists()


def test_a_result_of_another_ranking_is_edited_with_its_subjects(admin_client):
    entry = SubjectResultFactory()
    SubjectFactory(ranking=RankingFactory(slug="elsewhere", name="Elsewhere"), name="Law")
    impact = ResultFactory(edition=EditionFactory(year=2021))
    page = admin_client.get(admin_url(type(entry.result), "change", entry.result.pk))
    text = page.content.decode()
    assert "subject_results-0-subject" in text
    assert "sdg_results-" not in text
    choices = page.context["inline_admin_formsets"][0].formset.forms[0].fields["subject"].queryset
    assert list(choices) == [entry.subject]
    impact_page = admin_client.get(admin_url(type(impact), "change", impact.pk)).content.decode()
    assert "sdg_results-" in impact_page
    assert "subject_results-" not in impact_page


# --- The press release of another ranking (its wording comes later) -------------------------
@pytest.mark.parametrize("language", ["en", "fr"])
def test_press_release_of_another_ranking_does_not_crash(language):

    group = GroupFactory(name="Institut Mines-Télécom", short_name="IMT", slug="imt")
    school = SchoolFactory(name="IMT Atlantique", group=group, kind=School.Kind.MEMBER)
    subject = SubjectFactory(ranking=RankingFactory(slug="the-world", name="THE World"))
    for year, rank in ((2020, "401-500"), (2021, "351-400")):
        result = ResultFactory(
            edition=EditionFactory(ranking=subject.ranking, year=year),
            school=school,
            rank=rank,
            national_rank=10,
        )
    SubjectResult.objects.create(result=result, subject=subject, rank_low=151, rank_high=175)
    EditionFactory(year=2021)  # THE Impact has a 2021 edition too
    out = io.StringIO()
    call_command(
        "press_release",
        "--edition",
        "2021",
        "--group",
        "imt",
        "--lang",
        language,
        "--ranking",
        "the-world",
        stdout=out,
    )
    # The wording for rankings other than THE Impact comes with the release writer's work.
    assert "IMT Atlantique" in out.getvalue()

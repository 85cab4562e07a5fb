"""The demo data (rankings/demo.py): every fact of the 2021 press release follows from it.

One test per fact of BRIEF.md's "Facts of the 2021 release", each asking the models the way a
page or the release writer would; then the group, the contact, and how `loaddemo` behaves when
run again.
"""

import pytest
from django.core.management import call_command
from django.utils import timezone, translation

from rankings import demo as demo_data
from rankings.demo import ABOUT_FR, load_demo
from rankings.models import Edition, EditionCountry, Ranking, Result, SDGResult
from rankings.ranks import Movement, Rank, movement
from schools.models import Group, KeyFigure, PressContact, School
from tests.factories import ResultFactory, SchoolFactory

pytestmark = pytest.mark.usefixtures("demo")

ATLANTIQUE = "imt-atlantique"
ALES = "imt-mines-ales"
SAINT_ETIENNE = "mines-saint-etienne"
BUSINESS_SCHOOL = "institut-mines-telecom-business-school"


def edition(year):
    return Edition.objects.get(ranking__slug="the-impact-rankings", year=year)


def result(slug, year):
    return Result.objects.filter(school__slug=slug, edition=edition(year)).first()


def sdg_ranks(slug, year):
    return {
        sdg_result.sdg_id: sdg_result
        for sdg_result in SDGResult.objects.filter(result=result(slug, year))
    }


def overall_movement(slug):
    before, now = result(slug, 2020), result(slug, 2021)
    return movement(before.rank if before else None, now.rank if now else None)


def imt():
    return Group.objects.get(slug="imt")


# --- IMT Atlantique -----------------------------------------------------------------------


def test_imt_atlantique_moved_up_from_301_400_to_101_200():
    assert result(ATLANTIQUE, 2020).rank == Rank.parse("301-400")
    assert result(ATLANTIQUE, 2021).rank == Rank.parse("101-200")
    assert overall_movement(ATLANTIQUE) is Movement.UP


def test_imt_atlantique_is_first_among_french_institutions():
    french = Result.objects.for_edition(edition(2021)).in_country("FR").ranked().by_rank()
    assert french.first().school.slug == ATLANTIQUE
    assert result(ATLANTIQUE, 2021).national_rank == 1


def test_imt_atlantique_is_ranked_in_all_17_sdgs():
    counted = Result.objects.with_sdg_count().get(pk=result(ATLANTIQUE, 2021).pk)
    assert counted.sdg_count == 17
    assert sorted(sdg_ranks(ATLANTIQUE, 2021)) == list(range(1, 18))


def test_imt_atlantique_is_in_the_world_top_100_in_two_sdgs():
    top_100 = [n for n, entry in sdg_ranks(ATLANTIQUE, 2021).items() if entry.within_top(100)]
    assert top_100 == [7, 13]


# --- IMT Mines Alès -------------------------------------------------------------------------


def test_ales_kept_its_position_in_301_400():
    assert result(ALES, 2020).rank == result(ALES, 2021).rank == Rank.parse("301–400")
    assert overall_movement(ALES) is Movement.SAME


def test_ales_is_in_the_top_400_overall():
    assert result(ALES, 2021).within_top(400)
    assert not result(ALES, 2021).within_top(300)


def test_ales_is_ranked_in_16_of_17_sdgs():
    ranked = sdg_ranks(ALES, 2021)
    assert len(ranked) == 16
    assert set(range(1, 18)) - set(ranked) == {14}


def test_ales_top_200_in_7_sdgs_and_top_300_in_4_more():
    entries = sdg_ranks(ALES, 2021).values()
    # Each SDG counts once, in its best bracket: a top-200 SDG is not also one of the "4 more".
    top_200 = [entry for entry in entries if entry.within_top(200)]
    top_300_more = [
        entry for entry in entries if entry.within_top(300) and not entry.within_top(200)
    ]
    assert len(top_200) == 7
    assert len(top_300_more) == 4


def test_ales_is_first_among_french_institutions_in_two_sdgs():
    first = [n for n, entry in sdg_ranks(ALES, 2021).items() if entry.national_rank == 1]
    assert first == [2, 15]


# --- Mines Saint-Étienne --------------------------------------------------------------------


def test_saint_etienne_is_in_401_600():
    assert str(result(SAINT_ETIENNE, 2021).rank) == "401–600"


def test_saint_etienne_is_world_top_200_in_sustainable_cities_and_responsible_consumption():
    top_200 = [
        entry.sdg for entry in sdg_ranks(SAINT_ETIENNE, 2021).values() if entry.within_top(200)
    ]
    assert [sdg.number for sdg in top_200] == [11, 12]
    assert [sdg.name_en for sdg in top_200] == [
        "Sustainable cities and communities",
        "Responsible consumption and production",
    ]


def test_saint_etienne_is_nowhere_else_better_than_301_and_never_first_in_france():
    others = [entry for n, entry in sdg_ranks(SAINT_ETIENNE, 2021).items() if n not in (11, 12)]
    assert others
    assert not any(entry.within_top(300) for entry in others)
    assert all(entry.national_rank > 1 for entry in sdg_ranks(SAINT_ETIENNE, 2021).values())


# --- Institut Mines-Télécom Business School -------------------------------------------------


def test_business_school_is_a_new_entry_in_601_800():
    assert result(BUSINESS_SCHOOL, 2020) is None
    assert str(result(BUSINESS_SCHOOL, 2021).rank) == "601–800"
    assert overall_movement(BUSINESS_SCHOOL) is Movement.NEW


def test_business_school_is_ranked_in_5_of_17_sdgs():
    counted = Result.objects.with_sdg_count().get(pk=result(BUSINESS_SCHOOL, 2021).pk)
    assert counted.sdg_count == 5


def test_business_school_stands_out_in_sdg_10_reduced_inequalities_in_101_200():
    entries = sdg_ranks(BUSINESS_SCHOOL, 2021)
    assert str(entries[10].rank) == "101–200"
    assert entries[10].sdg.name_en == "Reduced inequalities"
    assert [n for n, entry in entries.items() if entry.within_top(200)] == [10]


def test_business_school_is_the_fourth_group_school_to_join():
    in_2021 = set(
        Result.objects.for_edition(edition(2021))
        .in_group(imt())
        .values_list("school__slug", flat=True)
    )
    in_2020 = set(
        Result.objects.for_edition(edition(2020))
        .in_group(imt())
        .values_list("school__slug", flat=True)
    )
    assert in_2021 - in_2020 == {BUSINESS_SCHOOL}
    assert len(in_2020) == 3


# --- The group among French institutions ----------------------------------------------------


def test_four_group_schools_among_18_french_ranked():
    french_count = EditionCountry.objects.get(edition=edition(2021), country="FR")
    group_results = Result.objects.for_edition(edition(2021)).in_group(imt()).in_country("FR")
    assert french_count.institutions_ranked == 18
    assert group_results.ranked().count() == 4
    assert all(r.national_rank <= 18 for r in group_results)


def test_imt_atlantique_leads_the_group_schools():
    group_results = Result.objects.for_edition(edition(2021)).in_group(imt()).ranked().by_rank()
    assert [r.school.slug for r in group_results] == [
        ATLANTIQUE,
        ALES,
        SAINT_ETIENNE,
        BUSINESS_SCHOOL,
    ]


def test_group_schools_improved_or_kept_their_position():
    movements = {
        slug: overall_movement(slug)
        for slug in Result.objects.for_edition(edition(2021))
        .in_group(imt())
        .values_list("school__slug", flat=True)
    }
    assert movements == {
        ATLANTIQUE: Movement.UP,
        ALES: Movement.SAME,
        SAINT_ETIENNE: Movement.SAME,
        BUSINESS_SCHOOL: Movement.NEW,
    }


def test_editions_ranked_776_then_1115_institutions():
    assert edition(2020).institutions_ranked == 776
    assert edition(2021).institutions_ranked == 1115
    assert edition(2021).previous() == edition(2020)


def test_national_ranks_agree_with_world_ranks_in_every_table():
    """A school better placed in the world is never placed lower among the French."""
    tables = {}
    for entry in SDGResult.objects.for_edition(edition(2021)).in_country("FR"):
        tables.setdefault(entry.sdg_id, []).append(entry)
    tables["overall"] = list(Result.objects.for_edition(edition(2021)).in_country("FR"))
    for entries in tables.values():
        for a in entries:
            for b in entries:
                if a.rank < b.rank:
                    assert a.national_rank < b.national_rank, (a, b)


# --- The ranking, the group and the press contact -------------------------------------------


def test_ranking_is_the_impact_rankings_by_times_higher_education():
    ranking = Ranking.objects.get(slug="the-impact-rankings")
    assert ranking.name == "THE Impact Rankings"
    assert ranking.publisher == "Times Higher Education"
    assert ranking.url == "https://www.timeshighereducation.com/impactrankings"
    assert "contribution of higher education and research institutions" in ranking.description_en
    assert "17 Sustainable Development Goals" in ranking.description_en
    assert "17 Objectifs de développement durable" in ranking.description_fr


def test_editions_have_their_publication_dates():
    assert str(timezone.localtime(edition(2020).published_at)) == "2020-04-22 00:00:00+02:00"
    assert str(timezone.localtime(edition(2021).published_at)) == "2021-04-21 00:00:00+02:00"


def test_group_has_8_member_and_2_subsidiary_schools_in_france():
    schools = School.objects.in_group(imt())
    assert schools.of_kind(School.Kind.MEMBER).count() == 8
    assert set(schools.of_kind(School.Kind.SUBSIDIARY).values_list("name", flat=True)) == {
        "EURECOM",
        "InSIC",
    }
    assert schools.in_country("FR").count() == 10
    assert all(school.city and school.website.startswith("https://") for school in schools)


def test_school_slugs_are_the_slugified_names():
    slugs = set(School.objects.in_group(imt()).values_list("slug", flat=True))
    assert {ATLANTIQUE, ALES, SAINT_ETIENNE, BUSINESS_SCHOOL, "telecom-paris", "eurecom"} <= slugs
    assert len(slugs) == 10


def test_group_identity_and_social_handle():
    group = imt()
    assert (group.name, group.short_name, str(group)) == ("Institut Mines-Télécom", "IMT", "IMT")
    assert group.website == "https://www.imt.fr"
    assert (group.social_handle, group.social_url) == ("IMTFrance", "https://twitter.com/IMTFrance")


def test_about_text_is_the_release_text_in_french_and_translated_in_english():
    group = imt()
    assert group.about_fr == ABOUT_FR
    assert group.about_fr.startswith("Placé sous la tutelle du Ministère en charge de l'économie")
    assert group.about_fr.endswith("ses incubateurs accueillent une centaine de start-ups.")
    assert group.about_en.startswith("Under the supervision of the French Ministry")
    assert "13,000 students" in group.about_en
    with translation.override("fr"):
        assert imt().about == ABOUT_FR


def test_french_about_text_writes_the_century_as_the_project_writes_ordinals():
    # The source's markdown caret ("XXI^e") would show on the pages and in the PDF.
    assert "^" not in imt().about_fr
    assert "du XXIe siècle" in imt().about_fr


def test_key_figures_in_english_and_french():
    figures = KeyFigure.objects.filter(group=imt())
    assert [str(figure) for figure in figures] == [
        "more than 13,000 students a year",
        "nearly 70 million euros of research contracts",
        "about 100 start-ups in its incubators",
    ]
    with translation.override("fr"):
        assert [str(figure) for figure in KeyFigure.objects.filter(group=imt())] == [
            "plus de 13\u00a0000 étudiants par an",
            "près de 70 millions d’euros de contrats de recherche",
            "une centaine de start-ups dans ses incubateurs",
        ]


def test_press_contact_is_severine_picault():
    contact = PressContact.objects.get(group=imt())
    assert contact.name == "Séverine Picault"
    assert contact.organisation == "Institut Mines-Télécom"
    assert (contact.role_en, contact.role_fr) == ("Press officer", "Attachée de presse")
    assert contact.email == "severine.picault@imt.fr"
    assert [phone.number for phone in contact.phones.all()] == [
        "+33 (0) 6 27 66 05 09",
        "+33 (0) 1 75 31 40 97",
    ]
    assert contact.phones.first().tel_uri == "tel:+33627660509"


# --- Running loaddemo again -----------------------------------------------------------------

DEMO_MODELS = [Ranking, Group, KeyFigure, School, PressContact, Edition, EditionCountry, Result]


def snapshot():
    """Every row the demo touches, as plain values, so two runs can be compared."""
    rows = {model.__name__: list(model.objects.order_by("pk").values()) for model in DEMO_MODELS}
    rows["SDGResult"] = list(SDGResult.objects.order_by("pk").values())
    rows["PhoneNumber"] = list(
        PressContact.objects.get().phones.order_by("pk").values("pk", "number", "order")
    )
    return rows


def test_loading_twice_changes_nothing_and_creates_no_duplicates():
    before = snapshot()
    assert sum(len(rows) for rows in before.values()) == 89
    summary = load_demo()
    assert (summary.created, summary.updated, summary.kept) == (0, 0, 0)
    assert snapshot() == before


def test_command_says_what_it_did_and_reset_restores_edits(capsys):
    call_command("loaddemo")
    assert "Demo data: 0 created, 0 updated, 89 unchanged." in capsys.readouterr().out

    Group.objects.filter(slug="imt").update(short_name="I.M.T.")
    call_command("loaddemo")
    assert (
        "1 differing from the demo kept as they are (--reset restores)" in capsys.readouterr().out
    )
    assert imt().short_name == "I.M.T."

    call_command("loaddemo", "--reset")
    assert "Demo data: 0 created, 1 updated, 88 unchanged." in capsys.readouterr().out
    assert imt().short_name == "IMT"


def test_reloading_keeps_an_editors_changes_and_reset_restores_them():
    group = imt()
    group.website = "https://www.imt.fr/en/"
    group.save()
    Result.objects.filter(pk=result(ALES, 2021).pk).update(rank_low=201, rank_high=300)

    summary = load_demo()
    assert summary.kept == 2
    assert imt().website == "https://www.imt.fr/en/"
    assert str(result(ALES, 2021).rank) == "201–300"

    summary = load_demo(reset=True)
    assert summary.updated == 2
    assert imt().website == "https://www.imt.fr"
    assert str(result(ALES, 2021).rank) == "301–400"


def test_reloading_fills_in_what_was_deleted_or_emptied():
    PressContact.objects.get().phones.last().delete()
    SDGResult.objects.filter(result=result(ATLANTIQUE, 2021), sdg=7).delete()
    Group.objects.filter(slug="imt").update(about_fr="")

    load_demo()

    assert PressContact.objects.get().phones.count() == 2
    assert str(sdg_ranks(ATLANTIQUE, 2021)[7].rank) == "78"
    assert imt().about_fr == ABOUT_FR


def test_reloading_leaves_unrelated_data_alone():
    other = ResultFactory(edition=edition(2021), school=SchoolFactory(name="Université de Lille"))
    load_demo(reset=True)
    other.refresh_from_db()
    assert str(other.rank) == "101–200"
    assert other.school.group is None


def test_a_school_an_import_created_outside_the_group_joins_it(db):
    School.objects.filter(slug=ALES).delete()
    imported = SchoolFactory(name="IMT MINES ALES", slug="imt-mines-ales-2", group=None)

    load_demo()

    imported.refresh_from_db()
    assert (imported.group, imported.kind) == (imt(), School.Kind.MEMBER)
    assert School.objects.filter(name_key="imt mines ales").count() == 1
    assert result(imported.slug, 2021).rank == Rank.parse("301–400")


def test_a_failure_half_way_leaves_the_database_as_it_was(monkeypatch):
    School.objects.filter(slug=BUSINESS_SCHOOL).delete()
    Group.objects.filter(slug="imt").update(website="")
    before = snapshot()
    bad = {**demo_data.RESULTS[2021], ALES: demo_data.DemoResult(demo_data.Entry("400–300"), {})}
    monkeypatch.setitem(demo_data.RESULTS, 2021, bad)

    with pytest.raises(ValueError, match="reversed"):
        load_demo()

    assert snapshot() == before


def test_reloading_reads_each_demo_row_once(django_assert_num_queries):
    # 89 rows, one read each, plus the SDGs, and the savepoint pair of the transaction
    # (the test already runs inside one).
    with django_assert_num_queries(89 + 1 + 2):
        load_demo()
